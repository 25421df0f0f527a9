"""The outlet from metadata, URL or the page's own words; agencies quoted are not the outlet."""

from __future__ import annotations

from storyline.clean.outlet import infer_outlet
from storyline.model import Article, Removed

BODY = (
    "Two officials told Reuters that the talks would resume next week, "
    "and a spokesman confirmed to AFP that a date had been set."
)


def _article(removed: list[Removed] | None = None, **metadata: str) -> Article:
    return Article.create(source="page.txt", text=BODY, removed=removed or [], **metadata)


def test_metadata_wins() -> None:
    guess = infer_outlet(_article(outlet="Harbor Daily"))
    assert guess.name == "Harbor Daily"


def test_url_host_of_a_known_outlet() -> None:
    guess = infer_outlet(_article(url="https://www.themoscowtimes.com/2020/10/14/talks-a71"))
    assert guess.name == "The Moscow Times"
    assert "url host" in guess.evidence


def test_unknown_host_is_named_by_its_host_when_the_text_says_nothing() -> None:
    guess = infer_outlet(_article(url="https://news.glenville-courier.example/story/1"))
    assert guess.name == "news.glenville-courier.example"


def test_newsletter_line_names_the_outlet_and_camel_case_is_split() -> None:
    removed = [
        Removed("newsletter", "Receive notifications about new stories from GlenvilleGazette.")
    ]
    guess = infer_outlet(_article(removed))
    assert guess.name == "Glenville Gazette"
    assert "newsletter" in guess.evidence


def test_appeal_and_copyright_lines_name_the_outlet() -> None:
    assert infer_outlet(_article([Removed("appeal", "Support The Harbor Ledger!")])).name == (
        "The Harbor Ledger"
    )
    copyright_line = [Removed("other", "© 2021 Coastline Media Group. All rights reserved.")]
    assert infer_outlet(_article(copyright_line)).name == "Coastline Media"


def test_a_quoted_agency_is_never_the_outlet() -> None:
    guess = infer_outlet(_article())
    assert guess.name is None
    assert "Reuters" in guess.evidence and "not used" in guess.evidence


def test_wire_copyright_under_agency_copy_is_a_credit_not_the_outlet() -> None:
    removed = [Removed("other", "© 2019 Associated Press. All Rights Reserved.")]
    guess = infer_outlet(_article(removed))
    assert guess.name is None
    assert "news agency" in guess.evidence


def test_sign_up_for_a_named_briefing_names_the_outlet() -> None:
    for line, name in [
        ("Sign up for the Harbor Ledger morning briefing", "Harbor Ledger"),
        ("Subscribe to the Coastline Today weekly digest", "Coastline Today"),
        ("Get the Glenville Gazette breaking-news emails", "Glenville Gazette"),
    ]:
        guess = infer_outlet(_article([Removed("newsletter", line)]))
        assert guess.name == name, line
    # a generic sign-up line names nobody
    generic = [Removed("newsletter", "Sign up for our newsletter")]
    assert infer_outlet(_article(generic)).name is None
