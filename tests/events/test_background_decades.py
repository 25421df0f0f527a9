"""History is background: a decade named with 'in the', wherever it hangs in the act's clause."""

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
