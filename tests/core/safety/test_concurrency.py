"""Two processes on one library: writes interleave safely, or the second writer gets a
clear message; never corruption."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import LibraryLockedError
from app.core.library import Library

from .util import ROOT, integrity_ok, make_library, rec

CHILD = str(Path(__file__).with_name("child.py"))


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, CHILD, *args], cwd=ROOT, env=dict(os.environ),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 5)
    n = 150
    procs = [spawn("writer", str(p), str(n), tag) for tag in ("alpha", "beta")]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outs.append(out.splitlines())
    ok = {tag: sum(1 for x in out if x.startswith("ok ")) for tag, out in
          zip(("alpha", "beta"), outs, strict=True)}
    locked = [x for out in outs for x in out if x.startswith("locked")]
    for line in locked:  # a writer that gave up says so clearly
        assert "busy: another program is writing to it" in line
    assert integrity_ok(p)
    with Library.open(p) as lib:
        assert lib.count() == 5 + ok["alpha"] + ok["beta"]
        for tag in ("alpha", "beta"):
            got = {r.title for r in lib.get_many(lib.query_ids("", tag=tag))}
            assert len(got) == ok[tag]
    # with SQLite's busy timeout both normally get through
    assert ok["alpha"] + ok["beta"] >= n


def test_second_writer_gets_a_clear_message_while_another_process_writes(
        tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 5)
    holder = spawn("hold", str(p))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        with Library.open(p) as lib:
            lib.conn.execute("PRAGMA busy_timeout=200")  # do not wait the full 5 s here
            assert lib.count() == 5  # reading is never blocked (WAL)
            with pytest.raises(LibraryLockedError) as err:
                lib.add(rec(1, "Second writer"))
            assert "busy: another program is writing to it" in err.value.message
            assert str(p) in err.value.message
            assert lib.count() == 5
    finally:
        holder.communicate("", timeout=60)
    assert holder.returncode == 0
    assert integrity_ok(p)
    with Library.open(p) as lib:
        assert lib.count() == 5
        assert lib.conn.execute("SELECT value FROM meta WHERE key='held'").fetchone() == ("yes",)
        lib.add(rec(2, "Now it works"))
        assert lib.count() == 6


def test_several_processes_opening_a_new_library_at_once(tmp_path: Path) -> None:
    failures = []
    for trial in range(2):
        p = tmp_path / f"new{trial}.sqlite"
        start = time.time() + 2.5  # after the children have imported everything
        procs = [spawn("open-at", str(p), str(start)) for _ in range(4)]
        outs = [proc.communicate(timeout=120)[0].strip() for proc in procs]
        failures += [o for o in outs if not o.startswith("ok")]
        assert integrity_ok(p)
    assert failures == []


def test_an_edit_from_another_window_is_not_lost(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 3)
    a, b = Library.open(p), Library.open(p)
    try:
        held = a.get(1)  # window A shows record 1 in its editor
        b.set_field(1, "volume", "12")  # window B (or the command line) edits another field
        held.title = "Edited in window A"
        a.update(held)
        rec = b.get(1)
        assert rec.title == "Edited in window A"
        assert rec.volume == "12"
    finally:
        a.close()
        b.close()
