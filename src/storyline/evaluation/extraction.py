"""`eval extraction` and `bench extraction`: main text, title and date of HTML pages.

Reads a folder in the layout of `../shared/eval/extraction-wcxb-dev/`: `html/<id>.html.gz` (or
`.html`) and `ground-truth/<id>.json` with `ground_truth.{main_content, title, publish_date,
with, without}`. Storyline reads each page exactly as `ingest` does (the registered HTML reader:
bytes decoded, then `html.html_article`); with `--set stages=on` the article stages of
`jobs.ARTICLE_STAGES` run after it, with `--set stages=clean` only the cleaning stages
(`clean.stages.CLEANING_STAGES`), so cleaning is measured with the same command, and
`--set predictions=FILE` writes what storyline predicted for each page (the READMEs' format).

Metrics are those of the set's README: `word_f1` (and `word_precision`, `word_recall`) averaged
over pages with `main_content`; `with_rate`, `without_rate` and `snippet_f1` pooled over
snippets; `date_accuracy` over pages with `publish_date`; `title_accuracy` over pages with
`title`. A metric with no gold to score against is null. `pages_per_s` counts only the time spent
turning page bytes into a prediction (reading gold files and gunzip are left out, for both sides).

`bench extraction` runs the same pages through storyline and through plain trafilatura
(`extract(html, include_comments=False, include_tables=True)` plus `extract_metadata(html)`, the
READMEs' reference set-up), alternating which goes first on each page so machine noise and warm
caches favour neither, and reports both metric sets and their ratios (storyline / trafilatura).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks
from storyline.evaluation._common import (
    GoldItem,
    Stopwatch,
    bag_of_words_prf,
    collapse_spaces,
    gold_items,
    group_by,
    mean,
    ratio,
    rounded,
    same_words,
    share,
)
from storyline.ingest.base import ReadContext
from storyline.ingest.decode import DecodeError, gunzip, is_gzip
from storyline.model import Article
from storyline.settings import Settings, load_settings

LOGGER = logging.getLogger(__name__)

# Metrics where storyline/trafilatura is a meaningful ratio in `bench` (higher is better,
# except without_rate).
RATIO_METRICS = (
    "word_f1",
    "word_precision",
    "word_recall",
    "with_rate",
    "without_rate",
    "snippet_f1",
    "date_accuracy",
    "title_accuracy",
    "pages_per_s",
)


@dataclass
class Prediction:
    """What a reader made of one page: body text, title and date (YYYY-MM-DD), each maybe None."""

    text: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass
class Page:
    """One gold page: its gold item and where its HTML is; `problem` says why it could not be
    read, once `read()` has failed. Pages are read one at a time (a set can be 400 MB of HTML).
    """

    item: GoldItem
    html_dir: Path
    max_bytes: int
    problem: str | None = None

    @property
    def id(self) -> str:
        return self.item.id

    def read(self) -> bytes | None:
        """The page bytes, gunzipped; None (and `problem` set, and logged) when unreadable."""
        data, self.problem = _page_bytes(self.html_dir, self.id, self.max_bytes)
        if self.problem:
            LOGGER.warning("%s: %s (scored as an empty prediction)", self.id, self.problem)
        return data


@dataclass
class Scored:
    """A page with a prediction and the seconds it took to make it."""

    page: Page
    prediction: Prediction
    seconds: float


PageReader = Callable[[bytes, str], Prediction]


def load_pages(folder: Path, limit: int | None, max_bytes: int) -> list[Page]:
    """The gold pages of `folder`, sorted by id.

    A page whose HTML is missing, truncated or corrupt is scored as an empty prediction, not
    dropped, and never stops the run.
    """
    truth_dir = folder / "ground-truth"
    if not truth_dir.is_dir():
        raise ValueError(f"{folder}: no ground-truth/ folder (expected html/ and ground-truth/)")
    return [Page(item, folder / "html", max_bytes) for item in gold_items(truth_dir, limit)]


def _page_bytes(html_dir: Path, page_id: str, max_bytes: int) -> tuple[bytes | None, str | None]:
    for name in (f"{page_id}.html.gz", f"{page_id}.html", f"{page_id}.htm"):
        path = html_dir / name
        if not path.exists():
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, f"cannot read {path}: {exc}"
        if is_gzip(data) or path.suffix == ".gz":
            try:
                data = gunzip(data, max_bytes)
            except DecodeError as exc:
                return None, f"{path}: {exc}"
        return data, None
    return None, f"no html/{page_id}.html.gz"


def storyline_reader(settings: Settings, *, stages: Sequence[str] = ()) -> PageReader:
    """Storyline's own HTML path: the registered `html` reader, then the named stages."""
    from storyline.ingest.base import READER_FOR_KIND, readers
    from storyline.pipeline import build_pipeline, run_pipeline

    read = readers.get(READER_FOR_KIND["html"])
    ctx = ReadContext(settings)
    pipeline = build_pipeline(settings, list(stages)) if stages else []

    def predict(data: bytes, source: str) -> Prediction:
        articles = [r for r in read(data, source, ctx) if isinstance(r, Article)]
        if not articles:
            return Prediction()
        article = next(iter(run_pipeline(pipeline, articles[:1])))
        return Prediction(article.text, article.title, article.published)

    return predict


@dataclass
class TrafilaturaReader:
    """Plain trafilatura, the READMEs' reference set-up; times text and metadata apart."""

    text_watch: Stopwatch = field(default_factory=Stopwatch)

    def __call__(self, data: bytes, source: str) -> Prediction:
        import trafilatura

        markup = data.decode("utf-8", errors="replace")
        with self.text_watch.timing():
            text = trafilatura.extract(markup, include_comments=False, include_tables=True)
        metadata = trafilatura.extract_metadata(markup)
        title = metadata.title if metadata is not None else None
        date = metadata.date if metadata is not None else None
        return Prediction(text, title, str(date)[:10] if date else None)


def predict_pages(pages: Sequence[Page], readers: Sequence[PageReader]) -> list[list[Scored]]:
    """Each reader's predictions for every page, alternating which reader goes first per page.

    A reader that raises on a page scores an empty prediction there (and logs why): a bad page
    never stops the evaluation.
    """
    results: list[list[Scored]] = [[] for _ in readers]
    with _libraries_quiet():
        _warm_up(pages, readers)
        for number, page in enumerate(pages):
            data = page.read()
            order = range(len(readers)) if number % 2 == 0 else reversed(range(len(readers)))
            for index in order:
                results[index].append(_predict(readers[index], page, data))
    return results


def _warm_up(pages: Sequence[Page], readers: Sequence[PageReader]) -> None:
    """Run every reader once, untimed, on the first readable page: one-off set-up costs (lazy
    imports, the date parser's compiled patterns, which both sides share) are no page's cost.
    dateparser compiles its patterns for every locale on its first call (seconds), whichever
    side happens to make it; it is called here once so that neither side pays for it."""
    try:
        from htmldate.extractors import get_external_parser

        get_external_parser().get_date_data("Published 12 March 2020, 10:45")
    except (ImportError, ValueError, OverflowError):
        pass
    for page in pages:
        data, _problem = _page_bytes(page.html_dir, page.id, page.max_bytes)
        if data is not None:
            for reader in readers:
                _predict(reader, page, data)
            return


def _predict(reader: PageReader, page: Page, data: bytes | None) -> Scored:
    started = time.perf_counter()
    prediction = Prediction()
    if data is not None:
        try:
            prediction = reader(data, str(page.item.path))
        except Exception as exc:  # one bad page must not stop the run
            LOGGER.warning("%s: reader failed: %s", page.id, exc)
    return Scored(page, prediction, time.perf_counter() - started)


@contextmanager
def _libraries_quiet() -> Iterator[None]:
    """trafilatura logs a warning per page it finds nothing in; the score already says so."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def score(scored: Sequence[Scored]) -> dict[str, Any]:
    """The README's metrics over `scored` pages; a metric without gold to score is null."""
    precisions: list[float] = []
    recalls: list[float] = []
    f1s: list[float] = []
    with_total = with_found = without_total = without_found = 0
    date_total = date_right = title_total = title_right = 0
    for entry in scored:
        truth = entry.page.item.field("ground_truth") or {}
        predicted = entry.prediction
        gold_text = truth.get("main_content")
        if gold_text is not None:
            precision, recall, f1 = bag_of_words_prf(predicted.text, gold_text)
            precisions.append(precision)
            recalls.append(recall)
            f1s.append(f1)
        haystack = collapse_spaces(predicted.text or "")
        for snippet in truth.get("with") or []:
            with_total += 1
            with_found += collapse_spaces(snippet) in haystack
        for snippet in truth.get("without") or []:
            without_total += 1
            without_found += collapse_spaces(snippet) in haystack
        gold_date = truth.get("publish_date")
        if gold_date:
            date_total += 1
            date_right += bool(predicted.date) and str(predicted.date)[:10] == str(gold_date)[:10]
        gold_title = truth.get("title")
        if gold_title is not None:
            title_total += 1
            title_right += same_words(predicted.title, gold_title)
    seconds = sum(entry.seconds for entry in scored)
    with_missed = with_total - with_found
    snippets = 2 * with_found + without_found + with_missed
    return {
        "pages": len(scored),
        "text_pages": len(f1s),
        "word_f1": rounded(mean(f1s)),
        "word_precision": rounded(mean(precisions)),
        "word_recall": rounded(mean(recalls)),
        "with_snippets": with_total,
        "without_snippets": without_total,
        "with_rate": rounded(share(with_found, with_total)),
        "without_rate": rounded(share(without_found, without_total)),
        "snippet_f1": rounded(share(2 * with_found, snippets)),
        "date_pages": date_total,
        "date_accuracy": rounded(share(date_right, date_total)),
        "title_pages": title_total,
        "title_accuracy": rounded(share(title_right, title_total)),
        "pages_per_s": round(len(scored) / seconds, 2) if seconds > 0 else None,
    }


def score_by(scored: Sequence[Scored], by: str | None) -> dict[str, Any]:
    """`score()` over all pages, plus `by_<field>`: the same metrics per value of that field."""
    metrics = score(scored)
    if by:
        groups = group_by(scored, lambda entry: entry.page.item.field(by))
        metrics[f"by_{by}"] = {value: score(entries) for value, entries in groups.items()}
    return metrics


def _stages_wanted(options: EvalOptions) -> list[str]:
    """The stages `--set stages=` names: on (all article stages), clean (cleaning only), off."""
    value = options.extra.get("stages", "off").strip().lower()
    if value in {"clean", "cleaning"}:
        from storyline.clean.stages import CLEANING_STAGES

        return list(CLEANING_STAGES)
    if value in {"on", "true", "1", "yes"}:
        from storyline.jobs import ARTICLE_STAGES

        return list(ARTICLE_STAGES)
    if value in {"off", "false", "0", "no"}:
        return []
    raise ValueError(f"--set stages={value!r}: use on, clean or off")


def _setup(path: Path, options: EvalOptions) -> tuple[list[Page], Settings, list[str]]:
    unknown = set(options.extra) - {"stages", "predictions"}
    if unknown:
        raise ValueError(
            f"unknown --set key(s) {sorted(unknown)} for extraction; known: stages, predictions"
        )
    settings = load_settings()
    pages = load_pages(path, options.limit, int(settings.get("ingest.max_input_bytes")))
    return pages, settings, _stages_wanted(options)


def _unreadable(pages: Iterable[Page]) -> int:
    return sum(page.problem is not None for page in pages)


@eval_tasks.register("extraction")
def eval_extraction(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Storyline's HTML reading path scored on the gold pages of `path`."""
    pages, settings, stages = _setup(path, options)
    (scored,) = predict_pages(pages, [storyline_reader(settings, stages=stages)])
    metrics = score_by(scored, options.by)
    metrics["unreadable_pages"] = _unreadable(pages)
    metrics["stages"] = stages
    if options.extra.get("predictions"):
        write_predictions(scored, Path(options.extra["predictions"]))
    return metrics


def write_predictions(scored: Iterable[Scored], path: Path) -> None:
    """The predictions in the READMEs' format, `{"<id>": {"text", "title", "date"}}`."""
    records = {
        entry.page.id: {
            "text": entry.prediction.text,
            "title": entry.prediction.title,
            "date": entry.prediction.date,
        }
        for entry in scored
    }
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")


@bench_tasks.register("extraction")
def bench_extraction(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Storyline and plain trafilatura on the same pages in one run, side by side."""
    pages, settings, stages = _setup(path, options)
    baseline = TrafilaturaReader()
    ours, theirs = predict_pages(pages, [storyline_reader(settings, stages=stages), baseline])
    storyline_metrics = score_by(ours, options.by)
    trafilatura_metrics = score_by(theirs, options.by)
    trafilatura_metrics["text_only_pages_per_s"] = baseline.text_watch.per_second(len(pages))
    ratios = {
        name: ratio(storyline_metrics[name], trafilatura_metrics[name]) for name in RATIO_METRICS
    }
    ratios["pages_per_s_vs_text_only"] = ratio(
        storyline_metrics["pages_per_s"], trafilatura_metrics["text_only_pages_per_s"]
    )
    return {
        "pages": len(pages),
        "unreadable_pages": _unreadable(pages),
        "stages": stages,
        "storyline": storyline_metrics,
        "trafilatura": trafilatura_metrics,
        "ratios": ratios,
    }
