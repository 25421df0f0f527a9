"""`storyline eval cleaning PATH` and `storyline bench cleaning PATH`.

PATH holds `items.jsonl` in the layout of `../shared/eval/cleaning-aeb/` (`noisy_text` ->
`gold_text`). The metrics follow its README: bag-of-words F1/P/R of the cleaned text against the
gold body, and junk precision/recall over token counts (noisy n, gold g, cleaned c per type):
junk = max(0, n-g), removed = max(0, n-c), junk removed = min(removed, junk).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.clean.boilerplate import clean
from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def _load(path: Path, options: EvalOptions) -> list[dict[str, Any]]:
    items_file = path / "items.jsonl" if path.is_dir() else path
    items = []
    with items_file.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            mnp = options.max_noisy_precision
            # the residue slice of the set's README: noisy word precision below the bound
            if mnp is not None and float(item.get("noisy_word_precision", 0.0)) >= mnp:
                continue
            extractor = options.extra.get("extractor")
            if extractor and item.get("extractor") != extractor:
                continue
            items.append(item)
            if options.limit is not None and len(items) >= options.limit:
                break
    return items


def _item_scores(noisy: str, gold: str, cleaned: str) -> dict[str, float | None]:
    n_bag, g_bag, c_bag = _tokens(noisy), _tokens(gold), _tokens(cleaned)
    overlap = sum((c_bag & g_bag).values())
    c_total, g_total = sum(c_bag.values()), sum(g_bag.values())
    precision = overlap / c_total if c_total else 0.0
    recall = overlap / g_total if g_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    junk = removed = junk_removed = 0
    for word, n in n_bag.items():
        j = max(0, n - g_bag.get(word, 0))
        r = max(0, n - c_bag.get(word, 0))
        junk += j
        removed += r
        junk_removed += min(r, j)
    return {
        "word_f1": f1,
        "word_precision": precision,
        "word_recall": recall,
        "junk_precision": junk_removed / removed if removed else None,
        "junk_recall": junk_removed / junk if junk else None,
    }


def _summary(rows: list[dict[str, float | None]]) -> dict[str, Any]:
    out: dict[str, Any] = {"items": len(rows)}
    for key in ("word_f1", "word_precision", "word_recall", "junk_precision", "junk_recall"):
        values = [r[key] for r in rows if r[key] is not None]
        out[key] = round(sum(values) / len(values), 4) if values else None  # type: ignore[arg-type]
        if key.startswith("junk"):
            out[f"{key}_items"] = len(values)
    return out


def cleaned_text(noisy: str) -> str:
    """What the cleaner leaves of a noisy text (the eval's prediction)."""
    return clean(noisy).text


@eval_tasks.register("cleaning")
def eval_cleaning(path: Path, options: EvalOptions) -> dict[str, Any]:
    items = _load(path, options)
    rows: list[dict[str, float | None]] = []
    groups: dict[str, list[dict[str, float | None]]] = {}
    started = time.perf_counter()
    for item in items:
        scores = _item_scores(
            item["noisy_text"], item["gold_text"], cleaned_text(item["noisy_text"])
        )
        rows.append(scores)
        if options.by:
            groups.setdefault(str(item.get(options.by, "unknown")), []).append(scores)
    elapsed = time.perf_counter() - started
    metrics = _summary(rows)
    metrics["items_per_s"] = round(len(items) / elapsed, 2) if elapsed > 0 else None
    if options.by:
        metrics["by"] = {name: _summary(group) for name, group in sorted(groups.items())}
    return metrics


def _time(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


@bench_tasks.register("cleaning")
def bench_cleaning(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Ingest time of the inputs under PATH with and without the cleaning stages, same run.

    PATH is a folder of inputs (`storyline ingest` would read) or a cleaning set; reading and
    extraction run with no stages, then with the cleaning stages, over the same inputs.
    """
    from storyline.ingest import ReadContext, read_inputs
    from storyline.jobs import CLEANING_STAGES
    from storyline.model import Article
    from storyline.pipeline import build_pipeline, run_pipeline
    from storyline.settings import load_settings

    settings = load_settings()
    ctx = ReadContext(settings, False, False)
    inputs = [str(path)]
    if (path / "items.jsonl").exists():
        texts = [item["noisy_text"] for item in _load(path, options)]

        def read() -> list[Article]:
            return [Article.create(source=f"item-{i}", text=t) for i, t in enumerate(texts)]

    else:

        def read() -> list[Article]:
            articles = [r for r in read_inputs(inputs, ctx) if isinstance(r, Article)]
            return articles[: options.limit] if options.limit else articles

    stages = build_pipeline(settings, CLEANING_STAGES)
    repeat = int(options.extra.get("repeat", "3"))
    n = len(read())
    base = _time(read, repeat)
    full = _time(lambda: list(run_pipeline(stages, read())), repeat)
    return {
        "inputs": n,
        "read_s": round(base, 4),
        "read_and_clean_s": round(full, 4),
        "ratio": round(full / base, 4) if base else None,
        "added_share": round((full - base) / base, 4) if base else None,
    }
