"""File › Import (Ctrl+I): choose files, a duplicate policy, import with progress, report.

The import runs on the task runner's worker (one writer at a time), with the
runner's delayed progress dialog and its Cancel: a cancelled import leaves the
library exactly as it was. At the end the report dialog lists every failure
as ``file:line: reason`` with the added/skipped/merged counts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core import settings
from app.core.errors import UserError
from app.core.library import ImportReport, Library
from app.gui.dialogs.report import show_report
from app.gui.tasks import BaseTaskRunner, user_message

log = logging.getLogger(__name__)

IMPORT_SHORTCUT = QKeySequence("Ctrl+I")
POLICIES = ("skip", "import", "merge")


#: CNKI, Web of Science, PubMed and RefWorks exports come as .txt: the reader is
#: chosen by the content (formats.detect), so no format declares the extension
TEXT_EXPORT_EXTENSIONS = (".txt",)


def import_filters() -> list[str]:
    """File dialog filters: all supported files first (every extension the readable
    formats of the registry declare, and .txt exports), then one per format, the
    text exports, and all files."""
    from app.core import formats

    fmts = [f for f in formats.readers() if f.extensions]
    exts = {e for f in fmts for e in f.extensions} | set(TEXT_EXPORT_EXTENSIONS)
    pats = " ".join(sorted(f"*{e}" for e in exts))
    out = [QCoreApplication.translate("ImportDialog", "All supported files") + f" ({pats})"]
    out += [f.file_filter for f in fmts]
    text_pats = " ".join(f"*{e}" for e in TEXT_EXPORT_EXTENSIONS)
    out.append(QCoreApplication.translate(
        "ImportDialog", "Text exports (CNKI, Web of Science, PubMed)") + f" ({text_pats})")
    out.append(QCoreApplication.translate("ImportDialog", "All files") + " (*)")
    return out


def choose_files(parent: QWidget | None) -> list[str]:
    """The system file chooser, with per-format filters, in the folder last imported
    from. Empty if cancelled."""
    from app.gui.folders import last_folder, remember_folder

    files, _flt = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("ImportDialog", "Import Files"),
        last_folder("import"), ";;".join(import_filters()))
    remember_folder("import", files)
    return list(files)


def default_policy() -> str:
    p = settings.get("duplicate_policy")
    return p if p in POLICIES else "skip"


class ImportDialog(QDialog):
    """The files to import and what to do with duplicates."""

    def __init__(self, parent: QWidget | None = None,
                 files: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)

        layout.addWidget(QLabel(self.tr("Files to import:")))
        self.file_list = QListWidget()
        self.file_list.setObjectName("files")
        self.file_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.file_list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add Files…"))
        self.add_button.clicked.connect(self._add_files)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)

        box = QGroupBox(self.tr("When a record is already in the library"))
        box_layout = QVBoxLayout(box)
        self.policy_group = QButtonGroup(self)
        labels = {
            "skip": self.tr("&Skip it (keep the existing record)"),
            "import": self.tr("&Import it anyway (a second record)"),
            "merge": self.tr("&Merge it into the existing record"),
        }
        self.policy_buttons: dict[str, QRadioButton] = {}
        for i, pol in enumerate(POLICIES):
            rb = QRadioButton(labels[pol])
            rb.setObjectName(f"policy_{pol}")
            self.policy_group.addButton(rb, i)
            self.policy_buttons[pol] = rb
            box_layout.addWidget(rb)
        self.policy_buttons[default_policy()].setChecked(True)
        layout.addWidget(box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.add_files(files)
        # Enter imports: no other button may take the default on focus
        for b in (self.add_button, self.remove_button, *self.buttons.buttons()):
            b.setAutoDefault(b is self.import_button)
        self.import_button.setFocus()

    # ----------------------------------------------------------------- public
    def files(self) -> list[str]:
        return [self.file_list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.file_list.count())]

    def add_files(self, files: Sequence[str]) -> None:
        have = set(self.files())
        for f in files:
            path = os.path.abspath(f)
            if path in have:
                continue
            have.add(path)
            self.file_list.addItem(os.path.basename(path) or path)
            item = self.file_list.item(self.file_list.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
        self._update()

    def policy(self) -> str:
        return POLICIES[max(self.policy_group.checkedId(), 0)]

    def set_policy(self, policy: str) -> None:
        self.policy_buttons[policy].setChecked(True)

    # -------------------------------------------------------------- internals
    def _add_files(self) -> None:
        self.add_files(choose_files(self))

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._update()

    def _update(self) -> None:
        self.import_button.setEnabled(self.file_list.count() > 0)


def import_with_progress(parent: QWidget | None, library: Library, runner: BaseTaskRunner,
                         files: Sequence[str], policy: str,
                         on_error: Callable[[BaseException], None] | None = None,
                         ) -> ImportReport | None:
    """Import *files* on the runner and wait (the event loop keeps running).

    Returns the report, or None if the user cancelled or it failed (a
    UserError is shown in a message box unless *on_error* is given).
    """
    files = list(files)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    if len(files) == 1:
        label = QCoreApplication.translate("ImportDialog", "Importing {name}…").format(
            name=os.path.basename(files[0]))
    else:
        n = len(files)  # a plain name: lupdate skips a numerus argument with a call in it
        label = QCoreApplication.translate("ImportDialog", "Importing %n file(s)…", "", n)

    def work(progress: Callable[[int, int], bool]) -> ImportReport:
        progress(0, 0)
        return library.import_files(files, policy=policy, progress=progress)

    handle = runner.submit(work, label=label, dialog_parent=parent,
                           on_done=lambda rep: finish("report", rep),
                           on_error=failed,
                           on_cancel=lambda: finish("cancelled", True))
    if not outcome:  # a thread runner delivers later, through this loop
        loop.exec()
    del handle
    if "error" in outcome:
        exc = outcome["error"]
        assert isinstance(exc, BaseException)
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, UserError):
            QMessageBox.warning(parent, QCoreApplication.translate("ImportDialog", "Import"),
                                user_message(exc))
        else:
            raise exc
        return None
    report = outcome.get("report")
    return report if isinstance(report, ImportReport) else None


def run_import_dialog(parent: QWidget | None, library: Library, runner: BaseTaskRunner,
                      files: Sequence[str] | None = None, *,
                      show_report_dialog: bool = True) -> ImportReport | None:
    """The whole import: choose files (unless *files* are given), confirm the
    duplicate policy, import with progress and Cancel, show the report.

    Returns the :class:`ImportReport`, or None if the user cancelled at any step.
    """
    if files is None:
        files = choose_files(parent)
        if not files:
            return None
    dlg = ImportDialog(parent, files)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dlg.files()
    policy = dlg.policy()
    dlg.deleteLater()
    if not chosen:
        return None
    if policy != settings.get("duplicate_policy"):
        try:
            settings.set("duplicate_policy", policy)
        except UserError as exc:
            log.warning("cannot remember the duplicate policy: %s", exc)
    report = import_with_progress(parent, library, runner, chosen, policy)
    if report is not None and show_report_dialog:
        show_report(report, parent)
    return report
