"""Integrity on open: a damaged file is never written to, is kept aside, and a
backup takes its place."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.core import backup, integrity, locking
from app.core.errors import DamagedLibraryError, LibraryError, LibraryLockedError
from app.core.library import Library

from .util import corrupt_pages, make_library, rec, sha, titles


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A library with 400 records and one good backup, then damaged in the middle."""
    p = make_library(tmp_path / "lib.sqlite", 400)
    backup.create_backup(p, "manual", now=datetime(2026, 5, 1, 10, 0, 0))
    corrupt_pages(p)
    return p


def test_damaged_library_is_refused_untouched_and_offers_the_backup(damaged: Path) -> None:
    before = sha(damaged)
    with pytest.raises(DamagedLibraryError) as err:
        Library.open(damaged)
    msg = err.value.message
    assert str(damaged) in msg and "damaged" in msg
    assert "lib-20260501-100000-manual" in msg and "2026-05-01 10:00" in msg
    assert "refshelf backup restore" in msg
    assert err.value.backup.name == "lib-20260501-100000-manual.sqlite"  # type: ignore[attr-defined]
    assert err.value.problems  # type: ignore[attr-defined]
    assert sha(damaged) == before
    wal = damaged.with_name(damaged.name + "-wal")  # a read-only check may leave it empty
    assert not wal.exists() or wal.stat().st_size == 0
    assert "btreeInitPage" in msg or "corrupt" in msg or "malformed" in msg
    # read-only opening is refused too: nothing would be readable reliably
    with pytest.raises(DamagedLibraryError):
        Library.open(damaged, read_only=True)
    assert sha(damaged) == before


def test_damaged_without_backup_says_so(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    corrupt_pages(p)
    with pytest.raises(DamagedLibraryError, match="no good backup"):
        Library.open(p)


def test_newest_good_backup_skips_damaged_backups(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    older = backup.create_backup(p, "manual", now=datetime(2026, 5, 1, 10))
    newer = backup.create_backup(p, "manual", now=datetime(2026, 5, 2, 10))
    corrupt_pages(newer.path)
    found = integrity.newest_good_backup(p)
    assert found is not None and found.name == older.name


@pytest.mark.parametrize("content", [
    b"@article{key, title = {Not a database}}\n" * 200,
    bytes(range(256)) * 64,
    b"SQLite format 3\x00" + b"\xff" * 8000,  # the magic, then garbage
], ids=["bibtex-text", "binary", "fake-header"])
def test_a_file_that_is_not_a_library_is_never_written(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "refs.sqlite"
    p.write_bytes(content)
    with pytest.raises(DamagedLibraryError):
        Library.open(p)
    assert p.read_bytes() == content
    assert sorted(x.name for x in tmp_path.iterdir()) == ["refs.sqlite"]


def test_another_programs_database_is_not_taken_over(tmp_path: Path) -> None:
    p = tmp_path / "zotero.sqlite"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT)")
    con.execute("INSERT INTO items (key) VALUES ('ABCD1234')")
    con.commit()
    con.close()
    before = sha(p)
    with pytest.raises(LibraryError, match="another program"):
        Library.open(p)
    assert sha(p) == before


def test_set_aside_keeps_every_byte(damaged: Path) -> None:
    wal = damaged.with_name(damaged.name + "-wal")
    wal.write_bytes(b"a wal that may hold committed changes")
    main_bytes, wal_bytes = damaged.read_bytes(), wal.read_bytes()
    aside = integrity.set_aside_damaged(damaged)
    assert not damaged.exists() and not wal.exists()
    assert aside.parent == damaged.parent and "damaged" in aside.name
    assert aside.suffix == ".sqlite"
    assert aside.read_bytes() == main_bytes
    assert aside.with_name(aside.name + "-wal").read_bytes() == wal_bytes
    # a second damage the same second gets its own name, never overwrites the first
    damaged.write_bytes(b"second")
    aside2 = integrity.set_aside_damaged(damaged)
    assert aside2 != aside and aside.read_bytes() == main_bytes


def test_recover_from_newest_good_backup(damaged: Path) -> None:
    damaged_bytes = damaged.read_bytes()
    want = titles(backup.list_backups(damaged)[0].path)
    aside = integrity.recover_from_backup(damaged)
    assert aside.read_bytes() == damaged_bytes
    with Library.open(damaged) as lib:
        assert lib.count() == 400
        assert {r.title for r in lib.get_many(lib.query_ids(""))} == want
        lib.add(rec(1, "After"))


def test_recover_without_good_backup_leaves_the_file_in_place(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    corrupt_pages(p)
    before = sha(p)
    with pytest.raises(LibraryError, match="no good backup"):
        integrity.recover_from_backup(p)
    assert sha(p) == before


def test_restore_backup_by_path_recovers_a_damaged_library(damaged: Path) -> None:
    name = backup.list_backups(damaged)[0].name
    kept = backup.restore_backup(damaged, name)
    assert "damaged" in kept.name and kept.exists()
    with Library.open(damaged) as lib:
        assert lib.count() == 400


def test_no_surgery_while_another_holder_has_the_library_open(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 10)
    lib = Library.open(p)
    try:
        with pytest.raises(LibraryLockedError, match="open in another Refshelf"):
            integrity.set_aside_damaged(p)
        assert p.exists()
        # while surgery runs, opening waits for nobody and says why
        with locking.exclusive(tmp_path / "other.sqlite"):
            with pytest.raises(LibraryLockedError, match="being restored or repaired"):
                Library.open(tmp_path / "other.sqlite")
    finally:
        lib.close()
    # closing lets go of the lock at once
    aside = integrity.set_aside_damaged(p)
    assert aside.exists()


def test_quick_check_reports_problems_of_a_damaged_file(damaged: Path, tmp_path: Path) -> None:
    assert integrity.check_file(damaged)
    assert integrity.check_file(tmp_path / "missing.sqlite") == []
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert integrity.check_file(tmp_path / "empty.sqlite") == []
