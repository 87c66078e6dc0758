"""Edit › Merge Selected Records: the merge dialog (master record, each differing field's
value), one undoable merge of all the selected records, Cancel changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QTableWidget

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record
from app.gui.dialogs.merge_dialog import MergeDialog
from tests.core.test_library import dump

from .conftest import title_ids
from .modal import drive_modals

ORIG = "Attention Is All You Need"


def add_duplicates(lib: Library) -> list[int]:
    """Two later copies of the sample's oldest record, differing in a few fields."""
    return lib.import_records([
        Record(title="Attention is all you need (preprint)", doi="10.5555/3295222.3295349",
               creators=[Creator("Vaswani", "A.")], issued=PartialDate(2017, 6),
               volume="30", notes=["a note"], attachments=["/papers/vaswani.pdf"],
               tags=["preprint"]),
        Record(title=ORIG, doi="10.5555/3295222.3295349", creators=[Creator("Vaswani", "A.")],
               issued=PartialDate(2017), volume="31", pages="5998-6008", tags=["read"]),
    ], policy="import").added


def test_dialog_lists_records_oldest_as_master_and_the_fields_that_differ(qtbot, library):
    ids = title_ids(library)
    orig = ids[ORIG]
    pre, copy = add_duplicates(library)
    dlg = MergeDialog(library.get_many([copy, pre, orig]))
    qtbot.addWidget(dlg)
    assert [r.id for r in dlg.records] == [orig, pre, copy]   # oldest added first
    assert dlg.master_id() == orig and dlg.other_ids() == [pre, copy]
    shown = dlg.findChild(QTableWidget, "records")
    assert shown.rowCount() == 3
    assert shown.item(1, 1).text() == "Attention is all you need (preprint)"
    assert shown.item(1, 2).text() == "Vaswani, A."                 # first author
    assert shown.item(1, 3).text() == "2017"
    assert (shown.item(1, 5).text(), shown.item(1, 6).text()) == ("1", "1")
    fields = dlg.fields()
    assert {"title", "creators", "issued", "volume"} <= set(fields)
    assert "doi" not in fields and "pages" not in fields  # the same, or only one has it
    # defaults: the master's value; where the master has none, the first that has one
    assert dlg.chosen_id("title") == orig and dlg.chosen_id("issued") == orig
    assert dlg.chosen_id("volume") == pre
    dlg.set_master(copy)                      # another master: its values are chosen
    assert dlg.chosen_id("title") == copy and dlg.chosen_id("volume") == copy
    assert dlg.chosen_id("creators") == copy


def test_merge_of_three_with_choices_is_one_undoable_step(qtbot, make_window, library):
    orig = title_ids(library)[ORIG]
    pre, copy = add_duplicates(library)
    win = make_window(library)
    before = dump(library)
    win.table.select_ids([orig, pre, copy], current=copy)

    def choose(dlg: MergeDialog) -> None:
        assert dlg.master_id() == orig          # the oldest, not the current row
        dlg.choose("title", pre)
        dlg.choose("volume", copy)
        dlg.merge_button.click()

    errors = drive_modals((MergeDialog, choose))
    win.action("merge").trigger()
    assert errors == []
    m = library.get(orig)
    assert library.is_trashed(pre) and library.is_trashed(copy) and not library.is_trashed(orig)
    assert m.title == "Attention is all you need (preprint)" and m.volume == "31"
    assert m.pages == "5998-6008" and m.notes == ["a note"]
    assert m.attachments == ["/papers/vaswani.pdf"]
    assert sorted(m.tags) == ["nlp", "preprint", "read"]
    assert m.extra["merged:title"] == ORIG
    assert win.table.selected_ids() == [orig]
    assert win.undo_stack.count() == 1                      # one step on the stack
    win.action("undo").trigger()
    assert dump(library) == before                          # every record as it was


def test_cancel_changes_nothing(qtbot, make_window, library):
    orig = title_ids(library)[ORIG]
    pre, copy = add_duplicates(library)
    win = make_window(library)
    before = dump(library)
    win.table.select_ids([orig, pre, copy])

    def cancel(dlg: MergeDialog) -> None:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    errors = drive_modals((MergeDialog, cancel))
    win.action("merge").trigger()
    assert errors == []
    assert dump(library) == before and win.undo_stack.count() == 0


def test_choosing_another_master_keeps_it_and_trashes_the_oldest(qtbot, make_window,
                                                                 library):
    orig = title_ids(library)[ORIG]
    pre, _copy = add_duplicates(library)
    win = make_window(library)
    win.table.select_ids([orig, pre])

    def pick_master(dlg: MergeDialog) -> None:
        dlg.set_master(pre)
        dlg.merge_button.click()

    errors = drive_modals((MergeDialog, pick_master))
    win.action("merge").trigger()
    assert errors == []
    assert library.is_trashed(orig) and not library.is_trashed(pre)
    m = library.get(pre)
    assert m.title == "Attention is all you need (preprint)" and m.volume == "30"
    assert m.container_title.startswith("Advances in Neural")   # filled from the other
    assert "nlp" in m.tags


def test_no_dialog_once_a_selected_record_is_gone(qtbot, make_window, library, monkeypatch):
    ids = title_ids(library)
    win = make_window(library)
    gone = ids["Deep Learning"]
    win.table.select_ids([ids[ORIG], gone])
    library.trash([gone])                   # deleted for good elsewhere (another process)
    library.empty_trash([gone])
    shown: list[object] = []
    monkeypatch.setattr("app.gui.dialogs.merge_dialog.run_merge_dialog",
                        lambda records, parent=None: shown.append(records))
    before = dump(library)
    assert win.merge_selected() is None
    assert shown == [] and dump(library) == before
