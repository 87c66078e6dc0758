"""Run core operations for the window, then announce what changed.

Every change the window makes goes through :class:`Operations`: it calls the
core, turns a :class:`~app.core.errors.UserError` into a message (never a
crash), pushes an undo command, and emits the operation's
:class:`~app.core.changes.Changes` so each view refreshes only that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app.core.changes import Changes, OpResult
from app.core.errors import UserError
from app.core.library import ImportReport, Library
from app.core.records import Record
from app.gui.tasks import user_message
from app.gui.undo import UndoStack

log = logging.getLogger(__name__)

T = TypeVar("T")


class Operations(QObject):
    """The window's single door to the core's operations."""

    #: Changes of an operation, an undo or a redo
    changed = Signal(object)
    #: a translated message for the user (an operation failed)
    failed = Signal(str)

    def __init__(self, library: Library, undo_stack: UndoStack | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = undo_stack or UndoStack(library, self)
        self.undo_stack.changes_applied.connect(self.changed)
        self.undo_stack.failed.connect(self.failed)

    def run(self, fn: Callable[[], OpResult[T]]) -> OpResult[T] | None:
        """Run one undoable core operation. None if it failed (the user was told)."""
        try:
            res = fn()
        except UserError as exc:
            log.warning("operation failed: %s", exc)
            self.failed.emit(user_message(exc))
            return None
        self.done(res.changes)
        return res

    def done(self, changes: Changes) -> None:
        """Announce an operation the core has already done (and logged for undo)."""
        if changes.empty:
            return
        self.undo_stack.push_done(changes.label or QT_TRANSLATE_NOOP("core", "Edit"))
        self.changed.emit(changes)

    def imported(self, report: ImportReport | None) -> None:
        """Announce an import (dialog, drop, command line hand-off)."""
        if report is None:
            return
        if report.added or report.merged:
            self.done(report.changes)

    # ----------------------------------------------------------- operations
    def set_field(self, rid: int, name: str, value: Any) -> OpResult[Any] | None:
        return self.run(lambda: self.library.set_field(rid, name, value))

    def add_record(self, rec: Record) -> OpResult[int] | None:
        """Store *rec* as a new record, as it is (no duplicate check)."""
        return self.run(lambda: self.library.add(rec))

    def update(self, rec: Any, label: str = "Edit record") -> OpResult[Any] | None:
        return self.run(lambda: self.library.update(rec, label=label))

    def trash(self, ids: Sequence[int]) -> OpResult[int] | None:
        return self.run(lambda: self.library.trash(list(ids)))

    def restore(self, ids: Sequence[int]) -> OpResult[int] | None:
        return self.run(lambda: self.library.restore(list(ids)))

    def empty_trash(self, ids: Sequence[int] | None = None) -> OpResult[int] | None:
        return self.run(lambda: self.library.empty_trash(ids))

    def merge(self, keep: int, others: int | Sequence[int],
              chosen: dict[str, int] | None = None) -> OpResult[Any] | None:
        """Merge *others* into *keep* in one undoable step; *chosen*: field -> the id of
        the record whose value is kept (see ``Library.merge``)."""
        return self.run(lambda: self.library.merge(keep, others, chosen))

    def add_tags(self, ids: Sequence[int], tags: Sequence[str]) -> OpResult[None] | None:
        return self.run(lambda: self.library.add_tags(list(ids), list(tags)))

    def remove_tags(self, ids: Sequence[int], tags: Sequence[str]) -> OpResult[None] | None:
        return self.run(lambda: self.library.remove_tags(list(ids), list(tags)))

    def create_collection(self, name: str, parent: int | None = None) -> OpResult[int] | None:
        return self.run(lambda: self.library.create_collection(name, parent))

    def rename_collection(self, cid: int, name: str) -> OpResult[None] | None:
        return self.run(lambda: self.library.rename_collection(cid, name))

    def move_collection(self, cid: int, parent: int | None) -> OpResult[None] | None:
        return self.run(lambda: self.library.move_collection(cid, parent))

    def delete_collection(self, cid: int) -> OpResult[None] | None:
        return self.run(lambda: self.library.delete_collection(cid))

    def add_to_collection(self, cid: int, ids: Sequence[int]) -> OpResult[None] | None:
        return self.run(lambda: self.library.add_to_collection(cid, list(ids)))

    def remove_from_collection(self, cid: int, ids: Sequence[int]) -> OpResult[None] | None:
        return self.run(lambda: self.library.remove_from_collection(cid, list(ids)))
