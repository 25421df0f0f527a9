"""The date a claim is as of: the day it was said, else the day of the report; an era for
history; never a day the text does not support. Texts written for these tests."""

from __future__ import annotations

import pytest

from storyline.events.claims import claim_as_of, extract_claims, is_history
from storyline.events.plover import load_nlp
from storyline.events.stage import STAGE_NAME
from storyline.model import Article
from storyline.pipeline import build_pipeline, run_pipeline
from storyline.settings import load_settings


@pytest.mark.parametrize(
    ("stated", "own", "published", "expected"),
    [
        # "the ministry said on Wednesday": the statement's day
        ("2031-03-05", None, "2031-03-06", "2031-03-05"),
        # nobody dates the statement: the figure is as of the report
        (None, None, "2031-03-06", "2031-03-06"),
        # the figure's own day when the statement has none ("fled on Sunday")
        (None, "2031-03-02", "2031-03-06", "2031-03-02"),
        # the statement wins over the day of the act it counts
        ("2031-03-05", "2031-03-02", "2031-03-06", "2031-03-05"),
        # history keeps its era, written as people write it
        ("2031-03-05", "199", "2031-03-06", "1990s"),
        (None, "18", "2031-03-06", "1800s"),
        # a coarser statement time stays coarse: "said this week"
        ("2031-W10", None, "2031-03-06", "2031-W10"),
        # a statement dated after the report is a misreading: the report's day
        ("2031-03-09", None, "2031-03-06", "2031-03-06"),
        # no publication date and nothing stated: unknown, never today
        (None, None, None, None),
        ("XXXX-WXX-3", None, None, None),
    ],
)
def test_claim_as_of(
    stated: str | None, own: str | None, published: str | None, expected: str | None
) -> None:
    assert claim_as_of(stated, own, published) == expected


def test_an_era_is_history_as_written_and_as_timex() -> None:
    assert is_history("1990s", "2031-03-06") and is_history("1990s", None)
    assert is_history("1800s", None) and is_history("199", None)
    assert not is_history("2030s", "2031-03-06")


def test_the_reporting_verbs_time_is_the_figures_statement_time() -> None:
    doc = load_nlp()("Officials said on Monday that 40 people were killed in the blast.")
    (claim,) = [c for sent in doc.sents for c in extract_claims(sent)]
    assert claim.said_at is not None and claim.said_at.text == "Monday"
    assert claim.as_of is None  # the killing has no time of its own here
    doc = load_nlp()("Nine villagers were killed on Friday, the regional governor said.")
    (claim,) = [c for sent in doc.sents for c in extract_claims(sent)]
    assert claim.said_at is None and claim.as_of is not None and claim.as_of.text == "Friday"


ANALYSIS = ["storyline.language.v1", "storyline.timex.v1", STAGE_NAME]

REPORT = (
    "OSTREL CITY — The Norland Foreign Ministry voiced concern about the fighting.\n\n"
    "“Mercenaries from Sudmark are being deployed to the front,” the ministry said on "
    "Wednesday.\n\n"
    "Varnia says 215 soldiers and 48 civilians have been killed in the fighting.\n\n"
    "Two Kurdish militia sources told Reuters that Sudmark is deploying its own fighters to "
    "the border. Sudmark has denied the claims.\n\n"
    "The two countries have disputed the valley since a war in the 1990s that left 9,000 "
    "people dead."
)


def _analyse(published: str | None) -> Article:
    article = Article.create(
        source="test.txt", text=REPORT, published=published, outlet="Lowland Herald"
    )
    (out,) = run_pipeline(build_pipeline(load_settings(), ANALYSIS), [article])
    return out


def test_claims_of_a_dated_report() -> None:
    article = _analyse("2031-03-06")  # a Thursday
    by_value = {c.value: c for c in article.claims if c.unit != "assertion"}
    # figures nobody dates are as of the report
    assert by_value[215].as_of == by_value[48].as_of == "2031-03-06"
    assert by_value[215].claimant == by_value[48].claimant
    # history keeps its era and is background
    assert (by_value[9000].as_of, by_value[9000].background) == ("1990s", True)
    said = [c for c in article.claims if c.unit == "assertion"]
    mercenaries = next(c for c in said if "Mercenaries" in c.subject)
    assert mercenaries.as_of == "2031-03-05"  # "said on Wednesday"
    # "the ministry" is the ministry named just before, not the words "ministry"
    assert mercenaries.claimant == "organisation:norland-foreign-ministry"
    sources = next(c for c in said if c.value == "asserted" and "deploying" in c.subject)
    # militia sources are not the state their demonym names
    assert sources.claimant == "text:Kurdish militia sources"
    denial = next(c for c in said if c.value == "denied")
    assert denial.subject == sources.subject and denial.as_of == "2031-03-06"


def test_claims_of_an_undated_report_are_as_of_unknown_or_their_era() -> None:
    article = _analyse(None)
    by_value = {c.value: c for c in article.claims if c.unit != "assertion"}
    assert by_value[215].as_of is None
    assert by_value[9000].as_of == "1990s"
    assert all(c.as_of in {None, "1990s"} for c in article.claims)
