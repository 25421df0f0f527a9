"""Status cues of one act: did it happen, is it planned, proposed, conditional, denied, ruled out?

Reads the act's own clause (auxiliaries, negation, conditional clauses, "only ... when", a question
mark) and, separately, the frame that governs it ("agreed to", "ruled out", "denied"). The coder
combines the two with `combine`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from storyline.events.lexicon import Lexicon, lemma_of
from storyline.model import EVENT_STATUSES

STATUSES: tuple[str, ...] = EVENT_STATUSES
# The cue of an act whose format, venue or manner is an open question (`asks_attribute`): its
# status stands, and the question is a claim of its own (`claims.extract_assertions`).
OPEN_ATTRIBUTE_CUE = "open attribute"
# Later entries win when two cues disagree: a negated plan is ruled out, a conditional threat
# is conditional.
_PRECEDENCE = {
    "occurred": 0,
    "planned": 1,
    "proposed": 2,
    "hypothetical": 3,
    "conditional": 4,
    "denied": 5,
    "ruled_out": 6,
}


def stronger(first: str, second: str) -> str:
    return first if _PRECEDENCE[first] >= _PRECEDENCE[second] else second


def is_negated(token: Token, lex: Lexicon) -> bool:
    return any(
        child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no")
        for child in token.children
        if child.lower_ in lex.negations or child.dep_ == "neg"
    )


def _under_reporting(token: Token, lex: Lexicon) -> bool:
    """True when the clause is reported speech ("said it would ..."): reported "would" is future."""
    node = token
    while node.dep_ in {"conj", "xcomp"} and node.head.i != node.i:
        node = node.head
    return node.dep_ in {"ccomp", "parataxis"} and lemma_of(node.head) in lex.reporting_verbs


_WORDS = re.compile(r"[\w-]+")
_HYPHEN = re.compile(r"\s*-\s*")  # "face - to - face" as the tokenizer splits it
_COPULAS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re"})
_PREDICATES = frozenset({"acomp", "attr", "prep", "oprd"})
_MODIFIERS = frozenset({"advmod", "prep", "acomp", "attr", "npadvmod", "oprd"})


def _is_question(clause: Token, lex: Lexicon) -> bool:
    """An if/whether clause that is the content of a question ("it is uncertain if ...",
    "asked whether ..."), not a condition ("if the talks fail, ...")."""
    head = clause.head
    if head.i == clause.i:
        return False
    if lemma_of(head) in lex.question_heads or head.lower_ in lex.question_heads:
        return True
    return any(
        child.dep_ in {"acomp", "attr"} and lemma_of(child) in lex.question_heads
        for child in head.children
    )


def asks_attribute(clause: Token, lex: Lexicon) -> bool:
    """True when an open question asks only about an attribute of its act (its format, venue
    or manner: "unclear if the talks will be direct or mediated", "unclear whether they
    will meet face-to-face", "whether the meeting will be in Geneva or Vienna"): the act itself
    is taken for granted, so the question does not make it hypothetical. A question whether it
    happens at all ("whether there will be talks", "if the talks will take place") does."""
    if not _is_question(clause, lex):
        return False
    children = list(clause.children)
    if clause.lower_ in _COPULAS or lemma_of(clause) == "be":
        if any(child.dep_ == "expl" for child in children):
            return False  # "whether there will be talks": whether they happen at all
        if any(child.dep_ in _PREDICATES for child in children):
            return True
    for child in children:
        if child.dep_ not in _MODIFIERS:
            continue
        text = clause.doc[child.left_edge.i : child.right_edge.i + 1].text.lower()
        words = set(_WORDS.findall(_HYPHEN.sub("-", text)))
        if words & lex.attribute_words:
            return True
        if any(g.dep_ == "conj" for g in child.children) and "or" in words:
            return True  # "in Geneva or in Vienna": which one, not whether
    return False


def clause_cues(verb: Token, sent: Span, lex: Lexicon) -> tuple[str, list[str]]:
    """The status a clause gives its act by its own words, and the words that say so."""
    status = "occurred"
    cues: list[str] = []
    children = list(verb.children)
    for child in children:
        word = child.lower_
        if child.dep_ == "aux":
            if word in lex.future or lemma_of(child) in lex.future:
                status = stronger(status, "planned")
                cues.append(word)
            elif word in lex.conditional_modals:
                reported = word == "would" and _under_reporting(verb, lex)
                status = stronger(status, "planned" if reported else "hypothetical")
                cues.append(word)
            elif word in lex.obligation_modals:
                status = stronger(status, "proposed")
                cues.append(word)
            elif word == "to" and verb.dep_ in {"advcl", "acl"} and lemma_of(verb.head) != "be":
                # a purpose clause has not happened yet by its own words; after a copula it
                # says who did it ("are among the leaders to denounce"): no purpose
                status = stronger(status, "planned")
                cues.append("to")
        elif child.dep_ == "advcl":
            marks = {grand.lower_ for grand in child.children if grand.dep_ in {"mark", "advmod"}}
            if marks & lex.conditional_marks:
                status = stronger(status, "conditional")
                cues.append(next(iter(marks & lex.conditional_marks)))
            elif marks & lex.conditional_when and any(grand.lower_ == "only" for grand in children):
                status = stronger(status, "conditional")
                cues.append("only " + next(iter(marks & lex.conditional_when)))
        elif (
            child.dep_ == "mark"
            and word in lex.conditional_marks
            and verb.dep_ in {"advcl", "ccomp"}
        ):
            if asks_attribute(verb, lex):
                cues.append(OPEN_ATTRIBUTE_CUE)  # the act stands; how it will be is open
            else:
                status = stronger(status, "hypothetical")
                cues.append(word)
        elif (
            child.dep_ in {"mark", "advmod"}
            and word in lex.conditional_when
            and verb.dep_ == "advcl"
            and any(uncle.lower_ == "only" for uncle in verb.head.children)
        ):
            # the condition of "can only ... when X": X has not happened
            status = stronger(status, "hypothetical")
            cues.append(word)
        elif child.dep_ == "prep" and (
            word == "unless" or (word == "as" and any(g.lower_ == "long" for g in child.children))
        ):
            # "as long as clashes continue", "unless the Kremlin closes its base"
            status = stronger(status, "conditional")
            cues.append(word)
    if status != "conditional" and any(c.lower_ == "only" for c in children):
        # "there will only be talks when X pulls back": the parser may hang the "when"
        # clause on the noun; the condition is the act's wherever it hangs
        for token in verb.subtree:
            if (
                token.lower_ in lex.conditional_when
                and token.dep_ in {"advmod", "mark"}
                and token.head.pos_ in {"VERB", "AUX"}
                and token.head.i != verb.i
            ):
                status = stronger(status, "conditional")
                cues.append("only " + token.lower_)
                break
    if is_negated(verb, lex):
        yet = any(child.lower_ in {"yet"} for child in children)
        if status in {"planned", "proposed"} or yet:
            status = "ruled_out"
            cues.append("not yet" if yet else "not")
        elif status == "occurred":
            status = "denied"
            cues.append("not")
    text = sent.text.rstrip()
    if text.endswith("?") and status == "occurred":
        status = "hypothetical"
        cues.append("?")
    if _phrase_in(verb, lex.ruled_out_phrases):
        status = "ruled_out"
        cues.append("out of the question")
    return status, cues


def _phrase_in(verb: Token, phrases: tuple[tuple[str, ...], ...]) -> bool:
    words = [token.lower_ for token in verb.subtree]
    for phrase in phrases:
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            return True
    return False


def frame_status(embedded: str, frame_negated: bool) -> str:
    """The status a frame gives its act; a negated frame inverts it ("did not agree to")."""
    if not frame_negated:
        return embedded
    if embedded in {"planned", "proposed"}:
        return "ruled_out"
    if embedded in {"ruled_out", "denied"}:
        # "did not rule out", "did not deny": left open
        return "hypothetical"
    return "denied"


def combine(own: str, framed: str | None) -> str:
    """The act's status from its own clause and the frame over it."""
    if framed is None:
        return own
    if own == "occurred":
        return framed
    return stronger(own, framed)
