"""`storyline eval cleaning PATH` and `storyline bench cleaning PATH`.

PATH holds `items.jsonl` in the layout of `../shared/eval/cleaning-aeb/` (`noisy_text` ->
`gold_text`). The metrics follow its README: bag-of-words F1/P/R of the cleaned text against the
gold body, and junk precision/recall over token counts (noisy n, gold g, cleaned c per type):
junk = max(0, n-g), removed = max(0, n-c), junk removed = min(removed, junk).

`already_clean` reports the items whose noisy text was already clean (noisy word precision at
or above 0.95, the complement of the README's residue slice): their recall before
(`noisy_word_recall`) and after cleaning (`word_recall`); cleaning must not lower it.
`--set min_noisy_precision=X` keeps only items at or above X (`--max-noisy-precision` keeps
those below).
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from storyline.clean.boilerplate import clean
from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks

_WORD = re.compile(r"\w+")
# Items whose noisy text is at least this precise were already clean (README: residue slice
# is the items below it).
ALREADY_CLEAN_PRECISION = 0.95


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
            noisy_precision = float(item.get("noisy_word_precision", 0.0))
            # the residue slice of the set's README: noisy word precision below the bound
            if mnp is not None and noisy_precision >= mnp:
                continue
            if noisy_precision < float(options.extra.get("min_noisy_precision", 0.0)):
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
    already_clean: list[dict[str, float | None]] = []
    started = time.perf_counter()
    for item in items:
        scores = _item_scores(
            item["noisy_text"], item["gold_text"], cleaned_text(item["noisy_text"])
        )
        rows.append(scores)
        if float(item.get("noisy_word_precision", 0.0)) >= ALREADY_CLEAN_PRECISION:
            noisy_recall = item.get("noisy_word_recall")
            scores_before = {"noisy_word_recall": noisy_recall, **scores}
            already_clean.append(scores_before)
        if options.by:
            groups.setdefault(str(item.get(options.by, "unknown")), []).append(scores)
    elapsed = time.perf_counter() - started
    metrics = _summary(rows)
    metrics["items_per_s"] = round(len(items) / elapsed, 2) if elapsed > 0 else None
    metrics["already_clean"] = _already_clean(already_clean)
    if options.by:
        metrics["by"] = {name: _summary(group) for name, group in sorted(groups.items())}
    return metrics


def _already_clean(rows: list[dict[str, float | None]]) -> dict[str, Any]:
    """Recall before and after cleaning on the items that were already clean."""
    summary = _summary(rows)
    before = [float(r["noisy_word_recall"]) for r in rows if r["noisy_word_recall"] is not None]
    return {
        "items": summary["items"],
        "noisy_word_recall": round(sum(before) / len(before), 4) if before else None,
        "word_recall": summary["word_recall"],
        "word_f1": summary["word_f1"],
    }


@bench_tasks.register("cleaning")
def bench_cleaning(path: Path, options: EvalOptions) -> dict[str, Any]:
    """What the cleaning stages add to ingest time, measured over the same inputs in one run.

    PATH is a folder of pages as `storyline ingest` reads them (its `html/` subfolder when it
    has one, as the extraction sets do); `--limit N` takes the first N files. Each round times
    reading and extraction of every input, then the cleaning stages over the articles read;
    the fastest round of each counts (`--set repeat=3`). Times are CPU seconds of this process,
    so other work on a shared machine does not skew them. `ratio` = (read + clean) / read.
    """
    from storyline.clean.stages import CLEANING_STAGES
    from storyline.ingest import ReadContext, read_inputs
    from storyline.model import Article
    from storyline.pipeline import build_pipeline, run_pipeline
    from storyline.settings import load_settings

    settings = load_settings()
    ctx = ReadContext(settings, False, False)
    folder = path / "html" if (path / "html").is_dir() else path
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.name[0] not in "._")
    files = [f for f in files if not f.endswith((".md", ".json", ".jsonl")) or folder != path]
    if options.limit:
        files = files[: options.limit]
    stages = build_pipeline(settings, CLEANING_STAGES)
    repeat = int(options.extra.get("repeat", "3"))
    base = full = float("inf")
    articles: list[Article] = []
    for _ in range(repeat):
        # CPU time of this process: other jobs on a shared machine do not count
        started = time.process_time()
        articles = [r for r in read_inputs(files, ctx) if isinstance(r, Article)]
        base = min(base, time.process_time() - started)
        copies = [dataclasses.replace(a, removed=list(a.removed)) for a in articles]
        started = time.process_time()
        list(run_pipeline(stages, copies))
        full = min(full, time.process_time() - started)
    return {
        "inputs": len(files),
        "articles": len(articles),
        "read_s": round(base, 4),
        "clean_s": round(full, 4),
        "ratio": round((base + full) / base, 4) if base else None,
        "added_share": round(full / base, 4) if base else None,
    }
