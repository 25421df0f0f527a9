"""A publication date for an article whose own text gives none, from the story it belongs to.

The cleaner (`clean/dates.py`) dates an article from its own evidence only. An article that
says "the conflict erupted on Sunday" and "Lavrov called on Wednesday" but names no calendar
date stays undated there. Its story may still pin it: when another article of the story dates
the same happening ("erupted on September 27"), that Sunday is 27 September, and an article
that calls it "Sunday" was written within the six days after it. This is the issue's last
resort, used only inside one story and only for articles the cleaner left undated:

1. **probes**: the article's relative expressions, each with the acts it governs (the coded
   events whose trigger is nearest to it in its sentence): weekdays ("on Sunday", "last
   Friday") and relative weeks, months and days ("earlier this month", "yesterday");
2. **references**: the days other articles of the story state for a happening: day-precision
   expressions of the articles dated by their own evidence (never one this step dated: no
   chains), and explicit month-days of any article with the year of the story's dated articles;
3. **matches**: a probe and a reference report one happening when their acts are of one family
   (`resources/stories/events.toml`) with overlapping participants (a person also standing for
   their state) or, when one side names none, the same stated place; when the events stage
   coded no act for the probe, when the two sentences share enough distinctive words
   (`resources/stories/anchor.toml`). A weekday must be that day's weekday, else it is no
   match. A probe whose matches give different days is ambiguous and dropped;
4. **constraints**: each match bounds the day of writing (a past "Sunday" on day D: D..D+6; a
   coming "Friday": D-6..D; "earlier this month": D..the month's end); the article's own explicit
   dates bound it too (a past one from below, an upcoming one from above). All are intersected;
   an empty intersection is a conflict and leaves the article undated;
5. **the day**: a single-day window is that day; else the day of the window that is the
   weekday of the article's lead (`dates.lead_weekday`, the cleaner's own convention), when
   exactly one is. A lead weekday outside the window is a conflict.

The result is never presented as stated: `published_evidence` starts with "inferred:" (a day)
or "window: FIRST..LAST" (no single day: `published` stays null) and names each sentence used,
with its article. Dated articles' date stages then run again (the caller's `redate`), so their
weekdays resolve to days through the events stage's own dating.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.clean.dates import date_mentions, lead_weekday, tense_at
from storyline.language.entities import resolve_entities
from storyline.model import Article, Event, Sentence, TimeExpression, trigger_offset
from storyline.stories.fuse import event_tables, locations_compatible, participants

_WEEKDAY_VALUE = re.compile(r"^XXXX-WXX-([1-7])(?:T.*)?$")
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH_DAY_VALUE = re.compile(r"^XXXX-(\d{2})-(\d{2})(?:T.*)?$")
_CLAUSE_MARK = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")
_ANY_WORD = re.compile(r"[^\W_][\w'’-]*")
_WORD = re.compile(r"[^\W\d_]{3,}")
_STEM_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")
# Evidence prefixes of what this step found (never an article's own evidence).
INFERRED = "inferred:"
_OWN_EVIDENCE = (INFERRED, "window:")
_STORY_NOTE = "; from its story: "


@dataclass(frozen=True)
class AnchorTables:
    days: dict[str, int]
    units: frozenset[str]
    offsets: dict[str, int]
    before: frozenset[str]
    after: frozenset[str]
    ignored: frozenset[str]
    weekday_shifts: dict[str, int]
    min_shared: int
    rare_min: int
    rare_share: float
    reach: int


@cache
def anchor_tables() -> AnchorTables:
    path = resources.files("storyline").joinpath("resources", "stories", "anchor.toml")
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    relative, lexical = data["relative"], data["lexical"]
    return AnchorTables(
        days=dict(relative["days"]),
        units=frozenset(relative["units"]),
        offsets=dict(relative["offsets"]),
        before=frozenset(relative["before"]),
        after=frozenset(relative["after"]),
        ignored=frozenset(relative["ignored"]),
        weekday_shifts=dict(data["weekday_shifts"]),
        min_shared=int(lexical["min_shared"]),
        rare_min=int(lexical["rare_min"]),
        rare_share=float(lexical["rare_share"]),
        reach=int(lexical["reach"]),
    )


@dataclass(frozen=True)
class Window:
    """The days an article can have been written on (both ends included)."""

    first: dt.date
    last: dt.date

    def __and__(self, other: Window) -> Window | None:
        first, last = max(self.first, other.first), min(self.last, other.last)
        return Window(first, last) if first <= last else None

    def __str__(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Relation:
    """What a relative expression says about a happening's day D and the day of writing."""

    unit: str  # weekday, day, week or month
    offset: int  # weekday: -1 past, 0 today, +1 coming; else writing unit + offset holds D
    side: str | None = None  # before/after: D lies before or after the day of writing
    weekday: int | None = None  # Monday 0, for weekdays
    strict: bool = False  # "last Sunday": never the day of writing itself

    def window(self, day: dt.date) -> Window | None:
        """The days of writing from which the expression names `day`."""
        if self.unit == "weekday":
            if day.weekday() != self.weekday:
                return None
            gap = 1 if self.strict else 0
            if self.offset < 0:
                return Window(day + dt.timedelta(days=gap), day + dt.timedelta(days=6 + gap))
            if self.offset > 0:
                return Window(day - dt.timedelta(days=6 + gap), day - dt.timedelta(days=gap))
            return Window(day, day)
        if self.unit == "day":
            writing = day - dt.timedelta(days=self.offset)
            return Window(writing, writing)
        if self.unit == "week":
            monday = day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=self.offset)
            span = Window(monday, monday + dt.timedelta(days=6))
        else:
            year, month = day.year, day.month - self.offset
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            last = calendar.monthrange(year, month)[1]
            span = Window(dt.date(year, month, 1), dt.date(year, month, last))
        if self.offset == 0 and self.side == "before":
            return span & Window(day, span.last)
        if self.offset == 0 and self.side == "after":
            return span & Window(span.first, day)
        return span


def relation_of(timex: TimeExpression, sentence: Sentence) -> Relation | None:
    """The relation a weekday or relative expression states, or None for any other."""
    tables = anchor_tables()
    local_start, local_end = timex.start - sentence.start, timex.end - sentence.start
    words = re.findall(r"[^\W\d_]+", timex.text.lower())
    before_text = sentence.text[max(0, local_start - 12) : local_start].lower()
    if found := _WEEKDAY_VALUE.match(timex.value):
        weekday = int(found[1]) - 1
        shift = next((tables.weekday_shifts[w] for w in words if w in tables.weekday_shifts), 0)
        if shift:
            return Relation("weekday", shift, weekday=weekday, strict=True)
        if "later" in words or re.search(r"\blater(?: on)?\s*$", before_text):
            return Relation("weekday", 0, weekday=weekday)
        tense = tense_at(sentence.text, local_start, local_end)
        return Relation("weekday", 1 if tense == "future" else -1, weekday=weekday)
    if timex.type != "DATE" or not words:
        return None
    if len(words) == 1 and words[0] in tables.days:
        return Relation("day", tables.days[words[0]])
    units = [w for w in words if w in tables.units]
    offsets = [tables.offsets[w] for w in words if w in tables.offsets]
    known = tables.units | tables.offsets.keys() | tables.before | tables.after | tables.ignored
    if len(units) != 1 or len(offsets) != 1 or any(w not in known for w in words):
        return None
    side: str | None = None
    if any(w in tables.before for w in words):
        side = "before"
    elif any(w in tables.after for w in words):
        side = "after"
    elif offsets[0] == 0:
        past = tense_at(sentence.text, local_start, local_end) == "past"
        side = "before" if past else "after"
    return Relation(units[0], offsets[0], side)


def stem(word: str) -> str:
    word = word.lower()
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e")


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS)


def _blanked(article: Article, sentence: Sentence) -> str:
    """The sentence with the names of its participants and places (acts are matched on those)
    and its time expressions blanked out."""
    chars = list(sentence.text)
    spans = [(m.start, m.end) for m in article.entity_mentions]
    spans += [(t.start, t.end) for t in article.timexes]
    for start, end in spans:
        for offset in range(max(start, sentence.start), min(end, sentence.end)):
            chars[offset - sentence.start] = " "
    return "".join(chars)


def content_stems(article: Article, sentence: Sentence) -> frozenset[str]:
    """The stems of what a sentence says, less names and time expressions."""
    return _stems(_blanked(article, sentence))


def clause_stems(
    article: Article, sentence: Sentence, start: int, end: int, reach: int
) -> frozenset[str]:
    """The content stems near the expression at `start:end`: within `reach` words of it, in
    its clause (between punctuation marks): the words that say what it dates ("burst its
    banks on Monday"), not the rest of a long sentence."""
    text = _blanked(article, sentence)
    local, local_end = start - sentence.start, end - sentence.start
    first = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, local)), default=0)
    last = next((m.start() for m in _CLAUSE_MARK.finditer(text, local_end)), len(text))
    before = _ANY_WORD.findall(text[first:local])[-reach:] if reach else []
    after = _ANY_WORD.findall(text[local_end:last])[:reach]
    return _stems(" ".join(before + after))


def _sentence_at(article: Article, offset: int) -> Sentence | None:
    return next((s for s in article.sentences if s.start <= offset < s.end), None)


def _governed(article: Article, sentence: Sentence, timex: TimeExpression) -> list[Event]:
    """The acts of the sentence whose trigger is nearest to the expression."""
    placed = [
        (abs(t - timex.start), e)
        for e in article.events
        if (t := trigger_offset(e.id)) is not None
        and sentence.start <= t < sentence.end
        and not e.background
    ]
    if not placed:
        return []
    nearest = min(d for d, _ in placed)
    return [e for d, e in placed if d == nearest]


@dataclass
class Probe:
    article: Article
    timex: TimeExpression
    sentence: Sentence
    relation: Relation
    events: list[Event]
    stems: frozenset[str]


@dataclass
class Reference:
    article: Article
    sentence: Sentence
    day: dt.date
    text: str  # the expression stating the day
    events: list[Event]
    stems: frozenset[str]
    year_from_story: bool = False  # a month-day whose year the story's dated articles give


@dataclass
class Constraint:
    window: Window
    because: str


@dataclass
class Anchoring:
    """What the story says about one undated article."""

    article: Article
    published: str | None
    evidence: str
    window: Window | None = None
    constraints: list[Constraint] = field(default_factory=list)


def date_inferred(article: Article) -> bool:
    """Whether the article's `published` is a day this step inferred, not one its text states."""
    return (article.published_evidence or "").startswith(INFERRED)


def _is_own_date(article: Article) -> bool:
    evidence = (article.published_evidence or "").lower()
    return bool(article.published) and not evidence.startswith(_OWN_EVIDENCE)


def _story_year(articles: Sequence[Article]) -> int | None:
    years = {int(a.published[:4]) for a in articles if a.published and _is_own_date(a)}
    return years.pop() if len(years) == 1 else None


def probes_of(article: Article) -> list[Probe]:
    out: list[Probe] = []
    for timex in article.timexes:
        sentence = _sentence_at(article, timex.start)
        if sentence is None:
            continue
        relation = relation_of(timex, sentence)
        if relation is None:
            continue
        out.append(
            Probe(
                article,
                timex,
                sentence,
                relation,
                _governed(article, sentence, timex),
                clause_stems(article, sentence, timex.start, timex.end, anchor_tables().reach),
            )
        )
    return out


def references_of(article: Article, year: int | None) -> list[Reference]:
    """The days the article states: anchored days of a dated article, month-days of any with
    the story's year."""
    out: list[Reference] = []
    dated = _is_own_date(article)
    for timex in article.timexes:
        if timex.type != "DATE":
            continue
        day: dt.date | None = None
        try:
            if dated and (found := _DAY_VALUE.match(timex.value)):
                day = dt.date(int(found[1]), int(found[2]), int(found[3]))
            elif year is not None and (found := _MONTH_DAY_VALUE.match(timex.value)):
                day = dt.date(year, int(found[1]), int(found[2]))
                if dated:
                    continue  # a dated article's month-days are anchored already
        except ValueError:
            continue
        sentence = _sentence_at(article, timex.start)
        if day is None or sentence is None:
            continue
        out.append(
            Reference(
                article,
                sentence,
                day,
                timex.text,
                _governed(article, sentence, timex),
                clause_stems(article, sentence, timex.start, timex.end, anchor_tables().reach),
                year_from_story=not dated,
            )
        )
    return out


def _country_of(articles: Sequence[Article]) -> dict[str, str]:
    """Article-level person ids -> their state (both spellings of a name map to one state)."""
    country_of: dict[str, str] = {}
    for article in articles:
        for entity in resolve_entities([article]).entities:
            if entity.kind == "person" and entity.country:
                country_of[entity.id] = entity.country
    return country_of


def same_act(probe: Probe, reference: Reference, country_of: dict[str, str]) -> bool:
    tables = event_tables()
    for mine in probe.events:
        for theirs in reference.events:
            if tables.family(mine) != tables.family(theirs):
                continue
            if not locations_compatible(mine.location, theirs.location):
                continue
            ours, others = participants(mine, country_of), participants(theirs, country_of)
            if ours and others:
                if ours & others:
                    return True
            elif mine.location is not None and theirs.location is not None:
                return True
    return False


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class StoryAnchor:
    """The story's references and word statistics, shared by its undated articles."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = list(articles)
        self.year = _story_year(articles)
        self.references = [r for a in articles for r in references_of(a, self.year)]
        self.country_of = _country_of(articles)
        tables = anchor_tables()
        self.sentence_count = sum(len(a.sentences) for a in articles)
        self.counts: Counter[str] = Counter(
            w for a in articles for s in a.sentences for w in content_stems(a, s)
        )
        self.min_shared = tables.min_shared
        self.rare_count = max(tables.rare_min, tables.rare_share * self.sentence_count)

    def same_words(self, probe: Probe, reference: Reference) -> list[str]:
        """The words near both expressions, when they are enough to say they date one
        happening (`[lexical]` in `anchor.toml`), else none."""
        words = sorted(probe.stems & reference.stems)
        if len(words) < self.min_shared:
            return []
        if not any(self.counts[w] <= self.rare_count for w in words):
            return []  # only words many sentences of the story use: the story's, not the act's
        return words

    def _matches(self, probe: Probe) -> tuple[list[tuple[Reference, str]], set[dt.date]]:
        """The references reporting the probe's happening, and the days they give it."""
        found: list[tuple[Reference, str]] = []
        for reference in self.references:
            if reference.article.id == probe.article.id:
                continue
            if same_act(probe, reference, self.country_of):
                how = "the same act"
            else:
                words = self.same_words(probe, reference)
                if not words:
                    continue
                how = "the same words (" + ", ".join(words) + ")"
            found.append((reference, how))
        return found, {r.day for r, _ in found}

    def own_bounds(self, article: Article) -> list[Constraint]:
        """The article's own explicit dates, with the story's year: a past one bounds the day
        of writing from below, an upcoming one from above."""
        if self.year is None:
            return []
        out: list[Constraint] = []
        for mention in date_mentions(article.text):
            try:
                day = mention.date or dt.date(self.year, mention.month, mention.day)
            except ValueError:
                continue
            if mention.future:
                window = Window(dt.date.min, day)
                because = f"its own text looks ahead to {day.isoformat()} ({mention.text!r})"
            else:
                window = Window(day, dt.date.max)
                because = f"its own text reports {day.isoformat()} ({mention.text!r})"
            out.append(Constraint(window, because))
        return out

    def anchor(self, article: Article) -> Anchoring:
        constraints: list[Constraint] = []
        ambiguous: list[str] = []
        mismatched: list[str] = []
        for probe in probes_of(article):
            matches, days = self._matches(probe)
            if not matches:
                continue
            phrase = _quote(probe.timex.text)
            if len(days) > 1:
                # The happening recurs in the story (the same people meet again): a weekday
                # that fits one of its days is no evidence of which one.
                ambiguous.append(phrase)
                continue
            reference, how = matches[0]
            found = probe.relation.window(reference.day)
            if found is None:
                mismatched.append(phrase)
                continue
            others = len({r.article.id for r, _ in matches}) - 1
            more = f" (and {others} more article(s))" if others > 0 else ""
            year = (
                " (its year from the story's dated articles)" if reference.year_from_story else ""
            )
            constraints.append(
                Constraint(
                    found,
                    f"{phrase} in {_quote(probe.sentence.text)} is {reference.day.isoformat()}, "
                    f"{how} as article {reference.article.id} dates by {reference.text!r}{year} "
                    f"in {_quote(reference.sentence.text)}{more}: written {found}",
                )
            )
        if not constraints:
            why = "none of its relative dates names a happening its story's articles date"
            if ambiguous:
                why += f" on one day ({', '.join(ambiguous)}: the story dates it on several)"
            if mismatched:
                why += f"; {', '.join(mismatched)}: not the weekday of the one day given"
            return Anchoring(article, None, f"unknown: {why}")
        constraints += self.own_bounds(article)
        window: Window | None = constraints[0].window
        for constraint in constraints[1:]:
            window = window & constraint.window if window is not None else None
        reasons = "; ".join(c.because for c in constraints)
        if window is None:
            return Anchoring(
                article, None, f"unknown: the story's dates conflict: {reasons}", None, constraints
            )
        lead = lead_weekday(article.text)
        if window.first == window.last:
            day: dt.date | None = window.first
            how = "the story's dates leave one day"
        elif lead is not None:
            fits = [d for d in window.days() if d.weekday() == lead[1]]
            day = fits[0] if len(fits) == 1 else None
            how = f"{lead[3]!r} (the lead's day) is the one {calendar.day_name[lead[1]]} in it"
        else:
            day, how = None, ""
        if lead is not None and not any(d.weekday() == lead[1] for d in window.days()):
            return Anchoring(
                article,
                None,
                f"unknown: the lead's {lead[3]!r} falls outside {window}, as {reasons}",
                window,
                constraints,
            )
        if day is None:
            return Anchoring(article, None, f"window: {window}: as {reasons}", window, constraints)
        return Anchoring(
            article,
            day.isoformat(),
            f"{INFERRED} {day.isoformat()} ({day.strftime('%A')}), not stated: written {window} "
            f"as {reasons}; {how}",
            window,
            constraints,
        )


def anchor_story_dates(
    articles: Sequence[Article], redate: Callable[[list[Article]], None] | None = None
) -> list[Anchoring]:
    """Date the story's undated articles from the days its other articles state (the module
    docstring says how); set `published`/`published_evidence` of those it dates or bounds, and
    run `redate` on the ones it dated. Returns what it found for each undated article."""
    undated = [
        a
        for a in articles
        if not a.published
        and not a.duplicate_of
        and not (a.published_evidence or "").startswith(_OWN_EVIDENCE)
    ]
    if not undated or not any(_is_own_date(a) for a in articles):
        return []
    story = StoryAnchor(articles)
    found = [story.anchor(article) for article in undated]
    dated: list[Article] = []
    for result in found:
        article = result.article
        if result.evidence.startswith(_OWN_EVIDENCE):
            article.published, article.published_evidence = result.published, result.evidence
        elif _STORY_NOTE not in (article.published_evidence or ""):
            own = article.published_evidence or "unknown: no date in the text"
            article.published_evidence = (
                f"{own}{_STORY_NOTE}{result.evidence.removeprefix('unknown: ')}"
            )
        if result.published is not None:
            dated.append(article)
    if dated and redate is not None:
        redate(dated)
    return found
