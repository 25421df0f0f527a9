"""One record per real event: the mentions of one event across articles (and within one) fused.

Two coded events are mentions of the same real event when all of these hold:

* **the same act**: the same family (`resources/stories/events.toml`: a meeting announced as
  AGREE/meet and reported as a held CONSULT are one meeting); a type with no family is its own;
* **compatible actors**: their participants (actors and recipients) overlap, a person also
  standing for their state (the US Secretary of State hosting is the US hosting); when one
  side names none (a passive "a truce was agreed in Moscow"), the stated place must match
  instead, or the two are told in the same sentence (one act coded twice);
* **compatible dates**: the same day, or one unknown or coarser (a month) containing the other.
  Two different known days are two events, always: the same ministers meeting twice are two
  meetings. A mention with no date joins the one dated group it fits (none when it fits
  several: it cannot tell which), else the undated group it shares most participants with;
* **compatible places**: when both state one, the same (gazetteer id / name, or one the
  country of the other).

Status is not part of the identity: "planned", "occurred", "denied" of one meeting are reports
about one event. The fused event's status is the latest-reported one (by publication date, then
position in the text) and `status_history` keeps every report with its sentence.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from storyline.model import Article, Event, EventDate, Location, Mention, StatusReport

# Status of an event as a story reads it, by how definite it is (for the fused type).
ASSERTED = frozenset({"occurred"})


@dataclass(frozen=True)
class EventTables:
    families: dict[str, str]
    phrases: dict[str, str]
    status_words: dict[str, str]

    def family(self, event: Event) -> str:
        if event.mode and f"{event.type}/{event.mode}" in self.families:
            return self.families[f"{event.type}/{event.mode}"]
        return self.families.get(event.type, event.type)

    def phrase(self, event: Event) -> str:
        if event.mode and f"{event.type}/{event.mode}" in self.phrases:
            return self.phrases[f"{event.type}/{event.mode}"]
        return self.phrases.get(event.type, event.type.lower())


def stories_resource(name: str) -> dict[str, Any]:
    path = resources.files("storyline").joinpath("resources", "stories", name)
    return tomllib.loads(path.read_text("utf-8"))


@cache
def event_tables() -> EventTables:
    data = stories_resource("events.toml")
    return EventTables(
        families=dict(data.get("families", {})),
        phrases=dict(data.get("phrases", {})),
        status_words=dict(data.get("status_words", {})),
    )


@dataclass
class Reported:
    """One article-level event with the article that reports it."""

    event: Event
    article: Article
    order: int  # position of the report among all reports (publication date, then text)


@dataclass
class _Group:
    family: str
    members: list[Reported] = field(default_factory=list)
    participants: set[str] = field(default_factory=set)
    dates: list[EventDate] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    sentences: set[tuple[str, int]] = field(default_factory=set)

    def add(self, item: Reported, country_of: dict[str, str]) -> None:
        self.members.append(item)
        self.participants.update(participants(item.event, country_of))
        self.sentences.update(_sentences(item))
        if item.event.date.precision != "unknown" and item.event.date.start:
            self.dates.append(item.event.date)
        if item.event.location is not None:
            self.locations.append(item.event.location)


def participants(event: Event, country_of: dict[str, str] | None = None) -> set[str]:
    """The entity keys taking part (text-only spans count too: "protesters"), with the state
    of each person whose state is known."""
    keys = set(event.actors) | set(event.recipients)
    if country_of:
        keys |= {country_of[k] for k in keys if k in country_of}
    return keys


def _sentences(item: Reported) -> set[tuple[str, int]]:
    return {(m.article_id, m.start) for m in item.event.mentions}


def _contains(outer: EventDate, inner: EventDate) -> bool:
    assert outer.start and inner.start
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)


def dates_compatible(a: EventDate, b: EventDate) -> bool:
    """Same day, or one unknown, or one range containing the other."""
    if a.precision == "unknown" or not a.start or b.precision == "unknown" or not b.start:
        return True
    if a.precision == "day" and b.precision == "day":
        return a.start == b.start
    return _contains(a, b) or _contains(b, a)


def _place_key(location: Location) -> str:
    return " ".join(location.name.lower().split())


def locations_compatible(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return True
    if _place_key(a) == _place_key(b):
        return True
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        return abs(a.lat - b.lat) < 0.05 and abs(a.lon - b.lon) < 0.05
    return False


def _fits(group: _Group, item: Reported, country_of: dict[str, str]) -> bool:
    event = item.event
    if not all(dates_compatible(d, event.date) for d in group.dates):
        return False
    if not all(locations_compatible(loc, event.location) for loc in group.locations):
        return False
    mine = participants(event, country_of)
    if mine and group.participants:
        return bool(mine & group.participants)
    # One side names nobody: a stated, matching place ties them, or the same sentence.
    if event.location is not None and any(
        locations_compatible(loc, event.location) for loc in group.locations
    ):
        return True
    return bool(_sentences(item) & group.sentences)


def _precision_rank(event: Event) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(event.date.precision, 3)


def report_order(articles: Sequence[Article]) -> dict[str, int]:
    """Articles by publication date (undated last), then id: the order reports arrived in."""
    ranked = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    return {a.id: n for n, a in enumerate(ranked)}


def fuse_events(
    reports: Sequence[tuple[Article, Event]], country_of: dict[str, str] | None = None
) -> list[Event]:
    """Fuse article-level events (already in the story's entity ids) into one event per act.
    country_of: the state of person entities (their ids to alpha-3)."""
    return [fused for fused, _ in fuse_groups(reports, country_of)]


def fuse_groups(
    reports: Sequence[tuple[Article, Event]], country_of: dict[str, str] | None = None
) -> list[tuple[Event, list[Event]]]:
    """Each fused event with the article-level events it was made of."""
    country_of = country_of or {}
    tables = event_tables()
    order_of = report_order([a for a, _ in reports])
    items = [
        Reported(event, article, order_of[article.id] * 10_000_000 + _offset(event))
        for article, event in reports
    ]
    # Dated mentions first, most precise first: they found the groups that vaguer ones join.
    items.sort(key=lambda r: (_precision_rank(r.event), r.order))
    groups: list[_Group] = []
    for item in items:
        family = tables.family(item.event)
        fitting = [g for g in groups if g.family == family and _fits(g, item, country_of)]
        undated = item.event.date.precision == "unknown" or not item.event.date.start
        if undated:
            # an undated report joins the one dated event it fits; if it fits several dated
            # ones it cannot tell which (two meetings of the same people): it stays apart
            dated_groups = [g for g in fitting if g.dates]
            fitting = dated_groups if dated_groups else fitting
            if len(dated_groups) > 1:
                fitting = []
        if fitting:
            mine = participants(item.event, country_of)
            best = max(fitting, key=lambda g: len(g.participants & mine))
            best.add(item, country_of)
        else:
            group = _Group(family=family)
            group.add(item, country_of)
            groups.append(group)
    fused = [(_fused(group), [m.event for m in group.members]) for group in groups]
    fused.sort(key=lambda p: (p[0].date.start is None, p[0].date.start or "", p[0].id))
    return fused


def _offset(event: Event) -> int:
    return event.mentions[0].start if event.mentions else 0


def _fused(group: _Group) -> Event:
    members = sorted(group.members, key=lambda r: r.order)
    events = [m.event for m in members]
    latest = members[-1]
    occurred = [e for e in events if e.status in ASSERTED]
    type_source = occurred or events
    types = Counter((e.type, e.mode) for e in type_source)
    event_type, mode = max(types, key=lambda k: (types[k], -_first_index(type_source, k)))
    actor_counts: Counter[str] = Counter(k for e in events for k in e.actors)
    recipient_counts: Counter[str] = Counter(k for e in events for k in e.recipients)
    actors = [k for k, _ in actor_counts.most_common()]
    recipients = [k for k, _ in recipient_counts.most_common() if k not in actor_counts]
    mentions: list[Mention] = []
    seen: set[tuple[str, int, int]] = set()
    for e in events:
        for m in e.mentions:
            key = (m.article_id, m.start, m.end)
            if key not in seen:
                seen.add(key)
                mentions.append(Mention(m.article_id, m.sentence, m.start, m.end))
    history = [
        StatusReport(
            status=m.event.status,
            article_id=m.article.id,
            sentence=m.event.mentions[0].sentence if m.event.mentions else "",
            published=m.article.published,
            claimant=m.event.claimant,
        )
        for m in members
    ]
    member_ids = sorted(e.id for e in events)
    digest = hashlib.sha256("|".join(member_ids).encode("utf-8")).hexdigest()[:12]
    return Event(
        id="ev" + digest,
        type=event_type,
        mode=mode,
        actors=actors,
        recipients=recipients,
        date=_best_date(events),
        location=_best_location(events),
        status=latest.event.status,
        claimant=latest.event.claimant,
        background=all(e.background for e in events),
        mentions=mentions,
        status_history=history,
    )


def _first_index(events: list[Event], key: tuple[str, str | None]) -> int:
    return next(n for n, e in enumerate(events) if (e.type, e.mode) == key)


def _best_date(events: list[Event]) -> EventDate:
    dated = [e.date for e in events if e.date.precision != "unknown" and e.date.start]
    if not dated:
        return EventDate()
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda d: (rank.get(d.precision, 3), d.start or ""))
    return EventDate(start=best.start, end=best.end, precision=best.precision)


def _best_location(events: list[Event]) -> Location | None:
    located = [e.location for e in events if e.location is not None]
    if not located:
        return None
    counts = Counter(_place_key(loc) for loc in located)
    top = counts.most_common(1)[0][0]
    chosen = next(loc for loc in located if _place_key(loc) == top)
    return Location(name=chosen.name, country=chosen.country, lat=chosen.lat, lon=chosen.lon)
