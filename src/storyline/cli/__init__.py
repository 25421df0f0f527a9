"""The `storyline` command: thin Typer commands over the library functions."""

from __future__ import annotations

import inspect
import logging

import typer

app = typer.Typer(
    name="storyline",
    help=(
        "Turn a pile of news articles from many outlets into stories: events, a timeline, "
        "claims and who makes them, outlet coverage, and a cited summary.\n\n"
        "Start with `storyline run FOLDER --out DIR`. Exit status: 0 when every input was "
        "read, 1 when some input failed (the rest is still processed), 2 on a usage error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _configure(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    app()


# Commands register themselves on `app` when imported.
from storyline.cli import evaluate as _evaluate  # noqa: E402, F401
from storyline.cli import events as _events  # noqa: E402, F401
from storyline.cli import ingest as _ingest  # noqa: E402, F401
from storyline.cli import language as _language  # noqa: E402, F401
from storyline.cli import stories as _stories  # noqa: E402, F401


def _one_line_summaries() -> None:
    """The command list shows a command's first docstring paragraph with its hard line breaks;
    give each command that paragraph on one line instead."""
    for command in app.registered_commands:
        doc = command.callback.__doc__ if command.callback else None
        if command.short_help is None and doc:
            command.short_help = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())


_one_line_summaries()
