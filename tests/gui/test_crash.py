"""The crash dialog: shows the traceback and where the log file is; UserError is no crash."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.core.errors import LibraryLockedError
from app.core.log import log_file
from app.gui import crash
from app.gui.crash import CrashDialog, install_excepthook
from tests.gui.modal import drive_modals

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]


@pytest.fixture(autouse=True)
def restore_hooks():
    import threading
    old, old_thread = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = old, old_thread
    crash._state.update(showing=False, last=None)


def _raise_info():
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        return sys.exc_info()


def test_crash_dialog_shows_traceback_and_log_path(qtbot, caplog):
    path = log_file()
    install_excepthook(path)
    seen = {}

    def inspect(dlg):
        seen["log"] = dlg.log_label.text()
        seen["tb"] = dlg.details.toPlainText()
        dlg.copy_button.click()
        dlg.reject()

    errors = drive_modals((CrashDialog, inspect))
    with caplog.at_level(logging.CRITICAL):
        sys.excepthook(*_raise_info())  # before the event loop: a modal dialog
    assert errors == []
    assert str(path) in str(seen["log"])
    assert "ValueError: boom in a slot" in str(seen["tb"])
    assert "Traceback (most recent call last)" in str(seen["tb"])
    assert any(r.levelno == logging.CRITICAL and r.exc_info for r in caplog.records)
    from PySide6.QtGui import QGuiApplication
    assert str(path) in QGuiApplication.clipboard().text()


def test_exception_in_a_slot_shows_the_dialog(qtbot):
    install_excepthook(log_file())

    def bad_slot():
        raise RuntimeError("bug in a slot")

    QTimer.singleShot(0, bad_slot)
    qtbot.waitUntil(lambda: isinstance(crash.last_dialog(), CrashDialog), timeout=5000)
    dlg = crash.last_dialog()
    assert dlg.isVisible()
    assert "RuntimeError: bug in a slot" in dlg.details.toPlainText()
    # a second bug while the dialog is open does not stack a second dialog
    QTimer.singleShot(0, bad_slot)
    qtbot.wait(50)
    assert crash.last_dialog() is dlg
    dlg.close()
    qtbot.waitUntil(lambda: crash._state["showing"] is False, timeout=2000)


def test_user_error_is_a_message_not_a_crash(qtbot):
    install_excepthook(log_file())
    seen = {}

    def inspect(box):
        seen["text"] = box.text()
        box.close()

    errors = drive_modals((QMessageBox, inspect))
    exc = LibraryLockedError("the library {path} is locked by another program", path="/x.sqlite")
    sys.excepthook(type(exc), exc, None)
    assert errors == []
    assert seen["text"] == "the library /x.sqlite is locked by another program"
    assert not isinstance(crash.last_dialog(), CrashDialog)
