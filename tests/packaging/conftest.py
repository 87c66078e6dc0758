"""Helpers for the packaging tests: paths, a private Xvfb display, X window look-ups."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"


def need(*tools: str) -> None:
    """Skip the test if one of the command-line *tools* is not installed."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (bash scripts/dev.sh setup installs them)")


def clean_desktop_env(tmp: Path) -> dict[str, str]:
    """An environment whose XDG folders all live in *tmp* and that names no desktop."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION",
                        "GNOME_DESKTOP_SESSION_ID", "XDG_SESSION_DESKTOP", "MATE_DESKTOP_SESSION_ID",
                        "XDG_DATA_HOME", "XDG_CONFIG_HOME"}}
    env.update({
        "HOME": str(tmp / "home"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
        "XDG_CONFIG_DIRS": "/etc/xdg",
    })
    (tmp / "home").mkdir(parents=True, exist_ok=True)
    return env


class XDisplay:
    """A private Xvfb server (``:N``) for one test."""

    def __init__(self, proc: subprocess.Popen[bytes], name: str) -> None:
        self.proc = proc
        self.name = name

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env["DISPLAY"] = self.name
        env["QT_QPA_PLATFORM"] = "xcb"
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def windows(self, pattern: str) -> list[tuple[str, str]]:
        """(window id, title) of the visible windows whose title matches *pattern*."""
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", pattern],
                           env=self.env(), capture_output=True, text=True, timeout=20)
        out = []
        for wid in r.stdout.split():
            n = subprocess.run(["xdotool", "getwindowname", wid], env=self.env(),
                               capture_output=True, text=True, timeout=20)
            out.append((wid, n.stdout.strip()))
        return out

    def wait_window(self, pattern: str, timeout: float, proc: subprocess.Popen[bytes] | None = None
                    ) -> tuple[str, str] | None:
        """The first visible window whose title contains *pattern*, waiting up to *timeout* s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for wid, title in self.windows(pattern):
                if pattern.lower() in title.lower():
                    return wid, title
            if proc is not None and proc.poll() is not None:
                return None
            time.sleep(0.3)
        return None


@pytest.fixture
def xdisplay() -> Iterator[XDisplay]:
    """Start Xvfb on a free display number; stop it afterwards."""
    need("Xvfb", "xdotool")
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x860x24",
                             "-nolisten", "tcp"], pass_fds=(w,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    num = b""
    deadline = time.monotonic() + 20
    with os.fdopen(r, "rb", buffering=0) as f:
        while not num.endswith(b"\n") and time.monotonic() < deadline:
            ch = f.read(1)
            if not ch:
                break
            num += ch
    if not num.strip():
        proc.kill()
        pytest.fail("Xvfb did not start")
    try:
        yield XDisplay(proc, f":{num.decode().strip()}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
