"""Zotero's translator import cases, read by our formats and compared field by field.

See tests/core/formats/zotero_compare.py for what is compared and how, and
docs/conformance/formats.md for every miss and its reason.

Measured (this commit): RIS 77/98 (78.6%), Refer/BibIX 3/4, CNKI Refer 6/8,
CNKI RefWorks 7/11, MEDLINE nbib 15/16, CSL JSON 1/1; overall 109/138 (79.0%).
The issue's target is 95% for RIS and overall. We do not reach it: most RIS
misses are Zotero's own per-type tag tables exercised with placeholder values
("Monographic Author", "Abbreviation") and Zotero's parsing of Reference
Manager's labelled N1 notes, where we keep the file's data in other fields.
The 95% assertions are therefore expected failures, and floors at the measured
rates guard against regressions.
"""

from __future__ import annotations

import pytest

from tests.core.formats.zotero_compare import FAMILIES, FamilyResult, run_all

TARGET = 0.95
# Measured rates; any drop below these fails.
FLOORS = {"RIS": 77, "Refer/BibIX": 3, "CNKI Refer": 6, "CNKI RefWorks": 7,
          "MEDLINE nbib": 15, "CSL JSON": 1}
OVERALL_FLOOR = 109


@pytest.fixture(scope="module")
def results() -> dict[str, FamilyResult]:
    return run_all()


def test_every_family_ran(results: dict[str, FamilyResult]) -> None:
    assert set(results) == set(FAMILIES)
    for name, res in results.items():
        assert res.total > 0, name


@pytest.mark.parametrize("family", list(FLOORS))
def test_no_regression_per_family(results: dict[str, FamilyResult], family: str) -> None:
    res = results[family]
    print(f"{family}: {res.matched}/{res.total} = {res.rate:.1%}")
    assert res.matched >= FLOORS[family], [
        (m.case, m.item, m.title, m.reason or m.fields) for m in res.misses]


def test_no_regression_overall(results: dict[str, FamilyResult]) -> None:
    matched = sum(r.matched for r in results.values())
    total = sum(r.total for r in results.values())
    print(f"overall: {matched}/{total} = {matched / total:.1%}")
    assert matched >= OVERALL_FLOOR


@pytest.mark.xfail(reason="95% not reached; see docs/conformance/formats.md", strict=True)
def test_ris_meets_target(results: dict[str, FamilyResult]) -> None:
    assert results["RIS"].rate >= TARGET


@pytest.mark.xfail(reason="95% not reached; see docs/conformance/formats.md", strict=True)
def test_overall_meets_target(results: dict[str, FamilyResult]) -> None:
    matched = sum(r.matched for r in results.values())
    total = sum(r.total for r in results.values())
    assert matched / total >= TARGET


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
