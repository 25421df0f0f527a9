"""`storyline eval TASK PATH` and `storyline bench TASK PATH`: tasks registered by name.

An eval task reads a gold folder in the layout of one of `../shared/eval/*` and returns one flat
dict of metrics (the CLI prints it as JSON on its last line). A bench task times storyline against
a baseline in the same run and returns ratios, because these machines are noisy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.registry import Registry


@dataclass
class EvalOptions:
    by: str | None = None  # break the metrics down by this field of the gold items
    limit: int | None = None  # score only the first N items (quick checks)
    extra: dict[str, str] = field(default_factory=dict)  # task-specific `--set key=value`
    max_noisy_precision: float | None = None  # cleaning: the residue slice


EvalTask = Callable[[Path, EvalOptions], dict[str, Any]]
eval_tasks: Registry[EvalTask] = Registry("eval task")
bench_tasks: Registry[EvalTask] = Registry("bench task")


def load_tasks() -> None:
    """Import the task modules so they register themselves (kept lazy: they import a lot)."""
    import importlib

    for module in TASK_MODULES:
        importlib.import_module(module)


# Each module registers its tasks in `eval_tasks` / `bench_tasks` when imported.
TASK_MODULES: list[str] = [
    "storyline.evaluation.extraction",
    "storyline.evaluation.timex",
    "storyline.evaluation.plover",
    "storyline.evaluation.entities",
    "storyline.evaluation.cleaning",
    "storyline.evaluation.timeline",
    "storyline.evaluation.clustering",
    "storyline.evaluation.store",
]
