"""A running drop target: a window that imports whatever is dropped on it through
app.gui.dragdrop (the same handler the main window uses), into LIBRARY.

Usage: drop_target.py LIBRARY X Y W H
Prints "READY" once mapped, then "IMPORTED <json>" after each drop (added ids, titles).
"""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication, QLabel

from app.core.library import ImportReport, Library
from app.gui.dragdrop import DropFilter
from app.gui.tasks import TaskRunner
from tests.gui.helpers.qtready import announce_when_exposed


def main() -> int:
    lib_path = sys.argv[1]
    x, y, w, h = (int(v) for v in sys.argv[2:6])
    app = QApplication(sys.argv[:1])
    lib = Library.open(lib_path)
    runner = TaskRunner()
    win = QLabel("Drop saved pages here")
    win.setWindowTitle("Refshelf drop target")
    win.setAcceptDrops(True)
    filt = DropFilter(lib, runner, win)
    win.installEventFilter(filt)

    def imported(report: ImportReport) -> None:
        titles = [r.title for r in lib.get_many(report.added)]
        print("IMPORTED " + json.dumps({
            "added": report.added, "titles": titles,
            "skipped": [rid for _r, rid in report.skipped],
            "failures": [str(f) for f in report.failures]}, ensure_ascii=False), flush=True)

    def failed(exc: BaseException) -> None:
        print(f"FAILED {exc!r}", flush=True)

    filt.imported.connect(imported)
    filt.failed.connect(failed)
    win.setGeometry(x, y, w, h)
    win.show()
    announce_when_exposed(win)
    rc = app.exec()
    runner.shutdown()
    lib.close()
    return rc


if __name__ == "__main__":
    sys.exit(main())
