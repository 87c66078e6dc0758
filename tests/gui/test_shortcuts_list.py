"""Help › Keyboard Shortcuts: one key sequence per line, no key names glued on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from app.core.records import has_cjk
from app.gui.shortcuts import action_name

from .conftest import title_ids
from .test_i18n import qm_dir, use_language  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

NATIVE = QKeySequence.SequenceFormat.NativeText


def check_rows(window, rows) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Every listed line is one of its action's key sequences; name -> lines."""
    by_name = {}
    acts = {action_name(a): a for a in window.actions_by_name.values()}
    for _menu, name, keys in rows:
        lines = keys.split("\n")
        assert lines and all(lines)
        by_name[name] = lines
        act = acts[name]
        for line in lines:
            seq = QKeySequence.fromString(line, NATIVE)
            assert not seq.isEmpty() and seq.count() == 1, line
            assert seq in act.shortcuts(), (name, line)
    return by_name


def test_shortcut_list_in_chinese(qtbot, make_window, library,
                                  use_language) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    use_language("zh_CN")
    window = make_window(library)
    ids = title_ids(window.library)
    cid = window.ops.create_collection("Reading").value
    window.ops.add_to_collection(cid, [ids["Deep Learning"]])
    assert window.action("undo").text() != QCoreApplication.translate("MainWindow", "Undo")
    dlg = window.show_shortcuts()
    rows = dlg.rows()
    by_name = check_rows(window, rows)
    undo = QCoreApplication.translate("MainWindow", "Undo")
    redo = QCoreApplication.translate("MainWindow", "Redo")
    assert has_cjk(undo) and by_name[undo] == ["Ctrl+Z"]
    assert by_name[redo][:2] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    find = QCoreApplication.translate("MainWindow", "&Find")
    find = find.split("(")[0].replace("&", "")
    assert by_name[find] == ["Ctrl+F"]  # no dedicated Find key named in Chinese
    for _menu, _name, keys in rows:
        for line in keys.split("\n"):
            # a key name in words is Qt's (Return, Backspace), never a whole line
            assert "+" in line or len(QKeySequence.fromString(line, NATIVE).toString()) <= 3
    dlg.close()


def test_shortcut_list_in_english(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.ops.set_field(title_ids(window.library)["Deep Learning"], "volume", "2")
    assert window.action("undo").text() != "Undo"
    dlg = window.show_shortcuts()
    by_name = check_rows(window, dlg.rows())
    assert by_name["Undo"] == ["Ctrl+Z"]
    assert by_name["Find"] == ["Ctrl+F"]
    assert by_name["Keyboard Shortcuts"] == ["F1", "Ctrl+/"]
    assert by_name["Move to Trash"] == ["Del", "Ctrl+Backspace"]
    assert by_name["Redo"][:2] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert "Redo" not in by_name["Redo"]
    dlg.close()
