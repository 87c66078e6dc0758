"""The BibTeX reader in chunks: every chunking gives the records, lines, failures and
notes of the whole file read in one piece, and the worker process changes nothing."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bibtexparser import model as btmodel

from app.core import formats
from app.core.formats import ReadResult, bibtex
from app.core.formats.bibtex import read_bibtex, read_bibtex_chunks
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

FILES = sorted(p for d in (CORPUS / "bibtex", CORPUS / "large") for p in d.rglob("*.bib"))
ONE_PIECE = 10**9


def _params() -> list[Any]:
    return [pytest.param(p, id=str(p.relative_to(CORPUS)),
                         marks=[pytest.mark.slow] if p.stat().st_size > 400_000 else [])
            for p in FILES]


def _text(path: Path) -> str:
    return decode_bytes(path.read_bytes())[0]


def _joined(chunks: list[ReadResult]) -> dict[str, Any]:
    return {
        "records": [r.to_dict() for c in chunks for r in c.records],
        "lines": [ln for c in chunks for ln in c.lines],
        "failures": [(f.source, f.line, f.reason, f.raw) for c in chunks for f in c.failures],
        "notes": [n for c in chunks for n in c.notes],
    }


@pytest.mark.parametrize("path", _params())
def test_every_chunking_reads_like_one_piece(path: Path) -> None:
    text = _text(path)
    whole = list(read_bibtex_chunks(text, path.name, chunk_blocks=ONE_PIECE, worker=False))
    assert len(whole) == 1
    for size in (1, 7):
        chunks = list(read_bibtex_chunks(text, path.name, chunk_blocks=size, worker=False))
        assert _joined(chunks) == _joined(whole), f"chunks of {size}"
    # read() is the chunks put together
    assert _joined([read_bibtex(text, path.name)]) == _joined(whole)


MACRO_FILE = """@string{jp = "Journal of Physics"}
@string{ann = {Annals}}

@article{a1, author = {Smith, John}, title = {One}, journal = jp, year = 2001}
@article{dup, author = {Doe, Jane}, title = {Two}, journal = ann # { of Maths}, year = 2002}
@string{jp = "J. Phys."}
@article{a3, author = {Roe, Rick}, title = {Three}, journal = jp, month = mar, year = 2003}
@article{dup, author = {Other, Al}, title = {Four}, year = 2004}
@misc{, title = {No key at all}, year = 2005}
@misc{smith2001one, title = {Taken key}, year = 2006}
@inproceedings{child, author = {Kid, K.}, title = {Child}, crossref = {parent}, pages = {1--2}}
@article{broken, title = {Unclosed, year = 2007
@article{after, title = {After the broken one}, year = 2008}
@proceedings{parent, editor = {Ed, E.}, title = {The Proceedings}, year = 2009,
  publisher = {Pub}}
"""


def test_macros_keys_crossref_and_lines_carry_across_chunks() -> None:
    chunks = list(read_bibtex_chunks(MACRO_FILE, "m.bib", chunk_blocks=1, worker=False))
    assert len(chunks) > 10
    recs = {r.citation_key: r for c in chunks for r in c.records}
    lines = {r.citation_key: ln for c in chunks for r, ln in zip(c.records, c.lines)}
    assert recs["a1"].container_title == "Journal of Physics"
    assert recs["dup"].container_title == "Annals of Maths"
    assert recs["a3"].container_title == "J. Phys."  # redefined in an earlier chunk
    assert recs["a3"].issued is not None and recs["a3"].issued.month == 3
    # the parent comes after the child, in another chunk
    assert recs["child"].publisher == "Pub"
    assert recs["child"].container_title == "The Proceedings"
    # the generated key avoids a key further down the file
    assert "smith2001one" in recs and recs["smith2001one"].title == "Taken key"
    assert [r.title for r in recs.values() if r.title == "No key at all"]
    failures = [f for c in chunks for f in c.failures]
    dup = [f for f in failures if "duplicate" in f.reason]
    assert [(f.line, f.reason) for f in dup] == [
        (8, "duplicate citation key 'dup' (first on line 5)")]
    assert any(f.line == 12 for f in failures)  # the unclosed entry, on its file line
    assert lines["after"] == 13 and lines["parent"] == 14 and lines["a1"] == 4
    assert chunks[-1].done_fraction == 1.0
    fractions = [c.done_fraction for c in chunks]
    assert fractions == sorted(fractions) and 0 < fractions[0] < 1


def _big_text(n: int) -> str:
    out = ['@string{jn = "Journal of Tests"}\n']
    for i in range(n):
        out.append(f"@article{{k{i},\n  author = {{M{{\\\"u}}ller, Hans and Doe, J.}},\n"
                   f"  title = {{Entry {{DNA}} {i}}},\n  journal = jn,\n"
                   f"  pages = {{{i}--{i + 9}}},\n"
                   f"  note = {{Caf{{\\'e}} \\& {i % 7}}},\n  year = {1900 + i % 100}\n}}\n")
    out.append("@article{k5, title = {A duplicate of k5}}\n")
    return "".join(out)


def _workers() -> list[int]:
    return [w.pid for w in bibtex._WORKERS if w.pid is not None]


@pytest.fixture(params=["subprocess", "multiprocessing"])
def kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both kinds of worker: a plain subprocess, and multiprocessing's 'spawn' (as in a
    frozen build)."""
    monkeypatch.setattr(bibtex, "_WORKER_KIND", request.param)
    return str(request.param)


def test_worker_reads_like_this_process(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    text = _big_text(600)
    here = list(read_bibtex_chunks(text, "w.bib", chunk_blocks=50, worker=False))
    there = list(read_bibtex_chunks(text, "w.bib", chunk_blocks=50, worker=True))
    assert _joined(there) == _joined(here)
    assert len(there) > 10
    assert there[-1].failures and "duplicate citation key 'k5'" in there[-1].failures[0].reason
    assert "worker" not in caplog.text  # it started, and it read to the end
    assert not _workers()


def test_worker_that_dies_loses_nothing(kind: str) -> None:
    text = _big_text(600)
    expected = _joined(list(read_bibtex_chunks(text, "w.bib", chunk_blocks=50, worker=False)))
    gen = read_bibtex_chunks(text, "w.bib", chunk_blocks=50, worker=True)
    got = [next(gen), next(gen)]  # the second chunk comes from the worker
    pids = _workers()
    assert len(pids) == 1
    os.kill(pids[0], signal.SIGKILL)
    got += list(gen)
    assert _joined(got) == expected
    assert not _workers()


def test_stopping_the_reader_stops_the_worker(kind: str) -> None:
    gen = read_bibtex_chunks(_big_text(600), "w.bib", chunk_blocks=50, worker=True)
    next(gen)
    next(gen)
    assert len(_workers()) == 1
    gen.close()
    assert not _workers()


def test_worker_that_cannot_start_reads_here(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _big_text(200)
    expected = _joined(list(read_bibtex_chunks(text, "w.bib", chunk_blocks=50, worker=False)))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert _joined(list(read_bibtex_chunks(text, "w.bib", chunk_blocks=50,
                                           worker=True))) == expected


def test_registry_streams_bibtex_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(bibtex, "CHUNK_BLOCKS", 100)
    p = tmp_path / "big.bib"
    p.write_text(_big_text(450), encoding="utf-8")
    chunks = list(formats.read_path_chunks(str(p)))
    assert len(chunks) == 5
    assert all(c.format_id in ("bibtex", "biblatex") for c in chunks)
    assert sum(len(c.records) for c in chunks) == 450
    assert [r.citation_key for r in formats.read_path(str(p)).records] == [
        r.citation_key for c in chunks for r in c.records]


def test_lines_count_a_line_that_ends_in_a_backslash() -> None:
    # bibtexparser's own line count skips a newline after a backslash
    text = ('@article{a, title = "x \\\n y", year = 2001}\n'
            "@article{b, title = {Unclosed, year = 2002\n"
            "@article{c, title = {C}, year = 2003}\n")
    for size in (1, ONE_PIECE):
        chunks = list(read_bibtex_chunks(text, "l.bib", chunk_blocks=size, worker=False))
        lines = {r.citation_key: ln for c in chunks for r, ln in zip(c.records, c.lines)}
        assert lines == {"a": 1, "c": 4}
        assert [f.line for c in chunks for f in c.failures] == [3]


def test_writer_takes_its_records_from_an_iterator_once() -> None:
    text = ("@inproceedings{child, author = {Kid, K.}, title = {Child}, crossref = {parent}}\n"
            "@article{plain, author = {Doe, J.}, title = {Plain}, year = 2001}\n"
            "@proceedings{parent, editor = {Ed, E.}, title = {Proc}, year = 2009,"
            " publisher = {Pub}}\n"
            "@article{plain, title = {Same key, another record}, year = 2002}\n")
    recs = read_bibtex(text, "w.bib").records
    recs.append(recs[1])  # a key taken already: made unique
    taken: list[int] = []

    def once() -> Any:
        for i, rec in enumerate(recs):
            taken.append(i)
            yield rec

    out = bibtex.write_bibtex(once())
    assert out == bibtex.write_bibtex(list(recs))
    assert taken == list(range(len(recs)))
    heads = [ln for ln in out.splitlines() if ln.startswith("@")]
    assert heads == ["@inproceedings{child,", "@article{plain,", "@article{plaina,",
                     "@proceedings{parent,"]
    # the child leaves the fields it inherits to the parent written with it
    child = out.split("\n\n")[0]
    assert "publisher" not in child and "crossref = {parent}" in child


@pytest.mark.parametrize("path", [CORPUS / "large" / "cdl.bib",
                                  CORPUS / "bibtex" / "pybtex" / "examples" / "tugboat" /
                                  "tugboat.bib"])
def test_parts_prepared_by_the_worker_map_to_the_same_records(path: Path) -> None:
    # the worker parses names, decodes LaTeX and takes fingerprints ahead when it
    # has the time; the records must not depend on it
    text = _text(path)
    cuts = bibtex._cuts(text, 300)

    def parts(prepare: bool) -> list[Any]:
        out = list(bibtex._split_parts(text, path.name, cuts, bibtex._SplitState(), 0))
        out[0].inherit = bibtex._may_inherit(text)
        if prepare:
            for part in out:
                bibtex._prepare(part)
        return out

    prepared = parts(True)
    assert any(p.decoded for p in prepared) and any(p.names for p in prepared)
    got = list(bibtex._Mapper(iter(prepared), path.name, len(text)).results())
    plain = list(bibtex._Mapper(iter(parts(False)), path.name, len(text)).results())
    assert _joined(got) == _joined(plain)


def test_with_the_collector_paused_the_splitters_blocks_are_freed_chunk_by_chunk() -> None:
    # an import pauses the cyclic collector; bibtexparser's blocks sit in reference
    # cycles, so each chunk's are collected when it has been split, not at the end
    text = "".join(f"@article{{k{i},\n  title = {{Paper {i}}},\n  year = {{2000}}\n}}\n\n"
                   for i in range(60))

    def live_entries() -> int:
        return sum(1 for o in gc.get_objects() if type(o) is btmodel.Entry)

    gc.collect()
    gc.disable()
    try:
        counts = []
        n = 0
        for res in read_bibtex_chunks(text, "x.bib", chunk_blocks=10, worker=False):
            n += len(res.records)
            counts.append(live_entries())
        assert n == 60
        assert max(counts) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
