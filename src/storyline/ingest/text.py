"""Plain-text articles: decoded, newlines normalised, the text kept as read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.decode import DecodeError, decode_text
from storyline.model import Article


@readers.register("storyline.text_reader.v1")
def read_text(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        text, _encoding = decode_text(data)
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    article = text_article(text, source, input_format="text")
    if article is None:
        yield ReadError(source, Errors.S012)
    else:
        yield article


def text_article(text: str, source: str, **metadata: str | None) -> Article | None:
    """An article from already-decoded text, or None when there is no text at all.

    The text is kept whole: which line is the headline is the cleaner's call, made after it has
    told page furniture (cookie notices, breadcrumbs) from the article.
    """
    text = tidy_text(text)
    if not text:
        return None
    return Article.create(source=source, text=text, **metadata)


def tidy_text(text: str) -> str:
    """Strip trailing spaces, collapse runs of blank lines, drop zero-width characters."""
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
