from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from storyline.jobs import story_merges
from storyline.model import Article, Story
from storyline.store import Store, StoryWrite
from storyline.store.duckdb import STORE_VERSION


def _articles(n: int) -> list[Article]:
    return [
        Article.create(source=f"a{i}.txt", text=f"Body of article {i}. " * 20) for i in range(n)
    ]


def test_reingest_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = store.add_batch(_articles(3))
        second = store.add_batch(_articles(3))
        assert len(first.stored) == 3 and second.stored == []
        assert len(second.already_stored) == 3
        assert store.count() == 3


def test_a_crash_mid_batch_leaves_the_store_as_before(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_batch(_articles(2))

    def exploding() -> Iterator[Article]:
        yield from _articles(5)[2:4]
        raise RuntimeError("reader died")

    with Store(db) as store:
        with pytest.raises(RuntimeError):
            store.add_batch(exploding())
        assert store.count() == 2
        assert store.count("batches") == 1
    with Store(db, read_only=True) as store:
        assert [a.source for a in store.articles()] == ["a0.txt", "a1.txt"] or store.count() == 2


def test_articles_round_trip_with_metadata(tmp_path: Path) -> None:
    article = Article.create(
        source="p.html",
        text="Text " * 50,
        outlet="Balkan Ledger",
        published="2026-03-04",
        captions=["Photo: AFP"],
    )
    with Store(tmp_path / "s.duckdb") as store:
        store.add_batch([article])
        (back,) = store.articles()
        rows = store.article_rows()
    assert back.to_dict(internal=True) == article.to_dict(internal=True)
    assert rows[0]["published"] == "2026-03-04" and rows[0]["chars"] == len(article.text)


def test_story_merges_keep_the_older_id() -> None:
    # story "s-old" (batch 1) lost both its articles to "s-new" (created by this batch 3)
    before = {"a1": "s-old", "a2": "s-old", "b1": "s-mid"}
    moved = {"a1": "s-new", "a2": "s-new"}
    sizes = {"s-old": 2, "s-mid": 4}
    assert story_merges(moved, before, sizes, {"s-old": 1, "s-mid": 2}, 3) == {"s-new": "s-old"}
    # the other way round: a younger story emptied into an older one is its alias
    moved = {"b1": "s-old"}
    before = {"b1": "s-mid"}
    sizes = {"s-mid": 1, "s-old": 2}
    assert story_merges(moved, before, sizes, {"s-old": 1, "s-mid": 2}, 3) == {"s-mid": "s-old"}
    # a split leaves articles behind: no merge
    before = {"a1": "s-old"}
    moved = {"a1": "s-split"}
    assert story_merges(moved, before, {"s-old": 5}, {"s-old": 1}, 3) == {}


def test_a_merged_story_id_finds_the_story_it_merged_into(tmp_path: Path) -> None:
    a, b = _articles(2)
    with Store(tmp_path / "s.duckdb") as store:
        store.add_batch([a, b])
        store.write_stories(
            StoryWrite(
                batch_id=1,
                placements={a.id: "s-one", b.id: "s-two"},
                stories=[Story("s-one", "One", [a.id]), Story("s-two", "Two", [b.id])],
                state={"schema": "test/1"},
            )
        )
        store.write_stories(
            StoryWrite(
                batch_id=2,
                placements={b.id: "s-one"},
                stories=[Story("s-one", "One", [a.id, b.id])],
                removed=["s-two"],
                aliases={"s-two": "s-one"},
                state={"schema": "test/1"},
            )
        )
        assert [s.id for s in store.stories(["s-two"])] == ["s-one"]
        assert store.story_members(["s-one", "s-two"]) == {
            "s-one": sorted([a.id, b.id]),
            "s-two": [],
        }
        assert store.count("stories") == 1
        assert store.story_rows()["s-one"]["created_batch"] == 1
        store.write_stories(StoryWrite(batch_id=3, closed=["s-one"]))
        store.write_stories(StoryWrite(batch_id=4, stories=store.stories(["s-one"])))
        row = store.story_rows()["s-one"]
        assert row["status"] == "closed" and row["updated_batch"] == 4
        saved = store.cluster_state()
    assert saved is not None and saved[0] == 2  # one row, version counted up


def test_a_version_1_store_is_upgraded_and_its_articles_clustered_again(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        store.add_batch(_articles(2))
    conn = duckdb.connect(str(db))
    conn.execute("DROP TABLE stories")
    conn.execute(
        "CREATE TABLE stories (id VARCHAR PRIMARY KEY, title VARCHAR, articles INTEGER, "
        "events INTEGER, record JSON NOT NULL)"
    )
    conn.execute("INSERT INTO stories VALUES ('s-old', 'Old', 2, 0, '{}')")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'store_version'")
    conn.close()
    with Store(db, read_only=True) as store:
        assert store.stories() == [] and not store.has_stories
    with Store(db) as store:
        assert store.version == STORE_VERSION and store.stories() == []
        assert len(store.unclustered_articles()) == 2
