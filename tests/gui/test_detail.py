"""The detail pane: a form per item type, edits saved on commit, each one undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QLineEdit

from app.core.records import Creator, PartialDate
from app.gui.panes.detail import field_label, fields_for, link_url, split_list

from .conftest import title_ids

pytestmark = pytest.mark.gui


def show(window, title: str):  # type: ignore[no-untyped-def]
    rid = title_ids(window.library)[title]
    window.table.select_ids([rid])
    assert window.detail.record is not None and window.detail.record.id == rid
    return rid


def commit_line(window, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    ed = window.detail.editor(name)
    ed.setFocus()
    ed.setText(text)
    if isinstance(ed, QLineEdit):
        ed.editingFinished.emit()
    else:
        ed.committed.emit()


def form_labels(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text() for w in window.detail.form_host.findChildren(QLabel)]


def test_edit_title_is_saved_and_undoable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    commit_line(window, "title", "Deep Learning (Adaptive Computation)")
    assert window.library.get(rid).title == "Deep Learning (Adaptive Computation)"
    row = window.model.row_of(rid)
    assert window.model.index(row, window.model.column_index("title")).data() == \
        "Deep Learning (Adaptive Computation)"
    assert window.action("undo").text() == "Undo Edit Title"
    window.action("undo").trigger()
    assert window.library.get(rid).title == "Deep Learning"
    assert window.detail.editor("title").text() == "Deep Learning"
    window.action("redo").trigger()
    assert window.library.get(rid).title == "Deep Learning (Adaptive Computation)"


def test_each_field_edit_is_one_undo_step(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "中国古代文学研究")
    commit_line(window, "volume", "13")
    commit_line(window, "pages", "45-61")
    commit_line(window, "pages", "45-61")  # unchanged: no new step
    assert window.undo_stack.count() == 2
    window.action("undo").trigger()
    assert window.library.get(rid).pages == "45-60"
    assert window.library.get(rid).volume == "13"
    window.action("undo").trigger()
    assert window.library.get(rid).volume == "12"


def test_form_fits_the_item_type(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    show(window, "基于深度学习的图像识别")  # a thesis
    labels = form_labels(window)
    assert "University" in labels and "Thesis Type" in labels
    assert "Journal" not in labels
    assert window.detail.editor("publisher").text() == "清华大学"
    show(window, "中国古代文学研究")  # a journal article
    labels = form_labels(window)
    assert {"Journal", "Volume", "Issue", "Pages"} <= set(labels)
    assert "University" not in labels
    main, rest = fields_for("article-journal")
    assert "container_title" in main and "isbn" in rest
    assert field_label("container_title", "chapter") == "Book Title"


def test_change_item_type(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "A Zebra Study of Sorting")
    combo = window.detail.type_combo
    combo.setCurrentIndex(combo.findData("chapter"))
    combo.activated.emit(combo.currentIndex())
    assert window.library.get(rid).type == "chapter"
    assert "Book Title" in form_labels(window)
    assert window.detail.editor("container_title").text() == "Proceedings of Sorting"
    window.action("undo").trigger()
    assert window.library.get(rid).type == "paper-conference"
    assert "Proceedings Title" in form_labels(window)


def test_every_field_is_editable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    from app.core.records import TEXT_FIELDS

    for name in TEXT_FIELDS:
        if name in ("type",):
            continue
        assert name in window.detail._editors, name
    commit_line(window, "isbn", "9780262035613")  # under More Fields for a book? no: main
    commit_line(window, "pmid", "12345")  # under More Fields
    rec = window.library.get(rid)
    assert (rec.isbn, rec.pmid) == ("9780262035613", "12345")


def test_dates_are_parsed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    commit_line(window, "issued", "Dec 20, 2006")
    assert window.library.get(rid).issued == PartialDate(2006, 12, 20)
    assert window.detail.editor("issued").text() == "2006-12-20"
    commit_line(window, "issued", "")
    assert window.library.get(rid).issued is None


def test_tags_and_keywords(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    commit_line(window, "tags", "textbook, 机器学习，ml")
    assert window.library.get(rid).tags == ["textbook", "机器学习", "ml"]
    qtbot.waitUntil(lambda: window.sources.tag_item("机器学习") is not None, timeout=2000)
    commit_line(window, "keywords", "neural networks; 深度学习")
    assert window.library.get(rid).keywords == ["neural networks", "深度学习"]
    assert split_list("a; b，c、a") == ["a", "b", "c"]


def test_creators_editor(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    ed = window.detail.creators
    assert [r.creator().family for r in ed.rows] == ["Goodfellow", "Bengio", "Courville"]
    # reorder
    ed.rows[2].up.click()
    assert [c.family for c in window.library.get(rid).creators] == \
        ["Goodfellow", "Courville", "Bengio"]
    # remove
    ed = window.detail.creators
    ed.rows[1].remove.click()
    assert [c.family for c in window.library.get(rid).creators] == ["Goodfellow", "Bengio"]
    # add a CJK name in a single field
    ed = window.detail.creators
    ed.add_button.click()
    row = ed.rows[-1]
    row.switch.click()  # single field
    assert row.single
    row.family.setText("欧阳修")
    row.family.setModified(True)
    row.family.editingFinished.emit()
    creators = window.library.get(rid).creators
    assert creators[-1] == Creator(literal="欧阳修")
    # single -> two fields splits a compound surname
    window.detail.creators.rows[-1].switch.click()
    assert window.library.get(rid).creators[-1] == Creator(family="欧阳", given="修")
    # an editor's role
    ed = window.detail.creators
    ed.rows[0].role.setCurrentIndex(ed.rows[0].role.findData("editor"))
    assert window.library.get(rid).creators[0].role == "editor"
    # each step undoes alone
    window.action("undo").trigger()
    assert window.library.get(rid).creators[0].role == "author"
    for _ in range(4):
        window.action("undo").trigger()
    assert [c.family for c in window.library.get(rid).creators] == \
        ["Goodfellow", "Bengio", "Courville"]
    assert [r.creator().family for r in window.detail.creators.rows] == \
        ["Goodfellow", "Bengio", "Courville"]


def test_doi_and_url_open_in_browser(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr("app.gui.panes.detail.QDesktopServices.openUrl",
                        lambda url: opened.append(url) or True)
    show(window, "Attention Is All You Need")
    window.detail.link_button("doi").click()
    assert opened[-1].toString() == "https://doi.org/10.5555/3295222.3295349"
    assert not window.detail.link_button("url").isEnabled()
    commit_line(window, "url", "https://example.org/paper")
    assert window.detail.link_button("url").isEnabled()
    window.detail.link_button("url").click()
    assert opened[-1].toString() == "https://example.org/paper"
    assert link_url("doi", "https://doi.org/10.1000/XYZ.") == QUrl("https://doi.org/10.1000/XYZ")
    assert link_url("doi", "not a doi") is None


def test_attachments_add_open_remove(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr("app.gui.panes.detail.QDesktopServices.openUrl",
                        lambda url: opened.append(url) or True)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    rid = show(window, "Deep Learning")
    window.detail.add_attachment([str(pdf)])
    assert window.library.get(rid).attachments == [str(pdf)]
    lst = window.detail.attachments.list
    assert lst.count() == 1 and lst.item(0).text() == "paper.pdf"
    row = window.model.row_of(rid)
    assert window.model.index(row, window.model.column_index("attachments")).data(
        3) == "Has attachments"  # ToolTipRole
    lst.setCurrentRow(0)
    assert window.detail.open_attachment()
    assert opened[-1] == QUrl.fromLocalFile(str(pdf))
    window.detail.remove_attachment()
    assert window.library.get(rid).attachments == []
    window.action("undo").trigger()
    assert window.library.get(rid).attachments == [str(pdf)]


def test_notes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rid = show(window, "Deep Learning")
    window.detail.add_note("Read chapter 6 first.\nThen 7.")
    window.detail.add_note("第二条笔记")
    assert window.library.get(rid).notes == ["Read chapter 6 first.\nThen 7.", "第二条笔记"]
    assert window.detail.notes.list.item(0).text() == "Read chapter 6 first."
    window.detail.notes.list.setCurrentRow(0)
    window.detail.remove_note()
    assert window.library.get(rid).notes == ["第二条笔记"]


def test_several_selected_show_a_summary(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = title_ids(window.library)
    window.table.select_ids([ids["Deep Learning"], ids["A Zebra Study of Sorting"]])
    assert not window.detail.showing_form()
    assert window.detail.message.text() == "2 records selected"
    window.table.select_ids([])
    assert window.detail.message.text() == "No record selected"


def test_abstract_pane_switches_to_translation(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    show(window, "中国古代文学研究")
    pane = window.abstract
    assert pane.shown_text() == "本文研究中国古代文学。"
    assert pane.toggle.isVisibleTo(pane)
    pane.toggle.click()
    assert pane.shown_text() == "This paper studies classical Chinese literature."
    assert pane.showing_translation()
    pane.toggle.click()
    assert pane.shown_text() == "本文研究中国古代文学。"
    assert "Noto Sans CJK SC" in pane.text.font().families()[:1]
    show(window, "Deep Learning")
    assert pane.shown_text() == ""
    assert not pane.toggle.isVisibleTo(pane)


def test_preview_widget_slot(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    label = QLabel("preview")
    window.detail.set_preview_widget(label)
    assert label.parent() is not None
    other = QLabel("another")
    window.detail.set_preview_widget(other)
    assert label.parent() is None
    assert window.detail.preview_box.count() == 1
