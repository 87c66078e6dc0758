"""Shared fixtures. Every test runs with all Refshelf paths inside a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SPEC = SHARED / "spec"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def refshelf_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every path (data, config, logs, library) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("refshelf-home")
    monkeypatch.setenv("REFSHELF_HOME", str(home))
    monkeypatch.delenv("REFSHELF_LIBRARY", raising=False)
    return home


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing: expected it at {SHARED}")
    return SHARED


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Empty the clipboard while the QApplication still lives. The offscreen
    clipboard deletes the QMimeData it holds when the application goes away at
    interpreter exit, after Python has finalised the wrapper: the process then
    dies with SIGSEGV (exit 139) after every test passed."""
    import sys

    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        QGuiApplication.clipboard().clear()
        app.processEvents()
