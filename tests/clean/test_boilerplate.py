"""The boilerplate classifier on labelled scrapes written for these tests, and its behaviours."""

from __future__ import annotations

import pytest

from clean.labelled_pages import pages, score
from conftest import FIXTURES
from storyline.clean.boilerplate import clean, judge

# Line-level junk precision/recall over tests/data/clean/pages (17 pages, ~250 lines), measured
# 0.993 / 0.987 when pinned; the floors leave room for a line or two.
JUNK_PRECISION_FLOOR = 0.97
JUNK_RECALL_FLOOR = 0.95


def test_labelled_pages_line_precision_and_recall() -> None:
    labelled = pages()
    assert len(labelled) >= 15
    result = score(labelled)
    report = "\n".join(result.errors)
    assert result.precision >= JUNK_PRECISION_FLOOR, report
    assert result.recall >= JUNK_RECALL_FLOOR, report
    # most removals also name the right kind of furniture
    assert result.same_kind >= 0.75 * result.true_junk, report


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_no_page_loses_more_than_one_body_line(page: object) -> None:
    result = score([page])  # type: ignore[list-item]
    assert result.false_junk <= 1, result.errors


CLEAN_ARTICLE = (FIXTURES / "clean" / "texts" / "hollin_lock.txt").read_text("utf-8")


def test_a_clean_article_keeps_every_line() -> None:
    result = clean(CLEAN_ARTICLE)
    assert result.removed == []
    assert result.text.split() == CLEAN_ARTICLE.split()


def test_comment_thread_after_the_body_goes_with_its_kind() -> None:
    text = CLEAN_ARTICLE + (
        "\n2 Comments\n\nbargeman_77\n\nAbout time somebody looked at that gate, it has been "
        "leaking for years and nobody listened to us.\n\nReply\n\nLeave a Reply\n\n"
        "Your email address will not be published. Required fields are marked *\n"
    )
    result = clean(text)
    assert "leaking for years" not in result.text
    assert "Skippers said" in result.text
    kinds = {r.kind for r in result.removed}
    assert kinds == {"comments"}
    assert any("leaking for years" in r.text for r in result.removed)


def test_caption_goes_to_captions_not_the_body() -> None:
    text = (
        "Divers inspect the damaged gate at Hollin lock. "
        "(Photo: Kay Brandt / Riverside Press Agency)\n" + CLEAN_ARTICLE
    )
    result = clean(text)
    assert result.captions and "Divers inspect" in result.captions[0]
    assert "Divers inspect" not in result.text
    assert [r.kind for r in result.removed] == ["caption"]


def test_lead_dateline_stays_in_the_lead_and_is_noted() -> None:
    # an inline wire dateline is part of the lead sentence as published
    result = clean("ROTTERDAM (Reuters) — " + CLEAN_ARTICLE)
    assert result.text.startswith("ROTTERDAM (Reuters) — The river authority")
    assert result.dateline == "ROTTERDAM (Reuters)"
    assert result.removed == []


def test_dateline_and_byline_lines_go_as_metadata() -> None:
    result = clean("By Lena Ortiz\nPublished 9:14 a.m. Oct. 9, 2020\n" + CLEAN_ARTICLE)
    assert result.text.startswith("The river authority")
    assert result.dateline is None
    assert [(r.kind, r.text) for r in result.removed] == [
        ("byline", "By Lena Ortiz"),
        ("dateline", "Published 9:14 a.m. Oct. 9, 2020"),
    ]


def test_hard_wrapped_markdown_paragraphs_are_rejoined() -> None:
    wrapped = (
        "  * Home\n  * News\n  * Sport\n\n"
        "The river authority closed the Hollin lock for repairs on Monday after divers\n"
        "found a crack in one of its gates, a spokesperson for the authority said in a\n"
        "statement that gave no date for its reopening.\n\n"
        "Barges heading upstream will be diverted through the Marsh canal, adding about\n"
        "four hours to the trip, and skippers say the detour will cost them dearly in\n"
        "fuel during the three weeks of the closure.\n\n"
        "Engineers expect the repair to take three weeks, and the lock last closed for a\n"
        "month in 2016, when a barge struck the lower gate during a winter flood.\n\n"
        "  * About us\n  * Contact\n  * Privacy Policy\n"
    )
    units = [j.unit for j in judge(wrapped)]
    assert any(
        u.text.startswith("The river authority") and u.text.endswith("reopening.") for u in units
    )
    result = clean(wrapped)
    assert "Home" not in result.text and "Privacy" not in result.text
    assert "found a crack in one of its gates" in result.text


def test_a_page_long_line_is_judged_sentence_by_sentence() -> None:
    body = " ".join(line for line in CLEAN_ARTICLE.splitlines() if line.strip())
    text = (
        "We use cookies to personalise content and ads. By continuing to browse the site you "
        "agree to our use of cookies. " + body
    )
    result = clean(text)
    assert "cookies" not in result.text
    assert result.text.startswith("The river authority")
    assert {r.kind for r in result.removed} == {"cookie"}


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Advertisement"])
def test_empty_and_all_junk_texts(text: str) -> None:
    result = clean(text)
    assert result.text == "" or result.text.strip() == text.strip()


BODY = (
    "The county board approved the new bus timetable on Tuesday after a two-hour hearing in "
    "which residents of the eastern villages asked for an earlier first service.\n"
    "Under the plan, the first bus from Marden will leave at 5.40am, twenty minutes earlier than "
    "now, and the last return trip will run until just after eleven at night.\n"
    "Councillor Ruth Abara, who chairs the transport committee, said the change would cost about "
    "£90,000 a year and would be paid for from the parking reserve.\n"
)


def test_a_keyword_line_is_removed_but_an_ingredient_list_stays() -> None:
    keywords = (
        "marden bus times, marden bus timetable, marden bus route 12, marden bus station, "
        "marden bus fares, marden bus strike"
    )
    result = clean(BODY + keywords + "\n")
    assert "marden bus fares" not in result.text
    assert any(r.kind == "navigation" and "bus strike" in r.text for r in result.removed)
    ingredients = (
        "Add 1 cup rice, ½ cup peas, 1 cup chicken stock, 2 tbsp. butter, 1 tsp. salt, 1 cup water"
    )
    kept = clean(BODY + ingredients + "\n")
    assert "chicken stock" in kept.text


def test_subscription_promo_and_comment_rules_inside_the_page_are_removed() -> None:
    promo = (
        "Get Rail Weekly delivered through your letterbox every week. 26 issues for £19.99. "
        "Click here for more information."
    )
    rules = (
        "As you comment, please be respectful of other commenters and keep the discussion "
        "civil, informed and on the subject of the story."
    )
    result = clean(BODY + promo + "\n" + rules + "\n")
    assert "letterbox" not in result.text and "commenters" not in result.text
    assert "parking reserve" in result.text


def test_an_agency_file_photo_caption_goes_to_captions() -> None:
    caption = (
        "In this March 3, 2017, file photo, passengers wait for a delayed bus at the Marden "
        "interchange during a strike by drivers over pay."
    )
    result = clean(caption + "\n" + BODY)
    assert result.captions == [caption]
    assert "interchange" not in result.text
    sentence = "In this case the board did not have to consult the villages again."
    assert sentence in clean(BODY + sentence + "\n").text


def test_an_extracted_article_keeps_its_closing_fact_box() -> None:
    # An extractor's clean output: the prose, then the article's own listing of dates and
    # prices. Nothing in the text is furniture by its own words, so the box stays.
    fact_box = (
        "Marden Players: The Winter Garden\n"
        "Thu – Sat 7.30pm (no show on Sun)\n"
        "Suitable for ages 8 and over\n"
        "Tickets\n"
        "Stalls : £18\n"
        "Circle : £14\n"
    )
    result = clean(BODY + fact_box)
    assert "Suitable for ages 8 and over" in result.text
    assert "Circle : £14" in result.text
    # the same box after a sign-up line is the rest of the page and goes
    page = BODY + "Sign up for our newsletter\n" + fact_box
    assert "Circle : £14" not in clean(page).text


def test_extracted_text_loses_blocks_for_their_words_not_their_place() -> None:
    # What our HTML extractor kept of a page: the prose, then a list of counties under the
    # article's own sub-heading, a closing paragraph, and one call to action.
    counties = "\n".join(["Which counties run the scheme", "Kent", "Surrey", "Essex", "Sussex"])
    closing = (
        "The board will review the timetable after six months, and residents can send "
        "comments to the transport office until the end of March."
    )
    text = BODY + counties + "\n" + closing + "\nBook a demo\n"
    extracted = clean(text, extracted=True)
    assert "Surrey" in extracted.text and "end of March" in extracted.text
    assert "Book a demo" not in extracted.text
    assert [r.kind for r in extracted.removed] == ["advert"]
