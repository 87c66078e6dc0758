"""Long work off the GUI thread: one worker, results back on the GUI thread.

:class:`TaskRunner` runs each submitted function on a single background
thread (so there is one writer at a time, as the library wants) and hands its
result, its error or its cancellation back to the GUI thread through Qt
signals. A task function receives a ``progress(done, total) -> bool``
callback; once the user presses Cancel it returns False, and the function
is expected to stop (``Library.import_files`` raises ``ImportCancelled`` and
rolls back).

A progress dialog is shown only when a task runs longer than
:data:`PROGRESS_DELAY_MS`, so quick work never flashes a window.

:class:`SyncTaskRunner` has the same interface and runs everything inline,
for tests (Picard's fake thread pool).
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core.errors import UserError

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 300
# The worker reports progress at most this often (seconds) to the GUI thread.
_PROGRESS_INTERVAL = 0.05

ProgressFn = Callable[[int, int], bool]
TaskFn = Callable[[ProgressFn], Any]


class TaskCancelled(Exception):
    """A task function may raise this when its progress callback returned False."""


def _is_cancel(exc: BaseException) -> bool:
    if isinstance(exc, TaskCancelled):
        return True
    try:
        from app.core.library import ImportCancelled
    except ImportError:  # pragma: no cover - the core is always there
        return False
    return isinstance(exc, ImportCancelled)


def user_message(exc: BaseException) -> str:
    """The translated text of a user-facing error (the core sends templates)."""
    from app.gui.i18n import translate_user_error

    return translate_user_error(exc)


class TaskHandle(QObject):
    """One submitted task: its state, cancellation and (once done) its outcome.

    Signals are emitted on the GUI thread.
    """

    progressed = Signal(int, int)
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, task_id: int, label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task_id = task_id
        self.label = label
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.started = False  # set by the worker when the function starts
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self.done_total: tuple[int, int] = (0, 0)
        self.dialog: QProgressDialog | None = None

    def cancel(self) -> None:
        """Ask the task to stop: its progress callback returns False from now on."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker has finished the function (not the GUI delivery)."""
        return self._done.wait(timeout)


class _Bridge(QObject):
    """Lives on the GUI thread; the worker emits these, Qt queues them across."""

    progress = Signal(object, int, int)
    done = Signal(object, object, object)  # handle, result, exception


class BaseTaskRunner(QObject):
    """What both runners share: submitting, delivering, the progress dialog."""

    task_started = Signal(object)
    task_finished = Signal(object)  # the handle, whatever the outcome
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *,
                 dialog_parent: QWidget | None = None,
                 progress_delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._active: dict[int, TaskHandle] = {}
        self.dialog_parent = dialog_parent
        self.progress_delay_ms = progress_delay_ms

    # ----------------------------------------------------------------- public
    def submit(self, fn: TaskFn, *, label: str = "",
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_cancel: Callable[[], None] | None = None,
               show_progress: bool = True,
               dialog_parent: QWidget | None = None) -> TaskHandle:
        """Run ``fn(progress)``; call *on_done(result)*, *on_error(exc)* or
        *on_cancel()* on the GUI thread afterwards.

        Without *on_error*, a :class:`UserError` is shown in a message box and
        any other exception goes to ``sys.excepthook`` (the crash dialog).
        *label* is the progress dialog's text (already translated).
        """
        handle = TaskHandle(next(self._ids), label, self)
        handle._on_done = on_done  # type: ignore[attr-defined]
        handle._on_error = on_error  # type: ignore[attr-defined]
        handle._on_cancel = on_cancel  # type: ignore[attr-defined]
        handle._show_progress = show_progress  # type: ignore[attr-defined]
        handle._dialog_parent = dialog_parent or self.dialog_parent  # type: ignore[attr-defined]
        was_busy = bool(self._active)
        self._active[handle.task_id] = handle
        self.task_started.emit(handle)
        if not was_busy:
            self.busy_changed.emit(True)
        self._start(fn, handle)
        return handle

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def active(self) -> list[TaskHandle]:
        return list(self._active.values())

    def cancel_all(self) -> None:
        for h in list(self._active.values()):
            h.cancel()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Process events until every task has been delivered (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while self._active:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents()
            time.sleep(0.002)
        return True

    def shutdown(self, wait: bool = True) -> None:  # pragma: no cover - overridden
        """Stop accepting work; cancel what runs; wait for the worker if asked."""

    # --------------------------------------------------------------- internals
    def _start(self, fn: TaskFn, handle: TaskHandle) -> None:  # pragma: no cover
        raise NotImplementedError

    def _make_progress(self, handle: TaskHandle,
                       report: Callable[[TaskHandle, int, int], None]) -> ProgressFn:
        last = [0.0]

        def progress(done: int, total: int) -> bool:
            handle.done_total = (done, total)
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_INTERVAL or (total and done >= total):
                last[0] = now
                report(handle, done, total)
            return not handle._cancel.is_set()

        return progress

    def _on_progress(self, handle: TaskHandle, done: int, total: int) -> None:
        dlg = handle.dialog
        if dlg is not None:
            if total > 0:
                dlg.setRange(0, total)
                dlg.setValue(min(done, total))
            else:
                dlg.setRange(0, 0)
        handle.progressed.emit(done, total)

    def _show_dialog(self, handle: TaskHandle) -> None:
        if handle.task_id not in self._active or handle.dialog is not None:
            return  # already delivered, or already showing
        if not handle.started:
            # still queued behind another task: its own delay starts when it runs
            QTimer.singleShot(self.progress_delay_ms, self, lambda: self._show_dialog(handle))
            return
        dlg = QProgressDialog(handle._dialog_parent)  # type: ignore[attr-defined]
        dlg.setWindowTitle(QCoreApplication.translate("TaskRunner", "Working"))
        dlg.setLabelText(handle.label or QCoreApplication.translate("TaskRunner", "Working…"))
        dlg.setCancelButtonText(QCoreApplication.translate("TaskRunner", "Cancel"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        done, total = handle.done_total
        if total > 0:
            dlg.setRange(0, total)
            dlg.setValue(min(done, total))
        else:
            dlg.setRange(0, 0)
        dlg.canceled.connect(handle.cancel)
        dlg.canceled.connect(lambda: dlg.setLabelText(
            QCoreApplication.translate("TaskRunner", "Cancelling…")))
        handle.dialog = dlg
        dlg.show()

    def _deliver(self, handle: TaskHandle, result: Any, exc: BaseException | None) -> None:
        """On the GUI thread: close the dialog, call the callbacks, emit the signals."""
        self._active.pop(handle.task_id, None)
        if handle.dialog is not None:
            try:
                handle.dialog.canceled.disconnect()
            except (RuntimeError, TypeError):
                pass
            handle.dialog.close()
            handle.dialog.deleteLater()
            handle.dialog = None
        try:
            if exc is not None and _is_cancel(exc):
                handle.was_cancelled = True
                log.info("task %r cancelled", handle.label)
                handle.cancelled.emit()
                cb_cancel = handle._on_cancel  # type: ignore[attr-defined]
                if cb_cancel is not None:
                    cb_cancel()
            elif exc is not None:
                handle.error = exc
                handle.failed.emit(exc)
                cb_err = handle._on_error  # type: ignore[attr-defined]
                if cb_err is not None:
                    cb_err(exc)
                else:
                    self._default_error(handle, exc)
            else:
                handle.result = result
                handle.finished.emit(result)
                cb_done = handle._on_done  # type: ignore[attr-defined]
                if cb_done is not None:
                    cb_done(result)
        finally:
            self.task_finished.emit(handle)
            if not self._active:
                self.busy_changed.emit(False)
            # Done: the runner lets go, so finished handles do not pile up as its
            # children; whoever still holds the handle keeps it alive.
            handle.setParent(None)

    def _default_error(self, handle: TaskHandle, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            log.warning("task %r: %s", handle.label, exc)
            QMessageBox.warning(handle._dialog_parent,  # type: ignore[attr-defined]
                                QCoreApplication.translate("TaskRunner", "Refshelf"),
                                user_message(exc))
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskRunner(BaseTaskRunner):
    """Runs tasks one at a time on a background thread."""

    def __init__(self, parent: QObject | None = None, *,
                 dialog_parent: QWidget | None = None,
                 progress_delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent, dialog_parent=dialog_parent,
                         progress_delay_ms=progress_delay_ms)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="refshelf-worker")
        self._bridge = _Bridge(self)
        # queued: the bridge lives on the GUI thread, the emitter on the worker
        self._bridge.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._bridge.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._closed = False

    def _start(self, fn: TaskFn, handle: TaskHandle) -> None:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        progress = self._make_progress(handle, self._bridge.progress.emit)
        if handle._show_progress:  # type: ignore[attr-defined]
            QTimer.singleShot(self.progress_delay_ms, self, lambda: self._show_dialog(handle))

        def work() -> None:
            result: Any = None
            error: BaseException | None = None
            handle.started = True
            try:
                if handle.cancel_requested:
                    raise TaskCancelled()
                result = fn(progress)
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                error = exc
                if not _is_cancel(exc):
                    log.debug("task %r failed", handle.label, exc_info=exc)
            handle._done.set()
            self._bridge.done.emit(handle, result, error)

        self._pool.submit(work)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self.cancel_all()
        self._pool.shutdown(wait=wait, cancel_futures=False)


class SyncTaskRunner(BaseTaskRunner):
    """Same interface, but runs each task inline during :meth:`submit` (tests)."""

    def _start(self, fn: TaskFn, handle: TaskHandle) -> None:
        progress = self._make_progress(handle, self._on_progress)
        handle.started = True
        result: Any = None
        error: BaseException | None = None
        try:
            result = fn(progress)
        except BaseException as exc:  # noqa: BLE001 - delivered like the real runner
            error = exc
        handle._done.set()
        self._deliver(handle, result, error)

    def shutdown(self, wait: bool = True) -> None:
        self.cancel_all()
