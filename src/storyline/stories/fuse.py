"""One record per real event: the mentions of one event across articles (and within one) fused.

Each report (an article-level event) is compared with the groups found so far; it joins the
one group it fits clearly, else it founds its own. Fitting has hard conditions and a score.

Hard conditions (any one failing keeps two reports apart):

* **the same act**: the same family (`resources/stories/events.toml`: a meeting announced as
  AGREE/meet and reported as a held CONSULT are one meeting; a phone call is no meeting); a
  type with no family is its own;
* **compatible dates**: the same day, or one coarser (a month) containing the other. Two
  different known days are two events, always: the same ministers meeting twice are two
  meetings. A weekday the text names but could not pin ("on Tuesday" in an undated article)
  still rules out every day that is another weekday;
* **compatible places**: when both state one, the same (name, or coordinates within ~5 km);
* **compatible participants**: when both name entities, they share one (a person also
  standing for their state); when both name people or organisations as actors, one of those
  takes part in the other (Lavrov's offer and Putin's invitation are two acts);
* history and news never fuse (`background`), and one sentence never tells the same act twice
  as asserted and as denied or ruled out ("ruled out talks ... and did not attend meetings");
  reports of one trigger with different recipients are the coder's one act per party ("met X
  and Y for separate talks") and stay apart;
* a denial, ruling-out, open question ("may", "if") or proposal answers one act: it joins
  reports of another polarity only when it shares a participant (or, naming nobody, the same
  place), names the same people and organisations (or one side names none) and the same act
  (code or word: `_answers`). What did not, will not or may happen takes no day or place from
  its sentence, and a proposal's date is the day it was made, not the act's: neither dates
  the act for fusion.

Score (evidence that two reports are one event): a shared known day +2, each shared person or
organisation +2, each shared state +1, the same set of entities +2, the same stated place +2,
the same article +2 (an article naming "the talks" twice mostly speaks of one meeting), the
same trigger word ("talks" and "talks") +2, one side naming nobody (nothing contradicts) +1,
the same act coded twice (triggers close together in one sentence) +5, else the same
sentence +3; none of it counts without an anchor (`_anchored`: a shared day, place, person
or organisation, the same states and nobody else, or the same sentence). A report joins the
best group when it scores at least `MIN_SCORE` and beats every other group by `MARGIN`; on a
tie, the one tied group with a known date (a meeting dated elsewhere is the better identity).
A report fitting two dated meetings equally cannot tell which: it stays apart.

A report with no date or place of its own uses its sentence's (`hints`): the one calendar day
its sentence names ("expected in Geneva on March 14"), or the weekdays it names unpinned, or
in an undated article the one day of the year it names ("flared up on April 11", matching a
dated report of that day of the year), and the one city it names. Hints only decide fusion;
the fused event's date and place come from the reports' own.

Reports are taken most precise first (known days, then months, years, undated), in the order
they were published. Status is not part of the identity: "planned", "occurred", "denied" of one
meeting are reports about one event. The fused event's status is the latest-reported one (by
publication date, then position in the text) and `status_history` keeps every report with its
sentence, source and date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from storyline.model import (
    Article,
    Event,
    EventDate,
    Location,
    Mention,
    StatusReport,
    trigger_offset,
)

# Status of an event as a story reads it, by how definite it is (for the fused type).
ASSERTED = frozenset({"occurred"})
# One sentence telling an act both ways tells two acts.
_AFFIRMED = frozenset({"occurred", "planned", "proposed"})
_NEGATED = frozenset({"denied", "ruled_out"})
_OPEN = frozenset({"hypothetical", "conditional"})
# Reports whose date is not the act's: the day a proposal was made, or of an act that is not.
_UNDATED_STATUSES = frozenset({"proposed", "denied", "ruled_out"})

MIN_SCORE = 3
MARGIN = 2
CLOSE_TRIGGERS = 60  # characters between two triggers of one sentence coding one act

_STATE = re.compile(r"^[A-Z]{3}$")
_INSTITUTION = re.compile(r"^([A-Z]{3}):")
_PLACE_PREFIXES = ("geonames:", "region:", "country:", "place:")
_NOBODY_PREFIXES = ("text:", "outlet:")
_WORD = re.compile(r"[^\W\d_]+")
_DAY_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T.*)?$")
_WEEKDAY_VALUE = re.compile(r"^XXXX-WXX-([1-7])(?:T.*)?$")
_MONTH_DAY_VALUE = re.compile(r"^XXXX-(\d{2}-\d{2})(?:T.*)?$")
# "since Monday", "until Friday": a bound of the act, not its time.
_BOUND_BEFORE = re.compile(
    r"\b(?:since|until|till|before|after|by|from|through)\s+(?:the\s+)?$", re.IGNORECASE
)


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


def participants(event: Event, country_of: dict[str, str] | None = None) -> set[str]:
    """The entity keys taking part (text-only spans count too: "protesters"), with the state
    of each person whose state is known."""
    keys = set(event.actors) | set(event.recipients)
    if country_of:
        keys |= {country_of[k] for k in keys if k in country_of}
    return keys


def _is_place(key: str) -> bool:
    return key.startswith(_PLACE_PREFIXES)


def _is_entity(key: str) -> bool:
    return not key.startswith(_NOBODY_PREFIXES) and not _is_place(key)


def _state_of(key: str, country_of: dict[str, str]) -> str | None:
    if _STATE.match(key):
        return key
    if key in country_of:
        return country_of[key]
    found = _INSTITUTION.match(key)
    return found.group(1) if found else None


@dataclass
class Reported:
    """One article-level event with the article that reports it, and what fusion reads."""

    event: Event
    article: Article
    order: int  # position of the report among all reports (publication date, then text)
    day: str | None = None  # its known day, or the one day its sentence names
    weekdays: frozenset[int] | None = None  # weekdays its sentence names but could not pin
    month_day: str | None = None  # "09-27": a day its sentence names without a year
    place: Location | None = None  # its stated place, or the one city its sentence names
    specific: frozenset[str] = frozenset()  # people and organisations taking part
    specific_actors: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()  # states taking part (a person's, an institution's)
    trigger_word: str | None = None  # the word that names the act ("talks"), singular
    date: EventDate = field(default_factory=EventDate)  # its date as fusion reads it

    @property
    def entities(self) -> frozenset[str]:
        return self.specific | self.states

    @property
    def sentence(self) -> tuple[str, int]:
        first = self.event.mentions[0] if self.event.mentions else None
        return (self.article.id, first.start if first else -1)

    @property
    def trigger(self) -> int:
        found = trigger_offset(self.event.id)
        if found is not None:
            return found
        return self.event.mentions[0].start if self.event.mentions else 0


def _reported(event: Event, article: Article, order: int, country_of: dict[str, str]) -> Reported:
    item = Reported(event, article, order, date=event.date)
    keys = [k for k in [*event.actors, *event.recipients] if _is_entity(k)]
    item.specific = frozenset(k for k in keys if not _STATE.match(k))
    item.specific_actors = frozenset(k for k in event.actors if k in item.specific)
    item.states = frozenset(s for k in keys if (s := _state_of(k, country_of)))
    if event.status in _UNDATED_STATUSES:
        item.date = EventDate()
    elif event.date.precision == "day" and event.date.start:
        item.day = event.date.start
    item.place = event.location
    item.trigger_word = _trigger_word(article.text, item.trigger)
    if event.status in _UNDATED_STATUSES:
        return item  # what did not, will not or may happen has no time or place of its own
    if event.mentions and (item.day is None and event.date.precision == "unknown"):
        item.day, item.weekdays, item.month_day = _sentence_days(article, event.mentions[0])
    if item.place is None and event.mentions:
        item.place = _sentence_place(article, event, event.mentions[0])
    return item


def _trigger_word(text: str, offset: int) -> str | None:
    found = _WORD.match(text, offset) if 0 <= offset < len(text) else None
    if found is None:
        return None
    word = found.group(0).lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _sentence_days(
    article: Article, mention: Mention
) -> tuple[str | None, frozenset[int] | None, str | None]:
    days: set[str] = set()
    weekdays: set[int] = set()
    month_days: set[str] = set()
    for timex in article.timexes:
        if timex.type not in ("DATE", "TIME") or not mention.start <= timex.start < mention.end:
            continue
        if _BOUND_BEFORE.search(article.text[max(0, timex.start - 20) : timex.start]):
            continue
        if found := _DAY_VALUE.match(timex.value):
            days.add(found.group(1))
        elif found := _WEEKDAY_VALUE.match(timex.value):
            weekdays.add(int(found.group(1)))
        elif found := _MONTH_DAY_VALUE.match(timex.value):
            month_days.add(found.group(1))
    if len(days) == 1 and not weekdays and not month_days:
        return days.pop(), None, None
    if weekdays and not days and not month_days:
        return None, frozenset(weekdays), None
    if len(month_days) == 1 and not days and not weekdays:
        # an undated article's "on April 11": the same day of the year only
        return None, None, month_days.pop()
    return None, None, None


def _sentence_place(article: Article, event: Event, mention: Mention) -> Location | None:
    """The one city the sentence names as a place (not standing for its state), or a place the
    event has as a participant ("meetings in Geneva" coded with Geneva as recipient)."""
    cities = {
        m.place: m
        for m in article.entity_mentions
        if mention.start <= m.start < mention.end
        and m.place
        and m.place.startswith("geonames:")
        and not m.actor
    }
    if len(cities) == 1:
        (city,) = cities.values()
        return Location(name=city.text, country=city.country, lat=city.lat, lon=city.lon)
    return None


@dataclass
class _Group:
    family: str
    members: list[Reported] = field(default_factory=list)
    days: set[str] = field(default_factory=set)
    month_days: set[str] = field(default_factory=set)  # of reports that name no year
    weekday_sets: list[frozenset[int]] = field(default_factory=list)
    dates: list[EventDate] = field(default_factory=list)
    places: list[Location] = field(default_factory=list)
    specific: set[str] = field(default_factory=set)
    specific_actors: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    trigger_words: set[str] = field(default_factory=set)
    background: bool = False

    def add(self, item: Reported) -> None:
        if not self.members:
            self.background = item.event.background
        self.members.append(item)
        if item.day:
            self.days.add(item.day)
        if item.month_day:
            self.month_days.add(item.month_day)
        if item.weekdays:
            self.weekday_sets.append(item.weekdays)
        if item.date.precision != "unknown" and item.date.start:
            self.dates.append(item.date)
        if item.place is not None:
            self.places.append(item.place)
        self.specific |= item.specific
        self.specific_actors |= item.specific_actors
        self.states |= item.states
        self.articles.add(item.article.id)
        if item.trigger_word:
            self.trigger_words.add(item.trigger_word)

    @property
    def entities(self) -> set[str]:
        return self.specific | self.states


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


def _same_place(a: Location, b: Location) -> bool:
    return _place_key(a) == _place_key(b)


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


def _weekday(day: str) -> int | None:
    try:
        return dt.date.fromisoformat(day).isoweekday()
    except ValueError:
        return None


def _month_day(item: Reported) -> str | None:
    return item.day[5:] if item.day else item.month_day


def _month_days(group: _Group) -> set[str]:
    return {day[5:] for day in group.days} | group.month_days


def _shares_day(group: _Group, item: Reported) -> bool:
    """A known day in common; or, where one side names no year, the same day of the year (the
    hard conditions already hold every dated report of the group to one day)."""
    if item.day and item.day in group.days:
        return True
    if item.month_day is None and not group.month_days:
        return False
    return _month_day(item) in _month_days(group)


def _dates_fit(group: _Group, item: Reported) -> bool:
    if not all(dates_compatible(d, item.date) for d in group.dates):
        return False
    if item.day and any(day != item.day for day in group.days):
        return False
    if _month_day(item) and any(md != _month_day(item) for md in _month_days(group)):
        return False
    days = {item.day} if item.day else set(group.days)
    weekday_sets = [*group.weekday_sets, *([item.weekdays] if item.weekdays else [])]
    for allowed in weekday_sets:
        if any((w := _weekday(day)) is not None and w not in allowed for day in days):
            return False
    return not (item.weekdays and any(not item.weekdays & other for other in group.weekday_sets))


def _participants_fit(group: _Group, item: Reported) -> bool:
    if item.entities and group.entities and not (item.entities & group.entities):
        return False
    kind = _polarity(item.event.status)
    if all(_polarity(m.event.status) != kind for m in group.members) and not _answers(group, item):
        return False
    if item.specific_actors and group.specific_actors:
        # named people/organisations acting: one of them takes part in the other act
        return bool(item.specific_actors & group.specific) or bool(
            group.specific_actors & item.specific
        )
    return True


def _polarity(status: str) -> str:
    if status in _NEGATED:
        return "negated"
    if status == "proposed":
        return "proposed"  # an offer of "a meeting" is no report of a given one
    return "open" if status in _OPEN else "affirmed"


def _answers(group: _Group, item: Reported) -> bool:
    """A denial or ruling-out answers one act: the same people (when both name some) and the
    same act by its code or its word ("no direct meeting between A and B" is no answer to
    "A travels to Geneva on Monday")."""
    if any(m.sentence == item.sentence for m in group.members):
        return True  # "will host talks on Friday, although it is unclear if they will be joint"
    if item.specific and group.specific and item.specific != group.specific:
        return False
    if item.entities or group.entities:
        if not item.entities & group.entities:
            return False  # "Russia could not end the hostilities" answers no shelling report
    elif item.place is None or not any(_same_place(p, item.place) for p in group.places):
        return False
    kind = (item.event.type, item.event.mode)
    return any(
        (m.event.type, m.event.mode) == kind
        or (item.trigger_word is not None and m.trigger_word == item.trigger_word)
        for m in group.members
    )


def _contradicts_in_sentence(group: _Group, item: Reported) -> bool:
    for member in group.members:
        if member.sentence != item.sentence:
            continue
        statuses = {member.event.status, item.event.status}
        if statuses & _AFFIRMED and statuses & _NEGATED:
            return True
    return False


def _one_with_each(group: _Group, item: Reported) -> bool:
    """ "met X and Y for separate talks": the coder tells one act per recipient from one
    trigger; reports of one trigger with different recipients are different meetings."""
    mine = set(item.event.recipients)
    return bool(mine) and any(
        member.sentence == item.sentence
        and member.trigger == item.trigger
        and member.event.recipients
        and not mine & set(member.event.recipients)
        for member in group.members
    )


def _fits(group: _Group, item: Reported) -> bool:
    return (
        group.background == item.event.background
        and _dates_fit(group, item)
        and all(locations_compatible(p, item.place) for p in group.places)
        and _participants_fit(group, item)
        and not _contradicts_in_sentence(group, item)
        and not _one_with_each(group, item)
    )


def _shares_place(group: _Group, item: Reported) -> bool:
    return item.place is not None and any(locations_compatible(p, item.place) for p in group.places)


def _anchored(group: _Group, item: Reported) -> bool:
    """Evidence tying a report to a group beyond the kind of act: a shared known day, the
    same stated place, a shared person or organisation, the same states and nobody else (one
    state alone only with the same act word), or the same sentence (the hard conditions keep
    its different acts apart: other people, or asserted against denied). Shared states alone
    (Armenia and Azerbaijan take part in every act of their war) or an
    article and a word in common are not enough."""
    if _shares_day(group, item):
        return True
    if _shares_place(group, item):
        return True
    if item.specific & group.specific:
        return True
    # the same parties and nobody else; one state alone ("Russia") only for the same act word
    if (
        item.entities
        and item.entities == group.entities
        and (len(item.entities) > 1 or item.specific or item.trigger_word in group.trigger_words)
    ):
        return True
    return any(member.sentence == item.sentence for member in group.members)


def _score(group: _Group, item: Reported) -> int:
    if not _anchored(group, item):
        return 0
    score = 0
    if _shares_day(group, item):
        score += 2
    score += 2 * len(item.specific & group.specific)
    score += len(item.states & group.states)
    if item.entities and item.entities == group.entities:
        score += 2
    if _shares_place(group, item):
        score += 2
    if item.article.id in group.articles:
        score += 2  # an article naming a meeting twice mostly speaks of one meeting
    if item.trigger_word and item.trigger_word in group.trigger_words:
        score += 2
    if not item.entities or not group.entities:
        score += 1
    same_sentence = [m for m in group.members if m.sentence == item.sentence]
    if any(abs(m.trigger - item.trigger) <= CLOSE_TRIGGERS for m in same_sentence):
        score += 5
    elif same_sentence:
        score += 3  # one sentence telling one kind of act twice mostly tells one act
    return score


def _precision_rank(item: Reported) -> int:
    if item.day:
        return 0
    return {"month": 1, "year": 2}.get(item.date.precision, 3)


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
        _reported(event, article, order_of[article.id] * 10_000_000 + _offset(event), country_of)
        for article, event in reports
    ]
    # Dated reports first, most precise first: they found the groups that vaguer ones join.
    items.sort(key=lambda r: (_precision_rank(r), r.order))
    groups: list[_Group] = []
    for item in items:
        family = tables.family(item.event)
        scored = sorted(
            (
                (_score(g, item), n)
                for n, g in enumerate(groups)
                if g.family == family and _fits(g, item)
            ),
            reverse=True,
        )
        chosen = _choose(groups, scored)
        if chosen is None:
            chosen = _Group(family=family)
            groups.append(chosen)
        chosen.add(item)
    fused = [(_fused(group), [m.event for m in group.members]) for group in groups]
    fused.sort(key=lambda p: (p[0].date.start is None, p[0].date.start or "", p[0].id))
    return fused


def _choose(groups: list[_Group], scored: list[tuple[int, int]]) -> _Group | None:
    """The group a report joins: the best, when strong and clearly ahead; else the one group
    with a known date among the best-scored (a meeting dated by its own reports is a better
    identity than one that only undated reports tell). A report fitting two dated groups
    equally well cannot tell which meeting it tells of: it joins none."""
    strong = [(score, n) for score, n in scored if score >= MIN_SCORE]
    if not strong:
        return None
    dated = [score for score, n in strong if groups[n].dates]
    if len(dated) > 1 and dated[0] == dated[1]:
        return None
    top = strong[0][0]
    best = [n for score, n in strong if score == top]
    if len(best) == 1 and (len(strong) == 1 or top - strong[1][0] >= MARGIN):
        return groups[best[0]]
    dated_best = [n for n in best if groups[n].dates]
    return groups[dated_best[0]] if len(dated_best) == 1 else None


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
            event_id=m.event.id,
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
