"""The support checker on whole briefs: the shipped sample corpus and the user's Karabakh
scrapes (skipped when ../shared is absent). Every summary sentence must say only what the
sentences it cites say, and cite nothing that does not support it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, shared_path
from storyline import jobs
from storyline.model import Brief
from storyline.stories.support import check_brief


def _brief(folder: Path, root: Path) -> Brief:
    _, brief, _ = jobs.run([str(folder)], root / "out", root / "store.duckdb")
    return brief


@pytest.mark.parametrize("corpus", ["sample", "karabakh"])
def test_every_summary_sentence_of_an_example_brief_is_supported(
    corpus: str, tmp_path: Path
) -> None:
    if corpus == "sample":
        folder = ROOT / "examples" / "sample"
    else:
        folder = shared_path("examples", "karabakh")
    brief = _brief(folder, tmp_path)
    main = max(brief.stories, key=lambda s: len(s.article_ids))
    assert 5 <= len(main.summary) <= 10
    assert check_brief(brief) == []
    # the brief read back from disk checks the same
    again = Brief.from_dict(json.loads((tmp_path / "out" / "brief.json").read_text("utf-8")))
    assert check_brief(again) == []
    # the HTML brief of real pages opens from disk: nothing to load, links only within it
    html = (tmp_path / "out" / "brief.html").read_text("utf-8")
    targets = re.findall(r"""\b(?:href|src|action)\s*=\s*["']?([^"'\s>]*)""", html, re.I)
    assert targets and all(t.startswith("#") for t in targets)
    assert "<script" not in html.lower()
