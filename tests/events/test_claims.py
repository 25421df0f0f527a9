"""Quantity claims with what they count and who claims them."""

from __future__ import annotations

import pytest

from storyline.events.claims import ClaimCandidate, extract_claims, parse_number
from storyline.events.plover import load_nlp


def _claims(text: str) -> list[ClaimCandidate]:
    doc = load_nlp()(text)
    return [claim for sent in doc.sents for claim in extract_claims(sent)]


def test_two_figures_under_one_reporting_verb_are_two_claims_with_one_claimant() -> None:
    claims = _claims("Kyiv says 120 Ukrainian soldiers and 14 civilians have been killed.")
    assert [(c.value, c.unit, c.subject) for c in claims] == [
        (120, "soldier", "Ukrainian soldiers killed"),
        (14, "civilian", "civilians killed"),
    ]
    assert all(c.claimant is not None and c.claimant.text == "Kyiv" for c in claims)


def test_reporting_verb_over_the_figure_names_the_claimant() -> None:
    (claim,) = _claims("Tbilisi has reported 41 civilian casualties but no military losses.")
    assert (claim.value, claim.unit, claim.subject) == (41, "casualty", "civilian casualties")
    assert claim.claimant is not None and claim.claimant.text == "Tbilisi"


def test_according_to_and_as_of() -> None:
    (claim,) = _claims(
        "According to the UN refugee agency, about 90,000 people fled the region on Sunday."
    )
    assert claim.value == 90000 and claim.unit == "people"
    assert claim.claimant is not None and "UN refugee agency" in claim.claimant.text
    assert claim.as_of is not None and claim.as_of.text == "Sunday"


def test_dates_and_ordinals_are_not_claims() -> None:
    assert _claims("The second round of talks opened on 12 October 2020 in Geneva.") == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["772"], 772),  # plain digits
        (["1,200"], 1200),  # thousands separator
        (["3.5", "million"], 3_500_000),  # decimal with a scale word
        (["two", "hundred"], 200),  # number words
        (["dozens"], "dozens"),  # vague: kept as words
    ],
)
def test_parse_number(words: list[str], value: int | float | str) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # small counts in words that only describe the story are not figures
        ("The two countries have fought over the valley for decades.", []),
        ("Three world powers pressed the parties to respect the truce.", []),
        ("The two ministers had met in Vienna before.", []),
        # small counts of harm or force are claims
        ("Two soldiers were killed in the shelling, the ministry said.", [(2, "soldier")]),
        ("Police said three protesters were arrested near the bridge.", [(3, "protester")]),
        # a figure written in digits is always a claim candidate
        ("Officials said 2 ferries were cancelled on Monday.", [(2, "ferry")]),
    ],
)
def test_small_counts_in_words_count_only_when_they_count_harm(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert [(c.value, c.unit) for c in _claims(text)] == expected
