"""Bytes to text: BOMs, declared or detected encodings, binary sniffing, newline normalisation."""

from __future__ import annotations

import codecs
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
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError(Errors.S005.format(reason="no encoding fits the bytes"))
    try:
        return normalise_newlines(data.decode(best.encoding)), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(Errors.S005.format(reason=f"{best.encoding}: {exc}")) from exc


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
