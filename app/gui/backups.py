"""Backups in the window: the start-up and daily snapshots, the restore dialog, and the
offer to recover a damaged library from its newest good backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import backup, integrity
from app.core.errors import DamagedLibraryError, UserError
from app.core.library import Library
from app.gui.i18n import translate_backup_kind
from app.gui.tasks import BaseTaskRunner, user_message

log = logging.getLogger(__name__)

DAILY_CHECK_MS = 60 * 60 * 1000  # look once an hour whether today's backup exists


class BackupScheduler(QObject):
    """Makes the start-up backup, then the daily one while the window runs.

    The snapshots run on the task runner's worker (the library's single writer),
    without a progress dialog; a failure is logged, never shown as a crash.
    """

    def __init__(self, library: Library, runner: BaseTaskRunner,
                 parent: QObject | None = None, interval_ms: int = DAILY_CHECK_MS) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.made: list[backup.BackupInfo] = []
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.daily)

    def start(self) -> None:
        self._submit(backup.backup_on_startup)
        self.timer.start()

    def daily(self) -> None:
        self._submit(backup.maybe_backup)

    def stop(self) -> None:
        self.timer.stop()
        self._stopped = True

    def _submit(self, fn: Callable[[Library], backup.BackupInfo | None]) -> None:
        if getattr(self, "_stopped", False) or getattr(self.runner, "_closed", False):
            return  # the window closed (and its worker with it) before this came due
        lib = self.library

        def work(_progress: object = None) -> backup.BackupInfo | None:
            return fn(lib)

        def done(info: backup.BackupInfo | None) -> None:
            if info is not None:
                self.made.append(info)
                log.info("backup made: %s", info.path)

        self.runner.submit(work, on_done=done, show_progress=False,
                           on_error=lambda exc: log.warning("backup failed: %s", exc))


class RestoreDialog(QDialog):
    """Lists the backups (newest first) and restores the chosen one into the library."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(self.tr("Restore from Backup"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Choose a backup. The library as it is now is backed up first, so the "
            "restore can itself be undone by restoring that backup.")))
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Backup"), self.tr("Made"), self.tr("Kind"),
                                   self.tr("Records")])
        self.list.setRootIsDecorated(False)
        for info in backup.list_backups(library):
            count = info.record_count()
            item = QTreeWidgetItem([info.name, info.created.strftime("%Y-%m-%d %H:%M"),
                                    translate_backup_kind(info.kind),
                                    "" if count is None else str(count)])
            item.setData(0, Qt.ItemDataRole.UserRole, info.name)
            self.list.addTopLevelItem(item)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("Restore"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.topLevelItemCount() > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))


def restore(parent: QWidget | None, library: Library, runner: BaseTaskRunner, name: str,
            on_done: Callable[[Path], Any]) -> None:
    """Restore backup *name* on the runner's worker; *on_done(pre_restore_backup)*."""

    def work(_progress: object = None) -> Path:
        return backup.restore_into(library, name)

    runner.submit(work, label=QCoreApplication.translate("Backups", "Restoring the backup…"),
                  on_done=on_done)


def show_restore_dialog(parent: QWidget | None, library: Library, runner: BaseTaskRunner,
                        on_restored: Callable[[Path], Any]) -> None:
    """File › Restore from Backup…: choose a backup and restore it."""
    dlg = RestoreDialog(library, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return
    name = dlg.chosen()
    if name:
        restore(parent, library, runner, name, on_restored)


def offer_recovery(parent: QWidget | None, exc: DamagedLibraryError) -> bool:
    """Tell the user the library is damaged and offer its newest good backup.

    Returns True if the backup was put in place (the damaged file is kept aside),
    so the caller can open the library again.
    """
    good = getattr(exc, "backup", None)
    text = user_message(exc)
    if good is None:
        QMessageBox.critical(parent, QCoreApplication.translate("Backups", "Damaged library"),
                             text)
        return False
    box = QMessageBox(QMessageBox.Icon.Warning,
                      QCoreApplication.translate("Backups", "Damaged library"), text,
                      parent=parent)
    restore_btn = box.addButton(QCoreApplication.translate("Backups", "Restore the Backup"),
                                QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore_btn)
    box.exec()
    if box.clickedButton() is not restore_btn:
        return False
    path = Path(exc.params.get("path", ""))
    try:
        aside = integrity.recover_from_backup(path, good.name)
    except UserError as err:
        QMessageBox.critical(parent, QCoreApplication.translate("Backups", "Damaged library"),
                             user_message(err))
        return False
    log.warning("damaged library %s kept aside as %s; restored %s", path, aside, good.name)
    return True
