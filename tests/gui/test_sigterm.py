"""SIGTERM (logout, kill) ends the app like Ctrl+Q: library closed, exit status 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def test_sigterm_closes_cleanly(tmp_path: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REFSHELF_HOME": str(tmp_path / "h")}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--library", str(lib)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    log = tmp_path / "h" / "log" / "refshelf.log"
    while time.monotonic() < deadline:  # wait until the window is up
        if log.exists() and "window open on" in log.read_text(encoding="utf-8"):
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    else:
        proc.kill()
        raise AssertionError("the window did not open")
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode(errors="replace")
    # the library was closed properly: no WAL left to replay
    assert lib.exists() and not Path(str(lib) + "-wal").exists() or \
        Path(str(lib) + "-wal").stat().st_size == 0
