"""Who a claim belongs to and what counts as a contested assertion: a proposition somebody
states, denies or accuses another of, with a claimant a reader can name. Sentences written for
these tests, in the styles of wires, broadcasters and ministry statements."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from storyline.events.claimant import antecedent, names_somebody, speaks_for_itself
from storyline.events.claims import AssertionCandidate, extract_assertions, extract_claims
from storyline.events.plover import code_doc, load_nlp
from storyline.model import EntityMention


def _assertions(text: str) -> list[AssertionCandidate]:
    coded = code_doc(load_nlp()(text))
    return [a for sentence in coded for a in extract_assertions(sentence.events, sentence.claims)]


def _said(found: list[AssertionCandidate]) -> list[tuple[str | None, str]]:
    return sorted((a.claimant.text if a.claimant is not None else None, a.value) for a in found)


@pytest.mark.parametrize(
    ("text", "claimant", "value", "words"),
    [
        # the subject of "ruled out" rules the meeting out, not the outlet
        (
            "Ostrel had ruled out any talks between the two envoys while the shelling continued.",
            "Ostrel",
            "ruled out",
            "talks between the two envoys",
        ),
        # the subject of "denied" denies the act it governs
        (
            "The Varnian government denied sending troops across the border.",
            "Varnian government",
            "denied",
            "sending troops",
        ),
        # "rejected reports that ...": the denial says what it denies
        (
            "Ostrel's defence ministry on Tuesday rejected reports that its artillery had "
            "shelled the dam.",
            "Ostrel's defence ministry",
            "denied",
            "its artillery had shelled the dam",
        ),
    ],
)
def test_who_denies_or_rules_out_claims_it(
    text: str, claimant: str, value: str, words: str
) -> None:
    (found,) = _assertions(text)
    assert found.claimant is not None and found.claimant.text == claimant
    assert found.value == value and words in found.subject
    assert not found.answers_before


@pytest.mark.parametrize(
    "text",
    [
        # a plain negation in the outlet's narrative denies nothing: nobody speaks
        "Two ceasefire deals brokered in Geneva never showed any sign of holding.",
        # a noun under another verb: "does not affect" says nothing against the cooperation
        "The crisis does not affect the trade cooperation between Norland and Sudmark, the "
        "deputy minister said on Monday.",
        # a noun in a prepositional phrase is no proposition of the quote
        "The prime minister said it was wrong to talk of a summit at a time of heavy fighting.",
    ],
)
def test_no_claim_without_a_proposition_or_a_speaker(text: str) -> None:
    assert _assertions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Each side blames the other for starting the fighting on the border.",
        "The warring parties have continued to accuse each other of attacks on villages.",
        "It said that rebels had shelled the town overnight.",
    ],
)
def test_a_party_left_to_the_context_claims_nothing(text: str) -> None:
    assert _assertions(text) == []


def test_a_named_side_or_a_demonym_is_a_claimant() -> None:
    (found,) = _assertions("The Varnian side accused Ostrel of shelling the dam on Sunday.")
    assert found.claimant is not None and found.claimant.text == "Varnian side"
    assert found.value == "asserted" and "shelling the dam" in found.subject


def test_an_act_announced_by_its_own_actor_is_news_not_a_claim() -> None:
    assert _assertions("Ostrel announced on Tuesday that it was recalling its ambassador.") == []
    # told by somebody else, the same kind of act is that somebody's claim
    (found,) = _assertions("Varnia said on Tuesday that Ostrel had expelled its diplomats.")
    assert found.claimant is not None and found.claimant.text == "Varnia"
    assert found.subject == "Ostrel had expelled its diplomats"


@pytest.mark.parametrize(
    ("text", "claimant", "subject"),
    [
        # "according to X" is who says it, not part of what is said
        (
            "According to the defence ministry, Ostrel's drones struck a fuel depot overnight.",
            "defence ministry",
            "Ostrel's drones struck a fuel depot overnight",
        ),
        # a quote with its speaker after it; the hyphen of a name stays
        (
            "“Mercenaries from Sudmark are being deployed to the Upper-Drenna front,” the "
            "ministry said on Wednesday.",
            "ministry",
            "Mercenaries from Sudmark are being deployed to the Upper-Drenna front",
        ),
        # the one quoted speaks, not the agency that quotes it
        (
            "The defence ministry was quoted by the state news agency as saying that Norland "
            "had deployed troops to the border.",
            "defence ministry",
            "Norland had deployed troops to the border",
        ),
        # a told-to-reporters clause from unnamed sources
        (
            "Kurdish militia sources told the agency that Varnian jets bombed the bridge.",
            "Kurdish militia sources",
            "Varnian jets bombed the bridge",
        ),
    ],
)
def test_a_contested_act_told_as_somebodys_word(text: str, claimant: str, subject: str) -> None:
    (found,) = _assertions(text)
    assert found.claimant is not None and found.claimant.text == claimant
    assert (found.value, found.subject) == ("asserted", subject)


def test_the_time_of_the_saying_verb_is_the_claims() -> None:
    (found,) = _assertions("Varnia said on Tuesday that Ostrel had expelled its diplomats.")
    assert found.said_at is not None and found.said_at.text == "Tuesday"
    # the time of the act reported is not the time it was said
    (shelled,) = _assertions("Rebel commanders said Varnian troops shelled the hospital on Friday.")
    assert shelled.said_at is None


def test_an_outlets_open_question_stays_the_outlets_word() -> None:
    assert _said(
        _assertions(
            "A joint meeting in Lisbon has been ruled out, and each envoy will see the mediator "
            "on their own."
        )
    ) == [(None, "ruled out")]


def _span(text: str, words: str) -> Span:
    doc = load_nlp()(text)
    start = text.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None
    return span


def _mention(text: str, words: str) -> EntityMention:
    start = text.index(words)
    return EntityMention(start, start + len(words), words, "ORG")


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Each side blames the other.", "Each side", False),
        ("The warring sides traded blame.", "warring sides", False),
        ("It said the talks were over.", "It", False),
        ("The Armenian side said the talks were over.", "Armenian side", True),
        ("Rebel commanders said the town had fallen.", "Rebel commanders", True),
        ("Ostrel said the town had fallen.", "Ostrel", True),
    ],
)
def test_names_somebody(text: str, words: str, expected: bool) -> None:
    assert names_somebody(_span(text, words)) is expected


def test_speakers_that_are_not_their_state_keep_their_words() -> None:
    assert speaks_for_itself(_span("Syrian rebel sources told the agency.", "Syrian rebel sources"))
    assert not speaks_for_itself(_span("Syrian officials told the agency.", "Syrian officials"))


def test_the_ministry_is_the_ministry_named_just_before() -> None:
    text = (
        "The Norland Foreign Ministry voiced concern on Monday. Sudmark's army denied it. "
        "Troops are massing at the border, the ministry said."
    )
    mentions = [_mention(text, "Norland Foreign Ministry"), _mention(text, "Sudmark's army")]
    span = _span(text, "the ministry")
    assert antecedent(span, mentions) == 0
    # nothing before it with that noun: unresolved
    assert antecedent(span, mentions[1:]) is None
    # a description that names its own owner is not the one before it
    owned = text.replace("the ministry said", "the Sudmark ministry said")
    assert antecedent(_span(owned, "the Sudmark ministry"), mentions) is None
    # the coder's phrase without its article ("ministry") is still the description
    assert antecedent(_span(text, "ministry said")[:1], mentions) == 0


def test_a_figure_of_another_clause_leaves_the_act_its_own_claim() -> None:
    text = (
        "Ostrel's defence ministry said Varnian forces had shelled the town of Kesta overnight, "
        "killing one civilian."
    )
    (found,) = _assertions(text)
    assert found.subject == "Varnian forces had shelled the town of Kesta overnight"
    assert found.claimant is not None and found.claimant.text == "Ostrel's defence ministry"


def test_a_charge_denied_in_a_relative_clause() -> None:
    found = _assertions(
        "Norland has accused Sudmark of supplying drones to the rebels, a charge Sudmark denies."
    )
    assert _said(found) == [("Norland", "asserted"), ("Sudmark", "denied")]
    assert {a.subject for a in found} == {"supplying drones to the rebels"}
    assert len({a.event for a in found}) == 1


def test_what_the_act_is_said_to_be_is_not_part_of_it() -> None:
    (found,) = _assertions(
        "Varnia, a close ally of Norland, is sending mercenaries to the front, two rebel "
        "commanders told reporters."
    )
    assert found.subject == "Varnia is sending mercenaries to the front"
    doc = load_nlp()("Ostrel said the strike, which killed 12 people, hit a crowded market.")
    (figure,) = [c for sent in doc.sents for c in extract_claims(sent)]
    # a figure in a relative clause is reported by whoever reports the clause it is in
    assert figure.claimant is not None and figure.claimant.text == "Ostrel"


def test_a_denial_of_the_claims_of_the_same_sentence() -> None:
    found = _assertions(
        "Rebel commanders said Varnia sent troops to the border, but Varnia has denied the claims."
    )
    assert _said(found) == [("Rebel commanders", "asserted"), ("Varnia", "denied")]
    assert {a.subject for a in found} == {"Varnia sent troops to the border"}
    assert not any(a.answers_before for a in found)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        (
            "Ostrel's president has said there can only be a ceasefire when Varnia pulls out "
            "of the valley.",
            "there can only be a ceasefire when Varnia pulls out of the valley",
        ),
        (
            "The rebel leader said talks could only begin if government troops leave the valley.",
            "talks could only begin if government troops leave the valley",
        ),
    ],
)
def test_a_conditional_claim_keeps_its_condition(text: str, subject: str) -> None:
    (found,) = _assertions(text)
    assert (found.value, found.subject) == ("conditional", subject)
