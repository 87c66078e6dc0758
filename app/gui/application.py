"""Placeholder until the main window lands: starts Qt and shows an empty window."""

from __future__ import annotations

import sys


def run_gui(args: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("Refshelf")
    win.show()
    return app.exec()
