"""Publication dates from the page's own evidence, with evidence and precision; never the clock."""

from __future__ import annotations

import datetime as dt

from storyline.clean.dates import fill_from_batch, from_text, infer_date
from storyline.model import Article, Removed


def _article(text: str, **metadata: object) -> Article:
    return Article.create(source="page.txt", text=text, **metadata)  # type: ignore[arg-type]


def test_metadata_is_kept() -> None:
    guess = infer_date(_article("Body.", published="2021-03-04"))
    assert guess.published == "2021-03-04"


def test_url_path_date() -> None:
    guess = infer_date(_article("Body.", url="https://example.org/2019/11/19/opinion/story.html"))
    assert (guess.published, guess.precision) == ("2019-11-19", "day")


def test_removed_date_line() -> None:
    article = _article(
        "Body.", removed=[Removed("dateline", "Updated 9:42 pm MST, Thursday, February 13, 2020")]
    )
    guess = infer_date(article)
    assert guess.published == "2020-02-13"
    assert guess.evidence.startswith("day: date line")


LEAD = (
    "The mayor of Harwick said on Thursday that the town would invite both bus companies to "
    "talks on October 9, 2020 to settle the timetable dispute.\n"
    "The dispute began on September 27, 2020 when one company cut its evening services."
)


def test_lead_weekday_pinned_by_an_upcoming_date() -> None:
    guess = from_text(LEAD, [])
    # 9 October 2020 was a Friday: the Thursday the lead reports is the day before.
    assert guess.published == "2020-10-08"
    assert guess.evidence.startswith("day:") and "Thursday" in guess.evidence


def test_later_today_weekday_pinned_by_a_dated_caption() -> None:
    text = "The two bus companies are due to sit down with the mayor in Harwick later on Friday."
    guess = from_text(text, ["Drivers picket the depot in Harwick, England, on October 8, 2020."])
    assert guess.published == "2020-10-09"
    assert "caption" in guess.evidence


def test_no_year_anywhere_gives_no_date_and_says_why() -> None:
    guess = from_text("The minister said on Tuesday that talks would start on September 27.", [])
    assert guess.published is None
    assert guess.evidence.startswith("unknown:") and "no year" in guess.evidence


def test_a_weekday_no_date_pins_gives_no_date() -> None:
    guess = from_text("The minister said on Tuesday that the talks of 2019 had failed.", [])
    assert guess.published is None


def test_never_today() -> None:
    guess = from_text("Officials said today that the bridge would reopen soon.", [])
    assert guess.published is None
    assert guess.published != dt.date.today().isoformat()


def test_batch_year_is_a_last_resort_and_says_so() -> None:
    undated = _article(
        "The mayor said on Thursday night that the council would meet the companies on October 9."
    )
    undated.published_evidence = infer_date(undated).evidence
    dated = _article("A report published on October 2, 2020 found the service lost money.")
    fill_from_batch([undated, dated])
    assert undated.published == "2020-10-08"
    assert "batch" in (undated.published_evidence or "")
