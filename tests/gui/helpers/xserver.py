"""Start Xvfb on a free display (it picks the number itself with -displayfd)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HELPERS = Path(__file__).resolve().parent


def require(*binaries: str) -> None:
    """Skip the test if a binary is missing (CI installs them all)."""
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb xdotool xclip)")


@contextmanager
def xvfb(width: int = 1024, height: int = 768) -> Iterator[str]:
    """Run Xvfb for the duration of the block; yields the DISPLAY value (':N')."""
    require("Xvfb")
    r, w = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(w)
    try:
        buf = b""
        deadline = time.monotonic() + 15
        os.set_blocking(r, False)
        while not buf.endswith(b"\n") and time.monotonic() < deadline:
            try:
                chunk = os.read(r, 64)
            except BlockingIOError:
                chunk = None
            if chunk:
                buf += chunk
            elif chunk == b"" or proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        os.close(r)
        if not buf.strip():
            err = proc.stderr.read().decode(errors="replace") if proc.poll() is not None else ""
            raise RuntimeError(f"Xvfb did not start: {err}")
        yield ":" + buf.decode().strip()
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def child_env(display: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "REFSHELF_HOME": str(home),
                "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
                "QT_LOGGING_RULES": "qt.qpa.*=false"})
    env.pop("REFSHELF_LIBRARY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


class QtProcess:
    """A helper script run with the venv's Python; reads its stdout line by line."""

    def __init__(self, script: str, args: Sequence[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HELPERS / script), *args], env=env, cwd=str(ROOT),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        os.set_blocking(self._fd, False)
        self._buf = b""
        self.lines: list[str] = []

    def wait_line(self, prefix: str, timeout: float = 20.0) -> str:
        """The first output line starting with *prefix* (fails the test on timeout)."""
        line = self.try_line(prefix, timeout)
        if line is not None:
            return line
        self.stop()
        err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
        pytest.fail(f"{prefix!r} not printed by the helper; stderr:\n{err}")

    def try_line(self, prefix: str, timeout: float) -> str | None:
        """Like :meth:`wait_line`, but None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk: bytes | None = os.read(self._fd, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                self._buf += chunk
            while b"\n" in self._buf:
                raw, self._buf = self._buf.split(b"\n", 1)
                line = raw.decode("utf-8", errors="replace")
                self.lines.append(line)
                if line.startswith(prefix):
                    return line[len(prefix):].strip()
            if chunk == b"" or (self.proc.poll() is not None and not chunk):
                break
            time.sleep(0.02)
        return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
