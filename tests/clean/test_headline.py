"""Scraped text has no title field: the cleaner names the headline once furniture is set aside."""

from __future__ import annotations

from storyline.clean.stages import clean_body
from storyline.model import Article

SCRAPE = """We value your privacy. We and our partners use cookies to personalise content. \
Accept all | Manage

Home › Regions › North Coast

Ferry operator suspends winter crossings to Skerrin Island

Passengers face a three-hour detour via the mainland bridge until April

Share this story
Facebook | X | Email

The operator of the only ferry to Skerrin Island suspended its winter timetable on Tuesday, \
saying two of its three vessels had failed safety inspections and could not sail until repairs \
were finished.

Island residents said the decision left them with a three-hour detour through the mainland \
bridge at Cardow. "We were told about it on a Monday evening, by text message," said Moira \
Keane, who runs the island's post office.

The regional transport authority said it would ask the company to charter a replacement vessel \
within a fortnight.
"""

LEAD_ONLY = """The operator of the only ferry to Skerrin Island suspended its winter timetable on \
Tuesday, saying two of its three vessels had failed safety inspections.

Island residents said the decision left them with a three-hour detour through the mainland \
bridge at Cardow, and the transport authority promised a replacement vessel within a fortnight.
"""


def test_headline_under_cookie_notice_and_breadcrumb_becomes_the_title() -> None:
    article = clean_body(Article.create(source="ferry.txt", text=SCRAPE))
    assert article.title == "Ferry operator suspends winter crossings to Skerrin Island"
    assert not article.text.startswith("Ferry operator")
    assert "We value your privacy" not in article.text
    assert "suspended its winter timetable on Tuesday" in article.text
    removed = [r.text for r in article.removed]
    assert "Ferry operator suspends winter crossings to Skerrin Island" in removed


def test_text_opening_with_its_lead_gets_no_invented_title() -> None:
    article = clean_body(Article.create(source="lead.txt", text=LEAD_ONLY))
    assert article.title is None


def test_a_title_given_by_the_input_is_kept() -> None:
    given = Article.create(source="x.jsonl:1", text=SCRAPE, title="Skerrin ferry halted")
    assert clean_body(given).title == "Skerrin ferry halted"
