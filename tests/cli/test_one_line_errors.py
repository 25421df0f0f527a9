"""Every command reports a store or library failure as one `error:` line and exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from storyline.cli import app
from storyline.cli._util import one_line_errors
from storyline.errors import StorylineError

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [
        ["articles"],
        ["events"],
        ["events", "--claims", "--format", "json"],
        ["stories"],
        ["show", "s0123456789abcde"],
        ["export", "--format", "jsonl", "--out", "{tmp}/export.jsonl"],
    ],
)
def test_a_missing_store_is_one_error_line(tmp_path: Path, command: list[str]) -> None:
    words = [word.replace("{tmp}", str(tmp_path)) for word in command]
    result = runner.invoke(app, [*words, "--db", str(tmp_path / "nowhere.duckdb")])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "no such database" in lines[0]


def test_only_the_errors_asked_for_become_a_line() -> None:
    with pytest.raises(typer.Exit) as stopped, one_line_errors():
        raise StorylineError("[S999] the store is locked")
    assert stopped.value.exit_code == 1
    with pytest.raises(typer.Exit), one_line_errors(OSError):
        raise FileNotFoundError("out/brief.json")
    with pytest.raises(KeyError), one_line_errors():
        raise KeyError("a bug stays a traceback")
