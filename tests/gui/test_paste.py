"""Edit › Paste (Ctrl+V on the record table) imports the clipboard as a drop of the
same content would (BibTeX/RIS text, a DOI, copied files, a saved page); in a text
field Ctrl+V still pastes text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.library import Library
from app.gui.dialogs import report as report_dialog
from tests.conftest import CORPUS, SPEC
from tests.gui.focus import give_focus, status

pytestmark = pytest.mark.gui

SEED = CORPUS / "seed" / "000_c0116378fb088a26.txt"
NEW_BIBTEX = """@article{bishop1995,
  title = {Neural Networks for Pattern Recognition},
  author = {Bishop, Christopher M.},
  journal = {Clarendon Press},
  year = {1995}
}
"""
NEW_RIS = """TY  - JOUR
TI  - Reading Pasted RIS
AU  - Lovelace, Ada
PY  - 1843
ER  -
"""
CTRL = Qt.KeyboardModifier.ControlModifier
DOI = "10.1353/apr.2023.a905228"


def _clip_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def _clip_mime(mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)


def _titles(lib: Library) -> set[str]:
    return {r.title for r in lib.search("")}


def test_ctrl_v_on_the_table_imports_bibtex_selects_it_and_undoes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    before = lib.count()
    _clip_text(NEW_BIBTEX)
    give_focus(qtbot, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    assert lib.count() == before + 1
    (rec,) = [r for r in lib.search("") if r.title == "Neural Networks for Pattern Recognition"]
    assert rec.creators[0].family == "Bishop"
    assert window.selected_ids() == [rec.id]
    assert window.detail.record is not None and window.detail.record.id == rec.id
    assert "1 added" in status(window)  # the drop's import summary
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert lib.count() == before
    assert not lib.exists(rec.id)


def test_ctrl_v_in_the_search_field_pastes_text_there(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    before = window.library.count()
    _clip_text(NEW_RIS)
    window.search.clear()
    give_focus(qtbot, window.search)
    qtbot.keyClick(window.search, Qt.Key.Key_V, CTRL)
    assert "Reading Pasted RIS" in window.search.text()
    assert window.library.count() == before


def test_ctrl_v_in_a_detail_field_pastes_text_there(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    lib = window.library
    before = lib.count()
    rid = next(r.id for r in lib.search("") if r.title == "Deep Learning")
    window.table.select_ids([rid])
    title = window.detail.editor("title")  # a multi-line field
    give_focus(qtbot, title)
    title.moveCursor(QTextCursor.MoveOperation.End)
    _clip_text(" (draft)")
    qtbot.keyClick(title, Qt.Key.Key_V, CTRL)
    assert title.text() == "Deep Learning (draft)"
    place = window.detail.editor("place")  # a line edit
    give_focus(qtbot, place)
    place.end(False)
    _clip_text(" & London")
    qtbot.keyClick(place, Qt.Key.Key_V, CTRL)
    assert place.text() == "Cambridge, MA & London"
    assert lib.count() == before


def test_ctrl_v_elsewhere_than_the_records_imports_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    before = window.library.count()
    _clip_text(NEW_BIBTEX)
    rid = next(r.id for r in window.library.search("") if r.title == "Deep Learning")
    window.table.select_ids([rid])
    for widget in (window.sources, window.abstract.text):
        give_focus(qtbot, widget)
        qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)
    assert window.library.count() == before


def test_edit_paste_menu_item_pastes_into_the_focused_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    before = window.library.count()
    _clip_text("müller")
    window.search.clear()
    give_focus(qtbot, window.search)
    window.action("paste").trigger()
    assert window.search.text() == "müller"
    assert window.library.count() == before


def test_edit_paste_menu_item_imports_when_the_table_has_focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    edit_menu = next(a.menu() for a in window.menuBar().actions()
                     if window.action("copy_key") in a.menu().actions())
    assert window.action("paste") in edit_menu.actions()
    assert QApplication.focusWidget() is not window.search
    _clip_text(NEW_RIS)
    give_focus(qtbot, window.table)
    window.action("paste").trigger()
    assert "Reading Pasted RIS" in _titles(window.library)


def test_paste_copied_files_is_one_undo_step(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    before = lib.count()
    bib = tmp_path / "a.bib"
    bib.write_text(NEW_BIBTEX, encoding="utf-8")
    ris = tmp_path / "b.ris"
    ris.write_text(NEW_RIS, encoding="utf-8")
    mime = QMimeData()  # what a file manager puts on the clipboard for copied files
    mime.setUrls([QUrl.fromLocalFile(str(bib)), QUrl.fromLocalFile(str(ris))])
    mime.setText(f"{bib}\n{ris}")
    _clip_mime(mime)
    give_focus(qtbot, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    assert lib.count() == before + 2
    assert {"Neural Networks for Pattern Recognition", "Reading Pasted RIS"} <= _titles(lib)
    assert len(window.selected_ids()) == 2
    window.action("undo").trigger()
    assert lib.count() == before


def test_paste_the_text_of_a_saved_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((SPEC / "seed_record.json").read_text(encoding="utf-8"))
    _clip_text(SEED.read_text(encoding="utf-8"))
    give_focus(qtbot, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    (rid,) = window.selected_ids()
    rec = window.library.get(rid)
    assert rec.title == expected["title"]
    assert rec.doi == expected["DOI"]


def test_paste_into_an_empty_library_from_the_welcome_view(qtbot, make_window,
                                                           empty_library: Library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(empty_library)
    assert win.showing_welcome()
    _clip_text(NEW_RIS)
    give_focus(qtbot, win.welcome.button)
    qtbot.keyClick(win.welcome.button, Qt.Key.Key_V, CTRL)
    assert _titles(empty_library) == {"Reading Pasted RIS"}
    assert not win.showing_welcome()


def test_empty_clipboard_says_so_and_adds_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    before = window.library.count()
    QGuiApplication.clipboard().clear()
    give_focus(qtbot, window.table)
    window.statusBar().clearMessage()
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    assert window.library.count() == before
    assert "clipboard" in status(window).lower()
    assert window.action("undo").isEnabled() is False


def test_unusable_clipboard_text_is_a_status_message_not_a_report(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    before = window.library.count()
    reports_before = set(report_dialog._open_reports)
    _clip_text("just some words, no reference here")
    give_focus(qtbot, window.table)
    window.statusBar().clearMessage()
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    assert window.library.count() == before
    assert "clipboard" in status(window).lower()
    assert set(report_dialog._open_reports) == reports_before


def test_paste_a_doi_says_that_nothing_was_looked_up(qtbot, make_window,
                                                     empty_library: Library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(empty_library)
    _clip_text(f"https://doi.org/{DOI}")
    give_focus(qtbot, win.welcome.button)
    qtbot.keyClick(win.welcome.button, Qt.Key.Key_V, CTRL)
    (rid,) = win.selected_ids()
    rec = empty_library.get(rid)
    assert rec.doi == DOI and rec.title == ""  # nothing made up
    msg = status(win)
    assert "does not look DOIs up online" in msg
    assert ".bib" in msg and ".ris" in msg
    col = win.model.column_index("title")
    row = win.model.row_of(rid)
    assert DOI in win.model.index(row, col).data()


def test_paste_is_off_in_a_read_only_library(make_window, read_only_library) -> None:  # type: ignore[no-untyped-def]
    win = make_window(read_only_library)
    assert not win.action("paste").isEnabled()


def test_paste_files_copied_in_gnome_files(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    before = lib.count()
    bib = tmp_path / "copied one.bib"  # a space: the URL is percent-encoded
    bib.write_text(NEW_BIBTEX, encoding="utf-8")
    ris = tmp_path / "b.ris"
    ris.write_text(NEW_RIS, encoding="utf-8")
    mime = QMimeData()  # only GNOME's own flavour, no text/uri-list
    urls = "\n".join(QUrl.fromLocalFile(str(f)).toString(QUrl.ComponentFormattingOption.FullyEncoded)
                     for f in (bib, ris))
    mime.setData("x-special/gnome-copied-files", f"copy\n{urls}".encode())
    _clip_mime(mime)
    give_focus(qtbot, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    assert lib.count() == before + 2
    assert {"Neural Networks for Pattern Recognition", "Reading Pasted RIS"} <= _titles(lib)


def test_paste_a_saved_page_copied_as_html_only(qtbot, make_window,
                                                 empty_library: Library) -> None:  # type: ignore[no-untyped-def]
    index = json.loads((CORPUS / "pages" / "INDEX.json").read_text(encoding="utf-8"))
    entry = next(e for e in index if "plosone" in e["file"])
    mime = QMimeData()  # text/html, no text/plain flavour
    mime.setHtml((CORPUS / "pages" / entry["file"]).read_text(encoding="utf-8"))
    assert not mime.hasText()
    win = make_window(empty_library)
    _clip_mime(mime)
    give_focus(qtbot, win.welcome.button)
    qtbot.keyClick(win.welcome.button, Qt.Key.Key_V, CTRL)
    (rec,) = empty_library.search("")
    assert rec.title == entry["title"]
    assert rec.doi.lower() == entry["doi"].lower()
