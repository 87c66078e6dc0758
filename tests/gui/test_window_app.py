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
