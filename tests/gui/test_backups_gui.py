"""Backups in the window: scheduled snapshots, the restore dialog, recovering a damaged file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.core import backup
from app.core.errors import DamagedLibraryError
from app.core.library import Library
from app.core.records import Creator, PartialDate, Record
from app.gui.backups import BackupScheduler, RestoreDialog, offer_recovery, show_restore_dialog
from app.gui.tasks import SyncTaskRunner
from tests.gui.modal import drive_modals


def make_lib(path: Path, n: int) -> Library:
    lib = Library.open(path)
    lib.import_records([Record(title=f"Paper {i}", creators=[Creator("Doe", "J.")],
                               issued=PartialDate(2000 + i)) for i in range(n)])
    return lib


def test_scheduler_makes_the_startup_and_daily_backups(qtbot, tmp_path):
    lib = make_lib(tmp_path / "lib.sqlite", 3)
    sched = BackupScheduler(lib, SyncTaskRunner(), interval_ms=10_000)
    sched.start()
    assert [b.kind for b in sched.made] == ["startup"]
    assert sched.timer.isActive()
    sched.daily()  # today's backup exists already: nothing more
    assert len(backup.list_backups(lib)) == 1
    lib.close()


def test_restore_dialog_lists_backups_and_restores(qtbot, tmp_path):
    lib = make_lib(tmp_path / "lib.sqlite", 3)
    good = backup.create_backup(lib)
    lib.trash(lib.query_ids(""))
    assert lib.count() == 0
    dlg = RestoreDialog(lib)
    qtbot.addWidget(dlg)
    assert dlg.list.topLevelItemCount() == 1
    assert dlg.chosen() == good.name
    assert dlg.list.topLevelItem(0).text(3) == "3"

    restored: list[Path] = []
    errors = drive_modals((RestoreDialog, lambda d: d.accept()))
    show_restore_dialog(None, lib, SyncTaskRunner(), restored.append)
    assert errors == []
    assert lib.count() == 3
    assert restored and restored[0].exists()  # the state before the restore was kept
    lib.close()


def test_offer_recovery_puts_the_backup_in_place_and_keeps_the_damaged_file(qtbot, tmp_path):
    p = tmp_path / "lib.sqlite"
    lib = make_lib(p, 5)
    good = backup.create_backup(lib)
    lib.close()
    data = bytearray(p.read_bytes())
    for off in range(4096, len(data), 4096):  # wreck every page after the first
        data[off + 100:off + 400] = b"\xff" * 300
    p.write_bytes(bytes(data))
    exc = DamagedLibraryError("the library {path} is damaged", path=str(p))
    exc.backup = good  # type: ignore[attr-defined]

    def press_restore(box: QMessageBox) -> None:
        [b for b in box.buttons() if b.text() == "Restore the Backup"][0].click()

    errors = drive_modals((QMessageBox, press_restore))
    assert offer_recovery(None, exc) is True
    assert errors == []
    with Library.open(p) as again:
        assert again.count() == 5
    assert any(".damaged" in f.name or "damaged" in f.name for f in tmp_path.iterdir())


def test_offer_recovery_without_a_backup_only_informs(qtbot, tmp_path):
    exc = DamagedLibraryError("the library {path} is damaged", path=str(tmp_path / "x"))
    exc.backup = None  # type: ignore[attr-defined]
    errors = drive_modals((QMessageBox, lambda b: b.accept()))
    assert offer_recovery(None, exc) is False
    assert errors == []


def test_window_restore_from_backup_refreshes_everything(window, library):
    n = library.count()
    good = backup.create_backup(library)
    window._on_changes(window.library.trash(library.query_ids("")).changes)
    assert window.model.rowCount() == 0
    assert window.action("restore_backup").text()
    pre = backup.restore_into(library, good.name)
    window._after_restore(pre)
    assert window.model.rowCount() == n
    assert window.undo_stack.count() == 0


def test_preferences_action_is_in_the_edit_menu(window):
    edit = [m for m in window.menuBar().actions() if m.text().replace("&", "") == "Edit"][0]
    assert window.action("preferences") in edit.menu().actions()


def test_scheduler_does_nothing_once_stopped_or_its_worker_is_gone(qtbot, tmp_path):
    lib = make_lib(tmp_path / "lib.sqlite", 2)
    runner = SyncTaskRunner()
    sched = BackupScheduler(lib, runner)
    sched.stop()
    sched.start()
    assert sched.made == [] and backup.list_backups(lib) == []
    sched2 = BackupScheduler(lib, runner)
    runner._closed = True  # what shutdown() sets
    sched2.start()
    assert sched2.made == []
    lib.close()
