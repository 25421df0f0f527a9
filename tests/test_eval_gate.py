"""The quality gate: `storyline eval` on a bounded subset of each shared set stays above the
floors pinned in tests/eval_baseline.json (see its "about" for how to change one on purpose)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_path
from storyline.evaluation import EvalOptions, eval_tasks, load_tasks

BASELINE = Path(__file__).resolve().parent / "eval_baseline.json"


def _gates() -> list[tuple[str, str, dict[str, Any]]]:
    tasks = json.loads(BASELINE.read_text("utf-8"))["tasks"]
    return [(task, folder, gate) for task, sets in tasks.items() for folder, gate in sets.items()]


def test_baseline_file_is_well_formed() -> None:
    for task, folder, gate in _gates():
        assert isinstance(gate.get("limit"), int) and gate["limit"] > 0, (task, folder)
        assert gate.get("floors") or gate.get("ceilings"), (task, folder)
        for name, floor in gate.get("floors", {}).items():
            # a floor above what was measured would fail on unchanged code
            assert floor <= gate["measured"][name], (task, folder, name)
        for name, ceiling in gate.get("ceilings", {}).items():
            assert ceiling >= gate["measured"][name], (task, folder, name)


@pytest.mark.parametrize(
    ("task", "folder", "gate"),
    _gates(),
    ids=[f"{task}:{folder}" for task, folder, _ in _gates()],
)
def test_eval_stays_above_its_floors(task: str, folder: str, gate: dict[str, Any]) -> None:
    path = shared_path("eval", folder)
    load_tasks()
    metrics = eval_tasks.get(task)(
        path, EvalOptions(limit=gate["limit"], **gate.get("options", {}))
    )
    below = {
        name: (metrics.get(name), floor)
        for name, floor in gate.get("floors", {}).items()
        if metrics.get(name) is None or metrics[name] < floor
    }
    above = {
        name: (metrics.get(name), ceiling)
        for name, ceiling in gate.get("ceilings", {}).items()
        if metrics.get(name) is None or metrics[name] > ceiling
    }
    assert not below, f"{task} on {folder}: below the floor (measured, floor): {below}"
    assert not above, f"{task} on {folder}: above the ceiling (measured, ceiling): {above}"
