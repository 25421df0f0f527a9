"""RSS 2.0, RSS 1.0 and Atom feeds (feedparser): each item becomes an article.

An item's body is its `content:encoded` / Atom content, or else its description, turned into
text with paragraphs kept. Title, link (as `url`), author and the item date come from the item;
the outlet is the feed's channel title (or the item's own `<source>`), and the evidence fields
say so. An item whose body is only a teaser is read from the page it links to when links may be
followed (`--fetch-links`); otherwise it is one error saying how to get its text.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import feedparser
from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.dates import iso_date
from storyline.ingest.decode import binary_reason
from storyline.ingest.fetch import fetch_url, read_fetched
from storyline.ingest.guard import guarded_record
from storyline.ingest.html import figure_captions
from storyline.ingest.text import tidy_text
from storyline.model import Article

# Elements whose content is never article text.
_DROPPED = ("script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg")
_DROPPED_WITH_CAPTIONS = ("figure", "figcaption", "picture", "video", "audio")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "address",
        "center",
        "main",
        "nav",
        "details",
        "summary",
    ]
)
_CHANNEL_SUFFIX = re.compile(r"\s*[-–—|:]?\s*\b(?:rss|atom)(?:\s+feed)?\s*$", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|»|:)\s+")
_FILLER_WORDS = frozenset({"the", "and"})
_TWO_PART_SUFFIXES = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})


@readers.register("storyline.feed_reader.v1")
def read_feed(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    reason = binary_reason(data)
    if reason:
        yield ReadError(source, Errors.S003.format(detail=reason))
        return
    # A BytesIO, never the bytes themselves: feedparser opens a plain argument as a path or URL.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        detail = f"not XML ({problem})" if problem else "no RSS or Atom root element"
        yield ReadError(source, Errors.S007.format(reason=detail))
        return
    if not parsed.entries:
        yield ReadError(source, Errors.S007.format(reason="the feed has no items"))
        return
    channel = parsed.get("feed", {})
    channel_outlet = outlet_from_channel(channel.get("title"), channel.get("link"))
    for index, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{index}"
        yield from guarded_record(_item_articles(entry, where, channel, channel_outlet, ctx), where)


def _item_articles(
    entry: Any,
    where: str,
    channel: Any,
    channel_outlet: str | None,
    ctx: ReadContext,
) -> Iterator[ReadResult]:
    link = entry.get("link") or None
    metadata: dict[str, Any] = {"input_format": "feed"}
    title = entry.get("title")
    if title:
        is_html = "html" in (entry.get("title_detail") or {}).get("type", "")
        metadata["title"] = fragment_text(title) if is_html else " ".join(title.split())
    if entry.get("author"):
        metadata["author"] = entry["author"]
    published = item_date(entry)
    if published:
        metadata["published"], metadata["published_evidence"] = published, "feed item date"
    item_source = (entry.get("source") or {}).get("title")
    if item_source:
        metadata["outlet"], metadata["outlet_evidence"] = item_source.strip(), "feed item source"
    elif channel_outlet and same_site(link, channel.get("link")):
        metadata["outlet"], metadata["outlet_evidence"] = channel_outlet, "feed channel title"
    language = entry.get("language") or channel.get("language")
    if language:
        metadata["language"] = str(language).split("-")[0].lower()

    markup = item_markup(entry)
    text = fragment_text(markup) if markup else ""
    if len(text) >= int(ctx.settings.get("ingest.min_text_chars")) or (text and not link):
        yield Article.create(
            source=where, text=text, url=link, captions=figure_captions(markup), **metadata
        )
        return
    if not link:
        yield ReadError(where, Errors.S006.format(detail=" (the feed item has no body or link)"))
        return
    if not ctx.fetch_links:
        yield ReadError(where, Errors.S017.format(what="the feed item", url=link))
        return
    fetched = fetch_url(link, ctx)
    if isinstance(fetched, ReadError):
        yield ReadError(where, fetched.reason)
        return
    yield from read_fetched(fetched, link, ctx, **metadata)


def item_markup(entry: Any) -> str:
    """The fullest body an item carries: content:encoded / Atom content, else its summary."""
    candidates = [c.get("value", "") for c in entry.get("content", []) if isinstance(c, dict)]
    candidates.append(entry.get("summary", "") or "")
    return max(candidates, key=lambda m: len(fragment_text(m)) if m else 0)


def item_date(entry: Any) -> str | None:
    """The item's date as written (its own time zone), from pubDate / published / dc:date /
    updated; feedparser's UTC-converted form only when the raw one cannot be read."""
    for key in ("published", "updated", "created"):
        day = iso_date(entry.get(key))
        if day:
            return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment with paragraphs as blank-line-separated blocks, `<br>` as a
    line break, no scripts, styles, figures or captions, and no feed boilerplate paragraphs."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return tidy_text(markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, XMLSyntaxError, ValueError):
        return tidy_text(re.sub(r"<[^>]*>", " ", markup))
    for node in list(root.iter(*_DROPPED, *_DROPPED_WITH_CAPTIONS)):
        parent = node.getparent()
        if parent is not None:
            node.drop_tree()
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif node.tag in _BLOCKS:
            node.text = "\n\n" + (node.text or "")
            node.tail = "\n\n" + (node.tail or "")
    paragraphs = []
    for block in re.split(r"\n[ \t\r\f\v]*\n", root.text_content()):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph and not _is_boilerplate(paragraph):
            paragraphs.append(paragraph)
    return tidy_text("\n\n".join(paragraphs))


def _is_boilerplate(paragraph: str) -> bool:
    flat = " ".join(paragraph.split())
    return any(pattern.fullmatch(flat) for pattern in _boilerplate_patterns())


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    lines = (
        resources.files("storyline")
        .joinpath("resources/ingest/feed_boilerplate.txt")
        .read_text("utf-8")
        .splitlines()
    )
    return tuple(
        re.compile(line.strip(), re.IGNORECASE)
        for line in lines
        if line.strip() and not line.lstrip().startswith("#")
    )


def outlet_from_channel(title: str | None, link: str | None) -> str | None:
    """The outlet named by a channel title. Titles often add a section ("Monitor – Business",
    "World news | The Guardian"): the part that matches the site's domain is the outlet;
    when no single part does, the whole title is kept rather than a guess."""
    if not title or not title.strip():
        return None
    title = _CHANNEL_SUFFIX.sub("", " ".join(title.split())) or title.strip()
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    host = re.sub(r"[^a-z0-9]", "", (urlsplit(link or "").hostname or "").lower())
    if len(parts) < 2 or not host:
        return title
    matching = [p for p in parts if _names_host(p, host)]
    return matching[0] if len(matching) == 1 else title


def _names_host(part: str, host: str) -> bool:
    compact = re.sub(r"[^a-z0-9]", "", part.lower())
    if len(compact) >= 3 and compact in host:
        return True
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in part.split()]
    return any(len(w) >= 3 and w not in _FILLER_WORDS and w in host for w in words)


def same_site(url: str | None, other: str | None) -> bool:
    """Whether two URLs are on one site (registrable domain); True when either is missing."""
    if not url or not other:
        return True
    return _site(url) == _site(other)


def _site(url: str) -> str:
    labels = (urlsplit(url).hostname or "").lower().removeprefix("www.").split(".")
    keep = (
        3 if len(labels) >= 3 and labels[-2] in _TWO_PART_SUFFIXES and len(labels[-1]) == 2 else 2
    )
    return ".".join(labels[-keep:])


__all__ = ["fragment_text", "outlet_from_channel", "read_feed"]
