"""Read the labelled scrapes of tests/data/clean/pages and score the classifier on their lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conftest import FIXTURES
from storyline.clean.boilerplate import judge

PAGES = FIXTURES / "clean" / "pages"


@dataclass
class Page:
    name: str
    text: str
    labels: dict[int, str]  # line number -> label, for the non-blank lines


@dataclass
class LineScores:
    true_junk: int = 0
    false_junk: int = 0
    missed_junk: int = 0
    same_kind: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_junk + self.false_junk
        return self.true_junk / found if found else 1.0

    @property
    def recall(self) -> float:
        junk = self.true_junk + self.missed_junk
        return self.true_junk / junk if junk else 1.0


def load_page(path: Path) -> Page:
    lines: list[str] = []
    labels: dict[int, str] = {}
    for raw in path.read_text("utf-8").splitlines():
        if raw.startswith("##"):
            continue
        if not raw.strip():
            lines.append("")
            continue
        label, sep, text = raw.partition("|")
        if not sep:
            raise ValueError(f"{path.name}: line without a label: {raw!r}")
        labels[len(lines)] = label
        lines.append(text)
    return Page(path.stem, "\n".join(lines), labels)


def pages() -> list[Page]:
    return [load_page(p) for p in sorted(PAGES.glob("*.txt"))]


def score(selected: list[Page]) -> LineScores:
    scores = LineScores()
    for page in selected:
        verdicts: dict[int, str] = {}
        for item in judge(page.text):
            for offset in range(item.unit.raw.count("\n") + 1):
                verdicts[item.unit.line + offset] = item.kind or "keep"
        for line, label in page.labels.items():
            got = verdicts.get(line, "keep")
            if label != "keep" and got != "keep":
                scores.true_junk += 1
                scores.same_kind += label == got
            elif label == "keep" and got != "keep":
                scores.false_junk += 1
                scores.errors.append(f"{page.name}:{line} removed as {got}, is body")
            elif label != "keep":
                scores.missed_junk += 1
                scores.errors.append(f"{page.name}:{line} kept, is {label}")
    return scores
