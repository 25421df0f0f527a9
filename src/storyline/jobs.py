"""The library entry points behind the CLI: `ingest` into a store, `run` to briefs.

Each batch is one store transaction: its articles, then the story step (`update_stories`) that
clusters the articles no story holds yet into the stored stories, rebuilds the stories that
changed and saves the clusterer's state. A crash anywhere leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.clean.dates import fill_from_batch
from storyline.clean.dedup import (
    Known,
    band_keys,
    fingerprint,
    from_bytes,
    mark_duplicates,
    signature,
    signatures,
)
from storyline.clean.stages import CLEANING_STAGES
from storyline.errors import ReadError
from storyline.ingest import ReadContext, read_inputs
from storyline.model import Article, Brief
from storyline.outputs.brief import write_briefs
from storyline.pipeline import build_pipeline, redo_dated_stages, run_pipeline
from storyline.settings import Settings, load_settings
from storyline.store import Store, StoryWrite
from storyline.stories.anchor import anchor_story_dates
from storyline.stories.assemble import assemble_story
from storyline.stories.cluster import ClusterConfig, StoryClusterer

log = logging.getLogger(__name__)

# Per-article stages run by `ingest` and `run`, in order (the stage registry names).
ARTICLE_STAGES: list[str] = [
    *CLEANING_STAGES,
    "storyline.language.v1",
    "storyline.timex.v1",
    "storyline.events.v1",
]


@dataclass
class StoryUpdate:
    """What one story step did: stories started, stories that grew (or lost articles to a
    split), stories closed, and merges (`merged`: old id -> the id it now stands for)."""

    placed: dict[str, str] = field(default_factory=dict)  # article id -> story id
    new: list[str] = field(default_factory=list)
    grown: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> list[str]:
        return [*self.new, *self.grown]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    stories: StoryUpdate = field(default_factory=StoryUpdate)

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
    stories: bool = True,
) -> IngestReport:
    """Read, analyse and store `inputs` as one batch, and (`stories`) place its articles in
    stories: one transaction."""
    ctx = ReadContext(settings or load_settings(), fetch_links, allow_private)
    report = IngestReport()
    report.articles = list(analyse(inputs, ctx, report, on_error))
    with Store(db) as store:
        store_batch(
            store,
            report,
            ctx.settings,
            inputs=" ".join(inputs),
            stories=stories,
        )
    return report


def store_batch(
    store: Store,
    report: IngestReport,
    settings: Settings,
    *,
    inputs: str = "",
    stories: bool = True,
) -> None:
    """The batch steps of `ingest` on analysed `report.articles` (they need the other
    articles, of the batch and of the store), then store them and (`stories`) place them in
    stories, in one transaction; fills in `report`."""
    found = signatures(report.articles)
    store.add_fingerprints(
        fingerprint(aid, signature(text)) for aid, text in store.unfingerprinted()
    )
    keys = [key for minhash in found.values() for key in band_keys(minhash)]
    known = [
        Known(aid, from_bytes(data), published, original)
        for aid, data, published, original in store.dedup_candidates(keys)
    ]
    mark_duplicates(report.articles, known, batch_signatures=found)
    undated = {id(a) for a in report.articles if not a.published}
    fill_from_batch(report.articles)
    redo_dated_stages([a for a in report.articles if id(a) in undated and a.published], settings)
    with store.transaction():
        result = store.add_batch(report.articles, inputs=inputs, failed=len(report.errors))
        store.add_fingerprints(
            fingerprint(aid, found[aid]) for aid in result.stored if aid in found
        )
        if stories:
            report.stories = update_stories(store, settings, result.batch_id)
    report.stored, report.already_stored = result.stored, result.already_stored


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
    """Ingest `inputs`, then write to `out` the briefs of the stories their articles are in
    (whole stories: articles of earlier batches in them come too)."""
    report = ingest(
        inputs,
        db,
        settings=settings,
        fetch_links=fetch_links,
        allow_private=allow_private,
        on_error=on_error,
    )
    with Store(db, read_only=True) as store:
        story_ids = store.story_of(a.id for a in report.articles).values()
        stories = store.stories(dict.fromkeys(story_ids)) if story_ids else []
        members = {aid for story in stories for aid in story.article_ids}
        members.update(a.id for a in report.articles)
        articles = store.articles(members)
    # The story step stored the dates it inferred; why the others stay undated (a window, a
    # conflict) is only noted on the brief's copies, so that a later batch can still date them.
    by_id = {a.id: a for a in articles}
    for story in stories:
        anchor_story_dates([by_id[i] for i in story.article_ids if i in by_id])
    brief = Brief(articles=articles, stories=stories)
    paths = write_briefs(brief, out)
    return report, brief, paths


def update_stories(store: Store, settings: Settings, batch_id: int) -> StoryUpdate:
    """The story step: cluster the stored articles no story holds yet into the stored stories.

    The clusterer resumes from its saved state (the active stories: the ones that can still
    grow) and takes only the new articles; a copy (`duplicate_of`) joins its original's story,
    wherever that is. Only the stories that changed are rebuilt, from their stored article
    records. Story ids come from the clusterer and never change as a story grows; when a
    story's articles all end up in another one (a merge), the older id (first created) stays
    and the other becomes its alias (`Store.story_aliases`); `Store.clusterer_ids` maps the
    clusterer's ids to the store's where they differ. Placements, rebuilt stories, aliases, the
    clusterer's state and that map are written in one transaction (the caller's, if open).
    """
    with store.transaction():
        pending = store.unclustered_articles()
        if not pending:
            return StoryUpdate()
        clusterer, lost = _load_clusterer(store, settings)
        by_id = {a.id: a for a in pending}
        known_roots = store.story_of(a.duplicate_of for a in pending if a.duplicate_of)
        copies: dict[str, str] = {}
        for article in pending:
            root = _root_of(article, by_id)
            if root != article.id and (root in by_id or root in known_roots):
                copies[article.id] = root
        result = clusterer.add(a for a in pending if a.id not in copies)
        ids = _store_ids(store, store.clusterer_ids(), result.new_story_ids, batch_id)
        placed = {aid: ids.get(sid, sid) for aid, sid in result.assignments.items()}
        moved = {aid: ids.get(sid, sid) for aid, sid in result.moved.items()}
        placed.update(moved)
        for aid, root in copies.items():
            placed[aid] = placed.get(root) or known_roots[root]
        before = store.story_of(moved)
        rows = store.story_rows([*placed.values(), *before.values()])
        sizes = {sid: len(m) for sid, m in store.story_members(set(before.values())).items()}
        created = {sid: int(r["created_batch"] or 0) for sid, r in rows.items()}
        merged = story_merges(moved, before, sizes, created, batch_id)
        for gone, members in store.story_members(merged).items():
            placed.update({aid: merged[gone] for aid in members if aid not in placed})
        placed = {aid: merged.get(sid, sid) for aid, sid in placed.items()}

        def store_id(clusterer_id: str) -> str:
            sid = ids.get(clusterer_id, clusterer_id)
            return merged.get(sid, sid)

        active = clusterer.active()
        titles = {store_id(s.id): s.title for s in [*result.closed, *active]}
        closed = sorted({store_id(s.id) for s in result.closed})
        if lost:  # the stories the lost state held can no longer grow
            active_ids = {store_id(s.id) for s in active}
            stale = [sid for sid, row in store.story_rows().items() if row["status"] == "active"]
            closed = sorted({*closed, *(sid for sid in stale if sid not in active_ids)})
        touched = sorted({*placed.values(), *(s for s in before.values() if s not in merged)})
        # the map keeps only the active stories whose ids differ from the store's
        kept = {s.id: store_id(s.id) for s in active}
        kept = {cid: sid for cid, sid in kept.items() if cid != sid}
        # placements first: the rebuilt stories read their members back
        store.write_stories(
            StoryWrite(
                batch_id=batch_id,
                placements=placed,
                removed=list(merged),
                aliases=merged,
                closed=closed,
                state=clusterer.to_dict(),
                clusterer_ids=kept,
            )
        )
        membership = store.story_members(touched)
        records = store.articles(aid for ids in membership.values() for aid in ids)
        undated = {a.id for a in records if not a.published}
        stories = []
        for story_id, article_ids in membership.items():
            if article_ids:
                title = titles.get(story_id) or rows.get(story_id, {}).get("title")
                wanted = set(article_ids)
                story_articles = [a for a in records if a.id in wanted]  # store order
                stories.append(
                    assemble_story(
                        story_id,
                        title,
                        story_articles,
                        redate=lambda dated: redo_dated_stages(dated, settings),
                    )
                )
        store.write_stories(StoryWrite(batch_id=batch_id, stories=stories, closed=closed))
        # the articles their stories dated (as inferred) keep that date and its re-dated events
        store.update_dates(a for a in records if a.id in undated and a.published)
    return StoryUpdate(
        placed=placed,
        new=[s for s in touched if s not in rows],
        grown=[s for s in touched if s in rows],
        closed=closed,
        merged=merged,
    )


def story_merges(
    moved: dict[str, str],
    before: dict[str, str],
    sizes: dict[str, int],
    created: dict[str, int],
    batch_id: int,
) -> dict[str, str]:
    """Stories merged by a clustering step: story id that goes -> story id that stays.

    `moved` is where the clusterer put earlier articles (article -> story), `before` where they
    were, `sizes` how many articles each earlier story held, `created` the batch that created
    each stored story (a story missing there is new in `batch_id`). A story left with no
    article merged into the story that took most of them; of the two, the one created first
    (then the smaller id) keeps its id and the other id becomes its alias.
    """
    left = dict(sizes)
    went: dict[str, Counter[str]] = defaultdict(Counter)
    for aid, old in before.items():
        new = moved.get(aid, old)
        if new != old:
            left[old] = left.get(old, 0) - 1
            went[old][new] += 1
    merged: dict[str, str] = {}
    for old in sorted(went):
        if left.get(old, 0) > 0:
            continue
        target = min(went[old].items(), key=lambda item: (-item[1], item[0]))[0]
        while target in merged:
            target = merged[target]
        if target == old:
            continue
        keep, drop = sorted((old, target), key=lambda sid: (created.get(sid, batch_id), sid))
        merged[drop] = keep
        for gone, into in merged.items():
            if into == drop:
                merged[gone] = keep
    return merged


def _store_ids(
    store: Store, saved: dict[str, str], new: Iterable[str], batch_id: int
) -> dict[str, str]:
    """Clusterer story id -> store story id where they differ: the saved map, less the ids
    the clusterer just gave to new stories, each of which gets an id of its own when the store
    already has that id (a story or an alias: a split can give a part the id of the story its
    first article once founded)."""
    fresh = list(dict.fromkeys(new))
    ids = {cid: sid for cid, sid in saved.items() if cid not in fresh}
    taken = set(store.story_rows(fresh)) | set(store.story_aliases(fresh))
    for cid in fresh:
        if cid in taken:
            ids[cid] = "s" + hashlib.sha256(f"{cid}:{batch_id}".encode()).hexdigest()[:15]
    return ids


def _load_clusterer(store: Store, settings: Settings) -> tuple[StoryClusterer, bool]:
    """The clusterer as the last story step left it, and whether a saved state was lost: a
    fresh one before the first step, or when the saved state is of another clusterer version
    (the stored stories then stay as they are, closed to new articles)."""
    config = ClusterConfig.from_settings(settings)
    saved = store.cluster_state()
    if saved is not None:
        version, state = saved
        try:
            return StoryClusterer.from_dict(state, config), False
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("story state %d unreadable (%s): new stories start afresh", version, exc)
            return StoryClusterer(config), True
    return StoryClusterer(config), False


def _root_of(article: Article, by_id: dict[str, Article]) -> str:
    """The id of the original a copy points at, through copies of copies in `by_id`."""
    seen = {article.id}
    current = article
    while current.duplicate_of and current.duplicate_of not in seen:
        seen.add(current.duplicate_of)
        if current.duplicate_of not in by_id:
            return current.duplicate_of
        current = by_id[current.duplicate_of]
    return current.id
