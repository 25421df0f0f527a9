"""The user's five scrapes (../shared/examples/karabakh) come out clean, split, attributed, dated.

Nothing of the examples is copied here: expectations are about kinds, counts and the outlet
names the README of the examples gives; sentences are derived from the files at test time.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import shared_path
from storyline.jobs import run
from storyline.model import Article

_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])")
# Kinds a sentence of running prose may be removed as: it belongs to the page, not the story.
_PROSE_FURNITURE = {"comments", "appeal", "teaser", "caption", "newsletter"}


@pytest.fixture(scope="module")
def karabakh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    examples = shared_path("examples", "karabakh")
    tmp = tmp_path_factory.mktemp("karabakh")
    report, brief, _ = run([str(examples)], tmp / "out", tmp / "store.duckdb")
    assert not report.errors
    assert (tmp / "out" / "brief.json").exists()
    return examples, brief.articles


def _by_file(articles: list[Article], prefix: str) -> list[Article]:
    return [a for a in articles if Path(a.source).name.startswith(prefix)]


def _long_sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        for sentence in _SENTENCE.split(line.strip()):
            if len(sentence.split()) >= 8 and sentence.rstrip()[-1:] in '.!?”"':
                out.append(" ".join(sentence.split()))
    return out


def test_five_files_seven_articles(karabakh: tuple[Path, list[Article]]) -> None:
    _, articles = karabakh
    assert len(articles) == 7
    pieces = _by_file(articles, "000_")
    assert len(pieces) == 3  # three stories under their own headlines
    assert sum(1 for a in pieces if a.title) >= 2
    assert len({a.source for a in pieces}) == 1


def test_no_sentence_of_the_reporting_is_lost(karabakh: tuple[Path, list[Article]]) -> None:
    examples, articles = karabakh
    for path in sorted(examples.glob("0*.txt")):
        mine = _by_file(articles, path.name[:4])
        body = " ".join(" ".join(a.text.split()) for a in mine)
        removed = [(r.kind, " ".join(r.text.split())) for a in mine for r in a.removed]
        datelines = [text for kind, text in removed if kind == "dateline"]
        for sentence in _long_sentences(path.read_text("utf-8")):
            for dateline in datelines:  # "MOSCOW — After …": the dateline is kept as metadata
                if sentence.startswith(dateline):
                    sentence = sentence[len(dateline) :].lstrip(" —–-")
            if sentence in body:
                continue
            kinds = {kind for kind, text in removed if sentence in text}
            assert kinds and kinds <= _PROSE_FURNITURE, f"{path.name}: lost {sentence[:60]!r}"


def test_junk_goes_to_removed_with_its_kind(karabakh: tuple[Path, list[Article]]) -> None:
    _, articles = karabakh
    expected = {
        "002_": {"appeal", "caption"},
        "003_": {"caption", "translation"},
        "004_": {"comments", "newsletter", "teaser"},
    }
    for prefix, kinds in expected.items():
        (article,) = _by_file(articles, prefix)
        assert kinds <= {r.kind for r in article.removed}, prefix
    # the lead's wire dateline stays in the lead sentence and is noted apart
    (article,) = _by_file(articles, "004_")
    assert article.dateline is not None
    assert article.text.startswith(article.dateline)
    for article in articles:
        for removed in article.removed:
            if len(removed.text.split()) >= 3:
                assert removed.text not in article.text


def test_captions_are_kept_apart(karabakh: tuple[Path, list[Article]]) -> None:
    _, articles = karabakh
    for prefix in ("002_", "003_"):
        (article,) = _by_file(articles, prefix)
        assert article.captions
        assert all(c not in article.text for c in article.captions)


def test_outlets_where_the_text_reveals_them(karabakh: tuple[Path, list[Article]]) -> None:
    _, articles = karabakh
    assert [a.outlet for a in _by_file(articles, "002_")] == ["The Moscow Times"]
    assert [a.outlet for a in _by_file(articles, "004_")] == ["Massis Post"]
    for prefix in ("001_", "003_"):
        (article,) = _by_file(articles, prefix)
        assert article.outlet is None
    assert all(a.outlet_evidence for a in articles)


def test_dates_with_evidence_never_today(karabakh: tuple[Path, list[Article]]) -> None:
    _, articles = karabakh
    today = dt.date.today().isoformat()
    for prefix in ("003_", "004_"):
        (article,) = _by_file(articles, prefix)
        assert article.published is not None and article.published.startswith("2020-10-")
        assert (article.published_evidence or "").startswith("day:")
    for article in articles:
        assert article.published != today
        assert article.published_evidence
