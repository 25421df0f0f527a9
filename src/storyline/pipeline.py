"""Stages over articles: registered by name, ordered by what they require and assign.

A stage is like a spaCy component: it takes an `Article`, enriches it in place and returns it,
and declares the fields it reads (`requires`) and writes (`assigns`) so a wrong order fails when
the pipeline is built, not halfway through a corpus. The same stage list runs in one process, a
process pool or on Ray: stages never know which.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from storyline.model import Article
from storyline.registry import Registry
from storyline.settings import Settings

# Fields every reader fills, so any stage may require them.
READER_FIELDS = frozenset({"id", "source", "text", "title", "outlet", "published", "url"})


# A stage returns its article, or several when it splits one (a page that holds several stories).
StageResult = Article | list[Article]


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Article], StageResult]
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()

    def __call__(self, article: Article) -> StageResult:
        return self.func(article)


StageFactory = Callable[[Settings], Stage]
stages: Registry[StageFactory] = Registry("stage")

# Modules whose stages register themselves in `stages` when imported.
STAGE_MODULES: list[str] = [
    "storyline.clean.stages",
    "storyline.language.stage",
    "storyline.language.timex",
    "storyline.events.stage",
]


def load_stage_modules() -> None:
    """Import the stage modules so their stages are registered (lazy: they import spaCy)."""
    import importlib

    for module in STAGE_MODULES:
        importlib.import_module(module)


def build_pipeline(settings: Settings, names: Iterable[str]) -> list[Stage]:
    """The named stages, in order; fails if a stage needs a field no earlier stage assigns."""
    load_stage_modules()
    built: list[Stage] = []
    available = set(READER_FIELDS)
    for name in names:
        stage = stages.get(name)(settings)
        missing = stage.requires - available
        if missing:
            raise ValueError(
                f"stage {name!r} requires {sorted(missing)}, which no earlier stage assigns"
            )
        available |= stage.assigns
        built.append(stage)
    return built


def run_pipeline(pipeline: list[Stage], articles: Iterable[Article]) -> Iterator[Article]:
    for article in articles:
        current = [article]
        for stage in pipeline:
            produced: list[Article] = []
            for item in current:
                result = stage(item)
                produced.extend(result if isinstance(result, list) else [result])
            current = produced
        yield from current


# Article stages whose output depends on the publication date: run again on the articles the
# batch step or their story dated (relative dates in their text now have an anchor).
DATE_STAGES: list[str] = ["storyline.timex.v1", "storyline.events.v1"]


def redo_dated_stages(articles: list[Article], settings: Settings) -> None:
    """Run the `DATE_STAGES` again on articles that were given a publication date."""
    if not articles:
        return
    load_stage_modules()
    pipeline = [stages.get(name)(settings) for name in DATE_STAGES]
    for article in articles:
        for stage in pipeline:
            stage(article)  # these stages enrich the article in place, never split it
