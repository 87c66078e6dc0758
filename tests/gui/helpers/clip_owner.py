"""Owns the X clipboard: opens a library holding one record of the citation spec,
copies its citation with app.gui.clipboard.copy_citation, and keeps running.

Usage: clip_owner.py LIBRARY RECORD_KEY STYLE [in-text]
Prints "READY <ms>" once the clipboard is set (ms: copy action -> clipboard filled).
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.core.csl import record_from_csl
from app.core.library import Library
from app.gui import clipboard
from app.gui.tasks import TaskRunner
from tests.conftest import SPEC


def main() -> int:
    lib_path, key, style = sys.argv[1:4]
    in_text = len(sys.argv) > 4 and sys.argv[4] == "in-text"
    app = QApplication(sys.argv[:1])
    spec = json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))
    lib = Library.open(lib_path)
    rep = lib.import_records([record_from_csl(spec["records"][key])], policy="import")
    records = lib.get_many(rep.added)
    label = QLabel("clipboard owner")
    label.show()
    runner = TaskRunner()

    def copy() -> None:
        t0 = time.perf_counter()

        def done(_clip: object) -> None:
            print(f"READY {(time.perf_counter() - t0) * 1000:.1f}", flush=True)

        clipboard.copy_citation(records, style, in_text=in_text, runner=runner, on_done=done)

    QTimer.singleShot(0, copy)
    rc = app.exec()
    runner.shutdown()
    lib.close()
    return rc


if __name__ == "__main__":
    sys.exit(main())
