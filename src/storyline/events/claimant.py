"""Who asserts an act: the speaker of the reporting verb that governs its clause.

"X said ...", "..., X told reporters", "according to X", "the statement cited ...". The claimant
is distinct from the actor ("Bosnian Serbs said their forces had withdrawn": the claimant is the
Bosnian Serbs, the actor their forces) and is None when nobody is quoted: the caller then falls
back to the outlet.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from storyline.events.lexicon import Lexicon, lemma_of

_SUBJECTS = {"nsubj", "nsubjpass"}


# "Armenians who declared ...": a relative or interrogative pronoun names nobody by itself.
_NO_SPEAKER_TAGS = frozenset({"WP", "WDT", "WP$", "EX"})


def _subject(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if len(subjects) > 1:
        # '"... the minister [Sergei Lavrov]," concluded the statement': the parse may take a
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


def find_claimant(clause: Token, sent: Span, lex: Lexicon) -> tuple[Token | None, str | None]:
    """The head token of the claimant of the clause around `clause`, and the cue that names it.

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
                speaker = _subject(head)
                if speaker is not None and speaker.i != clause.i:
                    return speaker, head.text
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
                return speaker, child.text
    according = _according(sent, lex)
    if according is not None:
        return according, "according to"
    return None, None
