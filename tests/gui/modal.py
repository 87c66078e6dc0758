"""Driving modal dialogs from a test: act on each dialog as it becomes the modal widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def drive_modals(*steps: tuple[type, Callable[[QWidget], None]]) -> list[str]:
    """Schedule *steps*: each waits until a modal widget of its type is shown, then runs
    its action on it. Returns a list that collects the steps' errors (assert it empty)."""
    pending = list(steps)
    errors: list[str] = []
    tries = [0]

    def poll() -> None:
        if not pending:
            return
        kind, action = pending[0]
        w = QApplication.activeModalWidget()
        if w is None or not isinstance(w, kind) or not w.isVisible():
            tries[0] += 1
            if tries[0] > 3000:
                errors.append(f"no modal {kind.__name__} appeared")
                pending.clear()
                return
            QTimer.singleShot(5, poll)
            return
        pending.pop(0)
        try:
            action(w)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
            w.close()
        QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
    return errors
