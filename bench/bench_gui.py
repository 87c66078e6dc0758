"""Benchmark of the main window on a generated 100,000-record library (offscreen).

Measures:

- launch: from process start (a fresh interpreter) to the first table rows painted;
- sort: clicking each column header (ascending and descending), to rows repainted;
- search-as-you-type: per keystroke, from the query applied to rows repainted
  (any delay before the search is left out: see typing for that);
- typing: the same phrases typed into the search field at a human pace (60–350 ms
  between keys, seeded), through the window's own search scheduling, with the full
  id lists of earlier searches loading in the background as they do in use: from
  each search applied to its rows painted, and from each keystroke to rows for its
  text (or a later one) painted;
- scroll: Page Down over the first 200 pages, the scroll bar dragged from the top
  to the bottom in 200 steps, and a jump to the end;
- peak memory (max RSS) of the window process.

Goals (docs/BENCHMARKS.md): first rows ≤ 1.5 s, sort and search ≤ 100 ms, memory ≤ 400 MB.

Usage::

    .venv/bin/python bench/bench_gui.py [--records 100000] [--json out.json]

The generated library is cached in ``bench/.cache/`` (delete it to regenerate).

Waiting is done as Qt's own event loop does it: the GUI thread sleeps until an event
arrives (``WaitForMoreEvents``). An earlier version polled ``processEvents()`` in a
busy loop; on two cores that loop took a whole core from the background query
thread and doubled the measured search latency.

The launch is measured warm (three runs) and once cold: the library file's pages
dropped from the page cache first (``posix_fadvise(DONTNEED)`` on that file only),
as after a reboot.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

T_START = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"

# ------------------------------------------------------------- record generator
LATIN_WORDS = (
    "learning deep neural network networks analysis model models data study effects "
    "approach method methods system systems theory evidence review clinical patients "
    "protein cell cells gene expression cancer risk climate change water soil carbon "
    "graph graphs algorithm algorithms optimization robust efficient large scale "
    "language translation attention transformer social economic policy market history "
    "literature culture ancient modern urban rural health education students teachers "
    "quantum spin magnetic thin films structure dynamics control stochastic bayesian "
    "inference estimation sampling survey multi agent reinforcement vision image "
    "segmentation detection recognition spectral temporal spatial regional global").split()
CJK_WORDS = (
    "中国 古代 文学 研究 基于 深度 学习 图像 识别 方法 分析 社会 经济 发展 影响 "
    "机制 模型 网络 系统 评价 城市 农村 教育 历史 文化 政策 环境 气候 变化 土壤 "
    "水资源 碳排放 蛋白质 细胞 基因 表达 癌症 风险 患者 临床 语言 翻译 注意力 "
    "算法 优化 图 结构 动力学 控制 随机 贝叶斯 推断 估计 视觉 检测 分割 时空 区域").split()
FAMILIES = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
            "Müller Schmidt Schneider Fischer Weber Dubois Lefèvre Rossi Russo Nakamura "
            "Suzuki Tanaka Kim Lee Park Nguyen Ivanov Kowalski Novák Andersson").split()
GIVENS = ("James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth Anna "
          "Hans Sophie Pierre Marie Luca Giulia Hiroshi Yuki Min-jun Ji-woo Olga Jan "
          "Eva Lars Ingrid José Ana Chen").split()
CJK_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾") + [
    "欧阳", "司马", "诸葛"]
CJK_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文斌辉建国小红晓东")
JOURNALS_LATIN = ("Nature", "Science", "Cell", "The Lancet", "Physical Review Letters",
                  "Journal of the American Chemical Society", "IEEE Transactions on "
                  "Pattern Analysis and Machine Intelligence", "Neural Computation",
                  "Journal of Economic Perspectives", "American Historical Review",
                  "PLOS ONE", "Scientific Reports", "Proceedings of the National Academy "
                  "of Sciences", "Journal of Applied Ecology", "Water Research")
JOURNALS_CJK = ("中国社会科学", "文学评论", "历史研究", "经济研究", "管理世界", "计算机学报",
                "软件学报", "自动化学报", "中华医学杂志", "地理学报", "生态学报", "环境科学")
TYPES = ("article-journal",) * 8 + ("book", "chapter", "paper-conference", "thesis")


def make_records(n: int, seed: int = 7) -> list:
    """*n* realistic records: ~40% Chinese, mixed names, years, journals, abstracts."""
    from app.core.records import Creator, PartialDate, Record

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        cjk = rnd.random() < 0.4
        if cjk:
            title = "".join(rnd.choice(CJK_WORDS) for _ in range(rnd.randint(3, 8)))
            creators = [Creator(literal=rnd.choice(CJK_SURNAMES) + "".join(
                rnd.choice(CJK_GIVEN) for _ in range(rnd.randint(1, 2))))
                for _ in range(rnd.randint(1, 5))]
            journal = rnd.choice(JOURNALS_CJK)
            abstract = "，".join("".join(rnd.choice(CJK_WORDS) for _ in range(6))
                                for _ in range(rnd.randint(3, 8))) + "。"
        else:
            words = [rnd.choice(LATIN_WORDS) for _ in range(rnd.randint(4, 12))]
            title = " ".join(words).capitalize()
            creators = [Creator(rnd.choice(FAMILIES), rnd.choice(GIVENS))
                        for _ in range(rnd.randint(1, 6))]
            journal = rnd.choice(JOURNALS_LATIN)
            abstract = " ".join(rnd.choice(LATIN_WORDS) for _ in range(rnd.randint(30, 90)))
        year = rnd.randint(1950, 2025)
        typ = rnd.choice(TYPES)
        rec = Record(
            type=typ, title=title, creators=creators,
            issued=PartialDate(year, rnd.randint(1, 12)),
            container_title=journal if typ in ("article-journal", "paper-conference",
                                               "chapter") else "",
            publisher="" if typ == "article-journal" else rnd.choice(
                ["Springer", "Elsevier", "科学出版社", "MIT Press", "清华大学"]),
            volume=str(rnd.randint(1, 80)), issue=str(rnd.randint(1, 12)),
            pages=f"{(p := rnd.randint(1, 900))}-{p + rnd.randint(3, 30)}",
            doi=f"10.{rnd.randint(1000, 9999)}/bench.{i}" if rnd.random() < 0.7 else "",
            abstract=abstract, language="zh" if cjk else "en",
            tags=[rnd.choice(["to-read", "core", "methods", "综述", "重要"])]
            if rnd.random() < 0.2 else [],
            date_added=f"20{rnd.randint(15, 25):02d}-{rnd.randint(1, 12):02d}-"
                       f"{rnd.randint(1, 28):02d}T10:00:00Z",
        )
        out.append(rec)
    return out


def build_library(n: int) -> Path:
    """The cached generated library with *n* records (built once)."""
    from app.core.library import Library

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"bench-{n}.sqlite"
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    t = time.monotonic()
    lib = Library.open(tmp)
    recs = make_records(n)
    for start in range(0, n, 10_000):
        lib.import_records(recs[start:start + 10_000], policy="import")
        print(f"  generated {min(start + 10_000, n)}/{n} records "
              f"({time.monotonic() - t:.0f} s)", file=sys.stderr)
    lib.conn.execute("DELETE FROM undo_log")  # the benchmark does not need the history
    lib.close()
    tmp.rename(path)
    return path


# --------------------------------------------------------------- measuring
_HEARTBEAT = None


def _wait_until(app, done, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until ``done()``, sleeping between events as Qt's loop does."""
    from PySide6.QtCore import QEventLoop, QTimer

    global _HEARTBEAT
    if _HEARTBEAT is None:  # wakes the loop now and then, so a missed wake-up cannot hang
        _HEARTBEAT = QTimer()
        _HEARTBEAT.start(20)
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def _wait_paint(app, view) -> float:  # type: ignore[no-untyped-def]
    """Process events until the table's viewport painted; returns when it did."""
    from PySide6.QtCore import QEvent, QObject

    state = {"t": 0.0}

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # type: ignore[no-untyped-def]  # noqa: N802
            if ev.type() == QEvent.Type.Paint and not state["t"]:
                state["t"] = -1.0
            return False

    spy = Spy()
    view.viewport().installEventFilter(spy)
    view.viewport().update()
    _wait_until(app, lambda: state["t"] != 0.0)
    app.processEvents()  # the paint event has been handled
    view.viewport().removeEventFilter(spy)
    return time.monotonic()


def _drop_from_page_cache(path: Path) -> None:
    """Evict *path* (and its WAL) from the OS page cache: a cold start, for this file only."""
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def child_launch(lib_path: str, home: str) -> None:
    """Run in a fresh interpreter: start as ``refshelf`` does, report when rows are painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["REFSHELF_HOME"] = home
    from app.gui.application import launch

    started = launch(["-L", lib_path])
    assert not isinstance(started, int), started
    win = started.window
    t_paint = _wait_paint(started.app, win.table)
    steps = {k: round(v - T_START, 3) for k, v in started.timings.items()}
    print(json.dumps({"t_start": T_START, "t_paint": t_paint, "steps_s": steps,
                      "rows": win.model.rowCount(),
                      "cached_rows": win.model.cached_count(),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    win.close()
    started.single.close()
    started.library.close()


def measure_launch(lib_path: Path, runs: int = 3, cold: bool = False) -> dict:
    home = str(CACHE / "home")
    times = []
    steps = []
    info: dict = {}
    for _ in range(runs):
        if cold:
            _drop_from_page_cache(lib_path)
        t0 = time.monotonic()
        out = subprocess.run([sys.executable, __file__, "--child-launch", str(lib_path), home],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        info = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(info["t_paint"] - t0)
        steps.append({"interpreter_started": round(info["t_start"] - t0, 3),
                      **{k: round(v + info["t_start"] - t0, 3)
                         for k, v in info["steps_s"].items()},
                      "first_rows_painted": round(info["t_paint"] - t0, 3)})
    return {"launch_to_first_rows_s": times, "median_s": statistics.median(times),
            "steps_s": steps,
            "rows": info["rows"], "rows_fetched_for_first_paint": info["cached_rows"],
            "child_maxrss_mb": info["maxrss_mb"]}


PHRASES = ("deep learning", "中国古代文学", "author:wang", "müller network 2019",
           "title:graph year:2000-2010")


def measure_typing(app, win, phrases: Sequence[str],  # type: ignore[no-untyped-def]
                  seed: int = 11) -> dict:
    """Type *phrases* into the search field at a human pace, as the window schedules it.

    For every search the window applies, the time until its rows are painted, and
    for every keystroke, the time until rows for its text (or a later one) are
    painted. A search overtaken by the next one before its rows came is counted as
    superseded. The earlier searches' full id lists load in the background
    meanwhile, as in use.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    rnd = random.Random(seed)
    model = win.model
    # searches started and not yet painted, oldest first: [started, shown, keys]
    pending: list[list] = []
    lat: list[float] = []
    key_lat: list[float] = []
    keys_typed: list[float] = []  # keystrokes that changed the query, not yet searched
    superseded = 0
    original = model.set_query

    def set_query(text: str, **kw):  # type: ignore[no-untyped-def]
        nonlocal superseded
        before = model.query
        original(text, **kw)
        if model.query != before:  # a new search started
            keys = list(keys_typed)
            keys_typed.clear()
            if pending and pending[-1][1] is None:  # overtaken before its rows came
                superseded += 1
                keys = pending.pop()[2] + keys  # those keys wait for this search now
            pending.append([time.monotonic(), None, keys])

    def shown() -> None:
        if pending and pending[-1][1] is None:
            pending[-1][1] = time.monotonic()
            win.table.viewport().update()

    def painted() -> None:
        now = time.monotonic()
        while pending and pending[0][1] is not None:
            started, _shown, keys = pending.pop(0)
            lat.append((now - started) * 1000)
            key_lat.extend((now - k) * 1000 for k in keys)

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # type: ignore[no-untyped-def]  # noqa: N802
            if ev.type() == QEvent.Type.Paint and pending and pending[0][1] is not None:
                QTimer.singleShot(0, painted)  # once this paint has been handled
            return False

    spy = Spy()
    win.table.viewport().installEventFilter(spy)
    model.set_query = set_query  # type: ignore[method-assign]
    model.requeried.connect(shown)
    schedule: list[tuple[float, str]] = []
    t = 0.0
    for phrase in phrases:
        for k in range(1, len(phrase) + 1):
            t += rnd.uniform(0.06, 0.35)
            schedule.append((t, phrase[:k]))
        t += 1.5  # read the results
        schedule.append((t, ""))
        t += 1.5
    start = time.monotonic()
    last = ""
    for at, text in schedule:
        _wait_until(app, lambda at=at: time.monotonic() - start >= at, timeout=at + 10)
        if text.strip() != last:
            keys_typed.append(time.monotonic())
            last = text.strip()
        win.search.setText(text)
    end = time.monotonic() + 1.5
    _wait_until(app, lambda: time.monotonic() >= end)
    model.requeried.disconnect(shown)
    del model.set_query
    win.table.viewport().removeEventFilter(spy)
    s = sorted(lat)
    k = sorted(key_lat)
    return {"typing_searches": len(lat), "typing_superseded": superseded,
            "typing_ms_median": round(statistics.median(s), 1),
            "typing_ms_p95": round(s[max(int(len(s) * 0.95) - 1, 0)], 1),
            "typing_ms_max": round(s[-1], 1),
            "typing_ms": [round(x, 1) for x in lat],
            # from the keystroke itself (any delay before the search included) to rows
            # for its text, or for a later text, painted
            "typing_keys": len(k), "typing_keys_unanswered": len(keys_typed),
            "typing_key_to_rows_ms_median": round(statistics.median(k), 1),
            "typing_key_to_rows_ms_p95": round(k[max(int(len(k) * 0.95) - 1, 0)], 1),
            "typing_key_to_rows_ms_max": round(k[-1], 1)}



def measure_window(lib_path: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["REFSHELF_HOME"] = str(CACHE / "home-window")
    from PySide6.QtCore import Qt

    from app.core.library import Library
    from app.gui.application import make_app
    from app.gui.main_window import MainWindow

    app = make_app()
    lib = Library.open(lib_path)
    win = MainWindow(lib)
    win.resize(1400, 900)
    win.show()
    _wait_paint(app, win.table)
    res: dict = {}

    def settle() -> None:
        """Let start-up and background work finish (style list, tags, full id list)."""
        _wait_until(app, lambda: win.model.complete and win.style_picker is not None)
        t_end = time.monotonic() + 0.3
        _wait_until(app, lambda: time.monotonic() >= t_end)

    settle()

    # sort by each column, both directions
    sorts: dict[str, list[float]] = {}
    for i, col in enumerate(win.model.columns):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            settle()  # the previous sort's full list has arrived (a user reads first)
            t = time.monotonic()
            win.table.horizontalHeader().setSortIndicator(i, order)  # what a header click does
            done = _wait_paint(app, win.table)
            sorts.setdefault(col.key, []).append((done - t) * 1000)
    res["sort_ms"] = {k: [round(x, 1) for x in v] for k, v in sorts.items()}
    res["sort_ms_max"] = round(max(max(v) for v in sorts.values()), 1)
    win.table.horizontalHeader().setSortIndicator(win.model.column_index("date_added"),
                                                  Qt.SortOrder.DescendingOrder)
    _wait_paint(app, win.table)

    # search as you type: each keystroke, from the query applied
    # to the new rows painted; the GUI thread itself is blocked only for "gui_block"
    searches: dict[str, list[float]] = {}
    blocks: list[float] = []
    core: list[float] = []
    core_cpu: list[float] = []
    cpu: list[float] = []  # CPU time of the whole process (all threads) per keystroke
    for phrase in PHRASES:
        lat = []
        for k in range(1, len(phrase) + 1):
            win.search.setText(phrase[:k])
            t, c = time.monotonic(), time.process_time()
            win.apply_search()
            blocks.append((time.monotonic() - t) * 1000)
            _wait_until(app, lambda: not win.model.searching)
            done = _wait_paint(app, win.table)
            cpu.append((time.process_time() - c) * 1000)
            lat.append((done - t) * 1000)
            tc, cc = time.monotonic(), time.thread_time()
            lib.query_ids(phrase[:k], sort="date_added", descending=True,
                          limit=win.model.FIRST_PAGE)
            core.append((time.monotonic() - tc) * 1000)
            core_cpu.append((time.thread_time() - cc) * 1000)
        searches[phrase] = [round(x, 1) for x in lat]
        win.search.setText("")
        win.apply_search()
        _wait_until(app, lambda: not win.model.searching)
        _wait_paint(app, win.table)
    allk = [x for v in searches.values() for x in v]
    res["search_ms_per_keystroke"] = searches
    res["search_gui_block_ms_max"] = round(max(blocks), 1)
    res["search_core_first_page_ms_median"] = round(statistics.median(core), 1)
    res["search_core_first_page_ms_max"] = round(max(core), 1)
    res["search_core_first_page_cpu_ms_median"] = round(statistics.median(core_cpu), 1)
    res["search_core_first_page_cpu_ms_max"] = round(max(core_cpu), 1)
    res["search_cpu_ms_median"] = round(statistics.median(cpu), 1)
    res["search_cpu_ms_max"] = round(max(cpu), 1)
    res["search_ms_median"] = round(statistics.median(allk), 1)
    res["search_ms_p95"] = round(sorted(allk)[int(len(allk) * 0.95) - 1], 1)
    res["search_ms_max"] = round(max(allk), 1)

    res.update(measure_typing(app, win, PHRASES))

    # scroll: page by page (Page Down) over the first pages, then the thumb dragged
    # from the top to the bottom in 200 steps (each step shows rows never seen)
    sb = win.table.verticalScrollBar()
    sb.setValue(0)
    _wait_paint(app, win.table)
    page_times = []
    for _ in range(200):
        if sb.value() >= sb.maximum():
            break
        tp = time.monotonic()
        sb.setValue(min(sb.value() + sb.pageStep(), sb.maximum()))
        _wait_paint(app, win.table)
        page_times.append((time.monotonic() - tp) * 1000)
    res["scroll_page_down_ms_median"] = round(statistics.median(page_times), 2)
    res["scroll_page_down_ms_max"] = round(max(page_times), 1)
    sb.setValue(0)
    _wait_paint(app, win.table)
    steps = 200
    drag_times = []
    t = time.monotonic()
    for k in range(1, steps + 1):
        tp = time.monotonic()
        sb.setValue(sb.maximum() * k // steps)
        _wait_paint(app, win.table)
        drag_times.append((time.monotonic() - tp) * 1000)
    res["scroll_top_to_bottom_s"] = round(time.monotonic() - t, 2)
    res["scroll_top_to_bottom_steps"] = steps
    res["scroll_step_ms_median"] = round(statistics.median(drag_times), 1)
    res["scroll_step_ms_max"] = round(max(drag_times), 1)
    sb.setValue(0)
    _wait_paint(app, win.table)
    t = time.monotonic()
    sb.setValue(sb.maximum())
    res["jump_to_end_ms"] = round((_wait_paint(app, win.table) - t) * 1000, 1)
    res["cached_rows_after_scroll"] = win.model.cached_count()

    # select a record, show it in the detail pane
    t = time.monotonic()
    win.table.select_ids([win.model.id_at(5)])  # type: ignore[list-item]
    app.processEvents()
    res["select_record_ms"] = round((time.monotonic() - t) * 1000, 1)
    res["window_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    win.confirm = lambda *_a: True  # type: ignore[method-assign]
    win.close()
    lib.close()
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--child-launch", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_launch:
        child_launch(*a.child_launch)
        return 0
    print(f"building/loading a {a.records}-record library…", file=sys.stderr)
    lib_path = build_library(a.records)
    figures = {"records": a.records, "library_mb": round(lib_path.stat().st_size / 2**20, 1),
               "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    figures["launch"] = measure_launch(lib_path)
    cold = measure_launch(lib_path, runs=1, cold=True)
    figures["launch_cold"] = {"launch_to_first_rows_s": cold["launch_to_first_rows_s"][0],
                              "steps_s": cold["steps_s"][0]}
    figures.update(measure_window(lib_path))
    goals = {
        "first_rows_le_1.5s": figures["launch"]["median_s"] <= 1.5,
        "sort_le_100ms": figures["sort_ms_max"] <= 100,
        "search_le_100ms": figures["search_ms_max"] <= 100
        and figures["typing_key_to_rows_ms_max"] <= 100,
        "memory_le_400MB": max(figures["window_maxrss_mb"],
                               figures["launch"]["child_maxrss_mb"]) <= 400,
    }
    figures["goals_met"] = goals
    figures["load_average_at_end"] = os.getloadavg()
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
