"""File › Export (Ctrl+E): format, scope, options, output file.

Scopes: the selected records, the current collection, the current search
result, or the whole library (never the Trash). The file is written on the
task runner's worker with ``atomic_write_text``, so a crash or a full disk
never leaves half a file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core import formats, settings
from app.core.errors import UserError
from app.core.fileio import atomic_write_text
from app.core.library import Library
from app.gui.tasks import BaseTaskRunner, user_message

log = logging.getLogger(__name__)

EXPORT_SHORTCUT = QKeySequence("Ctrl+E")
SCOPES = ("selection", "collection", "search", "all")
ASCII_FORMATS = ("bibtex", "biblatex")


def export_ids(library: Library, scope: str, selected_ids: Sequence[int],
               collection_id: int | None, query: str) -> list[int]:
    """The ids a scope stands for (selection in its order, the rest by citation key)."""
    if scope == "selection":
        return [i for i in selected_ids if library.exists(i) and not library.is_trashed(i)]
    if scope == "collection":
        if collection_id is None:
            return []
        return library.query_ids("", collection=collection_id, sort="citation_key")
    if scope == "search":
        return library.query_ids(query or "", sort="citation_key")
    if scope == "all":
        return library.query_ids("", sort="citation_key")
    raise ValueError(f"unknown export scope {scope!r}")


def export_to_file(library: Library, ids: Sequence[int], format_id: str, path: str,
                   *, ascii_only: bool = False) -> int:
    """Write the records *ids* to *path* in *format_id*; returns how many were written."""
    fmt = formats.get(format_id)
    records = library.get_many(list(ids))
    options: dict[str, object] = {}
    if format_id in ASCII_FORMATS:
        options["ascii"] = ascii_only
    text = fmt.write(records, **options)
    atomic_write_text(path, text)
    log.info("exported %d records as %s to %s", len(records), format_id, path)
    return len(records)


class ExportDialog(QDialog):
    """Choose what to export, how, and where."""

    def __init__(self, parent: QWidget | None, library: Library, selected_ids: Sequence[int],
                 collection_id: int | None, query: str) -> None:
        super().__init__(parent)
        self.library = library
        self.selected_ids = list(selected_ids)
        self.collection_id = collection_id
        self.query = query or ""
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("format")
        for fmt in formats.writers():
            self.format_combo.addItem(fmt.name, fmt.id)
        idx = self.format_combo.findData("bibtex")
        self.format_combo.setCurrentIndex(max(idx, 0))
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        form.addRow(self.tr("&Format:"), self.format_combo)
        layout.addLayout(form)

        box = QGroupBox(self.tr("Records"))
        box_layout = QVBoxLayout(box)
        self.scope_group = QButtonGroup(self)
        labels = {
            "selection": self.tr("The &selected records (%n)", "", len(self.selected_ids)),
            "collection": self.tr("The current &collection"),
            "search": self.tr("The current search &result"),
            "all": self.tr("&All records in the library"),
        }
        available = {
            "selection": bool(self.selected_ids),
            "collection": collection_id is not None,
            "search": bool(self.query.strip()),
            "all": True,
        }
        self.scope_buttons: dict[str, QRadioButton] = {}
        for i, scope in enumerate(SCOPES):
            rb = QRadioButton(labels[scope])
            rb.setObjectName(f"scope_{scope}")
            rb.setEnabled(available[scope])
            self.scope_group.addButton(rb, i)
            self.scope_buttons[scope] = rb
            box_layout.addWidget(rb)
        first = next(s for s in SCOPES if available[s])
        self.scope_buttons[first].setChecked(True)
        layout.addWidget(box)

        opts = QGroupBox(self.tr("Options"))
        opts_layout = QVBoxLayout(opts)
        self.ascii_check = QCheckBox(self.tr("Plain &ASCII BibTeX (LaTeX escapes for accents "
                                             "and other characters)"))
        self.ascii_check.setObjectName("ascii")
        self.ascii_check.setChecked(bool(settings.get("bibtex_ascii")))
        opts_layout.addWidget(self.ascii_check)
        layout.addWidget(opts)

        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(self.tr("Output file"))
        self.path_edit.textChanged.connect(self._update)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.path_label = QLabel(self.tr("&Save to:"))
        self.path_label.setBuddy(self.path_edit)  # Alt+S goes to the path
        form.addRow(self.path_label, row)
        self._browsed = ""

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._format_changed()
        self._update()

    # ----------------------------------------------------------------- public
    def format_id(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, format_id: str) -> None:
        idx = self.format_combo.findData(format_id)
        if idx < 0:
            raise ValueError(f"no writer for {format_id!r}")
        self.format_combo.setCurrentIndex(idx)

    def scope(self) -> str:
        return SCOPES[max(self.scope_group.checkedId(), 0)]

    def set_scope(self, scope: str) -> None:
        self.scope_buttons[scope].setChecked(True)

    def ascii_only(self) -> bool:
        return self.ascii_check.isEnabled() and self.ascii_check.isChecked()

    def path(self) -> str:
        """The output path, with the format's extension added if it has none."""
        p = self.path_edit.text().strip()
        if not p:
            return ""
        p = os.path.expanduser(p)
        fmt = formats.get(self.format_id())
        if not os.path.splitext(p)[1] and fmt.extensions:
            p += fmt.extensions[0]
        return os.path.abspath(p)

    # -------------------------------------------------------------- internals
    def _format_changed(self) -> None:
        self.ascii_check.setEnabled(self.format_id() in ASCII_FORMATS)
        p = self.path_edit.text().strip()
        fmt = formats.get(self.format_id())
        if p and fmt.extensions:
            stem, ext = os.path.splitext(p)
            others = {e for f in formats.writers() for e in f.extensions}
            if ext.lower() in others and ext.lower() not in fmt.extensions:
                self.path_edit.setText(stem + fmt.extensions[0])

    def _browse(self) -> None:
        from app.gui.folders import last_folder, remember_folder

        fmt = formats.get(self.format_id())
        start = self.path_edit.text().strip() or str(Path(last_folder("export")) / (
            "export" + (fmt.extensions[0] if fmt.extensions else "")))
        path, _flt = QFileDialog.getSaveFileName(self, self.tr("Export To"), start,
                                                 fmt.file_filter)
        if path:
            remember_folder("export", path)
            self._browsed = path
            self.path_edit.setText(path)

    def _update(self) -> None:
        self.export_button.setEnabled(bool(self.path_edit.text().strip()))

    def _accept(self) -> None:
        path = self.path()
        if not path:
            return
        if os.path.isdir(path):
            QMessageBox.warning(self, self.tr("Export"),
                                self.tr("{path} is a folder. Choose a file name.").format(
                                    path=path))
            return
        if os.path.exists(path) and path != os.path.abspath(self._browsed or ""):
            answer = QMessageBox.question(
                self, self.tr("Export"),
                self.tr("{name} already exists. Replace it?").format(
                    name=os.path.basename(path)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.accept()


def run_export_dialog(parent: QWidget | None, library: Library, runner: BaseTaskRunner,
                      selected_ids: Sequence[int], collection_id: int | None,
                      query: str) -> str | None:
    """Ask what to export and where, write it off the GUI thread; the path written
    or None if the user cancelled (or writing failed, which is shown)."""
    dlg = ExportDialog(parent, library, selected_ids, collection_id, query)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    scope, format_id, path, ascii_only = dlg.scope(), dlg.format_id(), dlg.path(), \
        dlg.ascii_only()
    dlg.deleteLater()
    from app.gui.folders import remember_folder

    remember_folder("export", path)  # also a path typed, not browsed to
    if format_id in ASCII_FORMATS and ascii_only != settings.get("bibtex_ascii"):
        try:
            settings.set("bibtex_ascii", ascii_only)
        except UserError as exc:
            log.warning("cannot remember the ASCII option: %s", exc)
    sel, cid, q = list(selected_ids), collection_id, query

    def work(progress: object) -> str:
        ids = export_ids(library, scope, sel, cid, q)
        export_to_file(library, ids, format_id, path, ascii_only=ascii_only)
        return path

    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    label = QCoreApplication.translate("ExportDialog", "Exporting to {name}…").format(
        name=os.path.basename(path))
    runner.submit(work, label=label, dialog_parent=parent,
                  on_done=lambda p: finish("path", p),
                  on_error=lambda e: finish("error", e),
                  on_cancel=lambda: finish("cancelled", True))
    if not outcome:
        loop.exec()
    exc = outcome.get("error")
    if isinstance(exc, BaseException):
        if isinstance(exc, UserError):
            QMessageBox.warning(parent, QCoreApplication.translate("ExportDialog", "Export"),
                                user_message(exc))
            return None
        raise exc
    result = outcome.get("path")
    return result if isinstance(result, str) else None
