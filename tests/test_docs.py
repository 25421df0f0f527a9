"""Documentation stays true: every setting has help, every stage package is in ARCHITECTURE."""

from __future__ import annotations

from conftest import ROOT
from storyline.settings import HELP, load_settings


def test_every_setting_has_help_text() -> None:
    keys = set(load_settings().flat())
    assert keys - set(HELP) == set(), "settings without help text in settings.HELP"
    assert set(HELP) - keys == set(), "help text for settings that do not exist"


def test_architecture_page_names_every_stage_package() -> None:
    page = (ROOT / "docs" / "ARCHITECTURE.md").read_text("utf-8")
    packages = sorted(
        p.name
        for p in (ROOT / "src" / "storyline").iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    missing = [name for name in packages if f"storyline/{name}/" not in page]
    assert missing == [], f"docs/ARCHITECTURE.md does not describe: {missing}"
