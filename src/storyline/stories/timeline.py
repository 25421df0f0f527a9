"""A story's timeline: fused events on the dates they happened, each told in one cited line.

Only events the text dates (day or month precision, never the publication date by itself), that
are not background and that have something to name (a participant resolved to an entity, a
place, or reports from two articles) go on the timeline; the rest of the non-background events
are `undated_events` ("date unknown"), never put on a guessed date.

A line reads as a headline built from the event's own fields (`resources/stories/lines.toml`):
its act (type/mode), its resolved actors and recipients, its place and its status, e.g.
"Russia hosts talks with Armenia and Azerbaijan in Moscow", "Armenia and Azerbaijan to hold
talks in Moscow (planned)", "Armenia: no talks with Azerbaijan (ruled out)", "Fighting in
Nagorno-Karabakh". A person whose state also takes part is said once, as the state; a recipient
that is also an actor or the place is not repeated. Each entry cites the sentences behind it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from storyline.model import Citation, Entity, Event, TimelineEntry
from storyline.stories.fuse import event_tables, stories_resource

MAX_CITATIONS = 5
MAX_ACTORS = 3
MAX_RECIPIENTS = 3
TIMELINE_PRECISIONS = frozenset({"day", "month"})


@dataclass(frozen=True)
class Act:
    verb: str
    prep: str
    verb_alone: str
    mutual: str
    noun: str
    noun_prep: str
    noun_alone: str
    a_noun: str
    planned: str  # the act when it is still to come: an agreement to meet is a meeting ahead


@dataclass(frozen=True)
class StatusForm:
    form: str
    mark: str
    colon: bool = False
    inflect: bool = False
    mark_with_actors: bool = True


@cache
def _lines() -> tuple[dict[str, Act], dict[str, StatusForm]]:
    data = stories_resource("lines.toml")
    acts: dict[str, Act] = {}
    for key, fields in data.get("acts", {}).items():
        verb, prep, noun = fields["verb"], fields.get("prep", ""), fields["noun"]
        alone = fields.get("verb_alone", verb)
        acts[key] = Act(
            verb=verb,
            prep=prep,
            verb_alone=alone,
            mutual=fields.get("mutual", alone),
            noun=noun,
            noun_prep=fields.get("noun_prep", prep),
            noun_alone=fields.get("noun_alone", noun),
            a_noun=fields.get("a_noun", noun),
            planned=fields.get("planned", verb),
        )
    statuses = {
        name: StatusForm(
            form=fields["form"],
            mark=fields.get("mark", name),
            colon=bool(fields.get("colon", False)),
            inflect=bool(fields.get("inflect", False)),
            mark_with_actors=bool(fields.get("mark_with_actors", True)),
        )
        for name, fields in data.get("statuses", {}).items()
    }
    return acts, statuses


def _act(event: Event) -> Act:
    acts, _ = _lines()
    if event.mode and f"{event.type}/{event.mode}" in acts:
        return acts[f"{event.type}/{event.mode}"]
    if event.type in acts:
        return acts[event.type]
    phrase = event_tables().phrase(event)
    return Act(f"act: {phrase}", "involving", f"act: {phrase}", f"act: {phrase}", phrase,
               "involving", phrase, phrase, f"act: {phrase}")  # fmt: skip


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


def _third_person(verb: str) -> str:
    """'hold talks' -> 'holds talks': the first word takes the -s of a singular subject."""
    first, _, rest = verb.partition(" ")
    if first == "have":
        first = "has"
    elif first.endswith(("s", "sh", "ch", "x", "z", "o")):
        first += "es"
    elif first.endswith("y") and first[-2:-1] not in ("a", "e", "i", "o", "u"):
        first = first[:-1] + "ies"
    else:
        first += "s"
    return f"{first} {rest}" if rest else first


def participants(
    event: Event, names: dict[str, str], countries: Mapping[str, str | None] | None = None
) -> tuple[list[str], list[str]]:
    """The names of the event's actors and recipients as a line says them: resolved entities
    only (a `text:` key is whatever words the parse put in the slot), a person whose state also
    takes part on the same side said once as the state, nobody twice, and not the place as a
    recipient."""
    countries = countries or {}
    actors = [k for k in event.actors if _named(k, names)]
    recipients = [k for k in event.recipients if _named(k, names) and k not in actors]

    def keep(key: str, side: list[str]) -> bool:
        country = countries.get(key)
        return not (country and country != key and country in side)

    place = event.location.name.lower() if event.location is not None else None
    actor_names = list(dict.fromkeys(entity_name(k, names) for k in actors if keep(k, actors)))
    recipient_names = [
        n
        for n in dict.fromkeys(entity_name(k, names) for k in recipients if keep(k, recipients))
        if n.lower() != place and n not in actor_names
    ]
    return actor_names[:MAX_ACTORS], recipient_names[:MAX_RECIPIENTS]


def event_line(
    event: Event,
    names: dict[str, str],
    countries: Mapping[str, str | None] | None = None,
    place_name: str | None = None,
) -> str:
    """One headline-like line from the event's fields (see the module docstring); `place_name`
    stands in for a location the event lacks."""
    _, statuses = _lines()
    act = _act(event)
    actors, recipients = participants(event, names, countries)
    if event.location is not None:
        place_name = event.location.name
    place = f" in {place_name}" if place_name else ""
    status = statuses.get(event.status) if event.status != "occurred" else None
    mark = f" ({status.mark})" if status is not None and status.mark else ""
    if not actors:
        noun = act.noun if recipients else act.noun_alone
        objects = f" {act.noun_prep} {_join(recipients)}".replace("  ", " ") if recipients else ""
        text = f"{noun}{objects}{place}{mark}"
        return text[:1].upper() + text[1:]
    subject = _join(actors)
    plural = len(actors) > 1
    ahead = event.status == "planned" and act.planned != act.verb
    if recipients:
        verb, objects = act.verb, " ".join(p for p in (act.prep, _join(recipients)) if p)
        noun_objects = " ".join(p for p in (act.noun_prep, _join(recipients)) if p)
    else:
        verb = act.mutual if plural else act.verb_alone
        objects = noun_objects = ""
    if ahead:
        verb = act.planned
    if status is None:
        predicate = verb if plural else _third_person(verb)
        predicate = " ".join(p for p in (predicate, objects) if p)
        return f"{subject} {predicate}{place}"
    noun = act.noun if recipients else act.noun_alone
    a_noun = act.a_noun if noun == act.noun else noun
    form = status.form.format(verb=" ".join(p for p in (verb, objects) if p),
                              noun=" ".join(p for p in (noun, noun_objects) if p),
                              a_noun=" ".join(p for p in (a_noun, noun_objects) if p))  # fmt: skip
    if status.inflect and not plural:
        form = _third_person(form)
    joiner = ": " if status.colon else " "
    return f"{subject}{joiner}{form}{place}{mark if status.mark_with_actors else ''}"


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


def nameable(event: Event) -> bool:
    """Whether a line can say something of the event: a resolved participant, its place, or
    reports from two articles (what a parse took for an act, with nobody and nowhere to it,
    that no other article reported is not: it stays in the event table with its evidence)."""
    return (
        _has_resolved_participant(event)
        or event.location is not None
        or len({m.article_id for m in event.mentions}) >= 2
    )


def _has_resolved_participant(event: Event) -> bool:
    return any(not k.startswith(("text:", "outlet:")) for k in event.actors + event.recipients)


def on_timeline(event: Event) -> bool:
    return (
        not event.background
        and event.date.precision in TIMELINE_PRECISIONS
        and event.date.start is not None
        and nameable(event)
    )


def person_countries(entities: Sequence[Entity]) -> dict[str, str | None]:
    """The state of each person entity (its alpha-3, or None), as `event_line` takes it."""
    return {e.id: e.country for e in entities if e.kind == "person"}


def evidence_place(event: Event, entities: Sequence[Entity]) -> str | None:
    """For an event with no participant and no location: the one place of the story its
    evidence sentences name ("clashes in the border district flared up"), if only
    one is named; None otherwise. It only fills the line of an event that is on the timeline
    for its reports: it never puts an event there."""
    if event.location is not None or _has_resolved_participant(event):
        return None
    text = " ".join(m.sentence for m in event.mentions).lower()
    named = {
        e.name
        for e in entities
        if e.kind == "place"
        and any(
            re.search(rf"(?<!\w){re.escape(form.lower())}(?!\w)", text)
            for form in [e.name, *e.aliases]
            if len(form) > 2
        )
    }
    return next(iter(named)) if len(named) == 1 else None


def build_timeline(events: Sequence[Event], entities: Sequence[Entity]) -> list[TimelineEntry]:
    """Timeline entries of the dated, non-background events, in date order (month-precision
    ones before the days of that month they contain, as "in October" reads)."""
    names = {e.id: e.name for e in entities}
    countries = person_countries(entities)
    places = {e.id: evidence_place(e, entities) for e in events}
    dated = [e for e in events if on_timeline(e)]
    dated.sort(key=lambda e: (e.date.start or "", e.date.precision != "month", e.id))
    return [
        TimelineEntry(
            date=_date_label(event),
            event_ids=[event.id],
            text=event_line(event, names, countries, places[event.id]),
            citations=citations_of(event),
        )
        for event in dated
    ]


def undated_events(events: Sequence[Event]) -> list[Event]:
    """The non-background events with something to name that no text dates ("date unknown"),
    most reported first."""
    undated = [
        e
        for e in events
        if not e.background
        and nameable(e)
        and (e.date.precision not in TIMELINE_PRECISIONS or e.date.start is None)
    ]
    return sorted(undated, key=lambda e: (-len({m.article_id for m in e.mentions}), e.id))


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
