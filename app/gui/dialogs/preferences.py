"""Preferences: the interface language (applied at the next start).

``show_preferences(parent)`` shows the dialog; the choice is stored in the
settings (``language``: a code such as ``zh_CN``, or None to follow the system).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.core import settings
from app.gui import i18n

log = logging.getLogger(__name__)


class PreferencesDialog(QDialog):
    """The language choice; :meth:`save` stores it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(400)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        system_name = dict(i18n.available_languages()).get(i18n.system_language(),
                                                          i18n.system_language())
        self.language.addItem(self.tr("System default ({language})").format(
            language=system_name), None)
        for code, name in i18n.available_languages():
            self.language.addItem(name, code)
        try:
            current = settings.get("language")
        except Exception:  # noqa: BLE001 - an unreadable config shows the default
            log.exception("cannot read the language preference")
            current = None
        idx = self.language.findData(i18n.normalize_language(str(current))) if current else 0
        self.language.setCurrentIndex(max(idx, 0))
        self._initial = self.language.currentData()

        form = QFormLayout()
        form.addRow(self.tr("Interface &language:"), self.language)
        note = QLabel(self.tr("A new language is used the next time Refshelf starts."))
        note.setWordWrap(True)
        note.setEnabled(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(buttons)

    def chosen_language(self) -> str | None:
        """The selected language code; None for the system's."""
        data = self.language.currentData()
        return str(data) if data else None

    def changed(self) -> bool:
        """True if the choice differs from the stored one."""
        return self.language.currentData() != self._initial

    def save(self) -> None:
        """Store the choice in the settings."""
        settings.set("language", self.chosen_language())


def show_preferences(parent: QWidget | None = None) -> bool:
    """Show the Preferences dialog (modal); True if a new language was saved (the
    user is told it applies after a restart)."""
    dlg = PreferencesDialog(parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.changed():
        return False
    try:
        dlg.save()
    except OSError as exc:
        log.warning("cannot save the preferences: %s", exc)
        QMessageBox.warning(
            parent, QCoreApplication.translate("PreferencesDialog", "Preferences"),
            QCoreApplication.translate(
                "PreferencesDialog", "The preferences could not be saved: {error}").format(
                    error=exc))
        return False
    QMessageBox.information(
        parent, QCoreApplication.translate("PreferencesDialog", "Preferences"),
        QCoreApplication.translate("PreferencesDialog",
                                   "Restart Refshelf to use the new language."))
    return True
