"""The `storyline.events.v1` stage: an article's PLOVER events and claims, resolved.

The sentence coder (`plover.code_doc`) works on a spaCy parse with span hints; this stage turns
its candidates into `Event`/`Claim` records of the article, resolved through the language layer:

* actors, recipients and claimants are entity ids of `language.entities` (the article's
  mentions merged on their own: `AZE` for "Baku has reported", `person:sergey-lavrov`,
  `geonames:N`); a span no mention covers keeps its words as `text:<words>` ("text:protesters");
* the claimant of what nobody is quoted for is the outlet: `outlet:<outlet name>`, or
  `outlet:unknown` when the cleaner found none;
* dates (`_Dater`): the TIMEX3 value of the expression that governs the event's clause; else
  that of a coordinated verb of the same tense ("met X on Friday and signed ..."); else, for an
  occurred act in the past tense in a sentence with no temporal expression at all, the day of
  the previous sentence of the same paragraph when that one was dated the same way; else
  unknown. Never the publication date by itself: only what the text says, normalised against
  it by the timex stage;
* location: the stated place ("in Geneva") with the gazetteer's coordinates;
* mentions: the evidence sentence with its offsets into `Article.text` (captions are not in
  the text, so never evidence);
* ids: `<article id>-e<offset of the trigger>` and `<article id>-c<offset of the figure>`.

Parsing: the language stage parses each article with the shared pipeline (`language.nlp`). A
spaCy component (`storyline_keep_parse`, added to that pipeline when this stage is built) keeps
the last few parses by text, so this stage codes the same `Doc` instead of parsing again; an
article analysed elsewhere is parsed here once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.events.claimant import antecedent, speaks_for_itself
from storyline.events.claims import (
    ASSERTION_UNIT,
    AssertionCandidate,
    ClaimCandidate,
    answer_previous,
    claim_as_of,
    extract_assertions,
    is_history,
)
from storyline.events.dating import date_of_value
from storyline.events.lexicon import lemma_of
from storyline.events.lexicon import load_lexicon as event_lexicon
from storyline.events.plover import EventCandidate, code_doc
from storyline.language.entities import EntityIndex, resolve_entities
from storyline.language.nlp import get_nlp
from storyline.language.places import gazetteer
from storyline.language.stage import parse_text
from storyline.language.timex import load_lexicon, parse_dct
from storyline.model import (
    Article,
    Claim,
    EntityMention,
    Event,
    EventDate,
    Location,
    Mention,
    TimeExpression,
)
from storyline.pipeline import Stage, stages
from storyline.settings import Settings

log = logging.getLogger(__name__)

STAGE_NAME = "storyline.events.v1"
PARSE_HOOK = "storyline_keep_parse"
KEPT_PARSES = 64  # more than one `nlp.pipe` batch of the language stage

_PERSONAL_PRONOUNS = frozenset({"he", "she"})
_PLACE_KEYS = ("region:", "geonames:", "place:", "us-state:")
# how far back (in sentences) the statement an act belongs to may have been dated
STATEMENT_SENTENCES = 2
_PLANS = frozenset({"planned", "proposed"})
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", re.IGNORECASE)

OUTLET_PREFIX = "outlet:"
TEXT_PREFIX = "text:"

_VERBAL = {"VERB", "AUX"}
_FUTURE_AUXILIARIES = {"will", "shall", "'ll", "’ll", "wo"}
_PAST_AUXILIARIES = {"had", "did", "was", "were", "has", "have"}


# -- the language stage's parse, kept for this stage ---------------------------------------


class _KeptParses:
    """The last few parses of the shared pipeline, by text (taken once, then forgotten)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.docs: OrderedDict[str, Doc] = OrderedDict()
        self.lock = threading.Lock()

    def put(self, doc: Doc) -> None:
        with self.lock:
            text = doc.text
            self.docs[text] = doc
            self.docs.move_to_end(text)
            while len(self.docs) > self.size:
                self.docs.popitem(last=False)

    def take(self, text: str) -> Doc | None:
        with self.lock:
            return self.docs.pop(text, None)


_kept = _KeptParses(KEPT_PARSES)


@Language.component(PARSE_HOOK)
def keep_parse(doc: Doc) -> Doc:
    """Remember `doc` for the events stage of the same article."""
    _kept.put(doc)
    return doc


def install_parse_hook(nlp: Language) -> None:
    if PARSE_HOOK not in nlp.pipe_names:
        nlp.add_pipe(PARSE_HOOK, last=True)


def parse_of(article: Article) -> Doc | None:
    """The parse of `article.text`: the language stage's when it kept one, else a new one.
    None when the text is over spaCy's length limit (the language stage left it unparsed)."""
    nlp = get_nlp()
    text = parse_text(article)  # the lead's dateline blanked out, as the language stage has it
    if len(text) > nlp.max_length:
        return None
    doc = _kept.take(text)
    if doc is None:
        doc = nlp(text)
        _kept.take(text)  # the hook kept it too
    return doc


# -- resolution ----------------------------------------------------------------------------


def outlet_claimant(article: Article) -> str:
    """The claimant of what the article asserts without quoting anyone."""
    return OUTLET_PREFIX + (article.outlet or "unknown")


def _words(text: str) -> str:
    return " ".join(text.split())


def _sentence_bounds(sent: Span, text: str) -> tuple[int, int]:
    """`text` is the doc's text, passed in: `Doc.text` joins every token on each access."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clause_tense(token: Token) -> str | None:
    """future / past / present of the clause `token` heads (its governor's for an infinitive
    or participle: "agreed to meet" is told in the past); None when no verb says."""
    node = token
    for _ in range(4):
        if node.pos_ in _VERBAL:
            auxiliaries = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in _FUTURE_AUXILIARIES for a in auxiliaries):
                return "future"
            if any(
                "Past" in f.morph.get("Tense", []) and "Part" not in f.morph.get("VerbForm", [])
                for f in (node, *auxiliaries)
            ) or any(a.lower_ in _PAST_AUXILIARIES for a in auxiliaries):
                return "past"
            if any("Fin" in f.morph.get("VerbForm", []) for f in (node, *auxiliaries)):
                return "present"
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _told_now(candidate: EventCandidate) -> bool:
    """An announcing act in the present tense ("are invited to Vienna on May 4"): a time
    in its clause is that of what it announces."""
    return clause_tense(_clause_verb(candidate.trigger.root)) == "present"


def is_entity_key(key: str) -> bool:
    return not key.startswith((TEXT_PREFIX, OUTLET_PREFIX))


def speaker_of(verb: Token) -> Token | None:
    """The subject of a verb of saying (the inverted one of '..., concluded the statement')."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    after = [child for child in subjects if child.i > verb.i]
    found = (after or subjects)[:1]
    return found[0] if found and found[0].pos_ != "PRON" else None


def _clause_verb(token: Token) -> Token:
    node = token
    for _ in range(6):
        if node.pos_ in _VERBAL or node.head.i == node.i:
            break
        node = node.head
    return node


# "since 1992", "until Friday", "by the end of the month": the act is not at that time.
_BOUND_PREPOSITIONS = frozenset(
    {"since", "until", "till", "before", "after", "by", "from", "through", "throughout"}
)


def _bounds_only(span: Span) -> bool:
    """True when a preposition on the way up from the expression makes it a bound of the act
    ("ongoing since 1992", "the heaviest since a 2008 truce"), not its time."""
    node = span.root
    for _ in range(6):
        if node.head.i == node.i or node.pos_ in _VERBAL:
            return False
        node = node.head
        if node.dep_ == "prep" and node.lower_ in _BOUND_PREPOSITIONS:
            return True
    return False


def _simple_past(verb: Token) -> bool:
    """A simple past clause ("met", "was killed"), not a perfect ("has backed") or a future."""
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("has", "have", "had", "will", "would", "shall") for a in auxiliaries):
        return False
    return verb.tag_ == "VBD" or any(a in ("was", "were", "did") for a in auxiliaries)


def _attached_verb(span: Span) -> Token | None:
    """The verb a temporal expression modifies: its first verbal ancestor."""
    node = span.root
    for _ in range(8):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in _VERBAL:
            return node
    return None


@dataclass
class _Dated:
    """The date of the previous sentence's acts, for the inheritance rule."""

    date: EventDate
    end: int  # where that sentence ends in the text


class _Resolver:
    """Turns one article's candidates into records (ids, entity keys, dates, places)."""

    def __init__(self, article: Article, doc: Doc, index: EntityIndex) -> None:
        self.article = article
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.outlet = outlet_claimant(article)
        dct = parse_dct(article.published)
        self.published = dct.isoformat() if dct else None
        self.timex_at: dict[tuple[int, int], TimeExpression] = {}
        self.ids: set[str] = set()
        self.previous: _Dated | None = None
        self.capitals: dict[str, str | None] = {}  # iso3 -> the gazetteer id of its capital
        # "In a statement, the president said ..." -> "concluded the statement": the reporting
        # noun's last author
        self.authors: dict[str, str] = {}
        # the day each entity last acted or spoke on by the text's own word, and in which
        # sentence: what a statement of theirs a sentence or two later was made on
        self.spoke: dict[str, tuple[EventDate, int]] = {}
        self.sentence_no = 0

    # entity keys

    def key(self, span: Span) -> str:
        """The entity an actor or recipient span stands for. In these roles a capital is its
        state ("recalled its ambassador to Lima", "travelled to Moscow"): the language layer
        keeps such a capital a city (it is one for `location`)."""
        capital_of = self._capital_state(span)
        if capital_of is not None:
            return capital_of
        entity = self.index.entity_at(self.article, span.start_char, span.end_char)
        root = span.root
        if (
            entity is not None
            and entity.startswith(_PLACE_KEYS)
            and root.pos_ == "NOUN"
            and lemma_of(root) not in event_lexicon().place_nouns  # "the town of Gorazde"
            and not any(
                m.start <= root.idx < m.end and m.place for m in self.article.entity_mentions
            )
        ):
            # "the warring parties in the Tigray conflict": people, not the place
            return TEXT_PREFIX + _words(span.text)
        if entity is None and span.text.lower() in _PERSONAL_PRONOUNS:
            entity = self._last_person_before(span.start_char)
        if entity is None:
            entity = self._author_of(span)
        return entity if entity is not None else TEXT_PREFIX + _words(span.text)

    def _author_of(self, span: Span) -> str | None:
        """ "the statement" with no owner of its own: the author of the last statement the
        article attributed ("In a statement, the president said ...")."""
        root = span.root
        if any(child.dep_ == "poss" for child in root.children):
            return None
        return self.authors.get(lemma_of(root))

    def note_authors(self, sent: Span) -> None:
        """Remember who made the statements (`reporting nouns`) a sentence attributes: the
        subject of its reporting verb, when that is an entity."""
        lex = event_lexicon()
        nouns = {
            lemma_of(token)
            for token in sent
            if token.pos_ == "NOUN" and lemma_of(token) in lex.reporting_nouns
        }
        if not nouns:
            return
        for verb in sent:
            if verb.pos_ not in _VERBAL or lemma_of(verb) not in lex.reporting_verbs:
                continue
            speaker = speaker_of(verb)
            if speaker is None:
                continue
            key = self.key(self.doc[speaker.left_edge.i : speaker.i + 1])
            if is_entity_key(key):
                self.authors.update(dict.fromkeys(nouns, key))
                return

    def note_spoke(self, keys: Sequence[str], date: EventDate) -> None:
        for key in keys:
            if is_entity_key(key):
                self.spoke[key] = (date, self.sentence_no)

    def told_on(self, keys: Sequence[str]) -> EventDate | None:
        """The day the text gives for the statement an act belongs to: the day its claimant
        (or actor) last acted or spoke on, at most `STATEMENT_SENTENCES` sentences before."""
        for key in keys:
            found = self.spoke.get(key)
            if found is not None and self.sentence_no - found[1] <= STATEMENT_SENTENCES:
                return dataclasses.replace(found[0])
        return None

    def _last_person_before(self, offset: int) -> str | None:
        """ "He said": the person the article named last before the pronoun (news style: a
        quote's speaker was just introduced); none when that sentence names two people."""
        mentions = self.article.entity_mentions
        persons = [
            m
            for m, mention in enumerate(mentions)
            if mention.label == "PERSON" and mention.end <= offset
        ]
        if not persons:
            return None
        sentence = mentions[persons[-1]].sentence
        candidates = {
            self.index.entity_of.get((self.article.id, m))
            for m in persons
            if mentions[m].sentence == sentence
        }
        return candidates.pop() if len(candidates) == 1 else None

    def _capital_state(self, span: Span) -> str | None:
        best: EntityMention | None = None
        best_overlap = 0
        for mention in self.article.entity_mentions:
            overlap = min(span.end_char, mention.end) - max(span.start_char, mention.start)
            if overlap > best_overlap:
                best, best_overlap = mention, overlap
        if best is None or best.actor or not best.place or not best.country:
            return None
        if best.country not in self.capitals:
            capital = gazetteer().capital(best.country)
            self.capitals[best.country] = capital.id if capital is not None else None
        return best.country if self.capitals[best.country] == best.place else None

    def keys(self, spans: Sequence[Span]) -> list[str]:
        keys: list[str] = []
        for span in spans:
            keys.extend(self._coordinated(span) or [self.key(span)])
        return list(dict.fromkeys(keys))

    def _coordinated(self, span: Span) -> list[str]:
        """ "the foreign ministers of Egypt and Ethiopia": a phrase over names joined by
        "and" or commas stands for each of them, not for the one it overlaps most."""
        inside = sorted(
            (
                mention
                for mention in self.article.entity_mentions
                if span.start_char <= mention.start and mention.end <= span.end_char
            ),
            key=lambda mention: mention.start,
        )
        if len(inside) < 2:
            return []
        for left, right in itertools.pairwise(inside):
            between = self.text[left.end : right.start]
            if _COORDINATION.fullmatch(between) is None:
                return []
        found: list[str] = []
        for mention in inside:
            part = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if part is None or not len(part):
                return []
            found.append(self.key(part))
        return list(dict.fromkeys(found)) if len(set(found)) > 1 else []

    def claimant(self, span: Span | None) -> str:
        """Who says so: "Syrian rebel sources" in their own words (not Syria), "the ministry"
        as the ministry the article just named, else the entity of the span; the outlet when
        nobody is quoted."""
        if span is None:
            return self.outlet
        if speaks_for_itself(span):
            return TEXT_PREFIX + _words(span.text)
        key = self.key(span)
        m = antecedent(span, self.article.entity_mentions) if key.startswith(TEXT_PREFIX) else None
        return self.index.entity_of.get((self.article.id, m), key) if m is not None else key

    def timex_value(self, span: Span | None) -> str | None:
        timex = self.timex_at.get((span.start, span.end)) if span is not None else None
        return timex.value if timex is not None else None

    def location(self, span: Span | None) -> Location | None:
        if span is None:
            return None
        entity = self.index.entity_at(self.article, span.start_char, span.end_char)
        if entity is not None and entity in self.index.locations:
            return dataclasses.replace(self.index.locations[entity])
        for mention in self.article.entity_mentions:
            if mention.start < span.end_char and span.start_char < mention.end and mention.place:
                return Location(
                    name=mention.text, country=mention.country, lat=mention.lat, lon=mention.lon
                )
        return Location(name=_words(span.text))

    # dates

    def timex_date(self, span: Span | None) -> EventDate | None:
        if span is None or _bounds_only(span):
            return None
        timex = self.timex_at.get((span.start, span.end))
        return date_of_value(timex.value) if timex is not None else None

    def date(
        self,
        candidate: EventCandidate,
        timexes: Sequence[Span],
        sentence_dates: dict[int, EventDate],
        frame: EventCandidate | None = None,
        announces: bool = False,
    ) -> EventDate:
        if (
            frame is not None
            and frame.timex is not None
            and candidate.timex is None
            and candidate.status in _PLANS
            and (self._ahead(frame.timex) is not None or _told_now(frame))
        ):
            # "are invited to Vienna on May 4 for talks": the day is the talks'
            return self.timex_date(frame.timex) or EventDate()
        if announces and candidate.timex is not None and _told_now(candidate):
            # ... and not the invitation's, which was made when its statement was
            return self.told_on(self._speakers(candidate)) or EventDate()
        date = self._date(candidate, timexes, sentence_dates)
        if (
            candidate.status == "occurred"
            and self.published is not None
            and date.start is not None
            and date.start > self.published
        ):
            # an act that occurred cannot lie after the report: the date is that of what it
            # announces ("are expected in Geneva on March 14"), not its own. An invitation,
            # offer or appeal was made when its statement was: the day the text gives for that
            if candidate.frame is not None and candidate.embedded_in is None:
                return self.told_on(self._speakers(candidate)) or EventDate()
            return EventDate()
        if (
            candidate.status == "planned"
            and self.published is not None
            and date.precision == "day"
            and date.start is not None
            and date.start < self.published
        ):
            ahead = self._weekday_ahead(candidate.timex, date.start)
            if ahead is not None:
                return ahead
        return date

    def _speakers(self, candidate: EventCandidate) -> list[str]:
        return [self.claimant(candidate.claimant), *self.keys(candidate.actors)]

    def _ahead(self, span: Span | None) -> EventDate | None:
        """The date of a time expression when it lies after the report."""
        date = self.timex_date(span)
        if date is None or self.published is None or date.start is None:
            return None
        return date if date.start > self.published else None

    def _weekday_ahead(self, span: Span | None, resolved: str) -> EventDate | None:
        """A plan told in the past tense still looks ahead ("was due to fly out on Monday",
        in a report of Thursday): a bare weekday (the timex lexicon's full names) is the same
        weekday after the report."""
        timex = self.timex_at.get((span.start, span.end)) if span is not None else None
        if timex is None or self.published is None:
            return None
        words = timex.text.lower().split()
        if words[:1] == ["on"]:
            words = words[1:]
        lexicon = load_lexicon()
        if len(words) != 1 or words[0] not in lexicon.weekdays:
            return None
        if words[0] in lexicon.weekdays_abbreviated:
            return None
        report = dt.date.fromisoformat(self.published[:10])
        day = dt.date.fromisoformat(resolved[:10])
        while day <= report:
            day += dt.timedelta(days=7)
        return EventDate(day.isoformat(), day.isoformat(), "day")

    def _date(
        self,
        candidate: EventCandidate,
        timexes: Sequence[Span],
        sentence_dates: dict[int, EventDate],
    ) -> EventDate:
        if candidate.timex is not None:
            # the text names a time: its value, or unknown when it cannot be pinned
            return self.timex_date(candidate.timex) or EventDate()
        verb = _clause_verb(candidate.trigger.root)
        tense = clause_tense(verb)
        # a coordinated verb of the same tense shares the time: "met X on Friday and signed"
        node = verb
        for _ in range(4):
            if node.dep_ != "conj" or node.head.i == node.i:
                break
            node = node.head
            if node.i in sentence_dates and clause_tense(node) == tense:
                return dataclasses.replace(sentence_dates[node.i])
        # a progressive complement happens when it is told: "said on Monday that it
        # was suspending its aid programme" (not "said on Friday that 40 were killed")
        if (
            verb.dep_ == "ccomp"
            and verb.head.i in sentence_dates
            and candidate.status == "occurred"
            and any(
                "Prog" in word.morph.get("Aspect", [])
                for word in (verb, *(c for c in verb.children if c.dep_ == "aux"))
            )
            and clause_tense(verb) == clause_tense(verb.head)
        ):
            return dataclasses.replace(sentence_dates[verb.head.i])
        if (
            not timexes
            and self.previous is not None
            and candidate.status == "occurred"
            and not candidate.background
            and _simple_past(verb)
            and "\n" not in self.text[self.previous.end : candidate.trigger.start_char]
        ):
            return dataclasses.replace(self.previous.date)
        return EventDate()

    def new_id(self, kind: str, offset: int) -> str:
        base = f"{self.article.id}-{kind}{offset}"
        found, n = base, 2
        while found in self.ids:
            found = f"{base}-{n}"
            n += 1
        self.ids.add(found)
        return found


def events_and_claims(article: Article, doc: Doc) -> tuple[list[Event], list[Claim]]:
    """The article's events and claims from its parse and the language layer's fields."""
    mention_spans: list[Span] = []
    for entity_mention in article.entity_mentions:
        span = doc.char_span(entity_mention.start, entity_mention.end, alignment_mode="expand")
        if span is not None and len(span):
            mention_spans.append(span)
    resolver = _Resolver(article, doc, resolve_entities([article]))
    timex_spans: list[Span] = []
    for timex in article.timexes:
        if timex.type not in ("DATE", "TIME"):
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and len(span) and (span.start, span.end) not in resolver.timex_at:
            resolver.timex_at[(span.start, span.end)] = timex
            timex_spans.append(span)
    dct = parse_dct(article.published)
    coded = code_doc(
        doc,
        entity_spans=mention_spans,
        timexes=timex_spans,
        reference_year=dct.year if dct else None,
    )
    events: list[Event] = []
    claims: list[Claim] = []
    previous_said: list[Claim] = []  # the assertions of the sentence before ("denied the claims")
    previous_end = 0
    for sentence in coded:
        sent = sentence.sentence
        start, end = _sentence_bounds(sent, resolver.text)
        mention = Mention(
            article_id=article.id, sentence=resolver.text[start:end], start=start, end=end
        )
        inside = [t for t in timex_spans if sent.start <= t.start < sent.end]
        # the dates the sentence's expressions give, by the verb each one hangs on
        own: dict[int, EventDate] = {}
        for span in inside:
            verb = _attached_verb(span)
            date = resolver.timex_date(span)
            if verb is not None and date is not None:
                own.setdefault(verb.i, date)
        dated: EventDate | None = None
        first_event = len(events)
        framing = {c.embedded_in for c in sentence.events if c.embedded_in is not None}
        for n, candidate in enumerate(sentence.events):
            frame = (
                sentence.events[candidate.embedded_in]
                if candidate.embedded_in is not None
                else None
            )
            date = resolver.date(candidate, inside, own, frame, n in framing)
            event = _event(resolver, candidate, date, mention)
            events.append(event)
            if (
                candidate.timex is not None
                and date.precision == "day"
                and candidate.status == "occurred"
                and not candidate.background
            ):
                resolver.note_spoke(event.actors, date)
            if (
                candidate.timex is not None  # its own expression: inherited dates never chain
                and date.precision == "day"
                and candidate.status == "occurred"
                and not candidate.background
                and _simple_past(_clause_verb(candidate.trigger.root))
            ):
                dated = dated or date
        resolver.previous = _Dated(dated, end) if dated is not None else None
        for span in inside:
            # "Peskov said on Thursday": the day the speaker spoke on
            verb = _attached_verb(span)
            date = resolver.timex_date(span)
            speaker = speaker_of(verb) if verb is not None else None
            if (
                verb is not None
                and speaker is not None
                and date is not None
                and date.precision == "day"
                and lemma_of(verb) in event_lexicon().reporting_verbs
            ):
                key = resolver.key(doc[speaker.left_edge.i : speaker.i + 1])
                resolver.note_spoke([key], date)
        resolver.note_authors(sent)
        resolver.sentence_no += 1
        for claim in sentence.claims:
            claims.append(_claim(resolver, claim, mention))
        said: list[Claim] = []
        for assertion in extract_assertions(sentence.events, sentence.claims, timexes=inside):
            about = events[first_event + assertion.event] if assertion.event is not None else None
            answer = _assertion(resolver, assertion, about, mention)
            if assertion.answers_before and "\n" not in resolver.text[previous_end:start]:
                answer_previous(answer, previous_said)
            said.append(answer)
        claims.extend(said)
        previous_said, previous_end = said, end
    return events, claims


def _assertion(
    resolver: _Resolver, assertion: AssertionCandidate, about: Event | None, mention: Mention
) -> Claim:
    """A contested assertion as a claim: unit "assertion", the act it is about in `event_ids`
    (none for a denial of an earlier sentence's "claims": the story layer links it)."""
    return Claim(
        id=resolver.new_id("c", assertion.trigger.start_char),
        subject=_words(assertion.subject),
        value=assertion.value,
        unit=ASSERTION_UNIT,
        claimant=resolver.claimant(assertion.claimant),
        as_of=claim_as_of(resolver.timex_value(assertion.said_at), None, resolver.published),
        mentions=[dataclasses.replace(mention)],
        background=about.background if about is not None else False,
        event_ids=[about.id] if about is not None else [],
    )


def _event(
    resolver: _Resolver, candidate: EventCandidate, date: EventDate, mention: Mention
) -> Event:
    actors = resolver.keys(candidate.actors)
    recipients = resolver.keys(candidate.recipients)
    if candidate.action == "CONSULT":
        # the parties to a meeting are people, states and organisations; a region named with
        # it is where or what about ("the Karabakh peace talks"); a capital met in or visited
        # is already its state
        actors = [key for key in actors if not key.startswith(_PLACE_KEYS)]
        recipients = [key for key in recipients if not key.startswith(_PLACE_KEYS)]
    return Event(
        id=resolver.new_id("e", candidate.trigger.start_char),
        type=candidate.type,
        mode=candidate.mode,
        actors=actors,
        recipients=recipients,
        date=date,
        location=resolver.location(candidate.location),
        status=candidate.status,
        claimant=resolver.claimant(candidate.claimant),
        background=candidate.background,
        mentions=[dataclasses.replace(mention)],
    )


def _claim(resolver: _Resolver, claim: ClaimCandidate, mention: Mention) -> Claim:
    said, own = resolver.timex_value(claim.said_at), resolver.timex_value(claim.as_of)
    as_of = claim_as_of(said, own, resolver.published)
    return Claim(
        id=resolver.new_id("c", claim.quantity.start_char),
        subject=_words(claim.subject),
        value=claim.value,
        unit=claim.unit or None,
        claimant=resolver.claimant(claim.claimant),
        as_of=as_of,
        mentions=[dataclasses.replace(mention)],
        background=is_history(as_of, resolver.published),
    )


_SPACES = re.compile(r"\s+")


def code_article(article: Article) -> Article:
    """The stage function: fill `article.events` and `article.claims`."""
    try:
        doc = parse_of(article)
        if doc is None:
            article.events, article.claims = [], []
        else:
            article.events, article.claims = events_and_claims(article, doc)
    except Exception as exc:  # a coder bug costs this article's events, not the batch
        reason = _SPACES.sub(" ", str(exc))[:200]
        log.warning("events skipped: %s: %s: %s", article.source, type(exc).__name__, reason)
        article.events, article.claims = [], []
    return article


@stages.register(STAGE_NAME)
def events_stage(settings: Settings) -> Stage:
    """Events and claims (needs the language and timex stages' fields)."""
    install_parse_hook(get_nlp())
    return Stage(
        name=STAGE_NAME,
        func=code_article,
        requires=frozenset({"text", "published", "sentences", "entity_mentions", "timexes"}),
        assigns=frozenset({"events", "claims"}),
    )
