"""Store/load benchmark: CPU time of ``Library.import_records`` and ``export_records``.

Reads a generated file once (``bench/gen_files.py``), then measures, in this one
process, the CPU seconds (``time.process_time``) of storing its records into an
empty library (duplicate check on, one transaction) and of loading them all back.
The read itself is not measured (the format helpers own it).

    .venv/bin/python bench/gen_files.py --n 50000 --out /tmp/bench
    .venv/bin/python bench/bench_store.py /tmp/bench/gen-50000.ris [--repeat 2] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core import formats  # noqa: E402
from app.core.library import Library  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one store+load")
    ap.add_argument("--no-gc", action="store_true", help="with the cyclic GC disabled")
    args = ap.parse_args()
    t = time.process_time()
    records = formats.read_path(args.file).records
    print(f"read {len(records)} records in {time.process_time() - t:.2f} s CPU (not counted)")
    if args.no_gc:
        gc.disable()
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as d:
            lib = Library.open(Path(d) / "bench.sqlite")
            prof = cProfile.Profile() if args.profile and i == 0 else None
            gc.collect()
            t = time.process_time()
            if prof:
                prof.enable()
            report = lib.import_records(records)
            store = time.process_time() - t
            t = time.process_time()
            out = lib.export_records()
            load = time.process_time() - t
            if prof:
                prof.disable()
            print(f"run {i + 1}: store {len(report.added)} added, {len(report.skipped)} skipped "
                  f"in {store:.2f} s CPU; load {len(out)} in {load:.2f} s CPU")
            del out
            lib.close()
            if prof:
                pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
                pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
