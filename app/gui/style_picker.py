"""The citation style picker: a combo box for the toolbar and a matching menu.

The choice is remembered in the preferences (``citation_style``). When the
user has never chosen, the default follows the interface language: GB/T
7714-2015 numeric for a Chinese interface, APA otherwise.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QMenu, QWidget

from app.core import settings

log = logging.getLogger(__name__)

GBT_NUMERIC = "china-national-standard-gb-t-7714-2015-numeric"
APA = "apa"


def interface_is_chinese() -> bool:
    """True if the interface language (the preference, else Qt's locale) is Chinese."""
    lang = settings.get("language")
    if lang:
        return str(lang).lower().replace("-", "_").startswith("zh")
    return QLocale().language() == QLocale.Language.Chinese


def default_style() -> str:
    """The style to use now: the user's last choice, else the language default."""
    chosen = settings.get("citation_style")
    if chosen:
        return str(chosen)
    return GBT_NUMERIC if interface_is_chinese() else APA


def _styles() -> list[tuple[str, str]]:
    try:
        from app.core.citation import available_styles
        from app.gui.i18n import translate_style_title

        return [(s.id, translate_style_title(s.title)) for s in available_styles()]
    except Exception:  # noqa: BLE001 - a broken style folder must not break the window
        log.exception("cannot list the citation styles")
        return [(APA, "APA"), (GBT_NUMERIC, "GB/T 7714-2015")]


class StylePicker(QComboBox):
    """A combo box of the available styles that remembers the last choice.

    ``style_changed(style_id)`` is emitted when the user (or :meth:`set_style`)
    changes the style. :meth:`make_menu` gives a menu kept in step with it.
    """

    style_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, remember: bool = True) -> None:
        super().__init__(parent)
        self._remember = remember
        self._menus: list[tuple[QMenu, QActionGroup]] = []
        self.setToolTip(self.tr("Citation style"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.reload()
        self.currentIndexChanged.connect(self._on_index)

    # ----------------------------------------------------------------- public
    def reload(self) -> None:
        """Re-read the list of styles (after the user adds a .csl file)."""
        current = self.current_style() if self.count() else default_style()
        self.blockSignals(True)
        self.clear()
        for sid, title in _styles():
            self.addItem(title, sid)
            # the closed box is narrow: the full title shows in the list and as a tip
            self.setItemData(self.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self._fit_popup()
        idx = self.findData(current)
        if idx < 0:
            log.info("style %r is not available; using the first one", current)
            idx = 0
        self.setCurrentIndex(idx)
        self.blockSignals(False)
        self._show_title()
        for menu, group in self._menus:
            self._fill_menu(menu, group)

    def current_style(self) -> str:
        """The id of the selected style."""
        data = self.currentData()
        return str(data) if data else default_style()

    def set_style(self, style_id: str) -> bool:
        """Select *style_id*; False if it is not in the list."""
        idx = self.findData(style_id)
        if idx < 0:
            return False
        self.setCurrentIndex(idx)
        return True

    def make_menu(self, parent: QWidget | None = None) -> QMenu:
        """A "Citation Style" menu whose checked item follows this picker."""
        menu = QMenu(self.tr("Citation &Style"), parent)
        group = QActionGroup(menu)
        group.setExclusive(True)
        self._menus.append((menu, group))
        self._fill_menu(menu, group)
        return menu

    # -------------------------------------------------------------- internals
    def _fill_menu(self, menu: QMenu, group: QActionGroup) -> None:
        menu.clear()
        for act in group.actions():
            group.removeAction(act)
        for i in range(self.count()):
            act = QAction(self.itemText(i), menu)
            act.setCheckable(True)
            act.setData(self.itemData(i))
            act.setChecked(i == self.currentIndex())
            act.triggered.connect(lambda _checked=False, sid=self.itemData(i): self.set_style(sid))
            group.addAction(act)
            menu.addAction(act)

    def _fit_popup(self) -> None:
        """Make the drop-down list wide enough for the longest title (within the screen)."""
        metrics = self.view().fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())),
                     default=0)
        screen = self.screen()
        limit = screen.availableGeometry().width() - 40 if screen is not None else widest
        scrollbar = self.view().verticalScrollBar().sizeHint().width()
        self.view().setMinimumWidth(min(widest + scrollbar + 4 * metrics.averageCharWidth(),
                                        limit))

    def _show_title(self) -> None:
        """The box's tip names the chosen style in full (the box itself may elide it)."""
        self.setToolTip(self.tr("Citation style") + "\n" + self.currentText())

    def _sync_menus(self) -> None:
        sid = self.current_style()
        for _menu, group in self._menus:
            for act in group.actions():
                act.setChecked(act.data() == sid)

    def _on_index(self, _index: int) -> None:
        sid = self.current_style()
        if self._remember:
            try:
                settings.set("citation_style", sid)
            except Exception:  # noqa: BLE001 - an unwritable config must not break copying
                log.exception("cannot save the citation style")
        self._show_title()
        self._sync_menus()
        self.style_changed.emit(sid)
