"""The export dialog: every scope, the ASCII BibTeX option, the file written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import settings
from app.core.library import Library
from app.core.records import Creator, PartialDate, Record
from app.gui.dialogs.export_dialog import ExportDialog, export_ids, run_export_dialog
from app.gui.tasks import SyncTaskRunner, TaskRunner
from tests.gui.modal import drive_modals

pytestmark = pytest.mark.gui


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib.sqlite")
    recs = [
        Record(type="book", title="Deep Learning", creators=[Creator("Goodfellow", "Ian")],
               issued=PartialDate(2016), publisher="MIT Press"),
        Record(type="article-journal", title="Über die Müller-Lyer Illusion",
               creators=[Creator("Müller", "Franz")], issued=PartialDate(1889),
               container_title="Zeitschrift für Psychologie"),
        Record(type="article-journal", title="数字人文研究方法综述",
               creators=[Creator(literal="王小明")], issued=PartialDate(2021),
               container_title="中国图书馆学报"),
        Record(type="article-journal", title="Trashed Paper", creators=[Creator("Gone", "A.")],
               issued=PartialDate(2000)),
    ]
    rep = library.import_records(recs, policy="import")
    ids = {r.title: i for r, i in zip(recs, rep.added)}
    cid = library.create_collection("Psychology").value
    library.add_to_collection(cid, [ids["Über die Müller-Lyer Illusion"], ids["Trashed Paper"]])
    library.trash([ids["Trashed Paper"]])
    library.ids = ids  # type: ignore[attr-defined]
    library.cid = cid  # type: ignore[attr-defined]
    yield library
    library.close()


def _export(lib, tmp_path, scope, fmt="csljson", name="out.json", ascii_only=None,
            selected=(), runner=None):
    out = tmp_path / name

    def fill(dlg: ExportDialog) -> None:
        dlg.set_format(fmt)
        dlg.set_scope(scope)
        if ascii_only is not None:
            dlg.ascii_check.setChecked(ascii_only)
        dlg.path_edit.setText(str(out))
        dlg.export_button.click()

    errors = drive_modals((ExportDialog, fill))
    written = run_export_dialog(None, lib, runner or SyncTaskRunner(), list(selected),
                                lib.cid, "deep")
    assert errors == []
    assert written == str(out)
    return out.read_text(encoding="utf-8")


def _titles(text: str) -> set[str]:
    return {item["title"] for item in json.loads(text)}


def test_scope_selection(qtbot, lib, tmp_path):
    sel = [lib.ids["数字人文研究方法综述"], lib.ids["Deep Learning"]]
    text = _export(lib, tmp_path, "selection", selected=sel)
    items = json.loads(text)
    assert [i["title"] for i in items] == ["数字人文研究方法综述", "Deep Learning"]
    assert "王小明" in text


def test_scope_collection_leaves_out_trash(qtbot, lib, tmp_path):
    text = _export(lib, tmp_path, "collection")
    assert _titles(text) == {"Über die Müller-Lyer Illusion"}


def test_scope_search_result(qtbot, lib, tmp_path):
    assert _titles(_export(lib, tmp_path, "search")) == {"Deep Learning"}


def test_scope_all(qtbot, lib, tmp_path):
    runner = TaskRunner()
    try:
        text = _export(lib, tmp_path, "all", runner=runner)
    finally:
        runner.shutdown()
    assert _titles(text) == {"Deep Learning", "Über die Müller-Lyer Illusion",
                             "数字人文研究方法综述"}


def test_ascii_bibtex_option(qtbot, lib, tmp_path):
    sel = [lib.ids["Über die Müller-Lyer Illusion"]]
    plain = _export(lib, tmp_path, "selection", fmt="bibtex", name="u.bib", ascii_only=False,
                    selected=sel)
    assert "Müller" in plain
    ascii_text = _export(lib, tmp_path, "selection", fmt="bibtex", name="a.bib",
                         ascii_only=True, selected=sel)
    assert ascii_text.isascii()
    assert '\\"u' in ascii_text or '\\"{u}' in ascii_text
    assert settings.get("bibtex_ascii") is True  # remembered


def test_unavailable_scopes_are_disabled(qtbot, lib):
    dlg = ExportDialog(None, lib, [], None, "")
    qtbot.addWidget(dlg)
    assert not dlg.scope_buttons["selection"].isEnabled()
    assert not dlg.scope_buttons["collection"].isEnabled()
    assert not dlg.scope_buttons["search"].isEnabled()
    assert dlg.scope() == "all"
    assert not dlg.export_button.isEnabled()  # no file yet
    dlg.set_format("csljson")
    assert not dlg.ascii_check.isEnabled()
    dlg.set_format("bibtex")
    assert dlg.ascii_check.isEnabled()


def test_extension_added_and_follows_format(qtbot, lib, tmp_path):
    dlg = ExportDialog(None, lib, [1], None, "")
    qtbot.addWidget(dlg)
    dlg.set_format("bibtex")
    dlg.path_edit.setText(str(tmp_path / "refs"))
    assert dlg.path() == str(tmp_path / "refs.bib")
    dlg.path_edit.setText(str(tmp_path / "refs.bib"))
    dlg.set_format("csljson")
    assert dlg.path() == str(tmp_path / "refs.json")


def test_cancel_writes_nothing(qtbot, lib, tmp_path):
    errors = drive_modals((ExportDialog, lambda d: d.reject()))
    assert run_export_dialog(None, lib, SyncTaskRunner(), [], None, "") is None
    assert errors == []
    assert list(tmp_path.glob("*.json")) == []


def test_export_ids_by_scope(lib):
    assert export_ids(lib, "collection", [], None, "") == []
    assert len(export_ids(lib, "all", [], None, "")) == 3
    with pytest.raises(ValueError):
        export_ids(lib, "everything", [], None, "")


def test_every_mnemonic_label_has_a_buddy(qtbot, lib):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel

    dlg = ExportDialog(None, lib, [], None, "")
    qtbot.addWidget(dlg)
    dlg.show()
    labels = [lb for lb in dlg.findChildren(QLabel)
              if "&" in lb.text().replace("&&", "")]
    assert len(labels) >= 2  # Format, Save to
    for lb in labels:  # a label without a buddy shows its "&" as it is
        assert lb.buddy() is not None, lb.text()
    save = next(lb for lb in labels if lb.buddy() is dlg.path_edit)
    assert save.text() == dlg.tr("&Save to:")
    dlg.activateWindow()
    dlg.format_combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.format_combo)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dlg.path_edit
