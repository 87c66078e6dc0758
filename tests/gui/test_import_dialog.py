"""The import dialog: files given, duplicate policy, progress/cancel, the failure report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.core import formats, settings
from app.core.library import Library
from app.gui.dialogs.import_dialog import ImportDialog, import_filters, run_import_dialog
from app.gui.dialogs.report import ReportDialog
from app.gui.tasks import SyncTaskRunner, TaskRunner
from tests.conftest import SHARED
from tests.gui.modal import drive_modals

pytestmark = pytest.mark.gui

GOOD_AND_BAD = """[
{"type": "article-journal", "title": "Introduction", "author": [{"family": "Radchenko", "given": "S."}], "issued": {"date-parts": [[2023]]}, "DOI": "10.1353/apr.2023.a905228"},
42,
{"type": "book", "title": "深度学习", "author": [{"literal": "张三"}], "issued": {"date-parts": [[2020]]}}
]
"""


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[str, str]:
    good = tmp_path / "refs.json"
    good.write_text(GOOD_AND_BAD, encoding="utf-8")
    junk = tmp_path / "notes.xyz"
    junk.write_text("hello world, nothing to see\n", encoding="utf-8")
    return str(good), str(junk)


def test_filters_per_format(qtbot):
    flt = import_filters()
    assert flt[0].startswith("All supported files (") and "*.json" in flt[0]
    for fmt in formats.readers():
        if fmt.extensions:
            assert fmt.file_filter in flt
    assert flt[-1] == "All files (*)"


CORPUS = SHARED / "corpus"


def _patterns(flt: str) -> set[str]:
    return set(flt[flt.rindex("(") + 1:-1].split())


def test_filters_offer_txt_exports_and_follow_the_registry(qtbot, monkeypatch):
    from app.core.formats import Format

    flt = import_filters()
    supported = _patterns(flt[0])
    for fmt in formats.readers():
        assert {f"*{e}" for e in fmt.extensions} <= supported
    assert "*.txt" in supported
    assert any(_patterns(f) == {"*.txt"} for f in flt[1:-1])
    assert flt[-1] == "All files (*)"
    # PubMed and Web of Science exports as .txt are read by their content
    for name in ("PubMed_example.txt", "WoS_txt_example.txt"):
        path = CORPUS / "ris" / "synthesisr" / "tests" / "testthat" / "testdata" / name
        head = path.read_text(encoding="utf-8", errors="replace")[:8000]
        fmt = formats.detect(str(path), head)
        assert fmt is not None and fmt.can_read, name

    class NewFormat(Format):  # a format registered later shows up by itself
        id = "zzz-test"
        name = "Test format"
        extensions = (".zzz",)

    registered = formats.readers()
    monkeypatch.setattr(formats, "readers", lambda: [*registered, NewFormat()])
    flt = import_filters()
    assert "*.zzz" in _patterns(flt[0]) and "Test format (*.zzz)" in flt


def test_dialog_lists_files_and_default_policy(qtbot, inputs):
    settings.set("duplicate_policy", "merge")
    dlg = ImportDialog(None, list(inputs) + [inputs[0]])
    qtbot.addWidget(dlg)
    assert dlg.files() == list(inputs)  # the repeated file once
    assert dlg.policy() == "merge"
    dlg.file_list.item(1).setSelected(True)
    dlg.remove_button.click()
    assert dlg.files() == [inputs[0]]
    dlg.file_list.item(0).setSelected(True)
    dlg.remove_button.click()
    assert not dlg.import_button.isEnabled()


def test_import_with_failure_report(qtbot, lib, inputs):
    good, junk = inputs
    seen: dict[str, object] = {}

    def accept_import(dlg):
        assert isinstance(dlg, ImportDialog)
        assert dlg.policy() == "skip"
        dlg.import_button.click()

    def read_report(dlg):
        seen["failures"] = dlg.report_text().split("\n", 1)[1]
        seen["rows"] = dlg.failure_rows()
        seen["summary"] = dlg.summary_label.text()
        seen["copyable"] = dlg.failures_table.isVisible()
        dlg.copy_button.click()
        dlg.reject()

    errors = drive_modals((ImportDialog, accept_import), (ReportDialog, read_report))
    report = run_import_dialog(None, lib, SyncTaskRunner(), files=[good, junk])
    assert errors == []
    assert report is not None
    assert len(report.added) == 2 and not report.skipped and not report.merged
    assert {r.title for r in lib.get_many(report.added)} == {"Introduction", "深度学习"}
    lines = str(seen["failures"]).splitlines()
    assert lines == [f"{good}:3: item 2 is not an object",
                     f"{junk}: not a format Refshelf can read"]
    assert seen["rows"] == [(Path(good).name, "3", "item 2 is not an object"),
                            (Path(junk).name, "", "not a format Refshelf can read")]
    assert seen["copyable"] is True
    assert "Added: 2" in str(seen["summary"]) and "Failed: 2" in str(seen["summary"])
    from PySide6.QtGui import QGuiApplication
    assert f"{good}:3: item 2 is not an object" in QGuiApplication.clipboard().text()


def test_second_import_skips_and_merge_policy(qtbot, lib, inputs):
    good, _junk = inputs
    errors = drive_modals((ImportDialog, lambda d: d.import_button.click()))
    first = run_import_dialog(None, lib, SyncTaskRunner(), files=[good],
                              show_report_dialog=False)
    assert errors == []
    assert first is not None and len(first.added) == 2

    def choose_merge(dlg):
        dlg.set_policy("merge")
        dlg.import_button.click()

    errors = drive_modals((ImportDialog, lambda d: d.import_button.click()))
    again = run_import_dialog(None, lib, SyncTaskRunner(), files=[good],
                              show_report_dialog=False)
    assert errors == []
    assert again is not None and not again.added
    assert sorted(rid for _rec, rid in again.skipped) == sorted(first.added)
    assert lib.count() == 2

    errors = drive_modals((ImportDialog, choose_merge))
    merged = run_import_dialog(None, lib, SyncTaskRunner(), files=[good],
                               show_report_dialog=False)
    assert errors == []
    assert merged is not None and sorted(merged.merged) == sorted(first.added)
    assert settings.get("duplicate_policy") == "merge"  # the last choice is the new default
    assert lib.count() == 2


def test_cancel_in_dialog_imports_nothing(qtbot, lib, inputs):
    errors = drive_modals((ImportDialog, lambda d: d.reject()))
    assert run_import_dialog(None, lib, SyncTaskRunner(), files=list(inputs)) is None
    assert errors == []
    assert lib.count() == 0


def test_cancel_during_import_rolls_back(qtbot, lib, tmp_path):
    big = tmp_path / "big.json"
    big.write_text(json.dumps([{"type": "book", "title": f"Book {i}",
                                "author": [{"family": f"Author{i}", "given": "A."}],
                                "issued": {"date-parts": [[1900 + i % 100]]}}
                               for i in range(500)]), encoding="utf-8")
    runner = TaskRunner()
    runner.task_started.connect(lambda h: h.cancel())  # the user presses Cancel at once
    try:
        errors = drive_modals((ImportDialog, lambda d: d.import_button.click()))
        report = run_import_dialog(None, lib, runner, files=[str(big)])
        assert errors == []
        assert report is None
        assert lib.count() == 0
        assert lib.undo_label() is None
    finally:
        runner.shutdown()


def test_threaded_import_returns_report(qtbot, lib, inputs):
    runner = TaskRunner()
    try:
        errors = drive_modals((ImportDialog, lambda d: d.import_button.click()),
                              (ReportDialog, lambda d: d.accept()))
        report = run_import_dialog(None, lib, runner, files=[inputs[0]])
        assert errors == []
        assert report is not None and len(report.added) == 2 and len(report.failures) == 1
    finally:
        runner.shutdown()


def test_status_message_and_present_report(qtbot, lib, inputs):
    from app.gui.dialogs.report import present_report, status_message

    good, junk = inputs
    report = lib.import_files([good, junk])
    assert status_message(report) == "2 record(s) added; 2 could not be read"
    again = lib.import_files([good])
    assert status_message(again) == "0 record(s) added; 2 already in the library; " \
        "1 could not be read"
    msg = present_report(report)
    dlg = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, ReportDialog) and w.isVisible())
    assert msg == status_message(report)
    assert f"{junk}: not a format Refshelf can read" in dlg.report_text()
    dlg.close()


def test_enter_imports_when_started_with_files(qtbot, inputs):
    """Opened with files (a double-clicked .bib), Enter accepts the dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    dlg = ImportDialog(None, [inputs[0]])
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    focus = dlg.focusWidget() or dlg
    assert focus is not dlg.add_button and focus is not dlg.remove_button
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_report_shows_file_line_and_reason_within_the_dialog(qtbot, tmp_path):
    from app.core.formats import Failure
    from app.core.library import ImportReport

    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "nested" / "refs.ris"
    reason = ("the entry has no type line (TY  -) before its fields, so it cannot be "
              "read as a RIS record; every entry must start with one")
    report = ImportReport()
    report.failures = [Failure(str(deep), 12, reason), Failure(str(deep), 40, "no title")]
    dlg = ReportDialog(report)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    table = dlg.failures_table
    assert dlg.failure_rows() == [("refs.ris", "12", reason), ("refs.ris", "40", "no title")]
    assert table.item(0, 0).toolTip() == str(deep)
    view = table.viewport().rect()
    for col in range(3):  # every column is on screen: nothing to scroll sideways to
        left = table.columnViewportPosition(col)
        assert 0 <= left and left + table.columnWidth(col) <= view.width() + 1
    reason_width = table.columnWidth(2)
    one_line = table.fontMetrics().height()
    assert table.fontMetrics().horizontalAdvance(reason) > reason_width  # it must wrap
    assert table.rowHeight(0) >= 2 * one_line  # ... and it does
    assert table.rowHeight(0) > table.rowHeight(1)
    assert f"{deep}:12: {reason}" in dlg.report_text()


def test_report_lists_entries_read_with_problems(qtbot, lib, tmp_path):
    """A BibTeX entry with an unclosed brace is imported, and the report says which
    one to check and why (it used to say "Every entry was read.")."""
    from app.gui.dialogs.report import present_report, status_message

    bib = tmp_path / "broken.bib"
    bib.write_text("@article{ok, title = {Fine}, year = 2020}\n"
                   "@article{bad,\n  title = {Unclosed,\n  journal = {Nature},\n"
                   "  year = 2019\n}\n", encoding="utf-8")
    seen: dict[str, object] = {}

    def accept_import(dlg):
        dlg.import_button.click()

    def read_report(dlg):
        seen["summary"] = dlg.summary_label.text()
        seen["failures_shown"] = dlg.failures_table.isVisible()
        seen["rows"] = dlg.failure_rows(dlg.warnings_table)
        seen["shown"] = dlg.warnings_table.isVisible()
        seen["text"] = dlg.report_text()
        dlg.reject()

    errors = drive_modals((ImportDialog, accept_import), (ReportDialog, read_report))
    report = run_import_dialog(None, lib, SyncTaskRunner(), files=[str(bib)])
    assert errors == [] and report is not None and len(report.added) == 2
    assert "Failed: 0" in str(seen["summary"]) and "Read with problems: 1" in str(seen["summary"])
    assert seen["shown"] is True and seen["failures_shown"] is False
    ((name, line, reason),) = seen["rows"]  # type: ignore[misc]
    assert (name, line) == ("broken.bib", "2")
    assert "brace opened in field 'title' is not closed" in reason
    assert f"{bib}:2: entry 'bad'" in str(seen["text"])
    assert "1 read with problems" in status_message(report)
    dlg_before = set(QApplication.topLevelWidgets())
    present_report(report)  # a drop with problems opens the report too
    opened = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, ReportDialog) and w not in dlg_before]
    assert opened and opened[0].warnings_table.rowCount() == 1
    for w in opened:
        w.close()
