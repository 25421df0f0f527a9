"""The coder on the user's own example scrapes (../shared/examples/karabakh/), read in place."""

from __future__ import annotations

from functools import lru_cache

from conftest import shared_path
from storyline.events.plover import CodedSentence, code_doc, load_nlp


@lru_cache(maxsize=1)
def _coded() -> tuple[CodedSentence, ...]:
    folder = shared_path("examples", "karabakh")
    out: list[CodedSentence] = []
    for path in sorted(folder.glob("0*.txt")):
        doc = load_nlp()(path.read_text("utf-8"))
        out.extend(code_doc(doc, reference_year=2020))
    return tuple(out)


def _sentence(words: str) -> CodedSentence:
    found = [coded for coded in _coded() if words in coded.sentence.text]
    assert found, f"no sentence with {words!r}"
    return found[0]


def test_recalled_ambassador_is_a_sanction() -> None:
    coded = _sentence("recalling its ambassador")
    sanction = [e for e in coded.events if e.type == "SANCTION"]
    assert sanction and [s.text for s in sanction[0].actors] == ["Azerbaijan"]


def test_announced_hosting_is_planned() -> None:
    main = _sentence("will host the foreign ministers").main
    assert main is not None
    assert (main.action, main.status) == ("CONSULT", "planned")
    assert main.timex is not None and main.timex.text == "Friday"


def test_ruled_out_and_not_yet_planned_meetings_did_not_occur() -> None:
    ruled_out = _sentence("has also been ruled out")
    assert any(e.action == "CONSULT" and e.status == "ruled_out" for e in ruled_out.events)
    not_planned = _sentence("not yet planned in any format")
    talks = [e for e in not_planned.events if e.action == "CONSULT"]
    assert talks and all(e.status != "occurred" for e in talks)


def test_denial_and_conditional_ceasefire() -> None:
    denial = _sentence("have denied the claims").main
    assert denial is not None and denial.type == "REJECT"
    assert denial.disputes is not None and denial.disputes.text == "the claims"
    ceasefire = _sentence("can only be a ceasefire").main
    assert ceasefire is not None and ceasefire.status == "conditional"


def test_casualty_claims_carry_their_claimants() -> None:
    yerevan = _sentence("772 Armenian soldiers").claims
    assert [(c.value, c.claimant.text if c.claimant else None) for c in yerevan] == [
        (772, "Yerevan"),
        (36, "Yerevan"),
    ]
    (baku,) = _sentence("63 civilian casualties").claims
    assert baku.claimant is not None and baku.claimant.text == "Baku"


def test_history_is_background() -> None:
    war = _sentence("(1992-1994)").main
    assert war is not None and war.background
