"""What the commands share: options, one-line errors, stderr output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from storyline.errors import ReadError, StorylineError
from storyline.settings import Settings, load_settings

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)

DB_OPTION = typer.Option(
    Path("storyline.duckdb"), "--db", help="The store: one DuckDB file.", envvar="STORYLINE_DB"
)
CONFIG_OPTION = typer.Option(
    None,
    "--config",
    help="A TOML file overriding settings (see `storyline settings`).",
    exists=True,
    dir_okay=False,
)


def fail(message: str, code: int = 1) -> typer.Exit:
    stderr.print(f"error: {message}", markup=False)
    return typer.Exit(code)


@contextmanager
def one_line_errors(*also: type[Exception]) -> Iterator[None]:
    """A `StorylineError` (or an exception of a type in `also`) raised inside becomes its message
    on one line and exit code 1: `with one_line_errors(): report = jobs.ingest(...)`."""
    caught: tuple[type[Exception], ...] = (StorylineError, *also)
    try:
        yield
    except caught as exc:
        raise fail(str(exc)) from exc


def finish(summary: str, *, failed: bool) -> None:
    """The command's closing line on stderr; exit code 1 when an input failed."""
    stderr.print(summary, markup=False)
    if failed:
        raise typer.Exit(1)


def report_error(error: ReadError) -> None:
    stderr.print(f"skipped {error}", markup=False)


def settings_from(config: Path | None) -> Settings:
    try:
        return load_settings(config)
    except (ValueError, OSError) as exc:
        raise fail(str(exc), 2) from exc
