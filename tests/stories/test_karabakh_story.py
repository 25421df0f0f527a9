"""Acceptance on the user's five Karabakh scrapes (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from storyline import jobs
from storyline.model import Brief, Story
from storyline.stories.summary import Cited, unsupported


@pytest.fixture(scope="module")
def karabakh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, Story]:
    folder = shared_path("examples", "karabakh")
    root = tmp_path_factory.mktemp("karabakh")
    _, brief, _ = jobs.run([str(folder)], root / "out", root / "k.duckdb")
    assert brief.stories
    return brief, brief.stories[0]


def test_one_story_holds_all_five_scrapes(karabakh: tuple[Brief, Story]) -> None:
    brief, story = karabakh
    sources = {a.source for a in brief.articles if a.id in story.article_ids}
    assert {Path(s).name for s in sources} == {Path(a.source).name for a in brief.articles}, (
        "every input file has an article in the main story"
    )


def test_the_9_october_moscow_talks_are_one_event_from_three_articles(
    karabakh: tuple[Brief, Story],
) -> None:
    _, story = karabakh
    talks = [
        e
        for e in story.events
        if e.location is not None
        and e.location.name == "Moscow"
        and e.date.start == "2020-10-09"
        and e.type in ("CONSULT", "AGREE")
    ]
    assert talks
    best = max(talks, key=lambda e: len({m.article_id for m in e.mentions}))
    assert len({m.article_id for m in best.mentions}) >= 3
    assert len(best.status_history) >= 3  # every report kept, with its status


def test_the_timeline_is_dated_and_cited(karabakh: tuple[Brief, Story]) -> None:
    _, story = karabakh
    assert story.timeline
    for entry in story.timeline:
        assert entry.date[:4] == "2020" and entry.citations and entry.event_ids


def test_casualty_figures_are_claims_of_their_claimants(karabakh: tuple[Brief, Story]) -> None:
    _, story = karabakh
    claimant_of = {c.value: c.claimant for c in story.claims}
    assert claimant_of.get(772) == "ARM"  # "Yerevan says 772 Armenian soldiers ..."
    assert claimant_of.get(63) == "AZE"  # "Baku reported 63 civilian casualties"


def test_every_summary_sentence_is_cited_and_supported(karabakh: tuple[Brief, Story]) -> None:
    brief, story = karabakh
    published = {a.id: a.published for a in brief.articles}
    assert 5 <= len(story.summary) <= 10
    for sentence in story.summary:
        cited = [Cited(c.sentence, published.get(c.article_id)) for c in sentence.citations]
        assert sentence.citations and unsupported(sentence.text, cited) == []


def test_the_washington_meeting_format_is_a_disagreement(karabakh: tuple[Brief, Story]) -> None:
    _, story = karabakh
    texts = [f"{d.about} {d.explanation}".lower() for d in story.disagreements]
    assert any("washington" in t for t in texts)


def test_foreign_fighters_disagreement(karabakh: tuple[Brief, Story]) -> None:
    _, story = karabakh
    texts = [f"{d.about} {d.explanation}".lower() for d in story.disagreements]
    assert any("fighter" in t or "mercenar" in t or "militant" in t for t in texts)
