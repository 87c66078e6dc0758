"""Records without a title (a dropped DOI, a new record) are findable in the table,
and a DOI-only import says that Refshelf did not look the DOI up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core.library import Library
from app.core.records import Record
from tests.gui.focus import status

pytestmark = pytest.mark.gui

DOI = "10.1353/apr.2023.a905228"
NEW_BIBTEX = """@article{bishop1995,
  title = {Neural Networks for Pattern Recognition},
  author = {Bishop, Christopher M.},
  journal = {Clarendon Press},
  year = {1995}
}
"""


def test_a_record_without_title_shows_its_doi_as_a_stand_in(make_window,
                                                            empty_library: Library) -> None:  # type: ignore[no-untyped-def]
    lib = empty_library
    doi_only = lib.add(Record(type="article-journal", doi=DOI)).value
    titled = lib.add(Record(type="book", title="Has A Title", doi="10.1000/titled")).value
    bare = lib.add(Record(type="article-journal")).value
    win = make_window(lib)
    m = win.model
    col = m.column_index("title")

    def cell(rid: int):  # type: ignore[no-untyped-def]
        return m.index(m.row_of(rid), col)

    assert DOI in cell(doi_only).data()
    assert lib.get(doi_only).title == ""  # the stand-in is not stored
    assert cell(bare).data().strip() != ""
    assert cell(titled).data() == "Has A Title"
    placeholder = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    for rid in (doi_only, bare):
        font = cell(rid).data(Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.italic()
        assert cell(rid).data(Qt.ItemDataRole.ForegroundRole).color() == placeholder
    assert cell(titled).data(Qt.ItemDataRole.FontRole) is None
    assert cell(titled).data(Qt.ItemDataRole.ForegroundRole) is None
    # other columns of the stand-in row are drawn as usual
    other = m.index(m.row_of(doi_only), m.column_index("type"))
    assert other.data(Qt.ItemDataRole.FontRole) is None


def test_a_drop_of_a_doi_gives_the_same_message(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setText(f"doi:{DOI}")
    window.import_mime(mime)
    assert "does not look DOIs up online" in status(window)


def test_titled_imports_do_not_mention_dois(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setText(NEW_BIBTEX)
    window.import_mime(mime)
    assert "1 added" in status(window)
    assert "DOI" not in status(window)


def test_dropped_doi_note_does_not_promise_a_lookup() -> None:
    from app.core.extract import read_dropped_text

    for text in (DOI, f"{DOI}\n10.1000/xyz123"):
        notes = " ".join(read_dropped_text(text).notes)
        assert "until" not in notes
        assert "not looked up" in notes
