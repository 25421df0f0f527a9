"""Temporal expressions: find them in text and normalise them to TIMEX3 values.

`find_timexes(text, dct)` returns `Timex` records (character offsets into `text`, TIMEX3 type and
value) in one pass of one compiled regular expression built, once, from the data files in
`storyline/resources/timex/`. Pure Python: HeidelTime is the anchor to beat, not a dependency.

Normalisation, relative to the document creation time (DCT, the publication date):

* Explicit dates ("9 October 2020", "Oct. 9, 2020", "2020-10-09") need no anchor.
* Underspecified ones take what they lack from the DCT: "October 9" gets the DCT's year, moved a
  year back (or ahead) when the clause points to the past (future) and the date would otherwise
  lie more than 30 days on the wrong side; without a cue, the nearest such date.
* Weekdays: "on Friday" in a past clause ("said on Friday", "met on Friday") is the latest Friday
  on or before the DCT; in a future clause ("will host ... on Friday") the first on or after it.
  With no cue either way, news convention: the past one. "last Friday" is strictly before the DCT,
  "next Friday" strictly after.
* The direction comes from tense cues (`cues.toml`) inside the clause around the expression: the
  nearest cue wins (future: will, is to, is due, plans, scheduled, upcoming, next ...; past: said,
  was, had, ago, last, irregular past forms and verbs in -ed). A caller with a parser may pass
  `tense_hints`: (start, end, "past"|"future"|"present") spans (`tense_hints_from_parse(doc)`
  makes them from a spaCy parse); a past or future span overrides the cues.
* "the next day", "the same day", "the day before" are anchored to the last day-precise date
  mentioned before them (the DCT when there is none).
* Without a DCT nothing relative is invented: "October 9" is `XXXX-10-09`, "Friday" `XXXX-WXX-5`,
  "yesterday" `XXXX-XX-XX`; explicit dates keep their values.

Extents follow MEANTIME/TempEval-3: prepositions ("on", "in", "since") and quantity modifiers
("more than", "about") stay outside; the modifier is kept in `mod`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.model import Article, TimeExpression
from storyline.pipeline import Stage, stages
from storyline.settings import Settings

LOGGER = logging.getLogger(__name__)

TenseHints = Sequence[tuple[int, int, str]]

PAST = "past"
FUTURE = "future"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression.

    start, end (int): character offsets into the text; `text[start:end] == self.text`.
    type (str): DATE, TIME, DURATION or SET.
    value (str): the TIMEX3 value (`2020-10-09`, `2020-W41`, `199`, `P3D`, `PAST_REF` ...).
    precision (str): time, day, week, month, quarter, season, year, decade, century, duration,
        set, ref or unknown.
    anchor (str | None): what the value was computed from: "explicit" (complete in the text),
        "dct" (the document date), "previous" (the last date mentioned before), None (unanchored).
    direction (str | None): "past" or "future" when the tense of the clause chose the value.
    mod (str | None): TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN ...
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str
    anchor: str | None = None
    direction: str | None = None
    mod: str | None = None


def find_timexes(
    text: str, dct: dt.date | None, *, tense_hints: TenseHints | None = None
) -> list[Timex]:
    """The temporal expressions of `text`, normalised relative to `dct` (None: unanchored).

    text (str): the text, tokenised or not.
    dct (date | None): the document creation time (publication date).
    tense_hints (sequence of (start, end, tense)): optional clause tenses from a parser;
        where an expression falls inside a span, its tense replaces the cue words.
    RETURNS (list[Timex]): sorted by start, non-overlapping.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    grammar = _grammar()
    scan = _Scan(text, dct, tense_hints)
    pattern = grammar.pattern
    # The full grammar is only tried near a trigger (a digit or a head word of the lexicon):
    # from the word starts up to _REACH characters before it, leftmost first, as a plain
    # left-to-right search would find it, at a fraction of the cost.
    openers = grammar.openers
    done = 0
    # The grammar's match at a position does not depend on the trigger: try each start once.
    tried: dict[int, re.Match[str] | None] = {}
    for trigger in grammar.triggers.finditer(text):
        anchor = trigger.start()
        if anchor < done:
            continue
        window_from = max(done, anchor - _REACH)
        starts = [
            w.start()
            for w in _WORD_START.finditer(text, window_from, anchor)
            if w.group(1).lower() in openers or w.group(1)[:1].isdigit()
        ]
        starts.append(anchor)
        for start in starts:
            if start in tried:
                match = tried[start]
            else:
                match = tried[start] = pattern.match(text, start)
            if match is None or match.end() <= anchor:
                continue
            found = _apply(grammar, scan, match)
            if found is not None:
                done = match.end()
                break
            tried[start] = None  # the handler refused it; so it will again
    _date_clock_times(scan)
    return scan.found


def _date_clock_times(scan: _Scan) -> None:
    """A clock time just before a day ("at 3 pm on Saturday") takes that day's date."""
    found = scan.found
    for index in range(len(found) - 1):
        clock, day = found[index], found[index + 1]
        if clock.anchor not in ("dct", None) or not re.match(
            r"[\dX]{4}-[\dX]{2}-[\dX]{2}T\d", clock.value
        ):
            continue
        gap = scan.text[clock.end : day.start]
        if day.precision == "day" and re.fullmatch(r"\s*(?:on|,)?\s*", gap):
            time_part = clock.value.split("T", 1)[1]
            found[index] = dataclasses.replace(
                clock, value=f"{day.value}T{time_part}", anchor=day.anchor or clock.anchor
            )


def _apply(grammar: _Grammar, scan: _Scan, match: re.Match[str]) -> Timex | None:
    rule = grammar.rules[match.lastgroup or ""]
    groups = {short: match.group(full) for full, short in rule.groups}
    found = rule.handler(scan, match, groups)
    if found is not None:
        scan.add(found)
    return found


def _find_exhaustive(text: str, dct: dt.date | None) -> list[Timex]:
    """The same grammar tried at every position: the reference the trigger scan must equal."""
    grammar = _grammar()
    scan = _Scan(text, dct, None)
    pos = 0
    while pos < len(text):
        match = grammar.pattern.search(text, pos)
        if match is None:
            break
        found = _apply(grammar, scan, match)
        pos = match.end() if found is not None else match.start() + 1
    _date_clock_times(scan)
    return scan.found


@stages.register("storyline.timex.v1")
def timex_stage(settings: Settings) -> Stage:
    """The stage: `Article.timexes` from `Article.text`, relative to `Article.published`.

    An article without a publication date gets unanchored values (`XXXX-10-09`), never today's.
    """

    def annotate(article: Article) -> Article:
        try:
            found = find_timexes(article.text, parse_dct(article.published))
        except Exception as exc:  # a recogniser bug costs this article's timexes, not the batch
            LOGGER.warning("temporal expressions skipped: %s: %s", article.source, exc)
            found = []
        article.timexes = [TimeExpression(**dataclasses.asdict(t)) for t in found]
        return article

    return Stage(
        "storyline.timex.v1",
        annotate,
        requires=frozenset({"text", "published"}),
        assigns=frozenset({"timexes"}),
    )


def tense_hints_from_parse(doc: Any) -> list[tuple[int, int, str]]:
    """Clause tenses from a spaCy `Doc` (duck-typed: no spaCy import here), for `tense_hints`.

    Each finite verb gives its subtree's character span and tense: future with will/shall, past
    with a past-tense verb or auxiliary (said, was held, had met), present otherwise. Infinitives
    and participles give none: they take the tense of the verb they depend on ("agreed to meet
    on Friday" is told in the past).
    """
    lex = load_lexicon()
    hints: list[tuple[int, int, str]] = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass"):
            continue
        auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
        forms = [token, *auxiliaries]
        if any(a.lower_ in lex.future_auxiliaries for a in auxiliaries):
            tense = FUTURE
        elif any(
            "Past" in f.morph.get("Tense") and "Part" not in f.morph.get("VerbForm") for f in forms
        ) or any(a.lower_ in lex.past_auxiliaries for a in auxiliaries):
            tense = PAST
        elif any("Fin" in f.morph.get("VerbForm") for f in forms):
            tense = "present"
        else:
            continue  # an infinitive or participle: its governor's clause decides
        words = list(token.subtree)
        hints.append((words[0].idx, words[-1].idx + len(words[-1].text), tense))
    return hints


def parse_dct(value: str | None) -> dt.date | None:
    """The date of a DCT or publication date string (`2020-10-09`, `2020-10-09T12:00:00Z`)."""
    if not value:
        return None
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not found:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# The lexicon and the grammar, built once.


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    months_ambiguous: frozenset[str]
    weekdays: dict[str, int]
    weekdays_abbreviated: frozenset[str]
    numbers: dict[str, int]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool]]
    unit_plurals: dict[str, str]
    parts_of_day: dict[str, str]
    seasons: dict[str, str]
    references: dict[str, str]
    relative_days: dict[str, int]
    relative_parts: dict[str, tuple[int, str]]
    shift_words: dict[str, int]
    period_mods: dict[str, str]
    quantity_mods: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str]
    year_blockers: frozenset[str]
    decades: dict[str, int]
    century_stems: dict[str, int]
    anchored_before_unit: dict[str, int]
    anchored_after_unit: dict[str, int]
    set_quantifiers: tuple[str, ...]
    set_counts: tuple[str, ...]
    clock_words: tuple[str, ...]
    time_zones: tuple[str, ...]
    openers: tuple[str, ...]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    past_ed_exceptions: frozenset[str]
    future_auxiliaries: frozenset[str]
    past_auxiliaries: frozenset[str]


def _load_toml(name: str) -> dict[str, Any]:
    data = resources.files("storyline").joinpath("resources", "timex", name).read_text("utf-8")
    return tomllib.loads(data)


@lru_cache(maxsize=1)
def load_lexicon() -> _Lexicon:
    """The recogniser's word lists (`resources/timex/lexicon.toml` and `cues.toml`)."""
    lex = _load_toml("lexicon.toml")
    cues = _load_toml("cues.toml")

    def by_word(table: dict[str, list[str]]) -> dict[str, int]:
        return {word: int(number) for number, words in table.items() for word in words}

    return _Lexicon(
        months=by_word(lex["months"]),
        months_ambiguous=frozenset(lex["months_ambiguous"]["words"]),
        weekdays=by_word(lex["weekdays"]),
        weekdays_abbreviated=frozenset(lex["weekdays_abbreviated"]["words"]),
        numbers={k: int(v) for k, v in lex["numbers"].items()},
        vague_numbers=frozenset(lex["vague_numbers"]["words"]),
        ordinals={k: int(v) for k, v in lex["ordinals"].items()},
        units={k: (str(v[0]), bool(v[1])) for k, v in lex["units"].items()},
        unit_plurals=dict(lex["unit_plurals"]),
        parts_of_day=dict(lex["parts_of_day"]),
        seasons=dict(lex["seasons"]),
        references=dict(lex["references"]),
        relative_days={k: int(v) for k, v in lex["relative_days"].items()},
        relative_parts={k: (int(v[0]), str(v[1])) for k, v in lex["relative_parts"].items()},
        shift_words={k: int(v) for k, v in lex["shift_words"].items()},
        period_mods=dict(lex["period_mods"]),
        quantity_mods=dict(lex["quantity_mods"]),
        sets={k: str(v[0]) for k, v in lex["sets"].items()},
        holidays=dict(lex["holidays"]),
        year_blockers=frozenset(lex["year_blockers"]["words"]),
        decades={k: int(v) for k, v in lex["decades"].items()},
        century_stems={k: int(v) for k, v in lex["century_stems"].items()},
        anchored_before_unit={k: int(v) for k, v in lex["anchored_before_unit"].items()},
        anchored_after_unit={k: int(v) for k, v in lex["anchored_after_unit"].items()},
        set_quantifiers=tuple(lex["set_quantifiers"]["words"]),
        set_counts=tuple(lex["set_counts"]["words"]),
        clock_words=tuple(lex["clock_words"]["words"]),
        time_zones=tuple(lex["time_zones"]["words"]),
        openers=tuple(lex["openers"]["words"]),
        future_cues=tuple(cues["future"]["words"]),
        past_cues=tuple(cues["past"]["words"]),
        past_ed_exceptions=frozenset(cues["past_ed_exceptions"]["words"]),
        future_auxiliaries=frozenset(cues["future_auxiliaries"]["words"]),
        past_auxiliaries=frozenset(cues["past_auxiliaries"]["words"]),
    )


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(_phrase(w) for w in ordered)


def _phrase(words: str) -> str:
    parts = [re.escape(part).replace("'", "['’]\\s?") for part in words.split()]
    return r"\s+".join(parts)


def _key(text: str | None) -> str:
    """A matched phrase as its lexicon key: lower case, single spaces, straight apostrophes."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", text.lower().replace("’", "'").replace(" '", "'")).strip()


Handler = Callable[["_Scan", re.Match[str], dict[str, str | None]], Timex | None]


@dataclass(frozen=True)
class _Rule:
    handler: Handler
    groups: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern[str]
    rules: dict[str, _Rule]
    lexicon: _Lexicon
    cue_pattern: re.Pattern[str]
    triggers: re.Pattern[str]
    openers: frozenset[str]


# How far before its trigger word an expression may start ("the second half of [next] year").
_REACH = 48
_WORD_START = re.compile(r"(?<![\w'’])['’]?(\w+)")


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    lex = load_lexicon()
    month = rf"(?:{_alt(lex.months)})(?:\s?\.(?=\s?\d)|\.)?"
    full_weekdays = [w for w in lex.weekdays if w not in lex.weekdays_abbreviated]
    weekday = rf"(?:{_alt(full_weekdays)}|(?:{_alt(lex.weekdays_abbreviated)})\.)"
    day = r"(?:3[01]|[12][0-9]|0?[1-9])(?:\s?(?:st|nd|rd|th))?"
    year = r"(?:1[0-9]{3}|20[0-9]{2})"
    # A weekday in front of a date: "Friday, October 9", "Fri 9 Oct".
    lead = rf"(?:(?P<wd>{weekday})\s?,?\s)?"
    num_words = _alt(w for w in lex.numbers if w not in ("a", "an"))
    number = (
        rf"(?:\d+(?:[.,]\d+)?|(?:{num_words})(?:[\s-](?:{num_words}))?"
        rf"|a\s+couple\s+of|a\s+half|an?|{_alt(lex.vague_numbers)})"
    )
    units_singular = list(lex.units)
    unit_forms = units_singular + [u + "s" for u in units_singular] + list(lex.unit_plurals)
    unit = rf"(?:{_alt(unit_forms)})"
    pod = rf"(?:{_alt(lex.parts_of_day)})"
    season = rf"(?:{_alt(lex.seasons)})"
    pmod = rf"(?:{_alt(lex.period_mods)})"
    qmod = rf"(?:{_alt(lex.quantity_mods)})"
    shift = rf"(?:{_alt(lex.shift_words)})"
    ordinal = rf"(?:{_alt(lex.ordinals)}|[1-4](?:st|nd|rd|th))"
    ampm = r"(?:[ap]\s?\.?\s?m\b\.?)"
    zone = rf"(?:\s?(?:{_alt(lex.time_zones)})\b)?"
    every = rf"(?:{_alt(lex.set_quantifiers)})"

    rules: list[tuple[str, Handler]] = [
        # 2020-10-09, 2020-10-09T14:30
        (
            rf"\b(?P<y>{year})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>[0-5]\d))?\b",
            _iso_date,
        ),
        # 09/10/2020 (day first only when unambiguous), 9.10.2020
        (
            rf"\b(?P<a>[0-3]?\d)\s?(?P<sep>[/.])\s?(?P<b>[0-3]?\d)\s?(?P=sep)\s?(?P<y>{year})\b",
            _numeric_date,
        ),
        # Friday, October 9, 2020; Oct. 9th, 2020; December 10 , 2013
        (rf"\b{lead}(?P<mo>{month})\s?(?P<d>{day})\b(?:\s?,)?\s?(?P<y>{year})\b", _full_date),
        # 9 October 2020; the 9th of October, 2020
        (
            rf"\b{lead}(?:the\s)?(?P<d>{day})(?:\sof)?\s(?P<mo>{month})(?:\s?,)?\s(?P<y>{year})\b",
            _full_date,
        ),
        # mid-October 2020, October 2020, the end of October 2020
        (
            rf"(?:\b(?P<pm>{pmod})\s?-?\s?)?\b(?P<mo>{month})(?:\s?,)?(?:\sof)?\s(?P<y>{year})\b"
            rf"(?!\s?[:.]?\d)",
            _month_year,
        ),
        # Thursday, October 8 (no year)
        (rf"\b{lead}(?P<mo>{month})\s?(?P<d>{day})\b(?!\s?[,.]?\s?\d|\s?%|\s?:)", _month_day),
        # 27 September; the 9th of October
        (rf"\b{lead}(?:the\s)?(?P<d>{day})(?:\sof)?\s(?P<mo>{month})\b", _month_day),
        # fiscal 2020, financial year 2021
        (rf"\b(?:fiscal|financial)\s(?:year\s)?(?P<y>{year})\b", _fiscal_year),
        # the third quarter of 2020, Q3 2020, the last quarter
        (
            rf"\b(?:the\s)?(?P<ord>{ordinal}|{shift})\s(?:fiscal\s|financial\s)?quarter\b"
            rf"(?:\sof(?:\sthe\syear)?(?:\s(?P<y>{year}))?)?",
            _quarter,
        ),
        (rf"\bQ(?P<q>[1-4])(?:\s?(?P<y>{year}))?\b", _quarter),
        # the (early) 1990s, the '90s, the nineties
        (
            rf"(?:\bthe\s)?(?:(?P<pm>{pmod})\s?-?\s?)?\b(?P<c>1[0-9]|20)(?P<d>[0-9])0\s?['’]?s\b",
            _decade,
        ),
        (r"(?:\bthe\s)?['’](?P<d>[0-9])0s\b", _decade),
        (rf"\bthe\s(?P<w>{_alt(lex.decades)})\b", _decade),
        # the 20th century
        (
            rf"\b(?:the\s)?(?:(?P<pm>{pmod})\s?-?\s?)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ordinal}|"
            rf"(?:{_alt(lex.century_stems)})(?:th|st))[\s-]century\b",
            _century,
        ),
        # every Monday, each year, twice a week, every other day
        (
            rf"\b{every}\s(?:(?P<n>other|{number})\s)?(?P<what>{weekday}|{unit}|{season}|"
            rf"{month}|{pod})\b",
            _set_every,
        ),
        (
            rf"\b(?P<n>{_alt(lex.set_counts)}|{number}\stimes)\s(?:a|an|per|{every})\s(?P<u>{unit})\b",
            _set_times,
        ),
        (rf"\b(?:on\s)?(?P<wd>{_alt(w + 's' for w in full_weekdays)})\b", _set_weekdays),
        (rf"\b(?P<w>{_alt(lex.sets)})\b", _set_word),
        # tonight, this morning, yesterday evening
        (rf"\b(?P<w>{_alt(lex.relative_parts)})\b", _relative_part),
        # last Friday, Thursday night, on Friday morning, Monday's
        (rf"\b(?:(?P<sh>{shift})\s)?(?P<wd>{weekday})(?:\s(?P<pod>{pod}))?\b", _weekday),
        # the day before yesterday, today, yesterday
        (rf"\b(?P<w>{_alt(lex.relative_days)})\b", _relative_day),
        # the next day, the following week, the same day, the day before
        (
            rf"\b(?:the\s(?P<sh>{_alt(lex.anchored_before_unit)})|that)\s"
            r"(?P<u>day|morning|afternoon|evening|night|week|month|year)\b",
            _anchored_day,
        ),
        (
            rf"\bthe\s(?P<u>day|week|month|year)\s(?P<w>{_alt(lex.anchored_after_unit)})\b",
            _anchored_day,
        ),
        # two weeks ago, three days from now, a year earlier
        (
            rf"(?:\b(?P<qm>{qmod})\s)?\b(?P<x>(?P<n>{number})\s(?P<u>{unit}))\s(?P<dir>ago|from\s+now|"
            r"hence|earlier|later|before|after|back)\b",
            _ago,
        ),
        (r"\b(?P<x>(?P<u>years|decades|months|weeks|days|hours|centuries))\s(?P<dir>ago)\b", _ago),
        # in two days, in a week's time
        (
            rf"\bin\s(?P<x>(?P<n>{number})\s(?P<u>{unit}))(?:['’]\s?s?\s?time)?\b(?![\s-]long)",
            _in_duration,
        ),
        # earlier this month, late last month, next year, the end of the month, this weekend
        (
            rf"(?:\b(?P<pm>{pmod})\s?-?\s?)?\b(?:(?P<the>the)\s)?(?P<sh>{shift})\s"
            rf"(?P<u>week|weekend|month|year|decade|century|fortnight|quarter)\b",
            _relative_period,
        ),
        (
            rf"\b(?P<pm>{pmod})\s?-?\s?the\s(?P<u>week|weekend|month|year|decade|century|day)\b",
            _relative_period,
        ),
        # the past three years, more than a week, decades-long, three-day
        (
            rf"(?:\b(?P<qm>{qmod})\s)?\b(?P<x>(?:the\s(?P<sh>past|last|next|coming|previous|"
            rf"following|first)\s)?(?P<n>{number})\s?-?\s?(?P<u>{unit})(?P<long>-long)?)\b",
            _duration,
        ),
        (
            r"\b(?P<pre>for|over|within|in|after)\s(?P<x>(?P<u>years|decades|months|weeks|days|hours|"
            r"minutes|centuries))\b(?!\s(?:of\s)?(?:ago|later|earlier))",
            _vague_duration,
        ),
        (
            r"\b(?P<x>(?P<u>years|decades|months|weeks|days|hours|centuries)-long)\b",
            _vague_duration,
        ),
        # the first half of 2020, mid-2011, early 2009, in 1988, 1992-1994
        (
            rf"(?:\b(?P<pm>{pmod})\s?-?\s?)?\b(?P<y>{year})\b(?!\s?(?:[.,:]\s?\d|%|-\d{{1,2}}\b))",
            _year,
        ),
        # this summer, last winter, in the spring of 2019, mid-October, the end of October
        (
            rf"(?:\b(?P<pm>{pmod})\s?-?\s?)?\b(?:(?P<sh>{shift}|the)\s)?(?P<s>{season})\b"
            rf"(?:\sof\s(?P<y>{year}))?",
            _season,
        ),
        (rf"(?:\b(?P<pm>{pmod})\s?-?\s?)?\b(?:(?P<sh>{shift})\s)?(?P<mo>{month})\b", _month),
        (
            rf"(?:\b(?P<sh>last|this|next)\s)?\b(?P<hol>{_alt(lex.holidays)})\b(?:\s(?P<y>{year}))?",
            _holiday,
        ),
        # over the weekend, at the weekend
        (r"\b(?:over|at|during|on|through)\s(?P<x>the\sweekend)\b", _the_weekend),
        # on the 9th
        (
            r"\b(?:on|by|until|till|since|from|before|after)\s(?P<x>the\s(?P<d>3[01]|[12][0-9]|[1-9])"
            r"(?:st|nd|rd|th))\b(?!\s(?:of|century|anniversary|day|time|floor|round|place|"
            r"minute|hour|week|month|year)\b)",
            _nth_day,
        ),
        # 10:30 a.m., 3 pm local time, 0800 GMT, noon
        (
            rf"\b(?P<h>[01]?\d|2[0-3])(?:(?:\s?:\s?|\.(?=\d\d\s?{ampm}))(?P<mi>[0-5]\d))?\s?(?P<ap>{ampm})?"
            rf"{zone}(?![\d:])",
            _clock,
        ),
        (r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s(?:GMT|UTC|hours|hrs|local\s+time)\b", _clock),
        (rf"\b(?:at\s)(?P<x>(?P<w>{_alt(lex.clock_words)}))\b", _clock_word),
        (rf"\b(?P<w>{_alt(lex.references)})\b", _reference),
    ]
    parts: list[str] = []
    compiled: dict[str, _Rule] = {}
    for index, (source, handler) in enumerate(rules):
        name = f"r{index}"
        prefixed = re.sub(r"\(\?P<(\w+)>", rf"(?P<{name}_\1>", source)
        prefixed = re.sub(r"\(\?P=(\w+)\)", rf"(?P={name}_\1)", prefixed)
        parts.append(f"(?P<{name}>{prefixed})")
        inner = re.findall(rf"\(\?P<({name}_\w+)>", prefixed)
        compiled[name] = _Rule(handler, tuple((g, g[len(name) + 1 :]) for g in inner))
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    cue_words = [(w, "f") for w in lex.future_cues] + [(w, "p") for w in lex.past_cues]
    future = _alt(w for w, kind in cue_words if kind == "f")
    past = _alt(w for w, kind in cue_words if kind == "p")
    cue_pattern = re.compile(
        rf"(?<![\w'’])(?:(?P<f>{future})|(?P<p>{past})|(?P<ed>[a-z]{{2,}}ed))(?![\w'’])",
        re.IGNORECASE,
    )
    return _Grammar(pattern, compiled, lex, cue_pattern, _trigger_pattern(lex), _opener_words(lex))


def _trigger_pattern(lex: _Lexicon) -> re.Pattern[str]:
    """Digits and the last word of every lexicon phrase: each expression contains one."""
    phrases: list[str] = [
        *lex.months,
        *lex.weekdays,
        *(w + "s" for w in lex.weekdays),
        *lex.units,
        *(u + "s" for u in lex.units),
        *lex.unit_plurals,
        *lex.parts_of_day,
        *lex.seasons,
        *lex.references,
        *lex.relative_days,
        *lex.relative_parts,
        *lex.sets,
        *lex.holidays,
        *lex.set_quantifiers,
        *lex.set_counts,
        *lex.decades,
        "century",
        "centuries",
        "q1",
        "q2",
        "q3",
        "q4",
    ]
    heads = {_key(phrase).split()[-1].split("'")[0] for phrase in phrases}
    heads.discard("")
    words = "|".join(re.escape(h) for h in sorted(heads, key=lambda h: (-len(h), h)))
    return re.compile(rf"(?<![\w'’])(?:['’]?\d+|(?:{words})\b)", re.IGNORECASE)


def _opener_words(lex: _Lexicon) -> frozenset[str]:
    """Words an expression may start with: a match is only tried from these (or the trigger)."""
    phrases: list[str] = [
        *lex.openers,
        *lex.numbers,
        *lex.vague_numbers,
        *lex.ordinals,
        *lex.shift_words,
        *lex.period_mods,
        *lex.quantity_mods,
        *lex.references,
        *lex.relative_days,
        *lex.relative_parts,
        *lex.holidays,
        *lex.weekdays,
        *lex.months,
        *lex.seasons,
        *lex.set_quantifiers,
        *lex.set_counts,
    ]
    return frozenset(_key(p).split()[0].split("-")[0].split("'")[0] for p in phrases)


# --------------------------------------------------------------------------------------------
# One scan of one text: context, anchors and the expressions found so far.

_CLAUSE_END = re.compile(r"[.!?;:\n\"“”]\s|\n|\s[-–—]\s")
_WINDOW = 90
# What may stand between an auxiliary and its participle: spaces and at most one adverb.
_AUXILIARY_GAP = re.compile(r"\s+(?:\w+ly\s+|be\s+|been\s+)?")


class _Scan:
    def __init__(self, text: str, dct: dt.date | None, hints: TenseHints | None) -> None:
        self.text = text
        self.dct = dct
        self.hints = hints
        self.found: list[Timex] = []
        self.lex = _grammar().lexicon
        self.last_day: dt.date | None = None

    def add(self, timex: Timex) -> None:
        if self.found and timex.start < self.found[-1].end:
            return
        self.found.append(timex)
        if timex.precision in ("day", "time") and re.match(r"\d{4}-\d\d-\d\d", timex.value):
            day = parse_dct(timex.value)
            if day is not None:
                self.last_day = day

    def make(
        self,
        match: re.Match[str],
        groups: dict[str, str | None],
        kind: str,
        value: str,
        precision: str,
        *,
        anchor: str | None = None,
        direction: str | None = None,
        mod: str | None = None,
        to_end: bool = False,
    ) -> Timex:
        """The timex of `match`: its group "x" when it has one (to the match's end if `to_end`)."""
        if groups.get("x") is not None:
            name = next(
                full
                for full, short in _grammar().rules[match.lastgroup or ""].groups
                if short == "x"
            )
            start, end = match.span(name)
            if to_end:
                end = match.end()
        else:
            start, end = match.span()
        while end > start and self.text[end - 1] in " \t":
            end -= 1
        if self.dct is None and anchor == "dct":
            anchor = None
        return Timex(
            start, end, self.text[start:end], kind, value, precision, anchor, direction, mod
        )

    def word_before(self, index: int) -> str:
        head = self.text[max(0, index - 30) : index]
        found = re.search(r"([\w'’]+)\W*$", head)
        return found.group(1).lower() if found else ""

    def word_after(self, index: int) -> str:
        found = re.match(r"\W{0,2}([\w'’]+)", self.text[index : index + 30])
        return found.group(1).lower() if found else ""

    def direction(self, start: int, end: int) -> str | None:
        """Past or future, from the tense hints or the nearest cue word in the clause."""
        if self.hints:
            # The narrowest span holding the expression speaks for its clause; a present (or
            # unknown) tense says nothing about direction, so the cue words decide then.
            holding = [h for h in self.hints if h[0] <= start and end <= h[1]]
            if holding:
                tense = min(holding, key=lambda h: h[1] - h[0])[2]
                if tense in (PAST, FUTURE):
                    return tense
        text = self.text
        left_from = max(0, start - _WINDOW)
        left = text[left_from:start]
        cuts = [found.end() for found in _CLAUSE_END.finditer(left)]
        if cuts:
            left_from += cuts[-1]
            left = text[left_from:start]
        right = text[end : end + _WINDOW]
        stop = _CLAUSE_END.search(right)
        if stop:
            right = right[: stop.start()]
        cue = _grammar().cue_pattern
        # The verb usually comes first ("said on Friday", "will host ... on Friday"): the cue
        # nearest before the expression decides; only a fronted expression ("On Friday, X will
        # host") or one before its verb ("Pompeo on Friday said") looks right.
        nearest: str | None = None
        previous_end = -100
        for found in cue.finditer(left):
            # A participle after its auxiliary ("will be announced", "has been delayed") takes
            # the auxiliary's tense.
            participle = found.group("ed") and _AUXILIARY_GAP.fullmatch(
                left[previous_end : found.start()]
            )
            if not participle:
                nearest = self._cue_kind(found) or nearest
            previous_end = found.end()
        if nearest:
            return nearest
        for found in cue.finditer(right):
            kind = self._cue_kind(found)
            if kind:
                return kind
        return None

    def _cue_kind(self, found: re.Match[str]) -> str | None:
        if found.group("f"):
            return FUTURE
        if found.group("p"):
            return PAST
        word = found.group("ed").lower()
        if word in self.lex.past_ed_exceptions or word.endswith("eed"):
            return None
        return PAST


# --------------------------------------------------------------------------------------------
# Calendar arithmetic.


def _iso(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(dct: dt.date, month: int, day: int, direction: str | None) -> int:
    """The year of an underspecified month-day, as the module docstring says."""
    here = _safe_date(dct.year, month, day) or dt.date(dct.year, month, 28)
    delta = (here - dct).days
    if direction == PAST:
        return dct.year - 1 if delta > 30 else dct.year
    if direction == FUTURE:
        return dct.year + 1 if delta < -30 else dct.year
    if delta > 182:
        return dct.year - 1
    if delta < -182:
        return dct.year + 1
    return dct.year


def _number(lex: _Lexicon, text: str | None) -> float | None:
    """The value of a number phrase; None for a vague one ("several")."""
    if text is None:
        return None
    key = _key(text)
    if key in lex.vague_numbers:
        return None
    if key in ("a couple of",):
        return 2
    if key == "a half":
        return 0.5
    if key[:1].isdigit():
        try:
            return float(key.replace(",", ""))
        except ValueError:
            return None
    total = 0.0
    for part in re.split(r"[\s-]+", key):
        if part in lex.numbers:
            value = lex.numbers[part]
            total = total * value if value == 100 and total else total + value
    return total or None


def _unit(lex: _Lexicon, text: str) -> tuple[str, str, bool]:
    """(singular name, TIMEX3 unit, is a time unit) of a unit word."""
    key = _key(text).removesuffix("-long")
    key = lex.unit_plurals.get(key, key)
    if key not in lex.units and key.endswith("s"):
        key = key[:-1]
    letter, is_time = lex.units[key]
    return key, letter, is_time


def _duration_value(lex: _Lexicon, amount: float | None, unit_text: str) -> str:
    _, letter, is_time = _unit(lex, unit_text)
    prefix = "PT" if is_time else "P"
    if letter == "Q":
        letter, factor = "M", 3.0
    elif letter == "WE":
        letter, factor = "D", 2.0
    elif letter[0].isdigit():
        factor, letter = float(letter[:-1]), letter[-1]
    else:
        factor = 1.0
    if amount is None:
        return f"{prefix}X{letter}"
    total = amount * factor
    if total != int(total):
        if letter == "Y":
            return f"P{round(total * 12)}M"
        if letter == "D":
            return f"PT{round(total * 24)}H"
        if letter == "H":
            return f"PT{round(total * 60)}M"
        return f"{prefix}{total:g}{letter}"
    return f"{prefix}{int(total)}{letter}"


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _holiday_date(rule: str, year: int) -> dt.date | None:
    if rule.startswith("easter"):
        return _easter(year) + dt.timedelta(days=int(rule[6:] or 0))
    if rule.startswith("nth:"):
        _, month_s, weekday_s, nth_s = rule.split(":")
        month, weekday, nth = int(month_s), int(weekday_s), int(nth_s)
        if nth > 0:
            first = dt.date(year, month, 1)
            offset = (weekday - first.isoweekday()) % 7
            return first + dt.timedelta(days=offset + 7 * (nth - 1))
        nxt_y, nxt_m = _add_months(year, month, 1)
        last = dt.date(nxt_y, nxt_m, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    month_s, day_s = rule.split("-")
    return _safe_date(year, int(month_s), int(day_s))


# --------------------------------------------------------------------------------------------
# Handlers: one per rule; each returns a Timex or None to reject the match.

G = dict[str, str | None]


def _month_number(lex: _Lexicon, text: str) -> int:
    return lex.months[_key(text).rstrip(" .")]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _iso_date(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    day = _safe_date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    if day is None:
        return None
    if g["h"]:
        return scan.make(m, g, "TIME", f"{_iso(day)}T{g['h']}:{g['mi']}", "time", anchor="explicit")
    return scan.make(m, g, "DATE", _iso(day), "day", anchor="explicit")


def _numeric_date(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    a, b, year = int(g["a"] or 0), int(g["b"] or 0), int(g["y"] or 0)
    # Slashes: month first (US style) unless impossible; dots: day first (European style).
    month, day_n = (a, b) if g["sep"] == "/" and a <= 12 else (b, a)
    day = _safe_date(year, month, day_n)
    if day is None:
        return None
    return scan.make(m, g, "DATE", _iso(day), "day", anchor="explicit")


def _full_date(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    month = _month_number(scan.lex, g["mo"] or "")
    day = _safe_date(int(g["y"] or 0), month, _day_number(g["d"] or ""))
    if day is None:
        return None
    return scan.make(m, g, "DATE", _iso(day), "day", anchor="explicit")


def _month_ok(scan: _Scan, m: re.Match[str], word: str, context: bool) -> bool:
    """An ambiguous month word ("may", "march") only capitalised and in a date context."""
    key = _key(word).rstrip(" .")
    if not word[:1].isupper():
        return False
    return key not in scan.lex.months_ambiguous or context


def _month_day(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    if not _month_ok(scan, m, g["mo"] or "", True):
        return None
    month = _month_number(scan.lex, g["mo"] or "")
    day_n = _day_number(g["d"] or "")
    if _safe_date(2000, month, day_n) is None:
        return None
    if scan.dct is None:
        return scan.make(m, g, "DATE", f"XXXX-{month:02d}-{day_n:02d}", "day")
    direction = scan.direction(m.start(), m.end())
    year = _year_for(scan.dct, month, day_n, direction)
    if g.get("wd"):
        # "Friday, October 9": take the year in which that month-day is that weekday, if near.
        weekday = scan.lex.weekdays[_key(g["wd"] or "").rstrip(".")]
        for candidate in (year, year - 1, year + 1):
            found = _safe_date(candidate, month, day_n)
            if found and found.isoweekday() == weekday:
                year = candidate
                break
    value = f"{year:04d}-{month:02d}-{day_n:02d}"
    return scan.make(m, g, "DATE", value, "day", anchor="dct", direction=direction)


def _month_year(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    if not _month_ok(scan, m, g["mo"] or "", True):
        return None
    month = _month_number(scan.lex, g["mo"] or "")
    mod = scan.lex.period_mods.get(_key(g["pm"])) if g["pm"] else None
    return scan.make(
        m, g, "DATE", f"{int(g['y'] or 0):04d}-{month:02d}", "month", anchor="explicit", mod=mod
    )


def _fiscal_year(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    return scan.make(m, g, "DATE", f"FY{g['y']}", "year", anchor="explicit")


def _quarter(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    if g.get("q"):
        number = int(g["q"] or 0)
    else:
        word = _key(g["ord"] or "")
        if word in lex.shift_words and not g.get("y"):
            if scan.dct is None:
                return scan.make(m, g, "DATE", "XXXX-QX", "quarter")
            quarter_index = scan.dct.year * 4 + (scan.dct.month - 1) // 3 + lex.shift_words[word]
            value = f"{quarter_index // 4:04d}-Q{quarter_index % 4 + 1}"
            return scan.make(m, g, "DATE", value, "quarter", anchor="dct")
        number = int(word[:1]) if word[:1].isdigit() else lex.ordinals.get(word, 0)
        if number == -1:
            number = 4
        if not 1 <= number <= 4:
            return None
    if g.get("y"):
        return scan.make(m, g, "DATE", f"{g['y']}-Q{number}", "quarter", anchor="explicit")
    if scan.dct is None:
        return scan.make(m, g, "DATE", f"XXXX-Q{number}", "quarter")
    current = (scan.dct.month - 1) // 3 + 1
    direction = scan.direction(m.start(), m.end())
    year = scan.dct.year
    if direction == PAST and number > current:
        year -= 1
    elif direction == FUTURE and number < current:
        year += 1
    return scan.make(
        m, g, "DATE", f"{year:04d}-Q{number}", "quarter", anchor="dct", direction=direction
    )


def _decade(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    mod = scan.lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    if g.get("w"):
        value = f"19{scan.lex.decades[_key(g['w'] or '')]}"
        return scan.make(m, g, "DATE", value, "decade", anchor="explicit", mod=mod)
    century = g.get("c") or "19"
    return scan.make(m, g, "DATE", f"{century}{g['d']}", "decade", anchor="explicit", mod=mod)


def _century(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    word = _key(g["n"] or "")
    digits = re.match(r"\d+", word)
    if digits:
        number = int(digits.group())
    else:
        stems = scan.lex.century_stems.items()
        number = next((v for k, v in stems if word.startswith(k)), 0)
        number = number or scan.lex.ordinals.get(word, 0)
    if not 1 <= number <= 30:
        return None
    mod = scan.lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    return scan.make(m, g, "DATE", f"{number - 1:02d}", "century", anchor="explicit", mod=mod)


def _set_every(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    what = _key(g["what"] or "").rstrip(".")
    count = g.get("n")
    amount = 2.0 if count and _key(count) == "other" else _number(lex, count) if count else 1.0
    if what in lex.weekdays:
        return scan.make(m, g, "SET", f"XXXX-WXX-{lex.weekdays[what]}", "set")
    if what in lex.months:
        return scan.make(m, g, "SET", f"XXXX-{lex.months[what]:02d}", "set")
    if what in lex.seasons:
        return scan.make(m, g, "SET", f"XXXX-{lex.seasons[what]}", "set")
    if what in lex.parts_of_day:
        return scan.make(m, g, "SET", f"XXXX-XX-XXT{lex.parts_of_day[what]}", "set")
    return scan.make(m, g, "SET", _duration_value(lex, amount, what), "set")


def _set_times(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    return scan.make(m, g, "SET", _duration_value(scan.lex, 1, g["u"] or ""), "set")


def _set_weekdays(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    word = g["wd"] or ""
    if not word[:1].isupper():
        return None
    weekday = scan.lex.weekdays[_key(word)[:-1]]
    return scan.make(m, g, "SET", f"XXXX-WXX-{weekday}", "set")


def _set_word(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    if _inside_name(scan, m):
        return None  # "the Anchorage Daily News", "Us Weekly"
    return scan.make(m, g, "SET", scan.lex.sets[_key(g["w"] or "")], "set")


def _relative_part(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    offset, part = scan.lex.relative_parts[_key(g["w"] or "")]
    if scan.dct is None:
        return scan.make(m, g, "TIME" if part else "DATE", "XXXX-XX-XX", "day")
    day = _iso(scan.dct + dt.timedelta(days=offset))
    if not part:
        return scan.make(m, g, "DATE", day, "day", anchor="dct")
    return scan.make(m, g, "TIME", f"{day}T{part}", "time", anchor="dct")


def _weekday(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    word = g["wd"] or ""
    key = _key(word).rstrip(".")
    if key in lex.weekdays_abbreviated and not word[:1].isupper():
        return None
    weekday = lex.weekdays[key]
    shift_word = _key(g["sh"]) if g.get("sh") else None
    part = lex.parts_of_day.get(_key(g["pod"])) if g.get("pod") else None
    kind, precision = ("TIME", "time") if part else ("DATE", "day")
    if scan.dct is None:
        return scan.make(
            m, g, kind, f"XXXX-WXX-{weekday}" + (f"T{part}" if part else ""), precision
        )
    dct = scan.dct
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    shift = lex.shift_words.get(shift_word, 0) if shift_word else None
    direction: str | None
    if shift is not None and shift < 0:
        day, direction = dct - dt.timedelta(days=back or 7), PAST
    elif shift is not None and shift > 0:
        day, direction = dct + dt.timedelta(days=ahead or 7), FUTURE
    else:
        direction = scan.direction(m.start(), m.end())
        if direction == FUTURE:
            day = dct + dt.timedelta(days=ahead)
        else:
            day = dct - dt.timedelta(days=back)
    value = _iso(day) + (f"T{part}" if part else "")
    return scan.make(m, g, kind, value, precision, anchor="dct", direction=direction)


def _relative_day(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    offset = scan.lex.relative_days[_key(g["w"] or "")]
    if scan.dct is None:
        return scan.make(m, g, "DATE", "XXXX-XX-XX", "day")
    return scan.make(m, g, "DATE", _iso(scan.dct + dt.timedelta(days=offset)), "day", anchor="dct")


def _anchored_day(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    unit = _key(g["u"] or "")
    word = _key(g.get("sh") or g.get("w") or "that")
    lex = scan.lex
    step = lex.anchored_before_unit.get(word, lex.anchored_after_unit.get(word, 0))
    base = scan.last_day or scan.dct
    anchor = "previous" if scan.last_day else "dct"
    if base is None:
        return scan.make(m, g, "DATE", "XXXX-XX-XX", "day")
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        day = base + dt.timedelta(days=step)
        if unit != "day":
            part = scan.lex.parts_of_day[unit]
            return scan.make(m, g, "TIME", f"{_iso(day)}T{part}", "time", anchor=anchor)
        return scan.make(m, g, "DATE", _iso(day), "day", anchor=anchor)
    if unit == "week":
        return scan.make(
            m, g, "DATE", _week(base + dt.timedelta(weeks=step)), "week", anchor=anchor
        )
    if unit == "month":
        year, month = _add_months(base.year, base.month, step)
        return scan.make(m, g, "DATE", f"{year:04d}-{month:02d}", "month", anchor=anchor)
    return scan.make(m, g, "DATE", f"{base.year + step:04d}", "year", anchor=anchor)


def _shifted(dct: dt.date, unit: str, amount: int) -> tuple[str, str]:
    """(value, precision) of the `unit` that is `amount` units from the DCT's."""
    if unit in ("day", "night", "hour", "minute", "second"):
        days = amount if unit in ("day", "night") else 0
        return _iso(dct + dt.timedelta(days=days)), "day"
    if unit in ("week", "fortnight"):
        weeks = amount * (2 if unit == "fortnight" else 1)
        return _week(dct + dt.timedelta(weeks=weeks)), "week"
    if unit == "weekend":
        return _week(dct + dt.timedelta(weeks=amount)) + "-WE", "week"
    if unit == "month":
        year, month = _add_months(dct.year, dct.month, amount)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "quarter":
        index = dct.year * 4 + (dct.month - 1) // 3 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if unit == "decade":
        return f"{(dct.year // 10 + amount):03d}", "decade"
    if unit in ("century", "millennium"):
        return f"{(dct.year // 100 + amount):02d}", "century"
    return f"{dct.year + amount:04d}", "year"


def _ago(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    word = _key(g["dir"] or "")
    unit_name, _, _ = _unit(lex, g["u"] or "")
    amount = _number(lex, g.get("n")) if g.get("n") else None
    if word not in ("ago", "from now", "hence", "back"):
        # "two days later": anchored on an event, not the DCT: keep it a duration.
        qmod = lex.quantity_mods.get(_key(g["qm"])) if g.get("qm") else None
        return scan.make(
            m, g, "DURATION", _duration_value(lex, amount, g["u"] or ""), "duration", mod=qmod
        )
    sign = 1 if word in ("from now", "hence") else -1
    ref = "FUTURE_REF" if sign > 0 else "PAST_REF"
    if amount is None or scan.dct is None or amount != int(amount):
        unknown = ref if amount is None else "XXXX-XX-XX"
        return scan.make(m, g, "DATE", unknown, "ref", to_end=True)
    mod = "APPROX" if g.get("qm") else None
    value, precision = _shifted(scan.dct, unit_name, sign * int(amount))
    return scan.make(
        m,
        g,
        "DATE",
        value,
        precision,
        anchor="dct",
        direction=PAST if sign < 0 else FUTURE,
        mod=mod,
        to_end=True,
    )


def _in_duration(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    amount = _number(lex, g["n"])
    unit_name, _, _ = _unit(lex, g["u"] or "")
    direction = scan.direction(m.start(), m.end())
    if amount is None or amount != int(amount) or direction == PAST or scan.dct is None:
        return scan.make(m, g, "DURATION", _duration_value(lex, amount, g["u"] or ""), "duration")
    value, precision = _shifted(scan.dct, unit_name, int(amount))
    return scan.make(m, g, "DATE", value, precision, anchor="dct", direction=FUTURE)


def _relative_period(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    unit = _key(g["u"] or "")
    shift_word = _key(g["sh"]) if g.get("sh") else "this"
    mod = lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    if g.get("the") and shift_word in ("past", "last", "next", "coming", "previous") and not mod:
        # "the past week", "the coming year": a period reaching to the DCT, a duration.
        return scan.make(m, g, "DURATION", _duration_value(lex, 1, unit), "duration")
    if shift_word in ("following", "previous", "preceding", "prior") and g.get("the"):
        return _anchored_day(scan, m, {"u": unit, "sh": shift_word})
    if unit == "day":
        return (
            _relative_day(scan, m, {"w": "today"})
            if not mod
            else scan.make(
                m,
                g,
                "DATE",
                _iso(scan.dct) if scan.dct else "XXXX-XX-XX",
                "day",
                anchor="dct",
                mod=mod,
            )
        )
    amount = lex.shift_words.get(shift_word, 0)
    if scan.dct is None:
        return scan.make(
            m, g, "DATE", "XXXX-XX-XX" if unit != "year" else "XXXX", "unknown", mod=mod
        )
    value, precision = _shifted(scan.dct, unit, amount)
    direction = PAST if amount < 0 else FUTURE if amount > 0 else None
    return scan.make(m, g, "DATE", value, precision, anchor="dct", direction=direction, mod=mod)


def _duration(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    number_text = _key(g["n"] or "")
    unit_text = _key(g["u"] or "")
    unit_name, _, _ = _unit(lex, unit_text)
    if number_text in ("a", "an") and unit_name in ("second", "quarter", "night"):
        return None  # "a second round", "a quarter of voters"
    if unit_name == "weekend":
        return None
    if number_text[:1].isdigit() and "," in number_text:
        return None
    amount = _number(lex, g["n"])
    if number_text in lex.vague_numbers and number_text == "some" and not g.get("sh"):
        return None
    qmod = lex.quantity_mods.get(_key(g["qm"])) if g.get("qm") else None
    return scan.make(
        m, g, "DURATION", _duration_value(lex, amount, unit_text), "duration", mod=qmod
    )


def _vague_duration(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    return scan.make(m, g, "DURATION", _duration_value(scan.lex, None, g["u"] or ""), "duration")


def _year(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    year = int(g["y"] or 0)
    start = m.start()
    before = scan.text[max(0, start - 2) : start]
    after = scan.text[m.end() : m.end() + 2]
    if re.search(r"[$€£#№/]\s?$|\d[,.]\s?$", before) or re.match(r"\s?/", after):
        return None  # money, a count, a URL path
    following = scan.word_after(m.end())
    if following in scan.lex.year_blockers:
        return None
    if not 1800 <= year <= 2099:
        previous = scan.word_before(start)
        if previous not in ("in", "since", "of", "by", "until", "from", "year", "around"):
            return None
    mod = scan.lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    return scan.make(m, g, "DATE", f"{year:04d}", "year", anchor="explicit", mod=mod)


def _season(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    code = lex.seasons[_key(g["s"] or "")]
    shift_word = _key(g["sh"]) if g.get("sh") else None
    mod = lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    if g.get("y"):
        return scan.make(m, g, "DATE", f"{g['y']}-{code}", "season", anchor="explicit", mod=mod)
    if shift_word in (None, "the"):
        previous = scan.word_before(m.start())
        if previous not in ("in", "during", "this", "since", "until", "by", "over", "through"):
            return None
        if _key(g["s"] or "") == "fall" and shift_word is None:
            return None
        if scan.word_after(m.end()) == "of":
            return None  # "the fall of the empire", "the spring of discontent"
    if scan.dct is None:
        return scan.make(m, g, "DATE", f"XXXX-{code}", "season", mod=mod)
    amount = lex.shift_words.get(shift_word or "", 0)
    season_order = ["WI", "SP", "SU", "FA"]
    current = season_order[(scan.dct.month % 12) // 3]
    year = scan.dct.year + amount
    direction = None
    if shift_word in (None, "the", "this"):
        direction = scan.direction(m.start(), m.end())
        here, there = season_order.index(current), season_order.index(code)
        if direction == PAST and there > here:
            year -= 1
        elif direction == FUTURE and there < here:
            year += 1
    return scan.make(
        m, g, "DATE", f"{year:04d}-{code}", "season", anchor="dct", direction=direction, mod=mod
    )


def _month(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    lex = scan.lex
    word = g["mo"] or ""
    shift_word = _key(g["sh"]) if g.get("sh") else None
    previous = scan.word_before(m.start())
    context = bool(g.get("pm") or shift_word) or previous in (
        "in",
        "since",
        "until",
        "till",
        "by",
        "of",
        "from",
        "through",
        "during",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "to",
        "and",
        "or",
        "between",
        "last",
        "this",
        "next",
    )
    if not _month_ok(scan, m, word, context):
        return None
    month = _month_number(lex, word)
    mod = lex.period_mods.get(_key(g["pm"])) if g.get("pm") else None
    if scan.dct is None:
        return scan.make(m, g, "DATE", f"XXXX-{month:02d}", "month", mod=mod)
    year = scan.dct.year
    direction: str | None
    if shift_word in ("last", "past", "previous"):
        direction = PAST
        year -= 1 if month >= scan.dct.month else 0
    elif shift_word in ("next", "coming", "following", "upcoming"):
        direction = FUTURE
        year += 1 if month <= scan.dct.month else 0
    else:
        direction = scan.direction(m.start(), m.end())
        if direction == PAST and month > scan.dct.month:
            year -= 1
        elif direction == FUTURE and month < scan.dct.month:
            year += 1
    return scan.make(
        m, g, "DATE", f"{year:04d}-{month:02d}", "month", anchor="dct", direction=direction, mod=mod
    )


def _holiday(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    name = g["hol"] or ""
    if not name[:1].isupper():
        return None
    rule = scan.lex.holidays[_key(name)]
    if g.get("y"):
        day = _holiday_date(rule, int(g["y"] or 0))
        if day is None:
            return None
        return scan.make(m, g, "DATE", _iso(day), "day", anchor="explicit")
    if scan.dct is None:
        if rule[:2].isdigit():
            return scan.make(m, g, "DATE", f"XXXX-{rule}", "day")
        return scan.make(m, g, "DATE", "XXXX-XX-XX", "day")
    shift_word = _key(g["sh"]) if g.get("sh") else None
    direction = scan.direction(m.start(), m.end())
    if shift_word == "last":
        direction = PAST
    elif shift_word == "next":
        direction = FUTURE
    candidates = [
        d
        for d in (_holiday_date(rule, y) for y in range(scan.dct.year - 1, scan.dct.year + 2))
        if d is not None
    ]
    if direction == PAST:
        options = [d for d in candidates if d <= scan.dct]
        day = options[-1] if options else candidates[0]
    elif direction == FUTURE:
        options = [d for d in candidates if d >= scan.dct]
        day = options[0] if options else candidates[-1]
    else:
        day = min(candidates, key=lambda d: abs((d - scan.dct).days))  # type: ignore[operator]
    return scan.make(m, g, "DATE", _iso(day), "day", anchor="dct", direction=direction)


def _the_weekend(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    if scan.dct is None:
        return scan.make(m, g, "DATE", "XXXX-WXX-WE", "week")
    direction = scan.direction(m.start(), m.end())
    dct = scan.dct
    if direction == FUTURE:
        day = dct + dt.timedelta(days=(6 - dct.isoweekday()) % 7)
    else:
        # The weekend just past, or this one when the article appears on it.
        day = dct - dt.timedelta(
            days=(dct.isoweekday() - 6) % 7 if dct.isoweekday() >= 6 else dct.isoweekday() + 1
        )
    return scan.make(m, g, "DATE", _week(day) + "-WE", "week", anchor="dct", direction=direction)


def _nth_day(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    day_n = int(g["d"] or 0)
    if scan.dct is None:
        return scan.make(m, g, "DATE", f"XXXX-XX-{day_n:02d}", "day")
    direction = scan.direction(m.start(), m.end())
    year, month = scan.dct.year, scan.dct.month
    if direction == PAST and day_n > scan.dct.day:
        year, month = _add_months(year, month, -1)
    elif direction == FUTURE and day_n < scan.dct.day:
        year, month = _add_months(year, month, 1)
    if _safe_date(year, month, day_n) is None:
        return None
    return scan.make(
        m,
        g,
        "DATE",
        f"{year:04d}-{month:02d}-{day_n:02d}",
        "day",
        anchor="dct",
        direction=direction,
    )


def _clock(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    hour = int(g["h"] or 0)
    minute = int(g["mi"] or 0) if g.get("mi") else 0
    ampm = (g.get("ap") or "").lower().replace(" ", "").replace(".", "")
    if not g.get("mi") and not ampm:
        return None
    # A bare "10:30" is a clock time only after "at"/"from"/... or a date ("17/06/2019 08:15"),
    # or with a zone ("10:30 GMT").
    lead_in = re.search(
        r"\b(?:at|from|until|till|by|before|after|around)\s*$",
        scan.text[max(0, m.start() - 12) : m.start()],
    ) or (
        scan.found
        and scan.found[-1].precision == "day"
        and re.fullmatch(r"\s?,?\s?", scan.text[scan.found[-1].end : m.start()])
    )
    zoned = re.search(r"[A-Z]T\b|UTC|local|hours|hrs", m.group())
    if not ampm and not lead_in and not zoned:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    base: dt.date | None = None
    anchor: str | None = None
    if scan.found and m.start() - scan.found[-1].end <= 25 and scan.last_day:
        base, anchor = scan.last_day, "previous"
    elif scan.dct is not None:
        base, anchor = scan.dct, "dct"
    day = _iso(base) if base else "XXXX-XX-XX"
    return scan.make(m, g, "TIME", f"{day}T{hour:02d}:{minute:02d}", "time", anchor=anchor)


def _clock_word(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    part = scan.lex.parts_of_day[_key(g["w"] or "")]
    base = scan.last_day if scan.found and m.start() - scan.found[-1].end <= 25 else scan.dct
    day = _iso(base) if base else "XXXX-XX-XX"
    value = (
        f"{day}T12:00"
        if part == "MI"
        else f"{day}T24:00"
        if _key(g["w"] or "") == "midnight"
        else f"{day}T{part}"
    )
    return scan.make(m, g, "TIME", value, "time", anchor="dct" if base else None)


def _inside_name(scan: _Scan, m: re.Match[str]) -> bool:
    """A capitalised word in mid-sentence is part of a name ("Daily News"), not a time word."""
    if not m.group()[:1].isupper():
        return False
    head = scan.text[max(0, m.start() - 4) : m.start()]
    if "\n" in head:
        return False
    head = head.rstrip()
    return bool(head) and head[-1] not in ".!?\"“”'‘’:;(–—-"


def _reference(scan: _Scan, m: re.Match[str], g: G) -> Timex | None:
    key = _key(g["w"] or "")
    value = scan.lex.references[key]
    if _inside_name(scan, m):
        return None  # "Democracy Now!"
    following = scan.word_after(m.end())
    if key == "now" and following in ("that", "defunct", "former"):
        return None
    if key.endswith(("past", "future")) and (
        following in scan.lex.numbers
        or following in scan.lex.vague_numbers
        or following.rstrip("s") in scan.lex.units
        or following in scan.lex.unit_plurals
    ):
        return None  # "in the past decade", "the past few weeks": a period, found next
    return scan.make(m, g, "DATE", value, "ref")
