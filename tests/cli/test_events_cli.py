"""`storyline events`: the stored articles' events as a table, JSON, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()

STORY = (
    "Ministers to meet in Vienna as border dispute drags on\n\n"
    "By Staff Reporter | 14 May 2024\n\n"
    "Austrian Foreign Minister Alexander Schallenberg will host his Slovenian and Croatian "
    "counterparts in Vienna on Friday, his ministry said on Tuesday.\n\n"
    "Slovenia recalled its ambassador to Zagreb last month after a fishing boat was seized.\n"
)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "vienna.txt").write_text(STORY, "utf-8")
    store = tmp_path / "store.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(store)])
    assert result.exit_code == 0, result.output
    return store


def test_json_lists_each_event_with_its_evidence(db: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    hosting = [e for e in events if "will host" in e["sentence"] and e["type"] == "AGREE"]
    assert hosting and hosting[0]["status"] == "planned"
    assert hosting[0]["date_start"] == "2024-05-17"
    recall = [e for e in events if e["type"] == "SANCTION"]
    assert recall and recall[0]["actors"] == "SVN" and recall[0]["recipients"] == "HRV"


def test_csv_and_parquet_have_the_same_rows(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"type", "actors", "date_start", "claimant", "sentence"} <= set(rows[0])
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["events", "--db", str(db), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    count = duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()
    assert count is not None and count[0] == len(rows)


def test_claims_and_bad_format(db: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--claims", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "claims" in json.loads(result.stdout)
    bad = runner.invoke(app, ["events", "--db", str(db), "--format", "xml"])
    assert bad.exit_code == 2
