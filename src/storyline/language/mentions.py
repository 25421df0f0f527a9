"""Entity mentions of one parsed article: names, actors behind words, roles, places.

`find_mentions(doc)` works on one spaCy `Doc` in a few passes over its tokens, all lookups in
prebuilt tables (`tables.py`, `places.py`) and PhraseMatchers (`nlp.py`):

1. candidates: the model's named entities and the actor-table phrases (countries, demonyms,
   capitals, seats of government, organisations, regions, US states); the longest wins, a table
   phrase over a model span of the same extent (it relabels "Armenia"/PERSON as a country);
2. persons: titles trimmed off the name; one-word mentions of a surname the article gives in
   full become PERSON whatever the model said ("Lavrov"/ORG, "Pompeo"/GPE);
3. places: a PERSON span that the gazetteer knows as a place becomes GPE ("Yerevan", "Ganja"),
   unless the article uses it as a surname; place mentions are geocoded;
4. capitals: "Moscow says" stands for the state, "talks in Moscow" is the city (dependencies);
5. institutions: "the Azerbaijani Foreign Ministry" is the state's foreign ministry;
6. roles: the title words around a person name give a role and a country ("French presidential
   spokesman Paul Renard", "Maria Costa, the ministry's spokeswoman"); role descriptions
   with no name ("the Kremlin spokesman", "his Armenian counterpart") become ROLE mentions that
   `entities.merge_entities` resolves across the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from storyline.language.nlp import actor_matchers
from storyline.language.places import Place, gazetteer
from storyline.language.tables import (
    CAPITAL,
    COUNTRY,
    DEMONYM,
    INSTITUTION,
    ORG,
    REGION,
    SEAT,
    US_STATE,
    ActorTables,
    Phrase,
    load_tables,
)
from storyline.language.translit import fold, surface_key, translit_key
from storyline.model import EntityMention

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"})
# Words a role title is made of, besides the role phrases and institutions of the tables.
TITLE_EXTRA = frozenset(
    {
        "the",
        "his",
        "her",
        "its",
        "their",
        "'s",
        "’s",
        "'",
        "of",
        "for",
        "deputy",
        "acting",
        "former",
        "first",
        "chief",
        "top",
        "senior",
        "assistant",
        "then",
        "newly",
        "appointed",
        "incoming",
        "outgoing",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
    }
)
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame"}
)
# A capital governed by one of these is the city, not the government ("talks in Moscow").
LOCATIVE = frozenset(
    {
        "in",
        "at",
        "to",
        "into",
        "near",
        "outside",
        "inside",
        "around",
        "across",
        "toward",
        "towards",
        "via",
        "through",
        "within",
        "throughout",
        "onto",
        "over",
        "from",
    }
)
STATE_KINDS = frozenset({COUNTRY, DEMONYM, CAPITAL, SEAT})
# Seats of these institutions speak for the state itself ("the Kremlin said" is Russia).
STATE_INSTITUTIONS = frozenset(
    {"presidency", "government", "prime minister's office", "chancellery"}
)
FUZZY_COUNTRY_SCORE = 90.0
# Legal-form words that do not tell two organisations apart ("NPD Group" is NPD).
LEGAL_FORMS = frozenset(
    {
        "inc",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "ag",
        "sa",
        "gmbh",
        "nv",
        "bv",
        "group",
        "holdings",
        "holding",
        "ad",
        "srl",
        "spa",
        "sarl",
        "sas",
        "se",
        "kg",
        "jsc",
        "pjsc",
        "ojsc",
        "oao",
        "ooo",
        "ab",
        "asa",
        "oyj",
        "pte",
        "pty",
    }
)
# Before a role description these say it is not a particular, known holder.
INDEFINITE = frozenset({"a", "an", "another", "one", "any", "every", "each", "no", "some"})


@dataclass
class _Candidate:
    start: int  # token indices, end exclusive
    end: int
    label: str
    phrase: Phrase | None
    from_table: bool


@dataclass(frozen=True)
class RoleLexicon:
    pattern: re.Pattern[str]  # role phrases, longest first, plural -s allowed
    roles: dict[str, str]
    institutions: re.Pattern[str]
    title_words: frozenset[str]
    head_words: frozenset[str]  # last words of role phrases: where a description ends


@lru_cache(maxsize=1)
def role_lexicon() -> RoleLexicon:
    tables = load_tables()
    phrases = sorted(tables.roles, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")s?\b")
    institutions = sorted(tables.institutions, key=len, reverse=True)
    inst_pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in institutions) + r")\b")
    words: set[str] = set(TITLE_EXTRA)
    for phrase in (*phrases, *institutions):
        words.update(phrase.split())
        words.update(w + "s" for w in phrase.split())
    heads = {p.split()[-1] for p in phrases} | {p.split()[-1] + "s" for p in phrases}
    return RoleLexicon(
        pattern, dict(tables.roles), inst_pattern, frozenset(words), frozenset(heads)
    )


def find_mentions(doc: Doc) -> list[EntityMention]:
    """The entity mentions of `doc`, in text order (see the module docstring)."""
    tables = load_tables()
    context = _countries_named(doc)
    selected = _select(doc, tables)
    _fix_persons(doc, selected)
    _untagged_places(doc, selected)
    owner = _token_owner(doc, selected)
    mentions: list[EntityMention] = []
    sentence_of = _sentence_index(doc)
    for cand in selected:
        mention = _describe(doc, cand, tables, context, sentence_of)
        if mention is not None:
            mentions.append(mention)
    by_start = {m.start: m for m in mentions}
    _institutions(doc, tables, owner, selected, mentions, sentence_of)
    _roles(doc, selected, owner, mentions, by_start, sentence_of)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


# -- candidates ---------------------------------------------------------------------------


def _select(doc: Doc, tables: ActorTables) -> list[_Candidate]:
    matchers = actor_matchers()
    candidates: list[_Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start < end:
            candidates.append(_Candidate(start, end, ent.label_, None, False))
    strings = doc.vocab.strings
    for match_id, start, end in matchers.anycase(doc):
        phrase = matchers.phrases[strings[match_id]]
        first = doc[start + 1] if doc[start].lower_ == "the" and end - start > 1 else doc[start]
        if phrase.kind != INSTITUTION and not first.text[:1].isupper():
            continue  # "turkey", "chad", "the government": not names
        candidates.append(_Candidate(start, end, "", phrase, True))
    for match_id, start, end in matchers.exact(doc):
        if _in_capitals(doc, start, end):
            continue  # "WHO IS NEXT", "LET US TALK": a line in capitals, not acronyms
        candidates.append(_Candidate(start, end, "", matchers.phrases[strings[match_id]], True))

    candidates = _repair_model_spans(doc, candidates)
    # Institutions are handled on their own (they need a country beside them).
    institutions = [c for c in candidates if c.phrase and c.phrase.kind == INSTITUTION]
    candidates = [c for c in candidates if not (c.phrase and c.phrase.kind == INSTITUTION)]
    # Longest first; on equal extent the table phrase wins over the model's label.
    candidates.sort(key=lambda c: (-(c.end - c.start), not c.from_table, c.start))
    taken = [False] * len(doc)
    chosen: list[_Candidate] = []
    for cand in candidates:
        if any(taken[cand.start : cand.end]):
            continue
        for i in range(cand.start, cand.end):
            taken[i] = True
        chosen.append(cand)
    # A model ORG span whose head (last words) is a table organisation is that organisation:
    # "the Economic Community of West African States (ECOWAS) Commission".
    orgs_ending: dict[int, list[_Candidate]] = {}
    for org in candidates:
        if org.phrase and org.phrase.kind == ORG:
            orgs_ending.setdefault(org.end, []).append(org)
    for cand in chosen:
        if cand.phrase is None and cand.label == "ORG":
            heads = [o for o in orgs_ending.get(cand.end, ()) if o.start > cand.start]
            if heads:
                cand.phrase = heads[0].phrase
        if cand.phrase is None:
            key = surface_key(_strip_possessive(_strip_the(doc[cand.start : cand.end].text)))
            known = tables.by_key.get(key)
            if known is not None and known.kind != INSTITUTION:
                cand.phrase = known
    chosen.extend(institutions)  # kept for pass 5; never overlapping in `owner`
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def _in_capitals(doc: Doc, start: int, end: int) -> bool:
    """Whether the words beside [start, end) (one at least) are written in capitals too."""

    def word(i: int, step: int) -> Token | None:
        while 0 <= i < len(doc) and not doc[i].is_alpha:
            i += step
        return doc[i] if 0 <= i < len(doc) else None

    beside = [t for t in (word(start - 1, -1), word(end, 1)) if t is not None]
    return bool(beside) and all(t.is_upper and len(t) > 1 for t in beside)


def _repair_model_spans(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Fix the model's spans where titles and names run together.

    * "Chilean Foreign Ministers Alberto Vidal"/ORG: the words after the last role word
      are the person;
    * "Foreign Ministry", "State" (of "Secretary of State"), "the Azerbaijani Foreign
      Ministry": spans of title words and state names only are left to the role and
      institution passes;
    * "Karabakh Conflict"/PERSON (a title-case headline): a person's name holds no region or
      demonym.
    """
    lexicon = role_lexicon()
    state_tokens: set[int] = set()
    place_tokens: set[int] = set()
    for cand in candidates:
        if cand.phrase is None:
            continue
        if cand.phrase.kind in STATE_KINDS:
            state_tokens.update(range(cand.start, cand.end))
        # Not capitals: "Sofia Coppola", "Paris Hilton" are people.
        if cand.phrase.kind in (REGION, DEMONYM):
            place_tokens.update(range(cand.start, cand.end))
    out: list[_Candidate] = []
    for cand in candidates:
        if cand.from_table:
            out.append(cand)
            continue
        tokens = range(cand.start, cand.end)
        places = _split_places(doc, cand)
        if places:
            out.extend(places)  # "Ganja and Shymkent"/ORG: two cities
            continue
        if cand.label != "PERSON":
            heads = [i for i in tokens if doc[i].lower_ in lexicon.head_words]
            if heads and heads[-1] < cand.end - 1:
                rest = range(heads[-1] + 1, cand.end)
                if all(doc[i].text[:1].isupper() for i in rest):
                    out.append(_Candidate(heads[-1] + 1, cand.end, "PERSON", None, False))
                    cand = _Candidate(cand.start, heads[-1] + 1, cand.label, None, False)
                    tokens = range(cand.start, cand.end)
            if all(
                i in state_tokens or doc[i].lower_ in lexicon.title_words or doc[i].is_punct
                for i in tokens
            ):
                continue
        elif any(i in place_tokens for i in tokens):
            continue
        out.append(cand)
    return out


def _split_places(doc: Doc, cand: _Candidate) -> list[_Candidate]:
    """A model span "A and B" (or "A, B") whose parts are both known places: the two places."""
    joints = [i for i in range(cand.start + 1, cand.end - 1) if doc[i].lower_ in ("and", ",")]
    if len(joints) != 1:
        return []
    joint = joints[0]
    parts = [(cand.start, joint), (joint + 1, cand.end)]
    if all(gazetteer().is_known_place(doc[s:e].text) for s, e in parts):
        return [_Candidate(s, e, "GPE", None, False) for s, e in parts]
    return []


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop quotes, brackets, dangling "and"/"of" and a trailing possessive from a model span."""
    dangling = ("and", "or", "of")
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in dangling
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in dangling
    ):
        end -= 1
    if end > start and doc[end - 1].lower_ in ("'s", "’s"):
        end -= 1
    return start, end


def _fix_persons(doc: Doc, chosen: list[_Candidate]) -> None:
    """Trim titles off PERSON spans; make one-word mentions of the article's surnames PERSON."""
    lexicon = role_lexicon()
    for cand in chosen:
        if (
            cand.phrase is None
            and cand.label == "PERSON"
            and cand.end - cand.start > 1
            and doc[cand.end - 1].lower_.rstrip(".") in LEGAL_FORMS
        ):
            cand.label = "ORG"  # "Azotex Danube AD", "Smith & Sons Ltd": a company
    for cand in chosen:
        if cand.phrase is None and cand.label == "PERSON":
            while cand.end - cand.start > 1 and (
                doc[cand.start].lower_ in lexicon.title_words
                or doc[cand.start].lower_ in HONORIFICS
                or not doc[cand.start].text[:1].isupper()
            ):
                cand.start += 1
    surnames: set[str] = set()
    full_names: set[str] = set()
    for cand in chosen:
        if cand.phrase is None and cand.label == "PERSON" and cand.end - cand.start >= 2:
            surnames.add(doc[cand.end - 1].text)
            full_names.add(doc[cand.start : cand.end].text)
    if not surnames:
        return
    for cand in chosen:
        if cand.phrase is None and doc[cand.start : cand.end].text in full_names:
            cand.label = "PERSON"  # "Kassym-Jomart Tokayev"/ORG where it was PERSON before
            continue
        if cand.end - cand.start != 1 or doc[cand.start].text not in surnames:
            continue
        if cand.phrase is not None and cand.phrase.kind in (COUNTRY, DEMONYM, ORG, REGION):
            continue
        cand.phrase = None
        cand.label = "PERSON"
    covered = {i for c in chosen for i in range(c.start, c.end)}
    for token in doc:
        if token.i not in covered and token.text in surnames and token.text[:1].isupper():
            chosen.append(_Candidate(token.i, token.i + 1, "PERSON", None, False))
    chosen.sort(key=lambda c: (c.start, c.end))


def _untagged_places(doc: Doc, chosen: list[_Candidate]) -> None:
    """A proper noun the model left untagged after "in"/"of"/"near" ... that the gazetteer
    knows as a sizeable place ("Residents of Ganja"): a GPE mention."""
    covered = {i for c in chosen for i in range(c.start, c.end)}
    for token in doc:
        if (
            token.i in covered
            or token.i == 0
            or token.pos_ != "PROPN"
            or (doc[token.i - 1].lower_ not in LOCATIVE and doc[token.i - 1].lower_ != "of")
            or (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN")
        ):
            continue
        if gazetteer().is_known_place(token.text):
            chosen.append(_Candidate(token.i, token.i + 1, "GPE", None, False))
    chosen.sort(key=lambda c: (c.start, c.end))


def _token_owner(doc: Doc, chosen: list[_Candidate]) -> list[_Candidate | None]:
    owner: list[_Candidate | None] = [None] * len(doc)
    for cand in chosen:
        if cand.phrase is not None and cand.phrase.kind == INSTITUTION:
            continue
        for i in range(cand.start, cand.end):
            owner[i] = cand
    return owner


# -- one mention --------------------------------------------------------------------------


def _describe(
    doc: Doc,
    cand: _Candidate,
    tables: ActorTables,
    context: set[str],
    sentence_of: list[int],
) -> EntityMention | None:
    if cand.phrase is not None and cand.phrase.kind == INSTITUTION:
        return None
    span = doc[cand.start : cand.end]
    text = span.text
    mention = EntityMention(
        start=span.start_char,
        end=span.end_char,
        text=text,
        label=cand.label or "ORG",
        sentence=sentence_of[cand.start],
    )
    phrase = cand.phrase
    if phrase is None and cand.label == "PERSON" and _is_place_not_person(doc, cand):
        cand.label = mention.label = "GPE"
    elif phrase is None and cand.label == "ORG" and _after_locative(doc, cand.start):
        place = gazetteer().lookup(text, context)
        if place is not None:  # "near Baia Mare"/ORG: the town
            cand.label = mention.label = "GPE"
    if phrase is None and cand.label in ("GPE", "NORP", "LOC", "PERSON", "ORG"):
        phrase = _fuzzy_country(text, tables, cand.label)
    if phrase is None:
        mention.key = name_key(text) if cand.label == "PERSON" else organisation_key(span)
        if mention.label in ("GPE", "LOC", "FAC"):
            _locate(mention, gazetteer().lookup(_strip_possessive(text), context))
        return mention if mention.key else None
    kind = phrase.kind
    if kind in (COUNTRY, DEMONYM, SEAT):
        mention.label = {COUNTRY: "GPE", DEMONYM: "NORP", SEAT: "ORG"}[kind]
        mention.actor = mention.country = phrase.ref
        if kind == SEAT and phrase.institution not in STATE_INSTITUTIONS:
            # "the Pentagon" is the US defence ministry, "the Knesset" Israel's parliament.
            mention.actor = f"{phrase.ref}:{phrase.institution}"
        mention.key = mention.actor
        if kind == COUNTRY:
            country = tables.countries.get(phrase.ref)
            if country is not None and not _is_actor_use(doc, span):
                mention.lat, mention.lon = country.lat, country.lon
                mention.place = f"country:{phrase.ref}"
    elif kind == CAPITAL:
        mention.label = "GPE"
        mention.country = phrase.ref
        if _is_actor_use(doc, span):
            mention.actor = mention.key = phrase.ref
        else:
            mention.key = translit_key(text)
            _locate(mention, gazetteer().capital(phrase.ref))
    elif kind == ORG:
        mention.label = "ORG"
        mention.actor = mention.key = phrase.ref
    elif kind in (REGION, US_STATE):
        mention.label = "LOC" if kind == REGION else "GPE"
        place = gazetteer().lookup(text)
        mention.key = place.id if place else translit_key(text)
        _locate(mention, place)
    return mention


def _locate(mention: EntityMention, place: Place | None) -> None:
    if place is None:
        return
    mention.place = place.id
    mention.country = mention.country or place.country
    mention.lat, mention.lon = place.lat, place.lon


def _after_locative(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in LOCATIVE and doc[start - 1].lower_ != "from"


def _is_place_not_person(doc: Doc, cand: _Candidate) -> bool:
    """A PERSON span the gazetteer knows as a place ("Yerevan", "Ganja") and no title precedes."""
    span = doc[cand.start : cand.end]
    if cand.start > 0 and doc[cand.start - 1].lower_ in HONORIFICS:
        return False
    before = doc[cand.start - 1] if cand.start > 0 else None
    locative = before is not None and before.lower_ in LOCATIVE
    after = doc[cand.end : cand.end + 2]
    followed_by_country = (
        len(after) == 2
        and after[0].text == ","
        and load_tables().by_key.get(after[1].lower_) is not None
    )
    gaz = gazetteer()
    if locative or followed_by_country:
        return gaz.lookup(span.text) is not None
    return gaz.is_known_place(span.text)


@lru_cache(maxsize=1)
def _country_name_keys() -> tuple[list[str], list[str]]:
    tables = load_tables()
    keys: list[str] = []
    refs: list[str] = []
    for country in tables.countries.values():
        for form in country.names:
            key = surface_key(_strip_the(form))
            if len(key) >= 6 and " " not in key:
                keys.append(key)
                refs.append(country.iso3)
    return keys, refs


def _fuzzy_country(text: str, tables: ActorTables, label: str) -> Phrase | None:
    """A misspelt one-word country name ("Aremenia"): close, same first letter, unambiguous."""
    key = surface_key(text)
    if len(key) < 6 or " " in key or not text[:1].isupper():
        return None
    keys, refs = _country_name_keys()
    found = process.extract(key, keys, scorer=fuzz.ratio, limit=2, score_cutoff=FUZZY_COUNTRY_SCORE)
    if not found or found[0][0][0] != key[0]:
        return None
    if len(found) > 1 and refs[found[1][2]] != refs[found[0][2]] and found[1][1] == found[0][1]:
        return None
    return Phrase(COUNTRY, refs[found[0][2]])


def _is_actor_use(doc: Doc, span: Span) -> bool:
    """Whether a capital or country name stands for the state ("Baku says") or is a place."""
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in LOCATIVE and before != "from":
        return False  # "in Vienna", whatever the parser made of the clause
    head = span.root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE:
        prep = head.head
        # "engagement from Ankara", "pressure from Moscow": a noun governs it, so the state.
        return bool(prep.lower_ == "from" and prep.head.pos_ in ("NOUN", "PROPN"))
    # A dateline ("MOSCOW —") or "Gandja, Azerbaijan" is the place.
    if span.text.isupper() and len(span.text) > 3:
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.text in ("—", "–", "-", "(", ","):
            return False
    after_place = span.start >= 2 and doc[span.start - 2].ent_type_ == "GPE"
    return not (after_place and doc[span.start - 1].text == ",")


def _countries_named(doc: Doc) -> set[str]:
    """ISO3 codes of the countries an article names: context for choosing among namesakes."""
    tables = load_tables()
    found: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP"):
            phrase = tables.by_key.get(surface_key(_strip_the(ent.text)))
            if phrase is not None and phrase.kind in STATE_KINDS:
                found.add(phrase.ref)
    return found


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


# -- institutions -------------------------------------------------------------------------


def _institutions(
    doc: Doc,
    tables: ActorTables,
    owner: list[_Candidate | None],
    chosen: list[_Candidate],
    mentions: list[EntityMention],
    sentence_of: list[int],
) -> None:
    """ "the Azerbaijani Foreign Ministry", "Russia's defence ministry", "ministry of X"."""
    lexicon = role_lexicon()
    for cand in chosen:
        if cand.phrase is None or cand.phrase.kind != INSTITUTION:
            continue
        institution = tables.institutions[cand.phrase.ref]
        if institution.institution in ("presidency", "government"):
            continue  # these stand for the state itself ("the Turkish government")
        nxt = cand.end
        if nxt < len(doc) and doc[nxt].lower_ in ("'s", "’s"):
            nxt += 1
        if nxt < len(doc) and doc[nxt].lower_ in lexicon.head_words:
            continue  # "foreign ministry spokeswoman", "the ministry's spokeswoman": a title
        if any(owner[i] is not None for i in range(cand.start, cand.end)):
            continue
        state, first = _state_before(doc, owner, cand.start)
        last = cand.end
        if state is None and cand.end + 1 < len(doc) and doc[cand.end].lower_ == "of":
            after = owner[cand.end + 1]
            if after is not None and after.phrase is not None and after.phrase.kind in STATE_KINDS:
                state, last = after.phrase.ref, after.end
        if state is None:
            continue
        span = doc[first:last]
        # The state words become part of the institution's mention.
        mentions[:] = [m for m in mentions if not (span.start_char <= m.start < span.end_char)]
        mentions.append(
            EntityMention(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                label="ORG",
                key=f"{state}:{institution.institution}",
                actor=f"{state}:{institution.institution}",
                country=state,
                sentence=sentence_of[cand.start],
            )
        )


def _state_before(doc: Doc, owner: list[_Candidate | None], start: int) -> tuple[str | None, int]:
    """The state named right before token `start` ("Russian", "Russia's", "the Kremlin")."""
    i = start - 1
    if i >= 0 and doc[i].lower_ in ("'s", "’s"):
        i -= 1
    if i < 0 or owner[i] is None:
        return None, start
    cand = owner[i]
    assert cand is not None
    if cand.phrase is None or cand.phrase.kind not in STATE_KINDS:
        return None, start
    return cand.phrase.ref, cand.start


# -- roles --------------------------------------------------------------------------------


def _roles(
    doc: Doc,
    chosen: list[_Candidate],
    owner: list[_Candidate | None],
    mentions: list[EntityMention],
    by_start: dict[int, EntityMention],
    sentence_of: list[int],
) -> None:
    lexicon = role_lexicon()
    persons = [c for c in chosen if c.phrase is None and c.label == "PERSON"]
    person_mentions: list[tuple[_Candidate, EntityMention]] = []
    for cand in persons:
        mention = by_start.get(doc[cand.start].idx)
        if mention is None or mention.label != "PERSON":
            continue
        title = _title_tokens_before(doc, cand.start, owner, lexicon)
        if not title or not _has_role(title, owner, lexicon):
            title = _title_tokens_after(doc, cand.end, owner, lexicon)
        country, role = _read_title(doc, title, owner, lexicon)
        if role == "counterpart":
            role = _antecedent_role(person_mentions, mention.sentence)
        mention.country, mention.role = country, role
        person_mentions.append((cand, mention))

    # Role descriptions with no name: "the Kremlin spokesman", "his Armenian counterparts".
    for token in doc:
        if token.lower_ not in lexicon.head_words or owner[token.i] is not None:
            continue
        nxt = _next_word(doc, token.i + 1)
        if nxt is not None and nxt.text == "," and nxt.i + 1 < len(doc):
            nxt = doc[nxt.i + 1]  # "the ministry's spokeswoman, Maria Costa"
        nxt_owner = owner[nxt.i] if nxt is not None else None
        if nxt_owner is not None and nxt_owner.label == "PERSON" and nxt_owner.phrase is None:
            continue  # a title: handled with the person
        if nxt is not None and nxt.pos_ == "PROPN":
            continue
        plural = token.lower_.endswith("s") and token.lower_[:-1] in lexicon.head_words
        title = [*_title_tokens_before(doc, token.i, owner, lexicon), token]
        first = title[0].i
        if first >= 1 and doc[first - 1].lower_ in INDEFINITE:
            continue  # "a Russian deputy foreign minister": not one we can name
        if first >= 2 and doc[first - 1].text == ",":
            previous = owner[first - 2]
            if previous is not None and previous.label == "PERSON" and previous.phrase is None:
                continue  # "Zohrab Mnatsakanyan, Armenia's foreign minister,": his title
        states = _states_in(title, owner)
        country, role = _read_title(doc, title, owner, lexicon)
        if role is None:
            continue
        if role == "counterpart":
            before = [(c, m) for c, m in person_mentions if c.end <= title[0].i]
            role = _antecedent_role(before, sentence_of[token.i])
            if role is None:
                continue
        elif plural or not states:
            continue  # "foreign ministers of A and B": a group; "the minister": whose?
        span = doc[title[0].i : token.i + 1]
        for state in states if plural else [country]:
            mentions.append(
                EntityMention(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    label="ROLE",
                    key=f"{state}|{role}",
                    country=state,
                    role=role,
                    sentence=sentence_of[token.i],
                )
            )


def _next_word(doc: Doc, i: int) -> Token | None:
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and doc[i].text != ",":
        i += 1  # brackets and quotes: "the Brazilian Foreign Minister [Carlos Mendes,]"
    return doc[i] if i < len(doc) else None


def _is_title_token(token: Token, owner: list[_Candidate | None], lexicon: RoleLexicon) -> bool:
    cand = owner[token.i]
    if cand is not None:  # a state, or an organisation ("UN Secretary-General", "WHO chief")
        return cand.phrase is not None and cand.phrase.kind in (*STATE_KINDS, ORG)
    return token.lower_ in lexicon.title_words or token.text in ("and", "[", "(", "-")


def _title_tokens_before(
    doc: Doc, start: int, owner: list[_Candidate | None], lexicon: RoleLexicon
) -> list[Token]:
    sent_start = doc[start].sent.start if start < len(doc) else 0
    i = start - 1
    while i >= sent_start and doc[i].text in ("[", "(", '"', "“"):
        i -= 1
    tokens = _title_run_before(doc, i, sent_start, owner, lexicon)
    # "the foreign minister of Armenia, Zohrab Mnatsakanyan": a title, a comma, the name.
    if not tokens and i - 1 >= sent_start and doc[i].text == ",":
        tokens = _title_run_before(doc, i - 1, sent_start, owner, lexicon)
        if not _has_role(tokens, owner, lexicon):
            tokens = []
    return tokens


def _title_run_before(
    doc: Doc, i: int, sent_start: int, owner: list[_Candidate | None], lexicon: RoleLexicon
) -> list[Token]:
    tokens: list[Token] = []
    while i >= sent_start and len(tokens) < 12 and _is_title_token(doc[i], owner, lexicon):
        tokens.append(doc[i])
        i -= 1
    tokens.reverse()
    while tokens and tokens[0].lower_ in ("and", "of", "for", "'s", "’s"):
        tokens.pop(0)
    return tokens


def _title_tokens_after(
    doc: Doc, end: int, owner: list[_Candidate | None], lexicon: RoleLexicon
) -> list[Token]:
    """ "Anna Naghdalyan, the foreign ministry's spokeswoman, said ..."."""
    if end >= len(doc) or doc[end].text != ",":
        return []
    tokens: list[Token] = []
    i = end + 1
    sent_end = doc[end].sent.end
    while i < sent_end and len(tokens) < 10 and _is_title_token(doc[i], owner, lexicon):
        if doc[i].lower_ == "and":
            break
        tokens.append(doc[i])
        i += 1
    return tokens


def _title_words(tokens: list[Token], owner: list[_Candidate | None]) -> str:
    """The title's own words as written ("secretary-general"), states and organisations out."""
    text = "".join(
        t.lower_.replace("’", "'") + (t.whitespace_ and " ") for t in tokens if owner[t.i] is None
    )
    return " ".join(text.split())


def _has_role(tokens: list[Token], owner: list[_Candidate | None], lexicon: RoleLexicon) -> bool:
    return lexicon.pattern.search(_title_words(tokens, owner)) is not None


def _states_in(tokens: list[Token], owner: list[_Candidate | None]) -> list[str]:
    states: list[str] = []
    for token in tokens:
        cand = owner[token.i]
        phrase = cand.phrase if cand is not None else None
        if phrase is not None and phrase.kind in STATE_KINDS and phrase.ref not in states:
            states.append(phrase.ref)
    return states


def _read_title(
    doc: Doc, tokens: list[Token], owner: list[_Candidate | None], lexicon: RoleLexicon
) -> tuple[str | None, str | None]:
    """(country, role) from title words: "Russian presidential spokesman" -> RUS, spokesperson."""
    if not tokens:
        return None, None
    states = _states_in(tokens, owner)
    seat_prefix: str | None = None
    tables = load_tables()
    for token in tokens:
        cand = owner[token.i]
        seat = cand.phrase if cand is not None else None
        if seat is not None and seat.kind == SEAT and seat.institution:
            inst = tables.institutions.get(seat.institution)
            seat_prefix = inst.prefix if inst else seat.institution
    text = _title_words(tokens, owner)
    matches = list(lexicon.pattern.finditer(text))
    if not matches:
        return (states[0] if states else None), None
    last = matches[-1]
    role = lexicon.roles[last.group(1)]
    before = text[: last.start()]
    if role == "counterpart":
        return (states[-1] if states else None), role
    if re.search(r"\bdeputy\s*$", before) and not role.startswith("deputy"):
        role = "deputy " + role
    elif re.search(r"\bformer\s*$", before):
        role = "former " + role
    if role == "spokesperson":
        # "foreign ministry spokeswoman", or "the spokeswoman for the foreign ministry"
        inst_matches = list(lexicon.institutions.finditer(before)) or list(
            lexicon.institutions.finditer(text[last.end() :])
        )
        if inst_matches:
            role = f"{tables.institutions[inst_matches[-1].group(1)].prefix} spokesperson"
        elif seat_prefix:
            role = f"{seat_prefix} spokesperson"
    return (states[0] if states else None), role


def _antecedent_role(persons: list[tuple[_Candidate, EntityMention]], sentence: int) -> str | None:
    """The role a "counterpart" shares: that of the last person with a role in the sentence,
    or in the one before ("Lavrov met Bayramov. He later called his Armenian counterpart.")."""
    for _cand, mention in reversed(persons):
        if mention.sentence < sentence - 1:
            break
        if mention.role and mention.role != "counterpart":
            return mention.role
    return None


# -- text helpers -------------------------------------------------------------------------


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def name_key(text: str) -> str:
    """The spelling key of a person or organisation name (titles and possessive dropped)."""
    words = [w for w in _strip_possessive(text).split() if fold(w) not in HONORIFICS]
    return translit_key(" ".join(words))


def organisation_key(span: Span) -> str:
    """The spelling key of a non-person name: leading lower-case words ("the new iPod") and a
    trailing legal form ("Apple Inc.") and possessive dropped."""
    words = [t.text for t in span if not t.is_punct]
    while len(words) > 1 and (
        (words[0].isalpha() and words[0].islower()) or words[0].lower() in ("the", "a", "an")
    ):
        words.pop(0)
    if words and words[-1].lower() in ("'s", "’s"):
        words.pop()
    while len(words) > 1 and words[-1].lower().rstrip(".") in LEGAL_FORMS:
        words.pop()
    return translit_key(" ".join(words))
