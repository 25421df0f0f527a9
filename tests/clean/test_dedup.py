"""Exact and near-duplicate copies point at the earliest article; distinct articles do not."""

from __future__ import annotations

from pathlib import Path

from storyline.clean.dedup import Known, mark_duplicates
from storyline.jobs import ingest
from storyline.model import Article
from storyline.store import Store

STORY = (
    "The river authority closed the Hollin lock for repairs on Monday after divers found a crack "
    "in one of its gates. Barges heading upstream will be diverted through the Marsh canal, adding "
    "about four hours to the trip, the authority said. Engineers expect the repair to take three "
    "weeks. The lock last closed for a month in 2016, when a barge struck the lower gate during a "
    "winter flood. Skippers said they had been warned of the closure only on Friday and that the "
    "detour would cost them dearly in fuel."
)
OTHER = (
    "The Harwick museum was named small museum of the year on Thursday for a gallery that tells "
    "the story of the town's last coal pit, which closed in 1991 after a long strike. The gallery "
    "opened in March and has drawn more than forty thousand visitors, three times the usual number."
)


def _a(text: str, published: str | None = None) -> Article:
    return Article.create(source="x", text=text, published=published)


def test_lightly_edited_copies_point_at_the_earliest() -> None:
    # (An exact copy has the same content hash, hence the same id: the store keeps one.)
    original = _a(STORY, "2021-05-03")
    syndicated = _a("(Harbor Wire) " + STORY.replace("said.", "said in a statement."), "2021-05-04")
    retitled = _a("UPDATED. " + STORY + " More to follow.", "2021-05-05")
    unrelated = _a(OTHER, "2021-05-03")
    marked = mark_duplicates([syndicated, retitled, unrelated, original])
    assert syndicated.duplicate_of == original.id
    assert retitled.duplicate_of == original.id
    assert original.duplicate_of is None and unrelated.duplicate_of is None
    assert set(marked) == {syndicated.id, retitled.id}


def test_a_copy_of_a_stored_article_points_at_the_stored_one() -> None:
    stored = Known.from_text("stored-article", STORY, "2021-05-01", None)
    copy = _a(STORY.replace("Monday", "Monday morning"), "2021-05-06")
    mark_duplicates([copy], [stored])
    assert copy.duplicate_of == "stored-article"


def test_the_same_article_again_is_not_its_own_duplicate() -> None:
    article = _a(STORY)
    mark_duplicates([article], [Known.from_text(article.id, STORY, None, None)])
    assert article.duplicate_of is None


def test_a_later_batch_finds_copies_through_the_stored_fingerprints(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "lock.txt").write_text(STORY, "utf-8")
    (tmp_path / "one" / "museum.txt").write_text(OTHER, "utf-8")
    copy = "Hollin lock shut. " + STORY.replace("dearly in fuel", "dearly in fuel and time")
    (tmp_path / "two" / "lock-copy.txt").write_text(copy, "utf-8")
    db = tmp_path / "store.duckdb"
    ingest([str(tmp_path / "one")], db, stories=False)
    with Store(db) as store:
        # a store written before fingerprints were kept: the next batch computes them
        store.conn.execute("DELETE FROM article_minhash")
        store.conn.execute("DELETE FROM minhash_bands")
        assert len(store.unfingerprinted()) == 2
    report = ingest([str(tmp_path / "two")], db, stories=False)
    (article,) = report.articles
    with Store(db, read_only=True) as store:
        originals = {a.source.rsplit("/", 1)[-1]: a.id for a in store.articles()}
        assert store.unfingerprinted() == []
        assert store.count("article_minhash") == 3
    assert article.duplicate_of == originals["lock.txt"]
