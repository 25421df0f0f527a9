"""`eval` and `bench`: metrics on gold sets, timings against a baseline in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from storyline.cli import app
from storyline.cli._util import fail
from storyline.evaluation import EvalOptions, EvalTask, bench_tasks, eval_tasks, load_tasks
from storyline.registry import Registry

TASK_ARG = typer.Argument(..., help="The task, e.g. extraction, cleaning, timex, plover.")
PATH_ARG = typer.Argument(..., help="A gold folder in the layout of ../shared/eval/<set>/.")
BY_OPTION = typer.Option(None, "--by", help="Break metrics down by this field of the gold items.")
LIMIT_OPTION = typer.Option(None, "--limit", help="Only the first N items (a quick check).")
SET_OPTION = typer.Option([], "--set", help="Task option as key=value (repeatable).")


def _options(by: str | None, limit: int | None, sets: list[str], mnp: float | None) -> EvalOptions:
    extra: dict[str, str] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep:
            raise fail(f"--set {item!r}: use key=value", 2)
        extra[key] = value
    return EvalOptions(by=by, limit=limit, extra=extra, max_noisy_precision=mnp)


def _run_task(tasks: Registry[EvalTask], task: str, path: Path, options: EvalOptions) -> None:
    """Run a registered task on a gold folder and print its metrics as one JSON line; a
    missing folder, an unknown task or a folder in the wrong layout is one error line."""
    load_tasks()
    if not path.exists():
        raise fail(f"{path}: no such folder", 2)
    try:
        run = tasks.get(task)
    except KeyError as exc:
        raise fail(str(exc.args[0]), 2) from exc
    try:
        metrics = run(path, options)
    except (ValueError, OSError) as exc:
        raise fail(f"{task} on {path}: {exc}", 2) from exc
    typer.echo(json.dumps(metrics, ensure_ascii=False, sort_keys=True))


@app.command("eval")
def eval_cli(
    task: str = TASK_ARG,
    path: Path = PATH_ARG,
    by: str | None = BY_OPTION,
    limit: int | None = LIMIT_OPTION,
    sets: list[str] = SET_OPTION,
    max_noisy_precision: float | None = typer.Option(
        None,
        "--max-noisy-precision",
        help="cleaning: only items whose noisy text has at most "
        "this word precision against the gold (the residue slice).",
    ),
) -> None:
    """Score storyline on a gold set; the last line printed is one JSON object of metrics."""
    _run_task(eval_tasks, task, path, _options(by, limit, sets, max_noisy_precision))


@app.command("bench")
def bench_cli(
    task: str = TASK_ARG,
    path: Path = PATH_ARG,
    by: str | None = BY_OPTION,
    limit: int | None = LIMIT_OPTION,
    sets: list[str] = SET_OPTION,
) -> None:
    """Time storyline against a baseline in the same run; the last line is one JSON object."""
    _run_task(bench_tasks, task, path, _options(by, limit, sets, None))
