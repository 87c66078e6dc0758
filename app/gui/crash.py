"""Unexpected exceptions: log them, and show a crash dialog that says where the log is.

A :class:`~app.core.errors.UserError` that reaches the hook is not a bug: it is
shown as an ordinary message (translated), not as a crash.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.gui.tasks import user_message

log = logging.getLogger(__name__)

_state: dict[str, object] = {"log_path": None, "showing": False, "last": None}


class CrashDialog(QDialog):
    """The traceback (selectable), the log file's location, Copy and Open Log Folder."""

    def __init__(self, traceback_text: str, log_path: str | Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refshelf: Unexpected Error"))
        self.setMinimumSize(640, 400)
        self.log_path = str(log_path) if log_path else ""
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Something went wrong inside Refshelf. This is a bug, not something you did. "
            "Your library is safe: changes are only saved when they are complete."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        if self.log_path:
            where = self.tr("The details are in the log file:\n{path}").format(
                path=self.log_path)
        else:
            where = self.tr("No log file is being written.")
        self.log_label = QLabel(where)
        self.log_label.setObjectName("log_path")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)

        self.details = QPlainTextEdit(traceback_text)
        self.details.setObjectName("traceback")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)))
        layout.addWidget(self.details, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy Details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if self.log_path:
            self.open_button = QPushButton(self.tr("Open &Log Folder"))
            self.open_button.clicked.connect(self.open_log_folder)
            buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        text = self.details.toPlainText()
        if self.log_path:
            text += f"\nLog: {self.log_path}\n"
        QGuiApplication.clipboard().setText(text)

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.log_path).parent)))


def last_dialog() -> QDialog | QMessageBox | None:
    """The dialog the hook showed last (for tests)."""
    d = _state["last"]
    return d if isinstance(d, (QDialog, QMessageBox)) else None


def _show(widget: QDialog) -> None:
    _state["last"] = widget
    # Inside the running event loop show it and return (no nested loop in a hook);
    # before the loop starts (a crash during start-up), wait for the user.
    if QThread.currentThread().loopLevel() > 0:
        widget.setModal(True)
        widget.show()
        widget.finished.connect(lambda _r: _state.__setitem__("showing", False))
    else:
        try:
            widget.exec()
        finally:
            _state["showing"] = False


def handle_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    """The hook: log, then show a message (UserError) or the crash dialog (a bug)."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    app = QApplication.instance()
    on_gui_thread = app is not None and QThread.currentThread() is app.thread()
    if isinstance(exc, UserError):
        log.warning("user error reached the top: %s", exc)
        if on_gui_thread:
            box = QMessageBox(QMessageBox.Icon.Warning,
                              QApplication.translate("crash", "Refshelf"), user_message(exc))
            _show(box)
        return
    log.critical("unexpected error", exc_info=(exc_type, exc, tb))
    if not on_gui_thread:
        sys.__excepthook__(exc_type, exc, tb)
        return
    if _state["showing"]:
        return  # one crash dialog at a time; the rest is in the log
    _state["showing"] = True
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    parent = QApplication.activeWindow()
    dlg = CrashDialog(text, _state["log_path"], parent)  # type: ignore[arg-type]
    _show(dlg)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    info = (args.exc_type, args.exc_value, args.exc_traceback)
    log.critical("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                 exc_info=info)  # type: ignore[arg-type]


def install_excepthook(log_path: str | Path | None) -> None:
    """Send every uncaught exception to :func:`handle_exception`; the crash dialog
    names *log_path* (usually ``app.core.log.log_file()``)."""
    _state["log_path"] = str(log_path) if log_path else None
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook
