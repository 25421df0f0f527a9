"""Quantity claims of one sentence: a number, what it counts, the act it counts, who says so.

"Yerevan says 772 Armenian soldiers and 36 civilians have been killed" gives two claims (772
Armenian soldiers killed, 36 civilians killed), each with the claimant Yerevan (the actor table
later resolves a capital to its government). "Baku has reported 63 civilian casualties": the
reporting verb governs the number itself, so its subject is the claimant. Numbers that are dates,
times, ordinals or parts of names are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from storyline.events.claimant import find_claimant
from storyline.events.lexicon import Lexicon, lemma_of, load_lexicon

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
            node = node.head.head
            if node.pos_ in {"VERB", "AUX"}:
                return node
            continue
        return None
    return None


def _timex_for(verb: Token | None, timexes: Sequence[Span]) -> Span | None:
    if verb is None:
        return None
    for span in timexes:
        if span.start > 0 and span.doc[span.start - 1].lower_ in {"since", "from", "until"}:
            continue  # a period's bound, not the date the figure is as of
        node = span.root
        hops = 0
        while node.head.i != node.i and hops < 6:
            node = node.head
            hops += 1
            if node.i == verb.i:
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
        if predicate is not None and not reporting:
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
