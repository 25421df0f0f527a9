"""Readers for every input kind, and the dispatcher that picks one per input.

`read_inputs(["folder", "page.html", "https://..."], ctx)` yields an `Article` or a `ReadError`
per article found; a bad input yields one error naming it and the batch goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import Errors, ReadError
from storyline.ingest import feeds as _feeds  # noqa: F401  (each registers its reader)
from storyline.ingest import html as _html  # noqa: F401
from storyline.ingest import jsonl as _jsonl  # noqa: F401
from storyline.ingest import text as _text  # noqa: F401
from storyline.ingest.base import READER_FOR_KIND, ReadContext, ReadResult, readers
from storyline.ingest.decode import DecodeError, gunzip, is_gzip
from storyline.ingest.fetch import fetch_url, read_fetched
from storyline.ingest.sniff import WARC_NAMES, sniff_kind
from storyline.ingest.warc import read_warc_stream

LOGGER = logging.getLogger(__name__)

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Files a folder walk leaves alone: project paperwork, not articles. Named files are always read.
_SKIPPED_IN_FOLDERS = ("readme", "license", "licence", "copying", "changelog", ".")


def read_inputs(inputs: Iterable[str], ctx: ReadContext | None = None) -> Iterator[ReadResult]:
    ctx = ctx or ReadContext()
    for item in inputs:
        if item.lower().startswith(("http://", "https://")):
            yield from read_url(item, ctx)
        elif _URL_SCHEME.match(item):
            reason = "only http(s) URLs are fetched; save the file and pass its path"
            yield ReadError(item, Errors.S015.format(reason=reason))
        else:
            yield from read_path(Path(item), ctx)


def read_path(path: Path, ctx: ReadContext) -> Iterator[ReadResult]:
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            relative = child.relative_to(path)
            if any(part.lower().startswith(_SKIPPED_IN_FOLDERS) for part in relative.parts):
                continue
            yield from read_file(child, ctx)
    elif path.exists():
        yield from read_file(path, ctx)
    else:
        yield ReadError(str(path), Errors.S001)


def read_file(path: Path, ctx: ReadContext) -> Iterator[ReadResult]:
    """Articles from one file. Its size is checked before its content is read (a WARC, read
    as a stream, may be of any size); an empty file is one error."""
    source = str(path)
    limit = int(ctx.settings.get("ingest.max_input_bytes"))
    try:
        size = path.stat().st_size
        if size == 0:
            yield ReadError(source, Errors.S012)
            return
        with path.open("rb") as handle:
            head = handle.read(16)
            if head.startswith(b"WARC/") or path.name.lower().endswith(WARC_NAMES):
                handle.seek(0)
                yield from _guarded(source, read_warc_stream(handle, source, ctx))
                return
            if size > limit:
                yield ReadError(source, Errors.S004.format(size=size, limit=limit))
                return
            data = head + handle.read()
    except OSError as exc:
        yield ReadError(source, Errors.S002.format(reason=exc.strerror or str(exc)))
        return
    yield from read_bytes(data, source, ctx, name=path.name)


def read_bytes(
    data: bytes, source: str, ctx: ReadContext, *, name: str = ""
) -> Iterator[ReadResult]:
    """Articles from the bytes of one input; gzip is undone first (WARC handles its own)."""
    if not data:
        yield ReadError(source, Errors.S012)
        return
    name = name or source
    if is_gzip(data) and not name.lower().endswith(".warc.gz"):
        try:
            data = gunzip(data, int(ctx.settings.get("ingest.max_input_bytes")))
        except DecodeError as exc:
            yield ReadError(source, str(exc))
            return
        name = name[:-3] if name.lower().endswith(".gz") else name
    kind = sniff_kind(name, data[:65536])
    reader = readers.get(READER_FOR_KIND[kind])
    yield from _guarded(source, reader(data, source, ctx))


def read_url(url: str, ctx: ReadContext) -> Iterator[ReadResult]:
    """Articles from one http(s) URL: a page, a feed, JSON Lines or a WARC."""
    fetched = fetch_url(url, ctx)
    if isinstance(fetched, ReadError):
        yield fetched
        return
    yield from _guarded(url, read_fetched(fetched, url, ctx))


def _guarded(source: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """A reader that breaks on some input costs that input, never the batch."""
    try:
        yield from results
    except Exception as exc:
        LOGGER.debug("reader failed on %s", source, exc_info=True)
        yield ReadError(source, Errors.S015.format(reason=f"{type(exc).__name__}: {exc}"))


__all__ = [
    "ReadContext",
    "ReadError",
    "ReadResult",
    "read_bytes",
    "read_file",
    "read_inputs",
    "read_path",
    "read_url",
]
