"""`bench store`: the batch steps and the story step of `ingest` on a growing store.

Two synthetic streams (`evaluation/synthetic.py`; `--set small=N`, default 1,000 articles, and
ten times as many) go through `jobs.store_batch` in batches (`--set batch=`, default 100) into
a fresh store each, in a temporary folder under PATH: dedup against the store, storing, and
placing the articles in stories (clustering, assembling and writing the stories that changed).
The articles are not analysed (no parse, no events), so what is timed is what grows with the
store. Reported: seconds per part for each stream, and the large over small ratio of the whole,
which stays near 10 when a batch costs the same however much is stored.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from storyline import jobs
from storyline.evaluation import EvalOptions, bench_tasks
from storyline.evaluation._common import ratio
from storyline.settings import load_settings
from storyline.store import Store

_KEYS = {"small", "batch", "seed"}


def _stream_seconds(n: int, batch: int, seed: int, folder: Path) -> dict[str, Any]:
    from storyline.evaluation.synthetic import synthetic_stream

    stream = synthetic_stream(n, seed=seed)
    settings = load_settings()
    seconds = 0.0
    with Store(folder / f"bench-{n}.duckdb") as store:
        for start in range(0, n, batch):
            report = jobs.IngestReport(articles=stream.articles[start : start + batch])
            began = time.perf_counter()
            jobs.store_batch(store, report, settings)
            seconds += time.perf_counter() - began
        stories = len(store.story_rows())
    batches = -(-n // batch)
    return {
        "articles": n,
        "batches": batches,
        "stories": stories,
        "seconds": round(seconds, 3),
        "seconds_per_batch": round(seconds / max(1, batches), 4),
    }


@bench_tasks.register("store")
def bench_store(path: Path, options: EvalOptions) -> dict[str, Any]:
    """Scaling of the store and story steps (PATH: an existing folder for the temporary stores)."""
    unknown = set(options.extra) - _KEYS
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)}; known: {sorted(_KEYS)}")
    small_n = int(options.extra.get("small", "1000"))
    batch = max(1, int(options.extra.get("batch", "100")))
    seed = int(options.extra.get("seed", "0"))
    path.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="storyline-bench-", dir=path))
    try:
        small = _stream_seconds(small_n, batch, seed, folder)
        large = _stream_seconds(10 * small_n, batch, seed, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "small": small,
        "large": large,
        "time_ratio_large_over_small": ratio(large["seconds"], small["seconds"]),
        "batch_time_ratio": ratio(large["seconds_per_batch"], small["seconds_per_batch"]),
        "batch": batch,
    }
