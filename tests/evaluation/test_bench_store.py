"""`bench store` runs the real batch and story steps on two synthetic streams and cleans up."""

from __future__ import annotations

from pathlib import Path

from storyline.evaluation import EvalOptions
from storyline.evaluation.store import bench_store


def test_bench_store_times_both_streams_and_leaves_nothing(tmp_path: Path) -> None:
    result = bench_store(tmp_path, EvalOptions(extra={"small": "12", "batch": "6"}))
    assert result["small"]["articles"] == 12 and result["large"]["articles"] == 120
    assert result["large"]["batches"] == 20
    assert 0 < result["small"]["stories"] < result["large"]["stories"]
    assert result["time_ratio_large_over_small"] > 0
    assert list(tmp_path.iterdir()) == []
