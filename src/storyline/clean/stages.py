"""The cleaning stages, registered in `pipeline.stages` under versioned names.

Order (`CLEANING_STAGES`): split a page that holds several stories, clean each body (junk to
`removed`, captions to `captions`), then the outlet and the publication date, which read what
the cleaner removed (brand lines, date lines) and kept apart (dated captions). Duplicates need
the other articles and run as a batch step in `jobs.ingest` (`dedup.mark_duplicates`).

A stage that fails on one article logs one line naming the source and passes the article on
unchanged: a bad page never stops a batch.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable

from storyline.clean.boilerplate import CleanResult, clean
from storyline.clean.dates import infer_date
from storyline.clean.outlet import infer_outlet
from storyline.clean.split import split_sections
from storyline.model import Article, content_hash
from storyline.pipeline import Stage, StageResult, stages
from storyline.settings import Settings

LOGGER = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?$")

CLEANING_STAGES = [
    "storyline.split_stories.v1",
    "storyline.boilerplate.v1",
    "storyline.outlet.v1",
    "storyline.pubdate.v1",
]


# Only text someone else's scraper produced is split: an HTML page went through our extractor,
# which keeps the main article and whose headings are the article's own sub-headings.
_SPLIT_FORMATS = frozenset({"text", "jsonl", None})
# Text our own extractor took from a page: the cleaner removes blocks for their own evidence,
# not for where they sit (see `boilerplate.judge`).
_EXTRACTED_FORMATS = frozenset({"html", "warc"})


def _guarded(name: str, func: Callable[[Article], StageResult]) -> Callable[[Article], StageResult]:
    def run(article: Article) -> StageResult:
        try:
            return func(article)
        except Exception as exc:  # one page's surprise must not stop the batch
            LOGGER.warning("%s: %s skipped: %s", article.source, name, exc)
            return article

    return run


def split_stories(article: Article) -> StageResult:
    """One article per story of a scraped text; each keeps the source and the page's metadata.

    A section's id and content hash come from its own text as read, so re-ingesting the page
    gives the same records and the store sees them as already stored.
    """
    if article.input_format not in _SPLIT_FORMATS:
        return article
    sections = split_sections(article.text)
    if len(sections) < 2:
        return article
    out: list[Article] = []
    for section in sections:
        digest = content_hash(section.text)
        out.append(
            dataclasses.replace(
                article,
                id=digest[:16],
                content_hash=digest,
                text=section.text,
                title=section.title or article.title,
                removed=list(article.removed),
                captions=list(article.captions),
            )
        )
    return out


def clean_body(article: Article) -> Article:
    extracted = article.input_format in _EXTRACTED_FORMATS
    result = clean(article.text, title=article.title, extracted=extracted)
    if not article.title:
        article.title = headline_before_body(result)
    article.text = result.text
    article.dateline = result.dateline
    article.removed = [*article.removed, *result.removed]
    article.captions = [*article.captions, *result.captions]
    return article


def headline_before_body(result: CleanResult) -> str | None:
    """The first line the cleaner took off above the body as a headline, if one reads as such.

    Scraped text carries no title field; its headline is the short unpunctuated line that opens
    the article once the furniture above it (cookie notices, breadcrumbs, share bars) is set aside.
    """
    for item in result.judged:
        if item.kind is None:
            return None  # the body began without a headline above it
        words = item.unit.text.split()
        if (
            item.kind == "other"
            and item.reason.startswith("headline")
            and 3 <= len(words) <= 25
            and not _SENTENCE_END.search(item.unit.text)
        ):
            return item.unit.text.strip()
    return None


def assign_outlet(article: Article) -> Article:
    guess = infer_outlet(article)
    article.outlet, article.outlet_evidence = guess.name, guess.evidence
    return article


def assign_published(article: Article) -> Article:
    guess = infer_date(article)
    article.published, article.published_evidence = guess.published, guess.evidence
    return article


@stages.register("storyline.split_stories.v1")
def make_split_stories(settings: Settings) -> Stage:
    return Stage(
        "storyline.split_stories.v1",
        _guarded("split_stories", split_stories),
        requires=frozenset({"text"}),
        assigns=frozenset({"text", "title"}),
    )


@stages.register("storyline.boilerplate.v1")
def make_boilerplate(settings: Settings) -> Stage:
    return Stage(
        "storyline.boilerplate.v1",
        _guarded("boilerplate", clean_body),
        requires=frozenset({"text"}),
        assigns=frozenset({"text", "removed", "captions", "dateline"}),
    )


@stages.register("storyline.outlet.v1")
def make_outlet(settings: Settings) -> Stage:
    return Stage(
        "storyline.outlet.v1",
        _guarded("outlet", assign_outlet),
        requires=frozenset({"removed", "url"}),
        assigns=frozenset({"outlet", "outlet_evidence"}),
    )


@stages.register("storyline.pubdate.v1")
def make_pubdate(settings: Settings) -> Stage:
    return Stage(
        "storyline.pubdate.v1",
        _guarded("pubdate", assign_published),
        requires=frozenset({"removed", "captions"}),
        assigns=frozenset({"published", "published_evidence"}),
    )
