"""Kill-test helper: the main window edits a record again and again through the GUI's
operations (the path the detail pane uses) until it is killed.

    python edit_loop.py LIBRARY RECORD_ID
Prints 'ready' once the window is up, then 'edit N' now and then.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app.core.library import Library
from app.gui.main_window import MainWindow
from app.gui.tasks import SyncTaskRunner


def main() -> None:
    app = QApplication(sys.argv[:1])
    lib = Library.open(sys.argv[1])
    rid = int(sys.argv[2])
    win = MainWindow(lib, runner=SyncTaskRunner(), citation_preview=False)
    win.show()
    app.processEvents()
    print("ready", flush=True)
    i = 0
    while True:
        rec = lib.get(rid)
        # one edit that changes two fields: they must always agree after a crash
        rec.title = f"Edit {i}"
        rec.abstract = f"Abstract {i} " + "x" * 20000
        win.ops.update(rec, label="Edit record")
        if i % 20 == 0:
            app.processEvents()
            print(f"edit {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
