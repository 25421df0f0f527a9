"""`stories`, `show` and `export`: the stories in the store (every batch's articles, placed
by the story step of `ingest`/`run`; ids stay as stories grow, a merged id finds its story)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from storyline.cli import app
from storyline.cli._util import DB_OPTION, fail, one_line_errors, stderr, stdout
from storyline.model import Story
from storyline.outputs.brief import entity_names, name_of
from storyline.outputs.export import EXPORT_FORMATS, export
from storyline.store import Store
from storyline.stories.timeline import event_line

_TITLE_MAX = 120


def story_table(stories: Sequence[Story], status: dict[str, str] | None = None) -> Table:
    """The table `run` and `stories` print: one row per story (with `status`, a last column
    saying which stories can still grow)."""
    table = Table(title=f"{len(stories)} stories")
    table.add_column("id", no_wrap=True, min_width=16)
    counts = ("articles", "events", "dated", "claims", "disputes")
    # the title wraps in what the id, the counts and the status leave of the terminal; the
    # counts keep their whole headers
    table.add_column("title", ratio=1, min_width=12)
    for name in counts:
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    if status is not None:
        table.add_column("status", no_wrap=True, min_width=len("status"))
    for s in stories:
        title = s.title if len(s.title) <= _TITLE_MAX else s.title[: _TITLE_MAX - 1] + "…"
        cells = [
            s.id,
            title,
            str(len(s.article_ids)),
            str(len(s.events)),
            str(len(s.timeline)),
            str(len(s.claims)),
            str(len(s.disagreements)),
        ]
        if status is not None:
            cells.append(status.get(s.id, ""))
        table.add_row(*cells)
    return table


def _stored_stories(
    db: Path, ids: list[str] | None = None
) -> tuple[list[Story], dict[str, dict[str, Any]]]:
    """The stored stories (all, or `ids`) and their store rows (status, batches)."""
    with one_line_errors(), Store(db, read_only=True) as store:
        stories = store.stories(ids)
        return stories, store.story_rows([s.id for s in stories])


@app.command("stories")
def stories_cli(
    db: Path = DB_OPTION,
    output_format: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """List the stored stories: id, title, how many articles, events, claims; in JSON also
    whether each can still grow (`active`) and the batches that created and last changed it."""
    if output_format not in {"table", "json"}:
        raise fail(f"--format {output_format!r}: use table or json", 2)
    stories, info = _stored_stories(db)
    if output_format == "json":
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "articles": len(s.article_ids),
                "events": len(s.events),
                "claims": len(s.claims),
                "disagreements": len(s.disagreements),
                "status": info.get(s.id, {}).get("status"),
                "created_batch": info.get(s.id, {}).get("created_batch"),
                "updated_batch": info.get(s.id, {}).get("updated_batch"),
            }
            for s in stories
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    stdout.print(story_table(stories, {sid: row["status"] for sid, row in info.items()}))


@app.command("show")
def show_cli(
    story_id: str = typer.Argument(..., help="A story id (see `storyline stories`)."),
    db: Path = DB_OPTION,
    output_format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """One story: summary, timeline, disagreements, claims and coverage (or its JSON record).
    The id of a story that merged into another shows that story."""
    if output_format not in {"text", "json"}:
        raise fail(f"--format {output_format!r}: use text or json", 2)
    found, _ = _stored_stories(db, [story_id])
    if not found:
        raise fail(f"no story {story_id!r} in {db} (see `storyline stories`)")
    story = found[0]
    if story.id != story_id:
        stderr.print(f"story {story_id} merged into {story.id}", markup=False)
    if output_format == "json":
        typer.echo(json.dumps(story.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(story_text(story))


def story_text(story: Story) -> str:
    names = entity_names(story)
    lines = [story.title, f"story {story.id}: {len(story.article_ids)} articles", ""]
    if story.summary:
        lines.append("Summary")
        lines += [f"  - {' '.join(s.text.split())}" for s in story.summary]
        lines.append("")
    if story.timeline:
        lines.append("Timeline")
        lines += [f"  {t.date:<10}  {t.text}" for t in story.timeline]
        lines.append("")
    if story.disagreements:
        lines.append("Disagreements")
        lines += [f"  - {d.about}: {d.explanation}" for d in story.disagreements]
        lines.append("")
    if story.claims:
        lines.append("Claims")
        lines += [
            f"  - {name_of(c.claimant, names)}: {c.value} {c.subject}"
            + (f" (as of {c.as_of})" if c.as_of else "")
            for c in story.claims
        ]
        lines.append("")
    if story.events:
        lines.append("Events")
        for e in story.events:
            articles = len({m.article_id for m in e.mentions})
            date = e.date.start if e.date.precision != "unknown" and e.date.start else "undated"
            lines.append(f"  {date:<10}  {event_line(e, names)} [{e.status}, {articles} art.]")
        lines.append("")
    if story.coverage:
        lines.append("Coverage")
        for row in story.coverage:
            lines.append(
                f"  {row.outlet or 'unknown outlet'}: {len(row.article_ids)} article(s), "
                f"{len(row.event_ids)} events, {len(row.exclusive_event_ids)} only here, "
                f"{len(row.missing_event_ids)} main events missing"
            )
    return "\n".join(lines).rstrip() + "\n"


@app.command("export")
def export_cli(
    output_format: str = typer.Option(..., "--format", help=f"One of {', '.join(EXPORT_FORMATS)}."),
    out: Path = typer.Option(..., "--out", "-o", help="The file to write."),
    db: Path = DB_OPTION,
    story: list[str] = typer.Option(
        [], "--story", help="Only this story (repeat for more; see `storyline stories`)."
    ),
) -> None:
    """Export the stored stories: jsonl (story records), csv/parquet (one row per event),
    plover (PLOVER-style event JSON), jsonld (schema.org NewsArticle JSON-LD of the articles)."""
    if output_format not in EXPORT_FORMATS:
        raise fail(f"--format {output_format!r}: use one of {', '.join(EXPORT_FORMATS)}", 2)
    with one_line_errors(OSError):
        with Store(db, read_only=True) as store:
            stories = store.stories(story or None)
            if story and not stories:
                raise fail(f"no story {', '.join(story)!r} in {db} (see `storyline stories`)")
            articles = store.articles(
                {aid for s in stories for aid in s.article_ids} if story else None
            )
        count = export(output_format, out, stories, articles)
    stderr.print(f"wrote {count} record(s) to {out}", markup=False)
