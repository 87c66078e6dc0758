"""RIS read in chunks (RisFormat.read_chunks): the chunks together hold exactly the
records, failures and line numbers of a whole read, and say how far the reading got."""

from __future__ import annotations

import json
import random
import re
import sys
import tracemalloc
from pathlib import Path

import pytest

from app.core import formats
from app.core.formats import Failure, ReadResult, get
from app.core.formats.ris import CHUNK_RECORDS
from app.core.textio import decode_bytes
from bench.gen_files import ris_entries
from bench.generate import make_records
from tests.conftest import CORPUS
from tests.core.formats.test_ris_corpus import FILES, RIS_DIR

RIS = get("ris")


def _failure(f: Failure) -> tuple:
    return (f.source, f.line, f.reason, f.raw)


def _joined(chunks: list[ReadResult]) -> tuple[list[dict], list[tuple], list[int | None]]:
    return ([r.to_dict() for c in chunks for r in c.records],
            [_failure(f) for c in chunks for f in c.failures],
            [n for c in chunks for n in c.lines])


def _whole(res: ReadResult) -> tuple[list[dict], list[tuple], list[int | None]]:
    return ([r.to_dict() for r in res.records], [_failure(f) for f in res.failures], res.lines)


def _check_progress(chunks: list[ReadResult], size: int) -> None:
    fractions = [c.done_fraction for c in chunks]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0.0 < f < 1.0 for f in fractions[:-1])
    assert all(len(c.records) + len(c.failures) <= size + 1 for c in chunks)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(RIS_DIR)))
@pytest.mark.parametrize("size", [1, 3, CHUNK_RECORDS])
def test_chunks_of_every_corpus_file_are_the_whole_read(path: Path, size: int) -> None:
    text, _ = decode_bytes(path.read_bytes())
    chunks = list(RIS.read_chunks(text, str(path), chunk_records=size))
    assert _joined(chunks) == _whole(RIS.read(text, str(path)))
    _check_progress(chunks, size)


@pytest.fixture(scope="module")
def generated() -> str:
    """5,000 generated records as the benchmark writes them, with an empty record
    (a failure) in the third chunk and a record whose title runs on over two lines."""
    recs = make_records(5000, seed=7)
    entries = list(ris_entries(recs, random.Random(8)))
    entries[4321] = "TY  - JOUR\r\nER  - \r\n\r\n"
    entries[2500] = entries[2500].replace("\r\nTI  - ", "\r\nTI  - Run on\r\n  ", 1) \
        .replace("\r\nT1  - ", "\r\nT1  - Run on\r\n  ", 1)
    return "".join(entries)


def test_chunks_of_a_generated_file_are_the_whole_read(generated: str) -> None:
    chunks = list(RIS.read_chunks(generated, "gen.ris"))
    whole = RIS.read(generated, "gen.ris")
    assert len(whole.records) == 4999
    assert _joined(chunks) == _whole(whole)
    assert [len(c.records) + len(c.failures) for c in chunks] == [2000, 2000, 1000]
    _check_progress(chunks, CHUNK_RECORDS)
    assert [c.done_fraction for c in chunks] == [0.4, 0.8, 1.0]


def test_failure_and_record_lines_in_a_later_chunk_are_the_file_lines() -> None:
    # record i (0-based) starts on line 4*i + 1: TY, TI, ER and a blank line
    text = "".join(f"TY  - JOUR\nTI  - Title {i}\nER  - \n\n" if i != 5 else
                   "TY  - JOUR\nN1  - \nER  - \n\n" for i in range(8))
    chunks = list(RIS.read_chunks(text, "f.ris", chunk_records=3))
    assert [c.lines for c in chunks] == [[1, 5, 9], [13, 17], [25, 29]]
    assert [f.line for f in chunks[1].failures] == [21]
    assert chunks[1].failures[0].raw == "TY  - JOUR\nN1  - \nER  - "
    assert [r.title for r in chunks[2].records] == ["Title 6", "Title 7"]


@pytest.mark.parametrize("text, reason", [
    ("AU  - Someone, A\nTI  - No type line\n", "tagged lines without a 'TY  - ' line"),
    ("just words\n", "no RIS record found"),
])
def test_a_file_without_records_is_one_chunk_with_its_failure(text: str, reason: str) -> None:
    chunks = list(RIS.read_chunks(text, "x.ris"))
    assert len(chunks) == 1
    assert chunks[0].records == []
    assert reason in chunks[0].failures[0].reason
    assert chunks[0].done_fraction == 1.0


def test_read_path_chunks_streams_a_big_ris_file(tmp_path: Path) -> None:
    text = "".join(f"TY  - BOOK\r\nTI  - Book {i}\r\nER  - \r\n" for i in range(4500))
    path = tmp_path / "big.ris"
    path.write_text(text, encoding="utf-8", newline="")
    chunks = list(formats.read_path_chunks(str(path)))
    assert [len(c.records) for c in chunks] == [2000, 2000, 500]
    assert all(c.format_id == "ris" for c in chunks)
    assert chunks[2].records[-1].title == "Book 4499"
    assert chunks[2].lines[-1] == 3 * 4499 + 1


def _zotero_and_cnki_inputs() -> list[tuple[str, str]]:
    """The Zotero translator cases that hold a RIS type line, and the CNKI corpus files."""
    out: list[tuple[str, str]] = []
    for p in sorted((CORPUS / "zotero-translators").rglob("*.json")):
        cases = json.loads(p.read_text(encoding="utf-8"))
        for i, case in enumerate(cases):
            text = case.get("input") if isinstance(case, dict) else None
            if isinstance(text, str) and re.search(r"^(?:\s*\d+\.\s+)?TY {1,2}-", text, re.M):
                out.append((f"{p.name}#{i}", text))
    for p in sorted((CORPUS / "cnki").rglob("*")):
        if p.is_file():
            out.append((p.name, decode_bytes(p.read_bytes())[0]))
    return out


@pytest.mark.parametrize("name, text", _zotero_and_cnki_inputs(), ids=lambda v: v[:40])
def test_chunks_of_zotero_cases_and_cnki_files_are_the_whole_read(name: str, text: str) -> None:
    for size in (1, 3):
        chunks = list(RIS.read_chunks(text, name, chunk_records=size))
        assert _joined(chunks) == _whole(RIS.read(text, name))
        _check_progress(chunks, size)


# Records written the usual way (read in one step) next to ones that go through the
# line-by-line rules (Ovid's numbers, one-space tags, a value run on over two lines,
# no final ER), with the name and note tags the file-wide rules look at in both. Its
# names are 'Family, Given' three times (Babbage, van der Waals, Curie) and 'Given
# Family' three times (Lovelace, Hopper, Noether): a tie, so a name read wrongly or
# counted when it is not (the tagged line outside a record) turns the decision.
_MIXED = ("Record #1 of 4\nProvider: Ovid\n1.\nTY  - JOUR\nAU  - Ada Lovelace\n"
          "ED  - Babbage, Charles\nTI  - First\nER  - \n\n"
          "2. TY  - JOUR\nA1  - Grace Hopper\nTI  - Second\n  runs on\nER  - \n"
          "AU  - Orphan Tag\n"
          "TY - BOOK\nAU - van der\n  Waals, Johannes\nTI - Third\n"
          "N1 - Author Role:\n editors\nER - \n"
          "TY  - JOUR\nAU  - Emmy Noether\nA2  - Curie, Marie\nTI  - Fourth\n"
          "N1  - Record ID: 4\nER  - \n\n"
          "TY  - JOUR\nA4  - Hypatia\nTI  - Fifth, without ER\nN1  - a note\n")


@pytest.mark.parametrize("text", [
    _MIXED, _MIXED.replace("\n", "\r\n"), _MIXED.replace("\n", "\r"), "\ufeff" + _MIXED,
    _MIXED.replace("N1  - Record ID: 4\n", ""),
    _MIXED.replace("Babbage, Charles", "Charles Babbage"),
    "\ufeff\n", "\ufeffAU  - Someone, A\n", "TY  - JOUR\nER  - \n" * 3, "",
], ids=["mixed", "crlf", "cr", "bom", "no-procite", "names-given-first", "bom-only",
        "orphan", "empty-records", "empty"])
@pytest.mark.parametrize("size", [1, 2])
def test_chunks_of_mixed_and_odd_texts_are_the_whole_read(text: str, size: int) -> None:
    chunks = list(RIS.read_chunks(text, "m.ris", chunk_records=size))
    assert _joined(chunks) == _whole(RIS.read(text, "m.ris"))
    _check_progress(chunks, size)


def test_the_first_chunk_is_read_by_the_rules_of_the_whole_file() -> None:
    # One chunk a record: what the first record's chunk holds depends on the
    # records after it. The file writes more names 'Family, Given' (three) than
    # 'Given Family' (one), so a name without a comma is kept whole; and the last
    # record's "Record ID:" note makes it a ProCite file, whose labelled notes
    # are fields.
    text = ("TY  - JOUR\nAU  - Ada Lovelace\nTI  - First\nN1  - Volume ID: 3\nER  - \n\n"
            "TY  - JOUR\nAU  - Hopper, Grace\nAU  - Turing, Alan\nTI  - Second\nER  - \n\n"
            "TY  - JOUR\nAU  - Noether, Emmy\nTI  - Third\nN1  - Record ID: 9\nER  - \n")
    first = next(RIS.read_chunks(text, "f.ris", chunk_records=1))
    (rec,) = first.records
    assert [(c.family, c.given, c.literal) for c in rec.creators] == [("", "", "Ada Lovelace")]
    assert rec.volume == "3" and rec.notes == []
    # without the later records, the same record is read the other way
    (alone,) = RIS.read(text.split("\n\n")[0] + "\n", "f.ris").records
    assert [(c.family, c.given) for c in alone.creators] == [("Lovelace", "Ada")]
    assert alone.volume == "" and alone.notes == ["Volume ID: 3"]


def _generated(n_records: int) -> str:
    return "".join(ris_entries(make_records(n_records, seed=3), random.Random(4)))


def _peak_while_reading_chunks(n_records: int, text: str = "") -> int:
    """The peak memory (bytes, tracemalloc) taken while the chunks of a generated
    file of *n_records* records (or of *text*, holding that many) are read and let
    go, 100 records a chunk; the text itself is made before."""
    text = text or _generated(n_records)
    tracemalloc.start()
    try:
        for chunk in RIS.read_chunks(text, "g.ris", chunk_records=100):
            assert len(chunk.records) == 100
            del chunk
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_a_chunked_read_does_not_grow_with_the_number_of_records() -> None:
    # a file four times as long: when the whole file is split into entries before
    # the first chunk, the peak is about four times as high; read in two passes,
    # it is a chunk's worth of entries and records whatever the length
    _peak_while_reading_chunks(100)  # the module's caches of names and dates warm up
    small = _peak_while_reading_chunks(600)
    large = _peak_while_reading_chunks(2400)
    assert large < 1.5 * small


def test_a_bom_does_not_make_the_reader_copy_the_text() -> None:
    text = _generated(2000)
    _peak_while_reading_chunks(100)  # caches warm up
    without = _peak_while_reading_chunks(2000, text)
    with_bom = _peak_while_reading_chunks(2000, "\ufeff" + text)
    assert with_bom < without + sys.getsizeof(text) // 2


def test_a_failure_late_in_a_big_file_does_not_split_the_whole_text() -> None:
    # a failure report quotes its record's lines; they are found without splitting
    # the whole text into lines (which takes more than the text itself)
    text = _generated(2000)
    failing = text + "TY  - JOUR\r\nN1  - \r\nER  - \r\n"
    _peak_while_reading_chunks(100)  # caches warm up
    without = _peak_while_reading_chunks(2000, text)
    failures = []
    tracemalloc.start()
    try:
        for chunk in RIS.read_chunks(failing, "g.ris", chunk_records=100):
            failures += chunk.failures
            del chunk
        with_failure = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (failure,) = failures
    assert failure.line == text.count("\n") + 1
    assert failure.raw == "TY  - JOUR\nN1  - \nER  - "
    assert with_failure - without < sys.getsizeof(text) // 2


@pytest.mark.parametrize("brk", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_failures_quote_their_record_lines_in_every_chunk(brk: str, bom: str) -> None:
    # record i (0-based) starts on line 4*i + 1; records 1, 4 and 5 are empty,
    # record 4 written line by line (a one-space tag)
    recs = [f"TY  - JOUR{brk}TI  - Title {i}{brk}ER  - {brk}{brk}" for i in range(7)]
    recs[1] = f"TY  - JOUR{brk}N1  - {brk}ER  - {brk}{brk}"
    recs[4] = f"TY - JOUR{brk}N1 - {brk}ER  - {brk}{brk}"
    recs[5] = f"TY  - JOUR{brk}ER  - {brk}{brk}"
    text = bom + "".join(recs)
    for size in (1, 2, 7):
        failures = [f for c in RIS.read_chunks(text, "f.ris", chunk_records=size)
                    for f in c.failures]
        assert [(f.line, f.raw) for f in failures] == [
            (5, "TY  - JOUR\nN1  - \nER  - "), (17, "TY - JOUR\nN1 - \nER  - "),
            (21, "TY  - JOUR\nER  - ")]
