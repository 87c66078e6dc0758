"""Shared by the helper processes: say READY once the X server shows the window."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def announce_when_exposed(win: QWidget) -> None:
    """Print READY once *win* is mapped and exposed (polls; no window manager needed)."""

    def check() -> None:
        handle = win.windowHandle()
        if handle is not None and handle.isExposed():
            QTimer.singleShot(100, lambda: print("READY", flush=True))
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(0, check)
