"""`storyline --help` lists every command with its one-paragraph summary."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from storyline.cli import app


def test_the_command_list_shows_each_summary_as_one_paragraph() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    rows = [line.strip("│ ").rstrip() for line in result.output.splitlines() if "│" in line]
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    by_name = {row.split()[0]: row for row in rows if row.split() and row.split()[0] in names}
    assert set(by_name) == names
    # the docstring breaks its line after "organisation,": the list does not
    assert re.search(r"person, organisation, state or place", by_name["entities"])
    assert re.search(r"PLOVER type/mode, actors, recipients", by_name["events"])
