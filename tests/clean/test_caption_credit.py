"""A caption line set directly above its credit goes to captions with the credit."""

from __future__ import annotations

from storyline.clean.boilerplate import clean

PAGE = """Flood barriers were raised along the Lenne embankment on Sunday night as the river rose \
past its warning mark for the second time this winter, the city's emergency office said.

Volunteers fill sandbags outside the old customs house in Altweiler on Sunday.
Photo: Jana Roth / dpa

About 300 volunteers worked through the night, and the regional government said it would \
decide on Monday whether to evacuate the lowest streets of the old town.

The river is expected to peak on Tuesday, forecasters said.

Photo: Jana Roth / dpa
"""


def test_caption_above_credit_line_is_moved_with_it() -> None:
    result = clean(PAGE)
    assert result.captions[:2] == [
        "Volunteers fill sandbags outside the old customs house in Altweiler on Sunday.",
        "Photo: Jana Roth / dpa",
    ]
    assert "Volunteers fill sandbags" not in result.text


def test_reporting_sentence_after_a_blank_line_stays_before_a_lone_credit() -> None:
    result = clean(PAGE)
    # the last paragraph is separated from the trailing credit by a blank line: it is reporting
    assert "The river is expected to peak on Tuesday, forecasters said." in result.text
    assert "About 300 volunteers worked through the night" in result.text


GLUED = """The new terminal opened to passengers on Monday after two years of delays, the \
airport operator said, and the first flight left for Lisbon at 6.40 a.m.

Airlines will move into the building in stages through the spring.
The operator expects the terminal to handle eight million passengers a year by 2027.
Image: Ostmark Airport Authority

Officials said the old terminal would close for renovation in June.
"""


def test_a_line_glued_to_the_paragraph_above_is_not_a_caption() -> None:
    result = clean(GLUED)
    # the line above the credit ends a paragraph that began after the blank line: reporting
    assert "eight million passengers a year by 2027." in result.text
    assert result.captions == ["Image: Ostmark Airport Authority"]


def test_a_title_in_angle_quotes_is_no_back_link() -> None:
    text = (
        "The Jeongdong Theater revives its traditional series this spring with a new staging "
        "of a palace tale that mixes dance, music and acrobatics for family audiences.\n\n"
        "The show runs for 75 minutes without dialogue, with short narrative texts on screen "
        "to guide visitors who do not speak Korean.\n\n"
        "<The Lantern Court: Song of Hwaryeon>\n\n"
        "Performances are held from Tuesday to Saturday at 4 p.m., and tickets start at "
        "40,000 won for the back rows."
    )
    result = clean(text)
    assert "<The Lantern Court: Song of Hwaryeon>" in result.text
    assert not result.removed


MARKETS = """Stocks in Frankfurt and Paris edged higher on Wednesday as investors waited for \
the central bank's rate decision, traders said.

Three-month copper on the metals exchange gained 0.4% to $8,912 a tonne.
(Graphic: Metal prices since 2020 - here)

Gold was little changed at $1,954 an ounce, while oil slipped for a third day.
"""


def test_a_line_above_a_graphic_link_or_a_described_credit_is_reporting() -> None:
    result = clean(MARKETS)
    assert "Three-month copper on the metals exchange gained 0.4%" in result.text
    assert "Three-month copper" not in " ".join(result.captions)
