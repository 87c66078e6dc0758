"""Every .bib file in ../shared/corpus/bibtex and ../shared/corpus/large: read without
crashing, failures only where the file is broken on purpose (with their line), and
import -> export -> import gives the same records in BibTeX and in BibLaTeX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.errors import FormatError
from app.core.formats import detect, read_bytes
from app.core.formats.bibtex import (
    BIBLATEX_ONLY_TYPES,
    INHERITED_KEY,
    RAW_KEY,
    TYPE_KEY,
    read_bibtex,
    write_bibtex,
)
from app.core.records import Record
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

FILES = sorted(p for d in (CORPUS / "bibtex", CORPUS / "large") for p in d.rglob("*.bib"))
LARGE = 400_000  # bytes; bigger files run as slow tests

# Failures the files hold on purpose, found by reading them: (file name, line) -> reason
# fragment. Every other file must read without a single failure.
EXPECTED_FAILURES: dict[str, dict[int, str]] = {
    # biber: "% Duplicate key. Should be reported via a warning"
    "full-bbl.bib": {11: "duplicate citation key 'F1'"},
    # biber/biblatex samples: "% Test of duplicate skipping"
    "examples.bib": {1547: "duplicate citation key 'tmn4'"},
    "biber-examples.bib": {1543: "duplicate citation key 'tmn4'"},
    # JabRef: "@article{testArticle}" with no fields at all
    "encodingWithoutNewline.bib": {1: "has no fields"},
}
# a file with nothing in it is refused as empty
EMPTY_FILES = {"bibtex/python-bibtexparser/v1/bibtexparser/tests/data/empty.bib"}

# Records that do not survive the round trip, with the reason (documented in
# docs/conformance/bibtex.md). Keyed by (file name, citation key).
KNOWN_ROUND_TRIP_LOSSES: dict[tuple[str, str], str] = {
    # "Smith, John and and Terry Brown": a name that starts with "and" is written braced
    ("tool.bib", "badname"): "a name starting with 'and' comes back as a literal name",
}


def _params() -> list[Any]:
    out = []
    for p in FILES:
        marks = [pytest.mark.slow] if p.stat().st_size > LARGE else []
        out.append(pytest.param(p, id=str(p.relative_to(CORPUS)), marks=marks))
    return out


def _comparable(rec: Record, flavor: str) -> dict[str, Any]:
    d = rec.to_dict()
    extra = dict(d["extra"])
    extra.pop(RAW_KEY, None)  # how the value was written, not what it says
    extra.pop(INHERITED_KEY, None)
    if flavor == "bibtex" and extra.get(TYPE_KEY) in BIBLATEX_ONLY_TYPES:
        extra.pop(TYPE_KEY)
    d["extra"] = extra
    return d


def _read(path: Path) -> tuple[Any, str]:
    data = path.read_bytes()
    text, _ = decode_bytes(data)
    fmt = detect(str(path), text[:16384])
    assert fmt is not None and fmt.id in ("bibtex", "biblatex"), path
    return read_bytes(data, str(path), format_id=fmt.id), fmt.id


@pytest.mark.parametrize("path", _params())
def test_corpus_file_reads_and_round_trips(path: Path) -> None:
    if str(path.relative_to(CORPUS)) in EMPTY_FILES:
        with pytest.raises(FormatError):
            _read(path)
        return
    result, fmt_id = _read(path)
    expected = EXPECTED_FAILURES.get(path.name, {})
    got = {f.line: f.reason for f in result.failures}
    assert set(got) == set(expected), result.failures
    for line, fragment in expected.items():
        assert fragment in got[line]
    assert all(isinstance(f.line, int) and f.line >= 1 for f in result.failures)

    flavors = ["biblatex"] if fmt_id == "biblatex" else ["bibtex", "biblatex"]
    for flavor in flavors:
        out = write_bibtex(result.records, flavor=flavor)
        again = read_bibtex(out, "round-trip.bib")
        assert again.failures == []
        assert len(again.records) == len(result.records)
        # (the writer moves crossref parents after their children: match by key)
        by_key = {r.citation_key: r for r in again.records}
        assert len(by_key) == len(again.records)
        for a in result.records:
            b = by_key[a.citation_key]
            if (path.name, a.citation_key) in KNOWN_ROUND_TRIP_LOSSES:
                continue
            if flavor == "bibtex" and a.extra.get(TYPE_KEY) in BIBLATEX_ONLY_TYPES:
                # a BibLaTeX-only type written as a BibTeX type is read back as that
                b.type = a.type
            assert _comparable(a, flavor) == _comparable(b, flavor), (flavor, a.citation_key)


def test_large_files_are_here() -> None:
    names = {p.name for p in FILES}
    assert {"cdl.bib", "tugboat_biber.bib"} <= names
