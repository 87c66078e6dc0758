"""GUI fixtures: a small library in a temporary folder, and the main window on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record

pytestmark = pytest.mark.gui


def sample_records() -> list[Record]:
    """Six records, Latin and CJK, with distinct titles, names, years and journals."""
    return [
        Record(type="article-journal", title="Attention Is All You Need",
               creators=[Creator("Vaswani", "Ashish"), Creator("Shazeer", "Noam")],
               issued=PartialDate(2017), container_title="Advances in Neural Information "
               "Processing Systems", doi="10.5555/3295222.3295349", tags=["nlp"],
               abstract="The dominant sequence transduction models are based on recurrent "
               "networks.", date_added="2024-01-01T00:00:01Z"),
        Record(type="book", title="Deep Learning",
               creators=[Creator("Goodfellow", "Ian"), Creator("Bengio", "Yoshua"),
                         Creator("Courville", "Aaron")],
               issued=PartialDate(2016), publisher="MIT Press", place="Cambridge, MA",
               date_added="2024-01-01T00:00:02Z"),
        Record(type="article-journal", title="中国古代文学研究",
               creators=[Creator(literal="王小明"), Creator(literal="李华")],
               issued=PartialDate(2019, 3, 1), container_title="文学评论", volume="12",
               issue="3", pages="45-60", tags=["文学"],
               abstract="本文研究中国古代文学。",
               abstract_translated="This paper studies classical Chinese literature.",
               language="zh", date_added="2024-01-01T00:00:03Z"),
        Record(type="article-journal", title="Über die Müller-Lyer Illusion",
               creators=[Creator("Müller", "Franz")], issued=PartialDate(1889),
               container_title="Zeitschrift für Psychologie", date_added="2024-01-01T00:00:04Z"),
        Record(type="thesis", title="基于深度学习的图像识别",
               creators=[Creator(literal="张伟")], issued=PartialDate(2021),
               publisher="清华大学", genre="博士学位论文", tags=["nlp"],
               date_added="2024-01-01T00:00:05Z"),
        Record(type="paper-conference", title="A Zebra Study of Sorting",
               creators=[Creator("Adams", "Zoe")], issued=PartialDate(2001),
               container_title="Proceedings of Sorting", date_added="2024-01-01T00:00:06Z"),
    ]


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "test-library.sqlite")
    lib.import_records(sample_records(), policy="import")
    # the import is not part of what the tests undo
    yield lib
    _close_windows()
    lib.close()


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "empty.sqlite")
    yield lib
    _close_windows()
    lib.close()


@pytest.fixture
def read_only_library(tmp_path: Path) -> Iterator[Library]:
    """An empty library opened read-only (as a file the user may not write)."""
    path = tmp_path / "ro.sqlite"
    Library.open(path).close()
    lib = Library.open(path, read_only=True)
    yield lib
    _close_windows()
    lib.close()


_windows: list = []


def _close_windows() -> None:
    """Close the windows before their library (teardown order is not guaranteed)."""
    while _windows:
        w = _windows.pop()
        try:
            w.close()
            w.runner.shutdown(wait=True)
            w.deleteLater()
        except RuntimeError:  # already deleted by qtbot
            pass


def title_ids(library: Library) -> dict[str, int]:
    """Title -> id for the sample library."""
    return {r.title: r.id for r in library.search("")}  # type: ignore[misc]


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    """Build a MainWindow on a library (no citation preview, a synchronous runner)."""
    from app.gui.main_window import MainWindow
    from app.gui.tasks import SyncTaskRunner

    def make(lib: Library, **kw):  # type: ignore[no-untyped-def]
        kw.setdefault("citation_preview", False)
        win = MainWindow(lib, runner=SyncTaskRunner(), **kw)
        win.confirm = lambda title, text: True  # type: ignore[method-assign]
        qtbot.addWidget(win)
        win.show()
        win.sources.fill_tags()  # normally read just after the first paint
        _windows.append(win)
        return win

    yield make
    _close_windows()


@pytest.fixture
def window(make_window, library: Library):  # type: ignore[no-untyped-def]
    return make_window(library)
