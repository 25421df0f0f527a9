"""The PLOVER trigger lexicon and coder cues under `resources/plover/`, loaded once, compiled to
lemma dictionaries so the coder does one dictionary look-up per token."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# Types whose announced intent PLOVER codes as AGREE, and those whose intent it codes THREATEN.
COOPERATIVE_TYPES = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})

PREP_OBJECT = "@prep_object"  # a pattern whose code is that of its preposition's object


@dataclass(frozen=True)
class Code:
    """A PLOVER type with an optional mode, parsed from "TYPE/mode"."""

    type: str
    mode: str | None = None

    @classmethod
    def parse(cls, text: str) -> Code:
        kind, _, mode = text.partition("/")
        if kind != PREP_OBJECT and kind not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {kind!r} in the trigger lexicon")
        return cls(kind, mode or None)


@dataclass(frozen=True)
class Pattern:
    """A verb that codes as `code` only with one of these objects, particles or prepositions."""

    code: Code
    objects: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Frame:
    """A word that governs another act and gives it a status; `code` is its own event if any."""

    embedded: str
    code: Code | None = None


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Code]
    nouns: dict[str, Code]
    verb_patterns: dict[str, list[Pattern]]
    noun_patterns: dict[str, list[tuple[frozenset[str], Code]]]
    recipient_preps: dict[str, tuple[str, ...]]
    noun_recipient_preps: dict[str, tuple[str, ...]]
    frames: dict[str, Frame]
    phrasal_frames: dict[tuple[str, str], Frame]
    noun_frames: dict[str, Frame]
    invitation_frames: frozenset[str]
    reporting_verbs: frozenset[str]
    claim_small_count_max: int
    claim_count_verbs: frozenset[str]
    claim_count_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    obligation: frozenset[str]
    light_verbs: frozenset[str]
    future: frozenset[str]
    conditional_modals: frozenset[str]
    obligation_modals: frozenset[str]
    negations: frozenset[str]
    conditional_marks: frozenset[str]
    conditional_when: frozenset[str]
    ruled_out_phrases: tuple[tuple[str, ...], ...]
    hypothetical_verbs: frozenset[str]
    question_heads: frozenset[str]
    attribute_words: frozenset[str]
    role_of_nouns: frozenset[str]
    actor_heads: frozenset[str]
    quantity_heads: frozenset[str]
    generic_heads: frozenset[str]
    relational_nouns: frozenset[str]
    place_nouns: frozenset[str]
    agent_suffixes: tuple[str, ...]
    not_agent_nouns: frozenset[str]
    container_nouns: frozenset[str]
    keep_adjectives: frozenset[str]
    stative_passives: frozenset[str]
    prep_first_types: frozenset[str]
    object_target_types: frozenset[str]
    place_target_types: frozenset[str]
    own_object_types: frozenset[str]
    topic_object_types: frozenset[str]
    topic_verbs: frozenset[str]
    topic_preps: frozenset[str]
    separate_words: frozenset[str]
    not_actors: frozenset[str]
    background_gap_years: int
    background_phrases: tuple[tuple[str, ...], ...]
    context_preps: frozenset[str]
    upcoming_preps: frozenset[str]
    phrasal_verbs: frozenset[str] = field(default=frozenset())
    known_verbs: frozenset[str] = field(default=frozenset())
    known_words: frozenset[str] = field(default=frozenset())
    irregular: dict[str, str] = field(default_factory=dict)

    def recipient_preps_for(self, plover_type: str, mode: str | None = None) -> tuple[str, ...]:
        """The prepositions that name a verb's recipient for this type (and mode: "arrived in
        Amman" names the host of a visit, "met in Geneva" only where), best first."""
        if mode is not None and f"{plover_type}/{mode}" in self.recipient_preps:
            return self.recipient_preps[f"{plover_type}/{mode}"]
        return self.recipient_preps.get(plover_type, self.recipient_preps["default"])

    def is_agent_noun(self, word: str) -> bool:
        """A noun that by its ending names people ("teachers", "journalists", "migrants"),
        unless it is one of the listed look-alikes ("orders", "documents")."""
        return (
            len(word) > 5
            and word.endswith(self.agent_suffixes)
            and word not in self.not_agent_nouns
            and not word.endswith("ments")
        )

    def noun_recipient_preps_for(self, plover_type: str) -> tuple[str, ...]:
        return self.noun_recipient_preps.get(plover_type, self.noun_recipient_preps["default"])


def _read(name: str) -> dict[str, Any]:
    text = resources.files("storyline").joinpath("resources", "plover", name).read_text("utf-8")
    return tomllib.loads(text)


def _words(values: list[str], groups: dict[str, list[str]]) -> frozenset[str]:
    out: set[str] = set()
    for value in values:
        if value.startswith("@"):
            out.update(groups[value[1:]])
        else:
            out.add(value)
    return frozenset(word.lower() for word in out)


def _frame(entry: dict[str, str]) -> Frame:
    code = entry.get("code")
    return Frame(embedded=entry["embedded"], code=Code.parse(code) if code else None)


def _phrases(values: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(value.lower().split()) for value in values)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, parsed and checked once per process."""
    triggers = _read("triggers.toml")
    cues = _read("cues.toml")
    groups: dict[str, list[str]] = triggers.get("groups", {})
    verb_patterns: dict[str, list[Pattern]] = {}
    for entry in triggers.get("patterns", []):
        pattern = Pattern(
            code=Code.parse(entry["code"]),
            objects=_words(entry.get("object", []), groups),
            particles=_words(entry.get("particle", []), groups),
            preps=_words(entry.get("prep", []), groups),
            prep_objects=_words(entry.get("prep_object", []), groups),
        )
        for verb in entry["verb"]:
            verb_patterns.setdefault(verb, []).append(pattern)
    for patterns in verb_patterns.values():
        # a pattern naming its object is the more specific: "hand over medicine" is AID before
        # "hand over" is RETREAT
        patterns.sort(key=lambda pattern: not pattern.objects)
    noun_patterns: dict[str, list[tuple[frozenset[str], Code]]] = {}
    for entry in triggers.get("noun_patterns", []):
        modifiers = _words(entry["modifier"], groups)
        for noun in entry["noun"]:
            noun_patterns.setdefault(noun, []).append((modifiers, Code.parse(entry["code"])))
    phrasal: dict[tuple[str, str], Frame] = {}
    for phrase, entry in cues["phrasal_frames"].items():
        verb, word = phrase.split()
        phrasal[(verb, word)] = _frame(entry)
    status = cues["status"]
    reporting = cues["reporting"]
    return Lexicon(
        verbs={lemma: Code.parse(code) for lemma, code in triggers["verbs"].items()},
        nouns={lemma: Code.parse(code) for lemma, code in triggers["nouns"].items()},
        verb_patterns=verb_patterns,
        noun_patterns=noun_patterns,
        recipient_preps={key: tuple(values) for key, values in triggers["recipient_preps"].items()},
        noun_recipient_preps={
            key: tuple(values) for key, values in triggers["noun_recipient_preps"].items()
        },
        frames={lemma: _frame(entry) for lemma, entry in cues["frames"].items()},
        phrasal_frames=phrasal,
        noun_frames={lemma: _frame(entry) for lemma, entry in cues["noun_frames"].items()},
        invitation_frames=frozenset(cues["invitation_frames"]),
        reporting_verbs=frozenset(reporting["verbs"]),
        claim_small_count_max=int(cues["claims"]["small_count_max"]),
        claim_count_verbs=frozenset(cues["claims"]["count_verbs"]),
        claim_count_nouns=frozenset(cues["claims"]["count_nouns"]),
        reporting_nouns=frozenset(reporting["nouns"]),
        according=_phrases(reporting["according"]),
        obligation=frozenset(reporting["obligation"]),
        light_verbs=frozenset(cues["light_verbs"]["verbs"]),
        future=frozenset(status["future"]),
        conditional_modals=frozenset(status["conditional_modals"]),
        obligation_modals=frozenset(status["obligation_modals"]),
        negations=frozenset(status["negations"]),
        conditional_marks=frozenset(status["conditional_marks"]),
        conditional_when=frozenset(status["conditional_when"]),
        ruled_out_phrases=_phrases(status["ruled_out_phrases"]),
        hypothetical_verbs=frozenset(status["hypothetical_verbs"]),
        question_heads=frozenset(status["question_heads"]),
        attribute_words=frozenset(status["attribute_words"]),
        role_of_nouns=frozenset(cues["actor_nouns"]["role_of"]),
        actor_heads=frozenset(cues["actor_nouns"]["role_of"] + cues["actor_nouns"]["heads"]),
        quantity_heads=frozenset(cues["actor_nouns"]["quantity_heads"]),
        generic_heads=frozenset(cues["actor_nouns"]["generic_heads"]),
        relational_nouns=frozenset(cues["actor_nouns"]["relational_nouns"]),
        place_nouns=frozenset(cues["actor_nouns"]["place_nouns"]),
        agent_suffixes=tuple(cues["actor_nouns"]["agent_suffixes"]),
        not_agent_nouns=frozenset(cues["actor_nouns"]["not_agent_nouns"]),
        container_nouns=frozenset(cues["actor_nouns"]["container_nouns"]),
        keep_adjectives=frozenset(cues["actor_nouns"]["keep_adjectives"]),
        stative_passives=frozenset(cues["actor_nouns"]["stative_passives"]),
        prep_first_types=frozenset(cues["actor_nouns"]["prep_first_types"]),
        object_target_types=frozenset(cues["actor_nouns"]["object_target_types"]),
        place_target_types=frozenset(cues["actor_nouns"]["place_target_types"]),
        own_object_types=frozenset(cues["actor_nouns"]["own_object_types"]),
        topic_object_types=frozenset(cues["actor_nouns"]["topic_object_types"]),
        topic_verbs=frozenset(cues["actor_nouns"]["topic_verbs"]),
        topic_preps=frozenset(cues["actor_nouns"]["topic_preps"]),
        separate_words=frozenset(cues["actor_nouns"]["separate_words"]),
        not_actors=frozenset(cues["actor_nouns"]["not_actors"]),
        background_gap_years=int(cues["background"]["gap_years"]),
        background_phrases=_phrases(cues["background"]["phrases"]),
        context_preps=frozenset(cues["context"]["prepositions"]),
        upcoming_preps=frozenset(cues["context"]["upcoming"]),
        phrasal_verbs=frozenset(verb for verb, _ in phrasal),
        known_verbs=frozenset(triggers["verbs"])
        | frozenset(verb_patterns)
        | frozenset(cues["frames"])
        | frozenset(verb for verb, _ in phrasal)
        | frozenset(cues["light_verbs"]["verbs"])
        | frozenset(reporting["verbs"]),
        known_words=_known_words(triggers, cues),
        irregular=dict(cues["irregular"]["forms"]),
    )


def _known_words(triggers: dict[str, Any], cues: dict[str, Any]) -> frozenset[str]:
    """Every word the lexicon looks up: the stems a lemma guess may land on."""
    words: set[str] = set(triggers["verbs"]) | set(triggers["nouns"])
    for entry in triggers.get("patterns", []):
        for key in ("verb", "object", "particle", "prep_object"):
            words.update(value for value in entry.get(key, []) if not value.startswith("@"))
    for entry in triggers.get("noun_patterns", []):
        words.update(entry["noun"])
        words.update(entry["modifier"])
    for values in triggers.get("groups", {}).values():
        words.update(values)
    words.update(cues["frames"])
    words.update(phrase.split()[0] for phrase in cues["phrasal_frames"])
    words.update(cues["noun_frames"])
    words.update(cues["reporting"]["verbs"])
    words.update(cues["reporting"]["nouns"])
    words.update(cues["light_verbs"]["verbs"])
    words.update(cues["status"]["hypothetical_verbs"])
    words.update(cues["status"]["question_heads"])
    for key in ("role_of", "heads", "quantity_heads", "container_nouns", "stative_passives"):
        words.update(cues["actor_nouns"][key])
    return frozenset(word.lower() for word in words)


_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("ses", "s"),
    ("es", ""),
    ("es", "e"),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
)


@lru_cache(maxsize=65536)
def guess_lemma(word: str) -> str:
    """The lexicon's stem of an inflected word when the parse gives no lemma: an irregular
    form, else the first suffix-stripped stem the lexicon knows, else the word itself."""
    lex = load_lexicon()
    word = word.lower()
    if word in lex.irregular:
        return lex.irregular[word]
    if word in lex.known_words:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + replacement
            if stem in lex.known_words:
                return stem
            # doubled consonants: "shelled" -> "shell" is known; "planned" -> "plan"
            doubled = suffix in {"ed", "ing"} and len(stem) > 3 and stem[-1] == stem[-2]
            if doubled and stem[:-1] in lex.known_words:
                return stem[:-1]
    return word


def lemma_of(token: Token) -> str:
    """The token's lower-case lemma: spaCy's when the pipeline ran its lemmatizer, else
    `guess_lemma` (the coder works on the language layer's lemmatizer-free parse too)."""
    value = token.lemma_
    if value:
        return value.lower()
    return guess_lemma(token.lower_)
