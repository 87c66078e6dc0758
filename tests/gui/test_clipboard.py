"""Copying citations: text/plain and text/html as separate flavours, no markup in the text.

Expected texts come from ../shared/spec/citations.json.
"""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtGui import QGuiApplication

from app.core.csl import record_from_csl
from app.core.records import Creator, Record
from app.gui import clipboard
from app.gui.tasks import SyncTaskRunner, TaskRunner
from tests.conftest import SPEC

pytestmark = pytest.mark.gui

APA = "apa"
GBT = "china-national-standard-gb-t-7714-2015-numeric"


def _spec() -> dict:
    return json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))


def _record(key: str) -> Record:
    rec = record_from_csl(_spec()["records"][key])
    rec.id = 1
    return rec


def _case(record: str, style: str) -> dict:
    return next(c for c in _spec()["cases"] if c["record"] == record and c["style"] == style)


def _flavours():
    mime = QGuiApplication.clipboard().mimeData()
    return set(mime.formats()), mime.text(), mime.html()


def test_apa_bibliography_has_both_flavours(qtbot):
    case = _case("seed", APA)
    clipboard.copy_citation([_record("seed")], APA, "en-US")
    formats, plain, html = _flavours()
    assert {"text/plain", "text/html"} <= formats
    assert plain == case["bibliography"]
    assert "<" not in plain and "&amp;" not in plain
    for text in case["italic"]:
        assert re.search(rf"<(i|em)>{re.escape(text)}</(i|em)>", html), text
    # the HTML carries the same words as the text, only marked up
    assert "Radchenko, S. (2023). Introduction." in html


def test_in_text_citation(qtbot):
    case = _case("seed", APA)
    clip = clipboard.copy_citation([_record("seed")], APA, "en-US", in_text=True)
    assert clip.plain == case["citation"]
    formats, plain, html = _flavours()
    assert plain == case["citation"] and "text/html" in formats
    assert case["citation"] in html


def test_gbt_cjk_names_whole_and_no_markup(qtbot):
    case = _case("zh2", GBT)
    clipboard.copy_citation([_record("zh2")], GBT)
    _formats, plain, html = _flavours()
    assert plain == case["bibliography"]
    assert "王小明, 李华" in html
    assert "<" not in plain


def test_markup_characters_in_titles_stay_text(qtbot):
    rec = Record(title="Fish & Chips when x < y", creators=[Creator("Doe", "Jane")],
                 container_title="Food", type="article-journal")
    rec.id = 7
    clipboard.copy_citation([rec], APA, "en-US")
    _formats, plain, html = _flavours()
    assert "Fish & Chips when x < y" in plain  # the title itself, verbatim
    assert "Fish &amp; Chips when x &lt; y" in html  # escaped in the HTML flavour


def test_several_records_one_entry_per_line(qtbot):
    recs = [_record("seed"), _record("en4")]
    recs[1].id = 2
    clip = clipboard.copy_citation(recs, GBT, runner=SyncTaskRunner())
    lines = QGuiApplication.clipboard().text().split("\n")
    assert len(lines) == 2
    assert lines[0] == _case("seed", GBT)["bibliography"]
    assert lines[1].startswith("[2] GOODFELLOW I, BENGIO Y, COURVILLE A, et al. Deep Learning[M]")
    assert clip.done_total is not None  # a TaskHandle from the runner


def test_copy_through_thread_runner(qtbot):
    runner = TaskRunner()
    try:
        got = []
        h = clipboard.copy_citation([_record("seed")], APA, "en-US", runner=runner,
                                    on_done=got.append)
        with qtbot.waitSignal(h.finished, timeout=20000):
            pass
        assert QGuiApplication.clipboard().text() == _case("seed", APA)["bibliography"]
        assert got and got[0].plain == _case("seed", APA)["bibliography"]
    finally:
        runner.shutdown()


def test_copy_keys(qtbot):
    a, b = Record(title="A", citation_key="radchenko2023"), Record(title="B", citation_key="王2021")
    clipboard.copy_keys([a, b])
    _formats, plain, _html = _flavours()
    assert plain == "radchenko2023,王2021"
    assert "text/html" not in QGuiApplication.clipboard().mimeData().formats()


def test_copy_bibtex(qtbot):
    from app.core import formats
    from app.core.errors import FormatError

    try:
        formats.get("bibtex")
    except FormatError:
        pytest.skip("the BibTeX writer (app/core/formats/bibtex.py) is not registered yet")
    rec = _record("seed")
    rec.citation_key = "radchenko2023"
    clipboard.copy_bibtex([rec])
    plain = QGuiApplication.clipboard().text()
    assert plain.lstrip().startswith("@article{radchenko2023,")
    assert "10.1353/apr.2023.a905228" in plain


def test_big_copy_formats_off_the_gui_thread(qtbot, monkeypatch):
    """500 records: the formatting runs on the worker, the GUI thread only sets the data."""
    import threading

    import app.core.citation as citation

    real = citation.format_all
    threads = []

    def spy(records, style, locale=None):
        threads.append(threading.current_thread())
        return real(records, style, locale)

    monkeypatch.setattr(citation, "format_all", spy)
    base = _record("seed")
    recs = []
    for i in range(500):
        r = base.copy()
        r.id = i + 1
        r.title = f"Introduction part {i}"
        recs.append(r)
    runner = TaskRunner()
    try:
        h = clipboard.copy_citation(recs, GBT, runner=runner)
        with qtbot.waitSignal(h.finished, timeout=60000):
            pass
    finally:
        runner.shutdown()
    assert threads and all(t is not threading.main_thread() for t in threads)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert len(lines) == 500
    assert lines[0].startswith("[1] RADCHENKO S. Introduction part 0[J/OL].")
