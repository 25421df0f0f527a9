"""Claims beyond plain figures: history, what a count is left in, and contested assertions
(who says an act happened, who denies it). Sentences written for these tests."""

from __future__ import annotations

from storyline.events.claims import (
    ASSERTION_UNIT,
    AssertionCandidate,
    ClaimCandidate,
    answer_previous,
    extract_assertions,
    extract_claims,
    is_history,
)
from storyline.events.plover import code_doc, load_nlp
from storyline.model import Claim, Mention


def _claims(text: str) -> list[ClaimCandidate]:
    doc = load_nlp()(text)
    return [claim for sent in doc.sents for claim in extract_claims(sent)]


def _assertions(text: str) -> list[AssertionCandidate]:
    coded = code_doc(load_nlp()(text))
    return [a for sentence in coded for a in extract_assertions(sentence.events, sentence.claims)]


def test_a_count_left_in_a_state_counts_that_state_and_takes_the_era_of_its_noun() -> None:
    doc = load_nlp()(
        "The dispute dates back to a war in the 1980s that left 12,000 people dead, "
        "officials in Varnia say."
    )
    timexes = [span for span in doc.ents if span.label_ == "DATE"]
    (claim,) = [c for sent in doc.sents for c in extract_claims(sent, timexes=timexes)]
    assert (claim.value, claim.subject) == (12000, "people dead")
    assert claim.as_of is not None and claim.as_of.text == "the 1980s"


def test_history_is_a_year_or_era_before_the_report() -> None:
    assert is_history("198", "2031-05-01") and is_history("198", None)  # the 1980s
    assert is_history("2029", "2031-05-01")
    assert not is_history("2031", "2031-05-01") and not is_history("2031", None)
    assert not is_history("2031-04-30", "2031-05-01") and not is_history(None, "2031-05-01")


def test_who_is_meant_is_no_count() -> None:
    # "the two kingdoms" names the sides; it counts nothing anyone disputes
    assert (
        _claims(
            "Scores of people have died and hundreds were injured during the fiercest clashes "
            "between the two neighbouring kingdoms since 2004."
        )
        == []
    )
    assert _claims("The two foreign ministers of the rival kingdoms were killed.") == []


def test_an_assertion_and_a_denial_of_the_claims() -> None:
    found = _assertions(
        "Two rebel commanders told reporters that Varnia is sending mercenaries to the "
        "northern front. Varnia and Ostrel have denied the claims."
    )
    asserted = [a for a in found if a.value == "asserted"]
    denied = [a for a in found if a.value == "denied"]
    assert [a.subject for a in asserted] == ["Varnia is sending mercenaries to the northern front"]
    assert asserted[0].claimant is not None and "commanders" in asserted[0].claimant.text
    assert sorted(a.claimant.text for a in denied if a.claimant is not None) == [
        "Ostrel",
        "Varnia",
    ]
    assert all(a.answers_before and a.event is None for a in denied)


def test_each_accuser_asserts_the_act_it_accuses_the_other_of() -> None:
    found = _assertions(
        "Both Varnia and Ostrel accused each other of shelling the border villages."
    )
    assert {(a.claimant.text if a.claimant is not None else None) for a in found} == {
        "Varnia",
        "Ostrel",
    }
    assert all(a.value == "asserted" and "shelling" in a.subject for a in found)


def test_an_open_or_ruled_out_meeting_is_a_claim_about_it() -> None:
    (uncertain,) = _assertions(
        "The mediator will host the two envoys in Lisbon on Friday, although it is still "
        "unclear if the talks will be joint or separate."
    )
    assert uncertain.value == "uncertain" and "joint or separate" in uncertain.subject
    (ruled_out,) = _assertions(
        "A joint meeting in Lisbon has been ruled out, and each envoy will see the mediator on "
        "their own."
    )
    assert ruled_out.value == "ruled out" and ruled_out.subject == "A joint meeting in Lisbon"


def test_a_figure_is_not_told_twice_as_an_assertion() -> None:
    text = "Ostrel says 412 soldiers and 19 civilians have been killed in the fighting."
    assert [c.value for c in _claims(text)] == [412, 19]
    assert _assertions(text) == []


def test_a_relative_pronoun_claims_nothing() -> None:
    found = _assertions("The region is run by settlers who declared independence after the war.")
    assert all(a.claimant is None or a.claimant.text.lower() != "who" for a in found)


def test_an_accusation_with_no_coded_act_is_what_each_accuser_claims() -> None:
    found = _assertions(
        "The clashes began on Sunday, as both Varnia and Ostrel accused each other of aggression."
    )
    assert sorted(a.claimant.text for a in found if a.claimant is not None) == ["Ostrel", "Varnia"]
    assert all("aggression" in a.subject and a.value == "asserted" for a in found)
    # "each side" names no one: without the context it is nobody's claim
    assert _assertions("Each side blames the other for starting the fighting on the border.") == []


def test_a_denial_of_the_claims_takes_the_subject_and_act_it_denies() -> None:
    mention = Mention("a1", "Varnia has denied the claims.", 80, 109)
    said = Claim(
        "a1-c10",
        "Varnia is sending mercenaries to the front",
        "asserted",
        ASSERTION_UNIT,
        "text:rebel commanders",
        event_ids=["a1-e40"],
    )
    figure = Claim("a1-c12", "soldiers killed", 40, "soldier", "VAR")
    denial = Claim(
        "a1-c90", "Varnia has denied the claims", "denied", ASSERTION_UNIT, "VAR", None, [mention]
    )
    answer_previous(denial, [figure, said])
    assert denial.subject == said.subject and denial.event_ids == ["a1-e40"]
    alone = Claim("a1-c91", "Ostrel denied the claims", "denied", ASSERTION_UNIT, "OST")
    answer_previous(alone, [figure])  # the sentence before asserted nothing: unchanged
    assert alone.subject == "Ostrel denied the claims" and alone.event_ids == []
