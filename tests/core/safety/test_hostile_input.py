"""Hostile and broken input, for every reader registered when the tests run.

Each reader gets deeply nested input, huge entries, a million authors, invalid
UTF-8, NUL bytes, truncated and randomly mutated real files (hypothesis, seeded
from ../shared/corpus), XML bombs, and every saved page of the corpus with the
network and subprocesses cut off. The only acceptable outcomes are a
``ReadResult`` (records and/or failures, each with a reason) or the format's
own ``FormatError`` with a message. Every case has a timeout: no hang.

The parameters come from ``formats.readers()``, so a reader added tomorrow is
tested by these same cases without touching this file.
"""

from __future__ import annotations

import builtins
import json
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import formats
from app.core.errors import FormatError
from app.core.formats import Format, ReadResult
from app.core.library import Library
from app.core.records import Record

from tests.conftest import CORPUS

from .hostile import (
    AUTHOR_BOMBS,
    SECRET,
    nested_and_broken,
    pdf_attacks,
    seeds,
    truncations,
    xml_attacks,
)

READERS = formats.readers()
IDS = [f.id for f in READERS]
CASES = nested_and_broken()
MILLION = 1_000_000

# Bugs found in readers, reported to their owners: (reader id, case) -> what escapes.
# Strict xfail: once fixed, the case passes and this entry must go.
KNOWN_BROKEN: dict[tuple[str, str], str] = {}


def _case_params() -> list[Any]:
    out = []
    for fmt in READERS:
        for case in sorted(CASES):
            marks = []
            why = KNOWN_BROKEN.get((fmt.id, case))
            if why:
                marks.append(pytest.mark.xfail(strict=True, reason=why))
            out.append(pytest.param(fmt, case, marks=marks, id=f"{fmt.id}-{case}"))
    return out


def read(fmt: Format, data: bytes, source: str = "hostile") -> ReadResult | FormatError:
    """Run *fmt* on *data*; only ReadResult or FormatError may come out."""
    try:
        res = fmt.read_bytes(data, source)
    except FormatError as exc:
        assert exc.message.strip(), f"{fmt.id}: FormatError without a message"
        return exc
    assert isinstance(res, ReadResult), f"{fmt.id} returned {type(res).__name__}"
    for r in res.records:
        assert isinstance(r, Record)
        json.dumps(r.to_dict(), ensure_ascii=False)  # storable as the library stores it
    for f in res.failures:
        assert str(f.reason).strip(), f"{fmt.id}: a failure without a reason"
    return res


def as_text(out: ReadResult | FormatError) -> str:
    """Everything a reader gave back (records, failures, message), as one string."""
    if isinstance(out, FormatError):
        return out.message
    return json.dumps([r.to_dict() for r in out.records] + [str(f) for f in out.failures],
                      ensure_ascii=False)


def said_something(out: ReadResult | FormatError) -> bool:
    """True if the reader read something or said why not (a limit must come with a message)."""
    if isinstance(out, FormatError):
        return bool(out.message)
    return bool(out.records or out.failures)


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("fmt", "case"), _case_params())
def test_nested_huge_and_broken_input(fmt: Format, case: str) -> None:
    read(fmt, CASES[case], f"{case}.{fmt.id}")


# The nesting cases written in each reader's own syntax: there, a depth limit (or a
# parse error) must come with a message, never an empty silent result.
OWN_DEPTH_CASES = {
    "bibtex": ("nested-braces", "unclosed-braces", "no-comma-entry"),
    "biblatex": ("nested-braces", "unclosed-braces", "no-comma-entry"),
    "csljson": ("nested-brackets", "nested-objects"),
    "page": ("nested-tags", "nested-comments"),
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("fmt", "case"), [
    pytest.param(f, c, id=f"{f.id}-{c}") for f in READERS for c in OWN_DEPTH_CASES.get(f.id, ())])
def test_depth_limits_come_with_a_message(fmt: Format, case: str) -> None:
    out = read(fmt, CASES[case], f"{case}.{fmt.id}")
    assert said_something(out), f"{fmt.id} said nothing about {case}"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_truncated_real_files(fmt: Format) -> None:
    for seed in seeds(fmt, limit=6):
        for cut in truncations(seed):
            read(fmt, cut)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_mutated_real_files(fmt: Format) -> None:
    pool = seeds(fmt)

    @settings(max_examples=40, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        seed = bytearray(data.draw(st.sampled_from(pool), label="seed"))
        for _ in range(data.draw(st.integers(1, 8), label="mutations")):
            op = data.draw(st.sampled_from(["flip", "insert", "delete", "dup", "cut"]))
            pos = data.draw(st.integers(0, max(len(seed) - 1, 0)))
            if op == "flip" and seed:
                seed[pos] ^= 1 << data.draw(st.integers(0, 7))
            elif op == "insert":
                seed[pos:pos] = data.draw(st.sampled_from(
                    [b"\x00", b"{", b"}", b"\n", b"\r\n", b"\xff", b"@", b"<", b"&", b'"',
                     b"\\", b"%A ", b"AU  - ", b"ER  - \n", b"{Author}: ", b"\xe4\xb8"]))
            elif op == "delete":
                del seed[pos:pos + data.draw(st.integers(1, 64))]
            elif op == "dup":
                seed[pos:pos] = seed[pos:pos + data.draw(st.integers(1, 4096))] * 3
            elif op == "cut":
                del seed[pos:]
        read(fmt, bytes(seed))

    check()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(blob=st.binary(max_size=4096))
def test_random_bytes(fmt: Format, blob: bytes) -> None:
    read(fmt, blob)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=2000))
def test_random_text(fmt: Format, text: str) -> None:
    try:
        res = fmt.read(text, "random")
    except FormatError:
        return
    except NotImplementedError:
        pytest.skip(f"{fmt.id} reads bytes only")
    assert isinstance(res, ReadResult)


@pytest.mark.slow
@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_a_million_authors(fmt: Format) -> None:
    build = AUTHOR_BOMBS.get(fmt.id)
    if build is None:
        if not fmt.can_write:
            pytest.skip(f"no author bomb for {fmt.id}: add one to hostile.AUTHOR_BOMBS")
        from app.core.records import Creator

        rec = Record(title="Many authors",
                     creators=[Creator(family=f"Author{i}", given="A.") for i in range(MILLION)])
        data = fmt.write([rec]).encode("utf-8")
    else:
        data = build(MILLION)
    out = read(fmt, data, f"million-authors.{fmt.id}")
    assert said_something(out)  # read, or a limit that says so


# Readers that cap the number of authors without saying so (reported to their owners).
KNOWN_SILENT_LIMITS: dict[str, str] = {}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("fmt", [
    pytest.param(f, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_SILENT_LIMITS[f.id])]
                 if f.id in KNOWN_SILENT_LIMITS else []) for f in READERS], ids=IDS)
def test_an_author_limit_says_so(fmt: Format) -> None:
    """A reader may keep fewer authors than a file lists, but must say how many it dropped."""
    build = AUTHOR_BOMBS.get(fmt.id)
    if build is None:
        pytest.skip(f"no author bomb for {fmt.id}: add one to hostile.AUTHOR_BOMBS")
    out = read(fmt, build(10_000), f"authors.{fmt.id}")
    if not isinstance(out, ReadResult) or not out.records:
        return  # refused with a message: fine
    kept = max(len(r.creators) for r in out.records)
    if kept >= 10_000:
        return
    said = " ".join([*out.notes, *(str(f) for f in [*out.failures, *out.warnings])])
    dropped = 10_000 - kept
    assert any(x in said for x in ("10000", "10,000", str(dropped), f"{dropped:,}")), (
        f"{fmt.id} kept {kept} of 10,000 authors without saying so: {said!r}")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_ten_thousand_authors(fmt: Format) -> None:
    build = AUTHOR_BOMBS.get(fmt.id)
    if build is None:
        pytest.skip(f"no author bomb for {fmt.id}: add one to hostile.AUTHOR_BOMBS")
    out = read(fmt, build(10_000), f"authors.{fmt.id}")
    assert said_something(out)
    if isinstance(out, ReadResult) and out.records:
        # whatever a reader keeps of them, a record with them must be storable
        rec = max(out.records, key=lambda r: len(r.creators))
        assert rec.creators


# -------------------------------------------------------------- size limits
def test_oversized_file_is_refused_with_a_message_without_reading_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.bib"
    with open(big, "wb") as fh:  # sparse: 1 GB that takes no disk space
        fh.truncate(max(formats.MAX_FILE_BYTES + 1, 1024 ** 3))
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *a: Any, **kw: Any) -> Any:
        if os.fspath(file) == str(big) if isinstance(file, (str, os.PathLike)) else False:
            opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(builtins, "open", spy)
    with pytest.raises(FormatError) as err:
        formats.read_path(str(big))
    assert opened == []
    msg = err.value.message
    assert str(big) in msg and "MB" in msg
    assert str(formats.MAX_FILE_BYTES // (1024 * 1024)) in msg


def test_oversized_file_in_an_import_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    big = tmp_path / "huge.ris"
    with open(big, "wb") as fh:
        fh.truncate(formats.MAX_FILE_BYTES + 1)
    good = tmp_path / "good.ris"
    good.write_text("TY  - JOUR\nTI  - Still imported\nER  - \n", encoding="utf-8")
    with Library.open(tmp_path / "lib.sqlite") as lib:
        report = lib.import_files([str(big), str(good)])
        assert [r.title for r in lib.get_many(report.added)] == ["Still imported"]
        assert len(report.failures) == 1
        assert "MB" in str(report.failures[0]) and "huge.ris" in str(report.failures[0])


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", [f for f in READERS if f.binary], ids=lambda f: f.id)
def test_binary_readers_limit_their_input_with_a_message(fmt: Format) -> None:
    """Binary readers can be handed bytes directly (drops); they keep their own limit."""
    data = b"<html><head><title>x</title></head><body>" + b"a" * (64 * 1024 * 1024)
    out = read(fmt, data, f"big.{fmt.id}")
    assert said_something(out)


# --------------------------------------------------------------- XML attacks
@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Cut off the network and subprocesses; yields the list of attempts made."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def f(*a: Any, **kw: Any) -> Any:
            attempts.append(f"{what}{a[:2]!r}")
            raise OSError(f"test: {what} is not allowed while reading")
        return f

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    monkeypatch.setattr(os, "system", refuse("os.system"))
    for name in ("execv", "execve", "execvp", "posix_spawn", "fork"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    yield attempts


@pytest.mark.timeout(20)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_no_external_entities_and_no_entity_expansion(
        fmt: Format, tmp_path: Path, no_network: list[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    for kind, doc in xml_attacks(secret).items():
        out = read(fmt, doc, f"bomb.{kind}")
        dumped = as_text(out)
        assert SECRET not in dumped, f"{fmt.id} read a local file through an entity ({kind})"
        assert "lollollollollol" not in dumped, f"{fmt.id} expanded entities ({kind})"
        assert len(dumped) < 1_000_000, f"{fmt.id} blew up the input ({kind})"
    assert no_network == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", READERS, ids=IDS)
def test_hostile_pdfs(fmt: Format, tmp_path: Path, no_network: list[str]) -> None:
    """XMP entity bombs, reference cycles, deep nesting, a 300 MB zip bomb, broken xref."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    for kind, doc in pdf_attacks(secret).items():
        out = read(fmt, doc, f"{kind}.pdf")
        dumped = as_text(out)
        assert SECRET not in dumped, f"{fmt.id} read a local file through XMP ({kind})"
        assert len(dumped) < 1_000_000, f"{fmt.id} blew up the input ({kind})"
    assert no_network == []


KNOWN_REPR_LEAKS: dict[str, str] = {}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", [
    pytest.param(f, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_REPR_LEAKS[f.id])]
                 if f.id in KNOWN_REPR_LEAKS else []) for f in READERS], ids=IDS)
def test_no_python_object_text_in_records(fmt: Format, tmp_path: Path) -> None:
    """Odd objects in a file (a dictionary where a string belongs) never become text
    like "IndirectObject(…)" or "<… object at 0x…>" in a record."""
    for kind, doc in pdf_attacks(tmp_path / "none.txt").items():
        out = read(fmt, doc, f"{kind}.pdf")
        if isinstance(out, ReadResult):
            text = json.dumps([r.to_dict() for r in out.records], ensure_ascii=False)
            for leak in ("IndirectObject(", " object at 0x", "{'/", "[<"):
                assert leak not in text, f"{fmt.id}: {leak!r} in a record ({kind})"


# ------------------------------------------------- saved pages: no network
PAGE_FILES = sorted(p for p in (CORPUS / "pages").rglob("*")
                    if p.suffix.lower() in (".html", ".htm", ".xhtml", ".mhtml", ".mht",
                                            ".webarchive"))
PAGE_READERS = [f for f in READERS if {".html", ".htm"} & set(f.extensions)]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt", PAGE_READERS, ids=[f.id for f in PAGE_READERS])
def test_reading_every_corpus_page_touches_no_network(
        fmt: Format, no_network: list[str]) -> None:
    assert PAGE_FILES, f"no saved pages under {CORPUS / 'pages'}"
    for page in PAGE_FILES:
        read(fmt, page.read_bytes(), str(page))
    hostile = (b"<!DOCTYPE html><html><head>"
               b"<meta http-equiv='refresh' content='0; url=http://127.0.0.1:9/'>"
               b"<link rel='stylesheet' href='http://127.0.0.1:9/a.css'>"
               b"<script src='http://127.0.0.1:9/x.js'></script>"
               b"<script>fetch('http://127.0.0.1:9/'); document.write('<meta name=citation_title"
               b" content=injected>')</script>"
               b"<base href='http://127.0.0.1:9/'><meta name='citation_pdf_url' "
               b"content='http://127.0.0.1:9/paper.pdf'>"
               b"<meta name='citation_title' content='Static title'></head>"
               b"<body><iframe src='http://127.0.0.1:9/'></iframe>"
               b"<img src='http://127.0.0.1:9/i.png' onerror='alert(1)'></body></html>")
    out = read(fmt, hostile, "hostile.html")
    if isinstance(out, ReadResult):
        assert "injected" not in json.dumps([r.to_dict() for r in out.records])
    assert no_network == [], no_network


# --------------------------------------------- what readers return is storable
STORAGE_CASES = ("nul-in-entries", "invalid-utf8", "lone-surrogate-escapes", "control-chars",
                 "huge-numbers", "utf16-without-bom", "cr-only")
KNOWN_UNSTORABLE: dict[tuple[str, str], str] = {
}


def _storage_params() -> list[Any]:
    out = []
    for fmt in READERS:
        for case in STORAGE_CASES:
            why = KNOWN_UNSTORABLE.get((fmt.id, case))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(fmt, case, marks=marks, id=f"{fmt.id}-{case}"))
    return out


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("fmt", "case"), _storage_params())
def test_records_from_broken_input_can_be_imported(fmt: Format, case: str,
                                                   tmp_path: Path) -> None:
    out = read(fmt, CASES[case], f"{case}.{fmt.id}")
    if not isinstance(out, ReadResult) or not out.records:
        return
    with Library.open(tmp_path / "lib.sqlite") as lib:
        report = lib.import_records(out.records, policy="import")
        back = lib.get_many(report.added)
        assert [r.title for r in back] == [r.title for r in out.records]
        lib.search(out.records[0].title[:20])
