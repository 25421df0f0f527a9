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
