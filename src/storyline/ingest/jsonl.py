"""JSON Lines: one article per line, with any of text / html / url and metadata fields.

Each line is read on its own: a broken line costs that line (one error naming
`file.jsonl:LINE`), never the file. Metadata on the line wins over what is extracted from its
HTML, and says so in `outlet_evidence` / `published_evidence`. A line with only a `url` is
fetched when links may be followed (`--fetch-links`), otherwise it is one error saying so.
A file holding one JSON array of such objects (or one object) is read the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.dates import iso_date
from storyline.ingest.decode import DecodeError, decode_text
from storyline.ingest.fetch import fetch_url, read_fetched
from storyline.ingest.guard import guarded_record
from storyline.ingest.html import html_article
from storyline.ingest.text import text_article

# Accepted spellings of each field, first match wins (keys compared case-insensitively).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content_text", "maintext"),
    "html": ("html", "raw_html", "content_html"),
    "url": ("url", "link", "canonical_url"),
    "title": ("title", "headline"),
    "published": (
        "published",
        "published_at",
        "date",
        "date_published",
        "publish_date",
        "pubdate",
    ),
    "outlet": ("outlet", "site_name", "sitename", "publisher", "source_name"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


@readers.register("storyline.jsonl_reader.v1")
def read_jsonl(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        text, _encoding = decode_text(data)
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    if not text.strip():
        yield ReadError(source, Errors.S012)
        return
    whole = _whole_document(text)
    if whole is not None:
        for index, record in enumerate(whole, 1):
            yield from guarded_record(
                _record_articles(record, f"{source}#{index}", f"item {index}", ctx),
                f"{source}#{index}",
            )
        return
    limit = int(ctx.settings.get("ingest.max_record_bytes"))
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        size = len(line.encode("utf-8"))
        if size > limit:
            yield ReadError(
                where,
                Errors.S018.format(size=size, limit=limit, setting="ingest.max_record_bytes"),
            )
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"{exc.msg} at column {exc.colno}"
            yield ReadError(where, Errors.S008.format(line=number, reason=reason))
            continue
        yield from guarded_record(_record_articles(record, where, f"line {number}", ctx), where)


def _whole_document(text: str) -> list[Any] | None:
    """The records of a file that is one JSON array or one (pretty-printed) object, or None
    when it is JSON Lines."""
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0]
    if not stripped.startswith("["):
        try:
            json.loads(first_line)
            return None
        except json.JSONDecodeError:
            pass
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError:
        return None
    return document if isinstance(document, list) else [document]


def _record_articles(record: Any, where: str, what: str, ctx: ReadContext) -> Iterator[ReadResult]:
    if not isinstance(record, dict):
        reason = f"a JSON {type(record).__name__}, not an object"
        yield ReadError(where, Errors.S008.format(line=what.split()[-1], reason=reason))
        return
    fields = pick_fields(record)
    metadata = line_metadata(fields)
    url = fields.get("url")
    text = fields.get("text")
    if text:
        article = text_article(text, where, url=url, **metadata)
        if article is not None:
            yield article
            return
    if fields.get("html"):
        yield html_article(fields["html"], where, ctx, url=url, **metadata)
        return
    if url:
        if not ctx.fetch_links:
            yield ReadError(where, Errors.S017.format(what=what, url=url))
            return
        fetched = fetch_url(url, ctx)
        if isinstance(fetched, ReadError):
            yield ReadError(where, fetched.reason)
            return
        yield from read_fetched(fetched, where, ctx, **metadata)
        return
    yield ReadError(where, Errors.S009.format(line=what.split()[-1]))


def pick_fields(record: dict[str, Any]) -> dict[str, str]:
    """Each known field of `record` as a string (first alias present wins)."""
    by_key = {str(k).lower(): (k, v) for k, v in record.items()}
    picked: dict[str, str] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias not in by_key:
                continue
            key, value = by_key[alias]
            if name == "published":
                day = iso_date(value)
                if day:
                    picked[name], picked["published_key"] = day, str(key)
                    break
                continue
            flat = _as_text(value)
            if flat:
                picked[name] = flat
                if name == "outlet":
                    picked["outlet_key"] = str(key)
                break
    return picked


def line_metadata(fields: dict[str, str]) -> dict[str, str]:
    metadata = {"input_format": "jsonl"}
    for name in ("title", "author", "language"):
        if fields.get(name):
            metadata[name] = fields[name].strip()
    if fields.get("outlet"):
        metadata["outlet"] = fields["outlet"].strip()
        metadata["outlet_evidence"] = f"input metadata (jsonl field {fields['outlet_key']})"
    if fields.get("published"):
        metadata["published"] = fields["published"]
        metadata["published_evidence"] = f"input metadata (jsonl field {fields['published_key']})"
    return metadata


def _as_text(value: Any) -> str | None:
    """A field value as text: strings as they are, a list of names joined, {"name": ...}."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_as_text(v) for v in value) if n]
        return ", ".join(names) or None
    return None
