"""Metric pieces the eval tasks share: tokens, bag-of-words P/R/F1, snippets, breakdowns, timing.

The definitions follow the READMEs of `../shared/eval/*`: tokens are `re.findall(r"\\w+",
text.lower())` (Unicode `\\w`), overlap is the size of the multiset intersection, and an empty
prediction scores 0.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")

T = TypeVar("T")


def word_tokens(text: str | None) -> list[str]:
    """Lower-cased `\\w+` tokens; none for None."""
    return _WORD.findall(text.lower()) if text else []


def bag_of_words_prf(predicted: str | None, gold: str | None) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted word multiset against the gold one.

    An empty prediction (or empty gold) scores 0 on all three.
    """
    pred_bag = Counter(word_tokens(predicted))
    gold_bag = Counter(word_tokens(gold))
    pred_total, gold_total = sum(pred_bag.values()), sum(gold_bag.values())
    if not pred_total or not gold_total:
        return 0.0, 0.0, 0.0
    overlap = sum((pred_bag & gold_bag).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / pred_total, overlap / gold_total
    return precision, recall, 2 * precision * recall / (precision + recall)


def collapse_spaces(text: str) -> str:
    """Every whitespace run as one space, stripped: how snippets are matched."""
    return _SPACES.sub(" ", text).strip()


def same_words(predicted: str | None, gold: str | None) -> bool:
    """True when both have the same sequence of lower-cased `\\w+` tokens (title accuracy)."""
    return (
        predicted is not None and gold is not None and word_tokens(predicted) == word_tokens(gold)
    )


def share(hits: int, total: int) -> float | None:
    """hits/total, or None when there is nothing to count (the metric does not apply)."""
    return hits / total if total else None


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator/denominator for a storyline-vs-baseline comparison; None when undefined."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(numerator / denominator, 4)


def group_by(items: Iterable[T], key: Callable[[T], Any]) -> dict[str, list[T]]:
    """Items grouped by `key(item)` (None becomes "unknown"), groups sorted by name."""
    groups: dict[str, list[T]] = {}
    for item in items:
        value = key(item)
        groups.setdefault("unknown" if value is None else str(value), []).append(item)
    return dict(sorted(groups.items()))


@dataclass
class Stopwatch:
    """Seconds spent inside `with stopwatch.timing():` blocks, summed."""

    seconds: float = 0.0
    laps: int = 0

    def timing(self) -> _Lap:
        return _Lap(self)

    def per_second(self, count: int) -> float | None:
        return round(count / self.seconds, 2) if self.seconds > 0 else None


@dataclass
class _Lap:
    watch: Stopwatch
    started: float = field(default=0.0)

    def __enter__(self) -> _Lap:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.watch.seconds += time.perf_counter() - self.started
        self.watch.laps += 1


@dataclass(frozen=True)
class GoldItem:
    """One gold file of a `../shared/eval/*` folder: its id and its JSON object."""

    id: str
    path: Path
    data: dict[str, Any]

    def field(self, name: str) -> Any:
        """A field of the item, looked up first at the top level, then in `ground_truth`."""
        if name in self.data:
            return self.data[name]
        truth = self.data.get("ground_truth")
        return truth.get(name) if isinstance(truth, dict) else None


def gold_items(folder: Path, limit: int | None = None) -> Iterator[GoldItem]:
    """The `*.json` files of `folder`, sorted by name, at most `limit` of them.

    A gold file that is not a JSON object raises ValueError naming it: a broken gold set is
    misuse, not bad input to tolerate.
    """
    paths = sorted(folder.glob("*.json"))
    if limit is not None:
        paths = paths[: max(limit, 0)]
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: unreadable gold file ({exc})") from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a gold file must hold one JSON object")
        yield GoldItem(id=path.stem, path=path, data=data)
