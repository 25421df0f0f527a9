"""`storyline ingest`, `articles` and `run` as a user calls them."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import FIXTURES, shared_path
from storyline.cli import app

INGEST_DATA = FIXTURES / "ingest"
GOOD_FILES = [
    INGEST_DATA / "html" / "riverside-gazette-council-budget.html",
    INGEST_DATA / "html" / "harbourtech-review-chip-plant.html",
    INGEST_DATA / "text" / "utf8-bom-crlf-quay-reopens.txt",
    INGEST_DATA / "feeds" / "northwind-wire.atom",  # two items
]
GOOD_ARTICLES = 5
HOSTILE_TEXT = (
    "Council website hacked with fake notice\n\n"
    "Visitors to the Millbrook council website on Monday saw a fake notice after an attacker "
    "pasted <script>alert('owned')</script> into the planning comments form, officials said.\n\n"
    "The council said no personal data had been taken and the form was switched off at noon.\n"
)

runner = CliRunner()


def good_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    for path in GOOD_FILES:
        shutil.copy(path, folder / path.name)
    return folder


def add_bad_inputs(folder: Path) -> list[Path]:
    bad = {
        "scan.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "empty.txt": b"",
        "headlines.rss": b"<html><body>502 Bad Gateway</body></html>\n",
        "page.html.gz": gzip.compress(GOOD_FILES[0].read_bytes())[:400],
    }
    for name, content in bad.items():
        (folder / name).write_bytes(content)
    return [folder / name for name in bad]


def skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("skipped ")]


def test_ingest_mixed_folder_reports_each_bad_input_and_stores_the_rest(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    bad = add_bad_inputs(folder)
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output
    lines = skipped_lines(result.stderr)
    assert len(lines) == len(bad), lines
    for path in bad:
        (line,) = [x for x in lines if x.startswith(f"skipped {path}: ")]
        assert re.match(rf"skipped {re.escape(str(path))}: \[S0\d\d\] \S", line), line
    assert f"stored {GOOD_ARTICLES} new article(s)" in result.stderr
    assert f"{len(bad)} input(s) failed" in result.stderr


def test_ingest_all_good_exits_0_and_reingest_stores_nothing(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    db = tmp_path / "s.duckdb"
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert f"stored {GOOD_ARTICLES} new article(s), 0 already stored" in first.stderr
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert f"stored 0 new article(s), {GOOD_ARTICLES} already stored" in again.stderr


def test_articles_json_is_one_array(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["articles", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == GOOD_ARTICLES
    for row in rows:
        assert {"outlet", "published", "title", "chars"} <= set(row)
        assert isinstance(row["chars"], int) and row["chars"] > 0
    by_title = {row["title"]: row for row in rows}
    gazette = by_title["Council approves £4.2m flood defence budget after heated session"]
    assert gazette["outlet"] == "Riverside Gazette" and gazette["published"] == "2026-02-17"
    grid = by_title["Grid operator approves Skarven wind farm link"]
    assert grid["outlet"] == "Northwind Wire" and grid["published"] == "2026-01-22"


def test_articles_table_lists_what_is_stored(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    result = runner.invoke(app, ["articles", "--db", str(db)])
    assert result.exit_code == 0
    assert "Riverside" in result.stdout and "2026-02-17" in result.stdout


def test_run_writes_briefs_and_escapes_hostile_text(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "hacked-website.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(folder), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text("utf-8"))
    assert brief["schema"].startswith("storyline.brief/")
    assert len(brief["articles"]) == GOOD_ARTICLES + 1
    hacked = next(a for a in brief["articles"] if a["source"].endswith("hacked-website.txt"))
    assert "<script>alert('owned')</script>" in hacked["text"]  # text is text, kept as written
    assert (out / "brief.md").read_text("utf-8").startswith("#")
    html = (out / "brief.html").read_text("utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_run_reports_failures_with_exit_1(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(folder), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    )
    assert result.exit_code == 1
    assert skipped_lines(result.stderr) == [f"skipped {folder / 'empty.txt'}: [S012] empty input"]
    assert (out / "brief.json").exists()


def test_ingest_karabakh_examples_stores_7_then_0(tmp_path: Path) -> None:
    # Five files; one page holds three stories, which the cleaner splits into three articles.
    examples = shared_path("examples", "karabakh")
    db = tmp_path / "s.duckdb"
    first = runner.invoke(app, ["ingest", str(examples), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "stored 7 new article(s), 0 already stored, 0 input(s) failed" in first.stderr
    again = runner.invoke(app, ["ingest", str(examples), "--db", str(db)])
    assert again.exit_code == 0
    assert "stored 0 new article(s), 7 already stored" in again.stderr
