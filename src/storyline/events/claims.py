"""Quantity claims of one sentence: a number, what it counts, the act it counts, who says so.

"Khartoum says 215 government soldiers and 48 civilians have been killed" gives two claims (215
government soldiers killed, 48 civilians killed), each with the claimant Khartoum (the actor table
later resolves a capital to its government). "Juba has reported 27 civilian casualties": the
reporting verb governs the number itself, so its subject is the claimant. Numbers that are dates,
times, ordinals or parts of names are not claims.

As of: a claim is as of the day it was said (`claim_as_of`): the time expression of its
reporting verb ("the ministry said on Wednesday"), else the figure's own ("fled on Sunday"),
else the publication date; a figure of an earlier era ("a famine in the 1980s that left 9,000
dead") is as of that era, written "1990s".
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

from storyline.events.claimant import Source, find_source, names_somebody
from storyline.events.dating import as_of_value, date_of_value, era_name, is_era
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
# an era as a claim shows it: "1990s" (TIMEX3 decade "199"), "1800s" (TIMEX3 century "18")
_ERA = re.compile(r"^(?:(\d{2})00s|(\d{3})0s)$")
_VERBAL = frozenset({"VERB", "AUX"})


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
    as_of: Span | None = None  # the figure's own time ("fled on Sunday", "in the 1990s")
    said_at: Span | None = None  # the time of the reporting verb ("said on Wednesday")

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
            "said_at": self.said_at.text if self.said_at is not None else None,
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


def statement_time(verb: Token | None, timexes: Sequence[Span]) -> Span | None:
    """The time expression of a reporting, accusing or denying verb's own clause ("the ministry
    said on Wednesday", "accused Varnia on Monday of ..."): one that hangs on the verb before
    any other verb, never one of the clause it reports."""
    if verb is None:
        return None
    for span in timexes:
        if span.start > 0 and span.doc[span.start - 1].lower_ in {"since", "from", "until"}:
            continue
        node = span.root
        hops = 0
        while node.head.i != node.i and hops < 6:
            node = node.head
            hops += 1
            if node.i == verb.i:
                return span
            if node.pos_ in _VERBAL:
                break
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
        said_by: Token | None = None
        if reporting and predicate is not None:
            speakers = [c for c in predicate.children if c.dep_ == "nsubj"]
            if speakers:
                claimant, cue, said_by = speakers[0], predicate.text, predicate
        if claimant is None:
            source = _figure_source(predicate or noun, sent, lex)
            claimant, cue, said_by = source.speaker, source.cue, source.verb
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
                said_at=statement_time(said_by, times),
            )
        )
    return claims


def _figure_source(word: Token, sent: Span, lex: Lexicon) -> Source:
    """Who reports a figure: the source of its clause, or, for a figure in a relative clause
    ("Ostrel said the strike, which killed 12 people, hit a market"), of the clause its noun
    is in."""
    source = find_source(word, sent, lex)
    clause = _clause_of(word)
    hops = 0
    while source.speaker is None and clause.dep_ in {"relcl", "acl"} and hops < 3:
        clause = _clause_of(clause.head)
        source = find_source(clause, sent, lex)
        hops += 1
    return source


def _anchored(value: str | None) -> str | None:
    """A TIMEX3 value as a claim's as-of: the ISO day, a coarser calendar value ("2020-10",
    "2020-W41", "2020"), or an era ("1990s"); None for what the calendar cannot place."""
    if value is not None and is_era(value):
        return era_name(value)
    return as_of_value(value)


def claim_as_of(stated: str | None, own: str | None, published: str | None) -> str | None:
    """The date a claim is as of, from TIMEX3 values: `own`, the figure's own time, when it is
    an earlier era or year (history keeps its date: "a famine in the 1980s that left 9,000 dead"
    is as of the 1980s); else `stated`, the time of the statement ("said on Wednesday"); else
    `own` ("fled on Sunday"); else the publication day (the figure is as of the report); else
    unknown. A time after the publication day is no statement's (a misread weekday, a plan):
    it yields to the next choice. Never the day the pipeline runs."""
    own_value = _anchored(own)
    if own_value is not None and is_history(own_value, published):
        return own_value
    for value in (_anchored(stated), own_value):
        if value is None:
            continue
        start = date_of_value(value)
        if published and start is not None and start.start and start.start > published:
            continue
        return value
    return published


def is_history(as_of: str | None, published: str | None) -> bool:
    """True when a figure is as of a year, decade or century that ended before the year of
    the report ("a famine in the 1980s that left 9,000 dead"); with no publication date, when it
    is as of a decade or century (a past era; a bare year may be this one). Eras are read as
    TIMEX3 ("198") or as written ("1980s", "1800s")."""
    era = _ERA.match(as_of or "")
    found = _YEAR_VALUE.match(as_of or "")
    if era:
        digits = era.group(1) or era.group(2)
    elif not found or (as_of and len(as_of) > 4 and as_of[4] != "-"):
        return False
    else:
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
    self_announced: frozenset[str]
    denying: frozenset[str]
    noun_act_verbs: frozenset[str]


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
        self_announced=frozenset(data["self_announced_types"]),
        denying=frozenset(data["denying_types"]),
        noun_act_verbs=frozenset(data["noun_act_verbs"]),
    )


@dataclass
class AssertionCandidate:
    """A non-numeric claim: someone's word that an act happened, did not, or is uncertain.

    subject: the act as the sentence tells it ("Chad is deploying Libyan fighters to support the
    rebels"). value: "asserted", "denied", "ruled out", "uncertain", ... claimant: the span
    of who says so (None: the outlet). event: index of the act among the sentence's candidates
    (None for a denial of "the claims" of an earlier sentence, `answers_before`). said_at: the
    time expression of the verb that says it ("accused ... on Monday"), if any."""

    subject: str
    value: str
    trigger: Span
    claimant: Span | None
    event: int | None
    answers_before: bool = False
    said_at: Span | None = None


def _in(types: frozenset[str], candidate: EventCandidate) -> bool:
    return candidate.type in types or f"{candidate.type}/{candidate.mode}" in types


_CLAUSE_CUTS = frozenset({"advcl", "punct", "mark", "cc", "parataxis", "relcl", "appos", "dep"})
MAX_SUBJECT_TOKENS = 16


_KEPT_PUNCT = frozenset({"-", "–", "/", "'", "’", "&", "%", "."})


_CONDITIONS = frozenset({"if", "when", "unless", "until", "once", "provided", "whenever"})


def act_phrase(trigger: Span, lexicon: Lexicon | None = None, *, condition: bool = False) -> str:
    """The act as the sentence words it: the clause (or noun phrase) of the trigger without its
    purpose and time clauses, its "according to X" and its punctuation (hyphens and
    apostrophes stay: "Nagorno-Karabakh", "the two countries' envoys"), at most
    `MAX_SUBJECT_TOKENS` words. condition: the act is told as conditional, so its condition is
    part of it ("a truce can only come once the troops pull out")."""
    lex = lexicon or load_lexicon()
    head = trigger.root
    if head.pos_ not in {"VERB", "AUX", "NOUN", "PROPN"} and head.head.i != head.i:
        head = head.head
    if head.dep_ in {"nsubj", "nsubjpass"} and lemma_of(head.head) == "be":
        head = head.head  # "if the meeting will be public or closed": what is said of it
    if condition and head.dep_ in {"attr", "nsubj", "nsubjpass"} and head.head.pos_ in _VERBAL:
        # "a truce can only come once ...", "talks could begin if ...": the clause with
        # its condition
        head = head.head
    cut: set[int] = set()
    for child in head.children:
        if condition and child.dep_ == "advcl" and _is_condition(child):
            continue
        if (
            child.dep_ in _CLAUSE_CUTS
            or (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"})
            or _is_according(child, lex)
        ):
            cut.update(t.i for t in child.subtree)
    for token in head.subtree:
        parenthetical = token.dep_ == "appos" and token.doc[token.left_edge.i - 1].text == ","
        if token.i != head.i and (token.dep_ == "relcl" or parenthetical):
            # "the strike, which killed 12 people, hit ...", "Varnia, an ally of Norland, is
            # sending ...": what the act or its actor is, not the act ("his counterpart Jeyhun
            # Bayramov" keeps the name)
            cut.update(t.i for t in token.subtree)
    parts: list[str] = []
    words = 0
    for token in head.subtree:
        if token.i in cut or (token.is_punct and token.text not in _KEPT_PUNCT):
            parts.append(" ")
            continue
        if words == MAX_SUBJECT_TOKENS:
            parts.append(" …")
            break
        parts.append(token.text_with_ws)
        words += 0 if token.is_punct else 1
    text = " ".join("".join(parts).split())
    return text.strip("\"'“”‘’ ")


def _is_condition(clause: Token) -> bool:
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in _CONDITIONS for c in clause.children)


def _is_according(child: Token, lex: Lexicon) -> bool:
    """ "according to the ministry": who says it, not what is said."""
    words = tuple(t.lower_ for t in child.subtree)
    return any(words[: len(phrase)] == phrase for phrase in lex.according)


def _denied_noun(candidate: EventCandidate, tables: AssertionTables) -> Token | None:
    """ "have denied the claims", "rejected reports that ...": the noun for what was said."""
    if lemma_of(candidate.trigger.root) not in tables.denial_verbs:
        return None
    return next(
        (
            child
            for child in candidate.trigger.root.children
            if child.dep_ in {"dobj", "nsubjpass"} and lemma_of(child) in tables.denial_nouns
        ),
        None,
    )


def _said_clause(noun: Token) -> Token | None:
    """ "reports that its artillery had shelled the dam": the clause that says what the reports
    say."""
    return next(
        (c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in _VERBAL), None
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
    """The act's clause counts a figure: it is a quantity claim already ("Khartoum says 215
    soldiers have been killed"), not a second, wordier one. A figure of another clause ("had
    shelled the town overnight, killing one civilian") leaves the act its own claim."""
    clause = _clause_of(trigger.root)
    return any(_clause_of(figure.counted.root).i == clause.i for figure in figures)


def _is_proposition(candidate: EventCandidate, tables: AssertionTables) -> bool:
    """Whether the act is what its clause asserts: a verb, a noun a frame governs ("ruled out
    any talks", "talks are not yet planned"), or a noun the clause is about ("there can only be
    a ceasefire", "the attack was carried out by ..."). A noun under any other verb ("does not
    affect the cooperation", "could not resolve the hostilities") asserts nothing of its act,
    whatever that verb's negation or modal says."""
    if not candidate.nominal or candidate.frame is not None or candidate.embedded_in is not None:
        return True
    noun = candidate.trigger.root
    return noun.dep_ in {"nsubj", "nsubjpass", "attr"} and lemma_of(noun.head) in (
        tables.noun_act_verbs
    )


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "our", "his", "her", "my"})
_PERSONAL_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})


def _self_announced(candidate: EventCandidate, claimant: Span, tables: AssertionTables) -> bool:
    """ "Varnia announced it was recalling its ambassador": an act its own actor announces (a
    sanction, aid, a threat, a deployment) is news of the act, not a contested claim."""
    if not _in(tables.self_announced, candidate) or not candidate.actors:
        return False
    said_by = claimant.text.lower()
    for actor in candidate.actors:
        head = actor.root
        own = head.lower_ in _PERSONAL_PRONOUNS or any(
            child.dep_ == "poss" and child.lower_ in _POSSESSIVE_PRONOUNS for child in head.children
        )
        if not own and actor.text.lower() != said_by:
            return False
    return True


def _sentence_times(events: Sequence[EventCandidate]) -> list[Span]:
    if not events:
        return []
    sent = events[0].trigger.sent
    return [span for span in sent.ents if span.label_ in {"DATE", "TIME"}]


def extract_assertions(
    events: Sequence[EventCandidate],
    figures: Sequence[ClaimCandidate] = (),
    *,
    timexes: Sequence[Span] | None = None,
    lexicon: Lexicon | None = None,
) -> list[AssertionCandidate]:
    """The contested assertions among one sentence's coded acts (`resources/claims/
    assertions.toml`), each with a claimant who names somebody (`claimant.names_somebody`:
    never "each side" or "the warring sides"):

    * an act someone accuses another of: each accuser claims it ("Varnia and Ostrel accused
      each other of shelling"); an accusation with no act coded under it is itself the claim;
    * a denial: "Ostrel denied sending troops", "Varnia has ruled out talks" (the subject of
      the denying frame), "X and Y have denied the claims" (the story layer ties it to the
      assertion before it);
    * a contested act (force, violence, coercion) that is the proposition of somebody's words
      ("the ministry said fighters are being deployed"), unless its own actor announces it;
    * an open question: a meeting, agreement or ceasefire told as uncertain, conditional or ruled
      out ("it is still unclear if the talks will be joint", "a joint meeting has been ruled
      out"); with nobody quoted, the outlet's word, but an outlet never denies: a plain negation
      in its narrative ("the accords never held") is no claim.

    timexes: the sentence's time expressions (default: the parse's DATE/TIME entities); each
    claim's `said_at` is the one its saying verb governs."""
    tables = assertion_tables()
    lex = lexicon or load_lexicon()
    times = list(timexes) if timexes is not None else _sentence_times(events)
    found: list[AssertionCandidate] = []
    pending: list[tuple[Span, EventCandidate]] = []  # denials of "the claims"
    relative: list[tuple[Span, Token]] = []  # denials of this sentence's assertions

    def add(
        subject: str,
        value: str,
        candidate: EventCandidate,
        claimant: Span | None,
        event: int | None,
        said_by: Token | None,
        answers_before: bool = False,
    ) -> None:
        found.append(
            AssertionCandidate(
                subject,
                value,
                candidate.trigger,
                claimant,
                event,
                answers_before,
                statement_time(said_by, times),
            )
        )

    for n, candidate in enumerate(events):
        if _counted_inside(candidate.trigger, figures):
            continue
        denied = _denied_noun(candidate, tables)
        if denied is not None:
            clause = _said_clause(denied)
            deniers = [actor for actor in candidate.actors if names_somebody(actor)]
            if clause is None:
                # "have denied the claims": those of this sentence, else of the one before
                pending.extend((denier, candidate) for denier in deniers)
                continue
            # "rejected reports that its artillery had shelled the dam": the denial says what
            # it denies
            subject = act_phrase(clause.doc[clause.i : clause.i + 1], lex)
            inside = {t.i for t in clause.subtree}
            inner = next((k for k, e in enumerate(events) if e.trigger.root.i in inside), None)
            about = events[inner] if inner is not None else candidate
            for denier in deniers:
                add(subject, "denied", about, denier, inner, candidate.trigger.root)
            continue
        value = tables.values.get(candidate.status, "asserted")
        frame = events[candidate.embedded_in] if candidate.embedded_in is not None else None
        if frame is None or not _in(tables.accusing, frame):
            frame = _accusation_over(candidate, events, tables) or frame
        subject = act_phrase(candidate.trigger, lex, condition=candidate.status == "conditional")
        if frame is not None and _in(tables.accusing, frame):
            if _in(tables.accusing, candidate):
                continue  # "accused X of arming Y, a charge X denies": the charge is no act
            # "X accused Y of shelling": each accuser that names somebody claims it
            for accuser in _accusers(frame):
                if names_somebody(accuser):
                    add(subject, value, candidate, accuser, n, frame.trigger.root)
            continue
        contested = _in(tables.contested, candidate)
        questioned = _in(tables.open_question, candidate) and (
            candidate.status in tables.open_statuses or OPEN_ATTRIBUTE_CUE in candidate.status_cues
        )
        if questioned and candidate.status not in tables.open_statuses:
            value = tables.values["hypothetical"]  # the act stands, its format is open
        if not (contested or questioned) or not _is_proposition(candidate, tables):
            continue
        if candidate.claimant is not None:
            if not names_somebody(candidate.claimant) or _self_announced(
                candidate, candidate.claimant, tables
            ):
                continue
            source = find_source(_clause_of(candidate.trigger.root), candidate.trigger.sent, lex)
            add(subject, value, candidate, candidate.claimant, n, source.verb)
            continue
        if (
            frame is not None
            and _in(tables.denying, frame)
            and candidate.status
            in {
                "denied",
                "ruled_out",
            }
        ):
            # "Varnia has ruled out talks", "Ostrel denied sending troops": who denies claims it
            for denier in frame.actors:
                if names_somebody(denier):
                    add(subject, value, candidate, denier, n, frame.trigger.root)
            continue
        if questioned and candidate.status != "denied":
            add(subject, value, candidate, None, n, None)  # the outlet's word on an open question
    # "..., a charge Iran denies" (the denial in a relative clause on the word for what was
    # said) and "X has denied the claims" after the claims in the same sentence: the denial is
    # of this sentence's assertions; with none, of the sentence before (`answer_previous`)
    asserted = {a.event: a for a in found if a.value == "asserted" and a.event is not None}
    for verb in events[0].trigger.sent if events else ():
        if (
            verb.dep_ == "relcl"
            and lemma_of(verb) in tables.denial_verbs
            and lemma_of(verb.head) in tables.denial_nouns
            and not any(candidate.trigger.root.i == verb.i for _, candidate in pending)
        ):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if subjects:
                denier = verb.doc[subjects[0].left_edge.i : subjects[0].i + 1]
                if names_somebody(denier):
                    relative.append((denier, verb))
    for denier, candidate in pending:
        if not asserted:
            subject = act_phrase(candidate.trigger, lex)
            add(subject, "denied", candidate, denier, None, candidate.trigger.root, True)
        relative.append((denier, candidate.trigger.root))
    for denier, verb in relative:
        for event, claim in asserted.items():
            assert event is not None
            add(claim.subject, "denied", events[event], denier, event, verb)
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
            if names_somebody(accuser):
                add(subject, "asserted", candidate, accuser, None, candidate.trigger.root)
    return found


def _clause_of(token: Token) -> Token:
    """The verb whose clause a trigger word is in (the word itself for a verb)."""
    node = token
    hops = 0
    while node.pos_ not in _VERBAL and node.head.i != node.i and hops < 6:
        node = node.head
        hops += 1
    return node


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
