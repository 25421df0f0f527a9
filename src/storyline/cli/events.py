"""`events`: the events (and claims) of the stored articles, one row each."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import typer
from rich.table import Table

from storyline.cli import app
from storyline.cli._util import DB_OPTION, fail, one_line_errors, stdout
from storyline.store import Store

FORMATS = ("table", "json", "csv", "parquet")
COLUMNS = (
    "id",
    "article_id",
    "outlet",
    "published",
    "type",
    "mode",
    "actors",
    "recipients",
    "date_start",
    "date_end",
    "date_precision",
    "location",
    "status",
    "claimant",
    "background",
    "sentence",
    "start",
    "end",
    "story_id",
)


def event_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per event of the `Store.event_records()` records."""
    rows: list[dict[str, Any]] = []
    for record in records:
        for event in record["events"]:
            date = event.get("date") or {}
            location = event.get("location") or {}
            mention = (event.get("mentions") or [{}])[0]
            rows.append(
                {
                    "id": event["id"],
                    "article_id": record["id"],
                    "outlet": record["outlet"],
                    "published": record["published"],
                    "type": event["type"],
                    "mode": event.get("mode"),
                    "actors": "; ".join(event.get("actors") or []),
                    "recipients": "; ".join(event.get("recipients") or []),
                    "date_start": date.get("start"),
                    "date_end": date.get("end"),
                    "date_precision": date.get("precision", "unknown"),
                    "location": location.get("name"),
                    "status": event.get("status"),
                    "claimant": event.get("claimant"),
                    "background": bool(event.get("background")),
                    "sentence": " ".join(str(mention.get("sentence", "")).split()),
                    "start": mention.get("start"),
                    "end": mention.get("end"),
                    "story_id": record.get("story_id"),
                }
            )
    return rows


def _date_text(row: dict[str, Any]) -> str:
    if row["date_precision"] == "unknown" or not row["date_start"]:
        return "unknown"
    if row["date_start"] == row["date_end"]:
        return str(row["date_start"])
    return f"{row['date_start']}..{row['date_end']} ({row['date_precision']})"


def _table(rows: list[dict[str, Any]]) -> None:
    table = Table(
        "article",
        "type/mode",
        "actors",
        "recipients",
        "date",
        "status",
        "claimant",
        "bg",
        "evidence",
    )
    for row in rows:
        table.add_row(
            str(row["article_id"]),
            row["type"] + (f"/{row['mode']}" if row["mode"] else ""),
            row["actors"],
            row["recipients"],
            _date_text(row),
            str(row["status"]),
            str(row["claimant"] or ""),
            "yes" if row["background"] else "",
            row["sentence"] if len(row["sentence"]) <= 160 else row["sentence"][:157] + "...",
        )
    stdout.print(table)


def _parquet(rows: list[dict[str, Any]], out: Path) -> None:
    """Write `rows` with DuckDB's COPY (via a JSON Lines file: typed columns, no pandas)."""
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "events.jsonl"
        lines.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8"
        )
        types = {"background": "BOOLEAN", "start": "INTEGER", "end": "INTEGER"}
        columns = ", ".join(f"'{name}': '{types.get(name, 'VARCHAR')}'" for name in COLUMNS)
        conn = duckdb.connect()
        try:
            conn.execute(
                f"COPY (SELECT * FROM read_json(?, format='newline_delimited', "
                f"columns={{{columns}}})) TO '{_sql_path(out)}' (FORMAT parquet)",
                [str(lines)],
            )
        finally:
            conn.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@app.command("events")
def events_cli(
    db: Path = DB_OPTION,
    output: str = typer.Option("table", "--format", "-f", help="table, json, csv or parquet."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to this file instead of stdout (required for parquet)."
    ),
    claims: bool = typer.Option(False, "--claims", help="List the claims instead of events."),
    story: str | None = typer.Option(
        None, "--story", help="Only the articles of this story (see `storyline stories`)."
    ),
) -> None:
    """List the events the stored articles report, one per row: article, PLOVER type/mode,
    actors, recipients (entity ids), date, status, claimant (`outlet:NAME` when nobody is
    quoted), background, the evidence sentence and the article's story. With --claims: the
    figures they claim. One record per real event (fused): `storyline export --format csv`."""
    if output not in FORMATS:
        raise fail(f"--format {output!r}: use one of {', '.join(FORMATS)}", 2)
    if output == "parquet" and out is None:
        raise fail("--format parquet needs --out FILE", 2)
    with one_line_errors(), Store(db, read_only=True) as store:
        records = store.event_records(story)
    if story is not None and not records:
        raise fail(f"no story {story!r} in {db} (see `storyline stories`)")
    if claims:
        rows = [
            {
                "article_id": r["id"],
                **claim,
                "mentions": claim.get("mentions", []),
                "story_id": r["story_id"],
            }
            for r in records
            for claim in r["claims"]
        ]
    else:
        rows = event_rows(records)
    if output == "parquet":
        if claims:
            raise fail("--claims: use --format json or csv", 2)
        assert out is not None
        _parquet(rows, out)
        return
    if output == "json":
        text = json.dumps({"claims" if claims else "events": rows}, ensure_ascii=False, indent=1)
    elif output == "csv":
        buffer = io.StringIO()
        fields = list(rows[0]) if rows else list(COLUMNS)
        writer = csv.DictWriter(buffer, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                    for k, v in row.items()
                }
            )
        text = buffer.getvalue()
    else:
        if claims:
            raise fail("--claims: use --format json or csv", 2)
        _table(rows)
        return
    if out is not None:
        out.write_text(text, "utf-8")
    else:
        typer.echo(text, nl=not text.endswith("\n"))
