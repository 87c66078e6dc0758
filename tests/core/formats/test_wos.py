"""Web of Science tagged reader.

Expected values are written by hand from the inputs shown, following Web of
Science's field tags (PT publication type, AU/AF authors, BE editors, SO
source, PD/PY date, BP/EP pages, AR article number, SN/EI ISSN, DI DOI).
"""

from __future__ import annotations

import random

import pytest

from app.core.formats import detect, get
from app.core.records import PartialDate
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

WOS = get("wos")

TEXT = """\ufeffFN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Zelle, RM
   van Maris, AJA
AF Zelle, Rintze M.
   van Maris, Antonius J. A.
TI Anaplerotic Role for Cytosolic Malic Enzyme in Engineered Saccharomyces
   cerevisiae Strains
SO APPLIED AND ENVIRONMENTAL MICROBIOLOGY
JI Appl. Environ. Microbiol.
DE malic enzyme; yeast
ID PYRUVATE-CARBOXYLASE
VL 77
IS 3
BP 732
EP 738
DI 10.1128/AEM.02132-10
PD FEB
PY 2011
SN 0099-2240
EI 1098-5336
UT WOS:000286597100004
ER

PT S
AU McCormick, MC
BE Fielding, JE
TI Prematurity
SO ANNUAL REVIEW OF PUBLIC HEALTH, VOL 32
SE Annual Review of Public Health
BN 978-0-8243-2732-3
PY 2011
AR UNSP 42
ER

PT P
AU YANG Y
TI Use of reagent
PN CN110836969-A
AE UNIV SICHUAN
PT B
DT Proceedings Paper
AU Chen, L
TI A conference control protocol
SO 7TH INTERNATIONAL CONFERENCE, PROCEEDINGS
PS 532-537
PD SPR
PY 2005
ER
EF
"""


def test_fields() -> None:
    res = WOS.read(TEXT, "w.txt")
    assert res.failures == []
    art, chap, pat, conf = res.records
    assert art.type == "article-journal"
    assert [(c.family, c.given) for c in art.creators] == [  # AF rather than AU
        ("Zelle", "Rintze M."), ("van Maris", "Antonius J. A.")]
    assert art.title == ("Anaplerotic Role for Cytosolic Malic Enzyme in Engineered "
                         "Saccharomyces cerevisiae Strains")
    assert (art.container_title, art.container_title_short) == (
        "APPLIED AND ENVIRONMENTAL MICROBIOLOGY", "Appl. Environ. Microbiol.")
    assert (art.volume, art.issue, art.pages) == ("77", "3", "732-738")
    assert art.issued == PartialDate(2011, 2)
    assert art.doi == "10.1128/AEM.02132-10"
    assert art.issn == "0099-2240, 1098-5336"
    assert art.keywords == ["malic enzyme", "yeast", "PYRUVATE-CARBOXYLASE"]
    assert art.extra["wos:UT"] == ["WOS:000286597100004"]
    assert chap.type == "chapter"
    assert [(c.family, c.given, c.role) for c in chap.creators] == [
        ("McCormick", "M. C.", "author"), ("Fielding", "J. E.", "editor")]
    assert chap.container_title == "ANNUAL REVIEW OF PUBLIC HEALTH, VOL 32"
    assert chap.collection_title == "Annual Review of Public Health"
    assert chap.pages == "42" and chap.isbn == "978-0-8243-2732-3"
    # a record whose ER is missing ends at the next PT
    assert pat.type == "patent" and pat.number == "CN110836969-A"
    assert [(c.family, c.given) for c in pat.creators] == [("YANG", "Y.")]
    assert conf.type == "paper-conference" and conf.pages == "532-537"
    assert conf.issued == PartialDate(2005)  # a season is no month


def test_unindented_continuation_lines() -> None:
    text = ("PT J\nTI Importance of methane-derived carbon\nas a basal resource\n"
            "AU Medvedeff, Cassandra A. (medvedeff22@ufl.edu)\nHershey, Anne E.\n"
            "SO Hydrobiologia\nER\n")
    (r,) = WOS.read(text, "w.txt").records
    assert r.title == "Importance of methane-derived carbon as a basal resource"
    assert [(c.family, c.given) for c in r.creators] == [
        ("Medvedeff", "Cassandra A."), ("Hershey", "Anne E.")]


@pytest.mark.parametrize("rel, n", [
    ("ris/synthesisr/tests/testthat/testdata/WoS_txt_example.txt", 4),
    ("ris/synthesisr/tests/testthat/testdata/WoS_ciw_example.ciw", 5),
    ("ris/synthesisr/inst/extdata/zoorec.txt", 134),
    ("ris/jabref/jablib/src/test/resources/org/jabref/logic/importer/fileformat/"
     "IsiImporterTestWOS.isi", 2),
    ("ris/rispy/tests/data/example_wos.ris", 2),
])
def test_corpus_files_are_sniffed_and_read(rel: str, n: int) -> None:
    text, _ = decode_bytes((CORPUS / rel).read_bytes())
    fmt = detect(rel, text[:8000])
    assert fmt is not None and fmt.id == "wos"
    res = fmt.read(text, rel)
    assert res.failures == [] and len(res.records) == n
    assert all(r.title for r in res.records)


def test_ris_and_medline_are_not_taken() -> None:
    assert WOS.sniff("TY  - JOUR\nTI  - x\nER  - \n") == 0.0
    assert WOS.sniff("PMID- 123\nTI  - x\n") == 0.0


def test_truncated_and_random_input_never_crash() -> None:
    rng = random.Random(7)
    for cut in range(0, len(TEXT), 37):
        WOS.read(TEXT[:cut], "cut.txt")
    for _ in range(50):
        junk = "".join(rng.choice("PTAUER \n\t:;,-abcXY12") for _ in range(300))
        WOS.read(junk, "junk.txt")
    assert WOS.read("", "e.txt").records == []
    assert WOS.read("hello\nworld\n", "x.txt").failures[0].line == 1
