"""The main window: title, welcome view, sorting, search, sources, trash, undo, layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.core.library import Library
from app.gui.table.model import Source

from .conftest import sample_records, title_ids

pytestmark = pytest.mark.gui


def shown_titles(win) -> list[str]:  # type: ignore[no-untyped-def]
    m = win.model
    col = m.column_index("title")
    return [m.index(r, col).data() for r in range(m.rowCount())]


def click_header(qtbot, win, key: str) -> None:  # type: ignore[no-untyped-def]
    hh = win.table.horizontalHeader()
    col = win.model.column_index(key)
    x = hh.sectionViewportPosition(col) + hh.sectionSize(col) // 2
    qtbot.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, hh.height() // 2))


def test_title_names_the_library(window) -> None:  # type: ignore[no-untyped-def]
    assert "test-library" in window.windowTitle()
    assert "Refshelf" in window.windowTitle()
    assert not window.showing_welcome()
    assert window.count_label.text() == "6 record(s)"


def test_welcome_view_on_empty_library(make_window, empty_library: Library) -> None:
    win = make_window(empty_library)
    assert win.showing_welcome()
    assert win.welcome.isVisible()
    assert "empty" in win.welcome.body.text()
    report = empty_library.import_records(sample_records()[:2])
    win.after_import(report)
    assert not win.showing_welcome()
    assert sorted(win.selected_ids()) == sorted(report.added)
    assert win.detail.showing_form() is False  # two records: a summary
    assert "2 records selected" in win.detail.message.text()


def test_sort_by_clicking_headers(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click_header(qtbot, window, "year")
    years = [window.model.index(r, window.model.column_index("year")).data()
             for r in range(6)]
    first = years[:]
    assert first in (sorted(years), sorted(years, reverse=True))
    click_header(qtbot, window, "year")
    years = [window.model.index(r, window.model.column_index("year")).data()
             for r in range(6)]
    assert years == list(reversed(first))
    click_header(qtbot, window, "creators")
    creators = [window.model.index(r, window.model.column_index("creators")).data()
                for r in range(6)]
    # Adams, Goodfellow, Müller, Vaswani; Wang (王) and Zhang (张) by pinyin
    asc = ["Adams, Zoe", "Goodfellow, Ian; Bengio, Yoshua; Courville, Aaron",
           "Müller, Franz", "Vaswani, Ashish; Shazeer, Noam", "王小明; 李华", "张伟"]
    assert creators in (asc, asc[::-1])


def test_sort_keeps_the_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    window.table.select_ids([ids["Deep Learning"]])
    click_header(qtbot, window, "title")
    assert window.selected_ids() == [ids["Deep Learning"]]
    assert window.detail.record.title == "Deep Learning"


def test_search_as_you_type(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.action("find").trigger()
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "muller")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert shown_titles(window) == ["Über die Müller-Lyer Illusion"]
    window.search.clear()
    # CJK text arrives as one key event carrying the text (as an input method commits it)
    QApplication.sendEvent(window.search, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                    Qt.KeyboardModifier.NoModifier, "古代"))
    assert window.search.text() == "古代"
    qtbot.waitUntil(lambda: shown_titles(window) == ["中国古代文学研究"], timeout=2000)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=2000)
    assert window.search.text() == ""


def search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search.setText(text)
    window.apply_search()
    qtbot.waitUntil(lambda: not window.model.searching, timeout=3000)


def test_search_with_fields(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "author:goodfellow year:2016")
    assert shown_titles(window) == ["Deep Learning"]
    search(qtbot, window, "tag:nlp -attention")
    assert shown_titles(window) == ["基于深度学习的图像识别"]


def test_search_does_not_block_and_keeps_order(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.model.FIRST_PAGE = 2
    window.search.setText("year:>2000")
    window.apply_search()
    assert window.model.searching  # the query runs on the query thread
    assert window.model.rowCount() == 6  # the old rows stay until the new ones arrive
    qtbot.waitUntil(lambda: window.model.complete and not window.model.searching,
                    timeout=3000)
    assert len(shown_titles(window)) == 5  # first page of 2, then the other 3
    search(qtbot, window, "")
    qtbot.waitUntil(lambda: window.model.complete, timeout=3000)
    years = [window.model.index(r, window.model.column_index("date_added")).data()
             for r in range(6)]
    assert window.model.rowCount() == 6 and years == sorted(years, reverse=True)


def test_typing_searches_at_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A keystroke starts its search when the event loop next runs (no waiting for
    typing to pause), so that its rows can be painted within the keystroke's 100 ms."""
    window.search.setText("muller")
    QApplication.processEvents()
    assert window.model.query == "muller"
    qtbot.waitUntil(lambda: shown_titles(window) == ["Über die Müller-Lyer Illusion"],
                    timeout=3000)


def test_keys_typed_during_a_search_give_one_search_after_it(  # type: ignore[no-untyped-def]
        qtbot, window) -> None:
    """While a search runs, further keys are not searched one by one: the text as it
    is when the running search's rows arrive is searched next."""
    import threading

    gate = threading.Event()
    lane = window.model._lane("first")
    assert lane is not None
    lane[0].submit(gate.wait, 10)  # keeps the query thread busy: the search stays open
    started: list[str] = []
    set_query = window.model.set_query
    window.model.set_query = lambda text, **kw: (started.append(text),  # type: ignore
                                                 set_query(text, **kw))
    window.search.setText("m")
    qtbot.waitUntil(lambda: started == ["m"], timeout=3000)
    assert window.model.searching
    for k in range(2, len("muller") + 1):
        window.search.setText("muller"[:k])
        QApplication.processEvents()
    assert started == ["m"]  # nothing piles up behind the running search
    gate.set()
    qtbot.waitUntil(lambda: shown_titles(window) == ["Über die Müller-Lyer Illusion"],
                    timeout=3000)
    assert started == ["m", "muller"]
    assert not window.model.searching


def test_source_list_filters_the_table(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    ids = title_ids(lib)
    cid = window.ops.create_collection("Reading").value
    sub = window.ops.create_collection("Chinese", cid).value
    window.ops.add_to_collection(cid, [ids["Deep Learning"]])
    window.ops.add_to_collection(sub, [ids["中国古代文学研究"]])
    item = window.sources.collection_item(cid)
    assert item is not None and item.child(0).text(0) == "Chinese"
    window.sources.setCurrentItem(item)
    assert set(shown_titles(window)) == {"Deep Learning", "中国古代文学研究"}
    window.sources.setCurrentItem(window.sources.collection_item(sub))
    assert shown_titles(window) == ["中国古代文学研究"]
    window.sources.setCurrentItem(window.sources.tag_item("nlp"))
    assert set(shown_titles(window)) == {"Attention Is All You Need", "基于深度学习的图像识别"}
    window.sources.select_source(Source(scope="unfiled"))
    assert len(shown_titles(window)) == 4
    window.action("show_all").trigger()
    assert len(shown_titles(window)) == 6


def test_delete_moves_to_trash_and_restore(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    window.table.select_ids([ids["Deep Learning"]])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "Deep Learning" not in shown_titles(window)
    assert window.library.is_trashed(ids["Deep Learning"])
    assert len(window.selected_ids()) == 1  # the next record is selected
    assert window.sources.item_for(Source(scope="trash")).text(0) == "Trash (1)"
    window.sources.select_source(Source(scope="trash"))
    assert shown_titles(window) == ["Deep Learning"]
    assert not window.action("restore").isEnabled()  # nothing selected yet
    window.table.select_ids([ids["Deep Learning"]])
    assert window.action("restore").isEnabled()
    window.action("restore").trigger()
    assert shown_titles(window) == []
    assert not window.library.is_trashed(ids["Deep Learning"])
    window.action("show_all").trigger()
    assert "Deep Learning" in shown_titles(window)


def test_empty_trash_asks_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    window.ops.trash([ids["Deep Learning"], ids["A Zebra Study of Sorting"]])
    asked: list[str] = []
    window.confirm = lambda title, text: asked.append(text) or False
    window.action("empty_trash").trigger()
    assert asked and "2 record(s)" in asked[0]
    assert window.library.count(trash=True) == 2  # declined: nothing deleted
    window.confirm = lambda title, text: True
    window.action("empty_trash").trigger()
    assert window.library.count(trash=True) == 0
    assert not window.library.exists(ids["Deep Learning"])
    window.action("undo").trigger()  # even that can be undone while the history lasts
    assert window.library.count(trash=True) == 2


def test_undo_redo_over_trash_and_import(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    window.table.select_ids([ids["Deep Learning"]])
    window.action("trash").trigger()
    assert window.action("undo").isEnabled()
    assert "trash" in window.action("undo").text().lower()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.library.is_trashed(ids["Deep Learning"])
    assert "Deep Learning" in shown_titles(window)
    qtbot.keyClick(window.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.library.is_trashed(ids["Deep Learning"])
    from app.core.records import Record

    report = window.library.import_records([Record(title="Fresh Import Record")])
    window.after_import(report)
    assert window.detail.record.title == "Fresh Import Record"
    assert window.selected_ids() == report.added
    window.action("undo").trigger()
    assert not window.library.exists(report.added[0])
    assert "Fresh Import Record" not in shown_titles(window)


def test_user_error_is_shown_not_raised(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.ops.create_collection("   ") is None
    assert window.last_error == "a collection needs a name"
    assert window.statusBar().currentMessage() == window.last_error


def test_first_layout_gives_the_fields_more_room_than_the_abstract(
        qtbot, make_window, library: Library) -> None:
    """On first start the editable detail pane gets about three quarters of the right
    column (the read-only abstract's size hint used to take two thirds of it), and
    the right column is wide enough for a creator row."""
    win = make_window(library)
    win.resize(1000, 700)
    qtbot.wait(20)
    detail, abstract = win.right.sizes()
    assert detail >= 2 * abstract > 0, (detail, abstract)
    assert win.splitter.sizes()[2] >= 300


def test_layout_and_columns_persist(qtbot, make_window, library: Library) -> None:
    win = make_window(library)
    win.resize(760, 560)  # fits the offscreen screen, so restoring does not shrink it
    qtbot.wait(10)
    win.splitter.setSizes([150, 300, 250])
    sizes = win.splitter.sizes()
    win.table.set_column_shown("container", False)
    win.table.set_column_shown("date_modified", True)
    hh = win.table.horizontalHeader()
    hh.resizeSection(win.model.column_index("title"), 333)
    hh.moveSection(hh.visualIndex(win.model.column_index("year")), 1)
    click_header(qtbot, win, "year")
    order = win.table.shown_columns()
    sort = (win.model.sort_key, win.model.descending)
    win.close()

    win2 = make_window(library)
    assert win2.splitter.sizes() == sizes
    assert win2.table.shown_columns() == order
    assert "container" not in order and "date_modified" in order and order[1] == "year"
    assert win2.table.horizontalHeader().sectionSize(win2.model.column_index("title")) == 333
    assert (win2.model.sort_key, win2.model.descending) == sort == ("year", sort[1])
    years = [win2.model.index(r, win2.model.column_index("year")).data() for r in range(6)]
    assert years == sorted(years, reverse=sort[1])


def test_shortcuts_are_listed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dlg = window.show_shortcuts()
    rows = {action: keys for _menu, action, keys in dlg.rows()}
    assert rows["Import"] == "Ctrl+I"
    assert rows["Export"] == "Ctrl+E"
    assert rows["Copy Citation"] == "Ctrl+Shift+C"
    assert rows["Copy In-text Citation"] == "Ctrl+Shift+A"
    assert "Ctrl+Z" in rows["Undo"]
    assert "Ctrl+Shift+Z" in rows["Redo"]
    assert "Ctrl+F" in rows["Find"]
    assert "Del" in rows["Move to Trash"]
    dlg.close()


def test_context_menu_and_add_to_collection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    cid = window.ops.create_collection("Reading").value
    window.table.select_ids([ids["Deep Learning"], ids["Attention Is All You Need"]])
    menu = window.table_menu()
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in sub.actions() if a.text() == "Reading").trigger()
    assert set(window.library.query_ids(collection=cid)) == {ids["Deep Learning"],
                                                            ids["Attention Is All You Need"]}
    assert window.action("merge").isEnabled()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_drop_imports_and_selects(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    f = tmp_path / "dropped.json"
    f.write_text(json.dumps([{"id": "x", "type": "article-journal",
                              "title": "Dropped Paper On Graphs",
                              "author": [{"family": "刘", "given": "洋"}],
                              "issued": {"date-parts": [[2020]]}}]), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    assert window.acceptDrops()
    enter = QDragEnterEvent(QPoint(300, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)  # Qt delivers a drop to where the drag entered
    assert enter.isAccepted()
    event = QDropEvent(QPointF(300, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.detail.record is not None
                    and window.detail.record.title == "Dropped Paper On Graphs", timeout=3000)
    (rid,) = window.selected_ids()
    assert "Dropped Paper On Graphs" in shown_titles(window)
    window.action("undo").trigger()  # undo removes what the drop added
    assert not window.library.exists(rid)


def test_import_menu_uses_the_import_dialog(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.core.records import Record

    calls: list = []

    def fake_dialog(parent, library, runner, files=None):  # type: ignore[no-untyped-def]
        calls.append((parent, files))
        return library.import_records([Record(title="From The Dialog")])

    monkeypatch.setattr("app.gui.dialogs.import_dialog.run_import_dialog", fake_dialog)
    window.action("import").trigger()
    assert calls and calls[0][0] is window
    assert window.detail.record.title == "From The Dialog"
    assert window.action("undo").isEnabled()
    window.import_files(["/tmp/a.bib"])
    assert calls[-1][1] == ["/tmp/a.bib"]


def test_style_picker_and_preview_arrive_after_first_paint(qtbot, make_window,
                                                           library: Library) -> None:
    win = make_window(library, citation_preview=True)
    qtbot.waitUntil(lambda: win.style_picker is not None, timeout=5000)
    assert any(win.toolbar.widgetForAction(a) is win.style_picker
               for a in win.toolbar.actions())
    assert win.preview is not None and win.detail.preview_box.count() == 1
    menus = [a.text() for a in win.view_menu.actions()]
    assert any("Style" in m for m in menus)
    assert win.current_style() == win.style_picker.current_style()


def test_f6_moves_between_panes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.table.setFocus()
    window.cycle_pane(1)
    assert window.detail.isAncestorOf(QApplication.focusWidget()) or \
        QApplication.focusWidget() is window.detail
    window.cycle_pane(1)
    assert QApplication.focusWidget() is window.abstract.text
    window.cycle_pane(1)
    assert QApplication.focusWidget() is window.search
    window.cycle_pane(-1)
    assert QApplication.focusWidget() is window.abstract.text
    assert "F6" in [k.toString() for k in window.action("next_pane").shortcuts()]


def test_duplicates_view_and_merge_with_undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from app.core.records import Record

    lib = window.library
    report = lib.import_records([Record(title="Attention is all you need (preprint)",
                                        doi="10.5555/3295222.3295349")], policy="import")
    window.after_import(report)
    dup = report.added[0]
    orig = title_ids(lib)["Attention Is All You Need"]
    window.sources.select_source(Source(scope="duplicates"))
    assert sorted(window.model.ids()) == sorted([orig, dup])
    window.table.select_ids([orig, dup], current=orig)
    from app.gui.dialogs.merge_dialog import MergeDialog

    from .modal import drive_modals

    errors = drive_modals((MergeDialog, lambda dlg: dlg.merge_button.click()))
    window.action("merge").trigger()
    assert errors == []
    assert lib.is_trashed(dup) and not lib.is_trashed(orig)
    assert window.model.ids() == []  # no duplicates left
    window.action("undo").trigger()
    assert not lib.is_trashed(dup)
    assert sorted(window.model.ids()) == sorted([orig, dup])


def test_read_only_library_says_so(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ro.sqlite"
    with Library.open(path) as lib:
        lib.import_records(sample_records())
    ro = Library.open(path, read_only=True)
    try:
        win = make_window(ro)
        assert "(read-only)" in win.windowTitle()
        ids = title_ids(ro)
        win.table.select_ids([ids["Deep Learning"]])
        win.action("trash").trigger()  # refused by the core: a message, not a crash
        assert "read-only" in win.last_error
        assert not ro.is_trashed(ids["Deep Learning"])
        win.close()
    finally:
        ro.close()


def test_failed_undo_is_reported_and_resets_the_stack(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.core.errors import LibraryLockedError

    ids = title_ids(window.library)
    window.ops.trash([ids["Deep Learning"]])
    assert window.undo_stack.count() == 1

    def locked():  # type: ignore[no-untyped-def]
        raise LibraryLockedError("the library {path} is locked by another program", path="x")

    monkeypatch.setattr(window.library, "undo", locked)
    window.action("undo").trigger()
    assert window.last_error == "the library x is locked by another program"
    qtbot.waitUntil(lambda: window.undo_stack.count() == 0, timeout=2000)
    assert window.library.is_trashed(ids["Deep Learning"])  # nothing half-done
