"""Incremental story clustering: articles arrive in batches and join a story or start one.

Each story keeps, per view (`features.py`), the sum of its articles' normalised term vectors.
An article is scored against every *active* story as the weighted sum over views of the cosine
between its TF-IDF vector and the story's TF-IDF centroid; it joins the best story when that
score reaches `threshold` and the dates are compatible, and starts a new story otherwise.

* **IDF that drifts.** Document frequencies are counted as articles arrive (hashed buckets, fixed
  memory). Centroids are kept as raw term-frequency sums and weighed with the current IDF when a
  batch is scored, so old stories and new articles are always compared on the same scale. The
  IDF is refreshed once per batch (after counting the batch), the only way the batching can
  change a result; within a batch articles are taken one by one, in (date, id) order.
* **Exact sequential scoring, vectorised.** A batch is scored with three sparse products per view
  (articles x stories, articles x articles); as an article joins a story, the story's dot
  products with the rest of the batch and its norm are updated in place, so the result is the
  one-at-a-time single-pass result without rebuilding any matrix.
* **Time.** An article dated `d` joins a story at the join threshold only if `d` lies within
  `max_gap_days` of the story's dated articles (same actors two years later is another story);
  further away it needs `late_threshold`, a follow-up weeks or months on (a trial, an
  anniversary) naming the incident's own people and places; undated articles and undated
  stories are compatible with any date. The clock is the latest publication date seen.
  A story with no new article for `max_gap_days` of clock time (and `min_idle_articles`
  articles, so a late backfill of older articles still finds its stories), or for
  `idle_articles` articles, is *closed*: handed back in the batch result and dropped from
  memory, so memory depends on the active stories, not on how many have ever existed.
  `max_active` bounds the active set even on undated streams (the least recently updated close
  first).
* **Another incident, another story; one incident, one story.** Single-pass clustering cannot
  tell, when the first article about a second incident of the same kind and actors arrives,
  that it is not the first incident's story, and it starts a second story for an incident when
  an article arrives before those that would link it to the first. Once stories hold a few
  articles each they can be set right, after each batch, on the stories it touched: two
  stories merge when their centroids score at least `merge_threshold` and no clean cut parts
  them; a story splits (recursively) when its members, compared with IDF counted among
  themselves (words all of them share weigh little), have a two-way cut whose normalised cut
  is below `split_cut` (spectral bisection). Two incidents of one kind often share so many
  words that no cut of them is clean; then the members are cut by their *similarity profiles*
  (second-order similarity: two reports of one incident are close to the same reports), and
  that cut is kept when it is not a loose one (normalised cut below `contrast_cut`) and each
  side has conflict evidence of its own: a name or a figure that at least `contrast_share` of
  its members state and almost none of the other side's (the player placed on injured reserve,
  the coach fired, the magnitude, the toll). Earlier articles that move are listed in
  `BatchResult.moved`, stories merged away in `BatchResult.merged`. This needs each member's
  vectors, kept for active stories only (up to `MAX_SPLIT_MEMBERS`).
* **One article, the story it would join now.** Before the merge and after the split, a member
  of a story the batch touched that would no longer join its story (its score against the
  story without itself is below `threshold`) moves to the best other active story it would
  join (at least `threshold`, dates compatible): a short report that joined a story of the
  same kind before its own incident had one, or that a merge or split left among the wrong
  reports.
* **Ids and titles.** A story's id comes from the id of the article that started it (articles
  are taken in (date, id) order within a batch, so the input order of a batch does not matter);
  it never changes. Its title is the title of the member that scored highest against the story
  when it joined (the founder's until then): the most central headline seen.

State (`to_dict`/`from_dict`, `save`/`load`) is plain JSON-able data: the document frequencies
and the active stories.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from storyline.model import Article, Story
from storyline.settings import Settings
from storyline.stories.features import HASH_BUCKETS, ArticleFeatures, FeatureExtractor

STATE_SCHEMA = "storyline.story_state/1"
MAX_SPLIT_MEMBERS = 400
# Each part of a split holds at least this many articles: two parts of one multi-story page, or
# a syndicated pair, are a tight group of two that must not break a story.
MIN_SPLIT_PART = 3
# A smaller story merges into another only at the join threshold: one article cannot show
# that two stories are one incident (no cut of a lone article looks clean).
MIN_MERGE_PART = 2
# Conflict evidence of one side of a cut: a key most of its members state that at most this
# share of the other side's members state (one stray mention does not make it shared).
CONTRAST_OTHER_SHARE = 0.1
# The views whose keys are conflict evidence: names and figures.
CONTRAST_VIEWS = ("entities", "numbers")


@dataclass
class ClusterConfig:
    """The clustering thresholds (settings `[stories]`).

    threshold (float): least weighted cosine for an article to join a story.
    view_weights (dict[str, float]): weight of each view's cosine in the score (normalised to
        sum to 1); a view without a positive weight is not computed.
    max_gap_days (int): dated articles further than this from a story's dates never join it,
        and a story closes after this many days of clock time without a new article.
    idle_articles (int): a story also closes after this many articles without one of them.
    min_idle_articles (int): a story closes by clock time only once this many articles have
        arrived since its last one, so a batch of older articles arriving late (a backfill)
        still finds its stories.
    max_active (int): at most this many stories stay active (least recently updated close).
    max_centroid_terms (int): a story keeps at most this many terms per view (the heaviest).
    split_cut (float): a story touched by a batch splits in two when its best two-way cut
        (spectral bisection, IDF counted among its members) has a normalised cut below this;
        0 turns splitting and merging off (and members are not kept).
    split_number_weight (float): weight of the figures (`numbers` view) when members are
        compared for a split or merge (the other views keep their join weights).
    merge_threshold (float): two active stories, one of them touched by the batch, merge when
        their centroids score at least this and their partition is no clean cut (normalised
        cut at least `split_cut`); 0 turns merging off.
    late_threshold (float): least score for a dated article to join a story (or for two
        stories to merge) when their dates are more than `max_gap_days` apart; `inf` keeps
        such articles out of the story whatever they say.
    contrast_cut (float): a cut of a story's members by their similarity profiles is kept,
        though not clean, when its normalised cut is below this and each side has a name or
        figure of its own (`contrast_share`); 0 turns this off.
    contrast_share (float): least share of one side's members stating a name (`entities`
        view) or figure (`numbers` view) that at most `CONTRAST_OTHER_SHARE` of the other
        side's members state.
    """

    threshold: float = 0.25
    view_weights: dict[str, float] = field(default_factory=lambda: {"text": 0.6, "entities": 0.4})
    max_gap_days: int = 30
    idle_articles: int = 20000
    min_idle_articles: int = 500
    max_active: int = 5000
    max_centroid_terms: int = 3000
    split_cut: float = 0.65
    merge_threshold: float = 0.2
    split_number_weight: float = 0.7
    late_threshold: float = 0.45
    contrast_cut: float = 0.8
    contrast_share: float = 0.5

    def split_weights(self) -> dict[str, float]:
        """The views' weights when members are compared for a split or merge: the join
        weights, and the figures (`numbers`), the evidence that tells two incidents apart."""
        weights = {view: w for view, w in self.view_weights.items() if w > 0}
        if self.split_number_weight > 0:
            weights["numbers"] = self.split_number_weight
        return weights

    @classmethod
    def from_settings(cls, settings: Settings) -> ClusterConfig:
        section = settings.values.get("stories", {})
        weights = {
            "text": float(section.get("text_weight", 0.6)),
            "entities": float(section.get("entity_weight", 0.4)),
            "numbers": float(section.get("number_weight", 0.0)),
        }
        return cls(
            threshold=float(section.get("threshold", cls.threshold)),
            view_weights=weights,
            max_gap_days=int(section.get("max_gap_days", cls.max_gap_days)),
            idle_articles=int(section.get("idle_articles", cls.idle_articles)),
            min_idle_articles=int(section.get("min_idle_articles", cls.min_idle_articles)),
            max_active=int(section.get("max_active", cls.max_active)),
            max_centroid_terms=int(section.get("max_centroid_terms", cls.max_centroid_terms)),
            split_cut=float(section.get("split_cut", cls.split_cut)),
            merge_threshold=float(section.get("merge_threshold", cls.merge_threshold)),
            split_number_weight=float(section.get("split_number_weight", cls.split_number_weight)),
            late_threshold=float(section.get("late_threshold", cls.late_threshold)),
            contrast_cut=float(section.get("contrast_cut", cls.contrast_cut)),
            contrast_share=float(section.get("contrast_share", cls.contrast_share)),
        )


@dataclass
class Centroid:
    """A story's sum of member term vectors in one view (sorted bucket ids, float weights)."""

    indices: np.ndarray  # int32, sorted
    values: np.ndarray  # float64

    @classmethod
    def empty(cls) -> Centroid:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.float64))


@dataclass
class Member:
    """What a story remembers of one article when it may have to split: its day, title and
    view vectors (bucket ids and normalised tf weights)."""

    article_id: str
    day: int | None
    title: str
    vectors: dict[str, Centroid]


@dataclass
class ActiveStory:
    """A story that can still grow: its members, dates and centroids."""

    id: str
    title: str
    title_score: float
    article_ids: list[str]
    first_day: int | None
    last_day: int | None
    last_seq: int
    centroids: dict[str, Centroid]
    # Kept only when splitting is on: each member's (day, title, view vectors), in article order.
    members: list[Member] = field(default_factory=list)
    split_checked: int = 0  # members at the last split check

    def to_story(self) -> Story:
        return Story(id=self.id, title=self.title, article_ids=list(self.article_ids))


@dataclass
class BatchResult:
    """What one `add()` did: each article's story, the new stories (splits included), the
    stories it closed, and the articles of earlier batches that a split moved."""

    assignments: dict[str, str] = field(default_factory=dict)
    new_story_ids: list[str] = field(default_factory=list)
    closed: list[Story] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # earlier article -> its new story
    merged: dict[str, str] = field(default_factory=dict)  # story merged away -> its survivor


class _ViewCounts:
    """Document frequencies of one view over hashed buckets: fixed memory, any vocabulary."""

    def __init__(self) -> None:
        self.df = np.zeros(HASH_BUCKETS, np.int32)
        self.docs = 0

    def count(self, vectors: Iterable[dict[int, float]]) -> None:
        for vector in vectors:
            if vector:
                self.df[np.fromiter(vector.keys(), np.int64, len(vector))] += 1
            self.docs += 1

    def idf(self, buckets: np.ndarray) -> np.ndarray:
        """IDF of `buckets` (only those: the table is large and most of it unused).

        scikit-learn's smooth IDF: never zero, so a lone first article still has a vector.
        """
        return np.log((1.0 + self.docs) / (1.0 + self.df[buckets])) + 1.0


def story_id(founder_article_id: str) -> str:
    return "s" + hashlib.sha256(founder_article_id.encode("utf-8")).hexdigest()[:15]


class StoryClusterer:
    """Single-pass incremental clustering of articles into stories (see the module doc).

    config (ClusterConfig): thresholds and view weights.
    extractor (FeatureExtractor): turns articles into view vectors; its hooks add evidence.
    """

    def __init__(
        self, config: ClusterConfig | None = None, extractor: FeatureExtractor | None = None
    ) -> None:
        self.config = config or ClusterConfig()
        self.extractor = extractor or FeatureExtractor(
            use_entities=self.config.view_weights.get("entities", 0.0) > 0,
            use_lead=self.config.view_weights.get("lead", 0.0) > 0,
            use_numbers=self.config.view_weights.get("numbers", 0.0) > 0
            or (self.config.split_cut > 0 and self.config.split_number_weight > 0),
        )
        self.views = [name for name, w in self.config.view_weights.items() if w > 0]
        self.counts = {name: _ViewCounts() for name in self.views}
        self.stories: list[ActiveStory] = []
        self.clock: int | None = None  # the latest publication day seen
        self.seq = 0  # articles taken so far

    # -- adding articles -------------------------------------------------------------------

    def add(self, articles: Iterable[Article]) -> BatchResult:
        """Cluster one batch: each article joins an active story or starts a new one."""
        member_of = {aid: s.id for s in self.stories for aid in s.article_ids}
        result = BatchResult()
        batch: list[ArticleFeatures] = []
        seen: set[str] = set()
        for article in articles:
            if article.id in member_of:
                result.assignments[article.id] = member_of[article.id]
            elif article.id not in seen:
                seen.add(article.id)
                batch.append(self.extractor(article))
        if batch:
            batch.sort(key=lambda f: (f.day if f.day is not None else math.inf, f.article_id))
            self._cluster(batch, result)
            if self.config.split_cut > 0:
                self._reassign_members(result)
                if self.config.merge_threshold > 0:
                    self._merge_stories(result)
                self._split_stories(result)
                self._reassign_members(result)
        result.closed = self._close_stale()
        return result

    def features(self, article: Article) -> ArticleFeatures:
        return self.extractor(article)

    def _cluster(self, batch: list[ArticleFeatures], result: BatchResult) -> None:
        b, n = len(batch), len(self.stories)
        total = sum(self.config.view_weights[v] for v in self.views)
        weights = {v: self.config.view_weights[v] / total for v in self.views}
        for view in self.views:
            self.counts[view].count(f.views.get(view, {}) for f in batch)
        # Per view: a centroid is the sum of its articles' tf vectors weighed by the IDF (u_m);
        # dots[i, j] = <x_i, centroid_j> with x_i = u_i / |u_i| the article's TF-IDF unit
        # vector; norm2[j] = |centroid_j|^2. Adding article i to slot j adds u_i to it.
        dots: dict[str, np.ndarray] = {}
        norm2: dict[str, np.ndarray] = {}
        gram: dict[str, np.ndarray] = {}
        article_norm: dict[str, np.ndarray] = {}
        for view in self.views:
            idf = self.counts[view].idf
            batch_matrix, article_norm[view] = _matrix([f.views.get(view, {}) for f in batch], idf)
            story_matrix = _centroid_matrix([s.centroids.get(view) for s in self.stories], idf)
            gram_v = (batch_matrix @ batch_matrix.T).toarray()
            dots_v = np.zeros((b, n + b))
            if n:
                dots_v[:, :n] = (batch_matrix @ story_matrix.T).toarray()
            norm2_v = np.zeros(n + b)
            norm2_v[:n] = _row_sums(story_matrix.data**2, story_matrix.indptr)
            dots[view], norm2[view], gram[view] = dots_v, norm2_v, gram_v
        first = np.full(n + b, np.nan)
        last = np.full(n + b, np.nan)
        for j, story in enumerate(self.stories):
            if story.first_day is not None and story.last_day is not None:
                first[j], last[j] = story.first_day, story.last_day
        slot_members: list[list[int]] = [[] for _ in range(n + b)]
        slots = n
        gap = self.config.max_gap_days
        for i, feats in enumerate(batch):
            score = np.zeros(slots)
            for view in self.views:
                norms = np.sqrt(norm2[view][:slots])
                with np.errstate(divide="ignore", invalid="ignore"):
                    cosine = np.where(norms > 0, dots[view][i, :slots] / norms, 0.0)
                score += weights[view] * cosine
            if feats.day is not None and slots:
                with np.errstate(invalid="ignore"):
                    too_far = (feats.day < first[:slots] - gap) | (feats.day > last[:slots] + gap)
                score[too_far & (score < self.config.late_threshold)] = -math.inf
            best = int(np.argmax(score)) if slots else -1
            if best >= 0 and score[best] >= self.config.threshold:
                slot = best
                for view in self.views:
                    length = article_norm[view][i]
                    norm2[view][slot] += 2 * length * dots[view][i, slot] + length * length
                    dots[view][:, slot] += length * gram[view][:, i]
            else:
                slot = slots
                slots += 1
                for view in self.views:
                    length = article_norm[view][i]
                    norm2[view][slot] = length * length
                    dots[view][:, slot] = length * gram[view][:, i]
            slot_members[slot].append(i)
            if feats.day is not None:
                first[slot] = feats.day if np.isnan(first[slot]) else min(first[slot], feats.day)
                last[slot] = feats.day if np.isnan(last[slot]) else max(last[slot], feats.day)
                self.clock = feats.day if self.clock is None else max(self.clock, feats.day)
        # Centrality of each article in its story once the batch is in: the title candidates.
        centrality = np.zeros(b)
        for slot, members in enumerate(slot_members):
            for i in members:
                for view in self.views:
                    if norm2[view][slot] > 0:
                        norm = math.sqrt(norm2[view][slot])
                        centrality[i] += weights[view] * dots[view][i, slot] / norm
        self._apply(batch, slot_members, centrality, first, last, n, result)

    def _apply(
        self,
        batch: list[ArticleFeatures],
        slot_members: list[list[int]],
        centrality: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        n: int,
        result: BatchResult,
    ) -> None:
        """Write the batch's joins and new stories into the active stories."""
        for slot, members in enumerate(slot_members):
            if not members:
                continue
            if slot < n:
                story = self.stories[slot]
            else:
                story = ActiveStory(
                    id=story_id(batch[members[0]].article_id),
                    title="",
                    title_score=-math.inf,
                    article_ids=[],
                    first_day=None,
                    last_day=None,
                    last_seq=0,
                    centroids={},
                )
                self.stories.append(story)
                result.new_story_ids.append(story.id)
            central = max(members, key=lambda i: (centrality[i], -i))
            if centrality[central] > story.title_score or not story.title:
                story.title_score, story.title = float(centrality[central]), batch[central].title
            for i in members:
                story.article_ids.append(batch[i].article_id)
                result.assignments[batch[i].article_id] = story.id
                if self.config.split_cut > 0 and len(story.article_ids) <= MAX_SPLIT_MEMBERS:
                    story.members.append(_member(batch[i]))
            if len(story.article_ids) > MAX_SPLIT_MEMBERS:
                story.members = []  # too large to split: stop paying memory for member vectors
            story.last_seq = self.seq + max(members) + 1
            if not np.isnan(first[slot]):
                story.first_day, story.last_day = int(first[slot]), int(last[slot])
            for view in self.views:
                story.centroids[view] = _add_vectors(
                    story.centroids.get(view),
                    [batch[i].views.get(view, {}) for i in members],
                    self.config.max_centroid_terms,
                )
        self.seq += len(batch)

    def _merge_stories(self, result: BatchResult) -> None:
        """Merge a story the batch touched into a close active story of the same incident.

        Single-pass clustering starts a second story when an article arrives before the
        articles that would link it to the first; once both hold a few, their centroids show
        it. Two stories merge when their centroid score reaches `merge_threshold`, their dates
        are compatible, and the two are no clean cut of their union (the normalised cut of
        the partition is at least `split_cut`: two incidents of one kind stay two stories).
        The larger story keeps its id.
        """
        touched = set(result.assignments.values()) | set(result.moved.values())
        candidates = [s for s in self.stories if s.id in touched and _splittable(s)]
        if not candidates or len(self.stories) < 2:
            return
        score = np.zeros((len(candidates), len(self.stories)))
        total = sum(self.config.view_weights[v] for v in self.views)
        for view in self.views:
            idf = self.counts[view].idf
            every = _unit_rows(_centroid_matrix([s.centroids.get(view) for s in self.stories], idf))
            chosen = _unit_rows(_centroid_matrix([s.centroids.get(view) for s in candidates], idf))
            score += (self.config.view_weights[view] / total) * (chosen @ every.T).toarray()
        position = {s.id: j for j, s in enumerate(self.stories)}
        pairs: list[tuple[float, int, int]] = []
        for i, story in enumerate(candidates):
            for j in np.flatnonzero(score[i] >= self.config.merge_threshold):
                other = self.stories[int(j)]
                if (
                    other.id != story.id
                    and _splittable(other)
                    and (
                        self._dates_meet(story, other) or score[i, j] >= self.config.late_threshold
                    )
                ):
                    pairs.append((float(score[i, j]), position[story.id], int(j)))
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        gone: set[int] = set()
        changed: set[int] = set()
        for value, a, b in pairs:
            if a in gone or b in gone or a in changed or b in changed:
                continue
            keep, drop = self.stories[a], self.stories[b]
            if (len(drop.article_ids), -b) > (len(keep.article_ids), -a):
                keep, drop, a, b = drop, keep, b, a
            if len(keep.members) + len(drop.members) > MAX_SPLIT_MEMBERS or (
                len(drop.members) < MIN_MERGE_PART and value < self.config.threshold
            ):
                continue
            members = keep.members + drop.members
            sims = self._local_similarity(members)
            side = np.zeros(len(members), bool)
            side[: len(keep.members)] = True
            if _normalised_cut(sims, side) < self.config.split_cut:
                continue
            self._rebuild(keep, members, sims)
            keep.split_checked = 0  # the union may hold a clean cut other than the two
            keep.last_seq = max(keep.last_seq, drop.last_seq)
            gone.add(b)
            changed.add(a)
            result.merged[drop.id] = keep.id
            if drop.id in result.new_story_ids:
                result.new_story_ids.remove(drop.id)
            for m in drop.members:
                if m.article_id in result.assignments:
                    result.assignments[m.article_id] = keep.id
                else:
                    result.moved[m.article_id] = keep.id
        self.stories = [s for j, s in enumerate(self.stories) if j not in gone]

    def _reassign_members(self, result: BatchResult) -> None:
        """Move a member of a story the batch touched to the story it would join now.

        An article joins the story that is best when it arrives; stories grow, merge and
        split after it, and a short report that joined a story of the same kind before its own
        incident had one may no longer belong. Each member of a touched story is scored (join
        weights, current IDF) against its story without itself; one that would not join it now
        (score below `threshold`) moves to the best other active story that it would join
        (at least `threshold`, higher than its own, dates compatible as for a join). Run
        before the merge (a stray member's words and dates would pull another story in) and
        after the split (the parts it leaves may no longer hold a member).
        """
        touched = set(result.assignments.values()) | set(result.moved.values())
        sources = [s for s in self.stories if s.id in touched and _splittable(s)]
        targets = [s for s in self.stories if _splittable(s)]
        if not sources or len(targets) < 2:
            return
        own_scores = self._own_scores(sources)
        outliers = [
            (story, member, float(own))
            for story, member, own in zip(
                (s for s in sources for _ in s.members),
                (m for s in sources for m in s.members),
                own_scores,
                strict=True,
            )
            if own < self.config.threshold
        ]
        if not outliers:
            return
        score = np.zeros((len(outliers), len(targets)))
        total = sum(self.config.view_weights[v] for v in self.views)
        for view in self.views:
            idf = self.counts[view].idf
            vectors, _ = _member_matrix([m.vectors.get(view) for _, m, _ in outliers], idf)
            centroids = _unit_rows(_centroid_matrix([s.centroids.get(view) for s in targets], idf))
            score += (self.config.view_weights[view] / total) * (vectors @ centroids.T).toarray()
        gap = self.config.max_gap_days
        moves: dict[str, list[Member]] = {}
        leaving: dict[str, set[str]] = {}
        for row, (story, member, own) in enumerate(outliers):
            for column in np.argsort(-score[row], kind="stable").tolist():
                value = score[row, column]
                if value < self.config.threshold or value <= own:
                    break
                target = targets[column]
                far = (
                    member.day is not None
                    and target.first_day is not None
                    and target.last_day is not None
                    and not target.first_day - gap <= member.day <= target.last_day + gap
                )
                if target.id == story.id or (far and value < self.config.late_threshold):
                    continue
                moves.setdefault(target.id, []).append(member)
                leaving.setdefault(story.id, set()).add(member.article_id)
                break
        for story in list(self.stories):
            if story.id not in moves and story.id not in leaving:
                continue
            gone = leaving.get(story.id, set())
            kept = [m for m in story.members if m.article_id not in gone] + moves.get(story.id, [])
            if not kept:
                self.stories.remove(story)
                if story.id in result.new_story_ids:
                    result.new_story_ids.remove(story.id)
                continue
            self._rebuild(story, kept, self._local_similarity(kept))
            for m in moves.get(story.id, []):
                if m.article_id in result.assignments:
                    result.assignments[m.article_id] = story.id
                else:
                    result.moved[m.article_id] = story.id

    def _own_scores(self, stories: list[ActiveStory]) -> np.ndarray:
        """Each member's join score against its story without itself (0 for a lone member),
        the members of `stories` in order."""
        total = sum(self.config.view_weights[v] for v in self.views)
        owner = np.repeat(np.arange(len(stories)), [len(s.members) for s in stories])
        scores = np.zeros(len(owner))
        for view in self.views:
            idf = self.counts[view].idf
            vectors, lengths = _member_matrix(
                [m.vectors.get(view) for s in stories for m in s.members], idf
            )
            centroids = _centroid_matrix([s.centroids.get(view) for s in stories], idf)
            norm2 = _row_sums(centroids.data**2, centroids.indptr)[owner]
            dots = np.asarray((vectors @ centroids.T)[np.arange(len(owner)), owner]).ravel()
            # |centroid - u|^2 with u = lengths * x the member's own TF-IDF vector
            rest = np.sqrt(np.clip(norm2 - 2 * lengths * dots + lengths**2, 0.0, None))
            cosine = np.divide(dots - lengths, rest, out=np.zeros_like(rest), where=rest > 1e-9)
            scores += (self.config.view_weights[view] / total) * cosine
        return scores

    def _dates_meet(self, one: ActiveStory, other: ActiveStory) -> bool:
        if None in (one.first_day, one.last_day, other.first_day, other.last_day):
            return True
        gap = self.config.max_gap_days
        return bool(
            one.first_day <= other.last_day + gap  # type: ignore[operator]
            and other.first_day <= one.last_day + gap  # type: ignore[operator]
        )

    def _local_similarity(self, members: list[Member]) -> np.ndarray:
        """Members' pairwise scores with IDF counted among themselves: the words all of them
        share (the topic) weigh little, those that set some of them apart weigh most."""
        weights = self.config.split_weights()
        total = sum(weights.values())
        sims = np.zeros((len(members), len(members)))
        for view, weight in weights.items():
            vectors = [m.vectors.get(view) or Centroid.empty() for m in members]
            sims += (weight / total) * _local_cosines(vectors)
        np.fill_diagonal(sims, 1.0)
        return sims

    def _split_stories(self, result: BatchResult) -> None:
        """Split a story the batch touched when it holds two incidents (recursively).

        Same topic, another incident is another story; single-pass clustering cannot see that
        when the first article of the second incident arrives, but it can once the story holds
        a few articles of each. Members are compared with IDF counted among themselves
        (`_local_similarity`), cut in two by spectral bisection, and the cut is kept when its
        normalised cut is below `split_cut` (each part at least `MIN_SPLIT_PART` articles).
        The part holding the first member keeps the id.
        """
        touched = set(result.assignments.values()) | set(result.moved.values())
        added: list[ActiveStory] = []
        for story in self.stories:
            size = len(story.members)
            # Checked as the story grows by a quarter (at least one article): amortised O(1)
            # checks per article; very large stories are left alone.
            if (
                story.id not in touched
                or not _splittable(story)
                or size < 2 * MIN_SPLIT_PART
                or size < story.split_checked + max(1, story.split_checked // 4)
            ):
                continue
            story.split_checked = size
            parts = self._parts(list(range(size)), story.members)
            if len(parts) == 1:
                continue
            members = story.members
            keep = next(p for p in parts if 0 in p)
            self._rebuild(
                story,
                [members[i] for i in keep],
                self._local_similarity([members[i] for i in keep]),
            )
            for part_indices in parts:
                if part_indices is keep:
                    continue
                moved = [members[i] for i in part_indices]
                part = ActiveStory(
                    id=story_id(moved[0].article_id),
                    title="",
                    title_score=-math.inf,
                    article_ids=[],
                    first_day=None,
                    last_day=None,
                    last_seq=story.last_seq,
                    centroids={},
                )
                self._rebuild(part, moved, self._local_similarity(moved))
                added.append(part)
                result.new_story_ids.append(part.id)
                for m in moved:
                    if m.article_id in result.assignments:
                        result.assignments[m.article_id] = part.id
                    else:
                        result.moved[m.article_id] = part.id
        self.stories.extend(added)

    def _cut_side(self, members: list[Member]) -> np.ndarray | None:
        """The two-way cut of `members` that parts two incidents (True: one side), or None.

        First the spectral bisection of the members' similarities, kept when its normalised
        cut is below `split_cut`; else the bisection of their similarity profiles (two reports
        of one incident are close to the same reports, even when every report shares the
        topic's words), kept when its normalised cut is below `contrast_cut` and each side has
        conflict evidence of its own (`_contrast`). Each side holds `MIN_SPLIT_PART` members.
        """
        sims = self._local_similarity(members)
        side, cut = _bisect(sims)
        if cut < self.config.split_cut and _sizes_ok(side):
            return side
        if self.config.contrast_cut <= 0:
            return None
        side, _ = _bisect(_profile_similarity(sims))
        if (
            _sizes_ok(side)
            and _normalised_cut(sims, side) < self.config.contrast_cut
            and _contrast(members, side) >= self.config.contrast_share
        ):
            return side
        return None

    def _parts(self, indices: list[int], members: list[Member]) -> list[list[int]]:
        """`indices` cut recursively while `_cut_side` finds two incidents among them."""
        if len(indices) < 2 * MIN_SPLIT_PART:
            return [indices]
        side = self._cut_side([members[i] for i in indices])
        if side is None:
            return [indices]
        one = [i for i, s in zip(indices, side, strict=True) if s]
        two = [i for i, s in zip(indices, side, strict=True) if not s]
        return self._parts(one, members) + self._parts(two, members)

    def _rebuild(self, story: ActiveStory, members: list[Member], sims: np.ndarray) -> None:
        story.members = members
        story.article_ids = [m.article_id for m in members]
        story.split_checked = len(members)
        days = [m.day for m in members if m.day is not None]
        story.first_day, story.last_day = (min(days), max(days)) if days else (None, None)
        central = int(np.argmax(sims.mean(axis=1)))
        story.title, story.title_score = members[central].title, float(sims[central].mean())
        for view in self.views:
            story.centroids[view] = _add_vectors(
                None,
                [_as_dict(m.vectors.get(view)) for m in members],
                self.config.max_centroid_terms,
            )

    # -- closing ---------------------------------------------------------------------------

    def _close_stale(self) -> list[Story]:
        config = self.config
        keep: list[ActiveStory] = []
        closed: list[Story] = []
        for story in self.stories:
            idle_days = (
                self.clock - story.last_day
                if self.clock is not None and story.last_day is not None
                else 0
            )
            idle_articles = self.seq - story.last_seq
            if (
                idle_days > config.max_gap_days and idle_articles >= config.min_idle_articles
            ) or idle_articles > config.idle_articles:
                closed.append(story.to_story())
            else:
                keep.append(story)
        if len(keep) > config.max_active:
            keep.sort(key=lambda s: s.last_seq, reverse=True)
            closed.extend(s.to_story() for s in keep[config.max_active :])
            keep = keep[: config.max_active]
        self.stories = keep
        return closed

    def close_all(self) -> list[Story]:
        """End of the stream: every active story, closed and handed back."""
        closed = [s.to_story() for s in self.stories]
        self.stories = []
        return closed

    def active(self) -> list[Story]:
        """The active stories as `Story` records (id, title, article ids)."""
        return [s.to_story() for s in self.stories]

    # -- state -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON-able data: counts, clock and active stories."""
        return {
            "schema": STATE_SCHEMA,
            "clock": _iso(self.clock),
            "seq": self.seq,
            "views": {
                name: {
                    "docs": counts.docs,
                    "buckets": np.flatnonzero(counts.df).tolist(),
                    "counts": counts.df[counts.df > 0].tolist(),
                }
                for name, counts in self.counts.items()
            },
            "stories": [
                {
                    "id": s.id,
                    "title": s.title,
                    "title_score": s.title_score if math.isfinite(s.title_score) else None,
                    "article_ids": s.article_ids,
                    "first": _iso(s.first_day),
                    "last": _iso(s.last_day),
                    "last_seq": s.last_seq,
                    "centroids": {
                        view: {"buckets": c.indices.tolist(), "weights": c.values.tolist()}
                        for view, c in s.centroids.items()
                    },
                    "split_checked": s.split_checked,
                    "members": [
                        {
                            "article_id": m.article_id,
                            "day": _iso(m.day),
                            "title": m.title,
                            "vectors": {
                                view: {"buckets": v.indices.tolist(), "weights": v.values.tolist()}
                                for view, v in m.vectors.items()
                            },
                        }
                        for m in s.members
                    ],
                }
                for s in self.stories
            ],
        }

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        config: ClusterConfig | None = None,
        extractor: FeatureExtractor | None = None,
    ) -> StoryClusterer:
        if data.get("schema") != STATE_SCHEMA:
            raise ValueError(f"not a story clustering state (schema {data.get('schema')!r})")
        clusterer = cls(config, extractor)
        clusterer.clock = _day(data.get("clock"))
        clusterer.seq = int(data.get("seq", 0))
        for name, saved in data.get("views", {}).items():
            if name not in clusterer.counts:
                continue
            counts = clusterer.counts[name]
            counts.docs = int(saved["docs"])
            counts.df[np.asarray(saved["buckets"], np.int64)] = np.asarray(saved["counts"])
        for saved in data.get("stories", []):
            score = saved.get("title_score")
            clusterer.stories.append(
                ActiveStory(
                    id=saved["id"],
                    title=saved["title"],
                    title_score=-math.inf if score is None else float(score),
                    article_ids=list(saved["article_ids"]),
                    first_day=_day(saved.get("first")),
                    last_day=_day(saved.get("last")),
                    last_seq=int(saved["last_seq"]),
                    centroids={view: _centroid(c) for view, c in saved["centroids"].items()},
                    split_checked=int(saved.get("split_checked", 0)),
                    members=[
                        Member(
                            article_id=m["article_id"],
                            day=_day(m.get("day")),
                            title=m.get("title") or "",
                            vectors={view: _centroid(v) for view, v in m["vectors"].items()},
                        )
                        for m in saved.get("members", [])
                    ],
                )
            )
        return clusterer

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict()), "utf-8")

    @classmethod
    def load(
        cls,
        path: Path,
        config: ClusterConfig | None = None,
        extractor: FeatureExtractor | None = None,
    ) -> StoryClusterer:
        return cls.from_dict(json.loads(path.read_text("utf-8")), config, extractor)


def _matrix(
    vectors: list[dict[int, float]], idf: Callable[[np.ndarray], np.ndarray]
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Rows of TF-IDF vectors, each L2-normalised (an empty one stays empty), and their norms."""
    indptr = np.zeros(len(vectors) + 1, np.int64)
    indptr[1:] = np.cumsum([len(v) for v in vectors])
    indices = np.fromiter((k for v in vectors for k in v), np.int64, int(indptr[-1]))
    data = np.fromiter((x for v in vectors for x in v.values()), np.float64, int(indptr[-1]))
    data *= idf(indices)
    norms = np.sqrt(_row_sums(data * data, indptr))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    data *= np.repeat(scale, np.diff(indptr))
    return sp.csr_matrix((data, indices, indptr), shape=(len(vectors), HASH_BUCKETS)), norms


def _member_matrix(
    vectors: list[Centroid | None], idf: Callable[[np.ndarray], np.ndarray]
) -> tuple[sp.csr_matrix, np.ndarray]:
    """`_matrix` of members' stored vectors (tf weights over sorted buckets)."""
    parts = [v if v is not None else Centroid.empty() for v in vectors]
    indptr = np.zeros(len(parts) + 1, np.int64)
    indptr[1:] = np.cumsum([len(v.indices) for v in parts])
    if indptr[-1]:
        indices = np.concatenate([v.indices for v in parts]).astype(np.int64)
        data = np.concatenate([v.values for v in parts]) * idf(indices)
    else:
        indices, data = np.zeros(0, np.int64), np.zeros(0)
    norms = np.sqrt(_row_sums(data * data, indptr))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    data = data * np.repeat(scale, np.diff(indptr))
    return sp.csr_matrix((data, indices, indptr), shape=(len(parts), HASH_BUCKETS)), norms


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sum of `values` per CSR row (zero for an empty row)."""
    totals = np.concatenate([[0.0], np.cumsum(values)])
    return totals[indptr[1:]] - totals[indptr[:-1]]


def _centroid_matrix(
    centroids: list[Centroid | None], idf: Callable[[np.ndarray], np.ndarray]
) -> sp.csr_matrix:
    """Rows of story centroids weighed by the current IDF (not normalised)."""
    parts = [c if c is not None else Centroid.empty() for c in centroids]
    indptr = np.zeros(len(parts) + 1, np.int64)
    indptr[1:] = np.cumsum([len(c.indices) for c in parts])
    if parts and indptr[-1]:
        indices = np.concatenate([c.indices for c in parts]).astype(np.int64)
        data = np.concatenate([c.values for c in parts]) * idf(indices)
    else:
        indices, data = np.zeros(0, np.int64), np.zeros(0)
    return sp.csr_matrix((data, indices, indptr), shape=(len(parts), HASH_BUCKETS))


def _add_vectors(
    centroid: Centroid | None, vectors: list[dict[int, float]], max_terms: int
) -> Centroid:
    """`centroid` plus the sum of `vectors`, keeping the `max_terms` heaviest buckets."""
    keys = [np.fromiter(v.keys(), np.int64, len(v)) for v in vectors]
    values = [np.fromiter(v.values(), np.float64, len(v)) for v in vectors]
    if centroid is not None:
        keys.append(centroid.indices.astype(np.int64))
        values.append(centroid.values)
    all_keys = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    all_values = np.concatenate(values) if values else np.zeros(0)
    unique, inverse = np.unique(all_keys, return_inverse=True)
    summed = np.bincount(inverse, weights=all_values, minlength=len(unique))
    if len(unique) > max_terms:
        keep = np.sort(np.argpartition(summed, -max_terms)[-max_terms:])
        unique, summed = unique[keep], summed[keep]
    return Centroid(unique.astype(np.int32), summed.astype(np.float64))


def _member(features: ArticleFeatures) -> Member:
    return Member(
        article_id=features.article_id,
        day=features.day,
        title=features.title,
        vectors={
            view: Centroid(
                np.fromiter(vector.keys(), np.int32, len(vector)),
                np.fromiter(vector.values(), np.float64, len(vector)),
            )
            for view, vector in features.views.items()
        },
    )


def _centroid(saved: dict[str, list[Any]]) -> Centroid:
    return Centroid(
        np.asarray(saved["buckets"], np.int32), np.asarray(saved["weights"], np.float64)
    )


def _as_dict(vector: Centroid | None) -> dict[int, float]:
    if vector is None:
        return {}
    return dict(zip(vector.indices.tolist(), vector.values.tolist(), strict=True))


def _local_cosines(vectors: list[Centroid]) -> np.ndarray:
    """Cosines of tf vectors weighed by the smooth IDF counted among these vectors alone."""
    indptr = np.zeros(len(vectors) + 1, np.int64)
    indptr[1:] = np.cumsum([len(v.indices) for v in vectors])
    if not indptr[-1]:
        return np.zeros((len(vectors), len(vectors)))
    buckets = np.concatenate([v.indices for v in vectors]).astype(np.int64)
    data = np.concatenate([v.values for v in vectors]).astype(np.float64)
    columns, local = np.unique(buckets, return_inverse=True)
    frequency = np.bincount(local, minlength=len(columns))
    data = data * (np.log((1.0 + len(vectors)) / (1.0 + frequency[local])) + 1.0)
    norms = np.sqrt(_row_sums(data * data, indptr))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    data *= np.repeat(scale, np.diff(indptr))
    unit = sp.csr_matrix((data, local, indptr), shape=(len(vectors), len(columns)))
    return np.asarray((unit @ unit.T).toarray())


def _splittable(story: ActiveStory) -> bool:
    """Member vectors are kept (the story is small enough to split or merge)."""
    return bool(story.members) and len(story.members) == len(story.article_ids)


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(_row_sums(matrix.data**2, matrix.indptr))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def _sizes_ok(side: np.ndarray) -> bool:
    return bool(side.sum() >= MIN_SPLIT_PART and (~side).sum() >= MIN_SPLIT_PART)


def _profile_similarity(sims: np.ndarray) -> np.ndarray:
    """Second-order similarity: the correlation of two members' rows of `sims` (each row less
    its mean). Reports of one incident are close to the same
    reports, so their profiles agree even where the topic's words make every pair close."""
    rows = sims.copy()
    np.fill_diagonal(rows, -np.inf)
    # A member's own entry is its nearest neighbour's score: 1 would make every pair's
    # profiles differ most where they are most alike (at the two members themselves), 0
    # would make two near-copies look opposed.
    np.fill_diagonal(rows, rows.max(axis=1))
    rows -= rows.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    profiles = unit @ unit.T
    np.fill_diagonal(profiles, 1.0)
    return np.asarray(profiles)


def _contrast(members: list[Member], side: np.ndarray) -> float:
    """How well each side of a cut is told by a name or figure of its own: the least, over
    the two sides, of the largest share of a side's members stating a key (`CONTRAST_VIEWS`)
    that at most `CONTRAST_OTHER_SHARE` of the other side's members state."""
    one = [m for m, s in zip(members, side, strict=True) if s]
    two = [m for m, s in zip(members, side, strict=True) if not s]
    if not one or not two:
        return 0.0
    return min(_own_key_share(one, two), _own_key_share(two, one))


def _own_key_share(side: list[Member], other: list[Member]) -> float:
    best = 0.0
    for view in CONTRAST_VIEWS:
        mine = _key_counts(side, view)
        theirs = _key_counts(other, view)
        for key, count in mine.items():
            if theirs.get(key, 0) <= CONTRAST_OTHER_SHARE * len(other):
                best = max(best, count / len(side))
    return best


def _key_counts(members: list[Member], view: str) -> dict[int, int]:
    """How many of `members` state each key of `view`."""
    vectors = [m.vectors[view].indices for m in members if view in m.vectors]
    if not vectors:
        return {}
    keys, counts = np.unique(np.concatenate(vectors), return_counts=True)
    return dict(zip(keys.tolist(), counts.tolist(), strict=True))


def _normalised_cut(sims: np.ndarray, side: np.ndarray) -> float:
    """cut/vol(A) + cut/vol(B) of the partition `side` over the graph of positive scores:
    near 0 for two groups that barely touch, near 1 or above for an arbitrary cut."""
    weights = np.clip(sims, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    cut = float(weights[np.ix_(side, ~side)].sum())
    volume_a, volume_b = float(weights[side].sum()), float(weights[~side].sum())
    if volume_a <= 0 or volume_b <= 0:
        return 0.0 if cut == 0 else math.inf
    return cut / volume_a + cut / volume_b


def _bisect(sims: np.ndarray) -> tuple[np.ndarray, float]:
    """The best two-way cut of a similarity graph and its normalised cut: members ordered by
    the second eigenvector of the normalised Laplacian, cut where the normalised cut is least
    (spectral bisection, Shi and Malik)."""
    size = sims.shape[0]
    weights = np.clip(sims, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    degree = weights.sum(axis=1)
    degree[degree <= 0] = 1e-12
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(size) - scale[:, None] * weights * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] * scale, kind="stable")
    total = float(degree.sum())
    side = np.zeros(size, bool)
    cut, volume = 0.0, 0.0
    best, best_at = math.inf, 1
    for k, node in enumerate(order[:-1], 1):
        # moving `node` to side A: its edges to A leave the cut, those to B join it
        to_a = float(weights[node, side].sum())
        cut += float(degree[node]) - 2 * to_a
        side[node] = True
        volume += float(degree[node])
        if 0 < volume < total:
            value = cut / volume + cut / (total - volume)
            if value < best:
                best, best_at = value, k
    chosen = np.zeros(size, bool)
    chosen[order[:best_at]] = True
    return chosen, best


def _iso(day: int | None) -> str | None:
    return None if day is None else dt.date.fromordinal(day).isoformat()


def _day(value: str | None) -> int | None:
    return None if not value else dt.date.fromisoformat(value).toordinal()
