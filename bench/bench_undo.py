"""Undo/redo benchmark: CPU and wall time of undoing and redoing big operations.

Builds a library by importing N generated records (``bench/generate.py``, not
counted), then measures, in this one process:

- undo of the import (deletes the N records),
- redo of the import (puts them back),
- trash of all N records (select all -> Delete),
- undo of the trash,
- redo of the trash,
- emptying the trash (all N records deleted for good), and its undo.

CPU seconds are ``time.process_time()`` (the machine is shared: wall time is noisy).

    .venv/bin/python bench/bench_undo.py [--n 10000 50000] [--repeat 1] [--profile STEP]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.library import Library  # noqa: E402
from bench.generate import make_records  # noqa: E402


def measure(name: str, fn: Callable[[], Any], profile: str | None) -> tuple[float, float]:
    gc.collect()
    prof = cProfile.Profile() if profile == name else None
    c, w = time.process_time(), time.perf_counter()
    if prof:
        prof.enable()
    fn()
    if prof:
        prof.disable()
    c, w = time.process_time() - c, time.perf_counter() - w
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return c, w


def run(n: int, profile: str | None) -> dict[str, tuple[float, float]]:
    records = make_records(n)
    for i, r in enumerate(records[::10]):
        r.tags = ["bench", f"t{i % 7}"]
    out: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as d:
        lib = Library.open(Path(d) / "bench.sqlite")
        lib.import_records(records, policy="import")
        del records
        ids = lib.query_ids("", sort="id")
        assert len(ids) == n
        cid = lib.create_collection("bench").value
        lib.add_to_collection(cid, ids[::5])
        # the import is the third-newest step: undo the collection steps first
        lib.undo()
        lib.undo()
        out["undo import"] = measure("undo import", lib.undo, profile)
        assert lib.count() == 0
        redo_state = lib.conn.execute("SELECT max(length(payload)) FROM undo_log").fetchone()[0]
        out["redo import"] = measure("redo import", lib.redo, profile)
        assert lib.count() == n
        lib.redo()
        lib.redo()
        out["trash all"] = measure("trash all", lambda: lib.trash(ids), profile)
        assert lib.count() == 0
        out["undo trash"] = measure("undo trash", lib.undo, profile)
        assert lib.count() == n
        out["redo trash"] = measure("redo trash", lib.redo, profile)
        assert lib.count() == 0
        out["empty trash"] = measure("empty trash", lib.empty_trash, profile)
        assert lib.count(trash=True) == 0
        out["undo empty"] = measure("undo empty", lib.undo, profile)
        assert lib.count(trash=True) == n
        trash_state = lib.conn.execute("SELECT length(payload) FROM undo_log WHERE label "
                                       "LIKE 'Move %' ORDER BY seq DESC LIMIT 1").fetchone()[0]
        lib.close()
        print(f"  undo log: the import's redo state {redo_state / 1e6:.1f} MB, the trash's "
              f"undo state {trash_state / 1e6:.2f} MB")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", help="cProfile one step, e.g. 'undo import'")
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    for n in args.n:
        for i in range(args.repeat):
            print(f"N = {n:,} (run {i + 1})")
            for name, (c, w) in run(n, args.profile).items():
                print(f"  {name:12} {c:6.2f} s CPU  {w:6.2f} s wall")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
