"""The status of coded acts, from their own clause and the frame over them (our sentences)."""

from __future__ import annotations

import pytest

from storyline.events.plover import code_text


def _status(text: str, trigger: str) -> str:
    found = [e for events in code_text(text) for e in events if e.trigger.text.startswith(trigger)]
    assert found, f"no act coded on {trigger!r} in {text!r}"
    return found[0].status


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        # a future auxiliary: planned
        ("The Lisbon government will host the fisheries talks on Friday.", "host", "planned"),
        # ruled out by a frame
        ("A joint meeting of the two envoys has been ruled out.", "meeting", "ruled_out"),
        # "only ... when": the act waits on a condition, even when the parser hangs the
        # "when" clause on the noun
        (
            "The Ostrel admiral warned there will only be a truce when Varnian trawlers leave "
            "the strait.",
            "truce",
            "conditional",
        ),
        # expected, not held
        ("The talks are expected to take place in Lisbon later on Friday.", "talks", "planned"),
        # "are among the leaders to condemn": who condemned, not a purpose
        (
            "The prime ministers of Varnia and Ostrel were among the leaders to condemn the "
            "blockade.",
            "condemn",
            "occurred",
        ),
    ],
)
def test_status_of_an_act(text: str, trigger: str, status: str) -> None:
    assert _status(text, trigger) == status


def test_talks_not_yet_planned_did_not_happen() -> None:
    status = _status(
        "Direct talks with Ostrel have not been scheduled yet, a Varnian spokeswoman said.",
        "talks",
    )
    assert status not in ("occurred", "planned")


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        # a question about the format of a planned meeting leaves the meeting planned
        (
            "Norway's foreign minister will host the Varnian and Ostrelian envoys in Oslo on "
            "Monday, although it remains unclear if the talks will be joint or separate.",
            "talks",
            "planned",
        ),
        # ... and about whether it is face-to-face
        (
            "It is still uncertain whether the two premiers will meet face-to-face next week.",
            "meet",
            "planned",
        ),
        # ... or about its venue
        (
            "Diplomats would not say whether the summit will be held in Geneva or in Vienna.",
            "summit",
            "planned",
        ),
        # a question whether the act happens at all leaves it open
        (
            "It is still unclear whether the talks will take place at all.",
            "talks",
            "hypothetical",
        ),
        (
            "Officials declined to say if there will be talks in Oslo next week.",
            "talks",
            "hypothetical",
        ),
        # a condition is no question about an attribute
        (
            "If the talks in Oslo fail, the shelling of Dravik will resume, the envoy warned.",
            "shelling",
            "conditional",
        ),
    ],
)
def test_a_question_about_an_attribute_does_not_make_the_act_open(
    text: str, trigger: str, status: str
) -> None:
    assert _status(text, trigger) == status
