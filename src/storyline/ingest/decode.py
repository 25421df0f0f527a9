"""Bytes to text: BOMs, declared or detected encodings, binary sniffing, newline normalisation."""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes

from storyline.errors import Errors

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never appear in text files (tab, LF, FF, CR and ESC excluded).
_CONTROL = bytes(range(0, 9)) + bytes([11]) + bytes(range(14, 27)) + bytes(range(28, 32))


# Single-byte Latin-script code pages that charset-normalizer confuses with windows-1252.
_LATIN_CODE_PAGES = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_2",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_15",
        "iso8859_16",
        "mac_latin2",
        "mac_roman",
        "mac_iceland",
        "mac_turkish",
        "cp775",
        "cp850",
        "cp852",
    }
)
# Central European letters read as windows-1252 turn into symbols inside words ("³" for "ł",
# "¹" for "ą", "¿" for "ż") or into an "ì" inside a word (Czech "ě"; Italian "ì" ends words).
_LETTER = r"[^\W\d_]"
_CENTRAL_EUROPEAN_IN_CP1252 = re.compile(
    rf"(?<={_LETTER})[¹³¿¾¼¥ªºŸœŒ£]|[¹³¿¾¼¥ªºŸœŒ£](?={_LETTER})|ì(?={_LETTER})"
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust; `str()` is a coded message."""


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks binary, or None. BOM-marked UTF-16/32 text is not binary."""
    if not data or bom_encoding(data):
        return None
    head = data[:8192]
    if b"\x00" in head:
        return "NUL bytes"
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    if controls / len(head) > 0.05:
        return f"{controls} control bytes in the first {len(head)}"
    return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text and the encoding used. Raises DecodeError with a coded reason when it cannot."""
    encoding = bom_encoding(data)
    if encoding:
        text = data[len(_bom_for(encoding)) :].decode(encoding, errors="replace")
        return normalise_newlines(text), encoding
    reason = binary_reason(data)
    if reason:
        raise DecodeError(Errors.S003.format(detail=reason))
    for candidate in (declared, "utf-8"):
        if not candidate:
            continue
        try:
            return normalise_newlines(data.decode(candidate)), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    encoding = guess_encoding(data)
    if encoding is None:
        raise DecodeError(Errors.S005.format(reason="no encoding fits the bytes"))
    try:
        return normalise_newlines(data.decode(encoding)), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(Errors.S005.format(reason=f"{encoding}: {exc}")) from exc


def guess_encoding(data: bytes) -> str | None:
    """The encoding of undeclared, non-UTF-8 text. charset-normalizer ranks the Latin code
    pages (windows-1250/1252, Mac, ISO 8859) that fit Western European text about equally and
    often picks the wrong one ("é" read as "ť", "€" as "Ä"). Among those, windows-1252 (the
    web's default for undeclared Latin text) is taken, unless the text read that way shows
    the marks of Central European text, which is then read as windows-1250. Other scripts
    (Cyrillic, Greek, CJK...) keep charset-normalizer's answer."""
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    if best.encoding not in _LATIN_CODE_PAGES or not _decodes(data, "cp1252"):
        return str(best.encoding)
    if _CENTRAL_EUROPEAN_IN_CP1252.search(data[:200_000].decode("cp1252")):
        return "cp1250" if _decodes(data, "cp1250") else str(best.encoding)
    return "cp1252"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _bom_for(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data up to `limit` bytes; DecodeError on truncation or corruption."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as exc:
        raise DecodeError(Errors.S010.format(reason=str(exc))) from exc
    if len(out) > limit:
        raise DecodeError(Errors.S004.format(size=f"more than {limit}", limit=limit))
    if not decompressor.eof:
        raise DecodeError(Errors.S010.format(reason="gzip stream ends early"))
    return out


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


__all__ = [
    "DecodeError",
    "binary_reason",
    "bom_encoding",
    "decode_text",
    "gunzip",
    "is_gzip",
    "normalise_newlines",
]
