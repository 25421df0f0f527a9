"""When an article was published, from the page's own evidence, never from the clock.

In order of trust:

1. the reader's metadata (kept as it is);
2. a date in the URL path (`/2019/11/19/`);
3. a date line the cleaner took out of the body ("Updated 8:14 am EST, Tuesday, March 9,
   2021", "Posted by … on March 8, 2021");
4. the text: a weekday that the lead reports ("said on Thursday") or that the writer calls today
   ("later on Friday"), pinned to a week by an explicit date: an upcoming one ("expected in
   Geneva on March 14") bounds the publication from above, a dated photo caption or a dated
   past event of the lead from below. Every explicit date the text reports as past must fall on
   or before the result, every upcoming one on or after it. A weekday that no date pins, or a
   date with no year anywhere, gives no publication date: the evidence says what was found;
5. as a last resort, the year of the other articles of the batch for dates the text gives
   without one (`fill_from_batch`), said so in the evidence.

`published_evidence` starts with the precision ("day: …" or "unknown: …").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from storyline.clean.lexicon import month_numbers, weekday_numbers
from storyline.model import Article

_MONTH_NAMES = sorted(month_numbers(), key=len, reverse=True)
_MONTH = r"(?P<month>" + "|".join(re.escape(m) for m in _MONTH_NAMES) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    # October 8, 2020 / Oct. 8 2020 / October 9 / Sept. 27
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:%|percent|[:.]\d))", re.I),
    # 8 October 2020 / 27 September / 3 de março de 2015 / 22. Oktober 2019
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH}(?:,?\s+(?:de\s+)?{_YEAR})?\b", re.I),
    # 2020-10-08
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
)
_WEEKDAY_NAMES = sorted(
    (w for w in weekday_numbers() if len(w) > 3 and w.isascii()), key=len, reverse=True
)
_WEEKDAY = re.compile(
    r"\b(?P<before>later on|later|earlier on|earlier|last|next|this|on|since|by|until)?\s*"
    r"(?P<weekday>" + "|".join(_WEEKDAY_NAMES) + r")\b(?P<after>\s+(?:later|night|morning|"
    r"afternoon|evening))?",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(will|shall|would|is to|are to|to (?:meet|hold|visit|travel|host|attend|take place|"
    r"discuss|sign|vote|start|begin|open)|scheduled|expected|plans? to|planned|invited|"
    r"is due|are due|due to|upcoming|ahead of|next|set to|going to)\b",
    re.I,
)
# A verb form that reports the past ("said", "was killed", "held"); lower case, so names
# ending in -ed ("United") are no verbs.
_PAST_CUE = re.compile(
    r"\b(?:[a-z]\w*ed|said|told|met|held|made|took|gave|spoke|wrote|began|broke|came|went|saw|"
    r"was|were|had|did|won|lost|left|sent|rose|fell|hit|struck|fought|led|ran|shot|kept)\b"
)
# A sentence ends at . ! ? before a capital, but not after an initial ("U.S. Secretary",
# "J. Smith") or a title ("Mr. Putin").
_SENTENCE = re.compile(
    r"(?<![\s.][A-Z]\.)(?<!\bM[rs]\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“«(]?[A-Z0-9])"
)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|\b)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|-|\b)")


@dataclass(frozen=True)
class DateMention:
    date: dt.date | None  # None when the text gives no year
    month: int
    day: int
    future: bool
    paragraph: int
    text: str
    source: str  # "body" or "caption"


@dataclass(frozen=True)
class DateGuess:
    published: str | None
    evidence: str
    precision: str  # "day" or "unknown"


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for number, paragraph in enumerate(p for p in text.split("\n") if p.strip()):
        out.extend((number, s) for s in _SENTENCE.split(paragraph) if s.strip())
    return out


def tense_at(sentence: str, start: int, end: int) -> str:
    """ "future" or "past": the tense of the clause around `sentence[start:end]`.

    The nearest cue before the expression decides ("said on Thursday", "will host ... on
    Friday", "was scheduled to travel ... on Monday"); with none before it, the first one after
    it ("On Friday, the ministers will meet"); with none at all, the past (the news convention).
    A cue later in the sentence never overrides the verb the expression belongs to ("held talks
    on Wednesday, reaffirming its readiness to host a next meeting").
    """

    def cues(part: str) -> list[tuple[int, str]]:
        ahead = [(m.start(), m.end()) for m in _FUTURE.finditer(part)]
        found = [(a, "future") for a, _ in ahead]
        found += [
            (m.start(), "past")
            for m in _PAST_CUE.finditer(part)
            if not any(a <= m.start() < b for a, b in ahead)
        ]
        return sorted(found)

    before = cues(sentence[:start])
    if before:
        return before[-1][1]
    after = cues(sentence[end:])
    return after[0][1] if after else "past"


def date_mentions(text: str, source: str = "body") -> list[DateMention]:
    """Explicit calendar dates in `text`, with or without a year."""
    months = month_numbers()
    found: list[DateMention] = []
    for paragraph, sentence in _sentences(text):
        taken: list[tuple[int, int]] = []
        for pattern in _DATE_PATTERNS:
            for match in pattern.finditer(sentence):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                raw_month = match.group("month").lower().rstrip(".")
                month = int(raw_month) if raw_month.isdigit() else months.get(raw_month)
                day = int(match.group("day"))
                if month is None or not 1 <= day <= 31:
                    continue
                year = match.group("year")
                date = _valid(int(year), month, day) if year else None
                if year and date is None:
                    continue
                taken.append((match.start(), match.end()))
                future = tense_at(sentence, match.start(), match.end()) == "future"
                found.append(
                    DateMention(date, month, day, future, paragraph, match.group(0), source)
                )
    return found


def weekday_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(paragraph, weekday, role, phrase): role is today, past, future or relative."""
    out: list[tuple[int, int, str, str]] = []
    weekdays = weekday_numbers()
    for paragraph, sentence in _sentences(text):
        for match in _WEEKDAY.finditer(sentence):
            before = (match.group("before") or "").lower()
            after = (match.group("after") or "").strip().lower()
            if before in ("last", "next", "since", "by", "until", "this"):
                role = "relative"
            elif before.startswith("later") or after == "later":
                role = "today"
            else:
                role = tense_at(sentence, match.start(), match.end())
            out.append(
                (paragraph, weekdays[match.group("weekday").lower()], role, match.group(0).strip())
            )
    return out


def lead_weekday(text: str) -> tuple[int, int, str, str] | None:
    """The weekday the article is written on, by the news convention: one the writer calls
    today ("later on Friday"), else the first past one the lead (first three paragraphs)
    reports ("said on Thursday"). (paragraph, weekday, role, phrase), or None."""
    weekdays = weekday_mentions(text)
    today = [w for w in weekdays if w[2] == "today"]
    lead_past = [w for w in weekdays if w[2] == "past" and w[0] <= 2]
    pinned = today[:1] or lead_past[:1]
    return pinned[0] if pinned else None


def from_url(url: str | None) -> DateGuess | None:
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        match = pattern.search(url)
        if match:
            date = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if date is not None:
                return DateGuess(
                    date.isoformat(), f"day: date in the URL path {match.group(0)!r}", "day"
                )
    return None


def from_date_lines(lines: list[str]) -> DateGuess | None:
    """The first full date of the date lines and bylines the cleaner removed."""
    dated = []
    for line in lines:
        for mention in date_mentions(line, "dateline"):
            if mention.date is not None:
                dated.append(
                    (("publish" in line.lower() or "posted" in line.lower()), line, mention)
                )
                break
    if not dated:
        return None
    dated.sort(key=lambda d: not d[0])
    _, line, mention = dated[0]
    assert mention.date is not None
    return DateGuess(mention.date.isoformat(), f"day: date line {line.strip()[:100]!r}", "day")


def _with_year(mention: DateMention, year: int, near: dt.date | None) -> dt.date | None:
    options = [
        d for y in (year - 1, year, year + 1) if (d := _valid(y, mention.month, mention.day))
    ]
    if not options:
        return None
    if near is None:
        return _valid(year, mention.month, mention.day)
    return min(options, key=lambda d: abs((d - near).days))


def from_text(text: str, captions: list[str], *, fallback_year: int | None = None) -> DateGuess:
    body = date_mentions(text)
    pictured = [m for c in captions for m in date_mentions(c, "caption") if m.date is not None]
    dated = [m for m in body if m.date is not None]
    year_note = ""
    reference = max((m.date for m in dated + pictured if m.date), default=None)
    year = reference.year if reference else fallback_year
    if year is None:
        clues = [m.text for m in body] + [w[3] for w in weekday_mentions(text)]
        what = ", ".join(dict.fromkeys(clues)) if clues else "no date or weekday"
        return DateGuess(None, f"unknown: the text gives no year ({what})", "unknown")
    if reference is None:
        year_note = f"; year {year} from the other articles of the batch (the text gives none)"
    resolved: list[tuple[dt.date, DateMention]] = []
    for m in body:
        date = m.date or _with_year(m, year, reference)
        if date is not None:
            resolved.append((date, m))
    past = [d for d, m in resolved if not m.future]
    upcoming = [d for d, m in resolved if m.future]
    low = max(past + [m.date for m in pictured if m.date], default=None)
    high = min(upcoming, default=None)
    if low and high and low > high:
        high = None  # the tense guess failed somewhere; keep the past bound only
    pinned = lead_weekday(text)
    if pinned is None:
        found = ", ".join(f"{d.isoformat()} ({m.text})" for d, m in resolved) or "no explicit date"
        return DateGuess(
            None, f"unknown: no weekday of the lead to pin ({found}){year_note}", "unknown"
        )
    _, weekday, role, phrase = pinned
    candidates: list[tuple[dt.date, str]] = []
    if high is not None:
        for back in range(7):
            day = high - dt.timedelta(days=back)
            if day.weekday() == weekday:
                candidates.append((day, f"the text looks ahead to {high.isoformat()}"))
                break
    elif low is not None:
        anchors = [m for d, m in resolved if not m.future and d == low and m.paragraph <= 2]
        anchors += [m for m in pictured if m.date == low]
        if anchors:
            for ahead in range(7):
                day = low + dt.timedelta(days=ahead)
                if day.weekday() == weekday:
                    source = (
                        "a photo caption dated"
                        if anchors[0].source == "caption"
                        else "the lead dates"
                    )
                    candidates.append((day, f"{source} {low.isoformat()} ({anchors[0].text})"))
                    break
    if not candidates:
        found = ", ".join(f"{d.isoformat()} ({m.text})" for d, m in resolved) or "no explicit date"
        return DateGuess(
            None, f"unknown: {phrase!r} but no date pins its week ({found}){year_note}", "unknown"
        )
    day, why = candidates[0]
    if (low is not None and day < low) or (high is not None and day > high):
        return DateGuess(
            None, f"unknown: {phrase!r} conflicts with the dates of the text{year_note}", "unknown"
        )
    kind = "the day of writing" if role == "today" else "the day the lead reports"
    return DateGuess(
        day.isoformat(),
        f"day: {phrase!r} ({kind}) is {day.strftime('%A')} {day.isoformat()}, as {why}{year_note}",
        "day",
    )


def infer_date(article: Article, *, fallback_year: int | None = None) -> DateGuess:
    if article.published:
        return DateGuess(article.published, article.published_evidence or "day: metadata", "day")
    by_url = from_url(article.url)
    if by_url is not None:
        return by_url
    lines = [r.text for r in article.removed if r.kind in ("dateline", "byline")]
    by_line = from_date_lines(lines)
    if by_line is not None:
        return by_line
    return from_text(article.text, article.captions, fallback_year=fallback_year)


def batch_year(articles: list[Article]) -> int | None:
    """The year most articles of a batch are dated in, from their dates or their text."""
    years: Counter[int] = Counter()
    for article in articles:
        if article.published:
            years[int(article.published[:4])] += 1
            continue
        for m in date_mentions(article.text) + [
            m for c in article.captions for m in date_mentions(c, "caption")
        ]:
            if m.date is not None:
                years[m.date.year] += 1
    return years.most_common(1)[0][0] if years else None


def fill_from_batch(articles: list[Article]) -> None:
    """Last resort: date the undated articles whose text gives no year with the batch's year."""
    year = batch_year(articles)
    if year is None:
        return
    for article in articles:
        if article.published or "gives no year" not in (article.published_evidence or ""):
            continue
        guess = infer_date(article, fallback_year=year)
        if guess.published is not None or "pin" in guess.evidence:
            article.published, article.published_evidence = guess.published, guess.evidence
