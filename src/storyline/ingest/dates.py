"""Publication dates given as metadata (a feed's pubDate, a JSONL field) as YYYY-MM-DD, and
the full dates a page shows in its text (`dates_in_text`).

The day is the one written in the value's own time zone: "Mon, 09 Mar 2026 23:30:00 -0500" is
2026-03-09, the date the outlet put on it, not the UTC day.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from email.utils import parsedate_tz

from storyline.clean.lexicon import month_numbers

_ISO_DAY = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])")
_COMPACT_DAY = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")


def iso_date(value: object) -> str | None:
    """`value` (a string in ISO 8601 or RFC 822 form, a date, or epoch seconds) as
    YYYY-MM-DD; None when it is not a plausible date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, int | float):
        seconds = float(value) / 1000 if value > 1e11 else float(value)
        try:
            day = dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return _checked(day.year, day.month, day.day)
    if not isinstance(value, str) or not value.strip():
        return None
    for pattern in (_ISO_DAY, _COMPACT_DAY):
        found = pattern.match(value)
        if found:
            return _checked(*(int(g) for g in found.groups()))
    parsed = parsedate_tz(value)
    if parsed:
        return _checked(parsed[0], parsed[1], parsed[2])
    return None


@dataclass(frozen=True)
class ShownDate:
    """A full date (day, month and year) written in a text, where, and the words before it."""

    position: int
    day: str  # YYYY-MM-DD
    before: str  # the lower-cased characters just before the date


# How far before a date its label ("Updated on", "Published:") may start.
_LABEL_CHARS = 30


@functools.cache
def _text_date_patterns() -> tuple[re.Pattern[str], ...]:
    names = sorted(month_numbers(), key=len, reverse=True)
    month = r"(?P<month>" + "|".join(re.escape(n) for n in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)\b"
    return (
        # December 4, 2025 / Dec. 04 2025 / Dec 4th, 2025
        re.compile(rf"\b{month}\s+{day},?\s+{year}"),
        # 4 December 2025 / 4th of Dec, 2025
        re.compile(rf"\b{day}\s+(?:of\s+)?{month},?\s+{year}"),
        # 2025-12-04
        re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        # 12/04/2025, 04.12.2025: only when the order is certain (see `_numeric_day`)
        re.compile(r"\b(?P<first>[0-3]?\d)[/.](?P<second>[0-3]?\d)[/.](?P<year>(?:19|20)\d\d)\b"),
    )


def dates_in_text(text: str, *, latest: dt.date | None = None) -> list[ShownDate]:
    """Every full date in `text`, in reading order: month names (in the languages of
    `resources/clean/dates.toml`), ISO dates, and day/month/year numbers whose order is
    certain (one part above 12, or both the same). Dates before 1990 or after `latest` (the
    reading day) are left out; so is "03/04/2025", which may be either."""
    lowered = text.lower()
    months = month_numbers()
    found: list[ShownDate] = []
    for pattern in _text_date_patterns():
        for match in pattern.finditer(lowered):
            parts = match.groupdict()
            if parts.get("first") is not None:
                day = _numeric_day(int(parts["year"]), int(parts["first"]), int(parts["second"]))
            else:
                month_text = parts["month"]
                month = int(month_text) if month_text.isdigit() else months.get(month_text)
                day = _checked(int(parts["year"]), month or 0, int(parts["day"]))
            if day is None or not _plausible(day, latest):
                continue
            start = match.start()
            found.append(ShownDate(start, day, lowered[max(0, start - _LABEL_CHARS) : start]))
    found.sort(key=lambda shown: shown.position)
    return found


def _numeric_day(year: int, first: int, second: int) -> str | None:
    if first == second or (first > 12) != (second > 12):
        month, day = (second, first) if first > 12 else (first, second)
        return _checked(year, month, day)
    return None


def _plausible(day: str, latest: dt.date | None) -> bool:
    return day >= "1990-01-01" and (latest is None or day <= latest.isoformat())


def _checked(year: int, month: int, day: int) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


__all__ = ["ShownDate", "dates_in_text", "iso_date"]
