"""The HTML reader's headline, date and body choices, on page snippets written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml.html import fromstring

from storyline.ingest.dates import dates_in_text
from storyline.ingest.html import (
    best_title,
    extract_page,
    h1_texts,
    json_ld_published,
    publication_date,
    strip_site_name,
    without_headline,
)


@pytest.mark.parametrize(
    ("title", "site_names", "hostname", "expected"),
    [
        # the site's own name, as og:site_name gives it
        (
            "Rail fares to rise 4% in March | The Northern Courier",
            ["The Northern Courier"],
            None,
            "Rail fares to rise 4% in March",
        ),
        # site name first, separator other than a pipe
        (
            "Harbour Tribune – Storm closes ferry port",
            ["Harbour Tribune"],
            None,
            "Storm closes ferry port",
        ),
        # only the host says which part is the site ("Valleypost UK" on valleypost.co.uk)
        (
            "Mill reopens after flood repairs - Valleypost UK",
            [],
            "www.valleypost.co.uk",
            "Mill reopens after flood repairs",
        ),
        # section label and site name both go
        (
            "Budget row deepens · Politics · Daily Lantern",
            ["Daily Lantern"],
            None,
            "Budget row deepens · Politics",
        ),
        # a final one- or two-word label after a longer headline goes even when unknown
        ("Why the bridge vote matters | Opinion", [], None, "Why the bridge vote matters"),
        # without evidence a dash inside a headline stays
        (
            "Talks resume - but deal still far off, unions warn",
            [],
            None,
            "Talks resume - but deal still far off, unions warn",
        ),
        # a headline that mentions the site's name is not the site's name
        (
            "Lantern readers vote Riverside the best market town in the county | Daily Lantern",
            ["Daily Lantern"],
            None,
            "Lantern readers vote Riverside the best market town in the county",
        ),
        (None, [], None, None),
    ],
)
def test_strip_site_name(
    title: str | None, site_names: list[str], hostname: str | None, expected: str | None
) -> None:
    assert strip_site_name(title, site_names, hostname) == expected


def test_best_title_prefers_the_h1_the_metadata_confirms() -> None:
    # og:title is a shorter SEO variant; the visible headline is the <h1>
    assert (
        best_title(
            ["Menu", "Council approves new cycle lanes on Mill Road after long consultation"],
            ["New cycle lanes for Mill Road | Town Crier", None],
            ["Town Crier"],
        )
        == "Council approves new cycle lanes on Mill Road after long consultation"
    )


def test_best_title_skips_a_masthead_h1() -> None:
    # the only <h1> is the site's masthead, which is the last part of the title
    assert (
        best_title(["Quarry Notes"], ["Loading a kiln for a glaze firing - Quarry Notes"], [])
        == "Loading a kiln for a glaze firing"
    )
    # the masthead h1 named as the site
    assert best_title(["Quarry Notes"], ["Kiln safety basics"], ["Quarry Notes"]) == (
        "Kiln safety basics"
    )


def test_best_title_without_metadata_takes_a_lone_h1() -> None:
    assert best_title(["Lost cat found in bakery"], [None, ""]) == "Lost cat found in bakery"
    assert best_title(["One", "Two"], []) is None


def test_h1_text_keeps_words_apart_across_line_breaks() -> None:
    tree = fromstring(
        "<html><body><h1>Floods<br>close the <span>valley</span> road"
        "<script>var x = 1;</script></h1><h1> </h1></body></html>"
    )
    assert h1_texts(tree) == ["Floods close the valley road"]


def test_json_ld_published_prefers_the_article_item() -> None:
    tree = fromstring(
        """<html><head>
        <script type="application/ld+json">{"@type": "WebSite", "datePublished": "2019-01-01"}
        </script>
        <script type="application/ld+json">{"@graph": [
          {"@type": "Organization", "name": "Fenland Echo"},
          {"@type": ["NewsArticle"], "datePublished": "2024-02-29T18:05:00+01:00",
           "dateModified": "2024-03-02T09:00:00+01:00"}]}</script>
        </head><body><p>x</p></body></html>"""
    )
    assert json_ld_published(tree) == "2024-02-29"
    assert publication_date(tree) == ("2024-02-29", "page metadata (JSON-LD datePublished)")


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "NewsArticle", "datePublished": "3 March 2024"}',  # not ISO: htmldate's job
        '{"@type": "NewsArticle", "datePublished": "2999-01-01"}',  # in the future
        '{"@type": "NewsArticle", "datePublished": "2024-02-30"}',  # no such day
        '{"@type": "NewsArticle", "datePublished": ',  # broken JSON
    ],
)
def test_json_ld_published_refuses_what_it_cannot_trust(script: str) -> None:
    tree = fromstring(
        f'<html><head><script type="application/ld+json">{script}</script></head>'
        "<body><p>x</p></body></html>"
    )
    assert json_ld_published(tree) is None


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


_EVERGREEN_LD = (
    '<script type="application/ld+json">{"@type": "Article", '
    '"datePublished": "2019-06-03T09:00:00Z", "dateModified": "2025-03-04T16:20:00Z"}</script>'
)
_SITE_NAV = (
    "<nav><a href='/'>Home</a> <a href='/guides'>Guides</a> <span>Saturday, March 15, 2025</span>"
    "</nav>"
)


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # a publication-date meta tag is the page's own statement
        (
            '<meta property="article:published_time" content="2024-11-08T06:30:00-05:00">'
            + _EVERGREEN_LD,
            "<h1>Ferry timetable changes for winter</h1><p>Updated March 4, 2025</p>",
            ("2024-11-08", "page metadata (<meta> article:published_time)"),
        ),
        # an evergreen guide: the URL's first datePublished is not shown, its update date is
        (
            _EVERGREEN_LD,
            _SITE_NAV + "<h1>How to insulate a loft</h1><div class='byline'>By Ana Ruiz · "
            "Updated March 4, 2025</div><p>Start with the hatch.</p>",
            (
                "2025-03-04",
                "modified date the page shows (its datePublished it does not show)",
            ),
        ),
        # ... but a page that shows its datePublished keeps it
        (
            _EVERGREEN_LD,
            "<h1>How to insulate a loft</h1><p>Published June 3, 2019 · Updated March 4, 2025</p>",
            ("2019-06-03", "page metadata (JSON-LD datePublished)"),
        ),
        # a Q&A page dates its question in microdata; the edit date comes first in the page
        (
            "",
            "<h1>Why does my sourdough collapse?</h1><div>edited <time itemprop='dateModified' "
            "datetime='2016-09-19T14:47:46'>Sep 19, 2016</time></div><div>asked <time "
            "itemprop='dateCreated' datetime='2011-02-11T23:49:17'>Feb 11, 2011</time></div>",
            ("2011-02-11", "page markup (itemprop dateCreated)"),
        ),
        # no metadata: the date labelled as the publication date, not today's date in the nav
        (
            "",
            _SITE_NAV + "<h1>Parish council agrees new budget</h1><p>Posted on: 12 February "
            "2025 by the clerk</p>",
            ("2025-02-12", "date the page shows labelled as published"),
        ),
        # the original date right before an "Updated" label is the publication date
        (
            "",
            "<h1>Growing garlic in pots</h1><p>March 2, 2024 · Updated on: May 5, 2024</p>",
            ("2024-03-02", "date the page shows labelled as updated"),
        ),
        # a forum member's join date is no date of the page; the date under the headline is
        (
            "",
            "<div>Member since Jan 4, 2011</div><h1>Best budget tripod?</h1>"
            "<div>Sam_K · 14/03/2024 · 12 replies</div>",
            ("2024-03-14", "date the page shows by the headline"),
        ),
        # nothing dates the page: no date, and never today's
        ("", "<h1>About us</h1><p>We sell garden tools since 1990.</p>", (None, None)),
    ],
)
def test_publication_date_sources(head: str, body: str, expected: tuple[str | None, ...]) -> None:
    assert publication_date(fromstring(_page(head, body))) == expected


def test_dates_in_text_reads_only_certain_dates() -> None:
    text = (
        "Updated Dec. 4th, 2025 · 4 December 2025 · 2025-12-04 · 13/04/2025 · 03/04/2025 · "
        "31 February 2025 · March 1, 1890 · May 2025"
    )
    shown = dates_in_text(text, latest=dt.date(2026, 1, 1))
    assert [s.day for s in shown] == ["2025-12-04", "2025-12-04", "2025-12-04", "2025-04-13"]
    assert shown[0].before == "updated "
    assert dates_in_text("Event on 9 March 2031", latest=dt.date(2026, 1, 1)) == []


def test_without_headline() -> None:
    text = "Storm closes ferry port\nThe port at Eastharbour closed on Monday."
    assert without_headline(text, "Storm Closes Ferry Port!") == (
        "The port at Eastharbour closed on Monday."
    )
    assert without_headline(text, "Other headline") == text
    # a one-line body is never emptied
    assert without_headline("Storm closes ferry port", "Storm closes ferry port") == (
        "Storm closes ferry port"
    )


def test_extract_page_on_a_news_page() -> None:
    page = extract_page(
        """<!DOCTYPE html><html><head>
        <title>Bus drivers accept pay deal, ending strike | Wexmoor Herald</title>
        <meta property="og:site_name" content="Wexmoor Herald">
        <script type="application/ld+json">{"@context": "https://schema.org",
          "@type": "NewsArticle", "headline": "Bus drivers accept pay deal",
          "datePublished": "2023-11-07T06:30:00Z",
          "author": {"@type": "Person", "name": "Tamsin Oakes"}}</script>
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/jobs">Jobs</a></nav>
        <article><h1>Bus drivers accept pay deal, ending strike</h1>
        <p>Bus drivers in Wexmoor voted on Monday to accept a two-year pay deal, ending a strike
        that had halted most routes across the county for eleven days.</p>
        <p>The union said 78 per cent of members who voted backed the offer, which raises basic
        pay by 6 per cent this year and 4 per cent next year.</p>
        <figure><img src="b.jpg"><figcaption>Drivers at the Castle Street depot.</figcaption>
        </figure>
        <p>Services will return to the normal timetable from Wednesday, the operator said.</p>
        </article><footer>© Wexmoor Herald. Cookie settings.</footer></body></html>"""
    )
    assert page is not None
    assert page["title"] == "Bus drivers accept pay deal, ending strike"
    assert page["date"] == "2023-11-07"
    assert page["date_evidence"] == "page metadata (JSON-LD datePublished)"
    assert page["author"] == "Tamsin Oakes"
    assert page["sitename"] == "Wexmoor Herald"
    assert page["captions"] == ["Drivers at the Castle Street depot."]
    assert page["text"].startswith("Bus drivers in Wexmoor voted on Monday")
    assert "Cookie settings" not in page["text"]
