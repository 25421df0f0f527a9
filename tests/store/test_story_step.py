"""Incremental stories: two batches into one store (the sample corpus split in two runs).

Batch 1 is the sample's plain-text scrapes; batch 2 its two HTML pages (the same spill story),
a local-news article of our own on an unrelated subject, and a cut-off gzip file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import shared_path
from storyline import jobs
from storyline.cli import app
from storyline.model import Article, Story
from storyline.settings import load_settings
from storyline.store import Store
from storyline.stories.cluster import BatchResult

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample"
runner = CliRunner()

HARBOUR = """Skip to content
Menu | Local | Sport | Weather

Harlow Bay council approves harbour dredging budget after late-night vote

By Maren Oakes, Local Democracy Reporter

Harlow Bay's town council voted 7-4 on Tuesday night to spend £2.3 million dredging the inner \
harbour, ending a two-year argument over who should pay to keep the fishing fleet afloat.

Councillor Priya Talbot, who chairs the finance committee, said silt had cut the usable berths \
from 48 to 31 since 2023. "Boats are sitting on the mud at low water," she told the meeting.

Opposition members wanted the harbour commissioners to carry half the cost. The amendment \
failed by one vote.

Work is due to start in September and last eleven weeks. The marina will stay open, but the \
slipway at Quay Street will close for most of October.

Share this article
Facebook Twitter Email

Comments (2)
harbourwatcher · 2 hours ago
About time. Reply · Report
"""


@dataclass
class Runs:
    db: Path
    after_first: Path  # a copy of the store as batch 1 left it
    first: dict[str, list[str]]  # story id -> article ids after batch 1
    harbour_id: str
    second_exit: int
    second_stderr: str


def _stories(db: Path) -> dict[str, list[str]]:
    with Store(db, read_only=True) as store:
        return {s.id: sorted(s.article_ids) for s in store.stories()}


def _state_version(db: Path) -> int:
    with Store(db, read_only=True) as store:
        saved = store.cluster_state()
    assert saved is not None
    return saved[0]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("two_batches")
    db = root / "store.duckdb"
    first = runner.invoke(
        app, ["run", str(SAMPLE / "text"), "--out", str(root / "out1"), "--db", str(db)]
    )
    assert first.exit_code == 0, first.output
    shutil.copy(db, root / "after_first.duckdb")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "harlow-bay-dredging.txt").write_text(HARBOUR, "utf-8")
    # a download that stopped half-way: a gzip stream with no end
    (inbox / "late-edition.txt.gz").write_bytes(gzip.compress(HARBOUR.encode() * 3)[:60])
    second = runner.invoke(
        app,
        ["run", str(SAMPLE / "html"), str(inbox), "--out", str(root / "out2"), "--db", str(db)],
    )
    with Store(db, read_only=True) as store:
        (harbour,) = [a for a in store.articles() if "Harlow Bay" in a.text]
        harbour_story = store.story_of([harbour.id])[harbour.id]
    return Runs(
        db=db,
        after_first=root / "after_first.duckdb",
        first=_stories(root / "after_first.duckdb"),
        harbour_id=harbour_story,
        second_exit=second.exit_code,
        second_stderr=second.stderr,
    )


def test_the_second_batch_joins_the_first_batch_story_under_its_id(runs: Runs) -> None:
    assert len(runs.first) == 1
    ((spill_id, first_members),) = runs.first.items()
    now = _stories(runs.db)
    assert set(first_members) < set(now[spill_id])  # same id, grown
    with Store(runs.db, read_only=True) as store:
        pages = [a.id for a in store.articles() if a.input_format == "html"]
        info = store.story_rows([spill_id])[spill_id]
    assert len(pages) == 2 and set(pages) <= set(now[spill_id])
    assert info["created_batch"] == 1 and info["updated_batch"] == 2


def test_an_unrelated_article_starts_a_new_story(runs: Runs) -> None:
    assert runs.harbour_id not in runs.first
    assert len(_stories(runs.db)[runs.harbour_id]) == 1


def test_a_broken_input_in_batch_two_costs_that_input_only(runs: Runs) -> None:
    assert runs.second_exit == 1
    failed = [line for line in runs.second_stderr.splitlines() if "late-edition" in line]
    assert len(failed) == 1 and failed[0].startswith("skipped ")
    now = _stories(runs.db)
    for story_id, members in runs.first.items():
        assert set(members) <= set(now[story_id])
    with Store(runs.db, read_only=True) as store:
        assert store.unclustered_articles() == []
        assert store.count("story_articles") == store.count("articles")


def test_running_a_batch_again_changes_nothing(runs: Runs, tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    shutil.copy(runs.db, db)
    before, version = _stories(db), _state_version(db)
    again = runner.invoke(
        app, ["run", str(SAMPLE / "html"), "--out", str(tmp_path / "out"), "--db", str(db)]
    )
    assert again.exit_code == 0, again.output
    assert _stories(db) == before and _state_version(db) == version
    brief = json.loads((tmp_path / "out" / "brief.json").read_text("utf-8"))
    # the brief holds the whole story the pages are in, batch-1 articles included
    (story,) = brief["stories"]
    assert sorted(story["article_ids"]) == before[story["id"]]
    assert {a["id"] for a in brief["articles"]} == set(story["article_ids"])


def test_a_crash_in_the_story_step_leaves_the_store_as_it_was(
    runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "crash.duckdb"
    shutil.copy(runs.after_first, db)
    page = tmp_path / "harlow-bay-dredging.txt"
    page.write_text(HARBOUR, "utf-8")
    with Store(db, read_only=True) as store:
        counts = {t: store.count(t) for t in ("articles", "batches", "story_articles")}

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("out of memory while fusing events")

    monkeypatch.setattr(jobs, "assemble_story", failing)
    with pytest.raises(RuntimeError, match="out of memory"):
        jobs.ingest([str(page)], db)
    with Store(db, read_only=True) as store:
        assert {t: store.count(t) for t in counts} == counts
        assert store.unclustered_articles() == []
    assert _stories(db) == runs.first
    assert _state_version(db) == _state_version(runs.after_first)


def test_stories_show_events_and_export_read_the_store(runs: Runs, tmp_path: Path) -> None:
    db = str(runs.db)
    ((spill_id, _),) = runs.first.items()
    listed = runner.invoke(app, ["stories", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == {spill_id, runs.harbour_id}
    assert rows[spill_id]["articles"] == len(_stories(runs.db)[spill_id])
    assert rows[spill_id]["status"] == "active"
    table = runner.invoke(app, ["stories", "--db", db])
    assert table.exit_code == 0 and spill_id in table.stdout

    shown = runner.invoke(app, ["show", runs.harbour_id, "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Harlow Bay council approves harbour dredging budget" in shown.stdout

    as_json = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    events = json.loads(as_json.stdout)["events"]
    assert {e["story_id"] for e in events} == {spill_id, runs.harbour_id}
    as_csv = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--story", spill_id])
    assert as_csv.exit_code == 0, as_csv.output
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert csv_rows and {r["story_id"] for r in csv_rows} == {spill_id}
    assert len(csv_rows) == sum(1 for e in events if e["story_id"] == spill_id)
    parquet = tmp_path / "events.parquet"
    done = runner.invoke(
        app, ["events", "--db", db, "-f", "parquet", "-o", str(parquet), "--story", spill_id]
    )
    assert done.exit_code == 0, done.output
    stored = duckdb.connect().execute(f"SELECT DISTINCT story_id FROM '{parquet}'").fetchall()
    assert stored == [(spill_id,)]
    unknown = runner.invoke(app, ["events", "--db", db, "--story", "s-none"])
    assert unknown.exit_code == 1 and "no story" in unknown.stderr

    target = tmp_path / "stories.jsonl"
    exported = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(target), "--db", db])
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert {line["id"] for line in lines} == {spill_id, runs.harbour_id}
    fused = tmp_path / "events.csv"
    exported = runner.invoke(app, ["export", "--format", "csv", "--out", str(fused), "--db", db])
    assert exported.exit_code == 0, exported.output
    with fused.open(encoding="utf-8") as handle:
        fused_rows = list(csv.DictReader(handle))
    spill = next(line for line in lines if line["id"] == spill_id)
    assert sum(1 for r in fused_rows if r["story_id"] == spill_id) == len(spill["events"])
    one = tmp_path / "harbour.jsonld"
    exported = runner.invoke(
        app,
        ["export", "--format", "jsonld", "--out", str(one), "--db", db, "--story", runs.harbour_id],
    )
    assert exported.exit_code == 0, exported.output
    graph = json.loads(one.read_text("utf-8"))["@graph"]
    assert len(graph) == 1 and "Harlow Bay" in graph[0]["articleBody"]


FERRY = (
    "Ferry operator Nordline cancelled all crossings between Kallvik and Sundholm on Monday "
    "after a gearbox failure on its only vessel, the MV Sundholm Star. Nordline said "
    "engineers from the shipyard in Kallvik expected to finish repairs by Thursday. "
    "Islanders on Sundholm said the cancellations had left the island's school without "
    "teachers and the shop without fresh deliveries."
)
ORCHESTRA = (
    "The Brenham Philharmonic named the Estonian violinist Liis Tamm as its music director "
    "on Friday, ending an eighteen-month search. Tamm, 41, will conduct eight programmes in "
    "her first season at the Brenham concert hall, the orchestra's board said. Ticket "
    "sales for the season open in May."
)


def test_a_closed_story_leaves_the_state_and_takes_only_copies(tmp_path: Path) -> None:
    settings = load_settings().override("stories.min_idle_articles", 1)
    db = tmp_path / "s.duckdb"

    def batch(*articles: Article) -> jobs.StoryUpdate:
        with Store(db) as store, store.transaction():
            result = store.add_batch(articles)
            return jobs.update_stories(store, settings, result.batch_id)

    ferry = Article.create(source="ferry.txt", text=FERRY, published="2024-01-08")
    first = batch(ferry)
    (ferry_story,) = first.new
    # two months later, another subject: the ferry story is idle past max_gap_days and closes
    second = batch(Article.create(source="music.txt", text=ORCHESTRA, published="2024-03-08"))
    assert second.closed == [ferry_story] and len(second.new) == 1
    with Store(db, read_only=True) as store:
        saved = store.cluster_state()
        assert saved is not None
        assert [s["id"] for s in saved[1]["stories"]] == second.new  # only the active one
        assert store.story_rows()[ferry_story]["status"] == "closed"
    # a late syndicated copy still joins the closed story, which stays closed
    copy = Article.create(source="ferry-copy.txt", text=FERRY + " (Wire)", published="2024-03-09")
    copy.duplicate_of = ferry.id
    third = batch(copy)
    assert third.placed == {copy.id: ferry_story} and third.grown == [ferry_story]
    with Store(db, read_only=True) as store:
        (stored,) = store.stories([ferry_story])
        assert set(stored.article_ids) == {ferry.id, copy.id}
        assert store.story_rows()[ferry_story]["status"] == "closed"


def test_a_state_of_another_clusterer_version_starts_afresh_and_closes_the_old_stories(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "s.duckdb"
    settings = load_settings()
    ferry = Article.create(source="ferry.txt", text=FERRY, published="2024-01-08")
    with Store(db) as store, store.transaction():
        (ferry_story,) = jobs.update_stories(store, settings, store.add_batch([ferry]).batch_id).new
    conn = duckdb.connect(str(db))
    conn.execute("""UPDATE cluster_state SET state = '{"schema": "storyline.story_state/99"}'""")
    conn.close()
    music = Article.create(source="music.txt", text=ORCHESTRA, published="2024-01-09")
    with Store(db) as store, store.transaction():
        update = jobs.update_stories(store, settings, store.add_batch([music]).batch_id)
    assert "unreadable" in caplog.text
    assert len(update.new) == 1 and update.closed == [ferry_story]
    with Store(db, read_only=True) as store:
        rows = store.story_rows()
        saved = store.cluster_state()
    assert rows[ferry_story]["status"] == "closed" and rows[update.new[0]]["status"] == "active"
    assert saved is not None and saved[1]["schema"] != "storyline.story_state/99"


class ScriptedClusterer:
    """Stands in for StoryClusterer: hands back the batch results (and active story ids) of a
    script, so the story step's handling of merges and splits is tested whatever the
    clusterer decides."""

    def __init__(self, script: list[tuple[BatchResult, list[str]]]) -> None:
        self.script = script
        self.active_ids: list[str] = []

    def add(self, articles: Iterable[Article]) -> BatchResult:
        list(articles)
        result, self.active_ids = self.script.pop(0)
        return result

    def active(self) -> list[Story]:
        return [Story(sid, sid) for sid in self.active_ids]

    def to_dict(self) -> dict[str, object]:
        return {"schema": "scripted/1"}


def _scripted_batches(
    db: Path, batches: list[list[Article]], stub: ScriptedClusterer
) -> list[jobs.StoryUpdate]:
    updates = []
    for batch in batches:
        with Store(db) as store, store.transaction():
            result = store.add_batch(batch)
            updates.append(jobs.update_stories(store, load_settings(), result.batch_id))
    return updates


def test_a_merge_keeps_the_older_id_and_the_other_becomes_its_alias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [FERRY, ORCHESTRA, FERRY + " Repairs", FERRY + " Update", FERRY + " Late"]
    a1, b1, c1, d1, e1 = (Article.create(source=f"{n}.txt", text=t) for n, t in enumerate(texts))
    stub = ScriptedClusterer(
        [
            (BatchResult(assignments={a1.id: "s-a", b1.id: "s-b"}), ["s-a", "s-b"]),
            (BatchResult(assignments={c1.id: "s-c"}), ["s-a", "s-b", "s-c"]),
            # the clusterer merges the older "s-a" into the younger "s-c" (its choice)
            (BatchResult(assignments={d1.id: "s-c"}, moved={a1.id: "s-c"}), ["s-b", "s-c"]),
            # and keeps using its own id afterwards
            (BatchResult(assignments={e1.id: "s-c"}), ["s-b", "s-c"]),
        ]
    )
    monkeypatch.setattr(jobs, "_load_clusterer", lambda store, settings: (stub, False))
    db = tmp_path / "s.duckdb"
    updates = _scripted_batches(db, [[a1, b1], [c1], [d1], [e1]], stub)
    assert updates[2].merged == {"s-c": "s-a"}
    assert updates[3].placed == {e1.id: "s-a"}
    with Store(db, read_only=True) as store:
        assert sorted(store.story_rows()) == ["s-a", "s-b"]
        (merged,) = store.stories(["s-c"])
        assert merged.id == "s-a"
        assert set(merged.article_ids) == {a1.id, c1.id, d1.id, e1.id}
        assert store.story_aliases() == {"s-c": "s-a"}
        assert store.clusterer_ids() == {"s-c": "s-a"}
    shown = runner.invoke(app, ["show", "s-c", "--db", str(db)])
    assert shown.exit_code == 0 and "merged into s-a" in shown.stderr


def test_a_split_that_reuses_a_stored_id_gets_an_id_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [FERRY, FERRY + " Repairs", FERRY + " Update", FERRY + " Late", ORCHESTRA]
    a1, b1, b2, c1, d1 = (Article.create(source=f"{n}.txt", text=t) for n, t in enumerate(texts))
    stub = ScriptedClusterer(
        [
            (BatchResult(assignments={a1.id: "s-a"}, new_story_ids=["s-a"]), ["s-a"]),
            (BatchResult(assignments={b1.id: "s-b", b2.id: "s-b"}), ["s-a", "s-b"]),
            # "s-a" merges into the larger "s-b"; the store keeps the older "s-a"
            (BatchResult(assignments={c1.id: "s-b"}, moved={a1.id: "s-b"}), ["s-b"]),
            # the clusterer splits a1 off again, naming the part after a1: "s-a" once more
            (
                BatchResult(
                    assignments={d1.id: "s-a"}, moved={a1.id: "s-a"}, new_story_ids=["s-a"]
                ),
                ["s-a", "s-b"],
            ),
        ]
    )
    monkeypatch.setattr(jobs, "_load_clusterer", lambda store, settings: (stub, False))
    db = tmp_path / "s.duckdb"
    updates = _scripted_batches(db, [[a1], [b1, b2], [c1], [d1]], stub)
    assert updates[2].merged == {"s-b": "s-a"}
    (part,) = updates[3].new
    assert part not in {"s-a", "s-b"} and updates[3].grown == ["s-a"]
    with Store(db, read_only=True) as store:
        members = {s.id: set(s.article_ids) for s in store.stories()}
        assert store.clusterer_ids() == {"s-a": part, "s-b": "s-a"}
    assert members == {"s-a": {b1.id, b2.id, c1.id}, part: {a1.id, d1.id}}


@pytest.mark.slow
def test_karabakh_in_two_batches_makes_the_stories_of_one_run(tmp_path: Path) -> None:
    """The user's five scrapes, three files then two, against all five at once: the same
    articles end up together (ids may differ: a story is named after its earliest article,
    and the earliest may come in the second batch)."""
    folder = shared_path("examples", "karabakh")
    files = sorted(p for p in folder.glob("*.txt"))
    assert len(files) == 5

    def partition(db: Path) -> set[frozenset[str]]:
        with Store(db, read_only=True) as store:
            return {frozenset(s.article_ids) for s in store.stories()}

    once = tmp_path / "once.duckdb"
    jobs.run([str(folder)], tmp_path / "once", once)
    twice = tmp_path / "twice.duckdb"
    jobs.run([str(f) for f in files[:3]], tmp_path / "first", twice)
    jobs.run([str(f) for f in files[3:]], tmp_path / "second", twice)
    assert partition(twice) == partition(once)
    again = jobs.run([str(folder)], tmp_path / "again", twice)[0]
    assert again.stored == [] and again.stories.changed == []
