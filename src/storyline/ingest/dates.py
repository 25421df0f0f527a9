"""Publication dates given as metadata (a feed's pubDate, a JSONL field) as YYYY-MM-DD.

The day is the one written in the value's own time zone: "Mon, 09 Mar 2026 23:30:00 -0500" is
2026-03-09, the date the outlet put on it, not the UTC day.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz

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


def _checked(year: int, month: int, day: int) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


__all__ = ["iso_date"]
