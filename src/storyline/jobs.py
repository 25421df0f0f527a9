"""The library entry points behind the CLI: `ingest` into a store, `run` to briefs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.clean.dates import fill_from_batch
from storyline.clean.dedup import Known, mark_duplicates
from storyline.clean.stages import CLEANING_STAGES
from storyline.errors import ReadError
from storyline.ingest import ReadContext, read_inputs
from storyline.model import Article, Brief
from storyline.outputs.brief import write_briefs
from storyline.pipeline import build_pipeline, run_pipeline, stages
from storyline.settings import Settings, load_settings
from storyline.store import Store
from storyline.stories.assemble import build_stories

# Per-article stages run by `ingest` and `run`, in order (the stage registry names).
ARTICLE_STAGES: list[str] = [
    *CLEANING_STAGES,
    "storyline.language.v1",
    "storyline.timex.v1",
    "storyline.events.v1",
]


# Article stages whose output depends on the publication date: run again on the articles the
# batch step dated (relative dates in their text now have an anchor).
DATE_STAGES: list[str] = ["storyline.timex.v1", "storyline.events.v1"]


def redo_dated_stages(articles: list[Article], settings: Settings) -> None:
    names = [name for name in DATE_STAGES if name in ARTICLE_STAGES]
    if not articles or not names:
        return
    pipeline = [stages.get(name)(settings) for name in names]
    for article in articles:
        for stage in pipeline:
            stage(article)  # these stages enrich the article in place, never split it


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def analyse(
    inputs: Iterable[str],
    ctx: ReadContext,
    report: IngestReport,
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[Article]:
    """Read inputs and run the article stages; errors go to `report` (and `on_error`)."""
    pipeline = build_pipeline(ctx.settings, ARTICLE_STAGES)

    def readable() -> Iterator[Article]:
        for result in read_inputs(inputs, ctx):
            if isinstance(result, ReadError):
                report.errors.append(result)
                if on_error:
                    on_error(result)
            else:
                yield result

    yield from run_pipeline(pipeline, readable())


def ingest(
    inputs: list[str],
    db: Path,
    *,
    settings: Settings | None = None,
    fetch_links: bool = False,
    allow_private: bool = False,
    on_error: Callable[[ReadError], None] | None = None,
) -> IngestReport:
    """Read, analyse and store `inputs` as one batch (one transaction)."""
    ctx = ReadContext(settings or load_settings(), fetch_links, allow_private)
    report = IngestReport()
    report.articles = list(analyse(inputs, ctx, report, on_error))
    with Store(db) as store:
        # Batch steps: they need the other articles (of the batch and of the store).
        mark_duplicates(report.articles, [Known(*row) for row in store.dedup_rows()])
        undated = {id(a) for a in report.articles if not a.published}
        fill_from_batch(report.articles)
        redo_dated_stages(
            [a for a in report.articles if id(a) in undated and a.published], ctx.settings
        )
        result = store.add_batch(
            report.articles, inputs=" ".join(inputs), failed=len(report.errors)
        )
    report.stored, report.already_stored = result.stored, result.already_stored
    return report


def run(
    inputs: list[str],
    out: Path,
    db: Path,
    *,
    settings: Settings | None = None,
    fetch_links: bool = False,
    allow_private: bool = False,
    on_error: Callable[[ReadError], None] | None = None,
) -> tuple[IngestReport, Brief, dict[str, Path]]:
    """Ingest `inputs`, then write the briefs of the articles they hold to `out`."""
    report = ingest(
        inputs,
        db,
        settings=settings,
        fetch_links=fetch_links,
        allow_private=allow_private,
        on_error=on_error,
    )
    wanted = list(dict.fromkeys(a.id for a in report.articles))
    with Store(db, read_only=True) as store:
        articles = store.articles(wanted)
    stories = build_stories(articles, settings=settings)
    brief = Brief(articles=articles, stories=stories)
    paths = write_briefs(brief, out)
    with Store(db) as store:
        store.replace_stories(stories)
    return report, brief, paths
