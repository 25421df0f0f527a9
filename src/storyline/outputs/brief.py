"""brief.json (the contract), brief.md and a self-contained brief.html."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.model import Brief, Citation, Event, Story
from storyline.stories.timeline import entity_name, event_line


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
        # mkstemp makes the file private; a brief is a document to share (umask decides)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
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
    refs = {a.id: n for n, a in enumerate(brief.articles, 1)}
    for story in brief.stories:
        lines.extend(_story_markdown(story, refs))
    lines.append("## Articles")
    lines.append("")
    lines.append("| ref | id | outlet | published | title | chars |")
    lines.append("|---|---|---|---|---|---|")
    for a in brief.articles:
        lines.append(
            f"| [{refs[a.id]}] | {a.id} | {_md_escape(a.outlet or 'unknown')} "
            f"| {a.published or 'unknown'} "
            f"| {_md_escape((a.title or '').replace(chr(10), ' '))} | {len(a.text)} |"
        )
    return "\n".join(lines) + "\n"


def _md_line(text: str) -> str:
    return _md_escape(" ".join(text.split()))


def _cite(citations: list[Citation], refs: dict[str, int]) -> str:
    marks = dict.fromkeys(f"[{refs[c.article_id]}]" for c in citations if c.article_id in refs)
    return " ".join(marks)


def _story_markdown(story: Story, refs: dict[str, int]) -> list[str]:
    names = entity_names(story)
    out = [f"## {_md_line(story.title)}", ""]
    out.append(
        f"Story `{story.id}`: {len(story.article_ids)} articles, {len(story.events)} events, "
        f"{len(story.claims)} claims, {len(story.disagreements)} disagreements."
    )
    out.append("")
    if story.summary:
        out += ["### Summary", ""]
        for sentence in story.summary:
            out.append(f"- {_md_line(sentence.text)} {_cite(sentence.citations, refs)}")
        out.append("")
    if story.timeline:
        out += ["### Timeline", ""]
        for entry in story.timeline:
            out.append(f"- **{entry.date}** {_md_line(entry.text)} {_cite(entry.citations, refs)}")
        out.append("")
    if story.disagreements:
        out += ["### Disagreements", ""]
        for d in story.disagreements:
            out.append(f"- **{_md_line(d.about)}**: {_md_line(d.explanation)}")
        out.append("")
    if story.claims:
        out += [
            "### Claims",
            "",
            "| claimant | figure | as of | reported in |",
            "|---|---|---|---|",
        ]
        for claim in story.claims:
            where = dict.fromkeys(
                f"[{refs[m.article_id]}]" for m in claim.mentions if m.article_id in refs
            )
            figure = f"{claim.value} {claim.subject}"
            out.append(
                f"| {_md_line(name_of(claim.claimant, names))} | {_md_line(figure)} "
                f"| {claim.as_of or 'unknown'} | {' '.join(where)} |"
            )
        out.append("")
    if story.events:
        out += ["### Events", ""]
        out += ["| date | event | status | articles | evidence |", "|---|---|---|---|---|"]
        for event in story.events:
            evidence = event.mentions[0].sentence if event.mentions else ""
            out.append(
                f"| {_event_date(event)} | {_md_line(event_line(event, names))} "
                f"| {event.status} | {len({m.article_id for m in event.mentions})} "
                f"| {_md_line(evidence)} |"
            )
        out.append("")
    if story.coverage:
        out += ["### Coverage", ""]
        out += ["| outlet | articles | events | only here | main events missed |"]
        out += ["|---|---|---|---|---|"]
        for row in story.coverage:
            outlet = row.outlet or "unknown outlet"
            arts = " ".join(f"[{refs[a]}]" for a in row.article_ids if a in refs)
            out.append(
                f"| {_md_line(outlet)} | {arts} | {len(row.event_ids)} "
                f"| {len(row.exclusive_event_ids)} | {len(row.missing_event_ids)} |"
            )
        out.append("")
    return out


def _event_date(event: Event) -> str:
    if event.date.precision == "unknown" or not event.date.start:
        return "unknown"
    if event.date.precision == "day":
        return event.date.start
    return f"{event.date.start}/{event.date.end}"


def entity_names(story: Story) -> dict[str, str]:
    return {e.id: e.name for e in story.entities}


def name_of(key: str | None, names: dict[str, str]) -> str:
    return entity_name(key, names) if key else "unknown"


_ENV = Environment(
    loader=PackageLoader("storyline.outputs", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
)


def brief_html(brief: Brief) -> str:
    refs = {a.id: n for n, a in enumerate(brief.articles, 1)}
    return _ENV.get_template("brief.html.j2").render(
        brief=brief,
        refs=refs,
        names_of=entity_names,
        name_of=name_of,
        event_line=event_line,
        event_date=_event_date,
    )
