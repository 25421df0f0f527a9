"""`eval clustering`: the metrics, reading ECB+-style documents, a bounded run on the dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from storyline.evaluation import EvalOptions
from storyline.evaluation.clustering import (
    bcubed,
    eval_clustering,
    line_date,
    pairwise,
    read_document,
)
from storyline.evaluation.synthetic import synthetic_stream


def test_bcubed_and_pairwise_on_a_hand_computed_case() -> None:
    gold = ["a", "a", "a", "b", "b"]
    predicted = ["x", "x", "y", "y", "y"]
    precision, recall, f1 = bcubed(predicted, gold)
    # precision: x-items 2/2 each; y-items 1/3, 2/3, 2/3 -> (1 + 1 + 1/3 + 2/3 + 2/3) / 5
    assert precision == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    # recall: a-items 2/3, 2/3, 1/3; b-items 2/2 each
    assert recall == pytest.approx((5 / 3 + 2) / 5)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    p_precision, p_recall, _ = pairwise(predicted, gold)
    assert p_precision == pytest.approx(2 / 4)  # pairs predicted: x:1, y:3; right: x, y(b,b)
    assert p_recall == pytest.approx(2 / 4)  # gold pairs: a:3, b:1


def test_perfect_clustering_scores_one() -> None:
    labels = ["1", "1", "2", "3", "3"]
    assert bcubed(labels, labels)[2] == 1.0
    assert pairwise(labels, labels)[2] == 1.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("August 19 , 2012 , 3 : 47 PM", "2012-08-19"),
        ("First Published : February 6 , 2010 8 : 21 AM EST", "2010-02-06"),
        ("10 / 27 / 08 11 : 15 AM ET", "2008-10-27"),  # US month/day/short year
        ("Published on : Tue , 24 Apr 2012 at 14 : 08 IST", "2012-04-24"),
        ("Saturday , March 18 - 2006 at 07 : 33", "2006-03-18"),
        ("Posted 2010-09-14T06:52", "2010-09-14"),
        ("23 / 05 / 2011 - Harbour bridge reopens", "2011-05-23"),  # day first: 23 > 12
        ("Lagos , Mar 4 -", None),  # no year: not a publication date we can state
        ("Ferry operator cancels winter crossings", None),
    ],
)
def test_line_date(line: str, expected: str | None) -> None:
    assert line_date(line) == expected


def test_read_document_moves_url_and_date_line_out_of_the_body() -> None:
    text = (
        "http : / / www . example . com / news / quake - hits - town\n"
        "Quake hits town\n"
        "March 3 , 2011\n"
        "A quake hit the town on Thursday ."
    )
    article = read_document(text, "docs.jsonl:1")
    assert article.url == "http://www.example.com/news/quake-hits-town"
    assert article.published == "2011-03-03"
    assert article.text == "Quake hits town\nA quake hit the town on Thursday ."


def test_undated_document_stays_undated() -> None:
    article = read_document("Tara Reid checked into rehab on Friday .\nHer rep confirmed .", "x")
    assert article.published is None
    assert article.url is None


def test_eval_on_a_small_folder_of_the_layout(tmp_path: Path) -> None:
    stream = synthetic_stream(120, seed=3)
    with (tmp_path / "docs.jsonl").open("w", encoding="utf-8") as out:
        for number, (article, gold) in enumerate(zip(stream.articles, stream.gold, strict=True)):
            row = {"doc_id": str(number), "topic": 1, "subtopic": gold, "text": article.text}
            out.write(json.dumps(row) + "\n")
    metrics = eval_clustering(tmp_path, EvalOptions(extra={"orders": "2"}))
    assert metrics["docs"] == 120
    assert metrics["gold_clusters"] == len(set(stream.gold))
    assert 0.0 < metrics["bcubed_f1"] <= 1.0
    assert metrics["orders"] == 2
    assert metrics["docs_per_s"] > 0


def test_unknown_option_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs.jsonl").write_text("", "utf-8")
    with pytest.raises(ValueError, match="unknown --set key"):
        eval_clustering(tmp_path, EvalOptions(extra={"treshold": "0.2"}))


def test_synthetic_stream_is_dated_in_order_and_deterministic() -> None:
    first = synthetic_stream(200, seed=1)
    again = synthetic_stream(200, seed=1)
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    days = [a.published or "" for a in first.articles]
    assert days == sorted(days)
    assert first.stories > 10


def test_ecbplus_first_topics_cluster_well() -> None:
    # A bounded slice of the dev set (the first topics, about 110 documents).
    folder = shared_path("eval", "ecbplus")
    metrics = eval_clustering(folder, EvalOptions(limit=110, extra={"orders": "2"}))
    assert metrics["docs"] == 110
    assert metrics["bcubed_f1"] >= 0.75
