"""Layout holds in both languages: no label or button text is cut off.

Every top-level window and dialog is shown in zh_CN and in en_US; after the
layouts settle, each visible QLabel and button must be at least as large as its
text needs (``sizeHint``; a word-wrapped label: its height for its width).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QToolButton,
    QWidget,
)

from app.core.records import has_cjk
from tests.gui.test_i18n import qm_dir, use_language  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

SLACK = 1  # px: rounding of fractional font metrics


def clipped(top: QWidget) -> list[str]:
    """Labels and buttons under *top* whose text does not fit their size."""
    bad = []
    for w in [top, *top.findChildren(QWidget)]:
        if not isinstance(w, (QLabel, QAbstractButton)) or not w.isVisible():
            continue
        text = w.text()
        if not text.strip():
            continue
        hint = w.sizeHint()
        size = w.size()
        if isinstance(w, QLabel) and w.wordWrap():
            need_h = w.heightForWidth(size.width())
            if need_h > size.height() + SLACK:
                bad.append(f"{type(w).__name__} {text[:40]!r}: height {size.height()} < "
                           f"{need_h} at width {size.width()}")
            continue
        if isinstance(w, QToolButton):
            if (w.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
                    and not w.icon().isNull()):
                continue  # the text is only a tooltip
            # compact tool buttons (a symbol, fixed width): the glyphs must fit
            plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
            need = w.fontMetrics().horizontalAdvance(plain)
            if need > size.width() + SLACK:
                bad.append(f"QToolButton {text[:40]!r}: width {size.width()} < {need}")
            continue
        if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
            bad.append(f"{type(w).__name__} {text[:40]!r}: {size.width()}x{size.height()} < "
                       f"{hint.width()}x{hint.height()}")
    return bad


def settle(w: QWidget) -> None:
    w.show()
    for _ in range(3):
        QApplication.processEvents()


def _dialogs(win) -> list[tuple[str, Callable[[], QWidget]]]:  # type: ignore[no-untyped-def]
    from app.core.formats import Failure
    from app.core.library import ImportReport
    from app.core import backup
    from app.gui.about import AboutDialog
    from app.gui.backups import RestoreDialog
    from app.gui.crash import CrashDialog
    from app.gui.dialogs.export_dialog import ExportDialog
    from app.gui.dialogs.import_dialog import ImportDialog
    from app.gui.dialogs.preferences import PreferencesDialog
    from app.gui.dialogs.report import ReportDialog
    from app.gui.shortcuts import ShortcutsDialog, shortcut_rows

    backup.create_backup(win.library, "manual")
    report = ImportReport(failures=[Failure("refs.ris", 12, "record has no title, author or "
                                            "identifier")])
    return [
        ("import", lambda: ImportDialog(win, ["/tmp/参考文献.ris", "/tmp/refs.bib"])),
        ("export", lambda: ExportDialog(win, win.library, [1, 2], None, "")),
        ("report", lambda: ReportDialog(report, win)),
        ("about", lambda: AboutDialog(win, win.library.path)),
        ("preferences", lambda: PreferencesDialog(win)),
        ("restore", lambda: RestoreDialog(win.library, win)),
        ("shortcuts", lambda: ShortcutsDialog(shortcut_rows(win.menuBar()), win)),
        ("crash", lambda: CrashDialog("Traceback (most recent call last):\n  boom", None,
                                      win)),
    ]


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_nothing_clipped(lang, use_language, make_window, library, empty_library,  # type: ignore[no-untyped-def]
                         qtbot) -> None:
    use_language(lang)
    win = make_window(library)
    win.resize(1100, 720)
    settle(win)
    win.table.selectRow(2)  # the Chinese record: the detail pane fills in
    settle(win)
    problems = [f"main window: {p}" for p in clipped(win)]
    texts = [a.text() for a in win.menuBar().actions()]
    assert any(has_cjk(t) for t in texts) == (lang == "zh_CN")

    empty = make_window(empty_library)
    empty.resize(900, 600)
    settle(empty)
    assert empty.showing_welcome()
    problems += [f"welcome view: {p}" for p in clipped(empty)]

    for name, make in _dialogs(win):
        dlg = make()
        qtbot.addWidget(dlg)
        settle(dlg)
        problems += [f"{name} dialog: {p}" for p in clipped(dlg)]
        dlg.close()
    assert not problems, "\n".join(problems)


def test_clipped_check_sees_a_cut_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    QVBoxLayout(box)
    b = QPushButton("导入参考文献并合并重复题录", box)
    box.layout().addWidget(b)
    settle(box)
    assert clipped(box) == []
    b.setFixedWidth(b.sizeHint().width() // 2)
    QApplication.processEvents()
    assert len(clipped(box)) == 1
