"""Zotero's translator import cases, read by our formats and compared field by field.

See tests/core/formats/zotero_compare.py for what is compared and how, and
docs/conformance/formats.md for every miss and its reason.

Measured (this commit): RIS 87/98 (88.8%), Refer/BibIX 3/4, CNKI Refer 6/8,
CNKI RefWorks 7/11, MEDLINE nbib 15/16, CSL JSON 1/1, EndNote XML 10/12:
129/150 (86.0%); with Zotero's BibTeX cases (30/34, measured by
test_bibtex_zotero.py) 159/184 (86.4%).

The issue's target is 95% for RIS and overall. It is not reached, and it
cannot be reached by reading files correctly: 14 of the 21 misses below are
items where Zotero's expected value is a Zotero defect or drops data the file
holds (a book title overwritten by its abbreviation, a case name by its short
title, a DOI/ISSN/URL/author list dropped, a page count glued to the page
range, a title missing). Even copying all seven of our design choices
(KNOWN_MISSES marked "design") would give RIS 92/98 and 166/184 (90.2%) overall.
The 95% assertions are therefore strict expected failures; every miss is
listed in KNOWN_MISSES, so a miss that appears or disappears fails the test.
"""

from __future__ import annotations

import json

import pytest

from tests.core.formats.zotero_compare import FAMILIES, ZOTERO_DIR, FamilyResult, run_all

TARGET = 0.95

# (family, case, item) -> reason; the same list, with details, is in
# docs/conformance/formats.md. "Zotero:" = Zotero's expected value is a defect of
# its translator or drops data the file holds; "design:" = our deliberate choice.
KNOWN_MISSES: dict[tuple[str, int, int], str] = {
    ("RIS", 2, 7): "Zotero: J2 (abbreviation) overwrites the chapter's book title T2",
    ("RIS", 2, 16): "Zotero: J2 (abbreviation) overwrites the dictionary title T2",
    ("RIS", 2, 21): "Zotero: J2 (abbreviation) overwrites the encyclopedia title T2",
    ("RIS", 2, 8): "Zotero: ST (short title) overwrites the case name TI",
    ("RIS", 2, 44): "Zotero: ST (short title) overwrites the statute's name TI",
    ("RIS", 3, 0): "Zotero: drops the DOI that is the record's whole N1 note",
    ("RIS", 2, 11): "design: CLSWK is CSL 'classic' (Zotero: book)",
    ("RIS", 2, 38): "design: PAMP is CSL 'pamphlet' (Zotero: manuscript)",
    ("RIS", 2, 43): "design: STAND is CSL 'standard' (Zotero: report)",
    ("RIS", 2, 13): "design: CPAPER's T2 (conference name) is the container when there is "
                    "no C3 (IEEE Xplore writes the proceedings there); Zotero: none",
    ("RIS", 11, 0): "design: GEN without a periodical is 'document' (Zotero: journal article)",
    ("Refer/BibIX", 0, 0): "Zotero: drops %R (DOI) and %@ (ISSN); keeps the last of two %J",
    ("CNKI Refer", 2, 0): "Zotero: pages '5, 269-273' glue the page count to the range",
    ("CNKI Refer", 4, 0): "Zotero: drops a standard's drafting bodies (%A)",
    ("CNKI RefWorks", 0, 0): "design: journal name kept with the file's ASCII parentheses",
    ("CNKI RefWorks", 5, 0): "Zotero: keeps the HTML entity '&amp;' inside the URL",
    ("CNKI RefWorks", 7, 0): "Zotero: drops the URL of a yearbook record",
    ("CNKI RefWorks", 8, 0): "Zotero: drops a standard's URL and drafting bodies",
    ("MEDLINE nbib", 7, 1): "Zotero: the book's TI is missing from its expected item",
    ("EndNote XML", 1, 0): "design: rich-text runs are read as plain text (Zotero: HTML tags "
                           "in the title); a Refshelf title is plain text",
    ("EndNote XML", 2, 1): "Zotero: drops the full stop of 'Jr.' in 'Author, Test Jr.'",
}
# Measured rates; any drop below these fails (KNOWN_MISSES pins them exactly).
FLOORS = {"RIS": 87, "Refer/BibIX": 3, "CNKI Refer": 6, "CNKI RefWorks": 7,
          "MEDLINE nbib": 15, "CSL JSON": 1, "EndNote XML": 10}
OVERALL_FLOOR = 129


@pytest.fixture(scope="module")
def results() -> dict[str, FamilyResult]:
    return run_all()


def _bibtex_counts() -> tuple[int, int]:
    """Zotero's BibTeX cases, compared by test_bibtex_zotero.py's own rules."""
    from app.core.formats.bibtex import read_bibtex
    from tests.core.formats.zotero_compare_bibtex import compare

    cases = json.loads((ZOTERO_DIR / "BibTeX_import_tests.json").read_text(encoding="utf-8"))
    matched = total = 0
    for ci, case in enumerate(cases):
        recs = read_bibtex(case["input"], f"zotero-case-{ci}").records
        for ii, item in enumerate(case["items"]):
            total += 1
            matched += ii < len(recs) and not compare(item, recs[ii])
    return matched, total


def test_every_family_ran(results: dict[str, FamilyResult]) -> None:
    assert set(results) == set(FAMILIES)
    for name, res in results.items():
        assert res.total > 0, name


def test_misses_are_exactly_the_known_ones(results: dict[str, FamilyResult]) -> None:
    misses = {(m.family, m.case, m.item): (m.reason or sorted(m.fields))
              for res in results.values() for m in res.misses}
    assert {k: misses[k] for k in misses.keys() - KNOWN_MISSES.keys()} == {}, "new misses"
    assert sorted(KNOWN_MISSES.keys() - misses.keys()) == [], "now matched: update the list"


@pytest.mark.parametrize("family", list(FLOORS))
def test_no_regression_per_family(results: dict[str, FamilyResult], family: str) -> None:
    res = results[family]
    print(f"{family}: {res.matched}/{res.total} = {res.rate:.1%}")
    assert res.matched >= FLOORS[family], [
        (m.case, m.item, m.title, m.reason or m.fields) for m in res.misses]


def test_no_regression_overall(results: dict[str, FamilyResult]) -> None:
    matched = sum(r.matched for r in results.values())
    total = sum(r.total for r in results.values())
    print(f"overall without BibTeX: {matched}/{total} = {matched / total:.1%}")
    assert matched >= OVERALL_FLOOR


@pytest.mark.xfail(reason="95% not reachable without copying Zotero's defects; "
                          "see docs/conformance/formats.md", strict=True)
def test_ris_meets_target(results: dict[str, FamilyResult]) -> None:
    assert results["RIS"].rate >= TARGET


@pytest.mark.xfail(reason="95% not reachable without copying Zotero's defects; "
                          "see docs/conformance/formats.md", strict=True)
def test_overall_meets_target(results: dict[str, FamilyResult]) -> None:
    """All families, Zotero's BibTeX cases included."""
    b_matched, b_total = _bibtex_counts()
    matched = sum(r.matched for r in results.values()) + b_matched
    total = sum(r.total for r in results.values()) + b_total
    print(f"overall with BibTeX: {matched}/{total} = {matched / total:.1%}")
    assert matched / total >= TARGET


# Formats outside the issue's list (zotero_compare.OTHER_FAMILIES).
OTHER_KNOWN_MISSES: dict[tuple[str, int, int], str] = {
    ("RefWorks tagged", 2, 0): "Zotero keeps LK (links) as a link attachment; we as the URL",
    ("RefWorks tagged", 3, 0): "Zotero keeps LK (links) as a link attachment; we as the URL",
    ("Web of Science", 3, 0): "Zotero's book section has no DOI or ISSN field; we keep both",
    ("Web of Science (translators_CN)", 2, 0): "the CN fork adds the WC subject category "
                                               "as a keyword; we keep WC in extra",
    ("Web of Science (translators_CN)", 3, 0): "the CN fork reads PT S as a journal article; "
                                               "we read a series volume's chapter",
    ("Web of Science (translators_CN)", 8, 0): "the CN fork adds WC/SC categories as keywords",
    ("Ovid", 0, 0): "Zotero: YR (2004) overwrites the patent's grant date DG (November 16, 2004)",
    ("Ovid", 0, 1): "Zotero: drops the day of the source's date (November 15, 2004)",
    ("Ovid", 1, 0): "Zotero: volume 12 glued to the journal name; drops the ISSN "
                    "(its check digit is wrong; we keep it as written)",
    ("Ovid", 2, 0): "Zotero: drops the single page ':56' (only reads page ranges)",
    ("Ovid", 2, 2): "Zotero: drops the full stop of the abbreviated given name 'Ph.'",
    ("Ovid", 3, 3): "Zotero: drops the pages '; 433-441' and the day of '2007 15 June'",
    ("Ovid", 4, 0): "Zotero: drops the initials 'MB' as a degree, cuts the book title at "
                    "'A.A.', takes the book's pages 1-234 for the chapter's 214-218",
    ("Ovid", 6, 1): "Zotero: editor's family name '; Palmer' (the ';' between editors kept)",
}


def test_other_formats_misses_are_exactly_the_known_ones() -> None:
    from tests.core.formats.zotero_compare import OTHER_FAMILIES, run_other

    other = run_other()
    assert set(other) == set(OTHER_FAMILIES)
    misses = {(m.family, m.case, m.item): (m.reason or sorted(m.fields))
              for res in other.values() for m in res.misses}
    assert misses.keys() == OTHER_KNOWN_MISSES.keys(), misses
    for name, res in other.items():
        print(f"{name}: {res.matched}/{res.total} = {res.rate:.1%}")


def test_comparison_catches_a_difference() -> None:
    """The comparison itself: a record that differs in one field is a miss."""
    from app.core.records import Creator, PartialDate, Record
    from tests.core.formats.zotero_compare import diff, expected_view, record_view

    item = {"itemType": "journalArticle", "title": "T", "date": "2020-05-01",
            "creators": [{"lastName": "Doe", "firstName": "J.", "creatorType": "author"},
                         {"name": "王小明", "creatorType": "author"}],
            "publicationTitle": "J", "volume": "1", "issue": "2", "pages": "3–4",
            "DOI": "10.1000/X", "ISSN": "1234-5678", "tags": [{"tag": "k"}], "url": "u"}
    rec = Record(type="article-journal", title="T", issued=PartialDate(2020, 5, 1),
                 creators=[Creator("Doe", "J."), Creator(literal="王小明")],
                 container_title="J", volume="1", issue="2", pages="3-4", doi="10.1000/x",
                 issn="12345678", keywords=["K"], url="u")
    assert diff(expected_view(item), record_view(rec)) == {}
    rec.volume = "9"
    assert set(diff(expected_view(item), record_view(rec))) == {"volume"}
