"""HTML pages: main text (paragraphs kept) and metadata with trafilatura and htmldate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.decode import DecodeError, decode_text
from storyline.ingest.text import tidy_text
from storyline.model import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|»)\s+")


@readers.register("storyline.html_reader.v1")
def read_html(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        markup, _ = decode_text(data, declared=declared_charset(data))
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    yield html_article(markup, source, ctx, input_format="html")


def declared_charset(data: bytes) -> str | None:
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def extract_page(markup: str, url: str | None = None) -> dict[str, Any] | None:
    """Body text and metadata of a page; None when trafilatura finds no main content."""
    try:
        document = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
        )
    except (ParserError, XMLSyntaxError, ValueError, TypeError):
        return None
    if document is None:
        return None
    result: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return result


def html_article(
    markup: str, source: str, ctx: ReadContext, *, url: str | None = None, **metadata: Any
) -> ReadResult:
    """An article from page markup; metadata given by the caller (a feed, a JSONL line) wins."""
    page = extract_page(markup, url)
    text = tidy_text((page or {}).get("text") or "")
    if not page or not text:
        return ReadError(source, Errors.S006.format(detail=" (trafilatura found no main content)"))
    fields: dict[str, Any] = {
        "url": url or page.get("url"),
        "title": clean_title(page.get("title"), page.get("sitename")),
        "author": page.get("author"),
        "captions": figure_captions(markup),
        "language": page.get("language"),
    }
    if page.get("sitename"):
        fields["outlet"] = page["sitename"]
        fields["outlet_evidence"] = "page metadata (site name)"
    if page.get("date"):
        fields["published"] = str(page["date"])[:10]
        fields["published_evidence"] = "page metadata (publication date)"
    fields.update({k: v for k, v in metadata.items() if v is not None})
    return Article.create(source=source, text=text, **fields)


def clean_title(title: str | None, sitename: str | None) -> str | None:
    """The headline without a trailing or leading site-name part ("Headline | Outlet")."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title.strip())
    if len(parts) < 2:
        return title.strip()
    site = (sitename or "").strip().lower()
    if site:
        kept = [p for p in parts if p.strip().lower() != site]
        if kept and len(kept) < len(parts):
            return " - ".join(kept).strip()
    # No known site name: the longest part is the headline when the others are short labels.
    longest = max(parts, key=len)
    if all(len(p.split()) <= 4 for p in parts if p is not longest):
        return longest.strip()
    return title.strip()


def figure_captions(markup: str) -> list[str]:
    """Text of <figcaption> elements: photo captions and credits, kept out of the body."""
    try:
        tree = lxml_html.fromstring(markup)
    except (ParserError, XMLSyntaxError, ValueError):
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = " ".join(node.text_content().split())
        if text and text not in captions:
            captions.append(text)
    return captions
