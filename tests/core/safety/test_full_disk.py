"""A full disk makes the write fail cleanly, with a message; the data from before stays.

Two ways to fill the disk: SQLite's ``max_page_count`` (works everywhere), and,
where the test may mount one (root, as in CI), a real 1 MB tmpfs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import backup
from app.core.errors import LibraryError
from app.core.library import Library
from app.core.records import Record

from .util import integrity_ok, make_library, rec

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def big(i: int) -> Record:
    r = rec(i, "Big")
    r.abstract = f"{i} " + "z" * 20000
    return r


def fill_by_page_limit(lib: Library) -> None:
    pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
    lib.conn.execute(f"PRAGMA max_page_count={pages + 3}")
    lib.import_records([big(i) for i in range(200)], policy="import")


def test_database_full_fails_with_a_message_and_keeps_everything(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 30)
    with Library.open(p) as lib:
        before = {r.id: r.title for r in lib.get_many(lib.query_ids(""))}
        undo_before = lib.undo_label()
        with pytest.raises(LibraryError) as err:
            fill_by_page_limit(lib)
        assert "disk is full" in err.value.message
        assert {r.id: r.title for r in lib.get_many(lib.query_ids(""))} == before
        assert lib.undo_label() == undo_before
        assert not lib.conn.in_transaction
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        first = min(before)
        with pytest.raises(LibraryError, match="disk is full"):
            lib.set_field(first, "abstract", "q" * 200000)
        assert lib.get(first).abstract == "x" * 200
        # space again: writing works
        lib.conn.execute("PRAGMA max_page_count=1073741823")
        lib.add(rec(1, "After space was freed"))
    assert integrity_ok(p)
    with Library.open(p) as lib:
        assert lib.count() == 31


@pytest.fixture
def tiny_fs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; max_page_count covers the logic")
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mnt)],
                         capture_output=True, timeout=30)
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.decode(errors='replace')}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)


def fill_the_disk(lib: Library) -> None:
    for n in range(200):  # batch by batch until the disk is full
        lib.import_records([big(n * 10 + i) for i in range(10)], policy="import")


def test_real_full_file_system_fails_with_a_message_and_keeps_everything(tiny_fs: Path) -> None:
    p = make_library(tiny_fs / "lib.sqlite", 20)
    with Library.open(p) as lib:
        before = {r.id: r.title for r in lib.get_many(lib.query_ids(""))}
        with pytest.raises(LibraryError) as err:
            fill_the_disk(lib)
        assert "disk is full" in err.value.message
        # every batch committed before the failing one is there, nothing of that one
        committed = lib.count()
        assert committed >= 20 and (committed - 20) % 10 == 0
        got = {r.id: r.title for r in lib.get_many(lib.query_ids(""))}
        assert {k: got[k] for k in before} == before
        with pytest.raises(LibraryError, match="disk is full"):
            backup.create_backup(lib)
        # no half backup is left behind
        assert all(x.suffix == ".sqlite" for x in (tiny_fs / "lib.sqlite.backups").iterdir())
    assert integrity_ok(p)
    with Library.open(p) as lib:
        assert lib.count() == committed

