"""Focus and status-bar helpers shared by the window's keyboard tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def give_focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Activate *widget*'s window, focus *widget* and wait until Qt agrees."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def status(win) -> str:  # type: ignore[no-untyped-def]
    """The message the window's status bar shows now."""
    return str(win.statusBar().currentMessage())
