"""The import report: counts, then every failure in a table of file, line and reason
(the reason wrapped, the file's full path in its tip); Copy gives ``file:line: reason``."""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.library import ImportReport
from app.gui.i18n import translate_reason

log = logging.getLogger(__name__)


def failure_line(failure: Any) -> str:
    """``file:line: reason`` for one failure, the reason translated when it is a known
    template of the core (a plain reason comes through unchanged)."""
    source, line, reason = failure_parts(failure)
    where = f"{source}:{line}" if line else source
    return f"{where}: {reason}"


def failure_parts(failure: Any) -> tuple[str, str, str]:
    """(source, line or "", translated reason) of one failure."""
    source = getattr(failure, "source", "") or "<input>"
    line = getattr(failure, "line", None)
    reason = translate_reason(str(getattr(failure, "reason", failure)))
    return source, "" if line is None else str(line), reason


def summary_text(report: ImportReport) -> str:
    """One translated sentence with the four counts (five when some entries were
    read with problems)."""
    text = QCoreApplication.translate(
        "ImportReport", "Added: {added}   Skipped as duplicates: {skipped}   "
        "Merged: {merged}   Failed: {failed}").format(
            added=len(report.added), skipped=len(report.skipped),
            merged=len(report.merged), failed=len(report.failures))
    if report.warnings:
        text += "   " + QCoreApplication.translate(
            "ImportReport", "Read with problems: {count}").format(count=len(report.warnings))
    return text


def status_message(report: ImportReport) -> str:
    """A short translated status-bar message for an import or a drop."""
    # plain names as counts: lupdate skips a numerus argument with a call in it
    added, skipped = len(report.added), len(report.skipped)
    merged, failed = len(report.merged), len(report.failures)
    parts = [QCoreApplication.translate("ImportReport", "%n record(s) added", "", added)]
    if skipped:
        parts.append(QCoreApplication.translate(
            "ImportReport", "%n already in the library", "", skipped))
    if merged:
        parts.append(QCoreApplication.translate("ImportReport", "%n merged", "", merged))
    if failed:
        parts.append(QCoreApplication.translate("ImportReport", "%n could not be read", "",
                                                failed))
    warned = len(report.warnings)
    if warned:
        parts.append(QCoreApplication.translate("ImportReport", "%n read with problems", "",
                                                warned))
    return "; ".join(parts)


def present_report(report: ImportReport, parent: QWidget | None = None) -> str:
    """After a drop: the report dialog if something failed (non-modal), and the
    status message to show either way (returned)."""
    if report.failures or report.warnings:
        show_report(report, parent, modal=False)
    return status_message(report)


class ReportDialog(QDialog):
    """Shows an :class:`ImportReport`: the counts, then a table of the failures (file
    name, line, reason; the reason wraps so it is never off-screen)."""

    FILE, LINE, REASON = range(3)

    def __init__(self, report: ImportReport, parent: QWidget | None = None, *,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(title or self.tr("Import Report"))
        self.setMinimumSize(480, 260)
        self.resize(720, 380)
        layout = QVBoxLayout(self)

        self.summary_label = QLabel(summary_text(report))
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self._lines = [failure_line(f) for f in report.failures]
        self._warning_lines = [failure_line(f) for f in report.warnings]
        self.failures_table = self._make_table(report.failures)
        self.warnings_table = self._make_table(report.warnings)
        self.warnings_table.setObjectName("warnings")
        if self._lines:
            layout.addWidget(QLabel(self.tr("These entries could not be read; "
                                            "everything else was imported:")))
            layout.addWidget(self.failures_table, 1)
        else:
            self.failures_table.hide()
        if self._warning_lines:
            layout.addWidget(QLabel(self.tr("These entries were imported, but their text "
                                            "has errors; check their fields:")))
            layout.addWidget(self.warnings_table, 1)
        else:
            self.warnings_table.hide()
        if not self._lines and not self._warning_lines:
            layout.addWidget(QLabel(self.tr("Every entry was read.")))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy Report"))
        self.copy_button.setToolTip(self.tr("Copy the counts and the failure list"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _make_table(self, failures: list[Any]) -> QTableWidget:
        table = QTableWidget(len(failures), 3, self)
        table.setObjectName("failures")
        table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Line"), self.tr("Reason")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        for r, f in enumerate(failures):
            source, line, reason = failure_parts(f)
            name = QTableWidgetItem(os.path.basename(source) or source)
            name.setToolTip(source)  # the full path
            num = QTableWidgetItem(line)
            num.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            why = QTableWidgetItem(reason)
            why.setToolTip(reason)
            for c, item in enumerate((name, num, why)):
                if c != self.LINE:
                    item.setTextAlignment(top_left)
                table.setItem(r, c, item)
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(self.FILE, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(self.LINE, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(self.REASON, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(self.FILE)
        hh.resizeSection(self.FILE, min(hh.sectionSize(self.FILE), 240))
        # the reason wraps: rows follow the column's width
        hh.sectionResized.connect(lambda *_a: table.resizeRowsToContents())
        table.resizeRowsToContents()
        return table

    def failure_rows(self, table: QTableWidget | None = None) -> list[tuple[str, str, str]]:
        """(file name, line, reason) as the failures (or the given) table shows them."""
        t = table or self.failures_table
        return [tuple(t.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(t.rowCount())]

    def report_text(self) -> str:
        """The whole report as plain text, each failure and warning as
        ``file:line: reason`` with the full path (what Copy puts on the clipboard)."""
        text = self.summary_label.text()
        lines = "\n".join([*self._lines, *self._warning_lines])
        return f"{text}\n{lines}\n" if lines else f"{text}\n"

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())


def show_report(report: ImportReport, parent: QWidget | None = None, *,
                modal: bool = True) -> ReportDialog:
    """Show the report dialog (modal: returns once it is closed)."""
    dlg = ReportDialog(report, parent)
    if modal:
        dlg.exec()
    else:
        _open_reports.add(dlg)  # a non-modal dialog without a parent needs an owner
        dlg.finished.connect(lambda _r: _open_reports.discard(dlg))
        dlg.show()
    return dlg


_open_reports: set[ReportDialog] = set()
