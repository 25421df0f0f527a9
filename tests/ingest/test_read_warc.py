"""WARC / WARC.gz crawls: HTML responses become articles; the rest is skipped; cut-off or
corrupt files keep what was read and add one error naming the file."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from ingest.ingest_helpers import (
    INGEST_DATA,
    WarcRecordSpec,
    articles_and_errors,
    build_warc,
)
from storyline.ingest import ReadContext, read_bytes, read_inputs, read_path
from storyline.ingest.warc import read_warc_stream

HTML = INGEST_DATA / "html"
GAZETTE_URL = "https://www.riversidegazette.example/news/2026/02/17/council-flood-defence-budget"
CHIP_URL = "https://harbourtech.example/2026/03/fabrikon-delays-dunmore-plant"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def record_offset(data: bytes, url: str, kind: str) -> int:
    records = ArchiveIterator(io.BytesIO(data))
    for record in records:
        if record.rec_type == kind and record.rec_headers.get_header("WARC-Target-URI") == url:
            return int(records.get_record_offset())
    raise AssertionError(f"no {kind} record for {url}")


def crawl() -> list[WarcRecordSpec]:
    """What a crawl of two news sites holds: pages, an image, a redirect, a 404, a stylesheet."""
    return [
        WarcRecordSpec(GAZETTE_URL, (HTML / "riverside-gazette-council-budget.html").read_bytes()),
        WarcRecordSpec(
            "https://www.riversidegazette.example/logo.png", PNG, content_type="image/png"
        ),
        WarcRecordSpec(
            "https://harbourtech.example/fabrikon",
            b"",
            status="301 Moved Permanently",
            extra_headers=[("Location", CHIP_URL)],
        ),
        WarcRecordSpec(
            CHIP_URL,
            (HTML / "harbourtech-review-chip-plant.html").read_bytes(),
            content_type="text/html",  # no charset: the page's <meta> declares it
        ),
        WarcRecordSpec(
            "https://harbourtech.example/old-story",
            b"<html><body><h1>Page not found</h1></body></html>",
            status="404 Not Found",
        ),
        WarcRecordSpec(
            "https://harbourtech.example/site.css", b"body{margin:0}", content_type="text/css"
        ),
    ]


def test_html_responses_become_articles_and_the_rest_is_skipped(
    tmp_path: Path, ctx: ReadContext
) -> None:
    target = tmp_path / "crawl.warc.gz"
    target.write_bytes(build_warc(crawl()))
    articles, errors = articles_and_errors(read_path(target, ctx))
    assert errors == []
    gazette, chips = articles
    assert gazette.source == f"{target}#{GAZETTE_URL}"
    assert gazette.url == GAZETTE_URL
    assert gazette.outlet == "Riverside Gazette"
    assert gazette.published == "2026-02-17"
    assert gazette.title == "Council approves £4.2m flood defence budget after heated session"
    assert gazette.input_format == "warc"
    assert "defeated by 23 votes to 19" in gazette.text
    assert chips.url == CHIP_URL
    assert chips.outlet == "HarbourTech Review"
    assert "€2.3 billion" in chips.text


def test_uncompressed_and_whole_file_gzip_warcs(ctx: ReadContext) -> None:
    plain = build_warc(crawl(), gzip_records=False)
    for data, name in ((plain, "crawl.warc"), (gzip.compress(plain), "crawl.warc.gz")):
        articles, errors = articles_and_errors(read_bytes(data, name, ctx))
        assert errors == [] and len(articles) == 2, name


def test_a_warc_without_a_warc_name_is_recognised(ctx: ReadContext) -> None:
    data = build_warc(crawl(), gzip_records=False)
    articles, _ = articles_and_errors(read_bytes(data, "download.bin", ctx))
    assert len(articles) == 2


def test_truncated_warc_gz_keeps_what_was_read(tmp_path: Path, ctx: ReadContext) -> None:
    whole = build_warc(crawl())
    cut = tmp_path / "cut.warc.gz"
    # cut inside the second page's response record: the first page is complete
    cut.write_bytes(whole[: record_offset(whole, CHIP_URL, "response") + 200])
    articles, errors = articles_and_errors(read_path(cut, ctx))
    assert [a.url for a in articles] == [GAZETTE_URL]
    (error,) = errors
    assert error.source == str(cut)
    assert error.reason.startswith("[S010]") and "after 1 article(s)" in error.reason


def test_truncated_plain_warc(ctx: ReadContext) -> None:
    plain = build_warc(crawl(), gzip_records=False)
    cut = plain[: plain.index(b"Analysts at Meridian")]
    articles, errors = articles_and_errors(read_bytes(cut, "cut.warc", ctx))
    assert [a.url for a in articles] == [GAZETTE_URL]
    (error,) = errors
    assert error.source == "cut.warc" and error.reason.startswith("[S011]")


def test_corrupt_gzip_inside_a_warc(ctx: ReadContext) -> None:
    whole = bytearray(build_warc(crawl()))
    middle = len(whole) // 2
    whole[middle : middle + 200] = bytes(200)
    articles, errors = articles_and_errors(
        read_warc_stream(io.BytesIO(bytes(whole)), "bad.warc.gz", ctx)
    )
    assert len(articles) <= 1
    (error,) = errors
    assert error.source == "bad.warc.gz" and error.reason.startswith("[S010]")


def test_a_file_named_warc_that_is_not_one(tmp_path: Path, ctx: ReadContext) -> None:
    fake = tmp_path / "notes.warc"
    fake.write_text("These are my notes about the crawl, not a crawl.\n", encoding="utf-8")
    (error,) = read_path(fake, ctx)
    assert str(error).startswith(f"{fake}: [S011]")


def test_an_oversized_record_is_skipped_with_one_error(tmp_path: Path) -> None:
    captures = crawl()
    captures.insert(
        0,
        WarcRecordSpec(
            "https://bloated.example/liveblog",
            b"<html><body>" + b"<p>Update: nothing new.</p>" * 2000 + b"</body></html>",
        ),
    )
    target = tmp_path / "crawl.warc.gz"
    target.write_bytes(build_warc(captures))
    settings = ReadContext().settings.override("ingest.max_record_bytes", 20_000)
    articles, errors = articles_and_errors(
        read_inputs([str(target)], ReadContext(settings=settings))
    )
    assert [a.url for a in articles] == [GAZETTE_URL, CHIP_URL]
    (error,) = errors
    assert error.source == f"{target}#https://bloated.example/liveblog"
    assert error.reason.startswith("[S018]")
