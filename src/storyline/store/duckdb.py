"""The embedded store: one DuckDB file, all SQL behind `Store` (as datasette's `Database`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from storyline.errors import Errors, StorylineError
from storyline.model import SCHEMA, Article, Story

STORE_VERSION = "2"
# What each older store version needs to read as the current one. Version 1 kept only the
# stories of the latest run (replaced whole each time): dropped, every article is clustered
# again by the next story step.
MIGRATIONS: dict[str, list[str]] = {"1": ["DROP TABLE IF EXISTS stories"]}


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    stored: list[str]
    already_stored: list[str]


@dataclass
class StoryWrite:
    """What one story step changes, written in one go by `Store.write_stories`.

    placements: article id -> story id (new articles, and earlier ones that moved);
    stories: the rebuilt records of every story that changed;
    removed: story ids that no longer hold an article (merged away: see `aliases`);
    aliases: old story id -> the story id it now stands for;
    closed: story ids the clusterer let go (they can no longer grow);
    state: the clusterer's state (`StoryClusterer.to_dict()`) and its `schema`;
    clusterer_ids: with the state, the store id of each active clusterer story whose id
    differs (all of them: the saved map is replaced).
    """

    batch_id: int
    placements: dict[str, str] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    closed: list[str] = field(default_factory=list)
    state: dict[str, Any] | None = None
    clusterer_ids: dict[str, str] = field(default_factory=dict)


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
        self._depth = 0  # open transaction() blocks
        if not read_only:
            self._migrate()
        self.version = self._meta("store_version")

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All the writes inside happen, or (on any exception) none of them. Nested blocks
        join the outermost one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def _meta(self, key: str) -> str | None:
        has_meta = self.conn.execute(
            "SELECT 1 FROM duckdb_tables() WHERE table_name = 'meta' AND schema_name = 'main'"
        ).fetchone()
        if not has_meta:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def _migrate(self) -> None:
        schema = resources.files("storyline.store").joinpath("schema.sql").read_text("utf-8")
        self.conn.execute("BEGIN TRANSACTION")
        try:
            found = self._meta("store_version")
            if found in MIGRATIONS:
                for statement in MIGRATIONS[found]:
                    self.conn.execute(statement)
                self.conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'store_version'", [STORE_VERSION]
                )
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
        with self.transaction():
            row = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchone()
            batch_id = int(row[0]) if row else 1
            batch = list(articles)
            seen = self._stored_hashes([a.content_hash for a in batch])
            rows = []
            for article in batch:
                if article.content_hash in seen:
                    already.append(article.id)
                    continue
                seen.add(article.content_hash)
                rows.append(_article_row(article, batch_id))
                stored.append(article.id)
            self._insert("articles", rows)
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
        return BatchResult(batch_id, stored, already)

    def update_dates(self, articles: Iterable[Article]) -> None:
        """Store the publication dates (with their evidence) and the re-dated records of
        stored articles that the story step dated from their story. Nothing else changes: the
        text, hash and batch of a stored article are what was read."""
        rows = [
            [a.id, _valid_date(a.published), a.published_evidence, _record_json(a)]
            for a in articles
        ]
        if not rows:
            return
        ids, published, evidence, records = (list(c) for c in zip(*rows, strict=True))
        with self.transaction():
            self.conn.execute(
                "UPDATE articles SET published = CAST(u.published AS DATE), "
                "published_evidence = u.evidence, record = u.record "
                "FROM (SELECT unnest(?) AS id, unnest(?) AS published, unnest(?) AS evidence, "
                "unnest(?) AS record) u WHERE articles.id = u.id",
                [ids, published, evidence, records],
            )

    def _insert(self, table: str, rows: list[list[Any]]) -> None:
        """Insert `rows` (full rows, in column order) with one statement: a column per list,
        unnested side by side (row-by-row inserts cost milliseconds each)."""
        if not rows:
            return
        columns = [list(column) for column in zip(*rows, strict=True)]
        select = ", ".join("unnest(?)" for _ in columns)
        self.conn.execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _stored_hashes(self, digests: list[str]) -> set[str]:
        """Those of `digests` an article stored already has."""
        if not digests:
            return set()
        rows = self.conn.execute(
            "SELECT content_hash FROM articles WHERE content_hash IN (SELECT unnest(?))",
            [digests],
        ).fetchall()
        return {str(r[0]) for r in rows}

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

    def event_records(self, story_id: str | None = None) -> list[dict[str, Any]]:
        """Per stored article (in `articles()` order; only the articles of `story_id` when
        given): `id`, `outlet`, `published`, `title`, `story_id` (None before a story step
        placed it) and the `events` and `claims` its record holds (dicts in the brief/1
        shapes; empty lists for an article stored before the events stage ran): what
        `storyline events` lists, without reading whole records."""
        story = "s.story_id" if self.has_stories else "NULL"
        joined = "LEFT JOIN story_articles s ON s.article_id = a.id" if self.has_stories else ""
        sql = (
            f"SELECT a.id, a.outlet, CAST(a.published AS VARCHAR), a.title, {story}, "
            "CAST(json_extract(a.record, '$.events') AS VARCHAR), "
            "CAST(json_extract(a.record, '$.claims') AS VARCHAR) "
            f"FROM articles a {joined}"
        )
        params: list[Any] = []
        if story_id is not None:
            if not self.has_stories:
                return []
            sql += " WHERE s.story_id = ?"
            params.append(self.resolve_story_id(story_id))
        sql += " ORDER BY a.published NULLS LAST, a.batch_id, a.id"
        return [
            {
                "id": row[0],
                "outlet": row[1],
                "published": row[2],
                "title": row[3],
                "story_id": row[4],
                "events": json.loads(row[5]) if row[5] else [],
                "claims": json.loads(row[6]) if row[6] else [],
            }
            for row in self.conn.execute(sql, params).fetchall()
        ]

    def dedup_candidates(
        self, band_keys: Iterable[str]
    ) -> list[tuple[str, bytes, str | None, str | None]]:
        """(id, signature, published, duplicate_of) of the stored articles sharing one of
        `band_keys`, oldest batch first."""
        rows = self.conn.execute(
            "SELECT a.id, m.signature, CAST(a.published AS VARCHAR), a.duplicate_of "
            "FROM articles a JOIN article_minhash m ON m.article_id = a.id "
            "WHERE a.id IN (SELECT article_id FROM minhash_bands "
            "WHERE band_key IN (SELECT unnest(?))) ORDER BY a.batch_id, a.id",
            [list(dict.fromkeys(band_keys))],
        ).fetchall()
        return [(str(r[0]), bytes(r[1]), r[2], r[3]) for r in rows]

    def unfingerprinted(self) -> list[tuple[str, str]]:
        """(id, text) of the stored articles without a dedup fingerprint (stored before there
        were fingerprints)."""
        rows = self.conn.execute(
            "SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM article_minhash)"
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def add_fingerprints(self, fingerprints: Iterable[tuple[str, bytes, list[str]]]) -> None:
        """Store (article id, signature, band keys) for dedup; an article that has one keeps it."""
        rows = list(fingerprints)
        if not rows:
            return
        with self.transaction():
            have = {
                str(r[0])
                for r in self.conn.execute(
                    "SELECT article_id FROM article_minhash WHERE article_id IN (SELECT unnest(?))",
                    [[r[0] for r in rows]],
                ).fetchall()
            }
            new = [r for r in dict((r[0], r) for r in rows).values() if r[0] not in have]
            self._insert("article_minhash", [[aid, signature] for aid, signature, _ in new])
            self._insert("minhash_bands", [[key, aid] for aid, _, keys in new for key in keys])

    def article_rows(self) -> list[dict[str, Any]]:
        """One summary row per stored article: what `storyline articles` lists."""
        cursor = self.conn.execute(
            "SELECT id, outlet, CAST(published AS VARCHAR) AS published, title, chars, source "
            "FROM articles ORDER BY published NULLS LAST, batch_id, id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- stories ---------------------------------------------------------------------------

    @property
    def has_stories(self) -> bool:
        """False for a store of an older version opened read-only (its stories are not in
        this version's shape until a write upgrades it)."""
        return self.version == STORE_VERSION

    def unclustered_articles(self) -> list[Article]:
        """Stored articles no story step has placed yet, oldest batch first."""
        rows = self.conn.execute(
            "SELECT record FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
            "ORDER BY batch_id, published NULLS LAST, id"
        ).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of `article_ids` belongs to (articles in none are left out)."""
        wanted = list(dict.fromkeys(article_ids))
        if not wanted or not self.has_stories:
            return {}
        rows = self.conn.execute(
            "SELECT article_id, story_id FROM story_articles "
            "WHERE article_id IN (SELECT unnest(?))",
            [wanted],
        ).fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def story_members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """The article ids of each story of `story_ids` (empty lists for unknown ids)."""
        wanted = list(dict.fromkeys(story_ids))
        members: dict[str, list[str]] = {sid: [] for sid in wanted}
        if not wanted or not self.has_stories:
            return members
        rows = self.conn.execute(
            "SELECT story_id, article_id FROM story_articles "
            "WHERE story_id IN (SELECT unnest(?)) ORDER BY story_id, article_id",
            [wanted],
        ).fetchall()
        for sid, aid in rows:
            members[str(sid)].append(str(aid))
        return members

    def story_rows(self, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """id -> title, articles, status, created_batch, updated_batch of stored stories."""
        if not self.has_stories:
            return {}
        sql = (
            "SELECT id, title, articles, events, status, created_batch, updated_batch FROM stories"
        )
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE id IN (SELECT unnest(?))"
            params.append(list(dict.fromkeys(ids)))
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return {str(row[0]): dict(zip(names, row, strict=True)) for row in cursor.fetchall()}

    def story_aliases(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """alias -> the story id it stands for (of `ids`, or all)."""
        if not self.has_stories:
            return {}
        sql = "SELECT alias, story_id FROM story_aliases"
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE alias IN (SELECT unnest(?))"
            params.append(list(dict.fromkeys(ids)))
        return {str(a): str(s) for a, s in self.conn.execute(sql, params).fetchall()}

    def resolve_story_id(self, story_id: str) -> str:
        """`story_id`, or the story it merged into (aliases followed to the end)."""
        seen = {story_id}
        aliases = self.story_aliases([story_id])
        while story_id in aliases:
            story_id = aliases[story_id]
            if story_id in seen:
                break
            seen.add(story_id)
            aliases = self.story_aliases([story_id])
        return story_id

    def clusterer_ids(self) -> dict[str, str]:
        """clusterer story id -> store story id, where they differ (see `StoryWrite`)."""
        if not self.has_stories:
            return {}
        rows = self.conn.execute("SELECT clusterer_id, story_id FROM clusterer_ids").fetchall()
        return {str(c): str(s) for c, s in rows}

    def cluster_state(self) -> tuple[int, dict[str, Any]] | None:
        """(version, state) the latest story step left, or None before the first one."""
        if not self.has_stories:
            return None
        row = self.conn.execute(
            "SELECT version, state FROM cluster_state ORDER BY version DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), json.loads(row[1])) if row else None

    def write_stories(self, write: StoryWrite) -> None:
        """Apply one story step (`StoryWrite`) in one transaction (or the caller's)."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.transaction():
            if write.placements:
                self.conn.execute(
                    "DELETE FROM story_articles WHERE article_id IN (SELECT unnest(?))",
                    [list(write.placements)],
                )
                self._insert(
                    "story_articles",
                    [[aid, sid, write.batch_id] for aid, sid in write.placements.items()],
                )
            known = self.story_rows([*(s.id for s in write.stories), *write.removed])
            gone = [sid for sid in write.removed if sid in known]
            changed = [s.id for s in write.stories]
            if gone or changed:
                self.conn.execute(
                    "DELETE FROM stories WHERE id IN (SELECT unnest(?))", [[*gone, *changed]]
                )
            # a closed story stays closed when rebuilt (a late copy of one of its articles)
            closed = set(write.closed) | {
                sid for sid, row in known.items() if row["status"] == "closed"
            }
            if write.stories:
                self._insert(
                    "stories",
                    [
                        [
                            s.id,
                            s.title,
                            len(s.article_ids),
                            len(s.events),
                            "closed" if s.id in closed else "active",
                            known[s.id]["created_batch"] if s.id in known else write.batch_id,
                            write.batch_id,
                            json.dumps(s.to_dict(internal=True), ensure_ascii=False),
                        ]
                        for s in write.stories
                    ],
                )
            untouched = sorted(closed - set(changed))
            if untouched:
                self.conn.execute(
                    "UPDATE stories SET status = 'closed' WHERE id IN (SELECT unnest(?))",
                    [untouched],
                )
            for alias, target in write.aliases.items():
                self.conn.execute("DELETE FROM story_aliases WHERE alias = ?", [alias])
                self.conn.execute(
                    "INSERT INTO story_aliases VALUES (?, ?, ?, 'merged')",
                    [alias, target, write.batch_id],
                )
                # an alias of the alias now stands for the target too
                self.conn.execute(
                    "UPDATE story_aliases SET story_id = ? WHERE story_id = ?", [target, alias]
                )
            if write.state is not None:
                self.conn.execute("DELETE FROM clusterer_ids")
                self._insert("clusterer_ids", [[c, s] for c, s in write.clusterer_ids.items()])
                row = self.conn.execute(
                    "SELECT coalesce(max(version), 0) + 1 FROM cluster_state"
                ).fetchone()
                version = int(row[0]) if row else 1
                self.conn.execute("DELETE FROM cluster_state")
                self.conn.execute(
                    "INSERT INTO cluster_state VALUES (?, ?, ?, ?, ?)",
                    [
                        version,
                        str(write.state.get("schema", "")),
                        write.batch_id,
                        now,
                        json.dumps(write.state),
                    ],
                )

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """The stored stories (all, or those of `ids`; an id that merged into another story
        finds that story), largest first."""
        if not self.has_stories:
            return []
        sql = "SELECT record FROM stories"
        params: list[Any] = []
        if ids is not None:
            wanted = list(dict.fromkeys(self.resolve_story_id(i) for i in ids))
            if not wanted:
                return []
            sql += " WHERE id IN (SELECT unnest(?))"
            params.append(wanted)
        sql += " ORDER BY articles DESC, id"
        rows = self.conn.execute(sql, params).fetchall()
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def count(self, table: str = "articles") -> int:
        tables = {
            "articles",
            "batches",
            "stories",
            "story_articles",
            "story_aliases",
            "article_minhash",
        }
        if table not in tables:
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
        _record_json(article),
    ]


def _record_json(article: Article) -> str:
    return json.dumps(article.to_dict(internal=True), ensure_ascii=False)


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
