"""File › New Record (Ctrl+N): an empty journal article, one undo step, the keyboard
in its Title field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from tests.gui.focus import give_focus

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
DOI = "10.1353/apr.2023.a905228"


def test_ctrl_n_adds_an_empty_article_and_puts_the_keys_in_its_title(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    before = lib.count()
    give_focus(qtbot, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_N, CTRL)
    assert lib.count() == before + 1
    (rid,) = window.selected_ids()
    rec = lib.get(rid)
    assert rec.type == "article-journal"
    assert rec.title == "" and rec.creators == [] and rec.doi == ""
    title = window.detail.editor("title")
    assert QApplication.focusWidget() is title
    # the row is findable: its title cell shows a stand-in, drawn apart
    col = window.model.column_index("title")
    idx = window.model.index(window.model.row_of(rid), col)
    assert idx.data()
    assert idx.data(Qt.ItemDataRole.FontRole).italic()
    # type at once, then undo the edit, then undo the new record
    qtbot.keyClicks(title, "Typed At Once")
    give_focus(qtbot, window.table)  # the title is saved when it loses the focus
    assert lib.get(rid).title == "Typed At Once"
    idx = window.model.index(window.model.row_of(rid), col)
    assert idx.data() == "Typed At Once"
    assert idx.data(Qt.ItemDataRole.FontRole) is None
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert lib.get(rid).title == ""
    idx = window.model.index(window.model.row_of(rid), col)
    assert idx.data() and idx.data() != "Typed At Once"
    assert idx.data(Qt.ItemDataRole.FontRole).italic()
    assert window.detail.record is not None and window.detail.record.title == ""
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert not lib.exists(rid)
    assert window.detail.record is None
    assert lib.count() == before
    assert window.model.row_of(rid) is None
    window.action("redo").trigger()
    window.action("redo").trigger()
    assert lib.get(rid).title == "Typed At Once"


def test_new_record_from_a_collection_view_is_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from app.gui.table.model import Source

    res = window.ops.create_collection("Empty Shelf")
    window.sources.select_source(Source(collection=res.value))
    assert window.model.rowCount() == 0
    rid = window.new_record()
    assert rid is not None
    assert window.selected_ids() == [rid]


def test_new_record_menu_item_and_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    act = window.action("new_record")
    file_menu = next(a.menu() for a in window.menuBar().actions()
                     if window.action("import") in a.menu().actions())
    assert act in file_menu.actions()
    assert QKeySequence("Ctrl+N") in act.shortcuts()
    clashes = [a.objectName() for a in window.findChildren(type(act))
               if a is not act and any(k.toString() == "Ctrl+N" for k in a.shortcuts())]
    assert clashes == []


def test_new_record_is_refused_in_a_read_only_library(make_window, read_only_library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(read_only_library)
    assert not win.action("new_record").isEnabled()
    assert win.new_record() is None  # even if called: the core refuses, the user is told
    assert read_only_library.count() == 0
    assert win.last_error
