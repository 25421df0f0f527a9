"""The tense of a weekday or date in its clause, and the lead's weekday: what the cleaner reads
from the text alone before any other article is consulted."""

from __future__ import annotations

from storyline.clean.dates import from_text, lead_weekday, tense_at, weekday_mentions


def _tense(sentence: str, phrase: str) -> str:
    start = sentence.index(phrase)
    return tense_at(sentence, start, start + len(phrase))


def test_the_verb_of_the_clause_decides_not_a_later_cue() -> None:
    sentence = (
        "The minister held separate phone calls with his two counterparts on Wednesday, "
        "reaffirming his readiness to host a next round of talks."
    )
    assert _tense(sentence, "Wednesday") == "past"


def test_future_cues_before_the_weekday() -> None:
    assert _tense("The envoy will host both delegations in Oslo on Friday.", "Friday") == "future"
    assert (
        _tense("The mayor was scheduled to travel to Lyon for a visit on Monday.", "Monday")
        == "future"
    )
    assert (
        _tense("The delegates left Geneva ahead of meetings in Rome on Friday.", "Friday")
        == "future"
    )


def test_a_cue_after_when_none_comes_before() -> None:
    assert _tense("On Friday, the two leaders will sign the accord.", "Friday") == "future"
    assert _tense("On Monday, the minister said the talks had failed.", "Monday") == "past"
    assert _tense("Iran on Wednesday warned of new attacks.", "Wednesday") == "past"


def test_names_ending_in_ed_are_no_past_verbs() -> None:
    sentence = "The two envoys confirmed they will be flying to the United Arab Emirates on Friday."
    assert _tense(sentence, "Friday") == "future"


def test_initials_do_not_end_a_sentence() -> None:
    text = (
        "Kenyan officials visited Nairobi's port ahead of talks with U.S. Trade Representative "
        "Ann Holt on Friday."
    )
    assert [m[2] for m in weekday_mentions(text)] == ["future"]


def test_the_lead_weekday_is_the_past_one_the_lead_reports() -> None:
    text = (
        "Regional officials held emergency talks with farmers' unions on Tuesday, promising a "
        "next meeting once the harvest figures are in.\n"
        "The drought began in the spring."
    )
    lead = lead_weekday(text)
    assert lead is not None and lead[1] == 1 and lead[2] == "past"


def test_no_date_pins_a_lead_weekday_alone() -> None:
    text = (
        "Regional officials held emergency talks with farmers' unions on Tuesday.\n"
        "Wheat and barley yields are expected to fall by a third.\n"
        "Reservoirs in the south are at their lowest level in a decade.\n"
        "The drought began on March 2, 2022, forecasters said."
    )
    guess = from_text(text, [])
    # 2 March is deep in the article, not in its lead: the Tuesday may be any later one.
    assert guess.published is None and guess.evidence.startswith("unknown:")
