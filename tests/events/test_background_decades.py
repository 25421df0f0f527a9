"""History is background; words of a date (a decade, a month) are no act of their own."""

from __future__ import annotations

import pytest

from storyline.events.plover import code_text


@pytest.mark.parametrize("decade", ["1970s", "1980s", "2000s"])
def test_a_war_in_a_past_decade_is_background(decade: str) -> None:
    text = (
        "The two provinces have been at odds ever since they fought a war in the "
        f"{decade} that left 12,000 dead."
    )
    (events,) = code_text(text, reference_year=2031)
    assert events and all(e.background for e in events if e.type == "ASSAULT")


def test_an_attack_this_week_is_news() -> None:
    (events,) = code_text(
        "Rebels attacked the garrison on Monday, officials said.", reference_year=2031
    )
    assert [e.background for e in events if e.type == "ASSAULT"] == [False]


def test_a_month_in_a_date_is_no_protest_march() -> None:
    (collapse,) = code_text(
        "The pond wall at the fertiliser plant near Lovech collapsed on 2 March.",
        reference_year=2031,
    )
    assert [e.type for e in collapse] == []
    (march,) = code_text(
        "Thousands of farmers joined a protest march in Lyon on 4 March.", reference_year=2031
    )
    assert [e.type for e in march] == ["PROTEST"]
