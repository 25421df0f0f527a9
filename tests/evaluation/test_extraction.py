"""`eval extraction` / `bench extraction`: the README metrics on small gold folders built here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks, load_tasks
from storyline.evaluation._common import (
    GoldItem,
    bag_of_words_prf,
    collapse_spaces,
    same_words,
    word_tokens,
)
from storyline.evaluation.extraction import Page, Prediction, Scored, score, score_by

PAGES = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "extraction"
runner = CliRunner()

FERRY_TEXT = (
    "Ferry crews on the Tidewater crossing walked off the job on Thursday morning after "
    "overnight talks between the operator and the seafarers' union broke down without "
    "agreement.\nThe operator, Tidewater Link, said all sailings between Portholm and the island "
    "of Carrick were cancelled until further notice, leaving about 3,000 daily passengers to "
    "find other routes.\nUnion organiser Aled Penrose said crews had been offered a pay rise of "
    "2.5 per cent, well below inflation, and that rosters had been cut without consultation. "
    '"Nobody wanted this, but the company left us no choice," he said.\nA spokesperson for '
    'Tidewater Link said the offer was "fair and final" and accused the union of walking away '
    "from the table. The company said it would publish a revised timetable once crews "
    "returned.\nIsland businesses warned that deliveries of fresh food and fuel would run short "
    "within days if the stoppage continued into next week."
)


def _entry(
    gold: dict[str, Any], prediction: Prediction, page_type: str = "article", seconds: float = 0.5
) -> Scored:
    item = GoldItem(
        id="x", path=Path("x.json"), data={"page_type": page_type, "ground_truth": gold}
    )
    return Scored(Page(item=item, html_dir=Path("html"), max_bytes=0), prediction, seconds)


def _gold(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": None,
        "author": None,
        "publish_date": None,
        "main_content": None,
        "with": [],
        "without": [],
    }
    return {**base, **fields}


def _write_page(
    folder: Path, page_id: str, html: bytes | None, gold: dict[str, Any], page_type: str
) -> None:
    (folder / "html").mkdir(parents=True, exist_ok=True)
    (folder / "ground-truth").mkdir(parents=True, exist_ok=True)
    if html is not None:
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html))
    record = {"url": None, "file_id": page_id, "page_type": page_type, "ground_truth": gold}
    (folder / "ground-truth" / f"{page_id}.json").write_text(json.dumps(record), "utf-8")


@pytest.fixture
def gold_folder(tmp_path: Path) -> Path:
    """Four pages: a news article, a forum thread, a recipe without date, a corrupt gzip."""
    folder = tmp_path / "pages"
    _write_page(
        folder,
        "0001",
        (PAGES / "tidewater-ferry-strike.html").read_bytes(),
        _gold(
            title="Ferry crews walk out as Tidewater talks collapse",
            publish_date="2024-03-14",
            main_content=FERRY_TEXT,
            **{
                "with": ["walked off the job on Thursday morning", "fair and final"],
                "without": ["Most read", "Cookie settings"],
            },
        ),
        "article",
    )
    _write_page(
        folder,
        "0002",
        (PAGES / "kitchen-forum-thread.html").read_bytes(),
        _gold(
            title="Cast iron pan rusting after every wash?",
            main_content=(
                "I bought a cast iron pan last month and it gets orange spots every time I wash "
                "it, even though I dry it with a towel straight away.\nTowel drying is not "
                "enough. Put it back on the hob for a couple of minutes until every drop of "
                "water has gone."
            ),
            **{
                "with": ["it gets orange spots every time I wash it"],
                "without": ["Powered by ForumSoft"],
            },
        ),
        "forum",
    )
    _write_page(
        folder,
        "0003",
        (PAGES / "recipe-without-date.html").read_bytes(),
        _gold(title="Smoked mackerel pâté", main_content=None),
        "article",
    )
    # A truncated gzip stream: the page must count as an empty prediction, not crash the run.
    broken = gzip.compress(b"<html><body><p>" + b"lost words " * 400 + b"</p></body></html>")
    _write_page(folder, "0004", None, _gold(title="Lost page", main_content="lost words"), "forum")
    (folder / "html" / "0004.html.gz").write_bytes(broken[: len(broken) // 2])
    return folder


# --- the metric pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        # half of the gold words found, nothing extra: P 1, R 0.5
        ("the cat sat", "the cat sat on the mat", (1.0, 0.5, 2 / 3)),
        # multisets: "a a b" vs "a b b" share one "a" and one "b"
        ("a a b", "a b b", (2 / 3, 2 / 3, 2 / 3)),
        # case and punctuation do not matter; Unicode letters are words
        ("Café, CRÈME!", "café crème", (1.0, 1.0, 1.0)),
        # an empty prediction scores 0, not undefined
        (None, "some gold words", (0.0, 0.0, 0.0)),
        ("", "some gold words", (0.0, 0.0, 0.0)),
        # no overlap at all
        ("nothing shared", "some gold words", (0.0, 0.0, 0.0)),
    ],
)
def test_bag_of_words_prf(
    predicted: str | None, gold: str, expected: tuple[float, float, float]
) -> None:
    assert bag_of_words_prf(predicted, gold) == pytest.approx(expected)


def test_tokens_and_snippet_normalisation() -> None:
    assert word_tokens("Hello,  World — 2024 naïve_word") == [
        "hello",
        "world",
        "2024",
        "naïve_word",
    ]
    assert collapse_spaces("  a\n\tb   c ") == "a b c"
    assert same_words("Hello, world!", "hello world")
    assert not same_words("Hello world | Site", "Hello world")
    assert not same_words(None, "Hello world")


def test_score_exact_numbers_on_hand_made_predictions() -> None:
    entries = [
        _entry(
            _gold(
                title="Port strike ends",
                publish_date="2024-05-01",
                main_content="the cat sat on the mat",
                **{"with": ["cat  sat", "Mat"], "without": ["Subscribe now", "the mat"]},
            ),
            # whitespace in snippets is collapsed on both sides; matching is case-sensitive
            Prediction("the cat\nsat on the mat", "port strike ends.", "2024-05-01T09:30:00"),
        ),
        _entry(
            _gold(
                title="Quiet day",
                publish_date="2024-05-02",
                main_content="a b c d",
                **{"with": ["a b"], "without": ["Subscribe now"]},
            ),
            Prediction("a b x y Subscribe now", "Quiet day | Site", None),
        ),
        # null main_content and date: counted in pages and title only
        _entry(_gold(title="Listing"), Prediction("whatever text", "Listing", "2020-01-01")),
    ]
    metrics = score(entries)
    assert metrics["pages"] == 3
    assert metrics["text_pages"] == 2
    # page 1: P 1, R 1 -> F1 1; page 2: overlap 2 of 6 predicted, 2 of 4 gold
    p2, r2 = 2 / 6, 2 / 4
    assert metrics["word_precision"] == round((1 + p2) / 2, 4)
    assert metrics["word_recall"] == round((1 + r2) / 2, 4)
    assert metrics["word_f1"] == round((1 + 2 * p2 * r2 / (p2 + r2)) / 2, 4)
    # with: "cat sat" found, "Mat" not (case), "a b" found -> 2 of 3
    assert metrics["with_snippets"] == 3
    assert metrics["with_rate"] == round(2 / 3, 4)
    # without: "the mat" and "Subscribe now" (page 2) found, "Subscribe now" (page 1) not
    assert metrics["without_snippets"] == 3
    assert metrics["without_rate"] == round(2 / 3, 4)
    # snippet F1 = 2tp / (2tp + fp + fn) = 4 / (4 + 2 + 1)
    assert metrics["snippet_f1"] == round(4 / 7, 4)
    assert metrics["date_pages"] == 2
    assert metrics["date_accuracy"] == 0.5
    assert metrics["title_pages"] == 3
    assert metrics["title_accuracy"] == round(2 / 3, 4)
    assert metrics["pages_per_s"] == 2.0  # 3 pages in 1.5 s


def test_metrics_without_gold_are_null_not_zero() -> None:
    # The AEB layout: body text only, no title, date or snippets.
    metrics = score([_entry(_gold(main_content="body words here"), Prediction("body words"))])
    assert metrics["word_f1"] == 0.8
    for name in ("date_accuracy", "title_accuracy", "with_rate", "without_rate", "snippet_f1"):
        assert metrics[name] is None, name
    assert metrics["date_pages"] == metrics["title_pages"] == 0


def test_breakdown_by_page_type() -> None:
    entries = [
        _entry(_gold(main_content="a b"), Prediction("a b"), "article"),
        _entry(_gold(main_content="a b"), Prediction("x"), "forum"),
        _entry(_gold(main_content="a b"), Prediction("a b"), "article"),
    ]
    metrics = score_by(entries, "page_type")
    assert metrics["word_f1"] == round(2 / 3, 4)
    assert set(metrics["by_page_type"]) == {"article", "forum"}
    assert metrics["by_page_type"]["article"]["word_f1"] == 1.0
    assert metrics["by_page_type"]["article"]["pages"] == 2
    assert metrics["by_page_type"]["forum"]["word_f1"] == 0.0


# --- the task over a gold folder ---------------------------------------------------------------


def test_eval_extraction_on_a_gold_folder(gold_folder: Path) -> None:
    load_tasks()
    metrics = eval_tasks.get("extraction")(gold_folder, EvalOptions(by="page_type"))
    assert metrics["pages"] == 4
    assert metrics["unreadable_pages"] == 1
    # the recipe's null main_content is not scored; the corrupt page is, as an empty prediction
    assert metrics["text_pages"] == 3
    forum = metrics["by_page_type"]["forum"]
    assert forum["pages"] == 2 and forum["text_pages"] == 2
    assert forum["word_f1"] < 0.5  # one of its two pages could not be read
    article = metrics["by_page_type"]["article"]
    assert article["word_f1"] > 0.9
    # the news page's date comes from its metadata; the others have no gold date
    assert metrics["date_pages"] == 1 and metrics["date_accuracy"] == 1.0
    # headlines without "| The Coastal Ledger", "- HomeCooks Forum", "— Pantry Notes"
    assert metrics["title_pages"] == 4
    assert metrics["title_accuracy"] == 0.75  # the unreadable page has no title
    assert metrics["with_rate"] == 1.0
    assert metrics["without_rate"] == 0.0
    assert metrics["pages_per_s"] > 0
    assert metrics["stages"] == []


def test_limit_and_predictions_file(gold_folder: Path, tmp_path: Path) -> None:
    load_tasks()
    out = tmp_path / "predictions.json"
    options = EvalOptions(limit=1, extra={"predictions": str(out)})
    metrics = eval_tasks.get("extraction")(gold_folder, options)
    assert metrics["pages"] == 1
    predictions = json.loads(out.read_text("utf-8"))
    assert list(predictions) == ["0001"]
    assert predictions["0001"]["title"] == "Ferry crews walk out as Tidewater talks collapse"
    assert predictions["0001"]["date"] == "2024-03-14"
    assert "Cookie settings" not in predictions["0001"]["text"]


def test_stages_option_runs_the_article_stages(gold_folder: Path) -> None:
    from storyline.jobs import ARTICLE_STAGES

    load_tasks()
    options = EvalOptions(limit=1, extra={"stages": "on"})
    metrics = eval_tasks.get("extraction")(gold_folder, options)
    assert metrics["stages"] == list(ARTICLE_STAGES)
    assert metrics["word_f1"] > 0.8


def test_unknown_option_is_refused(gold_folder: Path) -> None:
    load_tasks()
    with pytest.raises(ValueError, match="stages"):
        eval_tasks.get("extraction")(gold_folder, EvalOptions(extra={"stages": "maybe"}))
    with pytest.raises(ValueError, match="unknown --set"):
        eval_tasks.get("extraction")(gold_folder, EvalOptions(extra={"colour": "blue"}))


def test_bench_scores_both_sides_on_the_same_pages(gold_folder: Path) -> None:
    load_tasks()
    result = bench_tasks.get("extraction")(gold_folder, EvalOptions(limit=3))
    assert result["pages"] == 3
    for side in ("storyline", "trafilatura"):
        assert result[side]["pages"] == 3
        assert result[side]["pages_per_s"] > 0
    assert result["trafilatura"]["text_only_pages_per_s"] > 0
    # plain trafilatura keeps the site name in the title ("... | The Coastal Ledger")
    assert result["storyline"]["title_accuracy"] == 1.0
    assert result["trafilatura"]["title_accuracy"] < 1.0
    assert result["ratios"]["title_accuracy"] > 1.0
    assert set(result["ratios"]) >= {"word_f1", "date_accuracy", "pages_per_s"}


def test_cli_prints_json_as_last_line(gold_folder: Path) -> None:
    result = runner.invoke(app, ["eval", "extraction", str(gold_folder), "--limit", "2"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["pages"] == 2
    result = runner.invoke(
        app, ["bench", "extraction", str(gold_folder), "--limit", "1", "--by", "page_type"]
    )
    assert result.exit_code == 0, result.output
    bench = json.loads(result.output.strip().splitlines()[-1])
    assert set(bench["storyline"]["by_page_type"]) == {"article"}


def test_cli_on_a_folder_without_gold_fails_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "extraction", str(tmp_path)])
    assert result.exit_code != 0
    assert "ground-truth" in result.output
