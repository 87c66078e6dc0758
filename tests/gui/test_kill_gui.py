"""Killing the GUI (SIGKILL) in the middle of edits never leaves a half-done edit."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record
from tests.conftest import ROOT

HELPER = Path(__file__).parent / "helpers" / "edit_loop.py"
KILLS = 6


@pytest.mark.slow
def test_killing_the_window_mid_edit_leaves_every_edit_whole_or_absent(tmp_path: Path) -> None:
    p = tmp_path / "lib.sqlite"
    with Library.open(p) as lib:
        rid = lib.add(Record(title="Original", creators=[Creator("Doe", "J.")],
                             issued=PartialDate(2020))).value
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "REFSHELF_HOME": str(tmp_path / "home")}
    rng = random.Random(8)
    seen: list[int] = []
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(HELPER), str(p), str(rid)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line.strip() == "ready", proc.stderr.read().decode() if proc.stderr else line
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        con = sqlite3.connect(p)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        with Library.open(p) as lib:
            rec = lib.get(rid)
            if rec.title == "Original":
                assert rec.abstract == ""
                seen.append(-1)
                continue
            n = int(re.fullmatch(r"Edit (\d+)", rec.title).group(1))  # type: ignore[union-attr]
            assert rec.abstract.startswith(f"Abstract {n} "), "half an edit survived"
            assert len(rec.abstract) == len(f"Abstract {n} ") + 20000
            # and the edit's undo entry is there with it
            assert lib.undo_label() == "Edit record"
            seen.append(n)
    assert any(n >= 0 for n in seen), "no edit was ever committed before a kill"
