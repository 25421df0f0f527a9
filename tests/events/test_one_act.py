"""One act is coded once: a second trigger of the same act in its clause, and what a meeting is
about, are no acts of their own (over-generation), on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.events.plover import EventCandidate, code_text


def _acts(text: str) -> list[EventCandidate]:
    return [event for events in code_text(text) for event in events]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a purpose clause of the same kind names the same meeting
        (
            "Norway's foreign minister will host his Varnian counterpart in Oslo on Tuesday to "
            "discuss ways to end the hostilities in the Dravik region.",
            "host",
        ),
        # a "for" phrase of the same kind too
        ("The Varnian envoy travelled to Oslo for consultations on Monday.", "travelled"),
        # what is discussed is the meeting's topic, not an act
        (
            "The two defence ministers discussed the withdrawal of troops from the border on "
            "Friday.",
            "discussed",
        ),
        ("Talks on a ceasefire in Dravik resumed in Oslo on Monday.", "Talks"),
    ],
)
def test_one_act_per_clause(text: str, trigger: str) -> None:
    acts = _acts(text)
    assert [act.trigger.text.split()[0] for act in acts] == [trigger], [a.to_dict() for a in acts]


def test_acts_of_their_own_stay() -> None:
    acts = _acts("Varnian artillery shelled the port on Sunday and troops stormed the airport.")
    assert [act.action for act in acts] == ["ASSAULT", "ASSAULT"]


def test_the_invited_meet_and_the_mediator_takes_part() -> None:
    acts = _acts(
        '"The foreign ministers of Varnia and Ostrel are invited to Oslo on May 9 for talks '
        'mediated by the Norwegian side," the statement said.'
    )
    talks = [act for act in acts if act.trigger.text == "talks"]
    assert len(talks) == 1 and not any(act.trigger.text == "mediated" for act in acts)
    assert [span.text for span in talks[0].actors] == ["foreign ministers of Varnia and Ostrel"]
    assert any("Norwegian" in span.text for span in talks[0].recipients)
    assert talks[0].status == "planned"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a bare noun in a context phrase is the background, not an act of the sentence
        (
            "Ostrel offered to host talks between Varnia and Dravia amid ongoing fighting in the "
            "mountains.",
            {"offered", "talks"},
        ),
        # a noun inside a participant is who they are, not what happened
        (
            "The Red Cross will send food to refugees fleeing the civil war in Varnia.",
            {"send"},
        ),
        # what is said of a bare noun is no act ("the ceasefire is the key task")
        (
            "The envoy met the Varnian premier on Monday, and the ceasefire is the key task now.",
            {"met"},
        ),
        # coordinated verbs of one act with no one of their own are one act
        ("Dozens of civilians were killed and wounded on Sunday.", {"killed"}),
        # a bare noun that does something is reported
        ("Heavy bombardments have levelled many homes in Dravik.", {"bombardments"}),
        # so is one whose status the sentence gives
        (
            "Aliyev said there can only be a ceasefire when Varnian troops pull out.",
            {"ceasefire", "pull"},
        ),
    ],
)
def test_only_mentioned_acts_are_dropped(text: str, kept: set[str]) -> None:
    acts = _acts(text)
    assert {act.trigger.text.split()[0] for act in acts} == kept, [a.to_dict() for a in acts]


def test_a_purpose_is_no_act_and_an_aim_or_a_fear_is_not_done() -> None:
    acts = _acts("Two militia sources said Ostrel is deploying fighters to support Varnia.")
    assert [act.action for act in acts] == ["MOBILIZE"]
    (exchange,) = [
        act
        for act in _acts(
            "The premier called on both sides to stop the shelling with the aim of exchanging "
            "prisoners and the bodies of dead soldiers."
        )
        if act.trigger.text.startswith("exchanging")
    ]
    assert exchange.status != "occurred"
    (war,) = [
        act
        for act in _acts(
            "The clashes raised fears in the West that the conflict could spiral into a "
            "full-blown war embroiling Ostrel."
        )
        if act.trigger.text == "war"
    ]
    assert war.status == "hypothetical"


def test_what_a_state_has_is_no_act() -> None:
    assert _acts("Ostrel has a military treaty with Varnia and close ties with Dravia.") == []
    (talks,) = _acts("Ostrel had talks with Varnia on Monday.")
    assert talks.action == "CONSULT"


def test_a_participle_on_an_act_noun_is_that_act() -> None:
    acts = _acts("The talks mediated by the Norwegian envoy lasted eleven hours in Oslo.")
    assert [act.trigger.text for act in acts] == ["talks"]
    assert [span.text for span in acts[0].actors] == ["Norwegian envoy"]


def test_seeking_to_is_trying_and_stopping_fighting_is_a_ceasefire() -> None:
    acts = _acts(
        "Ostrel and other regional powers are seeking to step up efforts to persuade both "
        "sides to stop fighting."
    )
    assert "REQUEST" not in {act.action for act in acts if act.trigger.text == "seeking"}
    (stop,) = [act for act in acts if act.trigger.text.startswith("stop")]
    assert stop.action == "RETREAT" and stop.status != "occurred"


def test_an_act_told_before_is_no_new_act() -> None:
    assert _acts("Varnia and Dravia did not immediately react to the extraordinary appeal.") == []


def test_talks_expected_to_take_place_are_planned() -> None:
    (talks,) = [
        act
        for act in _acts(
            "Officials said the hall was ready, with the talks expected to take place in Oslo on "
            "Friday."
        )
        if act.trigger.text == "talks"
    ]
    assert talks.status == "planned"


def test_separate_talks_are_one_meeting_with_each() -> None:
    acts = _acts(
        "Norway's foreign minister met the Varnian envoy and his Ostrelian counterpart for "
        "separate talks on Monday and Tuesday."
    )
    assert [[span.text for span in act.recipients] for act in acts] == [
        ["Varnian envoy"],
        ["Ostrelian counterpart"],
    ]
    assert all(act.timex is None for act in acts)  # which day was whose is not said
    (joint,) = _acts("Norway's foreign minister met the Varnian and Ostrelian envoys on Monday.")
    assert len(joint.recipients) == 1
