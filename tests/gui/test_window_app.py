"""Starting the application: arguments, opening the library, a locked or broken library."""

from __future__ import annotations

import pytest

from app.gui import application
from app.gui.application import dark_palette, parse_args

pytestmark = pytest.mark.gui


def test_parse_args() -> None:
    assert parse_args(["-L", "/x/lib.sqlite", "a.bib", "-v", "b.ris"]) == \
        ("/x/lib.sqlite", True, ["a.bib", "b.ris"])
    assert parse_args(["--library=/y.sqlite", "--", "-odd.bib"]) == ("/y.sqlite", False,
                                                                    ["-odd.bib"])
    assert parse_args([]) == (None, False, [])


def test_dark_palette_is_dark() -> None:
    from PySide6.QtGui import QPalette

    p = dark_palette()
    assert p.color(QPalette.ColorRole.Window).lightness() < 80
    assert p.color(QPalette.ColorRole.Text).lightness() > 200


def _no_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.gui.crash.install_excepthook", lambda path: None)
    monkeypatch.setattr(application, "follow_color_scheme", lambda app: None)
    monkeypatch.setattr(application, "install_translators", lambda app, language=None: [])


def test_launch_opens_the_window_and_imports_files(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    _no_hooks(monkeypatch)
    f = tmp_path / "refs.json"
    f.write_text(json.dumps([{"id": "a", "type": "book", "title": "Opened From The Desktop"}]),
                 encoding="utf-8")
    seen: dict = {}

    def fake_import(self, files=None):  # type: ignore[no-untyped-def]
        seen["files"] = files

    monkeypatch.setattr("app.gui.main_window.MainWindow.import_files", fake_import)
    started = application.launch(["-L", str(tmp_path / "mine.sqlite"), str(f)])
    assert not isinstance(started, int)
    try:
        assert started.window.isVisible()
        assert "mine" in started.window.windowTitle()
        assert started.single.is_primary  # later launches hand their files over
        qtbot.waitUntil(lambda: "files" in seen, timeout=3000)
        assert seen["files"] == [str(f)]
    finally:
        started.window.close()
        started.single.close()
        started.library.close()


def test_unopenable_library_gives_a_message(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _no_hooks(monkeypatch)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr("app.gui.application.QMessageBox.critical",
                        lambda parent, title, text: shown.append(text))
    assert application.run_gui(["-L", str(bad)]) == 1
    assert shown and "bad.sqlite" in shown[0]


def _damaged_library(tmp_path):  # type: ignore[no-untyped-def]
    from tests.core.safety.util import corrupt_pages, make_library

    p = make_library(tmp_path / "hurt.sqlite", 400)
    corrupt_pages(p)
    return p


@pytest.mark.parametrize("recovered", [False, True])
def test_damage_found_after_the_window_opened_offers_the_backup(
        qtbot, tmp_path, monkeypatch, recovered) -> None:  # type: ignore[no-untyped-def]
    """The integrity check runs while the window shows the rows; a damaged library
    then closes the window, offers the newest good backup, and starts Refshelf again
    when the backup was put in place."""
    from tests.core.safety.util import sha

    _no_hooks(monkeypatch)
    p = _damaged_library(tmp_path)
    before = sha(p)
    offered: list = []
    started_again: list = []
    quit_called: list = []

    def fake_offer(parent, exc):  # type: ignore[no-untyped-def]
        offered.append(exc)
        return recovered

    monkeypatch.setattr("app.gui.backups.offer_recovery", fake_offer)
    monkeypatch.setattr(application, "_start_again", lambda: started_again.append(True))
    monkeypatch.setattr(application.QApplication, "quit", lambda: quit_called.append(True))
    started = application.launch(["-L", str(p)])
    if isinstance(started, int):
        pytest.skip("this damage already stops the opening")
    try:
        assert started.window.isVisible()  # shown before the check had finished
        qtbot.waitUntil(lambda: bool(offered), timeout=10000)
        assert str(p) in offered[0].message and "damaged" in offered[0].message
        assert not started.window.isVisible()
        assert quit_called
        assert started_again == ([True] if recovered else [])
        assert sha(p) == before  # nothing was written to it
    finally:
        started.window.close()
        started.single.close()
        started.library.close()


def test_start_again_runs_the_same_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QProcess

    calls: list = []
    monkeypatch.setattr(QProcess, "startDetached", lambda prog, args: calls.append(
        (prog, args)) or True)
    monkeypatch.setattr(application.sys, "argv", ["/x/app/__main__.py", "-L", "/tmp/l.sqlite"])
    application._start_again()
    assert calls == [(application.sys.executable, ["-m", "app", "-L", "/tmp/l.sqlite"])]
