"""Outlet coverage: which outlet reported which of the story's events, and what it left out.

Articles group by outlet; an article whose outlet is unknown is its own row (outlet null): two
unknown outlets are never assumed to be one. A syndicated copy (`duplicate_of`) credits its
outlet with the events of the original it repeats. The story's *main* events are those that
more than one outlet reported (an unknown outlet counting once per article), ranked by
`event_rank`: most outlets, then most articles, then most mentions; with none such, the most
mentioned few. `missing_event_ids` are the main events an outlet did not report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline.model import Article, Coverage, Event

MAIN_EVENTS_FALLBACK = 3


def reporters(event: Event, outlet_of: Mapping[str, str | None]) -> set[str]:
    """The outlets that reported `event`; an article of unknown outlet is one of its own."""
    return {
        f"outlet:{outlet_of[m.article_id]}" if outlet_of.get(m.article_id) else m.article_id
        for m in event.mentions
    }


def event_rank(event: Event, outlet_of: Mapping[str, str | None]) -> tuple[object, ...]:
    """Sort key, most important first: outlets, articles, mentions, an occurred and dated
    event before a planned or undated one, then the id (stable)."""
    return (
        -len(reporters(event, outlet_of)),
        -len({m.article_id for m in event.mentions}),
        -len(event.mentions),
        event.status != "occurred",
        event.date.precision == "unknown",
        event.id,
    )


def main_events(events: Sequence[Event], articles: Sequence[Article] = ()) -> list[str]:
    """The ids of the story's main events, most important first (not background)."""
    outlet_of = {a.id: a.outlet for a in articles}
    candidates = sorted(
        (e for e in events if not e.background), key=lambda e: event_rank(e, outlet_of)
    )
    shared = [e.id for e in candidates if len(reporters(e, outlet_of)) >= 2]
    if shared:
        return shared
    return [e.id for e in candidates[:MAIN_EVENTS_FALLBACK] if len(e.mentions) >= 2]


def build_coverage(articles: Sequence[Article], events: Sequence[Event]) -> list[Coverage]:
    source_of = {a.id: (a.duplicate_of or a.id) for a in articles}
    outlet_of = {a.id: a.outlet for a in articles}
    ranked = sorted(events, key=lambda e: event_rank(e, outlet_of))
    events_of_article: dict[str, list[str]] = {}
    for event in ranked:
        if event.background:
            continue
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
    main = main_events(events, articles)
    for row in rows.values():
        row.exclusive_event_ids = [e for e in row.event_ids if reported_by[e] == 1]
        row.missing_event_ids = [e for e in main if e not in row.event_ids]
    return sorted(rows.values(), key=lambda r: (r.outlet is None, r.outlet or "", r.article_ids))
