"""Exports of the stored stories in the field's formats.

* `jsonl`: one story record (brief/1 shape) per line;
* `csv` / `parquet`: one row per fused event (story, type, date, status, actors, evidence);
* `plover`: PLOVER-style event JSON, one object per event (a JSON array);
* `jsonld`: schema.org `NewsArticle` JSON-LD for the articles (a `@graph`), each `about` the
  story it belongs to.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storyline.model import Article, Event, Story
from storyline.stories.anchor import date_inferred
from storyline.stories.timeline import entity_name

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "jsonld")

EVENT_COLUMNS = [
    "story_id",
    "event_id",
    "type",
    "mode",
    "date_start",
    "date_end",
    "date_precision",
    "status",
    "actors",
    "recipients",
    "location",
    "claimant",
    "background",
    "articles",
    "mentions",
    "evidence",
]


def _events_of(stories: Sequence[Story]) -> Iterator[tuple[Story, dict[str, str], Event]]:
    """Each event of each story, with the story and the names of its entities."""
    for story in stories:
        names = {e.id: e.name for e in story.entities}
        for event in story.events:
            yield story, names, event


def event_rows(stories: Sequence[Story]) -> list[dict[str, Any]]:
    rows = []
    for story, names, event in _events_of(stories):
        rows.append(
            {
                "story_id": story.id,
                "event_id": event.id,
                "type": event.type,
                "mode": event.mode,
                "date_start": event.date.start,
                "date_end": event.date.end,
                "date_precision": event.date.precision,
                "status": event.status,
                "actors": "; ".join(entity_name(k, names) for k in event.actors),
                "recipients": "; ".join(entity_name(k, names) for k in event.recipients),
                "location": event.location.name if event.location else None,
                "claimant": entity_name(event.claimant, names) if event.claimant else None,
                "background": event.background,
                "articles": " ".join(dict.fromkeys(m.article_id for m in event.mentions)),
                "mentions": len(event.mentions),
                "evidence": event.mentions[0].sentence if event.mentions else None,
            }
        )
    return rows


def plover_events(stories: Sequence[Story]) -> list[dict[str, Any]]:
    """PLOVER-style records: event type and mode, actor/recipient with names and codes, date,
    location and the source sentences."""
    out = []
    for story, names, event in _events_of(stories):
        out.append(
            {
                "id": event.id,
                "story_id": story.id,
                "event_type": event.type,
                "mode": event.mode,
                "event_date": event.date.start if event.date.precision == "day" else None,
                "date": event.date.to_dict(),
                "actor": [{"code": k, "name": entity_name(k, names)} for k in event.actors],
                "recipient": [{"code": k, "name": entity_name(k, names)} for k in event.recipients],
                "location": event.location.to_dict() if event.location else None,
                "status": event.status,
                "claimant": event.claimant,
                "background": event.background,
                "sources": [m.to_dict() for m in event.mentions],
            }
        )
    return out


def news_articles_jsonld(articles: Sequence[Article], stories: Sequence[Story]) -> dict[str, Any]:
    story_of = {a: s for s in stories for a in s.article_ids}
    graph = []
    for article in articles:
        node: dict[str, Any] = {
            "@type": "NewsArticle",
            "@id": f"urn:storyline:article:{article.id}",
            "identifier": article.id,
            "headline": article.title,
            "articleBody": article.text,
            "inLanguage": article.language,
            # a date the story infers is no stated publication date
            "datePublished": None if date_inferred(article) else article.published,
            "url": article.url or (article.source if "://" in article.source else None),
        }
        if article.outlet:
            node["publisher"] = {"@type": "Organization", "name": article.outlet}
        if article.author:
            node["author"] = {"@type": "Person", "name": article.author}
        if article.duplicate_of:
            node["isBasedOn"] = f"urn:storyline:article:{article.duplicate_of}"
        if article.id in story_of:
            story = story_of[article.id]
            node["about"] = {
                "@type": "Thing",
                "@id": f"urn:storyline:story:{story.id}",
                "name": story.title,
            }
        graph.append({k: v for k, v in node.items() if v is not None})
    return {"@context": "https://schema.org", "@graph": graph}


def export(
    output_format: str, out: Path, stories: Sequence[Story], articles: Sequence[Article]
) -> int:
    """Write `out` in `output_format`; returns how many records it holds."""
    if output_format not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {output_format!r} (use {', '.join(EXPORT_FORMATS)})"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for story in stories:
                handle.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
        return len(stories)
    if output_format == "plover":
        events = plover_events(stories)
        out.write_text(json.dumps(events, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return len(events)
    if output_format == "jsonld":
        doc = news_articles_jsonld(articles, stories)
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return len(doc["@graph"])
    rows = event_rows(stories)
    if output_format == "csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        return len(rows)
    _write_parquet(rows, out)
    return len(rows)


def _write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    import duckdb

    conn = duckdb.connect()
    try:
        types = {
            "background": "BOOLEAN",
            "mentions": "INTEGER",
        }
        columns = ", ".join(f'"{c}" {types.get(c, "VARCHAR")}' for c in EVENT_COLUMNS)
        conn.execute(f"CREATE TABLE events ({columns})")
        if rows:
            placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
            conn.executemany(
                f"INSERT INTO events VALUES ({placeholders})",
                [[row[c] for c in EVENT_COLUMNS] for row in rows],
            )
        target = str(out).replace("'", "''")
        conn.execute(f"COPY events TO '{target}' (FORMAT PARQUET)")
    finally:
        conn.close()
