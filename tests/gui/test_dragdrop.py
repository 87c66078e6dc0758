"""Drops: what a QMimeData carries, and importing it (files, text, links, the seed page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

from app.core.library import Library
from app.gui.dragdrop import DropFilter, DropSource, import_drop, sources_from_mime
from app.gui.tasks import SyncTaskRunner, TaskRunner
from tests.conftest import CORPUS, ROOT, SPEC

pytestmark = pytest.mark.gui

SEED = CORPUS / "seed" / "000_c0116378fb088a26.txt"
CSL = [{"type": "article-journal", "title": "Introduction",
        "author": [{"family": "Radchenko", "given": "S."}],
        "issued": {"date-parts": [[2023]]}, "DOI": "10.1353/apr.2023.a905228"}]
BIBTEX = """@book{goodfellow2016,
  title = {Deep Learning},
  author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},
  year = {2016},
  publisher = {MIT Press}
}
"""


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()


def _mime(urls=(), text=None) -> QMimeData:
    m = QMimeData()
    if urls:
        m.setUrls([QUrl.fromLocalFile(str(u)) if not str(u).startswith("http") else QUrl(u)
                   for u in urls])
    if text is not None:
        m.setText(text)
    return m


def _drop(lib, mime, policy=None):
    got = []
    handle = import_drop(lib, mime, SyncTaskRunner(), got.append, policy=policy)
    assert handle is not None
    assert len(got) == 1, handle.error
    return got[0]


def test_sources_files_links_and_text(tmp_path):
    a = tmp_path / "a.bib"
    a.write_text(BIBTEX)
    folder = tmp_path / "saved"
    (folder / "sub").mkdir(parents=True)
    (folder / "p1.html").write_text("<html></html>")
    (folder / "sub" / "p2.ris").write_text("TY  - JOUR\nER  -\n")
    (folder / ".hidden").write_text("x")
    m = _mime([a, folder, "https://doi.org/10.1353/apr.2023.a905228"])
    assert sources_from_mime(m) == [
        DropSource("file", str(a)),
        DropSource("file", str(folder / "p1.html")),
        DropSource("file", str(folder / "sub" / "p2.ris")),
        DropSource("url", "https://doi.org/10.1353/apr.2023.a905228"),
    ]


def test_text_that_repeats_the_link_is_not_a_second_source():
    m = QMimeData()
    m.setUrls([QUrl("https://example.org/paper")])
    m.setText("https://example.org/paper")
    assert sources_from_mime(m) == [DropSource("url", "https://example.org/paper")]


def test_plain_text_sources():
    assert sources_from_mime(_mime(text="  10.1000/xyz123 ")) == [
        DropSource("text", "10.1000/xyz123")]
    assert sources_from_mime(_mime(text="http://example.org/a")) == [
        DropSource("url", "http://example.org/a")]
    assert sources_from_mime(_mime(text="file:///tmp/x.bib\nfile:///tmp/%E9%A1%B5.ris")) == [
        DropSource("file", "/tmp/x.bib"), DropSource("file", "/tmp/页.ris")]
    assert sources_from_mime(_mime(text="   ")) == []
    assert sources_from_mime(QMimeData()) == []


def test_drop_file_then_same_again_is_skipped(qtbot, lib, tmp_path):
    f = tmp_path / "one.json"
    f.write_text(json.dumps(CSL))
    first = _drop(lib, _mime([f]))
    assert len(first.added) == 1 and not first.failures
    again = _drop(lib, _mime([f]), policy="skip")
    assert again.added == []
    assert [rid for _rec, rid in again.skipped] == first.added  # the existing one, to select
    assert lib.count() == 1


def test_several_files_one_summary_and_one_undo(qtbot, lib, tmp_path):
    f1 = tmp_path / "one.json"
    f1.write_text(json.dumps(CSL))
    f2 = tmp_path / "two.bib"
    f2.write_text(BIBTEX)
    bad = tmp_path / "bad.json"
    bad.write_text("[1]")
    report = _drop(lib, _mime([f1, f2, bad]))
    assert sorted(r.title for r in lib.get_many(report.added)) == ["Deep Learning",
                                                                   "Introduction"]
    assert [str(x) for x in report.failures] == [f"{bad}:1: item 1 is not an object"]
    assert lib.count() == 2
    lib.undo()
    assert lib.count() == 0  # one undo removes what the drop added


def test_dropped_bibtex_text(qtbot, lib):
    report = _drop(lib, _mime(text=BIBTEX))
    assert len(report.added) == 1
    rec = lib.get(report.added[0])
    assert rec.title == "Deep Learning"
    assert [c.family for c in rec.creators] == ["Goodfellow", "Bengio", "Courville"]


def test_dropped_link_makes_a_web_page_record(qtbot, lib):
    report = _drop(lib, _mime(text="https://example.org/some/article"))
    assert len(report.added) == 1
    rec = lib.get(report.added[0])
    assert rec.url == "https://example.org/some/article"
    assert rec.type == "webpage"


def test_drop_filter_on_a_widget(qtbot, lib, tmp_path):
    f = tmp_path / "one.json"
    f.write_text(json.dumps(CSL))
    w = QWidget()
    qtbot.addWidget(w)
    w.setAcceptDrops(True)
    runner = TaskRunner()
    try:
        filt = DropFilter(lib, runner, w)
        w.installEventFilter(filt)
        mime = _mime([f])
        ev = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        # Qt delivers drop events only from a live drag; hand the event to the filter
        with qtbot.waitSignal(filt.imported, timeout=10000) as sig:
            assert filt.eventFilter(w, ev) is True
        assert ev.isAccepted() and ev.dropAction() == Qt.DropAction.CopyAction
        assert len(sig.args[0].added) == 1
        assert lib.get(sig.args[0].added[0]).doi == "10.1353/apr.2023.a905228"
    finally:
        runner.shutdown()


@pytest.mark.skipif(not (ROOT / "app" / "core" / "formats" / "page.py").exists(),
                    reason="the saved-page reader app/core/formats/page.py is not written yet")
def test_drop_seed_page(qtbot, lib):
    expected = json.loads((SPEC / "seed_record.json").read_text(encoding="utf-8"))
    report = _drop(lib, _mime([SEED]))
    assert len(report.added) == 1, [str(f) for f in report.failures]
    rec = lib.get(report.added[0])
    assert rec.title == expected["title"]
    assert rec.doi == expected["DOI"]
    assert rec.container_title == expected["container-title"]
    assert (rec.volume, rec.issue, rec.pages) == (expected["volume"], expected["issue"],
                                                  expected["page"])
    assert rec.issued is not None and rec.issued.year == expected["issued"]["date-parts"][0][0]
    assert rec.creators[0].family == expected["author"][0]["family"]
    assert rec.abstract.startswith(expected["abstract_starts"])
    assert expected["abstract_translated_contains"] in rec.abstract_translated
    assert rec.attachments  # the page is kept as an attachment
    again = _drop(lib, _mime([SEED]))
    assert again.added == [] and [i for _r, i in again.skipped] == report.added
    assert lib.count() == 1


def test_dropped_doi_text(qtbot, lib):
    try:
        from app.core.extract import read_dropped_text  # noqa: F401
    except ImportError:
        pytest.skip("app.core.extract.read_dropped_text is not written yet")
    report = _drop(lib, _mime(text="doi:10.1353/apr.2023.a905228"))
    assert len(report.added) == 1
    assert lib.get(report.added[0]).doi == "10.1353/apr.2023.a905228"
    again = _drop(lib, _mime(text="https://doi.org/10.1353/apr.2023.a905228"))
    assert again.added == [] and [i for _r, i in again.skipped] == report.added


def test_several_links_are_one_undo_step(qtbot, lib):
    m = QMimeData()
    m.setUrls([QUrl("https://example.org/a"), QUrl("https://example.org/b")])
    report = _drop(lib, m)
    assert sorted(r.url for r in lib.get_many(report.added)) == ["https://example.org/a",
                                                                 "https://example.org/b"]
    lib.undo()
    assert lib.count() == 0


def _three_files(tmp_path):
    out = []
    for i in range(3):
        f = tmp_path / f"f{i}.json"
        f.write_text(json.dumps([{"type": "book", "title": f"Book {i}",
                                  "author": [{"family": f"Author{i}", "given": "A."}],
                                  "issued": {"date-parts": [[2000 + i]]}}]))
        out.append(f)
    return out


def test_several_files_report_progress_per_file(qtbot, lib, tmp_path):
    from app.gui.dragdrop import import_sources

    calls = []
    files = _three_files(tmp_path)
    report = import_sources(lib, [DropSource("file", str(f)) for f in files], "skip",
                            lambda d, t: calls.append((d, t)) or True)
    assert len(report.added) == 3
    assert calls[:3] == [(0, 3), (1, 3), (2, 3)]  # one step per file while reading


BROKEN_BIB = ("@article{ok, title = {Fine}, year = 2020}\n"
              "@article{bad,\n  title = {Unclosed,\n  journal = {Nature},\n  year = 2019\n}\n")


def test_dropped_files_and_text_read_leniently_are_reported(qtbot, lib, tmp_path):
    from app.gui.dragdrop import import_sources

    f = tmp_path / "broken.bib"
    f.write_text(BROKEN_BIB, encoding="utf-8")
    report = import_sources(lib, [DropSource("file", str(f)),
                                  DropSource("text", BROKEN_BIB.replace("{ok", "{ok2")
                                             .replace("{bad", "{bad2").replace("Fine", "Good"))],
                            "import")
    assert len(report.added) == 4 and not report.failures
    file_said, text_said = sorted(str(w) for w in report.warnings)
    assert file_said.startswith(f"{f}:2: entry 'bad': the brace opened"), file_said
    assert text_said.startswith("<dropped text>:2: entry 'bad2'") and "not closed" in text_said


def test_cancel_while_reading_files_imports_nothing(qtbot, lib, tmp_path):
    from app.core.library import ImportCancelled
    from app.gui.dragdrop import import_sources

    files = _three_files(tmp_path)
    with pytest.raises(ImportCancelled):
        import_sources(lib, [DropSource("file", str(f)) for f in files], "skip",
                       lambda d, t: d < 2)  # Cancel pressed while the third file is read
    assert lib.count() == 0


@pytest.mark.skipif(not (ROOT / "app" / "core" / "formats" / "page.py").exists(),
                    reason="the saved-page reader app/core/formats/page.py is not written yet")
def test_cancel_while_storing_pages_rolls_back(qtbot, lib, tmp_path):
    from app.core.library import ImportCancelled

    page2 = tmp_path / "copy.txt"
    page2.write_bytes(SEED.read_bytes())
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return len(seen) < 3  # both files read, then Cancel as the records are stored

    with pytest.raises(ImportCancelled):
        lib.import_files([str(SEED), str(page2)], policy="import", progress=progress)
    assert lib.count() == 0
    assert lib.undo_label() is None
