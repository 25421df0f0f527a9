"""Bad inputs in a batch: each is exactly one error naming it, and the rest still comes in."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from ingest.ingest_helpers import INGEST_DATA, articles_and_errors
from storyline import jobs
from storyline.ingest import ReadContext, read_inputs, read_path
from storyline.store import Store

GOOD = INGEST_DATA / "html" / "riverside-gazette-council-budget.html"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00"
    + bytes(range(256)) * 8
)


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("story.docx", b"PK fake docx " + bytes(range(256)) * 20)
    return out.getvalue()


def only_error_for(inputs: list[Path], bad: Path, ctx: ReadContext) -> str:
    """Read `inputs` as one batch; the good one comes through, `bad` gives exactly one error.
    Returns that error's reason."""
    articles, errors = articles_and_errors(read_inputs([str(p) for p in inputs], ctx))
    assert [a.source for a in articles] == [str(GOOD)]
    assert len(errors) == 1, errors
    assert errors[0].source == str(bad)
    return errors[0].reason


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("photo.png", PNG, "[S003]"),
        ("clippings.zip", zip_bytes(), "[S003]"),
        ("photo-named-like-a-page.html", PNG, "[S003]"),
        ("binary-lines.jsonl", PNG, "[S003]"),
        ("binary.rss", PNG, "[S003]"),
        ("empty.txt", b"", "[S012]"),
        ("blank.html", b"  \n\n  ", "[S006]"),
        ("not-a-feed.atom", b"Service temporarily unavailable\n", "[S007]"),
    ],
)
def test_bad_file_is_one_error(
    name: str, content: bytes, code: str, tmp_path: Path, ctx: ReadContext
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    reason = only_error_for([bad, GOOD], bad, ctx)
    assert reason.startswith(code), reason


def test_a_500_mb_file_is_refused_before_it_is_read(
    tmp_path: Path, ctx: ReadContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:
        handle.write(b"Breaking news: ")
    os.truncate(huge, 500 * 1024 * 1024)  # sparse: no disk space used
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(self, *args, **kwargs)  # type: ignore[call-overload]
        if self == huge:
            real_read = handle.read

            def read(size: int = -1) -> bytes:
                data = real_read(size)
                reads.append(len(data))
                return data

            handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    reason = only_error_for([huge, GOOD], huge, ctx)
    assert reason.startswith("[S004] too large: 524288000 bytes")
    assert sum(reads) <= 64  # a peek at the first bytes, never the content


def test_a_truncated_gzip_is_one_error(tmp_path: Path, ctx: ReadContext) -> None:
    whole = gzip.compress(GOOD.read_bytes())
    cut = tmp_path / "page.html.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    reason = only_error_for([cut, GOOD], cut, ctx)
    assert reason.startswith("[S010]")


def test_a_gzip_bomb_is_stopped_at_the_size_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "notes.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 3_000_000))
    settings = ReadContext().settings.override("ingest.max_input_bytes", 1_000_000)
    ctx = ReadContext(settings=settings)
    reason = only_error_for([bomb, GOOD], bomb, ctx)
    assert reason.startswith("[S004]")


def test_a_missing_file_is_one_error(tmp_path: Path, ctx: ReadContext) -> None:
    missing = tmp_path / "nowhere.html"
    assert only_error_for([missing, GOOD], missing, ctx).startswith("[S001]")


def test_folder_walk_skips_paperwork_but_a_named_file_is_read(
    tmp_path: Path, ctx: ReadContext
) -> None:
    folder = tmp_path / "scrapes"
    (folder / "2026").mkdir(parents=True)
    shutil.copy(GOOD, folder / "2026" / "council.html")
    paperwork = (
        "How these scrapes were collected\n\nWe downloaded every page listed in the "
        "council's press releases between January and March and saved them unchanged.\n"
    )
    (folder / "README.md").write_text(paperwork, encoding="utf-8")
    (folder / "LICENSE").write_text("Creative Commons Attribution 4.0\n" * 20, encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(200))
    articles, errors = articles_and_errors(read_path(folder, ctx))
    assert errors == []
    assert [a.source for a in articles] == [str(folder / "2026" / "council.html")]
    (readme,) = read_path(folder / "README.md", ctx)
    assert not isinstance(readme, Exception)
    assert "saved them unchanged" in readme.text


def test_a_store_crash_mid_batch_leaves_the_store_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.duckdb"
    first = jobs.ingest([str(INGEST_DATA / "text" / "cp1252-bakery-strike.txt")], db)
    assert len(first.stored) == 1

    from storyline.store import duckdb as store_module

    real_row = store_module._article_row
    calls: list[str] = []

    def failing_row(article, batch_id):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_row(article, batch_id)

    monkeypatch.setattr(store_module, "_article_row", failing_row)
    with pytest.raises(OSError, match="disk full"):
        jobs.ingest([str(INGEST_DATA / "feeds"), str(INGEST_DATA / "html")], db)
    assert len(calls) == 3  # two articles of the batch were written before the crash
    with Store(db, read_only=True) as store:
        assert store.count() == 1
        assert store.count("batches") == 1
