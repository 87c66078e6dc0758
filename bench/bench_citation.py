"""Benchmark of the citation engine (core only): 1 record and 500 records.

Measures what Ctrl+Shift+C needs from the core: the bibliography of the
selection in plain text and HTML (one engine call gives both). Styles: APA
and GB/T 7714 (numeric and author-date). Goals (issue 5): 1 record <= 150 ms,
500 records <= 3 s.

    .venv/bin/python bench/bench_citation.py [--repeat N]

"cold" is the first call in the process (style preparation included);
"warm" clears the result cache before each call, so pandoc runs every time,
as it does for a new selection. Figures are medians; CPU is pandoc's
(children) CPU time, which shows how much of the wall time is waiting for a
busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.citation import engine  # noqa: E402
from app.core.csl import record_from_csl  # noqa: E402
from app.core.records import Creator, PartialDate, Record  # noqa: E402
from tests.core.citation._corpus import load_bib  # noqa: E402

SHARED = ROOT.parent / "shared"
STYLES = {
    "APA": "apa",
    "GB/T 7714 numeric": "china-national-standard-gb-t-7714-2015-numeric",
    "GB/T 7714 author-date": "china-national-standard-gb-t-7714-2015-author-date",
}


def _chinese(i: int) -> Record:
    fams = "王李张刘陈杨黄赵吴周"
    return Record(type="article-journal", language="zh-CN", title=f"数字人文研究第{i}篇",
                  creators=[Creator(fams[i % 10], "小明"), Creator(fams[(i + 3) % 10], "华"),
                            Creator(fams[(i + 5) % 10], "三"), Creator(fams[(i + 7) % 10], "四")],
                  container_title="中国图书馆学报", volume=str(i % 50), issue="2",
                  pages="12-25", issued=PartialDate(2000 + i % 24))


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _time(records: list[Record], style: str, clear: bool) -> tuple[float, float]:
    if clear:
        engine._cache.clear()
    c0, t0 = _children_cpu(), time.perf_counter()
    res = engine.format_records(records, style, citation=False)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    assert len(res.bibliography) + len(res.omitted) == len(records)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("REFSHELF_HOME", str(Path("/tmp") / "refshelf-bench-home"))

    spec = json.loads((SHARED / "spec" / "citations.json").read_text(encoding="utf-8"))
    one = {"APA": [record_from_csl(spec["records"]["seed"])],
           "GB/T 7714 numeric": [record_from_csl(spec["records"]["zh4"])],
           "GB/T 7714 author-date": [record_from_csl(spec["records"]["zh4"])]}
    cdl = load_bib(SHARED / "corpus" / "large" / "cdl.bib")
    western = cdl[:500]
    mixed = cdl[:400] + [_chinese(i) for i in range(100)]

    rows = []
    for label, style in STYLES.items():
        cases = [("1 record", one[label]), ("500 records (cdl.bib)", western)]
        if label.startswith("GB/T"):
            cases.append(("500 records (400 Western + 100 Chinese)", mixed))
        for what, recs in cases:
            engine._cache.clear()
            engine._prepared.clear()
            cold = _time(recs, style, clear=True)
            warm = [_time(recs, style, clear=True) for _ in range(args.repeat)]
            wall = statistics.median(w for w, _ in warm)
            cpu = statistics.median(c for _, c in warm)
            goal = 0.150 if what == "1 record" else 3.0
            rows.append((label, what, cold[0], wall, cpu, "yes" if wall <= goal else "NO"))
            print(f"{label:24} {what:42} cold {cold[0] * 1000:7.0f} ms  warm {wall * 1000:7.0f} ms"
                  f"  (pandoc CPU {cpu * 1000:6.0f} ms)", flush=True)

    print()
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"pandoc {engine.pandoc_path()}")
    print()
    print("| style | selection | cold | warm (median) | pandoc CPU | within goal |")
    print("|---|---|---:|---:|---:|---|")
    for label, what, cold_s, wall, cpu, ok in rows:
        print(f"| {label} | {what} | {cold_s * 1000:.0f} ms | {wall * 1000:.0f} ms "
              f"| {cpu * 1000:.0f} ms | {ok} |")


if __name__ == "__main__":
    main()
