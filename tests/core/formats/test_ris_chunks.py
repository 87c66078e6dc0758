"""RIS read in chunks (RisFormat.read_chunks): the chunks together hold exactly the
records, failures and line numbers of a whole read, and say how far the reading got."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.core import formats
from app.core.formats import Failure, ReadResult, get
from app.core.formats.ris import CHUNK_RECORDS
from app.core.textio import decode_bytes
from bench.gen_files import ris_entries
from bench.generate import make_records
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
