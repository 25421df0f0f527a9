"""Story-level dating on the user's five Karabakh scrapes (skipped when ../shared is absent).

Only the article whose weekdays name a happening other articles date gets a date, marked
inferred; the articles whose weeks nothing in the story pins stay undated, saying why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from storyline import jobs
from storyline.model import Article, Brief


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Brief:
    folder = shared_path("examples", "karabakh")
    root = tmp_path_factory.mktemp("karabakh-anchor")
    _, result, _ = jobs.run([str(folder)], root / "out", root / "k.duckdb")
    return result


def _of(brief: Brief, prefix: str) -> list[Article]:
    return [a for a in brief.articles if Path(a.source).name.startswith(prefix)]


def test_the_weekday_only_article_is_dated_from_the_outbreak(brief: Brief) -> None:
    (article,) = _of(brief, "001_")
    # Its "Sunday" is the outbreak other articles date 27 September 2020: written that week,
    # on the Wednesday its lead reports.
    assert article.published == "2020-09-30"
    evidence = article.published_evidence or ""
    assert evidence.startswith("inferred:") and "2020-09-27" in evidence
    others = {a.id for a in brief.articles if a.id != article.id}
    assert any(other in evidence for other in others), "names the article it relied on"


def test_its_calls_are_dated_through_the_inferred_anchor(brief: Brief) -> None:
    (article,) = _of(brief, "001_")
    calls = [
        e
        for story in brief.stories
        for e in story.events
        if e.type == "CONSULT"
        and e.mode == "phone"
        and any(m.article_id == article.id for m in e.mentions)
    ]
    assert calls and all(e.date.start == "2020-09-30" for e in calls)


def test_own_evidence_dates_are_kept_and_the_rest_stay_undated(brief: Brief) -> None:
    for prefix in ("003_", "004_"):
        (article,) = _of(brief, prefix)
        assert (article.published_evidence or "").startswith("day:")
    for article in _of(brief, "002_") + _of(brief, "000_"):
        evidence = article.published_evidence or ""
        if article.published is None:
            assert evidence.startswith(("unknown:", "window:"))
        else:
            assert evidence.startswith("inferred:")
