"""The cleaning stages in the pipeline: split pages, re-ingest as a no-op, duplicates flagged."""

from __future__ import annotations

import json
from pathlib import Path

from clean.test_dedup import STORY
from clean.test_split import FIRST, SECOND, THIRD
from storyline.clean.stages import CLEANING_STAGES
from storyline.evaluation import EvalOptions
from storyline.evaluation.cleaning import eval_cleaning
from storyline.jobs import ARTICLE_STAGES, ingest
from storyline.model import Article
from storyline.pipeline import DATE_STAGES, Stage, build_pipeline, run_pipeline
from storyline.settings import load_settings
from storyline.store import Store


def test_cleaning_stages_run_first_and_build() -> None:
    assert ARTICLE_STAGES[: len(CLEANING_STAGES)] == CLEANING_STAGES
    assert len(build_pipeline(load_settings(), CLEANING_STAGES)) == 4


def test_the_date_stages_are_article_stages_in_their_order() -> None:
    # `redo_dated_stages` runs them again on newly dated articles: each must be a stage those
    # articles already went through, in the same order.
    assert [name for name in ARTICLE_STAGES if name in DATE_STAGES] == DATE_STAGES


def test_a_stage_may_return_several_articles() -> None:
    def halve(article: Article) -> list[Article]:
        return [Article.create(source=article.source, text=p) for p in article.text.split("|")]

    def shout(article: Article) -> Article:
        article.text = article.text.upper()
        return article

    stages = [Stage("halve", halve), Stage("shout", shout)]
    out = list(run_pipeline(stages, [Article.create(source="s", text="a|b")]))
    assert [a.text for a in out] == ["A", "B"]


def test_multi_story_page_stores_three_articles_and_reingest_is_a_no_op(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("\n\n".join([FIRST, SECOND, THIRD]) + "\n\nShare\nTweet\n", "utf-8")
    db = tmp_path / "s.duckdb"
    first = ingest([str(page)], db)
    assert len(first.stored) == 3 and not first.errors
    again = ingest([str(page)], db)
    assert again.stored == [] and sorted(again.already_stored) == sorted(first.stored)
    with Store(db, read_only=True) as store:
        articles = store.articles()
    assert {a.source for a in articles} == {str(page)}
    assert all("Tweet" not in a.text for a in articles)


def test_a_syndicated_copy_in_a_later_batch_points_at_the_stored_original(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "original.txt").write_text(STORY, "utf-8")
    copy = "Harbor Wire\n\n" + STORY.replace("the authority said", "the river authority said")
    (tmp_path / "b" / "copy.txt").write_text(copy, "utf-8")
    db = tmp_path / "s.duckdb"
    first = ingest([str(tmp_path / "a")], db)
    second = ingest([str(tmp_path / "b")], db)
    (copy_article,) = second.articles
    assert copy_article.duplicate_of == first.stored[0]
    with Store(db, read_only=True) as store:
        stored = {a.id: a for a in store.articles()}
    assert stored[copy_article.id].duplicate_of == first.stored[0]  # kept, flagged


def test_eval_cleaning_on_a_small_set_of_its_layout(tmp_path: Path) -> None:
    gold = "The lock will close for three weeks. Barges will use the Marsh canal instead."
    items = [
        {
            "id": "p1-x",
            "extractor": "x",
            "noisy_word_precision": 0.7,
            "gold_text": gold,
            "noisy_text": "Share\nTweet\n" + gold.replace(". ", ".\n") + "\nAdvertisement\n",
        },
        {
            "id": "p2-y",
            "extractor": "y",
            "noisy_word_precision": 1.0,
            "gold_text": gold,
            "noisy_text": gold,
        },
    ]
    (tmp_path / "items.jsonl").write_text("\n".join(json.dumps(i) for i in items), "utf-8")
    metrics = eval_cleaning(tmp_path, EvalOptions(by="extractor"))
    assert metrics["items"] == 2
    assert metrics["word_f1"] == 1.0 and metrics["junk_recall"] == 1.0
    assert set(metrics["by"]) == {"x", "y"}
    residue = eval_cleaning(tmp_path, EvalOptions(max_noisy_precision=0.95))
    assert residue["items"] == 1
