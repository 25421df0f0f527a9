"""`storyline eval plover PATH` and `storyline bench events PATH`.

eval plover: PATH is a folder in the layout of `../shared/eval/plover_gsr_cameo/`: `*.jsonl` files
of one record per line with `text`, gold `event` (a PLOVER type), `source`/`target` (lists of
`{actorText, ...}`; a bare object or string is read as a one-item list). Every sentence is parsed
with the coder's spaCy model and coded; the main event (`plover.main_event`) is scored:

* `accuracy`: main event type == gold `event` (no event counts as wrong);
* `macro_f1`: the mean per-type F1 over the 16 PLOVER types, skipping a type that is neither in
  the gold nor predicted (its F1 is undefined); `per_type_f1` lists them;
* `actor_f1` / `recipient_f1`: per sentence, the token-level F1 of the multiset of lower-cased
  `\\w+` tokens of the union of the main event's actor (recipient) texts against the union of the
  gold `source` (`target`) `actorText`s, averaged over the sentences whose gold has at least one
  token there (an empty prediction scores 0);
* `events_per_sentence`: every candidate the coder emits per sentence (over-generation), and
  `free_events_per_sentence`: those not governed by another candidate's frame;
* `status_accuracy` / `claimant_f1`: when the gold records carry `status` / `claimant` (the
  fixtures under `tests/data/events/` do), the main event's status and claimant token F1;
* `sentences_per_s`: sentences parsed and coded per second.

`--set records=NAME.jsonl` picks one file of the folder; `--set lemmatizer=off` parses as the
language layer's shared pipeline does (no spaCy lemmas: the coder guesses them from its
lexicon); `--by FIELD` breaks accuracy down by a gold field (e.g. `event`).

bench events: PATH is a folder of `*.txt` articles (or `*.jsonl` records with `text`). Times
spaCy's parse alone and parse + coding of every sentence, alternating, on the same texts in the
same run (`rounds`, default 3, the fastest of each kept); coding = `code_sentence` and
`extract_claims` on every sentence (`plover.code_doc`), timed inside the parse + code pass;
`overhead_ratio` = code_s / parse_s (the issue's budget: at most 0.30). `stage_s` times the
whole events stage (`events.stage.events_and_claims`: coding, entity keys, dates, records) on the
language layer's shared parse; `stage_overhead_ratio` = stage_s / shared_parse_s.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks
from storyline.events.lexicon import PLOVER_TYPES
from storyline.events.plover import (
    EventCandidate,
    code_doc,
    code_sentence,
    load_nlp,
    main_event,
)

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldSentence:
    line: int
    text: str
    event: str | None
    sources: list[str]
    targets: list[str]
    record: dict[str, Any]


def _actor_texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    texts: list[str] = []
    for item in value:
        text = item.get("actorText") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            texts.append(text)
    return texts


def _record_files(folder: Path, options: EvalOptions) -> list[Path]:
    wanted = options.extra.get("records")
    if wanted:
        return [folder / wanted]
    return sorted(folder.glob("*.jsonl"))


def read_gold(folder: Path, options: EvalOptions) -> Iterator[GoldSentence]:
    """The records of the folder, in file and line order; a broken line is a gold-set error."""
    count = 0
    for path in _record_files(folder, options):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            if options.limit is not None and count >= options.limit:
                return
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON record ({exc})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{path}:{number}: a record needs a `text` string")
            count += 1
            yield GoldSentence(
                line=count,
                text=record["text"].strip(),
                event=record.get("event"),
                sources=_actor_texts(record.get("source")),
                targets=_actor_texts(record.get("target")),
                record=record,
            )


def token_f1(predicted: list[str], gold: list[str]) -> float:
    """F1 of the lower-cased `\\w+` token multisets of two lists of texts (empty prediction: 0)."""
    pred = Counter(token for text in predicted for token in _WORD.findall(text.lower()))
    true = Counter(token for text in gold for token in _WORD.findall(text.lower()))
    overlap = sum((pred & true).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(true.values())
    return 2 * precision * recall / (precision + recall)


def code_record(
    text: str, *, lemmatizer: bool = True
) -> tuple[list[EventCandidate], EventCandidate | None]:
    """All candidates of a gold record's text (one or more sentences) and its main event."""
    doc = load_nlp(lemmatizer=lemmatizer)(text)
    candidates: list[EventCandidate] = []
    mains: list[EventCandidate] = []
    for sent in doc.sents:
        found = code_sentence(sent)
        candidates.extend(found)
        best = main_event(found)
        if best is not None:
            mains.append(best)
    main = min(mains, key=lambda c: (c.background, c.nominal, c.depth)) if mains else None
    return candidates, main


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(
    rows: list[tuple[GoldSentence, list[EventCandidate], EventCandidate | None]],
) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    correct = 0
    actor_scores: list[float] = []
    recipient_scores: list[float] = []
    status_hits: list[bool] = []
    claimant_scores: list[float] = []
    emitted = 0
    free = 0
    for gold, candidates, main in rows:
        emitted += len(candidates)
        free += sum(1 for c in candidates if c.embedded_in is None)
        predicted = main.type if main is not None else None
        if predicted == gold.event:
            correct += 1
            tp[predicted or ""] += 1
        else:
            if predicted:
                fp[predicted] += 1
            if gold.event:
                fn[gold.event] += 1
        actors = [span.text for span in main.actors] if main else []
        recipients = [span.text for span in main.recipients] if main else []
        if any(_WORD.search(text) for text in gold.sources):
            actor_scores.append(token_f1(actors, gold.sources))
        if any(_WORD.search(text) for text in gold.targets):
            recipient_scores.append(token_f1(recipients, gold.targets))
        if "status" in gold.record:
            status_hits.append(main is not None and main.status == gold.record["status"])
        if gold.record.get("claimant"):
            claimant = [main.claimant.text] if main and main.claimant else []
            claimant_scores.append(token_f1(claimant, [gold.record["claimant"]]))
    per_type: dict[str, float] = {}
    for kind in PLOVER_TYPES:
        if tp[kind] or fp[kind] or fn[kind]:
            per_type[kind] = round(_f1(tp[kind], fp[kind], fn[kind]), 4)
    n = len(rows)
    metrics: dict[str, Any] = {
        "sentences": n,
        "accuracy": round(correct / n, 4) if n else None,
        "macro_f1": round(sum(per_type.values()) / len(per_type), 4) if per_type else None,
        "per_type_f1": per_type,
        "actor_f1": _mean(actor_scores),
        "actor_sentences": len(actor_scores),
        "recipient_f1": _mean(recipient_scores),
        "recipient_sentences": len(recipient_scores),
        "events_per_sentence": round(emitted / n, 4) if n else None,
        "free_events_per_sentence": round(free / n, 4) if n else None,
    }
    if status_hits:
        metrics["status_accuracy"] = round(sum(status_hits) / len(status_hits), 4)
    if claimant_scores:
        metrics["claimant_f1"] = _mean(claimant_scores)
    return metrics


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


@eval_tasks.register("plover")
def eval_plover(path: Path, options: EvalOptions) -> dict[str, Any]:
    gold = list(read_gold(path, options))
    lemmatizer = options.extra.get("lemmatizer", "on") != "off"
    load_nlp(lemmatizer=lemmatizer)  # loading the model is not coding time
    started = time.perf_counter()
    rows = [(item, *code_record(item.text, lemmatizer=lemmatizer)) for item in gold]
    seconds = time.perf_counter() - started
    metrics = score(rows)
    metrics["sentences_per_s"] = round(len(rows) / seconds, 2) if seconds > 0 else None
    if options.extra.get("errors"):
        metrics["errors"] = [
            {
                "line": item.line,
                "gold": item.event,
                "predicted": main.type if main else None,
                "trigger": main.trigger.text if main else None,
                "text": item.text[:160],
            }
            for item, _, main in rows
            if (main.type if main else None) != item.event
        ]
    if options.by:
        groups: dict[str, list[Any]] = {}
        for row in rows:
            value = row[0].record.get(options.by)
            groups.setdefault("unknown" if value is None else str(value), []).append(row)
        metrics["by"] = {
            name: {"sentences": len(group), "accuracy": score(group)["accuracy"]}
            for name, group in sorted(groups.items())
        }
    return metrics


def _bench_texts(folder: Path, limit: int | None) -> list[str]:
    texts = [
        path.read_text("utf-8", errors="replace")
        for path in sorted(folder.glob("*.txt"))
        if path.stem.lower() not in {"readme", "license"}
    ]
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if isinstance(record, dict) and isinstance(record.get("text"), str):
                    texts.append(record["text"])
    return texts[:limit] if limit is not None else texts


@bench_tasks.register("events")
def bench_events(path: Path, options: EvalOptions) -> dict[str, Any]:
    texts = _bench_texts(path, options.limit)
    if not texts:
        raise ValueError(f"{path}: no *.txt or *.jsonl texts to time")
    nlp = load_nlp()
    rounds = int(options.extra.get("rounds", "3"))
    nlp("warm up the model.")
    parse_times: list[float] = []
    total_times: list[float] = []
    code_times: list[float] = []
    events = sentences = claims = 0
    for _ in range(max(rounds, 1)):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        coding = 0.0
        events = sentences = claims = 0
        for doc in nlp.pipe(texts):
            coded = time.perf_counter()
            for sentence in code_doc(doc):
                events += len(sentence.events)
                claims += len(sentence.claims)
                sentences += 1
            coding += time.perf_counter() - coded
        total_times.append(time.perf_counter() - started)
        code_times.append(coding)
    parse = min(parse_times)
    total = min(total_times)
    coding = min(code_times)
    stage = _bench_stage(texts, max(rounds, 1))
    return {
        "texts": len(texts),
        "sentences": sentences,
        "events": events,
        "claims": claims,
        "rounds": len(parse_times),
        "parse_s": round(parse, 4),
        "parse_and_code_s": round(total, 4),
        "code_s": round(coding, 4),
        "overhead_ratio": round(coding / parse, 4) if parse > 0 else None,
        **stage,
    }


def _bench_stage(texts: list[str], rounds: int) -> dict[str, Any]:
    """The whole `storyline.events.v1` stage (coding, entity keys, dates, records) on the
    language layer's parse, against that parse: `stage_overhead_ratio` = stage_s /
    shared_parse_s (the language stage's mentions and timexes are made outside the clock)."""
    from storyline.events.stage import events_and_claims
    from storyline.language.mentions import find_mentions
    from storyline.language.nlp import get_nlp
    from storyline.language.timex import find_timexes
    from storyline.model import Article, TimeExpression

    nlp = get_nlp()
    nlp("warm up the model.")
    parse_times: list[float] = []
    stage_times: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - started)
        elapsed = 0.0
        for text, doc in zip(texts, docs, strict=True):
            article = Article.create(source="bench", text=text)
            article.entity_mentions = find_mentions(doc)
            article.timexes = [
                TimeExpression(**dataclasses.asdict(t)) for t in find_timexes(text, None)
            ]
            started = time.perf_counter()
            events_and_claims(article, doc)
            elapsed += time.perf_counter() - started
        stage_times.append(elapsed)
    shared_parse, stage = min(parse_times), min(stage_times)
    return {
        "shared_parse_s": round(shared_parse, 4),
        "stage_s": round(stage, 4),
        "stage_overhead_ratio": round(stage / shared_parse, 4) if shared_parse > 0 else None,
    }
