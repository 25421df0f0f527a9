"""Who asserts an act: the speaker of the reporting verb that governs its clause.

"X said ...", "..., X told reporters", "according to X", "the statement cited ...". The claimant
is distinct from the actor ("Bosnian Serbs said their forces had withdrawn": the claimant is the
Bosnian Serbs, the actor their forces) and is None when nobody is quoted: the caller then falls
back to the outlet.

A claimant must be somebody (`resources/claims/claimants.toml`): "each side" or "the warring
sides" name no one by themselves (`names_somebody`); "Syrian rebel sources" are not Syria
(`speaks_for_itself`); "the ministry said" is the ministry the article just named
(`antecedent`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Span, Token

from storyline.events.lexicon import Lexicon, lemma_of
from storyline.model import EntityMention

_SUBJECTS = {"nsubj", "nsubjpass"}


# "Armenians who declared ...": a relative or interrogative pronoun names nobody by itself.
_NO_SPEAKER_TAGS = frozenset({"WP", "WDT", "WP$", "EX"})


@dataclass(frozen=True)
class ClaimantTables:
    generic_heads: frozenset[str]
    unnamed_pronouns: frozenset[str]
    own_word_heads: frozenset[str]
    antecedent_window_chars: int


@cache
def claimant_tables() -> ClaimantTables:
    path = resources.files("storyline").joinpath("resources", "claims", "claimants.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    return ClaimantTables(
        generic_heads=frozenset(data["generic_heads"]),
        unnamed_pronouns=frozenset(data["unnamed_pronouns"]),
        own_word_heads=frozenset(data["own_word_heads"]),
        antecedent_window_chars=int(data["antecedent_window_chars"]),
    )


@dataclass(frozen=True)
class Source:
    """Who says a clause is so, and the verb they say it with (None for "according to X")."""

    speaker: Token | None
    verb: Token | None
    cue: str | None


def _subject(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if len(subjects) > 1:
        # '"... the minister [Anna Berg]," concluded the statement': the parse may take a
        # name at the end of the quote for a second subject; the inverted one is the speaker
        after = [child for child in subjects if child.i > verb.i]
        subjects = after or subjects
    for child in subjects:
        return None if child.tag_ in _NO_SPEAKER_TAGS else child
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _quoted_speaker(verb: Token, lex: Lexicon) -> Token | None:
    """ "The ministry was quoted by TASS as saying ...": the one quoted speaks, not the agency
    that quotes it."""
    node = verb
    for _ in range(3):
        if node.dep_ not in {"pcomp", "pobj", "prep", "advcl", "xcomp"} or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            if lemma_of(node) not in lex.reporting_verbs and lemma_of(node) != "quote":
                return None
            return next((c for c in node.children if c.dep_ == "nsubjpass"), None)
    return None


def _according(sent: Span, lex: Lexicon) -> Token | None:
    """The object of "according to" (or a listed variant) anywhere in the sentence."""
    words = [token.lower_ for token in sent]
    for phrase in lex.according:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == phrase:
                last = sent[i + size - 1]
                objects = [child for child in last.children if child.dep_ == "pobj"]
                if objects:
                    return objects[0]
                if i + size < len(sent):
                    following = sent[i + size]
                    return following.head if following.head.i > following.i else following
    return None


def find_source(clause: Token, sent: Span, lex: Lexicon) -> Source:
    """The claimant of the clause around `clause`, the reporting verb, and the cue naming it.

    Walks up from the clause through conjuncts and clausal complements to the first reporting
    verb; its subject is the claimant. Falls back to "according to X".
    """
    node = clause
    seen = 0
    while seen < 12:
        seen += 1
        head = node.head
        if (
            node.dep_ in {"ccomp", "parataxis", "advcl", "xcomp", "conj", "dep"}
            and head.i != node.i
        ):
            if lemma_of(head) in lex.reporting_verbs and head.pos_ in {"VERB", "AUX"}:
                speaker = _subject(head) or _quoted_speaker(head, lex)
                if speaker is not None and speaker.i != clause.i:
                    return Source(speaker, head, head.text)
            node = head
            continue
        break
    # "X did Y, officials said": spaCy often hangs the reporting verb under the clause's head
    for child in clause.children:
        if (
            child.dep_ in {"parataxis", "ccomp", "advcl"}
            and lemma_of(child) in lex.reporting_verbs
            and child.i > clause.i
        ):
            speaker = _subject(child)
            if speaker is not None:
                return Source(speaker, child, child.text)
    according = _according(sent, lex)
    if according is not None:
        return Source(according, None, "according to")
    return Source(None, None, None)


def find_claimant(clause: Token, sent: Span, lex: Lexicon) -> tuple[Token | None, str | None]:
    """The head token of the claimant of the clause around `clause`, and the cue that names it
    (`find_source` without the verb)."""
    source = find_source(clause, sent, lex)
    return source.speaker, source.cue


def _forms(token: Token) -> set[str]:
    """The word and its singulars: the lemma-free parse leaves "sources" as it is."""
    word = token.lower_
    forms = {word, lemma_of(token)}
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def names_somebody(span: Span | None) -> bool:
    """Whether a claimant span names a speaker a reader can tell: a name, a demonym ("the
    Armenian side") or a description of one ("the ministry", "rebel commanders"), not a party
    left to the context ("each side", "the warring sides", "it")."""
    if span is None or not len(span):
        return False
    tables = claimant_tables()
    head = span.root
    if head.tag_ in _NO_SPEAKER_TAGS:
        return False
    if head.pos_ == "PRON" or head.lower_ in tables.unnamed_pronouns:
        return head.lower_ not in tables.unnamed_pronouns
    if any(token.pos_ == "PROPN" or token.ent_type_ for token in span):
        return True
    return not _forms(head) & tables.generic_heads


def speaks_for_itself(span: Span) -> bool:
    """ "Syrian militant sources", "Kurdish rebels": speakers that are not the state their
    demonym names; the claimant is their words, not the country."""
    head = span.root
    return bool(_forms(head) & claimant_tables().own_word_heads) and head.pos_ != "PROPN"


def antecedent(span: Span, mentions: Sequence[EntityMention]) -> int | None:
    """The mention a definite description stands for: "the ministry said" after "The Russian
    Foreign Ministry ..." is that ministry. The last mention before the span (within the
    window) whose last word is the description's head noun; None when there is none, or when
    the description says more than the noun ("the Azerbaijani ministry" names its own)."""
    head = span.root
    words = [token for token in span if not token.is_punct]
    if words and words[0].lower_ == "the":
        words = words[1:]
    elif span.start == 0 or span.doc[span.start - 1].lower_ != "the":
        return None  # the coder's phrase may leave the article out: "the ministry" as "ministry"
    if len(words) != 1 or words[0].i != head.i or head.pos_ != "NOUN":
        return None
    noun = head.lower_
    earliest = span.start_char - claimant_tables().antecedent_window_chars
    found: int | None = None
    for m, mention in enumerate(mentions):
        names = mention.text.split()
        if not names or names[-1].lower() != noun:
            continue
        if not earliest <= mention.start or mention.end > span.start_char:
            continue
        if found is None or mention.start > mentions[found].start:
            found = m
    return found
