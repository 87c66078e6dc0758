"""Library benchmark: 100,000 generated records.

Measures insert throughput, search latency (first 100 results) for common
words, rare words, prefixes and two-character CJK terms, the first 100 rows
sorted by title, year and first author, and peak memory.

    .venv/bin/python bench/bench_library.py [--n 100000]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.library import Library  # noqa: E402
from bench.generate import make_records  # noqa: E402

QUERIES = {
    "common word": ["learning", "data", "analysis", "model"],
    "rare word": ["zymurgy", "quixotic", "ptarmigan"],
    "prefix": ["lea", "anal", "optim", "neu"],
    "two-char CJK": ["人文", "数据", "教育", "王小"],
    "fielded": ["author:müller year:2000-2010", "title:deep type:book", "doi:10.1234"],
}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    t = time.perf_counter()
    records = make_records(args.n)
    print(f"generated {args.n} records in {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as d:
        lib = Library.open(Path(d) / "bench.sqlite")
        t = time.perf_counter()
        lib.import_records(records, policy="import")
        dt = time.perf_counter() - t
        print(f"insert: {args.n} records in {dt:.1f} s = {args.n / dt:,.0f} records/s "
              f"(one transaction, duplicate check off)")
        del records
        print("\nsearch, first 100 results (median of 5):")
        worst = 0.0
        for kind, qs in QUERIES.items():
            for q in qs:
                n = len(lib.query_ids(q))
                s = timed(lambda q=q: lib.query_ids(q, sort="title", limit=100))
                full = timed(lambda q=q: lib.query_ids(q, sort="title"), 3)
                worst = max(worst, s)
                print(f"  {kind:13} {q!r:32} {n:6} hits  first 100: {ms(s):>9}  "
                      f"all ids: {ms(full):>9}")
        print(f"  worst first-100 search: {ms(worst)} (goal <= 50 ms)")
        print("\nfirst 100 rows sorted (median of 5):")
        for col in ("title", "year", "creators", "container", "date_added"):
            for desc in (False, True):
                s = timed(lambda c=col, d=desc: lib.rows(
                    lib.query_ids("", sort=c, descending=d, limit=100),
                    ["title", "creators_display", "year", "container"]))
                print(f"  {col:11} {'desc' if desc else 'asc ':4} {ms(s):>9}  (goal <= 100 ms)")
        s = timed(lambda: lib.query_ids("", sort="title"), 3)
        print(f"  all {args.n} ids sorted by title: {ms(s)}")
        lib.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {peak:.0f} MB (includes the {args.n} generated records in memory)")


if __name__ == "__main__":
    main()
