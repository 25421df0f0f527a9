"""What every reader shares: its signature, its context and its result type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from storyline.errors import ReadError
from storyline.model import Article
from storyline.registry import Registry
from storyline.settings import Settings, load_settings

ReadResult = Article | ReadError


@dataclass
class ReadContext:
    """Options every reader gets. `fetch_links`: follow feed/JSONL links to fetch their pages."""

    settings: Settings = field(default_factory=load_settings)
    fetch_links: bool = False
    allow_private: bool = False


# A reader turns the bytes of one input into articles, or errors naming what went wrong.
Reader = Callable[[bytes, str, ReadContext], Iterator[ReadResult]]
readers: Registry[Reader] = Registry("reader")

READER_FOR_KIND = {
    "text": "storyline.text_reader.v1",
    "html": "storyline.html_reader.v1",
    "jsonl": "storyline.jsonl_reader.v1",
    "feed": "storyline.feed_reader.v1",
    "warc": "storyline.warc_reader.v1",
}
