"""A story's timeline: fused events on the dates they happened, each line built from its fields.

Only events the text dates (day or month precision, never the publication date by itself) and
that are not background go on the timeline; the rest are `undated`. A line says who did what to
whom, where, and a status other than "occurred" ("planned", "denied"), from the event's own
fields and the entity names of the story, and cites the sentences behind the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from storyline.model import Citation, Entity, Event, TimelineEntry
from storyline.stories.fuse import event_tables

MAX_CITATIONS = 5
TIMELINE_PRECISIONS = frozenset({"day", "month"})


def entity_name(key: str, names: dict[str, str]) -> str:
    """The readable name of an actor key: an entity's name, or the words a `text:`/`outlet:`
    key carries."""
    if key in names:
        return names[key]
    prefix, _, rest = key.partition(":")
    if prefix in ("text", "outlet") and rest:
        return rest if rest != "unknown" else "an unknown outlet"
    return key


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _named(key: str, names: dict[str, str]) -> bool:
    return key in names or not key.startswith(("text:", "outlet:"))


def event_line(event: Event, names: dict[str, str]) -> str:
    """One line from the event's fields: "Armenia and Azerbaijan: talks with Russia in Moscow
    (planned)"."""
    tables = event_tables()
    place = event.location.name.lower() if event.location is not None else None
    # Only participants resolved to entities are named: a `text:` key is whatever words the
    # parse put in the slot ("Foreign", "parties") and reads as noise in a one-liner; it stays
    # on the event, with its evidence, in brief.json.
    actors = _join([entity_name(k, names) for k in event.actors if _named(k, names)][:4])
    # the place the act happens in is said once, as its place ("talks in Geneva")
    recipients = _join(
        [
            n
            for n in (entity_name(k, names) for k in event.recipients if _named(k, names))
            if n.lower() != place
        ][:3]
    )
    text = tables.phrase(event)
    text = f"{actors}: {text}" if actors else text[:1].upper() + text[1:]
    if recipients:
        text += f" with {recipients}" if event.type == "CONSULT" else f" involving {recipients}"
    if event.location is not None:
        text += f" in {event.location.name}"
    if event.status != "occurred":
        text += f" ({tables.status_words.get(event.status, event.status)})"
    return text


def citations_of(event: Event, limit: int = MAX_CITATIONS) -> list[Citation]:
    """The event's evidence sentences, one per article first (so many outlets show)."""
    first: list[Citation] = []
    rest: list[Citation] = []
    seen_articles: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for mention in event.mentions:
        key = (mention.article_id, mention.sentence)
        if key in seen:
            continue
        seen.add(key)
        target = rest if mention.article_id in seen_articles else first
        seen_articles.add(mention.article_id)
        target.append(Citation(article_id=mention.article_id, sentence=mention.sentence))
    return (first + rest)[:limit]


def on_timeline(event: Event) -> bool:
    return (
        not event.background
        and event.date.precision in TIMELINE_PRECISIONS
        and event.date.start is not None
    )


def build_timeline(events: Sequence[Event], entities: Sequence[Entity]) -> list[TimelineEntry]:
    """Timeline entries of the dated, non-background events, in date order (month-precision
    ones before the days of that month they contain, as "in October" reads)."""
    names = {e.id: e.name for e in entities}
    dated = [e for e in events if on_timeline(e)]
    dated.sort(key=lambda e: (e.date.start or "", e.date.precision != "month", e.id))
    return [
        TimelineEntry(
            date=_date_label(event),
            event_ids=[event.id],
            text=event_line(event, names),
            citations=citations_of(event),
        )
        for event in dated
    ]


def undated_events(events: Sequence[Event]) -> list[Event]:
    return [e for e in events if not e.background and not on_timeline(e)]


def _date_label(event: Event) -> str:
    """YYYY-MM-DD for a day; YYYY-MM for a calendar month; start/end for another range."""
    start, end = event.date.start or "", event.date.end or event.date.start or ""
    if event.date.precision == "day" or start == end:
        return start
    if start[:7] == end[:7] and start.endswith("-01") and _month_end(end):
        return start[:7]
    return f"{start}/{end}"


def _month_end(day: str) -> bool:
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError:
        return False
    return (parsed + dt.timedelta(days=1)).day == 1
