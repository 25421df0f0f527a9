"""Multi-story pages: a headline followed by a new lead starts a new article."""

from __future__ import annotations

from conftest import FIXTURES
from storyline.clean.split import split_sections

TEXTS = FIXTURES / "clean" / "texts"
FIRST = (TEXTS / "harwick_first.txt").read_text("utf-8").strip()
SECOND = (TEXTS / "harwick_rail.txt").read_text("utf-8").strip()
THIRD = (TEXTS / "harwick_museum.txt").read_text("utf-8").strip()


def test_a_page_with_three_stories_is_cut_at_each_headline() -> None:
    sections = split_sections("\n\n".join([FIRST, SECOND, THIRD]))
    assert [s.title for s in sections] == [
        None,
        "Harwick Rail Station to Get Step-Free Access by 2026 - Network Board",
        "Harwick Museum Wins National Award for Its Coal Mining Gallery",
    ]
    assert sections[0].text == FIRST
    assert sections[1].text.startswith("Harwick station will get lifts")
    assert sections[2].text.endswith("Haddad said.")


def test_a_subheading_that_continues_the_story_does_not_split_it() -> None:
    text = FIRST + (
        "\n\nPools: Swimming clubs to share the remaining lanes\n\n"
        "The council separately said that swimming clubs would share lanes at the two remaining "
        "pools on weekday evenings, and that lessons for schools would continue as before.\n\n"
        "Club secretaries said they had not been consulted and feared that some members would "
        "leave for clubs in neighbouring towns, where pool time is easier to book."
    )
    assert len(split_sections(text)) == 1


def test_a_teaser_list_is_not_a_new_story() -> None:
    text = FIRST + (
        "\n\nYou May Also Like\n\nHarwick Fire Station Opens Its Doors for Charity Day\n\n"
        "HARWICK — Firefighters will open the station on Saturday for a charity day with…\n\n"
        "New Bus Timetable Starts Next Month Across the Borough\n\n"
        "HARWICK — The borough's bus operator will change the timetable of eleven routes…"
    )
    assert len(split_sections(text)) == 1


def test_a_single_story_is_one_section() -> None:
    assert [s.text for s in split_sections(FIRST)] == [FIRST]
