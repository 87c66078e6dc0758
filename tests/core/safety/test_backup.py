"""Backups: consistent snapshots, rotation, the daily and start-up backups, restore, CLI."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app import cli
from app.core import backup, paths, settings
from app.core.errors import LibraryError, NotFoundError, ReadOnlyLibraryError
from app.core.library import Library

from .util import ROOT, corrupt_pages, integrity_ok, make_library, rec, titles


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return make_library(tmp_path / "lib.sqlite", 20)


def test_snapshot_holds_exactly_the_committed_state(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        other = sqlite3.connect(lib_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE records SET title = 'uncommitted' WHERE id = 1")
        info = backup.create_backup(lib)
        other.execute("ROLLBACK")
        other.close()
    assert info.path.parent == paths.backup_dir_for(lib_path)
    assert info.kind == "manual"
    assert "uncommitted" not in titles(info.path)
    assert titles(info.path) == titles(lib_path)
    assert integrity_ok(info.path)
    # self-contained: rollback-journal mode, no -wal beside it, no temporary left
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert sorted(p.name for p in info.path.parent.iterdir()) == sorted(
        b.name for b in backup.list_backups(lib_path))


def test_list_is_newest_first_and_ignores_strangers(lib_path: Path) -> None:
    t0 = datetime(2026, 3, 1, 9, 0, 0)
    a = backup.create_backup(lib_path, "manual", now=t0)
    b = backup.create_backup(lib_path, "manual", now=t0 + timedelta(hours=1))
    c = backup.create_backup(lib_path, "manual", now=t0 + timedelta(hours=1))  # same second
    folder = paths.backup_dir_for(lib_path)
    (folder / "notes.txt").write_text("mine")
    (folder / "other-20260301-090000-manual.sqlite").write_bytes(b"")  # another library's
    names = [x.name for x in backup.list_backups(lib_path)]
    assert names == [c.name, b.name, a.name]
    assert c.name != b.name
    assert backup.find_backup(lib_path, a.name.removesuffix(".sqlite")).path == a.path
    with pytest.raises(NotFoundError, match="no backup called"):
        backup.find_backup(lib_path, "nope")


def test_rotation_keeps_last_days_and_weeks(lib_path: Path) -> None:
    settings.set("backup_daily_keep", 3)
    settings.set("backup_weekly_keep", 2)
    # two automatic backups a day, 2026-03-02 (a Monday) .. 2026-03-18
    start = datetime(2026, 3, 2, 8, 0, 0)
    for d in range(17):
        for h in (8, 20):
            backup.create_backup(lib_path, "daily", now=start + timedelta(days=d, hours=h - 8))
    manual = backup.create_backup(lib_path, "manual", now=start)
    kept = {b.name for b in backup.list_backups(lib_path)}
    stem = lib_path.stem
    expected = {
        # the last three days, newest of each
        f"{stem}-20260318-200000-daily.sqlite",
        f"{stem}-20260317-200000-daily.sqlite",
        f"{stem}-20260316-200000-daily.sqlite",
        # the last two ISO weeks (W12 starts Mon 16th, W11 Mon 9th), newest of each
        f"{stem}-20260315-200000-daily.sqlite",
        manual.name,  # never rotated
    }
    assert kept == expected


def test_rotation_with_zero_keeps_the_newest(lib_path: Path) -> None:
    for d in range(3):
        backup.create_backup(lib_path, "daily", now=datetime(2026, 1, 1 + d, 12))
    assert [b.name for b in backup.list_backups(lib_path)] != []
    backup.rotate(lib_path, daily_keep=0, weekly_keep=0)
    assert [b.created.day for b in backup.list_backups(lib_path)] == [3]


def test_daily_backup_once_a_day(lib_path: Path, tmp_path: Path) -> None:
    with Library.open(lib_path) as lib:
        # Library.open already made today's
        made = backup.list_backups(lib_path)
        assert [b.kind for b in made] == ["daily"]
        assert backup.maybe_backup(lib) is None
        tomorrow = datetime.now() + timedelta(days=1)
        nxt = backup.maybe_backup(lib, now=tomorrow)
        assert nxt is not None and nxt.created.date() == tomorrow.date()
        assert backup.maybe_backup(lib, now=tomorrow) is None
    # an empty library has nothing to lose: no backup
    with Library.open(tmp_path / "empty.sqlite") as empty:
        assert backup.maybe_backup(empty) is None
        assert backup.list_backups(empty.path) == []


def test_backup_on_startup_only_when_changed(lib_path: Path) -> None:
    lib = Library.open(lib_path)
    try:
        first = backup.backup_on_startup(lib)
        assert first is not None and first.kind == "startup"
        hour_ago = time.time() - 3600
        os.utime(lib_path, (hour_ago, hour_ago))
        for extra in (lib_path.with_name(lib_path.name + "-wal"),):
            if extra.exists():
                os.utime(extra, (hour_ago, hour_ago))
        assert backup.backup_on_startup(lib) is None  # nothing changed since
        lib.add(rec(999, "Changed"))
        second = backup.backup_on_startup(lib)
        assert second is not None
        assert "Changed 999 on reliable storage" in titles(second.path)
    finally:
        lib.close()


def test_read_only_library_is_not_backed_up_automatically(lib_path: Path) -> None:
    with Library.open(lib_path, read_only=True) as lib:
        assert backup.maybe_backup(lib) is None
        assert backup.backup_on_startup(lib) is None


def test_restore_backs_up_first_and_is_seen_by_other_connections(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        good = backup.create_backup(lib)
        before = titles(lib_path)
        lib.trash(lib.query_ids(""))
        lib.add(rec(1, "After the backup"))
        after = titles(lib_path)
        watcher = Library.open(lib_path)  # another window on the same library
        assert watcher.count() == 1
        kept = backup.restore_into(lib, good.name)
        assert titles(lib_path) == before
        assert lib.count() == 20 and lib.count(trash=True) == 0
        assert watcher.count() == 20
        watcher.close()
        # the state before the restore is itself a backup
        assert kept.parent == paths.backup_dir_for(lib_path)
        assert "pre-restore" in kept.name
        assert titles(kept) == after
        assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lib.add(rec(2, "Written after restore"))
    assert "Written after restore 2 on reliable storage" in titles(lib_path)


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    with Library.open(p) as lib:
        bad = backup.create_backup(lib)
        corrupt_pages(bad.path)
        n_before = len(backup.list_backups(p))
        before = titles(p)
        with pytest.raises(LibraryError, match="damaged or unusable"):
            backup.restore_into(lib, bad.name)
        assert titles(p) == before
        assert len(backup.list_backups(p)) == n_before  # no pre-restore made either


def test_restore_on_read_only_library_is_refused(lib_path: Path) -> None:
    b = backup.create_backup(lib_path)
    with Library.open(lib_path, read_only=True) as lib:
        with pytest.raises(ReadOnlyLibraryError, match="read-only"):
            backup.restore_into(lib, b.name)


def test_a_damaged_library_makes_no_backup_and_keeps_the_good_ones(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    good = [backup.create_backup(p, "daily", now=datetime(2026, 1, d, 12)) for d in (1, 2)]
    corrupt_pages(p)
    with pytest.raises(LibraryError, match="damaged"):
        backup.create_backup(p, "daily")
    assert [b.name for b in backup.list_backups(p)] == [g.name for g in reversed(good)]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_create_list_restore(lib_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    lib = str(lib_path)
    code, out, _ = run_cli(capsys, "--library", lib, "backup", "create")
    assert code == 0 and "backup made" in out
    name = Path(out.strip().split(": ", 1)[1]).name
    code, out, _ = run_cli(capsys, "--library", lib, "backup", "list")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith(name))
    assert "manual" in line and "20 records" in line
    assert run_cli(capsys, "--library", lib, "delete", "1", "2", "3")[0] == 0
    code, out, _ = run_cli(capsys, "--library", lib, "backup", "restore", name)
    assert code == 0 and "restored" in out and "pre-restore" in out
    code, out, _ = run_cli(capsys, "--library", lib, "list")
    assert len(out.splitlines()) == 20
    code, _, err = run_cli(capsys, "--library", lib, "backup", "restore", "no-such-backup")
    assert code == 2 and "no backup called no-such-backup" in err
    code, _, err = run_cli(capsys, "--library", lib, "backup", "restore")
    assert code == 2 and "which backup" in err


def test_command_line_in_a_real_process(lib_path: Path, refshelf_home: Path) -> None:
    env = dict(os.environ, REFSHELF_HOME=str(refshelf_home))
    run = subprocess.run([sys.executable, "-m", "app", "--library", str(lib_path), "backup",
                          "create"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    listed = subprocess.run([sys.executable, "-m", "app", "--library", str(lib_path),
                             "backup", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0
    assert "manual" in listed.stdout and "20 records" in listed.stdout


def test_cli_path_restores_a_damaged_library(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    good = backup.create_backup(p)
    want = titles(p)
    corrupt_pages(p)
    damaged_bytes = p.read_bytes()
    code = backup.cli_path(p, "restore", good.name)
    out = capsys.readouterr().out
    assert code == 0
    aside = Path(out.strip().rsplit(" as ", 1)[1])
    assert aside.read_bytes() == damaged_bytes  # kept, not deleted
    assert titles(p) == want
    with Library.open(p) as lib:
        assert lib.count() == 400
    assert backup.cli_path(p, "list") == 0


def test_command_line_restores_a_damaged_library(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    good = backup.create_backup(p)
    corrupt_pages(p)
    code, out, err = run_cli(capsys, "--library", str(p), "backup", "list")
    assert code == 0 and good.name in out, err
    code, out, err = run_cli(capsys, "--library", str(p), "backup", "restore", good.name)
    assert code == 0, err
    assert "damaged" in out
    with Library.open(p) as lib:
        assert lib.count() == 400
