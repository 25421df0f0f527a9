"""RSS 2.0, Atom and RSS 1.0 feeds: item bodies, metadata, teasers, links, non-feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.ingest_helpers import INGEST_DATA, articles_and_errors, private_ctx, serve
from storyline.ingest import ReadContext, read_bytes, read_inputs, read_path
from storyline.ingest.feeds import fragment_text, outlet_from_channel

FEEDS = INGEST_DATA / "feeds"
PAGE = (INGEST_DATA / "html" / "harbourtech-review-chip-plant.html").read_bytes()


def test_rss2_items_become_articles(ctx: ReadContext) -> None:
    articles, errors = articles_and_errors(read_path(FEEDS / "valley-courier.rss", ctx))
    first, library = articles
    assert first.source == f"{FEEDS / 'valley-courier.rss'}#1"
    assert first.title == "Hospital trust confirms maternity unit will stay open"
    assert first.url == "https://valleycourier.example/local/2026/02/05/maternity-unit-stays-open/"
    # channel "Valley Courier – Local News": the part naming the site is the outlet
    assert first.outlet == "Valley Courier"
    assert first.outlet_evidence == "feed channel title"
    # pubDate 23:30 -0500 is the 6th in UTC; the outlet dated it the 5th
    assert first.published == "2026-02-05"
    assert first.published_evidence == "feed item date"
    assert first.author == "Sunita Bhamra"
    assert first.input_format == "feed"
    # content:encoded, not the truncated description; paragraphs and <br> kept
    assert "running at 94 per cent of capacity" in first.text
    assert "\n\n" in first.text
    assert "Dr Alan Whitfield.\nHe said" in first.text
    # no script, no WordPress footer, caption kept apart
    assert "trackEvent" not in first.text
    assert "appeared first on" not in first.text
    assert first.captions == [
        "Campaigners outside Keld Road hospital in March 2025. Photo: Valley Courier"
    ]
    assert "Campaigners outside" not in first.text

    assert library.title == "Library opening hours restored after volunteers step in"
    assert library.text.startswith("Keld Road library will open on Saturdays")

    # the teaser-only item says how to get its text
    (teaser,) = errors
    assert teaser.source == f"{FEEDS / 'valley-courier.rss'}#2"
    assert teaser.reason.startswith("[S017]") and "--fetch-links" in teaser.reason


def test_atom_entries(ctx: ReadContext) -> None:
    articles, errors = articles_and_errors(read_path(FEEDS / "northwind-wire.atom", ctx))
    assert errors == []
    grid, ferries = articles
    assert grid.title == "Grid operator approves Skarven wind farm link"  # HTML title, tags gone
    assert grid.outlet == "Northwind Wire"
    assert grid.published == "2026-01-22"
    assert grid.author == "Ingrid Halvorsen"
    assert grid.url == "https://northwindwire.example/2026/01/22/skarven-grid-link"
    assert "onshore grid at Kårstø" in grid.text
    assert ferries.published == "2026-01-20"  # only <updated>
    assert "Esbjerg and Harwich" in ferries.text  # xhtml content


def test_rss1_with_a_legacy_encoding(ctx: ReadContext) -> None:
    (article,) = read_path(FEEDS / "coastal-bulletin.rdf", ctx)
    assert not isinstance(article, Exception)
    assert article.outlet == "The Coastal Bulletin"
    assert article.published == "2025-11-28"
    assert article.author == "Morwenna Trelawny"
    assert "Mrs Éowyn Pascoe" in article.text  # declared ISO-8859-1


def test_a_feed_that_is_not_xml_is_one_error_and_the_batch_goes_on(ctx: ReadContext) -> None:
    inputs = [str(FEEDS / "not-a-feed.rss"), str(FEEDS / "northwind-wire.atom")]
    articles, errors = articles_and_errors(read_inputs(inputs, ctx))
    assert len(articles) == 2
    (error,) = errors
    assert error.source == str(FEEDS / "not-a-feed.rss")
    assert error.reason.startswith("[S007] not a feed: not XML")


def test_xml_that_is_no_feed(ctx: ReadContext) -> None:
    data = b'<?xml version="1.0"?><inventory><item sku="4411">Rope</item></inventory>'
    (error,) = read_bytes(data, "stock.xml", ctx)
    assert str(error).startswith("stock.xml: [S007]")


def test_teasers_are_fetched_from_their_links_when_asked() -> None:
    with serve() as site:
        site.page("/2026/03/fabrikon-delays-dunmore-plant", PAGE)
        feed = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>HarbourTech Review</title><link>{site.base}/</link>
<item><title>Fabrikon delays Dunmore chip plant to 2028</title>
<link>{site.url("/2026/03/fabrikon-delays-dunmore-plant")}</link>
<pubDate>Mon, 02 Mar 2026 07:15:00 GMT</pubDate>
<description>The chipmaker blames weak EV demand. Read more...</description></item>
</channel></rss>""".encode()
        site.page("/feed.xml", feed, "application/rss+xml")
        ctx = private_ctx()
        ctx.fetch_links = True
        articles, errors = articles_and_errors(read_inputs([site.url("/feed.xml")], ctx))
    assert errors == []
    (article,) = articles
    assert article.source == site.url("/2026/03/fabrikon-delays-dunmore-plant")
    assert article.title == "Fabrikon delays Dunmore chip plant to 2028"
    assert article.published == "2026-03-02" and article.published_evidence == "feed item date"
    assert article.outlet == "HarbourTech Review"
    assert "€2.3 billion" in article.text  # the full page, not the teaser


def test_aggregator_items_name_their_own_source(ctx: ReadContext) -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Energy headlines - NewsDigest</title><link>https://newsdigest.example/energy</link>
<item><title>Utility raises tariffs</title><link>https://www.tidewaterpost.example/a/1</link>
<source url="https://www.tidewaterpost.example/rss">Tidewater Post</source>
<description>Tidewater Power will raise household tariffs by 6 per cent from June, the utility
said on Tuesday, citing the cost of replacing storm-damaged lines across the county. The
regulator must still approve the rise, and consumer groups said they would object at the
hearing next month.</description></item>
<item><title>Wind auction results</title><link>https://www.otherpaper.example/wind</link>
<description>The government awarded contracts for 4.2 gigawatts of offshore wind in its
latest auction, more than analysts had expected, at prices about 11 per cent higher than in
the previous round. Developers had pressed for higher prices after a failed auction last
year.</description></item>
</channel></rss>"""
    tariffs, wind = read_bytes(feed, "digest.rss", ctx)
    assert not isinstance(tariffs, Exception) and not isinstance(wind, Exception)
    assert tariffs.outlet == "Tidewater Post" and tariffs.outlet_evidence == "feed item source"
    # the channel names an aggregator, not the site the item comes from: outlet unknown
    assert wind.outlet is None


@pytest.mark.parametrize(
    ("title", "link", "outlet"),
    [
        ("World news | The Guardian", "https://www.theguardian.com/world", "The Guardian"),
        ("BBC News - World", "https://www.bbc.co.uk/news/world", "BBC News"),
        ("Valley Courier – Local News", "https://valleycourier.example/local/", "Valley Courier"),
        # no part matches the domain: keep the whole title rather than guess
        ("Morning Edition - Politics", "https://radio.example/", "Morning Edition - Politics"),
        ("Northwind Wire RSS", "https://northwindwire.example/", "Northwind Wire"),
        ("", "https://x.example/", None),
    ],
)
def test_outlet_from_channel_title(title: str, link: str, outlet: str | None) -> None:
    assert outlet_from_channel(title, link) == outlet


def test_fragment_text_keeps_paragraphs_and_drops_markup() -> None:
    markup = (
        "<p>First <b>bold</b> paragraph.</p><ul><li>One</li><li>Two</li></ul>"
        "<p>Line one<br>line two</p><script>evil()</script><style>p{}</style>"
        '<p><img src=x onerror="alert(1)">After image.</p>'
    )
    assert fragment_text(markup) == (
        "First bold paragraph.\n\nOne\n\nTwo\n\nLine one\nline two\n\nAfter image."
    )


def test_external_entities_are_never_resolved(tmp_path: Path, ctx: ReadContext) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE-KEY-MATERIAL", encoding="utf-8")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>Quay News</title><link>https://quay.example/</link>
<item><title>Harbour dredging starts</title><link>https://quay.example/dredging</link>
<description>Dredging of the inner harbour began on Monday and will take six weeks, the port
authority said, during which smaller vessels will use the east basin. &xxe; The work will
deepen the channel to nine metres so that larger cruise ships can berth at the town quay from
next summer.</description></item></channel></rss>""".encode()
    articles, errors = articles_and_errors(read_bytes(feed, "quay.rss", ctx))
    assert all("PRIVATE-KEY-MATERIAL" not in str(e) for e in errors)
    (article,) = articles
    assert "Dredging of the inner harbour" in article.text
    assert "PRIVATE-KEY-MATERIAL" not in article.text
