"""Preferences: the interface language (applied at the next start) and the language
citations are written in (applied at once).

``show_preferences(parent)`` shows the dialog; the choices are stored in the
settings: ``language`` (a code such as ``zh_CN``, or None to follow the system) and
``citation_locale`` (a CSL locale such as ``zh-CN``, or None for the style's own).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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


# CSL locales offered for citations (terms such as "et al.", "n.d.", "edited by");
# each name in its own language
CITATION_LOCALES = (
    ("en-US", "English (US)"), ("en-GB", "English (UK)"), ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"), ("ja-JP", "日本語"), ("ko-KR", "한국어"), ("de-DE", "Deutsch"),
    ("fr-FR", "Français"), ("es-ES", "Español"), ("ru-RU", "Русский"),
)


class PreferencesDialog(QDialog):
    """The language choices; :meth:`save` stores them."""

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

        self.citation_locale = QComboBox()
        self.citation_locale.setObjectName("citationLocaleCombo")
        self.citation_locale.addItem(self.tr("The style's own language"), None)
        for code, name in CITATION_LOCALES:
            self.citation_locale.addItem(f"{name} ({code})", code)
        self.citation_locale.setToolTip(self.tr(
            "The language of the words a citation style adds, such as \"et al.\", "
            "\"n.d.\" or \"edited by\". GB/T 7714 writes 等 for Chinese works in any "
            "language."))
        try:
            loc = settings.get("citation_locale")
        except Exception:  # noqa: BLE001 - an unreadable config shows the default
            log.exception("cannot read the citation language preference")
            loc = None
        self.citation_locale.setCurrentIndex(max(self.citation_locale.findData(loc), 0)
                                             if loc else 0)
        self._initial_locale = self.citation_locale.currentData()

        form = QFormLayout()
        form.addRow(self.tr("Interface &language:"), self.language)
        form.addRow(self.tr("&Citation language:"), self.citation_locale)
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

    def chosen_citation_locale(self) -> str | None:
        """The selected citation locale; None for each style's own."""
        data = self.citation_locale.currentData()
        return str(data) if data else None

    def changed(self) -> bool:
        """True if the interface language differs from the stored one."""
        return self.language.currentData() != self._initial

    def citation_locale_changed(self) -> bool:
        return self.citation_locale.currentData() != self._initial_locale

    def save(self) -> None:
        """Store the choices in the settings."""
        settings.set("language", self.chosen_language())
        settings.set("citation_locale", self.chosen_citation_locale())


def show_preferences(parent: QWidget | None = None,
                     on_citation_locale: Callable[[str | None], None] | None = None) -> bool:
    """Show the Preferences dialog (modal); True if a new interface language was saved
    (the user is told it applies after a restart). A new citation language is saved
    and handed to *on_citation_locale* at once."""
    dlg = PreferencesDialog(parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or not (
            dlg.changed() or dlg.citation_locale_changed()):
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
    if dlg.citation_locale_changed() and on_citation_locale is not None:
        on_citation_locale(dlg.chosen_citation_locale())
    if not dlg.changed():
        return False
    QMessageBox.information(
        parent, QCoreApplication.translate("PreferencesDialog", "Preferences"),
        QCoreApplication.translate("PreferencesDialog",
                                   "Restart Refshelf to use the new language."))
    return True
