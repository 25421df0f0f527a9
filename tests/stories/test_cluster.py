"""Story clustering on hand-written articles: incidents of one kind kept apart, batches, state."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES
from storyline.model import Article
from storyline.stories import ClusterConfig, FeatureExtractor, StoryClusterer
from storyline.stories.cluster import (
    Centroid,
    Member,
    _bisect,
    _contrast,
    _normalised_cut,
    _profile_similarity,
)
from storyline.stories.features import (
    capitalised_phrases,
    content_words,
    day_keys,
    number_keys,
    phrase_keys,
    term_vector,
)

ROWS = [
    json.loads(line)
    for line in (FIXTURES / "stories" / "articles.jsonl").read_text("utf-8").splitlines()
]


def _article(row: dict[str, str], *, dated: bool = True) -> Article:
    return Article.create(
        source=row["key"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"] if dated else None,
    )


ARTICLES = [_article(row) for row in ROWS]
GOLD = {article.id: row["story"] for article, row in zip(ARTICLES, ROWS, strict=True)}
KEY = {article.id: row["key"] for article, row in zip(ARTICLES, ROWS, strict=True)}


def _partition(assignments: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story in assignments.items():
        groups.setdefault(story, set()).add(KEY[article_id])
    return {frozenset(group) for group in groups.values()}


def _gold_partition() -> set[frozenset[str]]:
    return _partition(GOLD)


def _in_batches(articles: list[Article], sizes: list[int]) -> tuple[StoryClusterer, dict[str, str]]:
    clusterer = StoryClusterer()
    assigned: dict[str, str] = {}
    start = 0
    for size in sizes:
        assigned.update(clusterer.add(articles[start : start + size]).assignments)
        start += size
    return clusterer, assigned


def test_one_batch_finds_each_story() -> None:
    # Two Turkish earthquakes a year apart, two meetings of the same two ministers four months
    # apart, a syndicated copy, and two pieces split from one "in brief" page.
    result = StoryClusterer().add(ARTICLES)
    assert _partition(result.assignments) == _gold_partition()
    assert len(result.new_story_ids) == 5


def test_syndicated_copy_and_split_page_join_their_stories() -> None:
    result = StoryClusterer().add(ARTICLES)
    by_key = {KEY[a]: s for a, s in result.assignments.items()}
    assert by_key["quake-2023-syndicated"] == by_key["quake-2023-wire"]
    assert by_key["briefs-part-talks"] == by_key["talks-geneva-1"]
    assert by_key["briefs-part-transfer"] == by_key["transfer-1"]
    assert by_key["briefs-part-talks"] != by_key["briefs-part-transfer"]


def test_same_ministers_at_another_meeting_is_another_story() -> None:
    result = StoryClusterer().add(ARTICLES)
    by_key = {KEY[a]: s for a, s in result.assignments.items()}
    assert by_key["talks-geneva-1"] != by_key["talks-vienna-1"]
    assert by_key["quake-2023-wire"] != by_key["quake-2024-izmir"]


@pytest.mark.parametrize(
    "sizes",
    [
        [1] * len(ARTICLES),  # one article at a time
        [4, 4, 6],
        [6, 8],
    ],
)
def test_batches_give_the_same_stories_as_one_batch(sizes: list[int]) -> None:
    # Articles in publication order; the only batching effect is the IDF refresh per batch.
    ordered = sorted(ARTICLES, key=lambda a: (a.published or "", a.id))
    _, assigned = _in_batches(ordered, sizes)
    assert _partition(assigned) == _gold_partition()


def test_input_order_within_a_batch_does_not_change_stories_or_ids() -> None:
    first = StoryClusterer().add(ARTICLES).assignments
    shuffled = list(ARTICLES)
    random.Random(7).shuffle(shuffled)
    assert StoryClusterer().add(shuffled).assignments == first


def test_story_ids_are_stable_as_stories_grow() -> None:
    ordered = sorted(ARTICLES, key=lambda a: (a.published or "", a.id))
    clusterer = StoryClusterer()
    early = clusterer.add(ordered[:3]).assignments
    later = clusterer.add(ordered[3:]).assignments
    for article_id, story in early.items():
        same_story = [a for a, s in later.items() if GOLD[a] == GOLD[article_id]]
        assert all(later[a] == story for a in same_story)


def test_titles_are_headlines_of_members() -> None:
    clusterer = StoryClusterer()
    clusterer.add(ARTICLES)
    titles = {row["title"] for row in ROWS}
    assert all(story.title in titles for story in clusterer.active())


def test_state_round_trip_continues_the_same_way(tmp_path: Path) -> None:
    ordered = sorted(ARTICLES, key=lambda a: (a.published or "", a.id))
    _, uninterrupted = _in_batches(ordered, [6, 8])
    clusterer = StoryClusterer()
    assigned = dict(clusterer.add(ordered[:6]).assignments)
    path = tmp_path / "state.json"
    clusterer.save(path)
    restored = StoryClusterer.load(path)
    assert restored.to_dict() == clusterer.to_dict()
    assigned.update(restored.add(ordered[6:]).assignments)
    assert assigned == uninterrupted


def test_closed_story_leaves_memory() -> None:
    config = ClusterConfig(max_gap_days=30, min_idle_articles=1)
    clusterer = StoryClusterer(config)
    quake_2023 = [a for a in ARTICLES if GOLD[a.id] == "quake_malatya"]
    quake_2024 = [a for a in ARTICLES if GOLD[a.id] == "quake_izmir"]
    first = clusterer.add(quake_2023)
    (old_story,) = set(first.assignments.values())
    result = clusterer.add(quake_2024)
    assert [story.id for story in result.closed] == [old_story]
    assert sorted(result.closed[0].article_ids) == sorted(a.id for a in quake_2023)
    assert old_story not in {story.id for story in clusterer.stories}
    assert old_story not in json.dumps(clusterer.to_dict())


def test_re_adding_an_article_is_a_no_op() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(ARTICLES[:3]).assignments
    again = clusterer.add(ARTICLES[:3])
    assert again.assignments == first
    assert again.new_story_ids == []
    assert sum(len(s.article_ids) for s in clusterer.stories) == 3


def test_max_active_bounds_memory_on_undated_streams() -> None:
    clusterer = StoryClusterer(ClusterConfig(max_active=2))
    undated = [_article(row, dated=False) for row in ROWS]
    closed = []
    for article in undated:
        closed.extend(clusterer.add([article]).closed)
    assert len(clusterer.stories) <= 2
    assert {a for s in closed for a in s.article_ids} | {
        a for s in clusterer.stories for a in s.article_ids
    } == {a.id for a in undated}


def test_empty_and_wordless_articles_do_not_break_a_batch() -> None:
    odd = [
        Article.create(source="empty", text=""),
        Article.create(source="symbols", text="*** --- ***"),
        *ARTICLES[:2],
    ]
    result = StoryClusterer().add(odd)
    assert set(result.assignments) == {a.id for a in odd}


def test_capitalised_phrases_skip_sentence_starts_and_headlines() -> None:
    text = (
        "Rescue Teams Search Rubble After Malatya Quake\n"
        "The disaster agency AFAD said Interior Minister Suleyman Soylu visited Yesilyurt on "
        "Friday. Officials in the Gulf of Aden said nothing."
    )
    phrases = capitalised_phrases(text)
    assert "afad" in phrases
    assert "interior minister suleyman soylu" in phrases
    assert "gulf of aden" in phrases
    assert "friday" not in " ".join(phrases)
    assert "rescue teams search rubble" not in " ".join(phrases)
    assert "name:gulf aden" in phrase_keys(["gulf of aden"])


def test_content_words_fold_plurals_and_drop_stop_words() -> None:
    assert content_words("The pirates were captured by the Navy's ships") == [
        "pirate",
        "captured",
        "navy",
        "ship",
    ]


def test_entity_hook_replaces_the_capitalised_phrase_heuristic() -> None:
    # The language layer will hand in merged entity names: "Mnatsakanyan" and "Mnatsakanian"
    # both as one canonical name, so two spellings still match on names.
    canonical = {"mnatsakanyan": "Zohrab Mnatsakanyan", "mnatsakanian": "Zohrab Mnatsakanyan"}

    def names(article: Article) -> list[str]:
        return [name for spelling, name in canonical.items() if spelling in article.text.lower()]

    one = Article.create(source="a", text="Armenian minister Mnatsakanyan flew to Moscow.")
    two = Article.create(source="b", text="Mnatsakanian arrived in Moscow for the talks.")
    hooked = FeatureExtractor(entity_keys=names)
    assert hooked(one).views["entities"] == hooked(two).views["entities"]
    plain = FeatureExtractor()
    assert plain(one).views["entities"] != plain(two).views["entities"]


QUAKES = [
    json.loads(line)
    for line in (FIXTURES / "stories" / "chile_quakes.jsonl").read_text("utf-8").splitlines()
]


def _quakes(*, dated: bool = True) -> tuple[list[Article], dict[str, str]]:
    articles = [_article(row, dated=dated) for row in QUAKES]
    return articles, {a.id: row["story"] for a, row in zip(articles, QUAKES, strict=True)}


def _groups(assigned: dict[str, str], gold: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story in assigned.items():
        groups.setdefault(story, set()).add(article_id)
    return {frozenset(gold[a] + ":" + a for a in g) for g in groups.values()}


def _gold_groups(gold: dict[str, str]) -> set[frozenset[str]]:
    return _groups(dict(gold), gold)


@pytest.mark.parametrize("dated", [True, False])
def test_two_earthquakes_in_one_country_a_year_apart_are_two_stories(dated: bool) -> None:
    # Same country, same kind, same emergency office and outlets; different region, magnitude,
    # toll and victims. Four reports of each: one story per earthquake, in one batch.
    articles, gold = _quakes(dated=dated)
    assigned = StoryClusterer().add(articles).assignments
    assert _groups(assigned, gold) == _gold_groups(gold)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_reports_arriving_one_by_one_end_in_one_story_per_earthquake(seed: int) -> None:
    # Single-pass order dependence: a report can start a story of its own before the reports
    # that link it to its earthquake's story arrive; the merge after each batch sets that
    # right, and what it moves is reported (`moved`, `merged`).
    articles, gold = _quakes()
    random.Random(seed).shuffle(articles)
    clusterer = StoryClusterer()
    story_of: dict[str, str] = {}
    merged: dict[str, str] = {}
    for article in articles:
        result = clusterer.add([article])
        story_of.update(result.assignments)
        story_of.update(result.moved)
        merged.update(result.merged)
        assert not set(result.merged) & {s.id for s in clusterer.stories}
    assert _groups(story_of, gold) == _gold_groups(gold)
    assert {s.id for s in clusterer.stories} == set(story_of.values())
    assert not set(merged) & set(story_of.values())


def test_one_earthquake_reported_twice_in_two_batches_is_one_story() -> None:
    articles, gold = _quakes()
    coquimbo = [a for a in articles if gold[a.id] == "quake_coquimbo"]
    clusterer = StoryClusterer()
    story_of: dict[str, str] = {}
    for batch in (coquimbo[:2], coquimbo[2:]):
        result = clusterer.add(batch)
        story_of.update(result.assignments)
        story_of.update(result.moved)
    assert len(set(story_of.values())) == 1
    (story,) = clusterer.active()
    assert set(story.article_ids) == set(story_of)


def test_spectral_bisection_finds_two_groups_and_scores_the_cut() -> None:
    rng = np.random.default_rng(7)
    size = 12
    sims = rng.uniform(0.02, 0.08, (size, size))
    sims[:5, :5] += 0.4  # two groups that barely touch
    sims[5:, 5:] += 0.35
    sims = (sims + sims.T) / 2
    np.fill_diagonal(sims, 1.0)
    side, cut = _bisect(sims)
    assert set(np.flatnonzero(side)) in ({0, 1, 2, 3, 4}, set(range(5, size)))
    assert cut < 0.3
    assert cut == pytest.approx(_normalised_cut(sims, side))
    uniform = rng.uniform(0.3, 0.4, (size, size))
    uniform = (uniform + uniform.T) / 2
    np.fill_diagonal(uniform, 1.0)
    assert _bisect(uniform)[1] > 0.9  # no clean cut in one homogeneous story


def test_split_cut_zero_turns_split_and_merge_off() -> None:
    articles, _ = _quakes()
    clusterer = StoryClusterer(ClusterConfig(split_cut=0))
    for article in articles:
        result = clusterer.add([article])
        assert not result.moved and not result.merged
    assert all(not s.members for s in clusterer.stories)


def test_number_keys_read_figures_as_written() -> None:
    text = "A 5.9 quake at 14:40 forced 1,200 workers out; 11 hurt in 2022. Route 43 closed."
    assert number_keys(text) == [
        "number:5.9",
        "number:14:40",
        "number:1200",
        "number:11",
        "number:2022",
        "number:43",
    ]


def test_saved_state_resumes_split_and_merge_as_if_never_stopped(tmp_path: Path) -> None:
    # The store saves the state between batches: members (figures included) survive it, so
    # the merge and split after a later batch see the same evidence.
    articles, gold = _quakes()
    random.Random(5).shuffle(articles)
    straight = StoryClusterer()
    resumed = StoryClusterer()
    path = tmp_path / "state.json"
    story_of: dict[str, str] = {}
    for start in range(0, len(articles), 3):
        batch = articles[start : start + 3]
        expected = straight.add(batch)
        resumed.save(path)
        resumed = StoryClusterer.load(path)
        got = resumed.add(batch)
        assert (got.assignments, got.moved, got.merged) == (
            expected.assignments,
            expected.moved,
            expected.merged,
        )
        story_of.update(got.assignments)
        story_of.update(got.moved)
    assert _groups(story_of, gold) == _gold_groups(gold)
    assert all("numbers" in m.vectors for s in resumed.stories for m in s.members)


def test_a_follow_up_months_later_naming_the_incident_joins_its_story() -> None:
    # Four months on (beyond max_gap_days): same victims, places, toll and magnitude. It joins
    # at `late_threshold`; with that turned off (inf) it is a story of its own, and the other
    # earthquake, a year later, stays apart either way.
    articles, gold = _quakes()
    (row,) = [
        json.loads(line)
        for line in (FIXTURES / "stories" / "followups.jsonl").read_text("utf-8").splitlines()
    ]
    late = _article(row)
    gold[late.id] = row["story"]
    assigned = StoryClusterer().add([*articles, late]).assignments
    assert _groups(assigned, gold) == _gold_groups(gold)
    strict = StoryClusterer(ClusterConfig(late_threshold=math.inf)).add([*articles, late])
    alone = {a for a, s in strict.assignments.items() if s == strict.assignments[late.id]}
    assert alone == {late.id}


IR_ROWS = [
    json.loads(line)
    for line in (FIXTURES / "stories" / "injured_reserve.jsonl").read_text("utf-8").splitlines()
]


def _injured_reserve() -> tuple[list[Article], dict[str, str]]:
    articles = [_article(row, dated=False) for row in IR_ROWS]
    return articles, {a.id: row["story"] for a, row in zip(articles, IR_ROWS, strict=True)}


@pytest.mark.parametrize("number_weight", [0.7, 0.0])
def test_two_players_placed_on_injured_reserve_by_one_club_are_two_stories(
    number_weight: float,
) -> None:
    # Same club, coach, injury, outlets and wording, undated. Their scores, yardage and days
    # give a clean cut; without the figures (weight 0) no cut of the words is clean, but each
    # side has its own player and opponents (conflict evidence), so the cut of the reports'
    # similarity profiles is kept. Without either they stay one story.
    articles, gold = _injured_reserve()
    config = ClusterConfig(split_number_weight=number_weight)
    result = StoryClusterer(config).add(articles)
    assert _groups({**result.assignments, **result.moved}, gold) == _gold_groups(gold)
    blind = StoryClusterer(ClusterConfig(contrast_cut=0, split_number_weight=0)).add(articles)
    assert len(set({**blind.assignments, **blind.moved}.values())) == 1


def _member_with(names: list[str]) -> Member:
    vector = term_vector("word:" + n for n in names)
    keys = np.asarray(sorted(vector), np.int32)
    return Member("a", None, "", {"entities": Centroid(keys, np.ones(len(keys)))})


def test_contrast_needs_a_name_of_its_own_on_each_side() -> None:
    shared = ["saints", "payton"]
    delaney = [_member_with([*shared, "delaney"]) for _ in range(3)]
    whitfield = [_member_with([*shared, "whitfield"]) for _ in range(3)]
    side = np.array([True] * 3 + [False] * 3)
    assert _contrast(delaney + whitfield, side) == 1.0
    # One side with a name of its own, the other only the shared ones: no conflict evidence.
    assert _contrast(delaney + [_member_with(shared) for _ in range(3)], side) == 0.0
    # A name most of one side states but the other side states too is not its own.
    mixed = [_member_with([*shared, "delaney", "whitfield"]), *whitfield[1:]]
    assert _contrast(delaney + mixed, side) < 0.5


def test_profile_similarity_keeps_near_copies_together() -> None:
    # Two groups of three, each close to its own; 1 and 2 are near-copies (a syndicated
    # report). Profiles part the groups, and the near-copies are not made to look opposed.
    sims = np.full((6, 6), 0.15)
    sims[:3, :3] = sims[3:, 3:] = 0.5
    sims[1, 2] = sims[2, 1] = 0.9
    np.fill_diagonal(sims, 1.0)
    profiles = _profile_similarity(sims)
    assert profiles[1, 2] > 0.5
    assert profiles[0, 1] > 0 > profiles[0, 4]
    side, _ = _bisect(profiles)
    assert set(np.flatnonzero(side)) in ({0, 1, 2}, {3, 4, 5})


def test_day_keys_name_the_weekdays_written_as_names() -> None:
    text = "Voters cast ballots on Sunday. Results came Monday; a sunday mood, SUNDAY SALE."
    assert day_keys(text) == ["day:sunday", "day:monday"]


def test_a_member_its_story_no_longer_holds_moves_to_the_story_it_joins_now() -> None:
    # A report of the 2023 earthquake that sits in the Vienna talks story (as a short report
    # can, when it arrives before its own incident has a story) would not join that story now;
    # once a batch touches the talks story, the report moves to its earthquake.
    by_key = {KEY[a.id]: a for a in ARTICLES}
    late = by_key["talks-vienna-3"]
    clusterer = StoryClusterer()
    first = clusterer.add([a for a in ARTICLES if a is not late]).assignments
    stray = by_key["quake-2023-followup"]
    quake = next(s for s in clusterer.stories if s.id == first[stray.id])
    talks = next(s for s in clusterer.stories if s.id == first[by_key["talks-vienna-1"].id])
    member = next(m for m in quake.members if m.article_id == stray.id)
    for story, members in (
        (quake, [m for m in quake.members if m is not member]),
        (talks, [*talks.members, member]),
    ):
        clusterer._rebuild(story, members, clusterer._local_similarity(members))
    result = clusterer.add([late])
    assert result.assignments[late.id] == talks.id
    assert result.moved == {stray.id: quake.id}
    assert _partition({a: s.id for s in clusterer.stories for a in s.article_ids}) == (
        _gold_partition()
    )
