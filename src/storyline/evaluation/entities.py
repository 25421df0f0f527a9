"""`storyline eval entities` (MEANTIME layout) and `storyline bench language`.

**eval entities.** Reads the CAT XML of `intra_cross-doc_annotation/` (every `*.xml` below it):
tokens, `ENTITY_MENTION`s with their tokens and `syntactic_type`, `ENTITY`s with their
cross-document `instance_id`, and the `REFERS_TO` links between them. Each document's text is
rebuilt from its tokens (detokenised: no space before `,` `.` `'s` `)` ..., one sentence a line)
so the layer sees prose, and character offsets are kept per token. The language layer runs on
every document and `entities.resolve_entities` merges across all of them.

Scored on the gold *named* mentions (`syntactic_type="NAM"`, linked to an instance), as the
README says precision is not meaningful (annotation is selective):

* `ner_recall`: share of gold named mentions overlapped by a system mention (also per type:
  `ner_recall_per`, `_org`, `_loc`, `_pro`, `_fin`);
* `bcubed_p/r/f1`: B-cubed over the gold named mentions, the system cluster of a mention being
  the entity of the system mention on its head word (the last word before a post-modifier:
  "Apple's iTunes" -> iTunes, "San Jose, California" -> San Jose), else of the one overlapping
  it most (a missed mention is a singleton); the gold cluster is its `instance_id`.
  `bcubed_f1_exact_string` is the same with the system entity replaced by the lower-cased
  surface string (the no-merging-intelligence baseline, same run).
* `docs_per_s`: documents per second of parse + mentions + merge.

`--set mentions=all` scores nominal and pronominal gold mentions as well.

**bench language.** On the same texts, in the same run: spaCy's own parse (`nlp.pipe` with the
pipeline the layer uses) against what the layer adds (sentences, mentions, cross-document
merge); `overhead_ratio` = (spaCy + layer) / spaCy, target at most 1.30. PATH is a MEANTIME
folder or any folder/file of articles `storyline ingest` reads.
"""

from __future__ import annotations

import re
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks
from storyline.language.entities import resolve_entities
from storyline.language.mentions import find_mentions
from storyline.language.nlp import actor_matchers, get_nlp
from storyline.language.places import gazetteer
from storyline.language.stage import annotate_many, sentences_of
from storyline.model import Article

CROSS_DOC_FOLDER = "intra_cross-doc_annotation"
# No space before these tokens, none after the opening ones, when the text is rebuilt.
_NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ":",
        ";",
        "!",
        "?",
        ")",
        "]",
        "}",
        "%",
        "'s",
        "'",
        "''",
        "n't",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})
_QUOTES = {"``": '"', "''": '"'}


@dataclass(frozen=True)
class GoldMention:
    doc: int
    start: int
    end: int
    instance: str
    type: str  # PER, ORG, LOC, PRO, FIN
    syntactic: str  # NAM, NOM, PRO, ...


@dataclass
class GoldDocument:
    name: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def read_cat_xml(path: Path, index: int) -> GoldDocument:
    """One CAT XML document: rebuilt text and its entity mentions with instance ids."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    length = 0
    previous_sentence: str | None = None
    previous_text = ""
    for token in root.iter("token"):
        text = _QUOTES.get(token.text or "", token.text or "")
        sentence = token.get("sentence")
        if previous_sentence is not None and sentence != previous_sentence:
            separator = "\n"
        elif (
            previous_sentence is None
            or text in _NO_SPACE_BEFORE
            or previous_text in _NO_SPACE_AFTER
        ):
            separator = ""
        else:
            separator = " "
        pieces.append(separator)
        length += len(separator)
        offsets[token.get("t_id", "")] = (length, length + len(text))
        pieces.append(text)
        length += len(text)
        previous_sentence, previous_text = sentence, token.text or ""
    doc = GoldDocument(name=path.stem, text="".join(pieces))

    markables = root.find("Markables")
    spans: dict[str, tuple[int, int, str]] = {}
    instances: dict[str, tuple[str, str]] = {}
    if markables is not None:
        for mention in markables.findall("ENTITY_MENTION"):
            ids = [a.get("t_id", "") for a in mention.findall("token_anchor")]
            found = [offsets[i] for i in ids if i in offsets]
            if found:
                spans[mention.get("m_id", "")] = (
                    min(s for s, _ in found),
                    max(e for _, e in found),
                    mention.get("syntactic_type", ""),
                )
        for entity in markables.findall("ENTITY"):
            if entity.get("instance_id"):
                instances[entity.get("m_id", "")] = (
                    entity.get("instance_id", ""),
                    entity.get("ent_type", ""),
                )
    relations = root.find("Relations")
    if relations is not None:
        for link in relations.findall("REFERS_TO"):
            target = link.find("target")
            if target is None or target.get("m_id") not in instances:
                continue
            instance, kind = instances[target.get("m_id", "")]
            for source in link.findall("source"):
                span = spans.get(source.get("m_id", ""))
                if span is not None:
                    doc.mentions.append(
                        GoldMention(index, span[0], span[1], instance, kind, span[2])
                    )
    return doc


def load_gold(folder: Path, limit: int | None = None) -> list[GoldDocument]:
    base = folder / CROSS_DOC_FOLDER if (folder / CROSS_DOC_FOLDER).is_dir() else folder
    paths = sorted(base.rglob("*.xml"))
    if not paths:
        raise FileNotFoundError(f"{folder}: no CAT XML under {CROSS_DOC_FOLDER}/ (MEANTIME layout)")
    if limit is not None:
        paths = paths[: max(limit, 0)]
    return [read_cat_xml(path, i) for i, path in enumerate(paths)]


def bcubed(gold: list[str], system: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of two labelings of the same mentions."""
    if not gold:
        return 0.0, 0.0, 0.0
    gold_sets: dict[str, set[int]] = defaultdict(set)
    system_sets: dict[str, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, system, strict=True)):
        gold_sets[g].add(i)
        system_sets[s].add(i)
    precision = recall = 0.0
    for g, s in zip(gold, system, strict=True):
        common = len(gold_sets[g] & system_sets[s])
        precision += common / len(system_sets[s])
        recall += common / len(gold_sets[g])
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(folder: Path, options: EvalOptions) -> dict[str, Any]:
    docs = load_gold(folder, options.limit)
    all_mentions = options.extra.get("mentions", "named") == "all"
    articles = [Article.create(source=d.name, text=d.text) for d in docs]
    _warm_up()
    started = time.perf_counter()
    articles = list(annotate_many(articles))
    index = resolve_entities(articles)
    elapsed = time.perf_counter() - started

    gold_labels: list[str] = []
    system_labels: list[str] = []
    string_labels: list[str] = []
    found_by_type: Counter[str] = Counter()
    total_by_type: Counter[str] = Counter()
    for doc, article in zip(docs, articles, strict=True):
        for gold in doc.mentions:
            if not all_mentions and gold.syntactic != "NAM":
                continue
            total_by_type[gold.type] += 1
            best = _matching_mention(gold, article)
            gold_labels.append(gold.instance)
            singleton = f"missed:{gold.doc}:{gold.start}"
            if best < 0:
                system_labels.append(singleton)
                string_labels.append(singleton)
                continue
            found_by_type[gold.type] += 1
            system_labels.append(index.entity_of.get((article.id, best), singleton))
            string_labels.append(article.entity_mentions[best].text.lower())
    precision, recall, f1 = bcubed(gold_labels, system_labels)
    _, _, string_f1 = bcubed(gold_labels, string_labels)
    total = sum(total_by_type.values())
    metrics: dict[str, Any] = {
        "docs": len(docs),
        "gold_mentions": total,
        "gold_instances": len(set(gold_labels)),
        "system_entities": len(index.entities),
        "ner_recall": round(sum(found_by_type.values()) / total, 4) if total else None,
        "bcubed_p": round(precision, 4),
        "bcubed_r": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "bcubed_f1_exact_string": round(string_f1, 4),
        "docs_per_s": round(len(docs) / elapsed, 2) if elapsed > 0 else None,
    }
    for kind in sorted(total_by_type):
        metrics[f"ner_recall_{kind.lower()}"] = round(found_by_type[kind] / total_by_type[kind], 4)
    return metrics


# Post-modifiers end a noun phrase's head part: "Austin, Texas", "the Javits Center in
# New York", "a camera capable of recording sound".
_POST_MODIFIER = re.compile(r",| (?:in|of|at|for|with|from|on|near|located|capable|based) ")


def _matching_mention(gold: GoldMention, article: Article) -> int:
    """The system mention of a gold one: the one on its head word (the last word before any
    post-modifier: "Apple's iTunes" is iTunes, "San Jose, California" is San Jose), else the
    largest overlap; -1 if none."""
    text = article.text[gold.start : gold.end]
    cut = _POST_MODIFIER.search(text)
    head_part = text[: cut.start()] if cut else text.rstrip()
    head_start = gold.start + head_part.rfind(" ") + 1
    best, best_overlap = -1, 0
    for m, mention in enumerate(article.entity_mentions):
        overlap = min(gold.end, mention.end) - max(gold.start, mention.start)
        if overlap <= 0:
            continue
        on_head = mention.start <= head_start < mention.end
        score = overlap + (10_000 if on_head else 0)
        if score > best_overlap:
            best, best_overlap = m, score
    return best


def _warm_up() -> None:
    """Load the model, the matchers and the gazetteer outside any timing."""
    nlp = get_nlp()
    actor_matchers()
    gazetteer().cities()
    find_mentions(nlp("Warm up in Paris with the Kremlin spokesman."))


def _bench_texts(path: Path, limit: int | None) -> list[str]:
    if path.is_dir() and (path / CROSS_DOC_FOLDER).is_dir():
        return [d.text for d in load_gold(path, limit)]
    from storyline.ingest import read_inputs

    texts = [a.text for a in read_inputs([str(path)]) if isinstance(a, Article)]
    return texts[:limit] if limit is not None else texts


def bench(path: Path, options: EvalOptions) -> dict[str, Any]:
    """spaCy's parse vs spaCy + the language layer on the same texts, in the same run.

    Each round parses the texts with `nlp.pipe` and runs the layer on every doc as it comes,
    timing the two apart (the parse: waiting for the next doc; the layer: sentences, mentions
    and the final merge), so both figures come from the same pass over the same machine state.
    The median round is reported; `--set rounds=N` (default 5).
    """
    texts = _bench_texts(path, options.limit)
    if not texts:
        raise ValueError(f"{path}: no articles to time")
    rounds = max(int(options.extra.get("rounds", "5")), 1)
    nlp = get_nlp()
    _warm_up()
    spacy_times: list[float] = []
    layer_times: list[float] = []
    for _ in range(rounds):
        parse_s = layer_s = 0.0
        articles = []
        docs = iter(nlp.pipe(texts))
        for text in texts:
            started = time.perf_counter()
            doc = next(docs)
            parsed = time.perf_counter()
            article = Article.create(source="bench", text=text)
            article.sentences = sentences_of(doc)
            article.entity_mentions = find_mentions(doc)
            articles.append(article)
            done = time.perf_counter()
            parse_s += parsed - started
            layer_s += done - parsed
        started = time.perf_counter()
        resolve_entities(articles)
        layer_s += time.perf_counter() - started
        spacy_times.append(parse_s)
        layer_times.append(layer_s)
    spacy_s, layer_s = statistics.median(spacy_times), statistics.median(layer_times)
    words = sum(len(t.split()) for t in texts)
    return {
        "docs": len(texts),
        "words": words,
        "rounds": rounds,
        "spacy_s": round(spacy_s, 4),
        "layer_s": round(layer_s, 4),
        "layer_ms_per_doc": round(1000 * layer_s / len(texts), 3),
        "overhead_ratio": round((spacy_s + layer_s) / spacy_s, 4) if spacy_s > 0 else None,
        "target_overhead_ratio": 1.30,
    }


eval_tasks.register("entities")(evaluate)
bench_tasks.register("language")(bench)
