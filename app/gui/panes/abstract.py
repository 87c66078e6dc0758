"""The abstract pane: the abstract, selectable, with a switch to its translation."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Record, has_cjk
from app.gui.i18n import CJK_FAMILIES, latin_family

log = logging.getLogger(__name__)

def text_font(base: QFont, cjk: bool) -> QFont:
    """*base* with CJK families first when *cjk*, as fallbacks otherwise."""
    f = QFont(base)
    latin = latin_family(base)
    families = [latin, *CJK_FAMILIES]
    if cjk:
        families = [*CJK_FAMILIES, latin]
    f.setFamilies(families)
    return f


class AbstractPane(QWidget):
    """Read-only, selectable abstract; a toggle shows the translated one when present."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("abstractPane")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.label = QLabel(self.tr("Abstract"))
        f = self.label.font()
        f.setBold(True)
        self.label.setFont(f)
        self.toggle = QPushButton(self.tr("Show Translation"))
        self.toggle.setObjectName("abstractToggle")
        self.toggle.setCheckable(True)
        self.toggle.setFlat(True)
        self.toggle.toggled.connect(self._toggled)
        self.toggle.hide()
        head.addWidget(self.label)
        head.addStretch(1)
        head.addWidget(self.toggle)
        lay.addLayout(head)
        self.text = QTextBrowser()
        self.text.setObjectName("abstractText")
        self.text.setOpenExternalLinks(True)
        self.text.setPlaceholderText(self.tr("No abstract"))
        lay.addWidget(self.text, 1)
        self._original = ""
        self._translated = ""

    def set_record(self, rec: Record | None) -> None:
        self._original = rec.abstract if rec else ""
        self._translated = rec.abstract_translated if rec else ""
        self.toggle.blockSignals(True)
        self.toggle.setChecked(False)
        self.toggle.blockSignals(False)
        self.toggle.setVisible(bool(self._translated))
        self._show()

    def showing_translation(self) -> bool:
        return self.toggle.isChecked() and bool(self._translated)

    def shown_text(self) -> str:
        return self.text.toPlainText()

    def _toggled(self, _on: bool) -> None:
        self._show()

    def _show(self) -> None:
        translated = self.showing_translation()
        text = self._translated if translated else self._original
        self.label.setText(self.tr("Abstract (translation)") if translated
                           else self.tr("Abstract"))
        self.toggle.setText(self.tr("Show Original") if translated
                            else self.tr("Show Translation"))
        self.text.setFont(text_font(self.font(), has_cjk(text[:200])))
        self.text.setPlainText(text)
