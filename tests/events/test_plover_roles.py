"""Who the coder names as actor and recipient, on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.events.plover import EventCandidate, code_sentence, load_nlp, main_event


def _main(text: str) -> EventCandidate:
    doc = load_nlp()(text)
    found = [c for sent in doc.sents for c in code_sentence(sent)]
    event = main_event(found)
    assert event is not None, f"no event in {text!r}"
    return event


@pytest.mark.parametrize(
    ("text", "action", "recipients"),
    [
        # a withdrawal noun: what is withdrawn follows "of", where from follows "from"
        (
            "The government announced the withdrawal of its peacekeepers from Mali.",
            "RETREAT",
            ["Mali"],
        ),
        # "placed under investigation": the subject undergoes the act named after "under"
        (
            "Two French journalists were placed under investigation in Tehran on Monday.",
            "ACCUSE",
            ["French journalists"],
        ),
        # an inquiry into acts: the accused is the agent of those acts, not their victims
        (
            "Prosecutors opened an investigation into abuses committed by the border police "
            "against detained migrants.",
            "ACCUSE",
            ["border police"],
        ),
        # the clause on the event noun names the target
        (
            "Dock workers staged a strike that shut down Mombasa for two days.",
            "PROTEST",
            ["Mombasa"],
        ),
        # a rejected act proposed by someone: the rejection is aimed at the proposer
        (
            "Chile is opposed to Bolivian mediation in the border dispute, a senior diplomat said.",
            "REJECT",
            ["Bolivian"],
        ),
        # a threatened measure against a country's goods is aimed at that country
        (
            "The trade minister threatened to impose tariffs on Chinese steel.",
            "THREATEN",
            ["Chinese"],
        ),
        # "a state of emergency" names the act: the container noun is no recipient; a named
        # place is named by its name, not by its kind
        (
            "The junta lifted a state of emergency in the Oromia region on Friday.",
            "CONCEDE",
            ["Oromia"],
        ),
        # a frame over a frame takes the recipient of the innermost act, not a nearby guess
        (
            "The council rejected a call for Kenyan troops to be deployed in Haiti.",
            "REJECT",
            ["Haiti"],
        ),
        # the reason given with "citing" is no recipient
        (
            "The cabinet refused to send warships to the Gulf, citing fierce domestic opposition.",
            "REJECT",
            ["Gulf"],
        ),
    ],
)
def test_recipient_of_main_event(text: str, action: str, recipients: list[str]) -> None:
    event = _main(text)
    assert event.action == action
    assert [span.text for span in event.recipients] == recipients


def _participants(text: str) -> list[str]:
    doc = load_nlp(lemmatizer=False)(text)
    return [
        span.text
        for sent in doc.sents
        for event in code_sentence(sent)
        for span in [*event.actors, *event.recipients]
    ]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # an abstract subject is no actor
        ("The envoy said the time was wrong for any peace talks.", "time"),
        # a bare count says nothing of whom it counts
        ("Scores have been wounded in the shelling of the port.", "Scores"),
        # a bare generic noun points back to someone named elsewhere
        ("The parties have agreed to a humanitarian truce.", "parties"),
        # the act's own name is not its recipient
        ("The mediators urged both camps to restore the ceasefire regime.", "ceasefire regime"),
        # what is deployed is the actor's own, not whom it is sent against
        ("Ostrel said it would deploy the military if Varnia requested support.", "military"),
    ],
)
def test_no_junk_participants(text: str, absent: str) -> None:
    assert absent not in _participants(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # a generic noun with a modifier names a group
        ("Rebel commanders urged the warring sides to respect the truce.", "warring sides"),
        # a noun for people by its ending, outside the lexicon's lists
        ("Teachers staged a protest outside the ministry.", "Teachers"),
        # a weapon whose owner is named stands for its owner
        ("Russian missiles struck the airport overnight.", "Russian missiles"),
    ],
)
def test_real_noun_phrases_stay_participants(text: str, present: str) -> None:
    assert present in _participants(text)


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        # violence with no one named is aimed at the place it is done in
        ("The militia threatened to resume terrorist attacks in Mogadishu.", ["Mogadishu"]),
        # a participle says which people are meant
        (
            "The agency will deliver tents to families sheltering in schools near the border.",
            ["families sheltering in schools near the border"],
        ),
        # a count over coordinated groups names every group
        (
            "Soldiers beat dozens of Rohingya and Kachin villagers, the report said.",
            ["Rohingya and Kachin villagers"],
        ),
        # a named place is its name: a descriptive participle, its kind, an apposition
        ("Government troops shelled the besieged northern town of Idlib.", ["Idlib"]),
        ("The army shelled the southern port city Hodeidah overnight.", ["Hodeidah"]),
        ("Artillery pounded the Kherson region for a third day.", ["Kherson"]),
    ],
)
def test_recipient_words(text: str, recipients: list[str]) -> None:
    event = _main(text)
    assert [span.text for span in event.recipients] == recipients


def test_an_act_named_ahead_of_is_still_to_come() -> None:
    doc = load_nlp()("The envoys toured Lisbon ahead of talks with the mediator on Friday.")
    talks = next(c for c in code_sentence(next(iter(doc.sents))) if c.trigger.text == "talks")
    assert (talks.action, talks.status) == ("CONSULT", "planned")
    assert [span.text for span in talks.recipients] == ["mediator"]


def test_who_denounces_an_act_did_not_do_it() -> None:
    doc = load_nlp()(
        "The two presidents denounced the deployment of foreign fighters to the region."
    )
    deployment = next(
        c for c in code_sentence(next(iter(doc.sents))) if c.trigger.text == "deployment"
    )
    assert deployment.action == "MOBILIZE"
    assert "presidents" not in [span.text for span in deployment.actors]


def test_a_counterpart_is_named_by_the_name_that_follows() -> None:
    event = _main("The foreign minister met his Armenian counterpart Ara Petrosyan in Geneva.")
    assert [span.text for span in event.recipients] == ["Ara Petrosyan"]


def _acts(text: str, trigger: str) -> list[EventCandidate]:
    doc = load_nlp()(text)
    found = [c for sent in doc.sents for c in code_sentence(sent)]
    return [c for c in found if c.trigger.text.startswith(trigger)]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # what a meeting is about is no party to it
        (
            "Norway's foreign minister will host his Varnian counterpart in Oslo on Tuesday to "
            "discuss ways to end the hostilities in the Dravik region.",
            "discuss",
        ),
        (
            "The two envoys discussed the return of refugees to Dravik province on Monday.",
            "discussed",
        ),
        # where a meeting is held is its place, not whom it meets
        ("The Varnian and Ostrelian envoys met in Geneva on Monday.", "met"),
    ],
)
def test_a_place_discussed_or_met_in_is_no_recipient_of_a_meeting(text: str, trigger: str) -> None:
    for act in _acts(text, trigger):
        assert not any(
            word in span.text for span in act.recipients for word in ("Dravik", "Geneva")
        ), act.to_dict()


def test_a_host_meets_whom_it_hosts() -> None:
    (host,) = _acts(
        "Norway's foreign minister will host his Varnian counterpart in Oslo on Tuesday to "
        "discuss ways to end the hostilities in the Dravik region.",
        "host",
    )
    assert [span.text.split()[:2] for span in host.recipients] == [["Varnian", "counterpart"]]
