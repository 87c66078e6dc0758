"""Text dragged onto the window: DOI, DOI list, URL, BibTeX, RIS, or nothing usable."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.extract import read_dropped_text


@pytest.mark.parametrize("text, doi", [
    ("10.1038/nature12373", "10.1038/nature12373"),
    ("doi:10.1000/182", "10.1000/182"),
    ("  https://doi.org/10.1353/apr.2023.a905228.  ", "10.1353/apr.2023.a905228"),
    ("Smith J (2020) A title. Journal 1:2. https://dx.doi.org/10.1016/S0009-2614(97)04014-1",
     "10.1016/S0009-2614(97)04014-1"),
])
def test_doi_gives_a_record_with_that_doi(text: str, doi: str) -> None:
    res = read_dropped_text(text)
    assert not res.failures and len(res.records) == 1
    assert res.records[0].doi == doi
    assert res.records[0].url == f"https://doi.org/{doi}"
    assert "DOI" in res.notes[0]


def test_publisher_url_with_doi_keeps_the_url() -> None:
    url = "https://www.tandfonline.com/doi/full/10.1080/00268976.2013.788745"
    rec = read_dropped_text(url).records[0]
    assert (rec.doi, rec.url) == ("10.1080/00268976.2013.788745", url)


def test_list_of_dois() -> None:
    res = read_dropped_text("10.1000/1\ndoi:10.1000/2\nhttps://doi.org/10.1000/3\n")
    assert [r.doi for r in res.records] == ["10.1000/1", "10.1000/2", "10.1000/3"]


def test_url_gives_a_webpage_record_accessed_today() -> None:
    res = read_dropped_text("https://example.org/blog/post-1")
    rec = res.records[0]
    assert (rec.type, rec.url) == ("webpage", "https://example.org/blog/post-1")
    today = dt.date.today()
    assert rec.accessed is not None and rec.accessed.year == today.year


def test_bibtex_and_ris_go_through_the_registry() -> None:
    res = read_dropped_text("@article{k, title={Dropped {BibTeX}}, author={Doe, Jane},"
                            " year=2020, doi={10.1000/bib}}")
    assert res.format_id == "bibtex"
    assert res.records[0].doi == "10.1000/bib" and res.records[0].authors[0].family == "Doe"
    res = read_dropped_text("TY  - JOUR\nTI  - Dropped RIS\nAU  - Roe, R\nPY  - 2019\nER  - \n")
    assert res.format_id == "ris" and res.records[0].title == "Dropped RIS"


def test_plain_text_and_empty_text_are_failures() -> None:
    assert "no DOI, URL" in read_dropped_text("just some words").failures[0].reason
    assert read_dropped_text("   ").failures
