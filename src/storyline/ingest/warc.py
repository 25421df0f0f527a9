"""WARC and WARC.gz crawls (warcio): each successful HTML response becomes an article.

Only `response` records with a 2xx HTTP status and an HTML content type (and `resource`
records holding HTML) are read, with `url` = WARC-Target-URI; requests, metadata, revisits,
redirects and non-HTML responses are skipped without a word. A record over
`ingest.max_record_bytes` is skipped with one error. A file that ends early or breaks midway
keeps the articles read before the break and adds one error naming the file: S010 when the
gzip compression is cut or corrupt, S011 when the WARC structure is.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.decode import DecodeError, decode_text, is_gzip
from storyline.ingest.html import declared_charset, html_article
from storyline.ingest.sniff import HTML, sniff_kind
from storyline.model import Article

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff it), served again first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                out, self._head = self._head + self._rest.read(), b""
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._rest.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@readers.register("storyline.warc_reader.v1")
def read_warc(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    """The registered reader: WARC bytes (for inputs already in memory, such as a fetch)."""
    yield from read_warc_stream(io.BytesIO(data), source, ctx)


def read_warc_stream(stream: BinaryIO, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    """Articles from a WARC read as a stream, so a crawl larger than memory is fine."""
    head = stream.read(16)
    if not head:
        yield ReadError(source, Errors.S012)
        return
    compressed = is_gzip(head)
    if not compressed and not head.startswith((b"WARC/", b"filedesc:")):
        yield ReadError(source, Errors.S011.format(reason="it does not start with a WARC/ line"))
        return
    limit = int(ctx.settings.get("ingest.max_record_bytes"))
    read = 0
    cut_off = False
    try:
        for record in ArchiveIterator(_uncompressed(head, stream), check_digests=False):
            if _header_cut(record):
                cut_off = True
                break
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{source}#{uri}" if uri else source
            if _is_html_page(record):
                length = record.length or 0
                if length > limit:
                    yield ReadError(
                        where,
                        Errors.S018.format(
                            size=length, limit=limit, setting="ingest.max_record_bytes"
                        ),
                    )
                else:
                    result = _page_article(record, where, uri, ctx)
                    # A page cut off by the end of the file is not read as an article.
                    if result is not None and _complete(record):
                        read += isinstance(result, Article)
                        yield result
            if not _complete(record):
                cut_off = True
                break
    except _CutOff as exc:
        yield ReadError(source, Errors.S010.format(reason=f"{exc}, after {read} article(s)"))
        return
    except (ArchiveLoadFailed, ValueError, OSError) as exc:
        LOGGER.debug("WARC %s broke", source, exc_info=True)
        reason = f"{_describe(exc)}, after {read} article(s)"
        yield ReadError(source, Errors.S011.format(reason=reason))
        return
    if cut_off:
        code = Errors.S010 if compressed else Errors.S011
        reason = f"the file ends inside a record, after {read} article(s)"
        yield ReadError(source, code.format(reason=reason))


def _uncompressed(head: bytes, stream: BinaryIO) -> BinaryIO:
    """The WARC bytes. Gzip is undone here rather than by warcio, so that one gzip member per
    record and one member for the whole file both work, and a cut-off member raises."""
    whole: BinaryIO = io.BufferedReader(_Prefixed(head, stream))
    if is_gzip(head):
        return _Gunzipped(whole)  # type: ignore[return-value]
    return whole


class _CutOff(Exception):
    """The compressed stream ended early or is corrupt (not an EOFError, which warcio takes
    for a clean end of the archive)."""


class _Gunzipped:
    """Gzip undone incrementally (one member per record or one for the file). Every byte that
    decompresses is handed out before a cut or corrupt member is reported as `_CutOff`, so
    the records before the break are still read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._in_member = False
        self._buffer = bytearray()
        self._exhausted = False
        self._problem: str | None = None

    def read(self, size: int | None = -1) -> bytes:
        want = size if size is not None and size >= 0 else None
        while not self._exhausted and (want is None or len(self._buffer) < want):
            self._inflate_chunk(self._raw.read(_CHUNK))
        if not self._buffer and self._problem:
            raise _CutOff(self._problem)
        end = len(self._buffer) if want is None else want
        out = bytes(self._buffer[:end])
        del self._buffer[:end]
        return out

    def _inflate_chunk(self, chunk: bytes) -> None:
        if not chunk:
            self._exhausted = True
            if self._in_member:
                self._problem = "the gzip data ends early"
            return
        while chunk:
            try:
                self._buffer += self._inflate.decompress(chunk)
            except zlib.error as exc:
                self._exhausted, self._problem = True, f"corrupt gzip data ({exc})"
                return
            self._in_member = not self._inflate.eof
            if self._in_member:
                return
            chunk = self._inflate.unused_data
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            if chunk and not chunk.strip(b"\x00"):
                return  # zero padding after the last member, as some writers leave


def _header_cut(record: Any) -> bool:
    """A WARC record header without its Content-Length: the file ended inside the header."""
    return bool(
        str(record.format).startswith("warc")
        and record.rec_headers.get_header("Content-Length") is None
    )


def _is_html_page(record: Any) -> bool:
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return False
        status = headers.get_statuscode() or ""
        if not (status.isdigit() and 200 <= int(status) < 300):
            return False
        content_type = (headers.get_header("Content-Type") or "").lower()
    elif record.rec_type == "resource":
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    else:
        return False
    return content_type.startswith(_HTML_TYPES) or not content_type


def _page_article(record: Any, where: str, uri: str, ctx: ReadContext) -> ReadResult | None:
    payload = record.content_stream().read()
    try:
        return _payload_article(payload, record, where, uri, ctx)
    except Exception as exc:  # one page that breaks the extractor costs that page only
        LOGGER.debug("reading %s failed", where, exc_info=True)
        return ReadError(where, Errors.S015.format(reason=f"{type(exc).__name__}: {exc}"))


def _payload_article(
    payload: bytes, record: Any, where: str, uri: str, ctx: ReadContext
) -> ReadResult | None:
    if not payload.strip():
        return None
    content_type = _content_type(record)
    if not content_type and sniff_kind("", payload[:65536]) != HTML:
        return None
    try:
        markup, _ = decode_text(
            payload, declared=_charset(content_type) or declared_charset(payload)
        )
    except DecodeError as exc:
        return ReadError(where, str(exc))
    return html_article(markup, where, ctx, url=uri or None, input_format="warc")


def _complete(record: Any) -> bool:
    """Whether every byte the record's header announced was there (warcio itself reads a
    cut-off last record without complaint)."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return int(getattr(raw, "limit", 0)) <= 0


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return str(headers.get_header("Content-Type") or "") if headers is not None else ""


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


__all__ = ["read_warc", "read_warc_stream"]
