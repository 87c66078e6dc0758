"""The record table model: Qt's model tester, lazy rows, sorting, search, sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.library import Library
from app.gui.table.model import ID_ROLE, RecordTableModel, Source, ids_from_mime

from .conftest import title_ids

pytestmark = pytest.mark.gui


def titles(model: RecordTableModel) -> list[str]:
    col = model.column_index("title")
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, library: Library) -> None:
    model = RecordTableModel(library)
    qtmodeltester.check(model, force_py=True)
    model.set_query("learning")
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_lazily_in_batches(library: Library) -> None:
    model = RecordTableModel(library)
    assert model.rowCount() == 6
    assert model.cached_count() == 0  # nothing read before a row is asked for
    model.index(0, model.column_index("title")).data()
    assert model.fetches == 1
    for r in range(6):
        for c in range(model.columnCount()):
            model.index(r, c).data()
    assert model.fetches == 1  # one batch served every cell


def test_display_values(library: Library) -> None:
    model = RecordTableModel(library)
    ids = title_ids(library)
    row = model.row_of(ids["中国古代文学研究"])
    assert model.index(row, model.column_index("creators")).data() == "王小明; 李华"
    assert model.index(row, model.column_index("year")).data() == "2019"
    assert model.index(row, model.column_index("container")).data() == "文学评论"
    assert model.index(row, model.column_index("type")).data() == "Journal Article"
    assert model.index(row, model.column_index("date_added")).data() == "2024-01-01"
    assert model.index(row, 0).data(ID_ROLE) == ids["中国古代文学研究"]


def test_sort_by_title_and_year(library: Library) -> None:
    model = RecordTableModel(library)
    model.sort(model.column_index("year"), Qt.SortOrder.AscendingOrder)
    years = [model.index(r, model.column_index("year")).data() for r in range(6)]
    assert years == ["1889", "2001", "2016", "2017", "2019", "2021"]
    model.sort(model.column_index("year"), Qt.SortOrder.DescendingOrder)
    years = [model.index(r, model.column_index("year")).data() for r in range(6)]
    assert years == ["2021", "2019", "2017", "2016", "2001", "1889"]
    model.sort(model.column_index("title"), Qt.SortOrder.AscendingOrder)
    # leading article dropped ("A Zebra" sorts under Z), CJK sorted by pinyin
    # (Ji-yu, Zhong-guo), umlaut folded (Uber)
    assert titles(model) == ["Attention Is All You Need", "Deep Learning",
                             "基于深度学习的图像识别", "Über die Müller-Lyer Illusion",
                             "A Zebra Study of Sorting", "中国古代文学研究"]


def test_search_filters(library: Library) -> None:
    model = RecordTableModel(library)
    model.set_query("muller")  # accent folding
    assert titles(model) == ["Über die Müller-Lyer Illusion"]
    model.set_query("古代文学")  # CJK run
    assert titles(model) == ["中国古代文学研究"]
    model.set_query("year:2016-2017")
    assert set(titles(model)) == {"Deep Learning", "Attention Is All You Need"}
    model.set_query("")
    assert model.rowCount() == 6


def test_sources_filter(library: Library) -> None:
    ids = title_ids(library)
    cid = library.create_collection("Reading").value
    library.add_to_collection(cid, [ids["Deep Learning"]])
    model = RecordTableModel(library)
    model.set_source(Source(collection=cid))
    assert titles(model) == ["Deep Learning"]
    model.set_source(Source(tag="nlp"))
    assert set(titles(model)) == {"Attention Is All You Need", "基于深度学习的图像识别"}
    library.trash([ids["Deep Learning"]])
    model.set_source(Source(scope="trash"))
    assert titles(model) == ["Deep Learning"]


def test_apply_changes_refreshes_only_what_changed(qtbot, library: Library) -> None:
    model = RecordTableModel(library)
    ids = title_ids(library)
    for r in range(6):
        model.index(r, 1).data()
    fetches = model.fetches
    res = library.set_field(ids["Deep Learning"], "title", "Deep Learning, 2nd ed.")
    with qtbot.waitSignal(model.dataChanged):
        model.apply_changes(res.changes)
    row = model.row_of(ids["Deep Learning"])
    assert model.index(row, model.column_index("title")).data() == "Deep Learning, 2nd ed."
    assert model.fetches == fetches + 1
    assert model.cached_count() == 6  # the other rows were kept
    res2 = library.trash([ids["Deep Learning"]])
    with qtbot.waitSignal(model.modelReset):
        model.apply_changes(res2.changes)
    assert model.rowCount() == 5


def test_mime_data_carries_ids_and_text(library: Library) -> None:
    model = RecordTableModel(library)
    model.drag_text = lambda ids: f"{len(ids)} citations"
    mime = model.mimeData([model.index(0, 1), model.index(0, 2), model.index(1, 1)])
    assert ids_from_mime(mime) == [model.id_at(0), model.id_at(1)]
    assert mime.text() == "2 citations"


@pytest.mark.parametrize("background", [False, True])
def test_first_page_then_the_rest(qtbot, qtmodeltester, library: Library,
                                  background: bool) -> None:
    """A sort shows the first rows at once; the rest are appended, in the same order."""
    model = RecordTableModel(library, background=background)
    model.FIRST_PAGE = 2
    with qtbot.waitSignal(model.completed, timeout=3000):
        model.sort(model.column_index("year"), Qt.SortOrder.AscendingOrder)
    assert model.complete
    years = [model.index(r, model.column_index("year")).data() for r in range(6)]
    assert years == ["1889", "2001", "2016", "2017", "2019", "2021"]
    qtmodeltester.check(model, force_py=True)
    model.close()


def test_stale_background_results_are_dropped(qtbot, library: Library) -> None:
    model = RecordTableModel(library, background=True)
    model.FIRST_PAGE = 1
    model.set_query("learning")  # 2 hits: the full list comes from the background
    model.set_query("")  # a newer query before it arrives
    qtbot.waitUntil(lambda: model.complete, timeout=3000)
    qtbot.wait(50)
    assert model.rowCount() == 6
    assert sorted(model.ids()) == sorted(library.query_ids(""))
    model.close()


def test_selection_beyond_the_first_page(qtbot, library: Library) -> None:
    from app.gui.table.view import RecordTableView

    model = RecordTableModel(library, background=True)
    model.FIRST_PAGE = 2
    view = RecordTableView(model)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: model.complete, timeout=3000)
    last = model.id_at(5)
    view.select_ids([last])
    with qtbot.waitSignal(model.completed, timeout=3000):
        model.sort(model.column_index("title"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: view.selected_ids() == [last], timeout=3000)
    model.close()


def test_superseded_background_queries_are_interrupted(library: Library) -> None:
    import logging
    import sqlite3

    from app.gui.table import model as model_mod

    class FakeConn:
        interrupted = 0

        def interrupt(self) -> None:
            FakeConn.interrupted += 1

    class FakeReader:
        conn = FakeConn()

    m = RecordTableModel(library)
    m._lanes["first"] = (None, FakeReader())  # type: ignore[assignment]
    m._inflight["first"] = m._generation  # the current query: left alone
    m._interrupt_stale()
    assert FakeConn.interrupted == 0
    m._generation += 1  # a newer search started
    m._interrupt_stale()
    assert FakeConn.interrupted == 1
    m._lanes.clear()
    rec = logging.LogRecord("app.core.library", logging.WARNING, "", 0,
                            "search %r failed in SQL: %s",
                            ("x", sqlite3.OperationalError("interrupted")), None)
    assert not model_mod._InterruptedFilter().filter(rec)
    rec.args = ("x", sqlite3.OperationalError("no such column"))
    assert model_mod._InterruptedFilter().filter(rec)


def test_first_page_is_shown_before_the_full_list(qtbot, library: Library) -> None:
    """A sort shows its first rows before the full id list is read (in the background)."""
    model = RecordTableModel(library, background=True)
    model.FIRST_PAGE = 2
    model.sort(model.column_index("year"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 2 and not model.complete  # nothing else ran yet
    assert [model.index(r, model.column_index("year")).data() for r in range(2)] == [
        "1889", "2001"]
    with qtbot.waitSignal(model.completed, timeout=3000):
        pass
    assert model.rowCount() == 6
    assert model.ids() == library.query_ids("", sort="year")
    model.close()


def test_typed_searches_end_with_the_last_querys_rows(qtbot, library: Library) -> None:
    """Search-as-you-type: each keystroke supersedes the one before; the rows shown at
    the end are those of the last query, and the old rows stay until they come."""
    model = RecordTableModel(library, background=True)
    model.FIRST_PAGE = 1
    shown: list[tuple[str, list[int]]] = []
    model.requeried.connect(lambda: shown.append((model.query, model.ids())))
    for k in range(1, len("muller") + 1):
        model.set_query("muller"[:k], wait=False)
    assert model.searching and model.rowCount() == 6  # still the old rows
    qtbot.waitUntil(lambda: not model.searching and model.complete, timeout=3000)
    qtbot.wait(100)  # any stale result would have arrived by now
    ids = title_ids(library)
    assert model.ids() == [ids["Über die Müller-Lyer Illusion"]]
    assert shown and shown[-1] == ("muller", model.ids())
    for query, rows in shown:  # every requery showed its own query's rows
        assert rows == library.query_ids(query, sort="date_added", descending=True)[
            :len(rows)]
    model.close()


def test_a_query_that_became_stale_after_starting_is_stopped(library: Library) -> None:
    """The next keystroke can come just after a background query passed its check
    and before SQLite runs it (an interrupt then reaches nothing): the progress
    handler stops it, so that the lane is free for the new query."""
    model = RecordTableModel(library, background=False)  # no lane opened yet
    model.PROGRESS_STEPS = 1
    lane = model._lane("first")
    assert lane is not None
    real = RecordTableModel._query

    def racing(lib: Library, *args: object, **kw: object) -> list[int]:
        model._generation += 1  # the next keystroke, after the check
        model._interrupt_stale()
        return real(lib, *args, **kw)  # type: ignore[arg-type]

    model._query = racing  # type: ignore[method-assign]
    delivered: list[object] = []
    model._bridge.first.connect(lambda gen, payload: delivered.append(payload))
    args = ("learning", "date_added", True, Source())
    model._first_work(lane[1], model._generation, args)
    assert model.aborted >= 1
    assert delivered == []  # a stale result is never shown
    assert model._inflight["first"] == 0
    model.close()


def test_close_interrupts_a_running_background_query(library: Library) -> None:
    from concurrent.futures import ThreadPoolExecutor

    class FakeConn:
        interrupted = closed = 0

        def interrupt(self) -> None:
            FakeConn.interrupted += 1

        def close(self) -> None:
            FakeConn.closed += 1

    class FakeReader:
        conn = FakeConn()

    m = RecordTableModel(library)
    m._lanes["full"] = (ThreadPoolExecutor(max_workers=1), FakeReader())  # type: ignore[assignment]
    m._inflight["full"] = m._generation  # a query of the current search is running
    m.close()
    assert FakeConn.interrupted == 1  # the window closes without waiting for it
    assert FakeConn.closed == 1


def test_a_requery_tells_about_the_selection_only_when_there_was_one(
        qtbot, library: Library) -> None:
    """A search or sort with nothing selected does not announce an empty selection
    (the detail pane would be refilled on every keystroke); one that drops the
    selected record does."""
    from app.gui.table.view import RecordTableView

    model = RecordTableModel(library)
    view = RecordTableView(model)
    qtbot.addWidget(view)
    got: list[list[int]] = []
    view.ids_selected.connect(got.append)
    model.set_query("learning")
    model.sort(model.column_index("title"), Qt.SortOrder.AscendingOrder)
    model.set_query("")
    assert got == []
    ids = title_ids(library)
    view.select_ids([ids["Deep Learning"]])
    assert got[-1] == [ids["Deep Learning"]]
    model.set_query("learning")  # still shown: still selected
    assert view.selected_ids() == [ids["Deep Learning"]]
    model.set_query("muller")  # gone: the selection is empty now
    assert got[-1] == []
    model.close()


def test_a_typed_search_reads_its_full_list_only_after_a_pause(
        qtbot, library: Library) -> None:
    """While the user types, each keystroke's full id list would be read and thrown
    away by the next keystroke: a typed search waits longer before reading it than
    a sort does."""
    model = RecordTableModel(library, background=True)
    model.FIRST_PAGE = 1
    model.FULL_DELAY_MS = 0
    model.SEARCH_FULL_DELAY_MS = 60_000  # the user is still typing
    model.set_query("tag:nlp", wait=False)  # two records
    qtbot.waitUntil(lambda: not model.searching, timeout=3000)
    qtbot.wait(200)  # time enough for a full list read at once
    assert not model.complete and model.rowCount() == 1
    with qtbot.waitSignal(model.completed, timeout=3000):  # a sort reads it at once
        model.sort(model.column_index("title"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 2
    model.close()
