"""On a real X server: the app opens a 100,000-record library, and typing a search
filters the table; both checked on screenshots of the window."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.library import Library
from bench.generate import make_records
from tests.conftest import ROOT
from tests.gui.helpers.xserver import child_env, require, xvfb

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]
N = 100_000


def xdo(display: str, *args: str) -> str:
    out = subprocess.run(["xdotool", *args], env={"DISPLAY": display, "LC_ALL": "C.UTF-8"},
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def shot(display: str, dest: Path) -> Path:
    subprocess.run(["import", "-display", display, "-window", "root", str(dest)], check=True,
                   timeout=60)
    return dest


def stat(img: Path, crop: str, fx: str) -> float:
    out = subprocess.run(["convert", str(img), "-crop", crop, "+repage", "-format",
                          f"%[fx:{fx}]", "info:"], capture_output=True, text=True, timeout=60)
    return float(out.stdout.strip())


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "Big library.sqlite"
    with Library.open(path) as lib:
        lib.import_records(make_records(N), policy="import")
        # one record that a rare search will find
        from app.core.records import Creator, PartialDate, Record

        lib.import_records([Record(title="Quixotryptic anomalies", creators=[
            Creator("Zed", "A.")], issued=PartialDate(2020))])
        assert lib.count() == N + 1
    return path


def test_large_library_opens_and_filters_on_screen(big_library: Path, tmp_path: Path) -> None:
    require("Xvfb", "xdotool", "import", "convert")
    with xvfb(1280, 800) as display:
        env = child_env(display, tmp_path / "home")
        env["LC_ALL"] = "C.UTF-8"
        proc = subprocess.Popen([sys.executable, "-m", "app", "--library", str(big_library)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            wid = ""
            deadline = time.monotonic() + 120
            while not wid and time.monotonic() < deadline:
                assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
                wid = xdo(display, "search", "--name", "Big library").split("\n")[0]
                time.sleep(0.3)
            assert wid, "no window titled with the library's name appeared"
            assert "Big library" in xdo(display, "getwindowname", wid)
            xdo(display, "windowsize", wid, "1280", "800")
            xdo(display, "windowmove", wid, "0", "0")
            time.sleep(3)
            before = shot(display, tmp_path / "before.png")
            # the table area (left of the side panes): many rows of text
            crop = "600x500+250+120"
            assert stat(before, crop, "standard_deviation") > 0.05, "the table looks empty"

            xdo(display, "windowfocus", "--sync", wid)  # no window manager gives focus
            xdo(display, "key", "ctrl+f")
            xdo(display, "type", "--delay", "60", "quixotryptic")
            time.sleep(3)
            after = shot(display, tmp_path / "after.png")
            # one row left: the table area is nearly all background now
            assert stat(after, crop, "mean") > stat(before, crop, "mean")
            assert stat(after, crop, "standard_deviation") < \
                stat(before, crop, "standard_deviation")
        finally:
            proc.terminate()
            proc.wait(30)
    assert proc.returncode == 0
