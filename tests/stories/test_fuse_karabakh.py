"""Fusion, claims and disagreements on the user's five Karabakh scrapes (skipped when
../shared is absent): what the issue asks of one record per real event and of claims."""

from __future__ import annotations

import pytest

from conftest import shared_path
from storyline import jobs
from storyline.model import Story


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder = shared_path("examples", "karabakh")
    root = tmp_path_factory.mktemp("karabakh_fuse")
    _, brief, _ = jobs.run([str(folder)], root / "out", root / "k.duckdb")
    return max(brief.stories, key=lambda s: len(s.article_ids))


def test_the_9_october_talks_hold_the_invitation_and_the_truce_but_not_the_later_talks(
    story: Story,
) -> None:
    talks = [
        e
        for e in story.events
        if e.date.start == "2020-10-09" and e.location is not None and e.location.name == "Moscow"
    ]
    best = max(talks, key=lambda e: len({m.article_id for m in e.mentions}))
    sentences = [m.sentence for m in best.mentions]
    assert len({m.article_id for m in best.mentions}) >= 3
    assert any("October 9" in s for s in sentences)  # the invitation (planned)
    assert any("11 hours of talks" in s for s in sentences)  # the truce talks (held)
    # Lavrov's separate talks of the week after are other meetings
    assert not any("separate talks" in s for s in sentences)
    assert {r.status for r in best.status_history} >= {"planned", "occurred"}
    # the spokeswoman who announced it is its claimant, not one of its actors
    assert "person:maria-zakharova" not in best.actors


def test_casualty_figures_history_and_no_descriptive_counts(story: Story) -> None:
    by_value = {c.value: c for c in story.claims}
    assert by_value[772].claimant == "ARM" and by_value[36].claimant == "ARM"
    assert by_value[63].claimant == "AZE"
    war = by_value[30000]
    assert war.subject == "people dead" and war.background
    assert not any("republics" in c.subject for c in story.claims)


def test_foreign_fighters_claims_and_their_disagreement(story: Story) -> None:
    claims = {c.id: c for c in story.claims}
    fighters = [
        d for d in story.disagreements if any("militant" in claims[i].subject for i in d.claim_ids)
    ]
    assert fighters
    said = [claims[i] for i in fighters[0].claim_ids]
    assert {c.claimant for c in said if c.value == "denied"} >= {"TUR", "AZE"}
    assert any(c.value == "asserted" for c in said)
    assert "denied" in fighters[0].explanation


def test_washington_format_claims_and_their_disagreement(story: Story) -> None:
    claims = {c.id: c for c in story.claims}
    washington = [d for d in story.disagreements if "Washington" in d.explanation]
    assert washington
    values = {claims[i].value for d in washington for i in d.claim_ids}
    assert {"uncertain", "ruled out"} <= values


def test_no_source_disagrees_with_itself(story: Story) -> None:
    for disagreement in story.disagreements:
        if disagreement.about.startswith("contradiction"):
            left, _, right = disagreement.explanation.partition(";")
            assert left.split(" report")[0] != right.strip().split(" report")[0]
