"""Benchmark: saved-page extraction time per page over the whole page corpus.

    .venv/bin/python bench/bench_pages.py [--repeat N] [--corpus DIR]

Every ``.html`` page under ``../shared/corpus/pages`` and the seed page(s) are
read from bytes to a record (unpacking, decoding, scanning, merging), as the
``page`` format does. Each page is timed ``--repeat`` times after one warm-up
run, and its median is kept. Prints the slowest pages, then the median and
worst per-page times against the goals (median <= 50 ms, worst <= 500 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.extract import extract_bytes  # noqa: E402

GOAL_MEDIAN_MS = 50.0
GOAL_WORST_MS = 500.0


def pages(corpus: Path) -> list[Path]:
    found = sorted((corpus / "pages").rglob("*.html"))
    found += sorted((corpus / "seed").glob("*"))
    return [p for p in found if p.is_file()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    files = pages(args.corpus)
    if not files:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    times: list[tuple[float, Path, int, float]] = []
    for f in files:
        data = f.read_bytes()
        extract_bytes(data, str(f))  # warm-up
        runs, cpu = [], []
        for _ in range(max(1, args.repeat)):
            t0, c0 = time.perf_counter(), time.process_time()
            extract_bytes(data, str(f))
            runs.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        times.append((statistics.median(runs), f, len(data), statistics.median(cpu)))
    times.sort(key=lambda t: t[0])
    print(f"{'wall ms':>8} {'cpu ms':>7}  {'KB':>6}  page (slowest 10 of {len(times)})")
    for ms, f, size, cms in times[-10:]:
        print(f"{ms:8.1f} {cms:7.1f}  {size / 1024:6.0f}  {f.relative_to(args.corpus)}")
    med = statistics.median(t[0] for t in times)
    worst = times[-1][0]
    cpu_med = statistics.median(t[3] for t in times)
    cpu_worst = max(t[3] for t in times)
    print(f"\npages: {len(times)}   median: {med:.1f} ms (goal <= {GOAL_MEDIAN_MS:.0f})   "
          f"worst: {worst:.1f} ms (goal <= {GOAL_WORST_MS:.0f})  [{times[-1][1].name}]")
    print(f"CPU time (less sensitive to a busy machine): median {cpu_med:.1f} ms, "
          f"worst {cpu_worst:.1f} ms")
    ok = med <= GOAL_MEDIAN_MS and worst <= GOAL_WORST_MS
    print("goals met" if ok else "GOALS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
