"""File dialogs open in the folder their kind last used (kept in gui.ini), else in the
home folder: import, export, citation styles, attachments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.core import citation
from app.gui.dialogs.export_dialog import ExportDialog
from app.gui.dialogs.import_dialog import choose_files

from .conftest import title_ids


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's home folder (where a dialog opens the first time)."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    return h


def folder(tmp_path: Path, name: str, file: str) -> tuple[Path, Path]:
    d = tmp_path / name
    d.mkdir()
    f = d / file
    f.write_text("", encoding="utf-8")
    return d, f


def test_import_opens_in_the_folder_last_imported_from(qtbot, tmp_path, home, monkeypatch):
    papers, ris = folder(tmp_path, "papers", "refs.ris")
    seen: list[str] = []

    def fake(parent, caption, directory, flt):  # type: ignore[no-untyped-def]
        seen.append(directory)
        return ([str(ris)] if len(seen) == 1 else []), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    assert choose_files(None) == [str(ris)]
    assert choose_files(None) == []                 # cancelled: the folder is kept
    choose_files(None)
    assert seen == [str(home), str(papers), str(papers)]


def test_a_folder_gone_falls_back_to_home(qtbot, tmp_path, home, monkeypatch):
    gone, ris = folder(tmp_path, "gone", "refs.ris")
    seen: list[str] = []
    answers = [[str(ris)], []]

    def fake(parent, caption, directory, flt):  # type: ignore[no-untyped-def]
        seen.append(directory)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    choose_files(None)
    shutil.rmtree(gone)
    choose_files(None)
    assert seen == [str(home), str(home)]


def test_export_save_dialog_opens_in_the_folder_last_exported_to(qtbot, library, tmp_path,
                                                                 home, monkeypatch):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    seen: list[str] = []

    def fake(parent, caption, directory, flt):  # type: ignore[no-untyped-def]
        seen.append(directory)
        return str(out_dir / "mine.bib"), flt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    first = ExportDialog(None, library, [], None, "")
    qtbot.addWidget(first)
    first._browse()
    second = ExportDialog(None, library, [], None, "")
    qtbot.addWidget(second)
    second._browse()
    assert seen == [str(home / "export.bib"), str(out_dir / "export.bib")]


def test_style_and_attachment_dialogs_remember_their_own_folders(make_window, library,
                                                                 tmp_path, home, monkeypatch):
    win = make_window(library)
    styles = tmp_path / "styles"
    styles.mkdir()
    src = Path(citation.resolve_style("apa").path).read_text(encoding="utf-8")
    mine = styles / "my-lab-style.csl"
    mine.write_text(src.replace("<id>", "<id>x-my-lab-").replace(
        "<title>", "<title>My Lab "), encoding="utf-8")
    pdfs, pdf = folder(tmp_path, "pdfs", "paper.pdf")
    opened: list[tuple[str, str]] = []

    def one(parent, caption, directory, flt=""):  # type: ignore[no-untyped-def]
        opened.append(("style", directory))
        return (str(mine) if len(opened) == 1 else ""), ""

    def many(parent, caption, directory, flt=""):  # type: ignore[no-untyped-def]
        opened.append(("attachment", directory))
        return [str(pdf)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(one))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(many))
    assert win.add_style() is not None
    assert win.add_style() is None                  # cancelled
    win.table.select_ids([title_ids(library)["Deep Learning"]])
    win.detail.add_attachment()
    win.detail.add_attachment()
    assert opened == [("style", str(home)), ("style", str(styles)),
                      ("attachment", str(home)), ("attachment", str(pdfs))]
