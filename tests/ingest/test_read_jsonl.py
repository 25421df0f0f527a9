"""JSON Lines: text, html and url lines, field aliases, broken lines, size caps, link fetching."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ingest.ingest_helpers import INGEST_DATA, articles_and_errors, private_ctx, serve
from storyline.ingest import ReadContext, read_bytes, read_path

MIXED = INGEST_DATA / "jsonl" / "mixed-articles.jsonl"
PAGE = (INGEST_DATA / "html" / "riverside-gazette-council-budget.html").read_bytes()


def test_mixed_file_reads_good_lines_and_names_each_bad_one(ctx: ReadContext) -> None:
    articles, errors = articles_and_errors(read_path(MIXED, ctx))
    by_line = {a.source.rsplit(":", 1)[1]: a for a in articles}
    assert sorted(by_line) == ["1", "2", "6"]

    text_line = by_line["1"]
    assert text_line.title == "Port levy passes after late deal with hauliers"
    assert text_line.outlet == "Tidewater Post"
    assert text_line.outlet_evidence == "input metadata (jsonl field outlet)"
    # the date as written in its own zone (22:15 -05:00 is already the 12th in UTC)
    assert text_line.published == "2026-02-11"
    assert text_line.published_evidence == "input metadata (jsonl field published)"
    assert text_line.author == "Marcus Bell"
    assert text_line.url == "https://www.tidewaterpost.example/politics/2026/02/11/port-levy-vote"
    assert text_line.text.startswith("A levy on heavy goods vehicles")
    assert text_line.input_format == "jsonl"

    html_line = by_line["2"]
    # metadata on the line wins over the page's own (og:site_name says "Pinecrest Online")
    assert html_line.outlet == "Pinecrest Daily"
    assert html_line.outlet_evidence == "input metadata (jsonl field site_name)"
    assert html_line.published == "2026-02-09"
    assert html_line.published_evidence == "input metadata (jsonl field date)"
    assert html_line.title == "Sawmill fire contained after two days"
    assert html_line.author == "Lena Fischer, Jonas Berg"
    assert "Holmvik sawmill" in html_line.text and "Tips? Email" not in html_line.text

    alias_line = by_line["6"]
    assert alias_line.outlet == "Harbour Times"
    assert alias_line.published == "2026-02-13"  # epoch seconds
    assert alias_line.text.startswith("Ferry fares between Northport")

    reasons = {e.source.rsplit(":", 1)[1]: e.reason for e in errors}
    assert sorted(reasons) == ["3", "4", "5"]
    assert reasons["3"].startswith("[S017]") and "--fetch-links" in reasons["3"]
    assert reasons["4"].startswith("[S008] broken JSON on line 4")
    assert reasons["5"].startswith("[S009]")
    assert all(e.source.startswith(str(MIXED)) for e in errors)


def test_a_line_over_the_record_cap_is_skipped_alone(tmp_path: Path) -> None:
    small = {"title": "Short one", "text": "The harbour reopened on Monday. " * 10}
    big = {"title": "Too long", "text": "Word " * 5000}
    target = tmp_path / "capped.jsonl"
    target.write_text(json.dumps(big) + "\n" + json.dumps(small) + "\n", encoding="utf-8")
    settings = ReadContext().settings.override("ingest.max_record_bytes", 4096)
    articles, errors = articles_and_errors(read_path(target, ReadContext(settings=settings)))
    assert [a.title for a in articles] == ["Short one"]
    (error,) = errors
    assert error.source == f"{target}:1"
    assert error.reason.startswith("[S018]") and "ingest.max_record_bytes" in error.reason


def test_a_json_array_file_is_read_as_records(ctx: ReadContext) -> None:
    records = [
        {"title": "Dock strike called off", "text": "Dock workers called off a strike. " * 8},
        {"title": "Toll bridge fees frozen", "text": "The toll bridge fees were frozen. " * 8},
    ]
    data = json.dumps(records, indent=2).encode("utf-8")
    articles, errors = articles_and_errors(read_bytes(data, "export.json", ctx))
    assert errors == []
    assert [a.source for a in articles] == ["export.json#1", "export.json#2"]
    assert [a.title for a in articles] == ["Dock strike called off", "Toll bridge fees frozen"]


def test_url_only_lines_are_fetched_when_asked() -> None:
    with serve() as site:
        site.page("/news/council-budget", PAGE)
        lines = [
            {"url": site.url("/news/council-budget"), "published": "2026-02-18"},
            {"url": site.url("/news/gone")},
        ]
        data = "\n".join(json.dumps(line) for line in lines).encode("utf-8")
        ctx = private_ctx()
        ctx.fetch_links = True
        articles, errors = articles_and_errors(read_bytes(data, "links.jsonl", ctx))
    (article,) = articles
    assert article.source == "links.jsonl:1"
    assert article.url == site.url("/news/council-budget")
    assert article.outlet == "Riverside Gazette"  # from the page: the line has no outlet
    assert article.published == "2026-02-18"  # the line's date wins over the page's
    assert article.published_evidence == "input metadata (jsonl field published)"
    assert "Millbrook District Council" in article.text
    (error,) = errors
    assert error.source == "links.jsonl:2" and "[S014]" in error.reason and "404" in error.reason


def test_a_line_that_breaks_the_extractor_costs_that_line_only(
    ctx: ReadContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.ingest import jsonl

    real = jsonl.html_article

    def fragile(markup: str, *args: Any, **kwargs: Any) -> Any:
        if "<frameset" in markup:
            raise RecursionError("maximum recursion depth exceeded")
        return real(markup, *args, **kwargs)

    monkeypatch.setattr(jsonl, "html_article", fragile)
    lines = [
        {"html": "<frameset><frame src='a'></frameset>", "title": "Odd page"},
        {"title": "Weir repaired", "text": "The weir at Millbrook was repaired on Monday. " * 6},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode("utf-8")
    articles, errors = articles_and_errors(read_bytes(data, "odd.jsonl", ctx))
    assert [a.title for a in articles] == ["Weir repaired"]
    (error,) = errors
    assert error.source == "odd.jsonl:1" and error.reason.startswith("[S015] unsupported input")
