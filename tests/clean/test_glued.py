"""Junk glued to reporting in one unit: only the junk part goes (see clean/glued.py), and the
sentence cutting and date-line tests that kept cutting reporting apart."""

from __future__ import annotations

from storyline.clean.boilerplate import clean
from storyline.clean.glued import split_glued
from storyline.clean.segment import segment, sentences

# A page as jusText leaves it: every paragraph joined with a space on one long line, the ad
# labels and the photo credits of the page glued between the sentences.
JOINED_PAGE = (
    "Harbour pilots in Tallinn stopped work on Tuesday after talks over night-shift pay broke "
    "down, leaving a dozen cargo ships waiting outside the port. The pilots' union said its "
    "members would not return until the port authority put a written offer on the table. "
    "Advertisement The port authority said it had offered a 6 percent rise and called the "
    "stoppage unlawful. Pilots in hard hats gather at the gate of the Old City Harbour on "
    "Tuesday.Photo: Rein Kask / AFP via Getty Images A spokeswoman for the authority, Liis "
    "Tamm, said ferries to Helsinki were running on time because their captains hold their own "
    "pilotage exemptions. (Photo: Getty Images) Getty Shipping agents said the delays would "
    "cost owners about 40,000 euros a day per vessel. The union will meet again at 10 a.m. "
    "Thursday, Oct. 6, its chairman Gen. Aare Lepp said. Credit: Kaitseliit Talks are "
    "due to resume on Friday under a state mediator, Mr. Lepp added. ADVERTISEMENT"
)


def test_ad_label_glued_to_a_sentence_goes_without_the_sentence() -> None:
    result = clean(JOINED_PAGE)
    assert "The port authority said it had offered a 6 percent rise" in result.text
    assert "Advertisement" not in result.text
    assert "ADVERTISEMENT" not in result.text
    removed = {(r.kind, r.text) for r in result.removed}
    assert ("advert", "Advertisement") in removed
    assert ("advert", "ADVERTISEMENT") in removed


def test_photo_credit_glued_to_a_sentence_takes_only_its_caption() -> None:
    result = clean(JOINED_PAGE)
    # the reporting after each credit stays
    assert "A spokeswoman for the authority, Liis Tamm, said ferries" in result.text
    assert "Shipping agents said the delays would cost owners" in result.text
    assert "Talks are due to resume on Friday under a state mediator" in result.text
    # the caption and the credits go to captions
    assert "Pilots in hard hats" not in result.text
    assert "Getty" not in result.text
    assert "Kaitseliit" not in result.text
    assert any("Pilots in hard hats" in c for c in result.captions)
    assert any(c.startswith("(Photo: Getty Images)") for c in result.captions)


def test_abbreviations_do_not_cut_a_sentence() -> None:
    result = clean(JOINED_PAGE)
    assert "The union will meet again at 10 a.m. Thursday, Oct. 6, its chairman" in result.text
    assert "Gen. Aare Lepp said." in result.text
    assert not any(r.kind == "dateline" for r in result.removed)


def test_sentences_keep_titles_initials_and_dates_whole() -> None:
    text = (
        "Sen. Mary Oduya and Sonya A. Cruz spoke on Nov. 5 at 9 p.m. Friday in the hall. "
        "The vote was set for Dec. The U.S. delegation left at 6 p.m. "
        "Officials declined to comment."
    )
    assert sentences(text) == [
        "Sen. Mary Oduya and Sonya A. Cruz spoke on Nov. 5 at 9 p.m. Friday in the hall.",
        "The vote was set for Dec.",
        "The U.S. delegation left at 6 p.m.",
        "Officials declined to comment.",
    ]


def test_a_label_that_opens_a_real_sentence_is_not_cut() -> None:
    units = segment(
        "Advertising revenue at the group fell by a third in the first half of the year.\n"
        "Sponsored content now makes up a fifth of its sales, the chief executive said.\n"
    )
    assert [u.text for u in split_glued(units)] == [u.text for u in units]


def test_one_sentence_paragraph_between_two_ad_slots_stays() -> None:
    body = [
        "The committee will hear from three more witnesses next week, its chairman said on "
        "Monday, before it drafts its report for the full chamber.",
        "Advertisement",
        "Most significantly, the chairman is now working against the clock.",
        "Advertisement",
        "The report is due before the winter recess, and members of both parties have said "
        "they expect a vote along party lines when it reaches the floor.",
        "Advertisement",
        "Lawyers for the witnesses did not respond to requests for comment on Monday evening.",
    ]
    result = clean("\n".join(body))
    assert "Most significantly, the chairman is now working against the clock." in result.text
    assert [r.kind for r in result.removed] == ["advert", "advert", "advert"]


def test_month_name_without_a_number_is_not_a_date_line() -> None:
    text = (
        "The league's title race could be settled before the spring, the coach said, and his "
        "side needs only four more wins to be sure of a place in the final round of the season.\n"
        "Clinching in November\n"
        "If the leaders win their next three games they would clinch the title with two "
        "months of the season still to play, something no side has done since the league began.\n"
        "Updated November 19, 2019 6:30 AM\n"
    )
    result = clean(text)
    assert "Clinching in November" in result.text
    assert [(r.kind, r.text) for r in result.removed] == [
        ("dateline", "Updated November 19, 2019 6:30 AM")
    ]


def test_an_ordered_list_keeps_its_numbers() -> None:
    items = "\n".join(
        f"{n}) {name} - a boxed set of the {year} original, remastered"
        for n, (name, year) in enumerate(
            [
                ("Harbour Lights", 1984),
                ("The Long Tide", 1986),
                ("Night Ferry", 1987),
                ("Salt Road", 1989),
                ("North Pier", 1990),
                ("Iron Coast", 1991),
                ("Grey Water", 1993),
                ("Last Crossing", 1995),
            ],
            start=1,
        )
    )
    text = (
        "Our pick of the week's discounts for collectors of eighties and nineties television, "
        "with the price cut taken off at the till on every set on the list below.\n" + items
    )
    result = clean(text)
    assert "3) Night Ferry - a boxed set of the 1987 original, remastered" in result.text
    assert "8) Last Crossing" in result.text
