"""Event dates from TIMEX3 values, and a range cut at the publication day."""

from __future__ import annotations

from storyline.events.dating import date_of_value, up_to
from storyline.model import EventDate


def test_a_week_across_two_months_cut_at_the_publication_day_stays_in_its_month() -> None:
    week = date_of_value("2006-W13")  # Monday 27 March to Sunday 2 April 2006
    assert week is not None and (week.start, week.end) == ("2006-03-27", "2006-04-02")
    cut = up_to(week, "2006-03-28")
    assert (cut.start, cut.end, cut.precision) == ("2006-03-27", "2006-03-28", "month")


def test_a_range_cut_on_its_first_day_is_that_day() -> None:
    week = date_of_value("2021-W09")
    assert week is not None
    assert up_to(week, week.start or "") == EventDate(
        start=week.start, end=week.start, precision="day"
    )


def test_a_day_outside_the_range_or_an_unknown_date_leaves_it_as_it_is() -> None:
    month = date_of_value("2019-05")
    assert month is not None
    assert up_to(month, "2019-06-02") == month
    assert up_to(month, "2019-05-31") == month  # its last day: nothing to cut
    unknown = EventDate(start=None, end=None, precision="unknown")
    assert up_to(unknown, "2019-05-10") == unknown


def test_this_year_said_in_january_is_that_january() -> None:
    year = date_of_value("2011")
    assert year is not None
    cut = up_to(year, "2011-01-17")
    assert (cut.start, cut.end, cut.precision) == ("2011-01-01", "2011-01-17", "month")
