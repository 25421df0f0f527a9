"""The embedded store: one DuckDB file, all SQL behind `Store` (as datasette's `Database`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from storyline.errors import Errors, StorylineError
from storyline.model import SCHEMA, Article, Story

STORE_VERSION = "1"


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    stored: list[str]
    already_stored: list[str]


class Store:
    """A storyline database file. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StorylineError(f"{self.path}: no such database; ingest something first")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StorylineError(f"{self.path}: {Errors.S016.format(reason=exc)}") from exc
        if not read_only:
            self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        schema = resources.files("storyline.store").joinpath("schema.sql").read_text("utf-8")
        self.conn.execute("BEGIN TRANSACTION")
        try:
            self.conn.execute(schema)
            self.conn.execute(
                "INSERT INTO meta VALUES ('store_version', ?), ('brief_schema', ?) "
                "ON CONFLICT DO NOTHING",
                [STORE_VERSION, SCHEMA],
            )
            self.conn.execute("COMMIT")
        except duckdb.Error:
            self.conn.execute("ROLLBACK")
            raise
        version = self.conn.execute("SELECT value FROM meta WHERE key='store_version'").fetchone()
        if version and version[0] != STORE_VERSION:
            raise StorylineError(
                f"{self.path}: store version {version[0]}, this storyline reads {STORE_VERSION}"
            )

    def add_batch(
        self, articles: Iterable[Article], *, inputs: str = "", failed: int = 0
    ) -> BatchResult:
        """Store a batch in one transaction: all of it or, on any error, none of it.

        An article whose content hash is stored already is left as it is (re-ingest is a no-op).
        """
        stored: list[str] = []
        already: list[str] = []
        self.conn.execute("BEGIN TRANSACTION")
        try:
            row = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchone()
            batch_id = int(row[0]) if row else 1
            for article in articles:
                if self._has_hash(article.content_hash) or article.id in stored:
                    already.append(article.id)
                    continue
                self.conn.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    _article_row(article, batch_id),
                )
                stored.append(article.id)
            self.conn.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?)",
                [
                    batch_id,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    inputs,
                    len(stored),
                    len(already),
                    failed,
                ],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return BatchResult(batch_id, stored, already)

    def _has_hash(self, digest: str) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM articles WHERE content_hash = ?", [digest]
        ).fetchone()
        return found is not None

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        sql = "SELECT record FROM articles"
        params: list[Any] = []
        wanted = list(ids) if ids is not None else None
        if wanted is not None:
            sql += " WHERE id IN (SELECT unnest(?))"
            params.append(wanted)
        sql += " ORDER BY published NULLS LAST, batch_id, id"
        return [
            Article.from_dict(json.loads(r[0])) for r in self.conn.execute(sql, params).fetchall()
        ]

    def event_records(self) -> list[dict[str, Any]]:
        """Per stored article (in `articles()` order): `id`, `outlet`, `published`, `title`
        and the `events` and `claims` its record holds (dicts in the brief/1 shapes; empty
        lists for an article stored before the events stage ran): what `storyline events`
        lists, without reading whole records."""
        cursor = self.conn.execute(
            "SELECT id, outlet, CAST(published AS VARCHAR), title, "
            "CAST(json_extract(record, '$.events') AS VARCHAR), "
            "CAST(json_extract(record, '$.claims') AS VARCHAR) "
            "FROM articles ORDER BY published NULLS LAST, batch_id, id"
        )
        return [
            {
                "id": row[0],
                "outlet": row[1],
                "published": row[2],
                "title": row[3],
                "events": json.loads(row[4]) if row[4] else [],
                "claims": json.loads(row[5]) if row[5] else [],
            }
            for row in cursor.fetchall()
        ]

    def dedup_rows(self) -> list[tuple[str, str, str | None, str | None]]:
        """(id, text, published, duplicate_of) of every stored article, oldest batch first."""
        rows = self.conn.execute(
            "SELECT id, text, CAST(published AS VARCHAR), duplicate_of FROM articles "
            "ORDER BY batch_id, id"
        ).fetchall()
        return [(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]

    def article_rows(self) -> list[dict[str, Any]]:
        """One summary row per stored article: what `storyline articles` lists."""
        cursor = self.conn.execute(
            "SELECT id, outlet, CAST(published AS VARCHAR) AS published, title, chars, source "
            "FROM articles ORDER BY published NULLS LAST, batch_id, id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Store `stories` in place of the stored ones (one transaction)."""
        rows = [
            [
                s.id,
                s.title,
                len(s.article_ids),
                len(s.events),
                json.dumps(s.to_dict(internal=True), ensure_ascii=False),
            ]
            for s in stories
        ]
        self.conn.execute("BEGIN TRANSACTION")
        try:
            self.conn.execute("DELETE FROM stories")
            if rows:
                self.conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?)", rows)
            self.conn.execute("COMMIT")
        except duckdb.Error:
            self.conn.execute("ROLLBACK")
            raise

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """The stored stories (all, or those of `ids`), largest first."""
        sql = "SELECT record FROM stories"
        params: list[Any] = []
        if ids is not None:
            wanted = list(ids)
            if not wanted:
                return []
            sql += f" WHERE id IN ({', '.join('?' for _ in wanted)})"
            params = wanted
        sql += " ORDER BY articles DESC, id"
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except duckdb.CatalogException:  # a store written before stories were kept
            return []
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "batches"}:
            raise ValueError(f"unknown table {table!r}")
        row = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


def _article_row(article: Article, batch_id: int) -> list[Any]:
    return [
        article.id,
        article.content_hash,
        article.source,
        article.url,
        article.outlet,
        article.outlet_evidence,
        article.title,
        article.author,
        _valid_date(article.published),
        article.published_evidence,
        article.language,
        article.duplicate_of,
        article.input_format,
        article.text,
        len(article.text),
        batch_id,
        json.dumps(article.to_dict(internal=True), ensure_ascii=False),
    ]


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
