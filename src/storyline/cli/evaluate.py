"""`eval` and `bench`: metrics on gold sets, timings against a baseline in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from storyline.cli import app
from storyline.cli._util import fail
from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks, load_tasks

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
    load_tasks()
    if not path.exists():
        raise fail(f"{path}: no such folder", 2)
    try:
        run = eval_tasks.get(task)
    except KeyError as exc:
        raise fail(str(exc.args[0]), 2) from exc
    try:
        metrics = run(path, _options(by, limit, sets, max_noisy_precision))
    except (ValueError, OSError) as exc:
        raise fail(f"{task} on {path}: {exc}", 2) from exc
    typer.echo(json.dumps(metrics, ensure_ascii=False, sort_keys=True))


@app.command("bench")
def bench_cli(
    task: str = TASK_ARG,
    path: Path = PATH_ARG,
    by: str | None = BY_OPTION,
    limit: int | None = LIMIT_OPTION,
    sets: list[str] = SET_OPTION,
) -> None:
    """Time storyline against a baseline in the same run; the last line is one JSON object."""
    load_tasks()
    if not path.exists():
        raise fail(f"{path}: no such folder", 2)
    try:
        run = bench_tasks.get(task)
    except KeyError as exc:
        raise fail(str(exc.args[0]), 2) from exc
    try:
        metrics = run(path, _options(by, limit, sets, None))
    except (ValueError, OSError) as exc:
        raise fail(f"{task} on {path}: {exc}", 2) from exc
    typer.echo(json.dumps(metrics, ensure_ascii=False, sort_keys=True))
