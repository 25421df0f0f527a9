"""Which reader an input gets, and metadata dates as YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.ingest import ReadContext, read_inputs
from storyline.ingest.dates import iso_date
from storyline.ingest.sniff import FEED, HTML, JSONL, TEXT, WARC, sniff_kind


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("page.html", b"<!DOCTYPE html><html>", HTML),
        ("download", b"\n\n<html lang='en'><head>", HTML),
        ("story.txt", b"Council votes to close library\n\nThe council", TEXT),
        ("export.jsonl", b'{"title": "x"}', JSONL),
        ("dump", b'{"text": "Body", "title": "x"}\n', JSONL),
        ("dump", b'[\n  {"text": "Body"}\n]', JSONL),
        ("feed", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', FEED),
        ("atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', FEED),
        ("rdf", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><channel>', FEED),
        # named as a feed but not XML: the feed reader says so
        ("news.rss", b"503 Service Unavailable", FEED),
        ("crawl.warc.gz", b"\x1f\x8b\x08\x00", WARC),
        ("blob", b"WARC/1.1\r\nWARC-Type: warcinfo", WARC),
        # UTF-16 with a BOM is sniffed on its text
        ("page", "\ufeff<html><body><p>x</p>".encode("utf-16-le"), HTML),
    ],
)
def test_sniff_kind(name: str, head: bytes, kind: str) -> None:
    assert sniff_kind(name, head) == kind


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-03-09", "2026-03-09"),
        ("2026-03-09T23:30:00-05:00", "2026-03-09"),  # the day as written, not UTC
        ("2026-03-09 08:00", "2026-03-09"),
        ("20260309", "2026-03-09"),
        ("Mon, 09 Mar 2026 23:30:00 -0500", "2026-03-09"),
        ("9 Mar 2026 10:00:00 GMT", "2026-03-09"),
        (1773014400, "2026-03-09"),  # epoch seconds
        (1773014400000, "2026-03-09"),  # epoch milliseconds
        (dt.date(2026, 3, 9), "2026-03-09"),
        ("2026-02-30", None),  # no such day
        ("last Tuesday", None),
        ("", None),
        (None, None),
        (True, None),
        ("0001-01-01", None),
    ],
)
def test_iso_date(value: object, day: str | None) -> None:
    assert iso_date(value) == day


def test_other_url_schemes_are_one_error(ctx: ReadContext) -> None:
    (error,) = read_inputs(["ftp://archive.example/news/story.html"], ctx)
    assert str(error).startswith("ftp://archive.example/news/story.html: [S015]")
