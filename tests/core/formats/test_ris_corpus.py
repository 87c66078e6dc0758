"""RIS over the shared corpus: every file reads without crashing, round trips,
and JabRef's RIS cases import to the records of their expected .bib files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import bibtexparser
import pytest

from app.core.formats import get
from app.core.normalize.names import parse_name
from app.core.normalize.pages import normalize_pages
from app.core.records import Record, normalize_doi
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

RIS_DIR = CORPUS / "ris"
JABREF_DIR = RIS_DIR / "jabref/jablib/src/test/resources/org/jabref/logic/importer/fileformat"
RIS = get("ris")

# Files in the RIS corpus that are RIS (by content), with the failures we expect:
# records that hold no title, author or identifier, reported with their line.
_NOT_RIS = {".py", ".md", ".bib", ".csv", ".tsv", ".ciw", ".isi", ".nbib"}


def ris_files() -> list[Path]:
    out = []
    for p in sorted(RIS_DIR.rglob("*")):
        if not p.is_file() or p.suffix.lower() in _NOT_RIS or p.name in ("LICENSE",
                                                                          "DESCRIPTION"):
            continue
        text, _ = decode_bytes(p.read_bytes())
        if re.search(r"^(?:\s*\d+\.\s+)?TY {1,2}-", text, re.M):
            out.append(p)
    return out


FILES = ris_files()


def comparable(rec: Record) -> dict:
    d = rec.to_dict()
    d.pop("id", None)
    return d


def test_corpus_has_ris_files() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(RIS_DIR)))
def test_read_and_round_trip(path: Path) -> None:
    text, _ = decode_bytes(path.read_bytes())
    first = RIS.read(text, str(path))
    for f in first.failures:
        assert f.line is not None and f.line >= 1
        assert f"{path}:{f.line}: " in str(f)
    out = RIS.write(first.records)
    second = RIS.read(out, "round-trip.ris")
    assert second.failures == []
    assert [comparable(r) for r in second.records] == [comparable(r) for r in first.records]


def test_expected_failures_have_lines() -> None:
    """Notes-only records in asreview's type list are reported, each at its TY line."""
    p = RIS_DIR / "asreview/tests/demo_data/baseline_tag-notes.ris"
    text, _ = decode_bytes(p.read_bytes())
    res = RIS.read(text, str(p))
    assert len(res.records) == 1
    lines = text.splitlines()
    for f in res.failures:
        assert "TY  -" in lines[f.line - 1]
        assert "no title, author or identifier" in f.reason


def test_real_exports_counts() -> None:
    """Record counts of real database exports (the count of TY lines in each)."""
    for rel, n in (("synthesisr/inst/extdata/scopus.ris", 92),
                   ("asreview/tests/demo_data/ovid_psycinfo.ris", 6),
                   ("synthesisr/tests/testthat/testdata/Ovid_ris_example.ris", 4),
                   ("asreview/tests/demo_data/embase.ris", 6),
                   ("asreview/tests/demo_data/ris_issue_992.txt", 19)):
        text, _ = decode_bytes((RIS_DIR / rel).read_bytes())
        assert len(RIS.read(text, rel).records) == n, rel


@pytest.mark.parametrize("data", [
    b"", b"\x00" * 100, bytes(range(256)) * 4, b"TY  - JOUR\nTI  - cut her",
    b"\xef\xbb\xbf", b"\xff\xfeT\x00Y\x00",
])
def test_binary_truncated_and_empty_never_crash(data: bytes) -> None:
    text, _ = decode_bytes(data)
    res = RIS.read(text, "x.ris")
    assert isinstance(res.failures, list)


# ---------------------------------------------------------------- JabRef cases
# Where JabRef's expected .bib reflects a JabRef-specific choice rather than
# the file's content, the field is not compared; each reason is written here.
JABREF_DIFFERENCES: dict[str, dict[str, str]] = {
    "RisImporterTest1": {"*": "JabRef merges nine TY lines into one record and joins every "
                              "title tag; we read each TY as a record"},
    "RisImporterTest6": {"issue": "JabRef stores the accession number AN (PMC3654245) as "
                                  "'number'; it is not an issue"},
    "RisImporterTestDOI": {"issue": "JabRef stores AN (a PubMed id) as 'number' over IS - 1"},
}


def jabref_cases() -> list[Path]:
    return [p for p in sorted(JABREF_DIR.glob("RisImporter*.ris"))
            if p.with_suffix(".bib").exists()]


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFC", text or "")
    t = re.sub(r"[{}]", "", t)
    t = t.replace("---", "—").replace("--", "—")
    t = re.sub(r"[\u2010-\u2015]", "—", t)
    return re.sub(r"\s+", " ", t).strip().casefold()


def _bib_names(value: str) -> list[tuple[str, str]]:
    out = []
    for part in re.split(r"\s+and\s+", value.strip()):
        if not part:
            continue
        c = parse_name(part)
        out.append((_norm(c.family or c.literal), _norm(c.given).replace(".", "")))
    return out


def _our_names(rec: Record) -> list[tuple[str, str]]:
    # JabRef adds a full stop after a bare initial ("Margaret E" -> "Margaret E.")
    return [(_norm(c.family or c.literal), _norm(c.given).replace(".", ""))
            for c in rec.creators]


@pytest.mark.parametrize("path", jabref_cases(), ids=lambda p: p.stem)
def test_jabref_ris_case_matches_expected_bib(path: Path) -> None:
    skip = JABREF_DIFFERENCES.get(path.stem, {})
    if "*" in skip:
        pytest.skip(skip["*"])
    text, _ = decode_bytes(path.read_bytes())
    res = RIS.read(text, path.name)
    lib = bibtexparser.parse_string(path.with_suffix(".bib").read_text(encoding="utf-8"))
    assert len(res.records) == len(lib.entries)
    for entry, rec in zip(lib.entries, res.records):
        f = {k.lower(): str(v.value) for k, v in entry.fields_dict.items()}
        if "title" in f:
            assert _norm(rec.title) == _norm(f["title"])
        names = []
        for role in ("author", "editor"):
            if role in f:
                names += _bib_names(f[role])
        assert sorted(_our_names(rec)) == sorted(names)
        if "year" in f:
            assert rec.year == int(f["year"])
        container = f.get("journal") or f.get("booktitle") or ""
        if container and entry.entry_type not in ("phdthesis",):
            assert _norm(container) in (_norm(rec.container_title),
                                        _norm(rec.container_title_short))
        assert _norm(f.get("volume", "")) == _norm(rec.volume)
        if "issue" not in skip:
            # BibTeX 'number' is an issue for articles and a number otherwise
            assert _norm(f.get("number", "")) == _norm(rec.issue or rec.number)
        if "pages" in f:
            assert normalize_pages(f["pages"].replace("--", "-")) == rec.pages
        assert normalize_doi(f.get("doi", "")) == normalize_doi(rec.doi)


def _all_corpus_files() -> list[Path]:
    out = []
    for base in (RIS_DIR, CORPUS / "cnki"):
        out += [p for p in sorted(base.rglob("*")) if p.is_file()]
    return out


@pytest.mark.parametrize("fid", ["ris", "enw", "refworks", "noteexpress", "nbib"])
def test_every_reader_survives_every_corpus_file_whole_and_truncated(fid: str) -> None:
    """No file in the RIS and CNKI corpus, whole or cut at a third, crashes a reader."""
    fmt = get(fid)
    for p in _all_corpus_files():
        data = p.read_bytes()
        for chunk in (data, data[: len(data) // 3]):
            text, _ = decode_bytes(chunk)
            res = fmt.read(text, p.name)
            assert all(f.line is None or f.line >= 1 for f in res.failures)
