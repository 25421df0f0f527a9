"""Quantity claims of one sentence: a number, what it counts, the act it counts, who says so.

"Khartoum says 215 government soldiers and 48 civilians have been killed" gives two claims (215
government soldiers killed, 48 civilians killed), each with the claimant Khartoum (the actor table
later resolves a capital to its government). "Juba has reported 27 civilian casualties": the
reporting verb governs the number itself, so its subject is the claimant. Numbers that are dates,
times, ordinals or parts of names are not claims.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from storyline.events.claimant import find_claimant
from storyline.events.lexicon import Lexicon, lemma_of, load_lexicon
from storyline.events.status import OPEN_ATTRIBUTE_CUE
from storyline.model import Claim

if TYPE_CHECKING:
    from storyline.events.plover import EventCandidate

_NOT_QUANTITIES = {"DATE", "TIME", "ORDINAL"}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = re.compile(r"^\d[\d,]*(\.\d+)?$")
_DEFINITE = frozenset({"the", "these", "those", "both", "all"})
_YEAR_VALUE = re.compile(r"^(\d{2,4})")


@dataclass
class ClaimCandidate:
    """A counted figure in a sentence with the words that carry each part."""

    value: int | float | str
    unit: str  # what is counted, as a lemma ("soldier", "casualty", "percent", "dollar")
    subject: str  # the counted thing with its modifiers and the act: "Armenian soldiers killed"
    quantity: Span
    counted: Span
    predicate: str | None  # the verb the count hangs on ("killed"), if any
    claimant: Span | None = None
    claimant_cue: str | None = None
    as_of: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "subject": self.subject,
            "quantity": self.quantity.text,
            "predicate": self.predicate,
            "claimant": self.claimant.text if self.claimant is not None else None,
            "claimant_cue": self.claimant_cue,
            "as_of": self.as_of.text if self.as_of is not None else None,
            "start": self.quantity.start_char,
            "end": self.counted.end_char,
        }


def parse_number(words: Sequence[str]) -> int | float | str:
    """ "772" -> 772, "1,200" -> 1200, "3.5 million" -> 3500000, "dozens" -> "dozens"."""
    total: float = 0
    current: float = 0
    seen = False
    for word in (w.lower() for w in words):
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in _NUMBER_WORDS and word not in _SCALES:
            current += _NUMBER_WORDS[word]
            seen = True
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
            seen = True
    if not seen:
        return " ".join(words)
    value = total + current
    return int(value) if value == int(value) else value


def _quantity_tokens(head: Token) -> list[Token]:
    """The number words on a counted noun: "772", "3.5 million", "up to 16"."""
    return sorted(
        (
            child
            for child in head.children
            if child.dep_ == "nummod" and child.ent_type_ not in _NOT_QUANTITIES
        ),
        key=lambda token: token.i,
    )


def _predicate(noun: Token) -> Token | None:
    node = noun
    hops = 0
    while hops < 4:
        hops += 1
        if node.dep_ == "conj":
            node = node.head
            continue
        if node.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and node.head.pos_ in {
            "VERB",
            "AUX",
        }:
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            # "killed in clashes with 2 brigades" counts for the verb; "fighting between the
            # two republics" only names who fights: a noun's modifier, no count of harm
            node = node.head.head
            return node if node.pos_ in {"VERB", "AUX"} else None
        return None
    return None


def _result_complement(verb: Token | None, noun: Token) -> Token | None:
    """ "left 4,000 families homeless": the state the count is left in (what it counts)."""
    if verb is None or noun.head.i != verb.i or noun.dep_ != "dobj":
        return None
    return next((c for c in verb.children if c.dep_ in {"oprd", "acomp"}), None)


def _timex_for(verb: Token | None, timexes: Sequence[Span]) -> Span | None:
    if verb is None:
        return None
    # "a famine in the 1980s that left 9,000 dead": the time of the noun the clause describes
    stops = {verb.i} | ({verb.head.i} if verb.dep_ == "relcl" else set())
    for span in timexes:
        if span.start > 0 and span.doc[span.start - 1].lower_ in {"since", "from", "until"}:
            continue  # a period's bound, not the date the figure is as of
        node = span.root
        hops = 0
        while node.head.i != node.i and hops < 6:
            node = node.head
            hops += 1
            if node.i in stops:
                return span
    return None


def _is_description(
    numbers: Sequence[Token],
    value: int | float | str,
    noun: Token,
    predicate: Token | None,
    lex: Lexicon,
) -> bool:
    """A small count in words ("two countries") describes; it is no figure anyone disputes
    unless it counts harm, force or people affected ("two soldiers were killed")."""
    if any(t.like_num and any(ch.isdigit() for ch in t.text) for t in numbers):
        return False
    if not isinstance(value, int) or value > lex.claim_small_count_max:
        return False
    if any(
        child.dep_ in {"det", "predet"} and child.lower_ in _DEFINITE and child.i < numbers[0].i
        for child in noun.children
    ):
        return True  # "the two countries", "both sides": who is meant, not how many
    if lemma_of(noun) in lex.claim_count_nouns:
        return False
    return predicate is None or lemma_of(predicate) not in lex.claim_count_verbs


def extract_claims(
    sent: Span, *, timexes: Sequence[Span] | None = None, lexicon: Lexicon | None = None
) -> list[ClaimCandidate]:
    """Quantity claims of one parsed sentence, in text order."""
    lex = lexicon or load_lexicon()
    times = (
        list(timexes)
        if timexes is not None
        else [span for span in sent.ents if span.label_ in {"DATE", "TIME"}]
    )
    claims: list[ClaimCandidate] = []
    for noun in sent:
        if noun.pos_ not in {"NOUN", "PROPN"}:
            continue
        numbers = _quantity_tokens(noun)
        if not numbers:
            continue
        first = min(numbers[0].left_edge.i, numbers[0].i)
        quantity = sent.doc[first : numbers[-1].i + 1]
        words = [t.text for t in quantity if t.pos_ == "NUM" or t.like_num]
        value = parse_number(words or [t.text for t in numbers])
        modifiers = [
            child
            for child in noun.lefts
            if child.dep_ in {"amod", "compound"} and child.i > numbers[-1].i
        ]
        start = min([noun.i, *(m.i for m in modifiers)])
        counted = sent.doc[start : noun.i + 1]
        predicate = _predicate(noun)
        if _is_description(numbers, value, noun, predicate, lex):
            continue
        reporting = predicate is not None and lemma_of(predicate) in lex.reporting_verbs
        subject = counted.text
        result = _result_complement(predicate, noun)
        if result is not None:
            subject = f"{counted.text} {result.text}"
        elif predicate is not None and not reporting:
            subject = f"{counted.text} {predicate.text}"
        claimant: Token | None = None
        cue: str | None = None
        if reporting and predicate is not None:
            speakers = [c for c in predicate.children if c.dep_ == "nsubj"]
            if speakers:
                claimant, cue = speakers[0], predicate.text
        if claimant is None:
            claimant, cue = find_claimant(predicate or noun, sent, lex)
        claimant_span = None
        if claimant is not None:
            left = min(
                [claimant.i]
                + [c.left_edge.i for c in claimant.lefts if c.dep_ in {"compound", "amod", "poss"}]
            )
            claimant_span = sent.doc[left : claimant.i + 1]
        claims.append(
            ClaimCandidate(
                value=value,
                unit=lemma_of(noun),
                subject=subject,
                quantity=quantity,
                counted=counted,
                predicate=predicate.text if predicate is not None else None,
                claimant=claimant_span,
                claimant_cue=cue,
                as_of=_timex_for(predicate, times),
            )
        )
    return claims


def is_history(as_of: str | None, published: str | None) -> bool:
    """True when a figure is as of a year, decade or century that ended before the year of
    the report ("a famine in the 1980s that left 9,000 dead"); with no publication date, when it
    is as of a decade or century (a past era; a bare year may be this one)."""
    found = _YEAR_VALUE.match(as_of or "")
    if not found or (as_of and len(as_of) > 4 and as_of[4] != "-"):
        return False
    digits = found.group(1)
    last_year = int(digits) * 10 ** (4 - len(digits)) + 10 ** (4 - len(digits)) - 1
    if published and published[:4].isdigit():
        return last_year < int(published[:4])
    return len(digits) < 4


# -- contested assertions -------------------------------------------------------------------


ASSERTION_UNIT = "assertion"  # the unit of a non-numeric claim


@dataclass(frozen=True)
class AssertionTables:
    contested: frozenset[str]
    open_question: frozenset[str]
    open_statuses: frozenset[str]
    accusing: frozenset[str]
    values: dict[str, str]
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]


@cache
def assertion_tables() -> AssertionTables:
    path = resources.files("storyline").joinpath("resources", "claims", "assertions.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    return AssertionTables(
        contested=frozenset(data["contested_types"]),
        open_question=frozenset(data["open_question_types"]),
        open_statuses=frozenset(data["open_statuses"]),
        accusing=frozenset(data["accusing_types"]),
        values=dict(data["values"]),
        denial_verbs=frozenset(data["denials"]["verbs"]),
        denial_nouns=frozenset(data["denials"]["nouns"]),
    )


@dataclass
class AssertionCandidate:
    """A non-numeric claim: someone's word that an act happened, did not, or is uncertain.

    subject: the act as the sentence tells it ("Chad is deploying Libyan fighters to support the
    rebels"). value: "asserted", "denied", "ruled out", "uncertain", ... claimant: the span
    of who says so (None: the outlet). event: index of the act among the sentence's candidates
    (None for a denial of "the claims" of an earlier sentence, `answers_before`)."""

    subject: str
    value: str
    trigger: Span
    claimant: Span | None
    event: int | None
    answers_before: bool = False


def _in(types: frozenset[str], candidate: EventCandidate) -> bool:
    return candidate.type in types or f"{candidate.type}/{candidate.mode}" in types


_CLAUSE_CUTS = frozenset({"advcl", "punct", "mark", "cc", "parataxis", "relcl", "appos", "dep"})
MAX_SUBJECT_TOKENS = 16


def act_phrase(trigger: Span) -> str:
    """The act as the sentence words it: the clause (or noun phrase) of the trigger without its
    purpose, time clauses and punctuation, at most `MAX_SUBJECT_TOKENS` tokens."""
    head = trigger.root
    if head.pos_ not in {"VERB", "AUX", "NOUN", "PROPN"} and head.head.i != head.i:
        head = head.head
    if head.dep_ in {"nsubj", "nsubjpass"} and lemma_of(head.head) == "be":
        head = head.head  # "if the meeting will be public or closed": what is said of it
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ in _CLAUSE_CUTS or (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}):
            cut.update(t.i for t in child.subtree)
    words = [t for t in head.subtree if t.i not in cut and not t.is_punct]
    text = " ".join(t.text for t in words[:MAX_SUBJECT_TOKENS])
    if len(words) > MAX_SUBJECT_TOKENS:
        text += " …"
    return text.strip("\"'“”‘’ ")


def _denies_earlier_claims(candidate: EventCandidate, tables: AssertionTables) -> bool:
    if lemma_of(candidate.trigger.root) not in tables.denial_verbs:
        return False
    return any(
        child.dep_ in {"dobj", "nsubjpass"} and lemma_of(child) in tables.denial_nouns
        for child in candidate.trigger.root.children
    )


def _accusation_over(
    candidate: EventCandidate, events: Sequence[EventCandidate], tables: AssertionTables
) -> EventCandidate | None:
    """An accusation whose verb takes the act as its object ("condemn the reported transfer of
    weapons", "accused X of shelling"): its subject asserts the act."""
    node = candidate.trigger.root
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        for other in events:
            if (
                other is not candidate
                and _in(tables.accusing, other)
                and other.trigger.root == node
            ):
                return other
        if node.pos_ in {"VERB", "AUX"}:
            return None
    return None


def _counted_inside(trigger: Span, figures: Sequence[ClaimCandidate]) -> bool:
    """The act's clause holds a figure: it is a quantity claim already ("Khartoum says 215
    soldiers have been killed"), not a second, wordier one."""
    clause = trigger.root
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    inside = {t.i for t in clause.subtree}
    return any(figure.quantity.root.i in inside for figure in figures)


def extract_assertions(
    events: Sequence[EventCandidate], figures: Sequence[ClaimCandidate] = ()
) -> list[AssertionCandidate]:
    """The contested assertions among one sentence's coded acts (`resources/claims/
    assertions.toml`): an act someone accuses another of (the accuser claims it); a contested
    act (force, violence) told as somebody's word; an open or negated meeting, agreement or
    ceasefire ("it is not yet clear if the summit will be bilateral", "has been ruled out");
    and a denial of "the claims" (the story layer ties it to the assertion before it)."""
    tables = assertion_tables()
    found: list[AssertionCandidate] = []
    for n, candidate in enumerate(events):
        if _counted_inside(candidate.trigger, figures):
            continue
        if _denies_earlier_claims(candidate, tables):
            deniers: list[Span | None] = [*candidate.actors] or [None]
            for actor in deniers:
                found.append(
                    AssertionCandidate(
                        act_phrase(candidate.trigger),
                        "denied",
                        candidate.trigger,
                        actor,
                        None,
                        True,
                    )
                )
            continue
        value = tables.values.get(candidate.status, "asserted")
        frame = events[candidate.embedded_in] if candidate.embedded_in is not None else None
        if frame is None or not _in(tables.accusing, frame):
            frame = _accusation_over(candidate, events, tables) or frame
        if frame is not None and _in(tables.accusing, frame) and _accusers(frame):
            for accuser in _accusers(frame):
                found.append(
                    AssertionCandidate(
                        act_phrase(candidate.trigger), value, candidate.trigger, accuser, n
                    )
                )
        else:
            told = _in(tables.contested, candidate) and candidate.claimant is not None
            questioned = _in(tables.open_question, candidate) and (
                candidate.status in tables.open_statuses
                or OPEN_ATTRIBUTE_CUE in candidate.status_cues
            )
            if questioned and candidate.status not in tables.open_statuses:
                value = tables.values["hypothetical"]  # the act stands, its format is open
            if told or questioned:
                found.append(
                    AssertionCandidate(
                        act_phrase(candidate.trigger),
                        value,
                        candidate.trigger,
                        candidate.claimant,
                        n,
                    )
                )
    # an accusation with no coded act under it ("accused each other of provocations"): the
    # accusation itself is what each accuser claims
    governed = {
        id(frame)
        for candidate in events
        for frame in [
            events[candidate.embedded_in] if candidate.embedded_in is not None else None,
            _accusation_over(candidate, events, tables),
        ]
        if frame is not None
    }
    for candidate in events:
        if not _in(tables.accusing, candidate) or id(candidate) in governed:
            continue
        if candidate.status not in {"occurred", "planned"}:
            continue
        subject = _predicate_phrase(candidate.trigger.root)
        for accuser in _accusers(candidate):
            found.append(AssertionCandidate(subject, "asserted", candidate.trigger, accuser, None))
    return found


def _accusers(frame: EventCandidate) -> list[Span]:
    """Who accuses: the frame's actors, else the subject of its verb ("Each side blames")."""
    if frame.actors:
        return list(frame.actors)
    subjects = [c for c in frame.trigger.root.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    subject = subjects[0]
    doc = subject.doc
    return [doc[subject.left_edge.i : subject.i + 1]]


def _predicate_phrase(verb: Token) -> str:
    """What a verb says of its subject: "accused each other of provocations"."""
    cut = {
        t.i
        for child in verb.children
        if child.dep_ in _CLAUSE_CUTS | {"nsubj", "nsubjpass", "aux", "auxpass", "neg"}
        for t in child.subtree
    }
    words = [t for t in verb.subtree if t.i not in cut and not t.is_punct]
    return " ".join(t.text for t in words[:MAX_SUBJECT_TOKENS])


def answer_previous(denial: Claim, previous: Sequence[Claim]) -> None:
    """A denial of "the claims" takes the subject and act of the assertions the sentence
    before it made (same paragraph): "Chad and Sudan have denied the claims" denies "Chad
    is deploying Libyan fighters". Nothing changes when that sentence asserted
    nothing."""
    asserted = [c for c in previous if c.unit == ASSERTION_UNIT and c.value != "denied"]
    if not asserted:
        return
    denial.subject = asserted[0].subject
    denial.event_ids = list(dict.fromkeys(i for c in asserted for i in c.event_ids))
