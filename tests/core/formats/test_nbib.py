"""MEDLINE / PubMed nbib reader and writer (expectations written by hand, and JabRef's .bib)."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from app.core.formats import detect, get
from app.core.formats.nbib import expand_pages, record_to_nbib
from app.core.records import PartialDate, Record
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

NBIB = get("nbib")
JABREF = CORPUS / "ris/jabref/jablib/src/test/resources/org/jabref/logic/importer/fileformat"
FILES = [JABREF / "NbibImporterTest.nbib", JABREF / "MedlinePlainImporterTestCompleteEntry.txt",
         CORPUS / "ris/synthesisr/tests/testthat/testdata/PubMed_example.txt",
         CORPUS / "ris/synthesisr/tests/testthat/testdata/res_synth_methods.txt"]

PUBMED = """PMID- 25744111
OWN - NLM
IS  - 1476-5616 (Electronic)
IS  - 0033-3506 (Linking)
VI  - 129
IP  - 5
DP  - 2015 May
TI  - Effectiveness of public health practices against shaken baby syndrome/abusive
      head trauma in Japan.
PG  - 475-82
LID - 10.1016/j.puhe.2015.01.018 [doi]
AB  - OBJECTIVES: Previous studies.
CI  - Copyright (c) 2015 The Royal Society for Public Health.
FAU - Fujiwara, T
AU  - Fujiwara T
FAU - van Raaij, M J
AU  - van Raaij MJ
LA  - eng
PT  - Journal Article
TA  - Public Health
JT  - Public health
MH  - Adolescent
OT  - Abusive head trauma
PMC - PMC38908
"""


def one(text: str) -> Record:
    res = NBIB.read(text, "t.nbib")
    assert len(res.records) == 1, res.failures
    return res.records[0]


def test_pubmed_record() -> None:
    r = one(PUBMED)
    assert r.type == "article-journal"
    assert r.pmid == "25744111" and r.pmcid == "PMC38908"
    assert r.title == ("Effectiveness of public health practices against shaken baby "
                       "syndrome/abusive head trauma in Japan.")
    assert [(c.family, c.given) for c in r.creators] == [("Fujiwara", "T."),
                                                          ("van Raaij", "M. J.")]
    assert r.issued == PartialDate(2015, 5)
    assert (r.container_title, r.container_title_short) == ("Public health", "Public Health")
    assert (r.volume, r.issue, r.pages) == ("129", "5", "475-482")
    assert r.doi == "10.1016/j.puhe.2015.01.018"
    assert r.issn == "1476-5616 0033-3506"
    assert r.keywords == ["Adolescent", "Abusive head trauma"]
    assert r.language == "eng"
    assert r.abstract == "OBJECTIVES: Previous studies."


def test_au_used_without_fau_and_corporate_author() -> None:
    r = one("PMID- 1\nTI  - t\nAU  - Smith JA\nCN  - Study Group\n")
    assert [(c.family, c.given, c.literal) for c in r.creators] == [
        ("Smith", "J. A.", ""), ("", "", "Study Group")]


@pytest.mark.parametrize("pages, expected", [
    ("6913-7", "6913-6917"), ("475-82", "475-482"), ("25-36", "25-36"), ("1042", "1042"),
    ("e123-5", "e123-e125"), ("99-101", "99-101"),
])
def test_expand_pages(pages: str, expected: str) -> None:
    assert expand_pages(pages) == expected


def test_pii_stands_for_pages_when_there_is_no_pg() -> None:
    assert one("PMID- 1\nTI  - t\nLID - 1042 [pii]\n").pages == "1042"


def test_eric_report_and_blank_line_records() -> None:
    res = NBIB.read("OWN - ERIC\nTI  - Report one\nJT  - OECD Publishing\nPT  - Reports - "
                    "Research\nDP  - 2017\n\nOWN - ERIC\nTI  - Article two\nJT  - A Journal\n"
                    "PT  - Journal Articles\nVI  - 3\n", "e.nbib")
    assert [(r.type, r.title) for r in res.records] == [("report", "Report one"),
                                                        ("article-journal", "Article two")]
    assert res.records[0].publisher == "OECD Publishing"
    assert res.records[1].container_title == "A Journal"


def test_writer_round_trip() -> None:
    r = one(PUBMED)
    out = record_to_nbib(r)
    assert out.startswith("PMID- 25744111\n")
    assert "PG  - 475-482" in out and "TI  - Effectiveness" in out
    back = one(out)
    assert back.to_dict() == r.to_dict()


def test_sniff() -> None:
    fmt = detect("pubmed.txt", "PMID- 123\nOWN - NLM\nTI  - x\n")
    assert fmt is not None and fmt.id == "nbib"


@pytest.mark.parametrize("text", ["", "PMID-", "PMID- \n      ", "\x00", "XX  - y\n"])
def test_odd_inputs_never_crash(text: str) -> None:
    assert isinstance(NBIB.read(text, "x.nbib").records, list)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_round_trip(path: Path) -> None:
    text, _ = decode_bytes(path.read_bytes())
    first = NBIB.read(text, str(path))
    assert first.records and first.failures == []
    second = NBIB.read(NBIB.write(first.records), "rt.nbib")
    assert [r.to_dict() for r in second.records] == [r.to_dict() for r in first.records]


@pytest.mark.parametrize("name", ["NbibImporterTest.nbib",
                                  "MedlinePlainImporterTestCompleteEntry.txt"])
def test_jabref_expected_bib(name: str) -> None:
    src = JABREF / name
    stem = src.stem
    text, _ = decode_bytes(src.read_bytes())
    rec = NBIB.read(text, src.name).records[0]
    entry = bibtexparser.parse_string((JABREF / f"{stem}.bib").read_text("utf-8")).entries[0]
    f = {k: str(v.value) for k, v in entry.fields_dict.items()}
    assert rec.title == f["title"]
    assert rec.year == int(f["year"])
    assert rec.container_title == f["journal"]
    for key, attr in (("volume", "volume"), ("pmid", "pmid")):
        if key in f:
            assert getattr(rec, attr) == f[key], key
    # JabRef keeps MEDLINE's abbreviated range (454-81); we expand it (454-481)
    assert rec.pages == expand_pages(f["pages"].replace("--", "-"))
    assert [c.family or c.literal for c in rec.creators][:2] == \
        [a.split(",")[0].strip() for a in f["author"].split(" and ")][:2]


@pytest.mark.parametrize("value", ["ISBN-978-1-5985-7192-9", "ISBN 978-1-5985-7192-9",
                                   "ISBN: 978-1-5985-7192-9", "978-1-5985-7192-9"])
def test_isbn_with_its_label_glued_on(value: str) -> None:
    text = f"PMID- 1\nTI  - A book\nPT  - Book\nISBN- {value}\n"
    assert NBIB.read(text).records[0].isbn == "978-1-5985-7192-9"
