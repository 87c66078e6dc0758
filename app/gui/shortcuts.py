"""Help › Keyboard Shortcuts: every action of the window that has a shortcut."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


def _plain(text: str) -> str:
    """Menu text without the mnemonic ampersand and the trailing ellipsis (and
    without a CJK-style mnemonic suffix: "导入(&I)…" -> "导入")."""
    text = re.sub(r"\s*\(&[^&)]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


#: an action's dynamic property with its name for the list, when its text changes
#: (Undo and Redo carry the last operation: "Undo Add to collection")
NAME_PROPERTY = "shortcutName"
#: between an action's key sequences (", " separates the chords of one sequence)
SEQUENCE_SEPARATOR = "\n"


def _dedicated_key(seq: QKeySequence) -> bool:
    """A single key of its own without modifiers (Find, Redo, Help, media keys): Qt
    names it in words ("Find", in Chinese "查找"), which read as a description."""
    if seq.count() != 1:
        return False
    combo = seq[0]
    key = combo.key()
    return combo.keyboardModifiers() == Qt.KeyboardModifier.NoModifier and (
        key == Qt.Key.Key_Help or key.value >= Qt.Key.Key_Back.value)


def key_texts(act: QAction) -> list[str]:
    """The action's key sequences as the system writes them (NativeText), one each;
    the dedicated keys of a standard binding are left out unless nothing else is."""
    keys = [k for k in act.shortcuts() if not k.isEmpty()]
    typed = [k for k in keys if not _dedicated_key(k)] or keys
    return list(dict.fromkeys(k.toString(QKeySequence.SequenceFormat.NativeText)
                              for k in typed))


def action_name(act: QAction) -> str:
    """The action's name for the list (its menu text without the mnemonic)."""
    name = act.property(NAME_PROPERTY)
    return str(name) if name else _plain(act.text())


def shortcut_rows(menubar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every menu action that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for act in menu.actions():
            sub = act.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} › {_plain(sub.title())}")
                continue
            if act.isSeparator():
                continue
            keys = key_texts(act)
            if keys:
                rows.append((path, action_name(act), SEQUENCE_SEPARATOR.join(keys)))

    for top in menubar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    return rows


def extra_rows(actions: Iterable[QAction], section: str) -> list[tuple[str, str, str]]:
    """Rows for actions that live outside the menus (e.g. on the window itself)."""
    out = []
    for act in actions:
        keys = key_texts(act)
        if keys:
            out.append((section, action_name(act), SEQUENCE_SEPARATOR.join(keys)))
    return out


class ShortcutsDialog(QDialog):
    """A table of the shortcuts, built from the live actions (so it is never stale)."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Action"),
                                              self.tr("Shortcut")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.table.resizeRowsToContents()  # one line per key sequence
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(560, 480)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(self.table.rowCount())]
