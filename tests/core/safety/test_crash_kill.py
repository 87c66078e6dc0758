"""Kill -9 in the middle of writing: the library opens with every committed change and
no half-done operation.

A child process imports (one transaction per import) and prints a line after
each commit; the parent kills it with SIGKILL at a random moment, then checks
``PRAGMA integrity_check``, that each import is wholly present or wholly absent,
and that nothing the child reported as committed is missing. A process kill
leaves the OS page cache intact, so this tests transactions and WAL recovery;
power loss is covered by ``synchronous=FULL`` (docs/DATA_SAFETY.md).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core import backup, schema
from app.core.library import Library

from .util import ROOT, integrity_ok, make_library

CHILD = str(Path(__file__).with_name("child.py"))
BASE = 50
INDEXES = {f"idx_live_{c}" for c in schema.SORT_INDEX_COLUMNS} | {
    "idx_records_doi_norm", "idx_records_dup_key", "idx_trash", "idx_tags_tag"}


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, CHILD, *args], cwd=ROOT, env=dict(os.environ),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", (line, proc.stderr.read() if proc.stderr else "")


def wait_for(proc: subprocess.Popen[str], word: str) -> None:
    """Read the child's lines until one starts with *word* (its first finished step)."""
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "child ended"
        if line.startswith(word):
            return


def kill(proc: subprocess.Popen[str]) -> list[str]:
    """SIGKILL the child; returns every line it printed (all flushed before the kill)."""
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return ["<alive>" if alive else "<finished>", *complete_lines(out)]


def complete_lines(out: str) -> list[str]:
    """The lines the child finished writing: a kill can land in the middle of one."""
    return out.split("\n")[:-1]


def check(p: Path, base: int, total: int, batch: int, lines: list[str]) -> int:
    """The invariants after a kill; returns the new record count."""
    assert integrity_ok(p)
    committed = [int(x.split()[1]) for x in lines if x.startswith("committed")]
    with Library.open(p) as lib:
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = lib.count()
        added = n - base
        assert 0 <= added <= total
        assert added % batch == 0, f"half an import is in the library: {added} of {batch}"
        assert added >= (committed[-1] if committed else 0), "a committed import was lost"
        # the FTS index agrees with the table: no half-written record
        fts = lib.conn.execute("SELECT count(*) FROM records_fts").fetchone()[0]
        assert fts == n
        # every index is there (a big import into an empty library drops and rebuilds them)
        names = {r[0] for r in lib.conn.execute("SELECT name FROM sqlite_master "
                                                "WHERE type = 'index'")}
        assert INDEXES <= names, INDEXES - names
        if added:
            assert lib.undo_label() is not None and lib.undo_label().startswith("Import")
    return n


def kill_imports(p: Path, total: int, batch: int, kills: int, window: float,
                 rnd: random.Random, min_mid: int = 0, base: int = BASE) -> dict[str, int]:
    """Kill *kills* imports (more, up to 3x, until *min_mid* were killed mid-import)
    into the library *p* of *base* records."""
    n = base
    pristine = p.with_name("pristine.sqlite")
    shutil.copyfile(p, pristine)
    stats = {"kills": 0, "mid_import": 0, "finished_first": 0}
    while stats["kills"] < kills or (stats["mid_import"] < min_mid
                                     and stats["kills"] < 3 * kills):
        proc = spawn("import", str(p), str(total), str(batch), "crash")
        wait_ready(proc)
        time.sleep(rnd.uniform(0.0, window))
        lines = kill(proc)
        stats["kills"] += 1
        finished = any(x == f"committed {total}" for x in lines)
        if lines[0] == "<alive>" and not finished:
            stats["mid_import"] += 1
        else:
            stats["finished_first"] += 1
        n = check(p, n, total, batch, lines)
        if n - base >= total:  # the import got through before the kill: start afresh,
            shutil.copyfile(pristine, p)  # so the library does not grow trial after trial
            n = base
    return stats


def calibrate(tmp_path: Path, n: int) -> float:
    """Seconds this machine takes to import *n* records in a child process."""
    p = make_library(tmp_path / "calibrate.sqlite", BASE)
    proc = spawn("import", str(p), str(n), str(n), "calibrate")
    wait_ready(proc)
    t0 = time.monotonic()
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return time.monotonic() - t0


def test_kill_during_one_big_import(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", BASE)
    window = calibrate(tmp_path, 3000)
    stats = kill_imports(p, 3000, 3000, 4, window * 0.8, random.Random(1), min_mid=2)
    assert stats["mid_import"] >= 2


def test_kill_a_big_import_into_an_empty_library(tmp_path: Path) -> None:
    """Such an import drops the indexes and builds them again before its commit."""
    p = make_library(tmp_path / "lib.sqlite", 0)
    window = calibrate(tmp_path, 3000)
    stats = kill_imports(p, 3000, 3000, 4, window * 0.8, random.Random(3), min_mid=2, base=0)
    assert stats["mid_import"] >= 2


def test_kill_between_and_during_batches(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", BASE)
    window = calibrate(tmp_path, 2000)
    stats = kill_imports(p, 2000, 100, 3, window, random.Random(2))
    assert stats["kills"] == 3


@pytest.mark.slow
def test_kill_a_50000_record_import_20_times(tmp_path: Path) -> None:
    """The acceptance test: 20 SIGKILLs at random moments of a 50,000-entry import."""
    p = make_library(tmp_path / "lib.sqlite", BASE)
    window = calibrate(tmp_path, 50000)  # the time of the whole import on this machine
    stats = kill_imports(p, 50000, 50000, 20, window * 0.9, random.Random(50000), min_mid=20)
    print(f"\n50k import: {stats} (window {window:.1f} s)")
    assert stats["mid_import"] >= 20


def test_kill_during_backups_leaves_only_whole_backups(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 3000)
    rnd = random.Random(3)
    for _ in range(3):
        proc = spawn("backup-loop", str(p))
        wait_ready(proc)
        wait_for(proc, "made")
        time.sleep(rnd.uniform(0.0, 0.5))
        kill(proc)
    made = backup.list_backups(p)
    assert made
    for b in made:
        assert integrity_ok(b.path)
        assert b.record_count() == 3000


def test_kill_during_restore_leaves_old_or_new(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 1000)
    big = backup.create_backup(p)
    with Library.open(p) as lib:
        lib.trash(lib.query_ids("")[500:])
        lib.empty_trash()
    small = backup.create_backup(p)
    rnd = random.Random(4)
    for _ in range(3):
        proc = spawn("restore-loop", str(p), big.name, small.name)
        wait_ready(proc)
        wait_for(proc, "restored")
        time.sleep(rnd.uniform(0.0, 1.0))
        kill(proc)
        assert integrity_ok(p)
        with Library.open(p) as lib:
            assert lib.count() in (500, 1000)
            assert lib.conn.execute("SELECT count(*) FROM records_fts").fetchone()[0] == \
                lib.count()
