"""brief.json (the contract), brief.md and a self-contained brief.html.

Both readable briefs show, per story: the cited summary, the timeline (and the events no text
dates, as "date unknown"), the events with their evidence, claims and disagreements, and outlet
coverage. Citations are `[n]` references to the article table, said with the outlet that
reported them ("Massis Post [1]"); an article of unknown outlet is "unknown outlet (its id)".
All article-derived text is untrusted: Markdown escapes it, the HTML template autoescapes it,
and the page loads nothing from anywhere (CSP `default-src 'none'`, no URL in any attribute
but in-page anchors).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.events.dating import era_name
from storyline.model import Article, Brief, Citation, Coverage, Event, Mention, Story
from storyline.stories.anchor import date_inferred
from storyline.stories.timeline import (
    entity_name,
    event_line,
    nameable,
    person_countries,
    undated_events,
)

MAX_EVIDENCE_MD = 2


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


def outlet_label(article: Article | None, article_id: str) -> str:
    """The outlet of an article as a brief says it: its name, or "unknown outlet (id)"."""
    if article is not None and article.outlet:
        return article.outlet
    return f"unknown outlet ({article_id})"


def published_label(article: Article) -> str:
    """The publication date as a brief says it: a date only its story supports (the anchoring
    step's "inferred:" evidence) is marked as such, never shown as if the text stated it."""
    if not article.published:
        return "unknown"
    if date_inferred(article):
        return f"{article.published} (inferred)"
    return article.published


@dataclass
class StoryView:
    """What both readable briefs need of one story, computed once."""

    story: Story
    names: dict[str, str]
    countries: dict[str, str | None]
    lines: dict[str, str]
    undated: list[Event]

    @classmethod
    def of(cls, story: Story) -> StoryView:
        names = entity_names(story)
        countries = person_countries(story.entities)
        lines = {e.id: event_line(e, names, countries) for e in story.events}
        for entry in story.timeline:  # the timeline's own line (it may know more, e.g. a place)
            for event_id in entry.event_ids:
                lines[event_id] = entry.text
        return cls(story, names, countries, lines, undated_events(story.events))

    def exclusive(self, row: Coverage) -> tuple[list[str], int]:
        """The events only this outlet reported that a line can name, and how many others
        (acts a parse found with nobody and nowhere to them) it also reported alone."""
        by_id = {e.id: e for e in self.story.events}
        named = [e for e in row.exclusive_event_ids if e in by_id and nameable(by_id[e])]
        return named, len(row.exclusive_event_ids) - len(named)


class _Refs:
    """Article references: `[n]` in the article table, with the outlet that reported it."""

    def __init__(self, articles: list[Article]) -> None:
        self.number = {a.id: n for n, a in enumerate(articles, 1)}
        self.article = {a.id: a for a in articles}

    def outlet(self, article_id: str) -> str:
        return outlet_label(self.article.get(article_id), article_id)

    def sources(self, citations: list[Citation]) -> list[tuple[str, int, str]]:
        """(outlet, ref, article id) per cited article, in citation order, each article once."""
        seen = dict.fromkeys(c.article_id for c in citations if c.article_id in self.number)
        return [(self.outlet(a), self.number[a], a) for a in seen]


def _md_escape(text: str) -> str:
    """Article text is untrusted: keep it from turning into Markdown links, HTML or headings."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _md_line(text: str) -> str:
    return _md_escape(" ".join(text.split()))


def _md_sources(citations: list[Citation], refs: _Refs) -> str:
    return "; ".join(f"{_md_line(outlet)} [{n}]" for outlet, n, _ in refs.sources(citations))


def _cite(citations: list[Citation], refs: _Refs) -> str:
    return " ".join(f"[{n}]" for _, n, _ in refs.sources(citations))


def brief_markdown(brief: Brief) -> str:
    refs = _Refs(brief.articles)
    lines = ["# storyline brief", ""]
    lines.append(f"{len(brief.articles)} articles, {len(brief.stories)} stories.")
    lines.append("")
    for story in brief.stories:
        lines.extend(_story_markdown(StoryView.of(story), refs))
    lines.append("## Articles")
    lines.append("")
    lines.append("| ref | id | outlet | published | title | source | chars |")
    lines.append("|---|---|---|---|---|---|---|")
    for a in brief.articles:
        lines.append(
            f"| [{refs.number[a.id]}] | {a.id} | {_md_escape(a.outlet or 'unknown')} "
            f"| {published_label(a)} | {_md_line(a.title or '')} "
            f"| {_md_line(a.source)} | {len(a.text)} |"
        )
    return "\n".join(lines) + "\n"


def _story_markdown(view: StoryView, refs: _Refs) -> list[str]:
    story = view.story
    out = [f"## {_md_line(story.title)}", ""]
    out.append(
        f"Story `{story.id}`: {len(story.article_ids)} articles, {len(story.events)} events, "
        f"{len(story.claims)} claims, {len(story.disagreements)} disagreements."
    )
    out.append("")
    if story.summary:
        out += ["### Summary", ""]
        for sentence in story.summary:
            out.append(f"- {_md_line(sentence.text)} ({_md_sources(sentence.citations, refs)})")
        out.append("")
    if story.timeline or view.undated:
        out += ["### Timeline", ""]
        for entry in story.timeline:
            out.append(f"- **{entry.date}** {_md_line(entry.text)} {_cite(entry.citations, refs)}")
        if view.undated:
            out += ["", "Date unknown:", ""]
            for event in view.undated:
                cites = _cite(_mention_citations(event.mentions), refs)
                out.append(f"- {_md_line(view.lines[event.id])} {cites}")
        out.append("")
    if story.events:
        out += ["### Events", ""]
        out += ["| date | event | status | reported by | evidence |", "|---|---|---|---|---|"]
        for event in story.events:
            evidence = " / ".join(
                f"“{_md_line(m.sentence)}” [{refs.number[m.article_id]}]"
                for m in event.mentions[:MAX_EVIDENCE_MD]
                if m.article_id in refs.number
            )
            more = len(event.mentions) - MAX_EVIDENCE_MD
            if more > 0:
                evidence += f" (+{more} more)"
            by = _md_sources(_mention_citations(event.mentions), refs)
            out.append(
                f"| {event_date(event)} | {_md_line(view.lines[event.id])}"
                f"{' (background)' if event.background else ''} "
                f"| {event.status} | {by} | {evidence} |"
            )
        out.append("")
    if story.claims or story.disagreements:
        out += ["### Claims and disagreements", ""]
    if story.disagreements:
        out += ["#### Disagreements", ""]
        for d in story.disagreements:
            out.append(f"- **{_md_line(d.about)}**: {_md_line(d.explanation)}")
        out.append("")
    if story.claims:
        out += [
            "#### Claims",
            "",
            "| claimant | figure | as of | reported by |",
            "|---|---|---|---|",
        ]
        for claim in story.claims:
            by = _md_sources(_mention_citations(claim.mentions), refs)
            figure = f"{claim.value} {claim.subject}"
            out.append(
                f"| {_md_line(name_of(claim.claimant, view.names))} | {_md_line(figure)} "
                f"| {as_of_label(claim.as_of)} | {by} |"
            )
        out.append("")
    if story.coverage:
        out += ["### Coverage", ""]
        out += ["| outlet | articles | events reported | only this outlet | main events missed |"]
        out += ["|---|---|---|---|---|"]
        for row in story.coverage:
            outlet = _row_outlet(row, refs)
            arts = " ".join(f"[{refs.number[a]}]" for a in row.article_ids if a in refs.number)
            missed = "; ".join(_md_line(view.lines.get(e, e)) for e in row.missing_event_ids)
            out.append(
                f"| {_md_line(outlet)} | {arts} | {len(row.event_ids)} "
                f"| {len(row.exclusive_event_ids)} | {missed or '—'} |"
            )
        out.append("")
        for row in story.coverage:
            named, unnamed = view.exclusive(row)
            if named or unnamed:
                only = "; ".join(_md_line(view.lines[e]) for e in named)
                rest = (
                    f"{'; and ' if named else ''}{unnamed} act(s) with nobody named"
                    if unnamed
                    else ""
                )
                out.append(f"- Only {_md_line(_row_outlet(row, refs))}: {only}{rest}")
        out.append("")
    return out


def _row_outlet(row: Coverage, refs: _Refs) -> str:
    if row.outlet:
        return row.outlet
    return refs.outlet(row.article_ids[0]) if row.article_ids else "unknown outlet"


def event_date(event: Event) -> str:
    if event.date.precision == "unknown" or not event.date.start:
        return "unknown"
    if event.date.precision == "day":
        return event.date.start
    return f"{event.date.start}/{event.date.end}"


def as_of_label(value: str | None) -> str:
    """A claim's as-of value for readers: TIMEX3 decades and centuries ("199", "19") as
    "1990s" / "1900s"; dates as they are."""
    return era_name(value) if value else "unknown"


def entity_names(story: Story) -> dict[str, str]:
    return {e.id: e.name for e in story.entities}


def name_of(key: str | None, names: dict[str, str]) -> str:
    return entity_name(key, names) if key else "unknown"


_ENV = Environment(
    loader=PackageLoader("storyline.outputs", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
)


def _mention_citations(mentions: list[Mention]) -> list[Citation]:
    return [Citation(m.article_id, m.sentence) for m in mentions]


def brief_html(brief: Brief) -> str:
    refs = _Refs(brief.articles)
    views: Mapping[str, StoryView] = {s.id: StoryView.of(s) for s in brief.stories}
    return _ENV.get_template("brief.html.j2").render(
        brief=brief,
        refs=refs,
        views=views,
        name_of=name_of,
        event_date=event_date,
        as_of_label=as_of_label,
        published_label=published_label,
        mention_citations=_mention_citations,
    )
