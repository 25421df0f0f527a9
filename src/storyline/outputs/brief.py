"""brief.json (the contract), brief.md and a self-contained brief.html."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Brief


def write_briefs(brief: Brief, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out / "brief.json",
        "md": out / "brief.md",
        "html": out / "brief.html",
    }
    _write_atomic(paths["json"], json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n")
    _write_atomic(paths["md"], brief_markdown(brief))
    _write_atomic(paths["html"], brief_html(brief))
    return paths


def _write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a brief."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _md_escape(text: str) -> str:
    """Article text is untrusted: keep it from turning into Markdown links, HTML or headings."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def brief_markdown(brief: Brief) -> str:
    lines = ["# storyline brief", ""]
    lines.append(f"{len(brief.articles)} articles, {len(brief.stories)} stories.")
    lines.append("")
    lines.append("## Articles")
    lines.append("")
    lines.append("| id | outlet | published | title | chars |")
    lines.append("|---|---|---|---|---|")
    for a in brief.articles:
        lines.append(
            f"| {a.id} | {_md_escape(a.outlet or 'unknown')} | {a.published or 'unknown'} "
            f"| {_md_escape((a.title or '').replace(chr(10), ' '))} | {len(a.text)} |"
        )
    return "\n".join(lines) + "\n"


_ENV = Environment(
    loader=PackageLoader("storyline.outputs", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
)


def brief_html(brief: Brief) -> str:
    return _ENV.get_template("brief.html.j2").render(brief=brief)
