"""The window's undo stack: each command wraps the core's undo and redo.

Undo lives in the core, in the database (``Library.undo``/``redo``). An
operation has already been done when its command is pushed, so the first
``redo`` (which ``QUndoStack.push`` calls) does nothing; later undo/redo
calls go to the core, and the :class:`~app.core.changes.Changes` they return
are announced so the views refresh.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from app.core.changes import Changes, OpResult
from app.core.errors import UserError
from app.core.library import UNDO_LIMIT, Library
from app.gui.i18n import translate_core

log = logging.getLogger(__name__)


#: the core's label of a one-field edit: "Edit " + the field's name, "_" as " "
_EDIT_FIELD = re.compile(r"Edit ([a-z][a-z ]*)")
#: what the detail pane calls the parts of a record that are not form fields
_PANE_LABELS = {
    "type": QT_TRANSLATE_NOOP("DetailPane", "Item Type"),
    "notes": QT_TRANSLATE_NOOP("DetailPane", "Notes"),
    "attachments": QT_TRANSLATE_NOOP("DetailPane", "Attachments"),
}


def translate_label(label: str) -> str:
    """The core's operation label in the interface language.

    "Edit issued" (``Library.set_field``) names the field as the detail pane
    does: "Edit Date", "Edit Publication" (translated).
    """
    m = _EDIT_FIELD.fullmatch(label)
    if m:
        from app.gui.panes.detail import FIELD_LABELS, field_label

        name = m.group(1).replace(" ", "_")
        if name in FIELD_LABELS:
            field = field_label(name)
        elif name in _PANE_LABELS:
            field = QCoreApplication.translate("DetailPane", _PANE_LABELS[name])
        else:
            return translate_core(label)
        return QCoreApplication.translate("core", "Edit {0}").format(field)
    return translate_core(label)


_UNDO_KEYS = {QKeySequence("Ctrl+Z")}
_REDO_KEYS = {QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")}


def undo_key(event: QKeyEvent) -> str | None:
    """"undo" or "redo" if *event* is one of the window's undo/redo keys, else None."""
    seq = QKeySequence(event.keyCombination())
    if seq in _UNDO_KEYS or event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if seq in _REDO_KEYS or event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    return None


def has_own_history(widget: QObject, kind: str) -> bool:
    """Whether the text field *widget* can itself undo (or redo) something."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isUndoAvailable() if kind == "undo" else widget.isRedoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        if widget.isReadOnly():
            return False
        doc = widget.document()
        return doc.isUndoAvailable() if kind == "undo" else doc.isRedoAvailable()
    return False


class FieldUndoFilter(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y reach the library's undo and redo when
    the focused field has nothing of its own to undo or redo.

    A line edit claims those keys (a ShortcutOverride it always accepts), so
    without this the window's Undo never runs while the cursor is in a field,
    e.g. just after Tab committed an edit. A field with its own text history
    keeps the keys: its own undo runs first, as in Zotero and JabRef.
    """

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            kind = undo_key(event)
            if kind is not None and not has_own_history(obj, kind):
                event.ignore()  # not claimed: the window's shortcut runs
                return True
        return False


_field_filter: FieldUndoFilter | None = None


def pass_undo_through(widget: QWidget) -> None:
    """Install :class:`FieldUndoFilter` on the text field *widget*."""
    global _field_filter
    if _field_filter is None:
        _field_filter = FieldUndoFilter()
    widget.installEventFilter(_field_filter)


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
