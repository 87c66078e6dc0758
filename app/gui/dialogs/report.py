"""The import report: counts, then every failure as ``file:line: reason`` (copyable)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.library import ImportReport
from app.gui.i18n import translate_reason

log = logging.getLogger(__name__)


def failure_line(failure: Any) -> str:
    """``file:line: reason`` for one failure, the reason translated when it is a known
    template of the core (a plain reason comes through unchanged)."""
    source = getattr(failure, "source", "") or "<input>"
    line = getattr(failure, "line", None)
    reason = str(getattr(failure, "reason", failure))
    reason = translate_reason(reason)
    where = f"{source}:{line}" if line is not None else source
    return f"{where}: {reason}"


def summary_text(report: ImportReport) -> str:
    """One translated sentence with the four counts."""
    return QCoreApplication.translate(
        "ImportReport", "Added: {added}   Skipped as duplicates: {skipped}   "
        "Merged: {merged}   Failed: {failed}").format(
            added=len(report.added), skipped=len(report.skipped),
            merged=len(report.merged), failed=len(report.failures))


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
    return "; ".join(parts)


def present_report(report: ImportReport, parent: QWidget | None = None) -> str:
    """After a drop: the report dialog if something failed (non-modal), and the
    status message to show either way (returned)."""
    if report.failures:
        show_report(report, parent, modal=False)
    return status_message(report)


class ReportDialog(QDialog):
    """Shows an :class:`ImportReport`. The failure list is plain, selectable text."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None, *,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(title or self.tr("Import Report"))
        self.setMinimumSize(560, 260)
        layout = QVBoxLayout(self)

        self.summary_label = QLabel(summary_text(report))
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.failures_text = QPlainTextEdit()
        self.failures_text.setObjectName("failures")
        self.failures_text.setReadOnly(True)
        self.failures_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.failures_text.setFont(QFont(mono))
        lines = [failure_line(f) for f in report.failures]
        self.failures_text.setPlainText("\n".join(lines))
        if lines:
            layout.addWidget(QLabel(self.tr("These entries could not be read; "
                                            "everything else was imported:")))
            layout.addWidget(self.failures_text, 1)
        else:
            self.failures_text.hide()
            layout.addWidget(QLabel(self.tr("Every entry was read.")))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy Report"))
        self.copy_button.setToolTip(self.tr("Copy the counts and the failure list"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def report_text(self) -> str:
        """The whole report as plain text (what Copy puts on the clipboard)."""
        text = self.summary_label.text()
        failures = self.failures_text.toPlainText()
        return f"{text}\n{failures}\n" if failures else f"{text}\n"

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
