"""`ingest`, `run`, `articles` and `settings`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from storyline import jobs
from storyline.cli import app
from storyline.cli._util import (
    CONFIG_OPTION,
    DB_OPTION,
    fail,
    finish,
    one_line_errors,
    report_error,
    settings_from,
    stdout,
)
from storyline.cli.stories import story_table
from storyline.settings import HELP
from storyline.store import Store

INPUTS_ARG = typer.Argument(
    ...,
    help="Files, folders (read recursively) or http(s) URLs: plain text, HTML, JSON Lines, "
    "RSS/Atom feeds, WARC; gzip is undone.",
)
FETCH_OPTION = typer.Option(
    False, "--fetch-links", help="Fetch the pages that feed items and JSONL lines link to."
)
PRIVATE_OPTION = typer.Option(
    False, "--allow-private", help="Allow fetching loopback and private-network addresses."
)


@app.command("ingest")
def ingest_cli(
    inputs: list[str] = INPUTS_ARG,
    db: Path = DB_OPTION,
    config: Path | None = CONFIG_OPTION,
    fetch_links: bool = FETCH_OPTION,
    allow_private: bool = PRIVATE_OPTION,
) -> None:
    """Read articles into the store. Re-ingesting an article already stored is a no-op;
    each call is one transaction, so a crash leaves the store as it was."""
    with one_line_errors():
        report = jobs.ingest(
            inputs,
            db,
            settings=settings_from(config),
            fetch_links=fetch_links,
            allow_private=allow_private,
            on_error=report_error,
        )
    finish(
        f"stored {len(report.stored)} new article(s), {len(report.already_stored)} already "
        f"stored, {len(report.errors)} input(s) failed; {len(report.stories.new)} new "
        f"stories, {len(report.stories.grown)} grown; store: {db}",
        failed=report.failed,
    )


@app.command("run")
def run_cli(
    inputs: list[str] = INPUTS_ARG,
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for brief.json/.md/.html."),
    db: Path = DB_OPTION,
    config: Path | None = CONFIG_OPTION,
    fetch_links: bool = FETCH_OPTION,
    allow_private: bool = PRIVATE_OPTION,
) -> None:
    """One shot: ingest INPUTS, analyse them and write the briefs to --out."""
    with one_line_errors():
        report, brief, paths = jobs.run(
            inputs,
            out,
            db,
            settings=settings_from(config),
            fetch_links=fetch_links,
            allow_private=allow_private,
            on_error=report_error,
        )
    table = Table("outlet", "published", "title", "chars", title=f"{len(brief.articles)} articles")
    for a in brief.articles:
        table.add_row(
            a.outlet or "unknown", a.published or "unknown", a.title or "", str(len(a.text))
        )
    stdout.print(table)
    stdout.print(story_table(brief.stories))
    finish(
        f"{len(report.errors)} input(s) failed; brief: {paths['html']} "
        f"(also {paths['json']}, {paths['md']})",
        failed=report.failed,
    )


@app.command("articles")
def articles_cli(
    db: Path = DB_OPTION,
    output_format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """List the stored articles: outlet, date, title, length."""
    if output_format not in {"table", "json"}:
        raise fail(f"--format {output_format!r}: use table or json", 2)
    with one_line_errors(), Store(db, read_only=True) as store:
        rows = store.article_rows()
    if output_format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "outlet", "published", "title", "chars", title=f"{len(rows)} articles")
    for r in rows:
        table.add_row(
            r["id"],
            r["outlet"] or "unknown",
            r["published"] or "unknown",
            r["title"] or "",
            str(r["chars"]),
        )
    stdout.print(table)


@app.command("settings")
def settings_cli(config: Path | None = CONFIG_OPTION) -> None:
    """List every setting with its value and what it does."""
    for key, value in settings_from(config).flat().items():
        typer.echo(f"{key} = {value!r}\n    {HELP.get(key, '')}")
