"""brief.json round trip, brief.md and brief.html with stories, and hostile article text."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from storyline.model import (
    Article,
    Brief,
    Citation,
    Claim,
    Coverage,
    Disagreement,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    StatusReport,
    Story,
    SummarySentence,
    TimelineEntry,
)
from storyline.outputs.brief import brief_html, brief_markdown, write_briefs
from storyline.outputs.export import export, news_articles_jsonld

HOSTILE = (
    'Rebels "<script>alert(1)</script>" seized the <img src=x onerror=alert(2)> depot in '
    "Tarvel on Monday, the ministry said."
)


def hostile_brief() -> Brief:
    article = Article.create(
        source="javascript:alert('source')//https://evil.example/page?a=<b>",
        text=HOSTILE + "\n\nPolice said 14 people were detained.",
        outlet='Evil <i>Outlet</i>" onmouseover="alert(5)',
        outlet_evidence="<a href='javascript:alert(6)'>masthead</a>",
        title="Depot <script>seized</script> [click](javascript:alert(7))",
        published="2021-03-02",
        url="javascript:alert(8)",
    )
    # an article of unknown outlet: shown as "unknown outlet (its id)"
    other = Article.create(
        source="page2.html",
        text="Rebels seized a second depot near Tarvel on Tuesday, police said.",
        outlet=None,
    )
    mention = Mention(article.id, HOSTILE, 0, len(HOSTILE))
    event = Event(
        id="ev1",
        type="COERCE",
        mode="seize",
        actors=["text:<script>rebels</script>"],
        date=EventDate("2021-03-01", "2021-03-01", "day"),
        location=Location(name="Tarvel <b>", country=None),
        status="occurred",
        mentions=[mention],
        status_history=[StatusReport("occurred", article.id, HOSTILE, "2021-03-02")],
    )
    claim = Claim(
        id="c1",
        subject="people detained <onerror>",
        value=14,
        unit="people",
        claimant="person:x",
        mentions=[mention],
    )
    story = Story(
        id="s1",
        title="<script>alert('title')</script>",
        article_ids=[article.id, other.id],
        entities=[Entity(id="person:x", name="<img src=x onerror=alert(3)>", kind="person")],
        events=[event],
        claims=[claim],
        disagreements=[
            Disagreement(id="d1", about="<b>x</b>", claim_ids=["c1"], explanation="<script>")
        ],
        timeline=[
            TimelineEntry(
                date="2021-03-01",
                event_ids=["ev1"],
                text="<script>alert(4)</script>",
                citations=[Citation(article.id, HOSTILE)],
            )
        ],
        summary=[SummarySentence(text=HOSTILE, citations=[Citation(article.id, HOSTILE)])],
        coverage=[
            Coverage(outlet=article.outlet, article_ids=[article.id], event_ids=["ev1"]),
            Coverage(outlet=None, article_ids=[other.id], missing_event_ids=["ev1"]),
        ],
    )
    return Brief(articles=[article, other], stories=[story])


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [name for name, _ in attrs]))


def _tags(html: str) -> list[tuple[str, list[str]]]:
    parser = _TagCollector()
    parser.feed(html)
    return parser.tags


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action", "srcset")]


def test_html_escapes_all_article_derived_text_and_keeps_the_csp() -> None:
    html = brief_html(hostile_brief())
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    tags = _tags(html)
    assert not {name for name, _ in tags} & {"script", "img", "iframe", "b", "i", "link", "base"}
    assert not [attr for _, attrs in tags for attr in attrs if attr.startswith("on")]
    assert "&lt;script&gt;" in html and "&lt;i&gt;Outlet&lt;/i&gt;&#34; onmouseover" in html
    # self-contained and inert: every link is an anchor in the page, nothing is loaded
    links = _LinkCollector()
    links.feed(html)
    assert links.urls and all(url.startswith("#") for url in links.urls)
    assert "<style>" in html and "<link" not in html and "@import" not in html
    for section in ("Summary", "Timeline", "Events", "Claims and disagreements", "Coverage"):
        assert f"<h3>{section}</h3>" in html
    assert "<h4>Disagreements</h4>" in html and "<h4>Claims</h4>" in html
    other = hostile_brief().articles[1]
    assert f"unknown outlet ({other.id})" in html


def test_markdown_escapes_article_text_and_cites_articles() -> None:
    md = brief_markdown(hostile_brief())
    assert not re.search(r"(?<!\\)<(script|img|i|a)\b", md)
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no live link
    assert "\\[click\\](javascript:alert(7))" in md
    assert "### Timeline" in md and "**2021-03-01**" in md and "[1]" in md
    other = hostile_brief().articles[1]
    assert f"unknown outlet ({other.id})" in md  # the coverage row of an unknown outlet


def test_brief_json_round_trips_through_brief_from_dict(tmp_path: Path) -> None:
    brief = hostile_brief()
    paths = write_briefs(brief, tmp_path)
    data = json.loads(paths["json"].read_text("utf-8"))
    assert data["schema"] == "storyline.brief/1"
    story = data["stories"][0]
    for key in ("id", "title", "article_ids", "entities", "events", "claims", "disagreements",
                "timeline", "summary", "coverage"):  # fmt: skip
        assert key in story
    assert set(story["events"][0]) >= {
        "id", "type", "mode", "actors", "recipients", "date", "location", "status",
        "claimant", "background", "mentions",
    }  # fmt: skip
    again = Brief.from_dict(data)
    assert again.to_dict() == brief.to_dict()
    assert again.stories[0].events[0].status_history[0].status == "occurred"
    assert "sentences" not in data["articles"][0]  # internal fields stay out


def test_exports_write_every_format(tmp_path: Path) -> None:
    brief = hostile_brief()
    for fmt in ("jsonl", "csv", "parquet", "plover", "jsonld"):
        out = tmp_path / f"out.{fmt}"
        # one record per story or event; JSON-LD has one NewsArticle per article
        assert export(fmt, out, brief.stories, brief.articles) == (2 if fmt == "jsonld" else 1)
        assert out.stat().st_size > 0
    plover = json.loads((tmp_path / "out.plover").read_text("utf-8"))
    assert plover[0]["event_type"] == "COERCE" and plover[0]["event_date"] == "2021-03-01"
    jsonld = json.loads((tmp_path / "out.jsonld").read_text("utf-8"))
    node = jsonld["@graph"][0]
    assert jsonld["@context"] == "https://schema.org" and node["@type"] == "NewsArticle"
    assert node["datePublished"] == "2021-03-02" and node["about"]["@id"].endswith(":s1")
    import duckdb

    rows = duckdb.connect().execute(f"SELECT type, mentions FROM '{tmp_path / 'out.parquet'}'")
    assert rows.fetchall() == [("COERCE", 1)]


def test_a_date_only_the_story_supports_is_marked_inferred_and_not_exported_as_stated() -> None:
    stated = Article.create(
        source="harbour.txt",
        text="The flood barrier at Osterholm failed on Monday, officials said.",
        published="2031-03-01",
        published_evidence="day: 'Monday, March 1, 2031' in the dateline",
    )
    inferred = Article.create(
        source="ledger.txt",
        text="Repairs to the barrier began on Thursday, the harbour office said.",
        published="2031-03-04",
        published_evidence="inferred: 2031-03-04 (Thursday), not stated: written 2031-03-01..",
    )
    brief = Brief(articles=[stated, inferred], stories=[])
    markdown = brief_markdown(brief)
    assert "| 2031-03-04 (inferred) |" in markdown
    assert "| 2031-03-01 |" in markdown
    assert "2031-03-04 (inferred)" in brief_html(brief)
    nodes = {n["identifier"]: n for n in news_articles_jsonld(brief.articles, [])["@graph"]}
    assert nodes[stated.id]["datePublished"] == "2031-03-01"
    assert nodes[inferred.id].get("datePublished") is None


def test_a_claim_as_of_a_decade_reads_as_the_decade() -> None:
    brief = hostile_brief()
    story = brief.stories[0]
    story.claims[0].as_of = "199"  # TIMEX3 for the 1990s ("a war in the 1990s that left …")
    story.claims.append(dataclasses.replace(story.claims[0], id="c2", as_of=None))
    markdown, html = brief_markdown(brief), brief_html(brief)
    assert "| 1990s |" in markdown and "| 199 |" not in markdown
    assert "<td>1990s</td>" in html
    assert "| unknown |" in markdown
