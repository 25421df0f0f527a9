"""Claims of the user's five Karabakh scrapes (skipped when they are absent): every assertion
has a claimant who names somebody, and every claim of a dated report has an as-of date."""

from __future__ import annotations

import pytest
from tests.conftest import shared_path

from storyline import jobs
from storyline.model import Brief, Claim


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Brief:
    folder = shared_path("examples", "karabakh")
    root = tmp_path_factory.mktemp("karabakh_claims")
    _, found, _ = jobs.run([str(folder)], root / "out", root / "k.duckdb")
    return found


def _claims(brief: Brief) -> list[Claim]:
    return [claim for story in brief.stories for claim in story.claims]


def test_casualty_figures_keep_their_claimants(brief: Brief) -> None:
    by_value = {c.value: c for c in _claims(brief)}
    assert (by_value[772].claimant, by_value[36].claimant) == ("ARM", "ARM")
    assert by_value[63].claimant == "AZE"
    assert by_value[30000].as_of == "1990s" and by_value[30000].background


def test_claims_of_dated_reports_are_dated_and_never_after_the_report(brief: Brief) -> None:
    published = {a.id: a.published for a in brief.articles}
    for claim in _claims(brief):
        day = published.get(claim.mentions[0].article_id)
        if day is not None and not claim.background:
            assert claim.as_of is not None and claim.as_of[:10] <= day[:10], claim


def test_assertions_have_a_claimant_who_names_somebody(brief: Brief) -> None:
    said = [c for c in _claims(brief) if c.unit == "assertion"]
    assert said
    for claim in said:
        assert claim.claimant not in {"text:Each side", "text:warring sides"}
        # an outlet reports open questions; it never denies
        if claim.claimant is None or claim.claimant.startswith("outlet:"):
            assert claim.value in {"ruled out", "uncertain", "conditional"}, claim


def test_who_rules_out_talks_is_the_claimant(brief: Brief) -> None:
    ruled = [c for c in _claims(brief) if c.value == "ruled out" and "top diplomats" in c.subject]
    assert [c.claimant for c in ruled] == ["ARM"]
