"""`storyline eval timeline PATH`: SemEval-2015 Task 4 (TimeLine, Track A) on its layout.

**Layout** (`../shared/eval/semeval2015_task4_timeline/`): `docs/<id>.xml` (TimeML with
`<DCT>` and `<s id=k>` sentences of space-separated tokens), `docs.tsv` (doc id, corpus, dct,
...), `target_entities.txt` (name, timeline stem, corpus) and `timelines/<stem>.txt` (first line
the entity, then `order<TAB>date<TAB>mention...`; a mention is `docid-sentence-token`).

**Scorer** (the task's definition: temporal awareness, UzZaman & Allen, over the relations a
timeline states). A timeline is read as a graph: every mention on a line with order > 0 is
SIMULTANEOUS with the other mentions of the same order and BEFORE every mention of a higher
order; every mention with a date that is not `XXXX-XX-XX` is INCLUDED in that date. Order 0
lines state no order. Precision = |system reduced graph ∩ gold closure| / |system reduced|,
recall = |gold reduced ∩ system closure| / |gold reduced|, both micro-averaged over the target
entities (counts summed), F1 their harmonic mean. The reduced graph is: a chain of SIMULTANEOUS
over the sorted mentions of each order, one BEFORE from the first mention of each order to the
first of the next, one INCLUDED per (order, date) from its first mention (per mention for order
0). Membership in a closure is tested directly: ordered mentions by their order numbers, dates
by the set of dates of the mention.

**System** (storyline's own layers, nothing trained on the task): each document is one article
(tokens joined by spaces, title and date line as their own paragraphs, body sentences as one
paragraph) dated by its DCT, run through the language, timex and events stages. An event is in
a target's timeline when one of its participants is an entity whose name or alias matches the
target (`target_aliases`: the full name, its multi-word parts, a person's surname, the name
before a trailing common noun: "iTunes" for "iTunes store"), or, with `--set scope=sentence`,
when its sentence names the target. Its mention is the trigger token of the event (the events
stage's id carries the trigger's offset); events of the corpus are fused into one line each
(`stories.fuse.fuse_events`); dates come from the timex layer (`YYYY-MM-DD`, a month
`YYYY-MM-XX`, a year `YYYY-XX-XX`); lines are ordered by date (a month before its days); an
undated event is an order-0 line with `XXXX-XX-XX`. `--set predictions=DIR` scores the
timeline files of another system instead.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, eval_tasks
from storyline.model import Article, Event

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

Relation = tuple[str, str, str]  # ("=", a, b) with a < b; ("<", a, b); ("in", mention, date)


@dataclass
class _Graph:
    order: dict[str, int]  # mention -> order (> 0 only)
    dates: dict[str, set[str]]  # mention -> dates it is included in
    reduced: list[Relation]

    def holds(self, relation: Relation) -> bool:
        """Is `relation` in this graph's closure?"""
        kind, a, b = relation
        if kind == "in":
            return b in self.dates.get(a, set())
        if a not in self.order or b not in self.order:
            return False
        if kind == "=":
            return self.order[a] == self.order[b]
        return self.order[a] < self.order[b]


def _known(date: str) -> bool:
    return bool(date) and date != UNKNOWN_DATE and not set(date) <= set("X-")


def timeline_graph(timeline: Timeline) -> _Graph:
    order: dict[str, int] = {}
    dates: dict[str, set[str]] = defaultdict(set)
    groups: dict[int, list[str]] = defaultdict(list)
    anchors: dict[tuple[int, str], list[str]] = defaultdict(list)
    reduced: list[Relation] = []
    for entry in timeline.entries:
        for mention in entry.mentions:
            if entry.order > 0:
                order.setdefault(mention, entry.order)
                groups[entry.order].append(mention)
            if _known(entry.date):
                dates[mention].add(entry.date)
                if entry.order > 0:
                    anchors[(entry.order, entry.date)].append(mention)
                else:
                    reduced.append(("in", mention, entry.date))
    firsts: list[str] = []
    for number in sorted(groups):
        members = sorted(set(groups[number]))
        reduced += [("=", a, b) for a, b in itertools.pairwise(members)]
        firsts.append(members[0])
    reduced += [("<", a, b) for a, b in itertools.pairwise(firsts)]
    for (_, date), members in sorted(anchors.items()):
        reduced.append(("in", min(members), date))
    return _Graph(order=order, dates=dict(dates), reduced=list(dict.fromkeys(reduced)))


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


def as_article(doc: Doc) -> _Placed:
    parts: list[str] = []
    token_at: dict[int, tuple[int, str]] = {}
    offset = 0
    ids = sorted(doc.sentences)
    for n, sid in enumerate(ids):
        if n:
            sep = "\n\n" if n <= 2 else " "  # title, date line, then one body paragraph
            parts.append(sep)
            offset += len(sep)
        for t, token in enumerate(doc.sentences[sid]):
            if t:
                parts.append(" ")
                offset += 1
            token_at[offset] = (sid, token)
            parts.append(token)
            offset += len(token)
    text = "".join(parts)
    article = Article.create(
        source=f"{doc.doc_id}.xml", text=text, published=(doc.dct or "")[:10] or None
    )
    return _Placed(article, token_at, sorted(token_at))


def analyse(placed: Sequence[_Placed]) -> None:
    from storyline.pipeline import build_pipeline
    from storyline.settings import load_settings

    pipeline = build_pipeline(
        load_settings(), ["storyline.language.v1", "storyline.timex.v1", "storyline.events.v1"]
    )
    for item in placed:
        for stage in pipeline:
            result = stage(item.article)
            if isinstance(result, list):  # these stages never split; keep the first
                item.article = result[0]
            else:
                item.article = result


_TRIGGER = re.compile(r"-e(\d+)(?:-\d+)?$")


def trigger_mention(event: Event, placed: _Placed, doc_id: str) -> str | None:
    """`docid-sentence-token` of the event's trigger (its offset is in the event id)."""
    found = _TRIGGER.search(event.id)
    if not found:
        return None
    offset = int(found.group(1))
    i = bisect.bisect_right(placed.starts, offset) - 1
    if i < 0:
        return None
    sid, token = placed.token_at[placed.starts[i]]
    return f"{doc_id}-{sid}-{token}"


_COMMON_TAIL = frozenset({"store", "company", "inc", "corp", "corporation", "device", "service"})


def target_aliases(name: str) -> set[str]:
    """Lower-cased names that stand for the target (module docstring)."""
    words = name.split()
    aliases = {name.lower()}
    for size in range(2, len(words)):
        for start in range(len(words) - size + 1):
            aliases.add(" ".join(words[start : start + size]).lower())
    if len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words):
        aliases.add(words[-1].lower())  # a person's surname: "Jobs"
    if len(words) >= 2 and words[-1].lower() in _COMMON_TAIL:
        aliases.add(" ".join(words[:-1]).lower())
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
        analyse(placed)
        scope = options.extra.get("scope", "participant")
        fuse = options.extra.get("fuse", "on") != "off"
        system = {}
        for target in targets:
            in_corpus = [p for p, d in zip(placed, docs, strict=True) if d.corpus == target.corpus]
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
