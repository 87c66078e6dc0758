"""The first-run view: an empty library invites the user to import or drop."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


def _centered(label: QLabel) -> QHBoxLayout:
    """A row centring a word-wrapped label: with an alignment flag instead, the
    layout gives the label less height than its wrapped text needs (clipped)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label, 100)
    row.addStretch(1)
    return row


class WelcomeView(QWidget):
    """Shown in place of the table while the library is empty."""

    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        self.heading = QLabel(self.tr("Welcome to Refshelf"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QLabel(self.tr(
            "Your library is empty. Import a file of references (BibTeX, RIS, EndNote, "
            "NoteExpress and other CNKI exports, Web of Science, PubMed, CSL-JSON) or drop "
            "web pages saved from your browser, PDFs or reference files anywhere on this "
            "window. Ctrl+V pastes BibTeX or RIS text; Ctrl+N adds a record by hand."))
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setMaximumWidth(520)
        self.button = QPushButton(self.tr("Import a File…"))
        self.button.setObjectName("welcomeImport")
        self.button.clicked.connect(self.import_requested)
        lay.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addSpacing(12)
        lay.addLayout(_centered(self.body))
        lay.addSpacing(16)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hint = QLabel(self.tr("Tip: drag the saved page of an article (.html, .mhtml) "
                                   "here to get a complete record."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setEnabled(False)
        self.hint.setMaximumWidth(520)
        lay.addSpacing(8)
        lay.addLayout(_centered(self.hint))
        lay.addStretch(3)
