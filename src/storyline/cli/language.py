"""`entities`: the people, organisations, states and places of some articles, merged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from storyline import jobs
from storyline.cli import app
from storyline.cli._util import (
    CONFIG_OPTION,
    fail,
    finish,
    one_line_errors,
    report_error,
    settings_from,
    stdout,
)
from storyline.ingest import ReadContext
from storyline.language.entities import EntityIndex, resolve_entities
from storyline.language.stage import STAGE_NAME, annotate_many

FORMATS = ("table", "json")


def entities_of(inputs: list[str], config: Path | None) -> tuple[EntityIndex, jobs.IngestReport]:
    """Read `inputs`, run the article stages (and the language stage if they do not), merge."""
    ctx = ReadContext(settings_from(config))
    report = jobs.IngestReport()
    articles = list(jobs.analyse(inputs, ctx, report, report_error))
    if STAGE_NAME not in jobs.ARTICLE_STAGES:
        articles = list(annotate_many(articles))
    report.articles = articles
    return resolve_entities(articles), report


@app.command("entities")
def entities_cli(
    inputs: list[str] = typer.Argument(..., help="Files, folders or URLs, as for `ingest`."),
    output: str = typer.Option("table", "--format", "-f", help="table or json."),
    config: Path | None = CONFIG_OPTION,
) -> None:
    """List the entities of INPUTS merged across articles: one per real person, organisation,
    state or place, with the spellings and descriptions found for it ("Mnatsakanian", "his
    Armenian counterpart", "Baku", "the Kremlin") as aliases. Nothing is stored."""
    if output not in FORMATS:
        raise fail(f"--format {output!r}: use one of {', '.join(FORMATS)}", 2)
    with one_line_errors():
        index, report = entities_of(inputs, config)
    if output == "json":
        rows: list[dict[str, Any]] = []
        for entity in index.entities:
            row = entity.to_dict()
            location = index.locations.get(entity.id)
            row["location"] = location.to_dict() if location else None
            rows.append(row)
        typer.echo(json.dumps({"entities": rows}, ensure_ascii=False, indent=1))
    else:
        table = Table("id", "name", "kind", "country", "role", "mentions", "aliases")
        for entity in index.entities:
            table.add_row(
                entity.id,
                entity.name,
                entity.kind,
                entity.country or "",
                entity.role or "",
                str(entity.mention_count),
                "; ".join(entity.aliases),
            )
        stdout.print(table)
    finish(
        f"{len(index.entities)} entities from {len(report.articles)} article(s); "
        f"{len(report.errors)} input(s) failed",
        failed=report.failed,
    )
