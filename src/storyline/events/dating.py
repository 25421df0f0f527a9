"""Event dates from TIMEX3 values: `EventDate` ranges with an honest precision.

`date_of_value("2020-10-09")` is that day; a week (`2020-W41`, a weekend `2020-W41-WE`), a
month, a quarter or a season is the range it covers with precision "month" (coarser than a day,
finer than a year); a year or a decade is its range with precision "year". Values the text does
not pin to the calendar (`XXXX-10-09` without a publication date, `PAST_REF`, durations, sets)
give None: the caller leaves the date unknown rather than guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from storyline.model import EventDate

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")

# Northern-hemisphere meteorological seasons as (first month, last month); winter runs into
# the next year.
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _range(start: dt.date, end: dt.date, precision: str) -> EventDate:
    return EventDate(start=start.isoformat(), end=end.isoformat(), precision=precision)


def date_of_value(value: str | None) -> EventDate | None:
    """The date range a TIMEX3 DATE/TIME value stands for, or None when it is not anchored."""
    if not value:
        return None
    try:
        if found := _DAY.match(value):
            day = dt.date(int(found[1]), int(found[2]), int(found[3]))
            return _range(day, day, "day")
        if found := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(found[1]), int(found[2]), 1)
            if found[3]:
                return _range(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "month")
            return _range(monday, monday + dt.timedelta(days=6), "month")
        if found := _MONTH.match(value):
            year, month = int(found[1]), int(found[2])
            return _range(dt.date(year, month, 1), _last_day(year, month), "month")
        if found := _QUARTER.match(value):
            year, quarter = int(found[1]), int(found[2])
            first = 3 * quarter - 2
            return _range(dt.date(year, first, 1), _last_day(year, first + 2), "month")
        if found := _HALF.match(value):
            year, half = int(found[1]), int(found[2])
            first = 6 * half - 5
            return _range(dt.date(year, first, 1), _last_day(year, first + 5), "month")
        if found := _SEASON.match(value):
            year = int(found[1])
            first, last = _SEASONS[found[2]]
            end_year = year + 1 if last < first else year
            return _range(dt.date(year, first, 1), _last_day(end_year, last), "month")
        if found := _YEAR.match(value):
            year = int(found[1])
            return _range(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if found := _DECADE.match(value):
            first = int(found[1]) * 10
            return _range(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "year")
    except ValueError:  # 2021-02-30, week 54: no such date
        return None
    return None


_TIMEX_ERA = re.compile(r"^\d{2,3}$")


def is_era(value: str | None) -> bool:
    """Whether a TIMEX3 value is a decade ("199") or a century ("18")."""
    return bool(value and _TIMEX_ERA.match(value))


def era_name(value: str) -> str:
    """A TIMEX3 decade or century as people write it: "199" -> "1990s", "18" -> "1800s";
    any other value as it is."""
    if is_era(value):
        return f"{value}0s" if len(value) == 3 else f"{value}00s"
    return value


def as_of_value(value: str | None) -> str | None:
    """A claim's as-of date: the ISO day, or the TIMEX3 value of a coarser anchored date."""
    date = date_of_value(value)
    if date is None:
        return None
    if date.precision == "day":
        return date.start
    return value


def up_to(date: EventDate, day: str) -> EventDate:
    """A range cut at a day inside it: an act reported done by the publication day happened
    in the part of "this week" (or month) up to that day, not after it."""
    if not date.start or not date.end or not date.start <= day < date.end:
        return date
    if date.start == day:
        return EventDate(start=day, end=day, precision="day")
    precision = (
        "month" if date.precision == "year" and date.start[:7] == day[:7] else date.precision
    )
    return EventDate(start=date.start, end=day, precision=precision)
