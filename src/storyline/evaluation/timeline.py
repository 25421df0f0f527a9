"""`storyline eval timeline PATH`: SemEval-2015 Task 4 (TimeLine, Track A) on its layout.

**Layout** (`../shared/eval/semeval2015_task4_timeline/`): `docs/<id>.xml` (TimeML with
`<DCT>` and `<s id=k>` sentences of space-separated tokens), `docs.tsv` (doc id, corpus, dct,
...), `target_entities.txt` (name, timeline stem, corpus) and `timelines/<stem>.txt` (first line
the entity, then `order<TAB>date<TAB>mention...`; a mention is `docid-sentence-token`).

**Scorer** (the task's definition: temporal awareness, UzZaman & Allen, over the TimeML graph
the task's evaluation tool makes of a timeline). Each time anchor is a TIMEX3 and each mention
on a line with a date other than `XXXX-XX-XX` is SIMULTANEOUS with it; the mentions of one order
are SIMULTANEOUS and each is BEFORE every mention of the next order; order 0 states no order.
The relations go into the graph in that order, as the temporal-awareness tool inserts them: one
the graph already implies leaves the reduced graph; one that contradicts it (two orders on one
day: both SIMULTANEOUS with the day, yet one BEFORE the other) is not added but stays in the
reduced graph. A relation holds in a graph when the timeline states it or the closure implies it.
Precision = |system reduced graph holding in gold| / |system reduced|, recall = |gold reduced
holding in the system| / |gold reduced|, micro-averaged over the target entities (counts
summed), F1 their harmonic mean. Where this departs from the tool: a mention BEFORE itself (the
same mention on two consecutive lines, a gold quirk) is no relation here, where the tool counts it
as violated.

**System** (storyline's own layers, nothing trained on the task): each document is one article
(tokens joined by spaces, title and date line as their own paragraphs, body sentences as one
paragraph) dated by its DCT, run through the language, timex and events stages. Targets are
found by name (`target_aliases`: the full name, its multi-word parts, a person's surname, the
name before a trailing common noun — "iTunes" for "iTunes store" —, a model name reversed —
"3G iPhone"). Two ways to find the target's events (`--set events=`):

* `verbs` (default): every verb the target is an argument of (its first verbal ancestor, not
  through a possessor or a noun's prepositional object: "Cook's mood seemed" is no act of
  Cook; the conjoined verbs of a subject, the complement of "prompted X to ..."), the
  participles that modify it ("the newly unveiled iPad 2"), the event nouns it modifies
  or complements ("iPod use", "sales of its iPods"; `resources/timeline/event_nouns.txt` and
  nominal suffixes) and the listed event nouns its verbs take as objects ("filed a lawsuit";
  a light verb, `light_verbs.txt`, gives way to its noun: "gave his keynote"), in the body. A
  name inside a longer one takes the whole name's place ("iTunes" in "the iTunes Music
  Store") unless that is another proper name ("iPod Touch", "Steve Wozniak"); a copula with a
  predicate is no event, as in TimeML. A person is also named by the first name alone, a
  thing by a definite description ("the store", "the new iPhone"); pronouns ("he"/"his"/...
  for a person, "it"/"its" for a thing) stand for the target where the subject before them,
  or the last entity of that kind the text was about, is the target. Mentions are written as
  the task does: lower case, a phrasal verb with its particle ("showed_off"). The TimeLine
  gold marks every event the entity takes part in, and the PLOVER coder codes political acts
  only ("launched", "sold", "born" are none), so this reads the parse directly;
* `storyline`: the events stage's PLOVER events whose participants (or, `--set
  scope=sentence`, sentences) name the target, fused per corpus (`stories.fuse`).

Dates: the finest TIMEX3 expression attached to the verb or event noun (an expression on an
event noun dates the noun only: "slated for a release on June 24"; an event noun without one
takes its verb's date; the governor of a clause that shares its time: advcl, xcomp, conj); a
past act in a period that holds the publication date happened up to that day ("has filed a
lawsuit this week", `events.dating.up_to`); else, by `--set undated=` (`tense`, default): a
present clause is on the publication date and a simple-past one on the last day in the month
before publication the text named before it (else the publication date); perfects and
futures stay unknown (`dct`: every undated
act on the publication date; `unknown`: none). Lines are ordered by date (the same date, the
same order number; a month before its days); an undated event is an order-0 line `XXXX-XX-XX`.
`--set write=DIR` writes the timelines; `--set predictions=DIR` scores the timeline files of
another system instead.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, eval_tasks
from storyline.model import Article, Event, EventDate, trigger_offset

UNKNOWN_DATE = "XXXX-XX-XX"

# -- gold and system timelines ---------------------------------------------------------------


@dataclass
class Entry:
    order: int
    date: str
    mentions: list[str]


@dataclass
class Timeline:
    entity: str
    entries: list[Entry] = field(default_factory=list)

    def lines(self) -> str:
        rows = [self.entity]
        rows += [f"{e.order}\t{e.date}\t" + "\t".join(e.mentions) for e in self.entries]
        return "\n".join(rows) + "\n"


def parse_timeline(text: str) -> Timeline:
    """A timeline file: entity on the first line, then `order<TAB>date<TAB>mention...`."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return Timeline(entity="")
    timeline = Timeline(entity=lines[0].strip())
    for line in lines[1:]:
        parts = line.strip().split("\t")
        if len(parts) < 3 or not parts[0].strip().lstrip("-").isdigit():
            continue
        timeline.entries.append(
            Entry(int(parts[0]), parts[1].strip(), [p.strip() for p in parts[2:] if p.strip()])
        )
    return timeline


# -- the scorer --------------------------------------------------------------------------------

Relation = tuple[str, str, str]  # ("=", a, b): SIMULTANEOUS; ("<", a, b): a BEFORE b


def anchor_node(date: str) -> str:
    """The TIMEX3 node of a time anchor (kept apart from mention names)."""
    return f"t:{date}"


@dataclass
class _Graph:
    """The TimeML graph of one timeline, built as the temporal-awareness scorer builds it:
    relations are inserted in the order the conversion states them; one already implied by the
    graph leaves the reduced graph, one that contradicts it stays in the reduced graph but is not
    added (UzZaman's `violated_relations`)."""

    stated: set[Relation] = field(default_factory=set)
    reduced: list[Relation] = field(default_factory=list)
    parent: dict[str, str] = field(default_factory=dict)
    after: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def _find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def _before(self, a: str, b: str) -> bool:
        start, goal = self._find(a), self._find(b)
        seen, stack = {start}, [start]
        while stack:
            for nxt in self.after[stack.pop()]:
                root = self._find(nxt)
                if root == goal:
                    return True
                if root not in seen:
                    seen.add(root)
                    stack.append(root)
        return False

    def derives(self, relation: Relation) -> bool:
        """Is `relation` in the closure of the relations added?"""
        kind, a, b = relation
        if a not in self.parent or b not in self.parent:
            return False
        if kind == "=":
            return self._find(a) == self._find(b)
        return self._find(a) != self._find(b) and self._before(a, b)

    def _contradicts(self, relation: Relation) -> bool:
        kind, a, b = relation
        if kind == "=":
            return self._before(a, b) or self._before(b, a)
        return self._find(a) == self._find(b) or self._before(b, a)

    def insert(self, relation: Relation) -> None:
        kind, a, b = relation
        if a == b:
            return
        self.stated.add(relation)
        if a in self.parent and b in self.parent:
            if self.derives(relation):
                return
            if self._contradicts(relation):
                self.reduced.append(relation)
                return
        for node in (a, b):
            self.parent.setdefault(node, node)
        if kind == "=":
            ra, rb = self._find(a), self._find(b)
            self.parent[ra] = rb
            self.after[rb] |= self.after.pop(ra, set())
        else:
            self.after[self._find(a)].add(b)
        self.reduced.append(relation)

    def holds(self, relation: Relation) -> bool:
        """Stated by this timeline (either way round for SIMULTANEOUS) or in its closure."""
        kind, a, b = relation
        if relation in self.stated or (kind == "=" and (kind, b, a) in self.stated):
            return True
        return self.derives(relation)


def _known(date: str) -> bool:
    return bool(date) and date != UNKNOWN_DATE and not set(date) <= set("X-")


def timeline_graph(timeline: Timeline) -> _Graph:
    """The task's conversion: each time anchor a TIMEX3, each mention SIMULTANEOUS with its
    anchor's TIMEX3 (none for `XXXX-XX-XX`), the mentions of one order SIMULTANEOUS, each mention
    BEFORE every mention of the next order; order 0 states no order."""
    stated: list[Relation] = []
    groups: dict[int, list[str]] = defaultdict(list)
    for entry in timeline.entries:
        for mention in entry.mentions:
            if _known(entry.date):
                stated.append(("=", mention, anchor_node(entry.date)))
            if entry.order > 0:
                groups[entry.order].append(mention)
    numbers = sorted(groups)
    for number in numbers:
        members = list(dict.fromkeys(groups[number]))
        stated += [("=", a, b) for a, b in itertools.combinations(members, 2)]
    for first, second in itertools.pairwise(numbers):
        stated += [("<", a, b) for a in groups[first] for b in groups[second]]
    graph = _Graph()
    for relation in dict.fromkeys(stated):
        graph.insert(relation)
    return graph


@dataclass
class Counts:
    system_reduced: int = 0
    system_correct: int = 0
    gold_reduced: int = 0
    gold_found: int = 0

    def add(self, other: Counts) -> None:
        self.system_reduced += other.system_reduced
        self.system_correct += other.system_correct
        self.gold_reduced += other.gold_reduced
        self.gold_found += other.gold_found

    @property
    def precision(self) -> float:
        return self.system_correct / self.system_reduced if self.system_reduced else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_reduced if self.gold_reduced else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_timeline(system: Timeline, gold: Timeline) -> Counts:
    """Temporal-awareness counts of one system timeline against its gold one."""
    sys_graph, gold_graph = timeline_graph(system), timeline_graph(gold)
    return Counts(
        system_reduced=len(sys_graph.reduced),
        system_correct=sum(gold_graph.holds(r) for r in sys_graph.reduced),
        gold_reduced=len(gold_graph.reduced),
        gold_found=sum(sys_graph.holds(r) for r in gold_graph.reduced),
    )


def score_timelines(system: dict[str, Timeline], gold: dict[str, Timeline]) -> Counts:
    """Micro-averaged counts over the gold targets (a missing system timeline is empty)."""
    total = Counts()
    for stem, gold_timeline in gold.items():
        total.add(score_timeline(system.get(stem, Timeline(gold_timeline.entity)), gold_timeline))
    return total


# -- the corpus --------------------------------------------------------------------------------


@dataclass
class Doc:
    doc_id: str
    corpus: str
    dct: str | None
    sentences: dict[int, list[str]]  # sentence id -> tokens


@dataclass
class Target:
    name: str
    stem: str
    corpus: str


def load_targets(folder: Path) -> list[Target]:
    targets = []
    for line in (folder / "target_entities.txt").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].strip():
            targets.append(Target(parts[0].strip(), parts[1].strip(), parts[2].strip()))
    return targets


def load_docs(folder: Path) -> list[Doc]:
    corpus_of: dict[str, str] = {}
    with (folder / "docs.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            corpus_of[row["doc_id"]] = row["corpus"]
    docs = []
    for path in sorted((folder / "docs").glob("*.xml")):
        root = ET.parse(path).getroot()
        doc_id = (root.findtext("DOCID") or path.stem).strip()
        timex = root.find("DCT/TIMEX3")
        dct = timex.get("value") if timex is not None else None
        sentences: dict[int, list[str]] = {}
        text = root.find("TEXT")
        for s in text.iter("s") if text is not None else []:
            sentences[int(s.get("id", len(sentences)))] = "".join(s.itertext()).split()
        docs.append(Doc(doc_id, corpus_of.get(doc_id, ""), dct, sentences))
    return docs


# -- the system --------------------------------------------------------------------------------


@dataclass
class _Placed:
    """A document as an article, and where each token of it lies."""

    article: Article
    token_at: dict[int, tuple[int, str]]  # character offset of a token start -> (sentence, token)
    starts: list[int]
    sentence_spans: list[tuple[int, int, int]]  # (sentence id, start, end) in the text


def as_article(doc: Doc) -> _Placed:
    parts: list[str] = []
    token_at: dict[int, tuple[int, str]] = {}
    spans: list[tuple[int, int, int]] = []
    offset = 0
    ids = sorted(doc.sentences)
    for n, sid in enumerate(ids):
        if n:
            sep = "\n\n" if n <= 2 else " "  # title, date line, then one body paragraph
            parts.append(sep)
            offset += len(sep)
        begin = offset
        for t, token in enumerate(doc.sentences[sid]):
            if t:
                parts.append(" ")
                offset += 1
            token_at[offset] = (sid, token)
            parts.append(token)
            offset += len(token)
        spans.append((sid, begin, offset))
    text = "".join(parts)
    article = Article.create(
        source=f"{doc.doc_id}.xml", text=text, published=(doc.dct or "")[:10] or None
    )
    return _Placed(article, token_at, sorted(token_at), spans)


def analyse(placed: Sequence[_Placed], *, events: bool = True) -> None:
    """Run the language and timex stages (and the events stage, `events`) on each document."""
    from storyline.pipeline import build_pipeline
    from storyline.settings import load_settings

    stages = ["storyline.language.v1", "storyline.timex.v1"]
    pipeline = build_pipeline(load_settings(), stages + ["storyline.events.v1"] * events)
    for item in placed:
        for stage in pipeline:
            result = stage(item.article)
            if isinstance(result, list):  # these stages never split; keep the first
                item.article = result[0]
            else:
                item.article = result


def trigger_mention(event: Event, placed: _Placed, doc_id: str) -> str | None:
    """`docid-sentence-token` of the event's trigger (its offset is in the event id)."""
    offset = trigger_offset(event.id)
    if offset is None:
        return None
    i = bisect.bisect_right(placed.starts, offset) - 1
    if i < 0:
        return None
    sid, token = placed.token_at[placed.starts[i]]
    return f"{doc_id}-{sid}-{token}"


_COMMON_TAIL = frozenset({"store", "company", "inc", "corp", "corporation", "device", "service"})
_PART_TAIL = frozenset({"store", "service", "device"})
_SERVICE_HEADS = _COMMON_TAIL | {"shop", "music"}


def target_aliases(name: str) -> set[str]:
    """Lower-cased names that stand for the target (module docstring)."""
    words = name.split()
    aliases = {name.lower()}
    for size in range(2, len(words)):
        for start in range(len(words) - size + 1):
            aliases.add(" ".join(words[start : start + size]).lower())
    if len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words):
        aliases.add(words[-1].lower())  # a person's surname: "Jobs"
        aliases.add(words[0].lower())  # and first name: "Steve" (not "Steve Wozniak")
    if len(words) >= 2 and words[-1].lower() in _COMMON_TAIL:
        aliases.add(" ".join(words[:-1]).lower())
    if len(words) == 2 and any(c.isdigit() for c in words[1]):
        aliases.add(f"{words[1]} {words[0]}".lower())  # a model: "iPhone 3G", "the 3G iPhone"
    return aliases


def _date_value(event: Event) -> str:
    date = event.date
    if date.precision == "unknown" or not date.start:
        return UNKNOWN_DATE
    if date.precision == "day":
        return date.start
    start, end = date.start, date.end or date.start
    if date.precision == "month" and start[:7] == end[:7]:
        return start[:7] + "-XX"
    if date.precision == "year" and start[:4] == end[:4]:
        return start[:4] + "-XX-XX"
    return UNKNOWN_DATE


def _sort_key(date: str) -> str:
    return date.replace("X", "0")


def build_timeline(
    target: Target,
    placed: Sequence[_Placed],
    *,
    scope: str = "participant",
    fuse: bool = True,
) -> Timeline:
    from storyline.language.entities import resolve_entities
    from storyline.stories.fuse import fuse_groups

    aliases = target_aliases(target.name)
    reports: list[tuple[Article, Event]] = []
    mention_of: dict[str, str] = {}
    for item in placed:
        article = item.article
        index = resolve_entities([article])
        matching = {
            e.id
            for e in index.entities
            if e.name.lower() in aliases or any(a.lower() in aliases for a in e.aliases)
        }
        doc_id = article.source.removesuffix(".xml")
        for event in article.events:
            keys = set(event.actors) | set(event.recipients)
            hit = bool(keys & matching) or any(
                k.startswith("text:") and k[5:].lower() in aliases for k in keys
            )
            if not hit and scope == "sentence":
                sentence = event.mentions[0].sentence.lower() if event.mentions else ""
                hit = any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", sentence) for a in aliases)
            if not hit:  # background acts too: a timeline of an entity spans its history
                continue
            mention = trigger_mention(event, item, doc_id)
            if mention is None:
                continue
            mention_of[event.id] = mention
            reports.append((article, event))
    groups: list[tuple[str, list[str]]] = []
    if fuse:
        for fused, members in fuse_groups(reports):
            mentions = [mention_of[m.id] for m in members if m.id in mention_of]
            groups.append((_date_value(fused), list(dict.fromkeys(mentions))))
    else:
        groups = [(_date_value(e), [mention_of[e.id]]) for _, e in reports]
    return order_lines(target.name, groups)


_VERBAL = frozenset({"VERB", "AUX"})
_NOT_EVENT_DEPS = frozenset({"aux", "auxpass", "amod"})


def _event_verb(token: Any, *, argument: bool = False) -> Any | None:
    """The verb the word hangs on: its first verbal ancestor. With `argument`, only a verb
    the word is an argument of: a possessor ("Cook's mood seemed") or the object of a
    preposition on a noun ("the size of the screen on iPad 2") modifies that noun and
    takes no part in the verb."""
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return None
        if argument and (
            node.dep_ == "poss"
            or (node.dep_ == "pobj" and node.head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"))
        ):
            return None
        node = node.head
        if node.pos_ in _VERBAL and node.dep_ not in _NOT_EVENT_DEPS:
            return node
    return None


_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s"})


def _copula(verb: Any) -> bool:
    """A copula with a predicate ("it is the thinnest"): TimeML marks the predicate, not "be"."""
    return verb.lower_ in _BE and any(c.dep_ in ("attr", "acomp", "oprd") for c in verb.children)


def _tense(verb: Any) -> str | None:
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll") for a in auxiliaries):
        return "future"
    forms = [verb, *auxiliaries]
    if any("Past" in f.morph.get("Tense") and "Part" not in f.morph.get("VerbForm") for f in forms):
        return "past"
    if any(a.lower_ in ("has", "have", "had", "was", "were", "did") for a in auxiliaries):
        return "past"
    if any("Fin" in f.morph.get("VerbForm") for f in forms):
        return "present"
    return None


def _dct_applies(verb: Any, policy: str) -> bool:
    """Whether an undated act is dated from the publication date: `dct` any act; `tense` a
    present or simple-past clause (news tells the acts of its days so), not a perfect ("has
    twice sued") or a future; `present` only present-tense clauses; `unknown` none."""
    if policy == "dct":
        return True
    tense = _tense(verb)
    if policy == "tense":
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        return tense == "present" or (tense == "past" and not auxiliaries & {"has", "have", "had"})
    return policy == "present" and tense == "present"


# Clauses that happen when their governor does: "While introducing the phone, Jobs said",
# "met and signed", "agreed to meet" (not "said that ...": a ccomp has its own time).
_SHARE_TIME = frozenset({"advcl", "xcomp", "conj"})


# prepositions whose event noun frames an act rather than being one of its participant's
_FRAMING = frozenset(
    {"during", "alongside", "amid", "throughout", "after", "before", "since", "following"}
)

# prepositions that put an event noun at another time than its verb's
_OTHER_TIME = frozenset({"since", "after", "before", "until", "following", "prior"})


def _date_of(
    verb: Any,
    base: int,
    dated: dict[int, tuple[int, EventDate]],
    dct: str | None,
    policy: str,
    reference: Sequence[tuple[int, str]] = (),
) -> str:
    """The verb's own expression, or that of the governor of a clause sharing its time (an
    event noun: that of the verb it belongs to); else the publication date where the policy
    applies; else unknown."""
    from storyline.events.dating import up_to

    if verb.pos_ not in _VERBAL and base + verb.idx not in dated:
        if verb.head.dep_ == "prep" and verb.head.lower_ in _OTHER_TIME:
            return UNKNOWN_DATE  # "since its launch": before the verb's time, not at it
        governor = _event_verb(verb)
        if governor is None:
            return UNKNOWN_DATE
        verb = governor  # "filed a lawsuit this week", "Jobs' death" the verb reports
    node = verb
    for _ in range(4):
        if base + node.idx in dated:
            date = dated[base + node.idx][1]
            if dct and _tense(verb) == "past":
                date = up_to(date, dct)  # "has filed a lawsuit this week": by publication
            return _date_value(Event(id="", type="", date=date))
        governor = node.head
        if node.dep_ == "pcomp" and governor.dep_ == "prep":
            governor = governor.head  # "started by hinting"
        elif node.dep_ not in _SHARE_TIME:
            break
        if governor.i == node.i or governor.pos_ not in _VERBAL:
            break
        node = governor
    if _tense(verb) is None and _tense(node) is not None:
        verb = node  # "While introducing the phone, Jobs started": the tense of "started"
    if dct and _dct_applies(verb, policy):
        if _tense(verb) == "past" and reference:
            # a past act the clause does not date happened on the day the story is about:
            # the last recent day named before it ("On Wednesday, Apple unveiled ... It said")
            earlier = [value for start, value in reference if start < base + verb.idx]
            if earlier:
                return earlier[-1]
        return dct
    return UNKNOWN_DATE


def _recent(day: str | None, dct: str | None) -> bool:
    """A day named as the story's day: in the month up to the publication date (not a birth
    date or a founding year the text recalls)."""
    if not day or not dct:
        return False
    try:
        published = dt.date.fromisoformat(dct)
        named = dt.date.fromisoformat(day)
    except ValueError:
        return False
    return published - dt.timedelta(days=31) <= named <= published


_NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "al")


def _word_list(name: str) -> frozenset[str]:
    path = resources.files("storyline").joinpath("resources", "timeline", name)
    words = (line.strip().lower() for line in path.read_text("utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


@cache
def event_nouns() -> frozenset[str]:
    return _word_list("event_nouns.txt")


@cache
def light_verbs() -> frozenset[str]:
    return _word_list("light_verbs.txt")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _is_event_noun(token: Any) -> bool:
    """A listed event noun, or a noun with a nominal suffix ("acquisition", "settlement")."""
    return _listed_event_noun(token) or (
        token.pos_ == "NOUN" and _singular(token.lower_).endswith(_NOMINAL_SUFFIXES)
    )


def _same_subject_clauses(verb: Any, depth: int = 2) -> list[Any]:
    """The verbs of clauses with no subject of their own that the verb's subject does: "met
    and signed" (conj), "While introducing the phone, Jobs started ... saying" (advcl), "started
    by hinting" (a preposition's clause)."""
    found: list[Any] = []
    for child in verb.children:
        clauses = [child] if child.dep_ in ("conj", "advcl") else []
        if child.dep_ == "prep":
            clauses = [c for c in child.children if c.dep_ == "pcomp"]
        for clause in clauses:
            if clause.pos_ == "VERB" and not any(c.dep_ in _SUBJECTS for c in clause.children):
                found.append(clause)
                if depth > 1:
                    found += _same_subject_clauses(clause, depth - 1)
    return found


def _listed_event_noun(token: Any) -> bool:
    """An event noun by the list alone (an object is one only when listed: "filed a lawsuit",
    not "announced the development")."""
    word = token.lower_
    return token.pos_ == "NOUN" and (word in event_nouns() or _singular(word) in event_nouns())


def _with_event_objects(verbs: list[Any]) -> list[Any]:
    """The verbs and the event nouns they take as objects ("filed a lawsuit": both); a light
    verb with an event noun object gives way to the noun ("gave his keynote": the keynote)."""
    found: list[Any] = []
    for verb in verbs:
        objects = [c for c in verb.children if c.dep_ == "dobj" and _listed_event_noun(c)]
        particle = any(c.dep_ == "prt" for c in verb.children)
        if not (objects and verb.lower_ in light_verbs() and not particle):
            found.append(verb)
        found += objects
        # "set for a launch on May 9", "would be on a sales tour" (not the event that
        # frames the act: "during the keynote")
        found += [
            c
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ not in _FRAMING
            for c in prep.children
            if c.dep_ == "pobj" and _listed_event_noun(c)
        ]
    return found


def _event_noun(root: Any) -> Any | None:
    """The event noun the target modifies or complements: "iPod use" (compound), "Apple's
    launch" (poss), "the sales of its iPods" (of-complement)."""
    head = root.head
    if root.dep_ in ("compound", "poss", "nmod") and _is_event_noun(head):
        return head
    if root.dep_ == "pobj" and head.lower_ == "of" and _is_event_noun(head.head):
        return head.head
    return None


def _governing_event_noun(root: Any) -> Any | None:
    """The event noun a temporal expression hangs on before any verb ("release on June 24")."""
    node = root
    for _ in range(4):
        if node.head.i == node.i or node.head.pos_ in _VERBAL:
            return None
        node = node.head
        if _is_event_noun(node):
            return node
    return None


_PERSON_PRONOUNS = frozenset({"he", "she", "his", "him", "her"})


def _target_spans(
    pattern: re.Pattern[str],
    text: str,
    body_start: int,
    parses: dict[int, Any],
    starts: list[int],
    person: bool,
    target_words: frozenset[str],
) -> list[tuple[Any, int]]:
    """The target's names in the body (not inside another name: `_another_name`); for a
    person, each "he"/"his"/... whose last person named before it is the target; else the
    subject "it" of a sentence that follows one naming the target."""
    spans: list[tuple[Any, int]] = []
    named: dict[int, list[Any]] = defaultdict(list)
    # a thing named by what it is part of ("iTunes store", "Xbox service") is the shorter
    # name only inside a longer one that ends in such a word ("iTunes Music Store"); a
    # company's short name ("Apple" for "Apple Inc") is the company itself
    words = sorted(target_words)
    short = None
    if len(target_words) >= 2 and any(w in _PART_TAIL for w in target_words):
        short = next((w for w in words if w not in _COMMON_TAIL), None)
    for found in pattern.finditer(text):
        if found.start() < body_start:
            continue  # title and date line
        located = _locate(parses, starts, found.start(), found.end())
        if located is None:
            continue
        head = _name_root(located[0])
        if _another_name(located[0], head, target_words):
            continue
        if short and found.group(0).lower() == short and head.lower_ not in _SERVICE_HEADS:
            continue  # "iTunes" alone is the software; "the iTunes Music Store" the store
        spans.append(located)
        named[located[1]].append(located[0])
    if not person:
        spans += _definite_descriptions(parses, starts, named, target_words)
    return spans + _pronouns(parses, starts, named, person)


def _definite_descriptions(
    parses: dict[int, Any],
    starts: list[int],
    named: dict[int, list[Any]],
    target_words: frozenset[str],
) -> list[tuple[Any, int]]:
    """ "The store" for the iTunes store, "the new iPhone" for iPhone 4: a noun phrase "the ...
    X" with X a word of the target's name, when the last name with X the text used was the
    target's ("the iPhone" after "iPhone 3GS" is that one; "the original iPhone" another)."""
    words = {w for w in target_words if w.isalpha() and len(w) > 2}
    found: list[tuple[Any, int]] = []
    last: dict[str, bool] = {}
    for base in starts:
        covered = {i for span in named.get(base, []) for i in range(span.start, span.end)}
        for token in parses[base]:
            word = token.lower_
            if word not in words:
                continue
            if token.i in covered:
                last[word] = True
                continue
            children = {c.dep_: c for c in token.children}
            definite = children.get("det") is not None and children["det"].lower_ == "the"
            other = any(c.dep_ in ("compound", "nummod") for c in token.children)
            if token.dep_ == "compound" or other or not definite:
                last[word] = False  # another name with the word: "iPhone 3GS", "an iPhone"
            elif last.get(word) and not any(
                c.dep_ == "amod" and c.lower_ in _OTHER_ONE for c in token.children
            ):
                found.append((parses[base][token.i : token.i + 1], base))
    return found


# "the original iPhone", "the previous store": not the one the text is about
_OTHER_ONE = frozenset({"original", "previous", "old", "older", "first", "earlier", "former"})


def _pronouns(
    parses: dict[int, Any],
    starts: list[int],
    named: dict[int, list[Any]],
    person: bool,
) -> list[tuple[Any, int]]:
    """Third-person pronouns whose antecedent is the target ("he"/"his"/... for a person,
    "it"/"its" for a thing). A subject pronoun or a possessive takes the subject named before
    it in its sentence, else the one the text was about (the subject of the last sentence with
    a named subject, else the last one named); an object pronoun ("described him") the last
    one named before it that is not a subject. Names are the target's and the entities of its
    kind (PERSON; else organisations, products, places)."""
    pronouns = _PERSON_PRONOUNS if person else _THING_PRONOUNS
    labels = {"PERSON"} if person else _THING_LABELS
    found: list[tuple[Any, int]] = []
    focus: bool | None = None  # whether the text is about the target
    for base in starts:
        parse = parses[base]
        covered = {i for span in named.get(base, []) for i in range(span.start, span.end)}
        # (token, is the target, is a subject) for each person named in the sentence
        marks = [(span.start, True, _is_subject(_name_root(span))) for span in named.get(base, [])]
        marks += [
            (ent.start, False, _is_subject(ent.root))
            for ent in parse.ents
            if ent.label_ in labels and not covered & set(range(ent.start, ent.end))
        ]
        marks.sort()
        for token in parse:
            if token.lower_ not in pronouns or token.pos_ != "PRON":
                continue
            before = [m for m in marks if m[0] < token.i]
            if token.dep_ in ("dobj", "pobj", "dative"):
                others = [m for m in before if not m[2]]
                refers = others[-1][1] if others else focus and not any(m[2] for m in before)
            else:
                subjects = [m for m in before if m[2]]
                refers = subjects[-1][1] if subjects else focus
            if refers:
                found.append((parse[token.i : token.i + 1], base))
        subjects = [m for m in marks if m[2]]
        if subjects or marks:
            focus = (subjects or marks)[0 if subjects else -1][1]
    return found


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_THING_PRONOUNS = frozenset({"it", "its"})
_THING_LABELS = frozenset({"ORG", "PRODUCT", "GPE", "NORP", "FAC", "WORK_OF_ART", "EVENT"})


def _is_subject(word: Any) -> bool:
    """A subject, or a name in apposition to one ("Her deputy Tom Reyes said")."""
    return word.dep_ in _SUBJECTS or (word.dep_ == "appos" and word.head.dep_ in _SUBJECTS)


def _name_root(span: Any) -> Any:
    """The head of the whole name a span is part of ("Jobs" in "Apple CEO Steve Jobs")."""
    root = span.root
    while root.dep_ == "compound" and root.head.i != root.i:
        root = root.head
    return root


def _locate(
    parses: dict[int, Any], starts: list[int], start: int, end: int
) -> tuple[Any, int] | None:
    """The span of the sentence parse at these article offsets, with the sentence's offset
    (None outside the parsed sentences)."""
    k = bisect.bisect_right(starts, start) - 1
    if k < 0:
        return None
    base = starts[k]
    found = parses[base].char_span(start - base, end - base, alignment_mode="expand")
    return (found, base) if found is not None and len(found) else None


def _plural(alias: str, name: str) -> str:
    """The endings a name takes: a plural only where its last word ends in a small letter
    ("iPods"); "iPhone 3GS" and "iPhone 4s" are other models, not plurals."""
    last = alias.split()[-1]
    written = next((w for w in name.split() if w.lower() == last), last)
    return "(?:s|'s|’s)?" if written[-1:].islower() else "(?:'s|’s)?"


def verb_groups(
    target: Target, placed: Sequence[_Placed], *, undated: str = "unknown"
) -> list[tuple[str, list[str]]]:
    """Timeline lines from the verbs the target takes part in (module docstring, `events=verbs`):
    each verb with the target in its arguments, dated by the timex attached to it, else the
    publication date for a present-tense clause (`undated=dct`: any clause), else unknown."""
    from storyline.events.dating import date_of_value
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    pattern = re.compile(
        "|".join(
            rf"(?<!\w){re.escape(a)}{_plural(a, target.name)}(?!\w)"
            for a in sorted(target_aliases(target.name), key=len, reverse=True)
        ),
        re.IGNORECASE,
    )
    words = target.name.split()
    target_words = frozenset(w.lower() for w in words)
    person = len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words)
    groups: list[tuple[str, list[str]]] = []
    for item in placed:
        article = item.article
        doc_id = article.source.removesuffix(".xml")
        body = [(sid, start, end) for sid, start, end in item.sentence_spans if sid >= 2]
        body_start = body[0][1] if body else len(article.text)
        # each gold sentence parsed on its own (the task's sentences; a title has no stop)
        parses = dict(
            zip(
                [start for _, start, _ in body],
                nlp.pipe(article.text[start:end] for _, start, end in body),
                strict=True,
            )
        )
        starts = sorted(parses)
        dated: dict[int, tuple[int, EventDate]] = {}  # word offset -> (rank, date)
        reference: list[tuple[int, str]] = []
        dct = article.published[:10] if article.published else None

        for timex in article.timexes:
            if timex.type not in ("DATE", "TIME") or timex.start < body_start:
                continue
            located = _locate(parses, starts, timex.start, timex.end)
            verb = _event_verb(located[0].root) if located is not None else None
            noun = _governing_event_noun(located[0].root) if located is not None else None
            value = date_of_value(timex.value)
            if value is not None and value.precision == "day" and _recent(value.start, dct):
                reference.append((timex.start, value.start or ""))
            # "slated for a release on June 24": the day is the release's, not the slating's
            word = noun if noun is not None else verb
            if word is None or value is None or located is None:
                continue
            # the finest expression on a verb: "On Monday, at this year's trade show"
            rank = {"day": 0, "month": 1, "year": 2}.get(value.precision, 3)
            at = located[1] + word.idx
            if at not in dated or rank < dated[at][0]:
                dated[at] = (rank, value)
        seen: set[int] = set()
        for span, base in _target_spans(
            pattern, article.text, body_start, parses, starts, person, target_words
        ):
            root = _name_root(span)  # "iTunes" in "the iTunes Music Store": the whole name
            verb = _event_verb(root, argument=True)
            # participles and event nouns the target itself governs or is an argument of:
            # "the newly unveiled iPad 2", "iPod use", "the sales of its iPods"
            verbs = [
                c
                for c in span.root.children
                if c.dep_ in ("amod", "acl")
                and c.pos_ == "VERB"
                and c.i not in range(span.start, span.end)
            ]
            noun = _event_noun(root)
            if noun is not None:
                verbs.append(noun)
            if verb is not None:
                verbs.append(verb)
            if not verbs:
                continue
            if verb is not None and root.dep_ in _SUBJECTS:
                verbs += _same_subject_clauses(verb)
            if verb is not None and root.dep_ in ("dobj", "nsubj"):
                # "leading Nokia to cut prices": the target acts in the complement
                verbs += [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in _VERBAL]
            for v in _with_event_objects(verbs):
                if base + v.idx in seen or _copula(v):
                    continue
                seen.add(base + v.idx)
                mention = _mention(item, doc_id, base, v)
                if mention is not None:
                    groups.append((_date_of(v, base, dated, dct, undated, reference), [mention]))
    return groups


def _gold_token(item: _Placed, offset: int) -> tuple[int, str] | None:
    """(sentence id, token) of the task's token at this offset of the article text."""
    index = bisect.bisect_right(item.starts, offset) - 1
    return item.token_at[item.starts[index]] if index >= 0 else None


_PARTICLES = frozenset({"down", "up", "off", "out", "over", "away", "back"})


def _mention(item: _Placed, doc_id: str, base: int, word: Any) -> str | None:
    """`docid-sentence-token` as the task writes it: lower case, a phrasal verb with its
    particle ("showed_off", "taking_out")."""
    found = _gold_token(item, base + word.idx)
    if found is None:
        return None
    sid, token = found
    parts = [token.lower()]
    for child in word.children:
        # the parser takes a particle right after its verb for an adverb at times
        is_particle = child.dep_ == "prt" or (
            child.dep_ == "advmod" and child.i == word.i + 1 and child.lower_ in _PARTICLES
        )
        if is_particle and (particle := _gold_token(item, base + child.idx)):
            parts.append(particle[1].lower())
            break
    return f"{doc_id}-{sid}-{'_'.join(parts)}"


def _another_name(span: Any, head: Any, target_words: frozenset[str]) -> bool:
    """The target's name modifies a longer proper name that is not its own ("iPod" in "iPod
    Touch", "Steve" in "Steve Wozniak"); "iTunes Music Store" ends in the target's own word."""
    return (
        head.i not in range(span.start, span.end)
        and head.pos_ == "PROPN"
        and head.lower_ not in target_words
    )


def order_lines(entity: str, groups: Sequence[tuple[str, list[str]]]) -> Timeline:
    """Timeline lines from (date, mentions): dated ones ordered by date (the same date, the same
    order number; a month before its days), undated ones order 0."""
    timeline = Timeline(entity=entity)
    dated = sorted({d for d, _ in groups if _known(d)}, key=_sort_key)
    number = {d: n for n, d in enumerate(dated, 1)}
    for date, mentions in sorted(groups, key=lambda g: (_sort_key(g[0]), g[1])):
        if mentions:
            timeline.entries.append(Entry(number.get(date, 0), date, mentions))
    timeline.entries.sort(key=lambda e: (e.order, e.mentions))
    return timeline


def evaluate(folder: Path, options: EvalOptions) -> dict[str, Any]:
    targets = load_targets(folder)
    if options.limit:
        targets = targets[: options.limit]
    gold = {
        t.stem: parse_timeline((folder / "timelines" / f"{t.stem}.txt").read_text("utf-8"))
        for t in targets
    }
    started = time.perf_counter()
    docs: list[Doc] = []
    if "predictions" in options.extra:
        source = Path(options.extra["predictions"])
        system = {
            t.stem: parse_timeline(path.read_text("utf-8"))
            for t in targets
            if (path := source / f"{t.stem}.txt").exists()
        }
    else:
        corpora = {t.corpus for t in targets}
        docs = [d for d in load_docs(folder) if d.corpus in corpora]
        placed = [as_article(d) for d in docs]
        source_events = options.extra.get("events", "verbs")
        analyse(placed, events=source_events != "verbs")  # the verbs read the parse alone
        scope = options.extra.get("scope", "participant")
        fuse = options.extra.get("fuse", "on") != "off"
        undated = options.extra.get("undated", "tense")
        system = {}
        for target in targets:
            in_corpus = [p for p, d in zip(placed, docs, strict=True) if d.corpus == target.corpus]
            if source_events == "verbs":
                system[target.stem] = order_lines(
                    target.name, verb_groups(target, in_corpus, undated=undated)
                )
            else:
                system[target.stem] = build_timeline(target, in_corpus, scope=scope, fuse=fuse)
        if "write" in options.extra:
            out = Path(options.extra["write"])
            out.mkdir(parents=True, exist_ok=True)
            for stem, timeline in system.items():
                (out / f"{stem}.txt").write_text(timeline.lines(), "utf-8")
    elapsed = max(time.perf_counter() - started, 1e-9)
    total = score_timelines(system, gold)
    metrics: dict[str, Any] = {
        "targets": len(targets),
        "docs": len(docs),
        "gold_entries": sum(len(t.entries) for t in gold.values()),
        "system_entries": sum(len(t.entries) for t in system.values()),
        "precision": round(total.precision, 4),
        "recall": round(total.recall, 4),
        "timeline_f1": round(total.f1, 4),
    }
    if docs:
        metrics["docs_per_s"] = round(len(docs) / elapsed, 2)
    if options.by in ("target", "entity"):
        metrics["by_target"] = {
            stem: round(score_timeline(system.get(stem, Timeline(g.entity)), g).f1, 4)
            for stem, g in gold.items()
        }
    return metrics


eval_tasks.register("timeline")(evaluate)
