"""Pages, volume/issue splitting and DOI helpers (expectations written by hand)."""

from __future__ import annotations

import pytest

from app.core.normalize import clean_doi, extract_doi, normalize_doi
from app.core.normalize.pages import first_page, last_page, normalize_pages, split_volume_issue


@pytest.mark.parametrize("text, expected", [
    ("341 - 347", "341-347"),
    ("341–347", "341-347"),
    ("341—347", "341-347"),
    ("341--347", "341-347"),
    ("pp. 341-347", "341-347"),
    ("p. 12", "12"),
    ("341–47", "341-47"),
    ("e1234", "e1234"),
    ("1-5,7 - 9", "1-5, 7-9"),
    ("第12-15页", "12-15"),
    ("pp 12–15", "12-15"),
    ("pages 3-9", "3-9"),
    ("PS-2B.16", "PS-2B.16"),  # a poster's id: its P is not 'p.'
    ("PA-12", "PA-12"),
    ("Preface", "Preface"),
    ("passim", "passim"),
    ("Pages", "Pages"),
    ("PP1-PP9", "PP1-PP9"),
    ("Pt 1: 12-15", "Pt 1: 12-15"),
    ("", ""),
])
def test_normalize_pages(text: str, expected: str) -> None:
    assert normalize_pages(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("47 1", ("47", "1")),
    ("47(1)", ("47", "1")),
    ("47 (1)", ("47", "1")),
    ("Vol. 47, No. 1", ("47", "1")),
    ("Volume 47, Issue 1", ("47", "1")),
    ("47", ("47", "")),
    ("Vol. 47", ("47", "")),
    ("第12卷第3期", ("12", "3")),
    ("", ("", "")),
])
def test_split_volume_issue(text: str, expected: tuple[str, str]) -> None:
    assert split_volume_issue(text) == expected


def test_first_and_last_page() -> None:
    assert first_page("341 - 347") == "341"
    assert first_page("e1234") == "e1234"
    assert first_page("") == ""
    assert last_page("341-347") == "347"
    assert last_page("12") == ""


@pytest.mark.parametrize("text, expected", [
    ("https://doi.org/10.1353/apr.2023.a905228", "10.1353/apr.2023.a905228"),
    ("doi:10.1000/XYZ.", "10.1000/xyz"),
    ("DOI 10.1000/abc;", "10.1000/abc"),
    ("ade/1391109086", ""),
    ("", ""),
])
def test_normalize_doi(text: str, expected: str) -> None:
    assert normalize_doi(text) == expected


def test_extract_and_clean_doi_keep_case() -> None:
    assert extract_doi("see https://doi.org/10.1038/NATURE123).") == "10.1038/NATURE123"
    assert clean_doi("10.1016/S0140-6736(20)30183-5") == "10.1016/S0140-6736(20)30183-5"
    assert extract_doi("(doi:10.1000/abc)") == "10.1000/abc"
    assert extract_doi("no doi here") == ""
