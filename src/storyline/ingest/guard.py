"""One record of a container (a JSONL line, a feed item, a WARC record) that breaks a reader
costs that record only: the error names it and the reader goes on with the next one."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadResult

LOGGER = logging.getLogger(__name__)


def guarded_record(results: Iterator[ReadResult], where: str) -> Iterator[ReadResult]:
    """The results of one record, or one S015 error naming `where` if reading it raised.
    Results are gathered first, so a record never yields half its articles."""
    try:
        gathered = list(results)
    except Exception as exc:
        LOGGER.debug("reading %s failed", where, exc_info=True)
        gathered = [ReadError(where, Errors.S015.format(reason=f"{type(exc).__name__}: {exc}"))]
    yield from gathered


__all__ = ["guarded_record"]
