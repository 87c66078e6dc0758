"""The source list: nested collections, tags, trash; drops of records; refresh on Changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData

from app.core.library import Library
from app.gui.operations import Operations
from app.gui.panes.sources import KIND_ROLE, SourceList
from app.gui.table.model import RECORD_IDS_MIME, Source, ids_from_mime

from .conftest import title_ids

pytestmark = pytest.mark.gui


@pytest.fixture
def sources(qtbot, library: Library):  # type: ignore[no-untyped-def]
    ops = Operations(library)
    lst = SourceList(ops)
    ops.changed.connect(lst.refresh)
    qtbot.addWidget(lst)
    qtbot.waitUntil(lambda: lst.tag_item("nlp") is not None, timeout=2000)  # read after start
    yield lst
    lst.close_readers()


def top_texts(lst: SourceList) -> list[str]:
    return [lst.topLevelItem(i).text(0) for i in range(lst.topLevelItemCount())]


def test_fixed_entries_and_tags(sources: SourceList) -> None:
    assert top_texts(sources) == ["All Records", "Unfiled", "Collections", "Tags",
                                  "Duplicates", "Trash"]
    tags = sources.topLevelItem(3)
    assert sorted(tags.child(i).text(0) for i in range(tags.childCount())) == \
        ["nlp (2)", "文学 (1)"]
    assert sources.current_source() == Source()


def test_nested_collections_and_selection(qtbot, sources: SourceList) -> None:
    ops = sources.ops
    top = ops.create_collection("Thesis").value
    child = ops.create_collection("Chapter 1", top).value
    grandchild = ops.create_collection("Section 1.1", child).value
    item = sources.collection_item(top)
    assert item is not None
    assert item.child(0).text(0) == "Chapter 1"
    assert item.child(0).child(0).text(0) == "Section 1.1"
    with qtbot.waitSignal(sources.source_selected) as sig:
        sources.setCurrentItem(sources.collection_item(grandchild))
    assert sig.args == [Source(collection=grandchild)]
    # renaming keeps the selection
    ops.rename_collection(grandchild, "Section 1.1 (draft)")
    assert sources.currentItem().text(0) == "Section 1.1 (draft)"
    # deleting the selected collection falls back to All Records
    with qtbot.waitSignal(sources.source_selected) as sig:
        ops.delete_collection(child)
    assert sig.args == [Source()]
    assert sources.collection_item(child) is None
    ops.undo_stack.undo()
    assert sources.collection_item(grandchild) is not None


def test_headers_are_not_sources(sources: SourceList) -> None:
    header = sources.topLevelItem(2)
    assert header.data(0, KIND_ROLE) == "collections"
    assert not header.flags() & header.flags().ItemIsSelectable


def test_dropping_records(qtbot, sources: SourceList, library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(library)
    cid = sources.ops.create_collection("Reading").value
    mime = QMimeData()
    mime.setData(RECORD_IDS_MIME, QByteArray(b"[%d, %d]" % (ids["Deep Learning"],
                                                            ids["A Zebra Study of Sorting"])))
    dropped = ids_from_mime(mime)
    sources.drop_ids(sources.collection_item(cid), dropped)
    assert set(library.query_ids(collection=cid)) == set(dropped)
    sources.drop_ids(sources.tag_item("nlp"), [ids["Deep Learning"]])
    assert "nlp" in library.get(ids["Deep Learning"]).tags
    qtbot.waitUntil(lambda: sources.tag_item("nlp").text(0) == "nlp (3)", timeout=2000)
    sources.drop_ids(sources.item_for(Source(scope="trash")), [ids["Deep Learning"]])
    assert library.is_trashed(ids["Deep Learning"])
    assert sources.item_for(Source(scope="trash")).text(0) == "Trash (1)"


def test_context_menus(sources: SourceList) -> None:
    cid = sources.ops.create_collection("Reading").value
    texts = [a.text() for a in sources.menu_for(sources.collection_item(cid)).actions()]
    assert "New Subcollection…" in texts and "Delete Collection…" in texts
    texts = [a.text() for a in sources.menu_for(sources.item_for(Source(scope="trash")))
             .actions()]
    assert texts == ["Empty Trash…"]
