"""From analysed articles to finished stories: cluster, then per story entities, fused events,
claims, disagreements, timeline, coverage and a cited summary.

Entity ids: the events stage resolves each article's actors against that article alone
(`resolve_entities([article])`), the story against all its articles; both index the same
mentions, so an article-level id maps to the story-level id its mentions got ("Mnatsakanian" in
one article and "Mnatsakanyan" in another become one person). Keys that are no entity
(`text:...`, `outlet:...`) stay as they are.

Duplicates (`duplicate_of` set, the original in the same call) join their original's story and
appear in its `article_ids` and coverage, but their events and claims are not counted again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from storyline.language.entities import EntityIndex, resolve_entities
from storyline.model import Article, Claim, Event, Mention, Story
from storyline.pipeline import redo_dated_stages
from storyline.settings import Settings, load_settings
from storyline.stories.anchor import anchor_story_dates
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.coverage import build_coverage
from storyline.stories.disagreements import find_disagreements
from storyline.stories.fuse import fuse_events, report_order
from storyline.stories.summary import build_summary
from storyline.stories.timeline import build_timeline


def build_stories(
    articles: Sequence[Article],
    *,
    clusterer: StoryClusterer | None = None,
    settings: Settings | None = None,
    redate: Callable[[list[Article]], None] | None = None,
) -> list[Story]:
    """The stories of `articles`, largest first (the module docstring says how); `redate` as
    in `assemble_story`."""
    if clusterer is None:
        clusterer = StoryClusterer(ClusterConfig.from_settings(settings or load_settings()))
    by_id = {a.id: a for a in articles}
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in by_id)]
    originals = list({a.id: a for a in originals}.values())
    result = clusterer.add(originals)
    story_of = dict(result.assignments)
    story_of.update(result.moved)
    titles: dict[str, str] = {}
    for story in [*result.closed, *clusterer.active()]:
        titles[story.id] = story.title
        for article_id in story.article_ids:
            story_of.setdefault(article_id, story.id)
    members: dict[str, list[Article]] = defaultdict(list)
    for article in originals:
        members[story_of.get(article.id) or _lone_id(article)].append(article)
    for article in articles:
        if article.duplicate_of and article.duplicate_of in by_id:
            root = _root(article, by_id)
            members[story_of.get(root.id) or _lone_id(root)].append(article)
    stories = [
        assemble_story(
            story_id,
            titles.get(story_id),
            group,
            redate=redate or functools.partial(_redo_date_stages, settings=settings),
        )
        for story_id, group in members.items()
    ]
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    return stories


def _redo_date_stages(articles: list[Article], settings: Settings | None = None) -> None:
    redo_dated_stages(articles, settings or load_settings())


def _root(article: Article, by_id: dict[str, Article]) -> Article:
    seen = {article.id}
    while article.duplicate_of and article.duplicate_of in by_id:
        article = by_id[article.duplicate_of]
        if article.id in seen:
            break
        seen.add(article.id)
    return article


def _lone_id(article: Article) -> str:
    return "s" + hashlib.sha256(article.id.encode("utf-8")).hexdigest()[:15]


def key_map(article: Article, story_index: EntityIndex) -> dict[str, str]:
    """The article's own entity ids (as the events stage resolved them) -> the story's."""
    own = resolve_entities([article])
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in range(len(article.entity_mentions)):
        local = own.entity_of.get((article.id, m))
        merged = story_index.entity_of.get((article.id, m))
        if local is not None and merged is not None:
            votes[local][merged] += 1
    return {local: counts.most_common(1)[0][0] for local, counts in votes.items()}


def _remap(keys: list[str], mapping: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(mapping.get(k, k) for k in keys))


def assemble_story(
    story_id: str,
    title: str | None,
    articles: Sequence[Article],
    *,
    redate: Callable[[list[Article]], None] | None = None,
) -> Story:
    """One story from its articles (duplicates included, counted once).

    First `anchor.anchor_story_dates` dates the articles the cleaner left undated from the days
    their story's other articles state (as inferred, never as stated), and `redate` (default:
    the date-dependent article stages, `pipeline.redo_dated_stages`) runs again on those it dated.
    """
    anchor_story_dates(articles, redate or _redo_date_stages)
    ids = {a.id for a in articles}
    counted = [a for a in articles if not (a.duplicate_of and a.duplicate_of in ids)]
    index = resolve_entities(counted)
    entities = index.entities
    reports: list[tuple[Article, Event]] = []
    article_claims: list[Claim] = []
    for article in counted:
        mapping = key_map(article, index) if article.entity_mentions else {}
        for event in article.events:
            reports.append(
                (
                    article,
                    dataclasses.replace(
                        event,
                        actors=_remap(event.actors, mapping),
                        recipients=_remap(event.recipients, mapping),
                        claimant=mapping.get(event.claimant, event.claimant)
                        if event.claimant
                        else None,
                    ),
                )
            )
        for claim in article.claims:
            article_claims.append(
                dataclasses.replace(
                    claim,
                    claimant=mapping.get(claim.claimant, claim.claimant)
                    if claim.claimant
                    else None,
                )
            )
    country_of = {e.id: e.country for e in entities if e.kind == "person" and e.country}
    events = fuse_events(reports, country_of)
    claims = fuse_claims(article_claims, counted)
    order = report_order(articles)
    ordered = sorted(articles, key=lambda a: order[a.id])
    disagreements = find_disagreements(claims, events, articles, entities)
    return Story(
        id=story_id,
        title=title or next((a.title for a in ordered if a.title), None) or "untitled story",
        article_ids=[a.id for a in ordered],
        entities=entities,
        events=events,
        claims=claims,
        disagreements=disagreements,
        timeline=build_timeline(events, entities),
        summary=build_summary(
            events, claims, counted, entities=entities, disagreements=disagreements
        ),
        coverage=build_coverage(articles, events),
    )


def fuse_claims(claims: Sequence[Claim], articles: Sequence[Article]) -> list[Claim]:
    """One claim per (subject, value, unit, claimant, as-of): the same figure from the same
    claimant repeated by several articles is one claim with several mentions."""
    order = report_order(articles)
    fused: dict[tuple[object, ...], Claim] = {}
    for claim in sorted(claims, key=lambda c: (_claim_order(c, order), c.id)):
        key = (
            " ".join(claim.subject.lower().split()),
            claim.value,
            (claim.unit or "").lower(),
            claim.claimant,
            claim.as_of,
        )
        if key in fused:
            known = fused[key]
            spans = {(m.article_id, m.start, m.end) for m in known.mentions}
            known.mentions.extend(
                Mention(m.article_id, m.sentence, m.start, m.end)
                for m in claim.mentions
                if (m.article_id, m.start, m.end) not in spans
            )
        else:
            fused[key] = dataclasses.replace(claim, mentions=list(claim.mentions))
    return list(fused.values())


def _claim_order(claim: Claim, order: dict[str, int]) -> tuple[int, int]:
    if not claim.mentions:
        return (len(order), 0)
    first = claim.mentions[0]
    return (order.get(first.article_id, len(order)), first.start)
