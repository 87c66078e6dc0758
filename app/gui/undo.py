"""The window's undo stack: each command wraps the core's undo and redo.

Undo lives in the core, in the database (``Library.undo``/``redo``). An
operation has already been done when its command is pushed, so the first
``redo`` (which ``QUndoStack.push`` calls) does nothing; later undo/redo
calls go to the core, and the :class:`~app.core.changes.Changes` they return
are announced so the views refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.changes import Changes, OpResult
from app.core.errors import UserError
from app.core.library import UNDO_LIMIT, Library
from app.gui.i18n import translate_core

log = logging.getLogger(__name__)


def translate_label(label: str) -> str:
    """The core's operation label in the interface language."""
    return translate_core(label)


class CoreCommand(QUndoCommand):
    """One core operation, already done when pushed."""

    def __init__(self, stack: UndoStack, label: str) -> None:
        super().__init__(translate_label(label))
        self._stack = stack
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # push() calls redo(): the core already did it
            return
        self._stack._apply(self._stack.library.redo)

    def undo(self) -> None:
        self._stack._apply(self._stack.library.undo)


class UndoStack(QUndoStack):
    """A QUndoStack over the core's undo log."""

    #: Changes made by an undo or redo
    changes_applied = Signal(object)
    #: a user-facing error message (e.g. the library is locked)
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setUndoLimit(UNDO_LIMIT)

    def push_done(self, label: str) -> None:
        """Record that the core just did (and logged) the operation *label*."""
        self.push(CoreCommand(self, label))

    def _apply(self, fn: Callable[[], OpResult[Any]]) -> None:
        try:
            res = fn()
        except UserError as exc:
            from app.gui.tasks import user_message

            log.warning("undo/redo failed: %s", exc)
            # the core did not move: our stack would no longer match it
            self.failed.emit(user_message(exc))
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.clear)
            return
        changes: Changes = res.changes
        log.info("undo/redo: %s", res.value)
        self.changes_applied.emit(changes)
