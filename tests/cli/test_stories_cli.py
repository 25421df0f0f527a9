"""`storyline run` with stories, then `stories`, `show` and `export` on the store it leaves."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app
from storyline.model import Brief

runner = CliRunner()

# Three reports of one invented story, as scrapers leave them: a wire piece, a regional paper
# with a share line, and a late round-up.
REPORTS = {
    "valdoria-wire.txt": (
        "Valdoria and Kestria agree to talks in Geneva\n\n"
        "GENEVA, March 3 (Valdoria Wire) - The foreign ministers of Valdoria and Kestria will "
        "meet in Geneva on March 9, the Swiss foreign ministry said on Tuesday.\n\n"
        "Clashes along the border have killed 41 soldiers since February, Kestria's defence "
        "ministry said.\n\n"
        "Valdoria's defence ministry said 12 soldiers had been killed.\n"
    ),
    "north-herald.txt": (
        "Geneva talks on border clashes end without deal\n\n"
        "Share this article\n\n"
        "The foreign ministers of Valdoria and Kestria met in Geneva on Monday for six hours of "
        "talks mediated by Switzerland, officials said.\n\n"
        "Kestria's defence ministry said 41 soldiers had been killed since February.\n\n"
        "Kestria accused Valdoria of shelling the border town of Ostrel on Sunday.\n"
    ),
    "roundup.txt": (
        "Week in review: border talks\n\n"
        "Valdoria and Kestria held talks in Geneva on March 9 after weeks of clashes.\n\n"
        "Kestria accused Valdoria of shelling Ostrel on March 8, which Valdoria denied.\n"
    ),
}


def _inbox(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def test_run_writes_briefs_with_stories_and_the_store_serves_them(tmp_path: Path) -> None:
    db, out = tmp_path / "s.duckdb", tmp_path / "out"
    result = runner.invoke(app, ["run", str(_inbox(tmp_path)), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stories" in result.stdout
    brief = Brief.from_dict(json.loads((out / "brief.json").read_text("utf-8")))
    assert brief.stories and (out / "brief.html").exists() and (out / "brief.md").exists()
    story = brief.stories[0]
    assert set(story.article_ids) <= {a.id for a in brief.articles}
    for line in story.summary:
        assert line.citations
    assert len(brief.stories) == 1 and len(story.article_ids) == 3
    # the Geneva meeting, announced in one report and reported held in two, is one event
    talks = [e for e in story.events if e.location and e.location.name == "Geneva"]
    assert any(len({m.article_id for m in e.mentions}) >= 2 for e in talks)
    # the two ministries' death tolls are claims of their claimants, and they disagree
    figures = {c.value: c.claimant for c in story.claims}
    assert figures.get(41) != figures.get(12)
    assert any(
        "41" in d.explanation and "12" in d.explanation and "Kestria" in d.explanation
        for d in story.disagreements
    )

    listed = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [s.id for s in brief.stories]

    shown = runner.invoke(app, ["show", story.id, "--db", str(db)])
    assert shown.exit_code == 0 and story.title in shown.stdout
    as_json = runner.invoke(app, ["show", story.id, "--db", str(db), "--format", "json"])
    assert json.loads(as_json.stdout)["id"] == story.id
    missing = runner.invoke(app, ["show", "s-nope", "--db", str(db)])
    assert missing.exit_code == 1 and "no story" in missing.stderr

    for fmt in ("jsonl", "csv", "parquet", "plover", "jsonld"):
        target = tmp_path / f"export.{fmt}"
        done = runner.invoke(
            app, ["export", "--format", fmt, "--out", str(target), "--db", str(db)]
        )
        assert done.exit_code == 0, done.output
        assert target.stat().st_size > 0
    bad = runner.invoke(app, ["export", "--format", "xml", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2


def test_stories_on_a_missing_store_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no such database" in result.stderr
