"""The detail pane and the keyboard: undo keys in a field, pending edits, Tab order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.gui.panes.detail import fields_for
from tests.gui.focus import give_focus

from .conftest import title_ids
from .test_i18n import qm_dir, use_language  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


def show(window, title: str) -> int:  # type: ignore[no-untyped-def]
    rid = title_ids(window.library)[title]
    window.table.select_ids([rid])
    assert window.detail.record is not None and window.detail.record.id == rid
    return rid


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    give_focus(qtbot, widget)
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_ctrl_z_in_a_field_without_own_history_undoes_the_library(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    date = window.detail.editor("issued")
    type_into(qtbot, date, "1999")
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # commits; focus goes to the next field
    assert window.library.get(rid).issued.year == 1999
    assert window.action("undo").isEnabled()
    here = QApplication.focusWidget()
    assert isinstance(here, QLineEdit) and here is not date
    assert not here.isUndoAvailable()
    qtbot.keyClick(here, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.get(rid).issued.year == 2016
    assert date.text() == "2016"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.library.get(rid).issued.year == 1999
    window.action("undo").trigger()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.library.get(rid).issued.year == 1999


def test_ctrl_z_in_a_field_with_typing_undoes_the_typing_first(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    commit_place = window.detail.editor("place")
    type_into(qtbot, commit_place, "Boston")
    qtbot.keyClick(commit_place, Qt.Key.Key_Return)
    assert window.library.get(rid).place == "Boston"
    steps = window.undo_stack.count()
    publisher = window.detail.editor("publisher")
    give_focus(qtbot, publisher)
    publisher.end(False)
    qtbot.keyClicks(publisher, "X")
    assert publisher.text() == "MIT PressX"
    qtbot.keyClick(publisher, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert publisher.text() == "MIT Press"  # the field's own undo
    assert window.library.get(rid).place == "Boston"  # the library's is untouched
    assert window.undo_stack.count() == steps


def test_copy_citation_commits_the_edit_still_in_a_field(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    publisher = window.detail.editor("publisher")
    type_into(qtbot, publisher, "Zyxwv Press")
    assert window.library.get(rid).publisher == "MIT Press"  # not committed yet
    QApplication.clipboard().clear()
    qtbot.keyClick(publisher, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.library.get(rid).publisher == "Zyxwv Press"
    qtbot.waitUntil(lambda: "Zyxwv Press" in QApplication.clipboard().text())
    assert "MIT Press" not in QApplication.clipboard().text()
    assert QApplication.focusWidget() is publisher
    assert window.action("undo").text() != "Undo"  # the edit is one undo step


def test_copy_bibtex_and_switching_record_commit_the_edit(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    place = window.detail.editor("place")
    type_into(qtbot, place, "Boston")
    window.action("copy_bibtex").trigger()
    assert window.library.get(rid).place == "Boston"
    qtbot.waitUntil(lambda: "Boston" in QApplication.clipboard().text())
    type_into(qtbot, place, "London")
    other = title_ids(window.library)["Attention Is All You Need"]
    window.table.select_ids([other])  # e.g. a shortcut: the field keeps the focus
    assert window.library.get(rid).place == "London"
    assert window.detail.record.id == other


def tab_chain(window, start) -> list:  # type: ignore[no-untyped-def]
    """The widgets Tab reaches from *start* (visible, enabled, taking Tab focus), in
    focus-chain order, once round."""
    QApplication.processEvents()  # a new form's widgets are shown by the event loop
    out = []
    w = start.nextInFocusChain()
    while w is not start:
        if w.isVisible() and w.isEnabled() and \
                w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus:
            out.append(w)
        w = w.nextInFocusChain()
    return out


def check_detail_order(window) -> None:  # type: ignore[no-untyped-def]
    d = window.detail
    chain = tab_chain(window, window.table)
    rows = d.creators.rows
    main, _rest = fields_for(d.record.type)
    expected = [d.type_combo]
    for n in main:  # the form's order
        expected += ([rows[0].role, rows[0].family, rows[-1].family, d.creators.add_button]
                     if n == "creators" else [d.editor(n)])
    expected += [d.findChild(QWidget, "moreFields"), d.notes.list, d.attachments.list,
                 window.abstract.text, window.search, window.sources]
    assert [w for w in chain if w in expected] == expected
    assert chain[0] is d.type_combo  # the detail pane comes right after the table
    assert chain[-1] is window.sources  # ... and the sources right before it
    assert main.index("title") < main.index("creators") < main.index("issued")
    assert main[-1] == "tags"


def test_tab_order_follows_the_detail_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    show(window, "Deep Learning")  # a book
    check_detail_order(window)
    d = window.detail
    give_focus(qtbot, d.type_combo)
    qtbot.keyClick(d.type_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.editor("title")
    give_focus(qtbot, d.editor("tags"))
    qtbot.keyClick(d.editor("tags"), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.findChild(QWidget, "moreFields")
    show(window, "中国古代文学研究")  # another type: the form is made anew
    check_detail_order(window)
    assert d.editor("container_title") in tab_chain(window, window.table)
    give_focus(qtbot, d.type_combo)
    qtbot.keyClick(d.type_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.editor("title")
    show(window, "Attention Is All You Need")  # same type, other record
    check_detail_order(window)
    d.creators.add_button.click()  # a new creator row goes before Add Creator
    check_detail_order(window)
    assert len(d.creators.rows) == 3


def test_undo_label_names_the_field_as_the_form_does(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    commit = window.detail.commit
    window.detail.editor("issued").setText("1999")
    commit("issued")
    assert window.action("undo").text() == "Undo Edit Date"
    assert window.action("redo").text() == "Redo"
    window.action("undo").trigger()
    assert window.action("redo").text() == "Redo Edit Date"
    window.detail.editor("collection_title").setText("Adaptive Computation")
    commit("collection_title")
    assert window.action("undo").text() == "Undo Edit Series"
    window.ops.set_field(rid, "container_title", "X")
    assert window.action("undo").text() == "Undo Edit Publication"
    window.ops.set_field(rid, "type", "report")
    assert window.action("undo").text() == "Undo Edit Item Type"
    window.detail.add_note("a note")
    assert window.action("undo").text() == "Undo Edit Notes"
    window.ops.update(window.library.get(rid), label="Edit record")
    assert window.action("undo").text() == "Undo Edit record"  # not a field: unchanged


def test_undo_label_in_chinese_names_the_field(
        qtbot, make_window, library, use_language) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    use_language("zh_CN")
    window = make_window(library)
    show(window, "Deep Learning")
    window.detail.editor("issued").setText("1999")
    window.detail.commit("issued")
    date = QCoreApplication.translate("Fields", "Date")
    assert date != "Date"  # the translation is installed
    text = window.action("undo").text()
    assert "issued" not in text and "Edit" not in text
    assert text.endswith(QCoreApplication.translate("core", "Edit {0}").format(date))


def test_ctrl_z_in_a_multiline_field_without_history_undoes_the_library(
        qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    title = window.detail.editor("title")
    give_focus(qtbot, title)
    title.selectAll()
    qtbot.keyClicks(title, "Deep Learning, 2nd ed.")
    qtbot.keyClick(title, Qt.Key.Key_Tab)  # commits; on to Translated Title
    assert window.library.get(rid).title == "Deep Learning, 2nd ed."
    here = QApplication.focusWidget()
    assert here is window.detail.editor("title_translated")
    qtbot.keyClick(here, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.library.get(rid).title == "Deep Learning"
