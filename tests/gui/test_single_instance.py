"""Second-instance hand-off, in one process with two SingleInstance objects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from app.gui.single_instance import SingleInstance, server_name

pytestmark = pytest.mark.gui


@pytest.fixture
def instances():
    made: list[SingleInstance] = []

    def make(path):
        s = SingleInstance(path)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def test_second_launch_hands_files_to_the_first(qtbot, tmp_path: Path, instances):
    lib = tmp_path / "library.sqlite"
    first = instances(lib)
    window = QMainWindow()
    qtbot.addWidget(window)
    first.set_window(window)
    assert first.try_handoff([]) is False  # nobody running: we are the first
    assert first.is_primary

    second = instances(str(lib))
    received: list[list[str]] = []
    first.files_received.connect(received.append)
    bib = tmp_path / "refs.bib"
    rel = os.path.relpath(bib)
    assert second.try_handoff([rel, str(tmp_path / "页面.html")]) is True
    assert not second.is_primary
    qtbot.waitUntil(lambda: bool(received), timeout=2000)
    assert received == [[str(bib), str(tmp_path / "页面.html")]]  # absolute paths
    assert window.isVisible()


def test_different_libraries_do_not_share(qtbot, tmp_path, instances):
    a = instances(tmp_path / "a.sqlite")
    b = instances(tmp_path / "b.sqlite")
    assert a.try_handoff([]) is False
    assert b.try_handoff(["x.bib"]) is False  # its own first instance
    assert a.is_primary and b.is_primary
    assert server_name(tmp_path / "a.sqlite") != server_name(tmp_path / "b.sqlite")


def test_stale_socket_after_crash_is_replaced(qtbot, tmp_path, instances):
    lib = tmp_path / "l.sqlite"
    name = server_name(lib)
    # a leftover socket file from a crashed process (nobody listening)
    from PySide6.QtNetwork import QLocalServer
    dead = QLocalServer()
    assert dead.listen(name)
    path = dead.fullServerName()
    dead.close()
    Path(path).touch()  # what a crash leaves behind
    first = instances(lib)
    assert first.try_handoff(["a.ris"]) is False
    assert first.is_primary


def test_same_path_spelled_differently(tmp_path):
    lib = tmp_path / "lib.sqlite"
    assert server_name(lib) == server_name(str(tmp_path / "sub" / ".." / "lib.sqlite"))
