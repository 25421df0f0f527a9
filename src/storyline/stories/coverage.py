"""Outlet coverage: which outlet reported which of the story's events, and what it left out.

Articles group by outlet; an article whose outlet is unknown is its own row (outlet null): two
unknown outlets are never assumed to be one. A syndicated copy (`duplicate_of`) credits its
outlet with the events of the original it repeats. The story's *main* events are those reported
by at least two articles (or, when none is, the most mentioned few); `missing_event_ids` are the
main events an outlet did not report.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import Article, Coverage, Event

MAIN_EVENTS_FALLBACK = 3


def main_events(events: Sequence[Event]) -> list[str]:
    """Events at least two articles report; else the most mentioned few (not background)."""
    candidates = [e for e in events if not e.background]
    shared = [e.id for e in candidates if len({m.article_id for m in e.mentions}) >= 2]
    if shared:
        return shared
    ranked = sorted(candidates, key=lambda e: (-len(e.mentions), e.id))
    return [e.id for e in ranked[:MAIN_EVENTS_FALLBACK] if len(e.mentions) >= 2]


def build_coverage(articles: Sequence[Article], events: Sequence[Event]) -> list[Coverage]:
    source_of = {a.id: (a.duplicate_of or a.id) for a in articles}
    events_of_article: dict[str, list[str]] = {}
    for event in events:
        for mention in event.mentions:
            ids = events_of_article.setdefault(mention.article_id, [])
            if event.id not in ids:
                ids.append(event.id)
    rows: dict[str, Coverage] = {}
    for article in articles:
        key = f"outlet:{article.outlet}" if article.outlet else f"article:{article.id}"
        row = rows.setdefault(key, Coverage(outlet=article.outlet))
        row.article_ids.append(article.id)
        for event_id in events_of_article.get(source_of[article.id], []):
            if event_id not in row.event_ids:
                row.event_ids.append(event_id)
    reported_by: dict[str, int] = {}
    for row in rows.values():
        for event_id in row.event_ids:
            reported_by[event_id] = reported_by.get(event_id, 0) + 1
    main = main_events(events)
    for row in rows.values():
        row.exclusive_event_ids = [e for e in row.event_ids if reported_by[e] == 1]
        row.missing_event_ids = [e for e in main if e not in row.event_ids]
    return sorted(rows.values(), key=lambda r: (r.outlet is None, r.outlet or "", r.article_ids))
