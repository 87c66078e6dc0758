"""Streamed reads of the tagged formats built on tagged.read_tagged_chunks (EndNote/Refer,
NoteExpress): the chunks together are the whole read, in order, with the same
failures and line numbers, and done_fraction rises to 1.0."""

from __future__ import annotations

import json

import pytest

from app.core.formats import Failure, ReadResult, get
from app.core.formats.noteexpress import record_to_noteexpress
from app.core.formats.refer import record_to_refer
from app.core.textio import decode_bytes
from bench.generate import make_records
from tests.conftest import CORPUS

ZOTERO = CORPUS / "zotero-translators"
NET_FILES = sorted((CORPUS / "cnki/Vopaaz-CNKI_2_BibTeX/tests/assets").glob("*.net"))


def _inputs(rel: str) -> list[str]:
    return [case["input"] for case in json.loads((ZOTERO / rel).read_text(encoding="utf-8"))]


def _generated(write) -> str:
    # a record without title, author or identifier in the middle: a failure
    recs = make_records(300, seed=3)
    recs[150].title, recs[150].creators, recs[150].doi = "", [], ""
    recs[150].container_title, recs[150].url, recs[150].isbn = "", "", ""
    return "\n".join(write(r) for r in recs)


REFER_TEXTS = (_inputs("other_import_formats/ReferBibIX_import_tests.json")
               + _inputs("translators_CN/CNKI_Refer_import_tests.json")
               + [_generated(record_to_refer), "nothing tagged here\n"])
NE_TEXTS = [decode_bytes(p.read_bytes())[0] for p in NET_FILES] + [
    _generated(record_to_noteexpress), "nothing tagged here\n"]


def _failure(f: Failure) -> tuple:
    return (f.source, f.line, f.reason, f.raw)


def _check(fid: str, text: str, size: int) -> list[ReadResult]:
    fmt = get(fid)
    chunks = list(fmt.read_chunks(text, "in.txt", chunk_records=size))
    whole = fmt.read(text, "in.txt")
    assert [r.to_dict() for c in chunks for r in c.records] == [r.to_dict() for r in whole.records]
    assert [_failure(f) for c in chunks for f in c.failures] == [_failure(f) for f in
                                                                 whole.failures]
    assert [n for c in chunks for n in c.lines] == whole.lines
    fractions = [c.done_fraction for c in chunks]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(len(c.records) + len(c.failures) <= size + 1 for c in chunks)
    return chunks


@pytest.mark.parametrize("size", [1, 2, 2000])
@pytest.mark.parametrize("index", range(len(REFER_TEXTS)))
def test_refer_chunks_are_the_whole_read(index: int, size: int) -> None:
    _check("enw", REFER_TEXTS[index], size)


@pytest.mark.parametrize("size", [1, 2, 2000])
@pytest.mark.parametrize("index", range(len(NE_TEXTS)))
def test_noteexpress_chunks_are_the_whole_read(index: int, size: int) -> None:
    _check("noteexpress", NE_TEXTS[index], size)


@pytest.mark.parametrize("fid, write", [("enw", record_to_refer),
                                        ("noteexpress", record_to_noteexpress)])
def test_a_generated_file_comes_in_chunks_of_the_size_asked(fid: str, write) -> None:
    chunks = _check(fid, _generated(write), 120)
    assert [len(c.records) + len(c.failures) for c in chunks] == [120, 120, 60]
    assert [c.done_fraction for c in chunks] == [0.4, 0.8, 1.0]
    assert sum(len(c.failures) for c in chunks) == 1
    assert chunks[1].failures[0].reason == "record has no title, author or identifier"


@pytest.mark.parametrize("fid", ["enw", "noteexpress"])
def test_text_without_records_is_one_chunk_with_its_failure(fid: str) -> None:
    chunks = list(get(fid).read_chunks("nothing tagged here\n", "x.txt"))
    assert len(chunks) == 1
    assert chunks[0].records == [] and len(chunks[0].failures) == 1
    assert chunks[0].failures[0].line == 1
    assert chunks[0].done_fraction == 1.0
