"""Import/export benchmark (issue 3, acceptance 4): Refshelf against JabRef, bibutils
and bibtexparser, in one run.

Inputs: generated BibTeX and RIS files of 10,000 and 50,000 entries
(bench/gen_files.py) and ../shared/corpus/large/cdl.bib.

Every measurement is its own child process, started by ``/usr/bin/time``; wall
time is measured around it, peak RSS and CPU time are the child's rusage as
``time`` reports it (for a pipeline run through ``sh -c``, the largest process
of the pipeline; ``time`` is used because a child spawned straight from this
Python process inherits our own peak RSS as its starting ``ru_maxrss``). Each measurement runs
``--repeat`` times and the fastest run is kept (the machine may be loaded; the
load average is recorded).

Refshelf:
  * import: ``refshelf --library <new empty file> import <file>`` (the real command,
    start-up included, default duplicate check on);
  * export: ``refshelf --library <that library> export --format bibtex|ris -o <file>``;
  * a phase breakdown in one child process (read, store, load, write) for the report.
Peers:
  * JabRef 3.8: ``jabref -n -i in.bib,bibtex -o out.ris,ris`` (and RIS -> BibTeX),
    under ``xvfb-run`` if there is no display, with a timeout;
  * bibutils: ``bib2xml in.bib | xml2ris`` and ``ris2xml in.ris | xml2bib``;
  * bibtexparser 2 ``parse_file`` alone (the floor, BibTeX only).

    .venv/bin/python bench/bench_formats.py [--sizes 10000 50000] [--repeat 2]
        [--jabref-timeout 600] [--md docs/bench/formats.md] [--no-peers]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_files import generate  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
TIME = "/usr/bin/time"
CDL = ROOT.parent / "shared" / "corpus" / "large" / "cdl.bib"
TARGETS = {  # (input kind, size) -> seconds; RSS target for BibTeX import
    "import bibtex": 10.0, "import ris": 10.0, "export": 5.0,
}
RSS_TARGET_MB = 500.0


@dataclass
class Run:
    """One measured child process."""

    label: str
    seconds: float | None = None  # None: did not finish
    rss_mb: float | None = None
    cpu: float | None = None  # user + system CPU seconds of the child (and its children)
    ok: bool = True
    note: str = ""
    stdout: str = ""
    all_seconds: list[float] = field(default_factory=list)

    def cell(self) -> str:
        if self.seconds is None:
            return self.note or "did not finish"
        s = f"{self.seconds:.2f} s"
        if self.cpu is not None:
            s += f" ({self.cpu:.1f} cpu)"
        if not self.ok:
            s += " (failed)"
        return s

    def rss_cell(self) -> str:
        if self.rss_mb is None:
            return "–"
        # a killed run's peak was sampled while it ran: a lower bound
        return f"{self.rss_mb:.0f} MB" if self.seconds is not None else f"≥ {self.rss_mb:.0f} MB"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def run_once(cmd: list[str] | str, *, timeout: float, cwd: str | None = None,
             env: dict[str, str] | None = None
             ) -> tuple[float | None, float, int, str, str, float]:
    """Run *cmd* (a string runs through ``sh -c``); (wall s or None on timeout,
    peak RSS MB, exit code, stdout, stderr, CPU s)."""
    # Through /usr/bin/time: a child forked (or vforked) from this Python process starts
    # with *our* peak RSS as its ru_maxrss (Linux keeps the pre-exec high-water mark), so
    # the measured command is started by the small `time` process, which reports the
    # rusage of its own child.
    argv = ["sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        p = subprocess.Popen([TIME, "-q", "-f", "%M %U %S", "-o", tf.name, *argv],
                             stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)  # the group of the child we started
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampled = [0.0]
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_rss, args=(p.pid, sampled, stop), daemon=True)
        sampler.start()
        _pid, status, _ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        timer.cancel()
        stop.set()
        sampler.join()
        p.returncode = os.waitstatus_to_exitcode(status)
        if killed.is_set():
            try:  # leftovers of the killed group (e.g. Xvfb under xvfb-run)
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        out.seek(0)
        err.seek(0)
        maxrss_kb, cpu = 0.0, 0.0
        fields = (tf.read().strip().splitlines() or [""])[-1].split()
        if len(fields) == 3:
            maxrss_kb, cpu = float(fields[0]), float(fields[1]) + float(fields[2])
        # a killed group is not reaped by `time`: its rusage is lost, the sampled peak
        # (every 0.5 s) is what we have
        rss = sampled[0] if killed.is_set() else maxrss_kb / 1024
        return (None if killed.is_set() else wall, rss, p.returncode,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                cpu)


def _sample_rss(sid: int, peak: list[float], stop: threading.Event) -> None:
    """Largest VmRSS (MB) of any process in session *sid* (the child we started), sampled."""
    while not stop.wait(0.5):
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                stat = (d / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[3]) != sid:
                    continue
                for line in (d / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        peak[0] = max(peak[0], int(line.split()[1]) / 1024)
            except (OSError, ValueError, IndexError):
                continue


def measure(label: str, make_cmd, *, repeat: int, timeout: float,
            check=None, env: dict[str, str] | None = None, prepare=None) -> Run:
    """Best of *repeat* runs of ``make_cmd()``; *prepare* runs before each (untimed).
    A run slower than 60 s, or one that timed out, is not repeated."""
    best: Run | None = None
    times: list[float] = []
    for i in range(repeat):
        if prepare:
            prepare()
        la = loadavg()
        wall, rss, rc, out, err, cpu = run_once(make_cmd(), timeout=timeout, env=env)
        ok = rc == 0 and (check(out, err) if check else True)
        r = Run(label, wall, rss, cpu, ok, stdout=out)
        if wall is None:
            r.note = f"did not finish in {timeout / 60:.0f} min"
            r.cpu = None  # the killed process' CPU time is not reported to us
        elif not ok:
            r.note = (err.strip().splitlines() or [f"exit {rc}"])[-1][:200]
        print(f"  {label:42} run {i + 1}: "
              f"{'timeout' if wall is None else f'{wall:7.2f} s'} cpu {cpu:7.2f} s {rss:7.0f} MB  "
              f"rc={rc} load={la}{'  ' + r.note if r.note else ''}", flush=True)
        if wall is not None:
            times.append(wall)
        if best is None or (wall is not None and (best.seconds is None or wall < best.seconds)):
            best = r
        if wall is None or wall > 60:
            break
    assert best is not None
    best.all_seconds = times
    return best


# ---- Refshelf

def refshelf(*args: str) -> list[str]:
    return [PY, "-m", "app", *args]


def refshelf_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(REFSHELF_HOME=str(home / "home"), QT_QPA_PLATFORM="offscreen")
    return env


BREAKDOWN = r"""
import gc, json, sys, time, tempfile, os
from pathlib import Path
t0 = time.perf_counter()
from app.core import formats
from app.core.library import Library
out = {"startup": time.perf_counter() - t0}
path, fid = sys.argv[1], sys.argv[2]
t = time.perf_counter(); res = formats.read_path(path); out["read"] = time.perf_counter() - t
out["records"] = len(res.records); out["failures"] = len(res.failures)
d = tempfile.mkdtemp()
lib = Library.open(Path(d) / "lib.sqlite")
t = time.perf_counter(); lib.import_records(res.records, failures=res.failures)
out["store"] = time.perf_counter() - t
del res; gc.collect()
t = time.perf_counter(); recs = lib.export_records(); out["load"] = time.perf_counter() - t
t = time.perf_counter(); text = formats.get(fid).write(recs); out["write"] = time.perf_counter() - t
print(json.dumps(out))
"""


def bench_refshelf(src: Path, kind: str, work: Path, repeat: int) -> dict[str, Run]:
    lib = work / f"lib-{src.stem}.sqlite"
    env = refshelf_env(work)

    def fresh() -> None:
        for p in work.glob(f"lib-{src.stem}.sqlite*"):
            p.unlink() if p.is_file() else shutil.rmtree(p)

    def imported(out: str, err: str) -> bool:
        return "imported" in (out + err).lower() or "added" in (out + err).lower()

    runs: dict[str, Run] = {}
    runs["import"] = measure(f"refshelf import {src.name}",
                             lambda: refshelf("--library", str(lib), "import", str(src)),
                             repeat=repeat, timeout=1200, env=env, prepare=fresh,
                             check=imported)
    runs["import"].note = runs["import"].note or runs["import"].stdout.strip()[-120:]
    for fid, ext in (("bibtex", "bib"), ("ris", "ris")):
        out = work / f"out-{src.stem}.refshelf.{ext}"
        runs[f"export {fid}"] = measure(
            f"refshelf export {src.stem} -> {fid}",
            lambda out=out, fid=fid: refshelf("--library", str(lib), "export", "--format", fid,
                                              "-o", str(out)),
            repeat=repeat, timeout=1200, env=env)
    wall, rss, rc, out_s, err, cpu = run_once([PY, "-c", BREAKDOWN, str(src), kind], timeout=1200,
                                         env=dict(env, PYTHONPATH=str(ROOT)))
    r = Run("phases", wall, rss, cpu, rc == 0, stdout=out_s)
    if rc != 0:
        r.note = err.strip()[-300:]
    runs["phases"] = r
    fresh()
    return runs


# ---- peers

def jabref_cmd() -> list[str] | None:
    exe = shutil.which("jabref")
    if not exe:
        return None
    if os.environ.get("DISPLAY") or not shutil.which("xvfb-run"):
        return [exe]
    return ["xvfb-run", "-a", exe]


def bench_peers(src: Path, kind: str, work: Path, repeat: int,
                jabref_timeout: float) -> dict[str, Run]:
    runs: dict[str, Run] = {}
    other, other_ext = ("ris", "ris") if kind == "bibtex" else ("bibtex", "bib")
    jr = jabref_cmd()
    if jr:
        out = work / f"out-{src.stem}.jabref.{other_ext}"

        def jclean(out: Path = out) -> None:
            out.unlink(missing_ok=True)

        runs["jabref"] = measure(
            f"jabref {kind} -> {other}",
            # JabRef 3.8 knows no "bibtex" export format: a .bib output is saved as BibTeX
            lambda: [*jr, "-n", "-i", f"{src},{kind}",
                     "-o", f"{out},ris" if other == "ris" else str(out)],
            repeat=repeat, timeout=jabref_timeout, prepare=jclean,
            check=lambda o, e, out=out: out.exists() and out.stat().st_size > 0)
    else:
        runs["jabref"] = Run("jabref", None, note="not installed")
    if shutil.which("bib2xml"):
        out = work / f"out-{src.stem}.bibutils.{other_ext}"
        if kind == "bibtex":
            cmd = f"bib2xml -i utf8 '{src}' | xml2ris -o utf8 > '{out}'"
        else:
            cmd = f"ris2xml -i utf8 '{src}' | xml2bib -o utf8 > '{out}'"
        runs["bibutils"] = measure(f"bibutils {kind} -> {other}", lambda: cmd, repeat=repeat,
                                   timeout=1200,
                                   check=lambda o, e, out=out: out.stat().st_size > 0)
    else:
        runs["bibutils"] = Run("bibutils", None, note="not installed")
    if kind == "bibtex":
        code = ("import sys, bibtexparser; lib = bibtexparser.parse_file(sys.argv[1]); "
                "print(len(lib.entries), len(lib.failed_blocks))")
        runs["bibtexparser"] = measure("bibtexparser parse_file", lambda: [PY, "-c", code, str(src)],
                                       repeat=repeat, timeout=1200)
        runs["bibtexparser"].note = runs["bibtexparser"].stdout.strip()
    return runs


def count_entries(path: Path, kind: str) -> int:
    import re

    # line by line: a large text in this process would inflate the children's RSS
    entry = re.compile(r"\s*@(?!string|preamble|comment)\w+\s*[{(]", re.I)
    with open(path, encoding="utf-8", errors="replace") as fh:
        if kind == "ris":
            return sum(1 for line in fh if line.startswith("TY  -"))
        return sum(1 for line in fh if entry.match(line))


# ---- report

def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    jv = "not installed"
    if shutil.which("dpkg-query"):
        q = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "jabref"], capture_output=True,
                           text=True)
        jv = q.stdout.strip() or jv
        b = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "bibutils"], capture_output=True,
                           text=True)
        bv = b.stdout.strip() or "not installed"
    else:
        bv = "?"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr \
        .splitlines()[0] if shutil.which("java") else "none"
    try:
        import bibtexparser

        btp = bibtexparser.__version__
    except Exception:  # noqa: BLE001 - informational only
        btp = "?"
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": mem,
            "python": platform.python_version(), "os": platform.platform(),
            "jabref": jv, "bibutils": bv, "java": java, "bibtexparser": btp}


def code_state() -> str:
    """HEAD and whether app/ has uncommitted changes: the measured code is the working tree."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
    return head + (" + uncommitted changes in app/" if dirty else "")


def ratio(a: Run | None, b: Run | None) -> str:
    if not a or not b or a.seconds is None:
        return "–"
    if b.seconds is None:
        return f"< {a.seconds / float(b.note.split()[-2]) / 60:.3f}" if "min" in b.note else "–"
    return f"{a.seconds / b.seconds:.2f}"


def markdown(info: dict[str, str], results: list[dict], started: str, loads: list[str],
             code: tuple[str, str] = ("?", "?")) -> str:
    L: list[str] = []
    L.append("## Import and export (issue 3, acceptance 4)\n")
    L.append(f"Run `{' '.join(sys.argv)}` at {started} UTC, one run for Refshelf and its peers.\n")
    if code[0] == code[1]:
        L.append(f"Code measured: {code[0]}.\n")
    else:
        L.append(f"Code measured: the working tree changed during the run (other work was "
                 f"being committed): {code[0]} at the start, {code[1]} at the end; each "
                 "Refshelf figure is from the code of the moment it ran.\n")
    L.append(f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, "
             f"Python {info['python']}, {info['os']}. Peers: JabRef {info['jabref']} "
             f"({info['java']}), bibutils {info['bibutils']}, bibtexparser "
             f"{info['bibtexparser']}.\n")
    L.append(f"Load average (1/5/15 min) during the run: {', '.join(loads)} — other work was "
             "running on this 2-core machine, so each figure is the best of the repeated runs "
             "(runs over 60 s were not repeated).\n")
    L.append("Each time is wall time, with the child's user + system CPU time in brackets "
             "(`cpu`): on a loaded machine the CPU time is the better estimate of what the wall "
             "time would be on an idle one (a JVM uses several threads, so JabRef's CPU time can "
             "exceed its wall time).\n")
    L.append("Wall time includes process start-up (Python ≈0.3 s for Refshelf, the JVM for "
             "JabRef). Peak RSS is the child's `ru_maxrss` as `/usr/bin/time` reports it "
             "(for bibutils' pipeline, the larger of its two processes; for a run killed at "
             "the timeout, the largest RSS sampled every 0.5 s, marked ≥). Refshelf *import* is `refshelf --library <empty> "
             "import FILE` (duplicate check on, one transaction, full-text index built); "
             "*export* writes every record of that library. The peers *convert* (read and "
             "write), so the ratio column compares them with Refshelf's import + export.\n")
    L.append("| input | entries | Refshelf import | RSS | export → BibTeX | export → RIS | "
             "JabRef convert | RSS | bibutils convert | RSS | bibtexparser parse_file | RSS |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        rs, pe = r["refshelf"], r["peers"]
        bp = pe.get("bibtexparser")
        L.append(f"| {r['name']} | {r['entries']:,} | {rs['import'].cell()} | "
                 f"{rs['import'].rss_cell()} | {rs['export bibtex'].cell()} | "
                 f"{rs['export ris'].cell()} | {pe['jabref'].cell()} | {pe['jabref'].rss_cell()} | "
                 f"{pe['bibutils'].cell()} | {pe['bibutils'].rss_cell()} | "
                 f"{bp.cell() if bp else '–'} | {bp.rss_cell() if bp else '–'} |")
    L.append("")
    L.append("Ratios (Refshelf time / peer time; below 1 means Refshelf is faster). "
             "\"import+export\" is Refshelf's import plus its export to the peer's output "
             "format.\n")
    L.append("| input | import / JabRef | import+export / JabRef | import / bibutils | "
             "import+export / bibutils | import / bibtexparser (floor) | RSS / JabRef |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        rs, pe = r["refshelf"], r["peers"]
        out_fmt = "export ris" if r["kind"] == "bibtex" else "export bibtex"
        both = None
        if rs["import"].seconds is not None and rs[out_fmt].seconds is not None:
            both = Run("both", rs["import"].seconds + rs[out_fmt].seconds)
        jr = pe["jabref"]
        rss_r = (f"{rs['import'].rss_mb / jr.rss_mb:.2f}"
                 if jr.rss_mb and rs["import"].rss_mb and jr.seconds is not None else "–")
        L.append(f"| {r['name']} | {ratio(rs['import'], jr)} | {ratio(both, jr)} | "
                 f"{ratio(rs['import'], pe['bibutils'])} | {ratio(both, pe['bibutils'])} | "
                 f"{ratio(rs['import'], pe.get('bibtexparser'))} | {rss_r} |")
    L.append("")
    L.append("Where the time goes inside Refshelf (one child process, no CLI: read = "
             "decode + parse + map to records; store = `Library.import_records`; load = "
             "`export_records()` of everything; write = the format's `write`):\n")
    L.append("| input | read | store | load | write | records | failures | peak RSS |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        ph = r["refshelf"]["phases"]
        try:
            d = json.loads(ph.stdout.strip().splitlines()[-1])
            L.append(f"| {r['name']} | {d['read']:.2f} s | {d['store']:.2f} s | "
                     f"{d['load']:.2f} s | {d['write']:.2f} s | {d['records']:,} | "
                     f"{d['failures']} | {ph.rss_cell()} |")
        except (ValueError, IndexError, KeyError):
            L.append(f"| {r['name']} | failed: {ph.note[:100]} | | | | | | |")
    L.append("")
    L.append("Targets (50,000 entries, this machine):\n")
    for r in results:
        if r["size"] != 50_000:
            continue
        rs = r["refshelf"]
        imp = rs["import"]
        t = TARGETS[f"import {r['kind']}"]
        verdict = "met" if imp.seconds is not None and imp.seconds <= t else "MISSED"
        line = f"- {r['name']} import ≤ {t:.0f} s: {imp.cell()} — {verdict}"
        if r["kind"] == "bibtex":
            v2 = "met" if imp.rss_mb is not None and imp.rss_mb <= RSS_TARGET_MB else "MISSED"
            line += f"; peak RSS ≤ {RSS_TARGET_MB:.0f} MB: {imp.rss_cell()} — {v2}"
        L.append(line)
        for fid in ("bibtex", "ris"):
            ex = rs[f"export {fid}"]
            v = "met" if ex.seconds is not None and ex.seconds <= TARGETS["export"] else "MISSED"
            L.append(f"- {r['name']} export of 50,000 to {fid} ≤ {TARGETS['export']:.0f} s: "
                     f"{ex.cell()} ({ex.rss_cell()}) — {v}")
    L.append("")
    L.append("All runs (seconds): " + "; ".join(
        f"{r['name']} {k}: {', '.join(f'{s:.2f}' for s in run.all_seconds) or run.cell()}"
        for r in results for k, run in [*r["refshelf"].items(), *r["peers"].items()]
        if k != "phases") + "\n")
    return "\n".join(L)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/refshelf-bench-formats"))
    ap.add_argument("--jabref-timeout", type=float, default=600.0)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-cdl", action="store_true")
    ap.add_argument("--md", type=Path, help="write the results section (Markdown) here")
    args = ap.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    code_start = code_state()
    info = machine()
    print(json.dumps(info, indent=1))
    args.work.mkdir(parents=True, exist_ok=True)
    inputs: list[tuple[str, Path, str, int]] = []
    for n in args.sizes:
        bib, ris = args.work / f"gen-{n}.bib", args.work / f"gen-{n}.ris"
        if not (bib.exists() and ris.exists()):
            t = time.perf_counter()
            generate(n, args.work)
            print(f"generated {n} entries in {time.perf_counter() - t:.1f} s")
        inputs += [(f"generated BibTeX {n:,}", bib, "bibtex", n),
                   (f"generated RIS {n:,}", ris, "ris", n)]
    if not args.no_cdl and CDL.exists():
        inputs.append(("cdl.bib", CDL, "bibtex", 0))
    results = []
    loads = [loadavg()]
    for name, path, kind, n in inputs:
        entries = count_entries(path, kind)
        print(f"\n== {name}: {path} ({path.stat().st_size / 1e6:.1f} MB, {entries} entries), "
              f"load {loadavg()}", flush=True)
        rs = bench_refshelf(path, kind, args.work, args.repeat)
        pe = {} if args.no_peers else bench_peers(path, kind, args.work, args.repeat,
                                                   args.jabref_timeout)
        for k in ("jabref", "bibutils"):
            pe.setdefault(k, Run(k, None, note="not run"))
        results.append({"name": name, "path": str(path), "kind": kind, "size": n,
                        "entries": entries, "refshelf": rs, "peers": pe})
        loads.append(loadavg())
    md = markdown(info, results, started, loads, (code_start, code_state()))
    print("\n" + md)
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(md + "\n", encoding="utf-8")
        print(f"written {args.md}")


if __name__ == "__main__":
    main()
