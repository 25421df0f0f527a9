from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.model import Article
from storyline.store import Store


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
