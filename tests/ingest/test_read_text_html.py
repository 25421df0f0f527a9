"""Plain text and HTML pages: encodings, metadata, broken and hostile markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.ingest_helpers import INGEST_DATA, articles_and_errors
from storyline.ingest import ReadContext, read_inputs, read_path

TEXT = INGEST_DATA / "text"
HTML = INGEST_DATA / "html"


@pytest.mark.parametrize(
    ("name", "title", "phrase"),
    [
        # windows-1252 without any declaration: "€", "é" and the en dash must survive
        (
            "cp1252-bakery-strike.txt",
            "Bakers in Saint-Émile walk out over night-shift pay",
            'paid €11.40 an hour for night shifts, "the same as a café waiter',
        ),
        # ISO 8859-1 German: umlauts and ß
        (
            "latin1-footbridge-vote.txt",
            "Gemeinderat in Großbärnau stimmt für neue Fußgängerbrücke",
            "Bürgermeisterin Jördis Müller sagte",
        ),
        # UTF-8 with a byte-order mark and Windows line ends
        (
            "utf8-bom-crlf-quay-reopens.txt",
            "Harbour authority reopens north quay after storm repairs",
            "Repairs cost £2.6 million",
        ),
        # UTF-16 little-endian with its BOM
        (
            "utf16-ferry-timetable.txt",
            "Ferry timetable cut as crew shortage bites",
            "between Porthaven and Île-de-Brume",
        ),
    ],
)
def test_text_files_decode_in_any_common_encoding(name: str, title: str, phrase: str) -> None:
    ctx = ReadContext()
    articles, errors = articles_and_errors(read_path(TEXT / name, ctx))
    assert errors == []
    (article,) = articles
    assert article.title is None  # the cleaner names the headline (tests/clean/test_stages.py)
    assert article.text.startswith(title)
    assert phrase in article.text
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert "\n\n" in article.text  # paragraphs kept
    assert article.input_format == "text"


def test_cp1252_text_has_no_mojibake(ctx: ReadContext) -> None:
    articles, _ = articles_and_errors(read_path(TEXT / "cp1252-bakery-strike.txt", ctx))
    text = articles[0].text
    assert "René Durand" in text and "supermarché" in text and "confirmed – though" in text


def test_html_page_gives_text_and_metadata(ctx: ReadContext) -> None:
    (article,) = read_path(HTML / "riverside-gazette-council-budget.html", ctx)
    assert not isinstance(article, Exception)
    assert article.title == "Council approves £4.2m flood defence budget after heated session"
    assert article.outlet == "Riverside Gazette"
    assert article.outlet_evidence == "page metadata (site name)"
    assert article.published == "2026-02-17"
    assert article.author == "Hannah Okafor"
    assert article.url == (
        "https://www.riversidegazette.example/news/2026/02/17/council-flood-defence-budget"
    )
    assert "Millbrook District Council approved a £4.2 million budget" in article.text
    assert "defeated by 23 votes to 19" in article.text
    # page furniture stays out of the body; the photo caption is kept apart
    for junk in ("We use cookies", "Subscribe", "Another tax rise", "All rights reserved"):
        assert junk not in article.text
    assert article.captions == [
        "The weir at Millbrook overflowed twice last winter. Photo: Riverside Gazette"
    ]


def test_html_metadata_from_json_ld(ctx: ReadContext) -> None:
    (article,) = read_path(HTML / "harbourtech-review-chip-plant.html", ctx)
    assert not isinstance(article, Exception)
    assert article.outlet == "HarbourTech Review"
    assert article.published == "2026-03-02"
    assert article.title == "Fabrikon delays Dunmore chip plant to 2028"
    assert "€2.3 billion" in article.text
    assert "Advertisement" not in article.text and "Sign up free" not in article.text


def test_hostile_markup_never_reaches_the_text(ctx: ReadContext) -> None:
    (article,) = read_path(HTML / "hostile-page.html", ctx)
    assert not isinstance(article, Exception)
    assert "second terminal at Lakeside Regional Airport" in article.text
    for hostile in ("alert(", "onerror", "onload", "javascript:", "evil.example", "document."):
        assert hostile not in article.text
        assert hostile not in (article.title or "")
    # Text that *talks about* a tag is text: it is kept as written (and escaped on output).
    assert "the rule on <script> tags" in article.text


def test_broken_markup_with_text_is_read(ctx: ReadContext) -> None:
    articles, errors = articles_and_errors(read_path(HTML / "broken-markup.html", ctx))
    assert errors == []
    (article,) = articles
    assert article.outlet == "Western Isles Echo"
    assert "leaving the island's 230 residents reliant" in article.text
    assert "<" not in article.text


def test_garbage_markup_is_one_error_and_the_batch_goes_on(ctx: ReadContext) -> None:
    inputs = [str(HTML / "garbage-markup.html"), str(HTML / "hostile-page.html")]
    articles, errors = articles_and_errors(read_inputs(inputs, ctx))
    assert len(articles) == 1
    (error,) = errors
    assert error.source.endswith("garbage-markup.html")
    assert error.reason.startswith("[S006]")


def test_gzipped_page_is_undone(tmp_path: Path) -> None:
    ctx = ReadContext()
    import gzip

    page = (HTML / "harbourtech-review-chip-plant.html").read_bytes()
    target = tmp_path / "chip-plant.html.gz"
    target.write_bytes(gzip.compress(page))
    (article,) = read_path(target, ctx)
    assert not isinstance(article, Exception)
    assert article.title == "Fabrikon delays Dunmore chip plant to 2028"
