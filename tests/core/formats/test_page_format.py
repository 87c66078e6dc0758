"""The `page` format in the registry: ids, extensions, sniffing, attach_source, no writing."""

from __future__ import annotations

import pytest

from app.core.errors import FormatError
from app.core.formats import detect, get, read_path
from tests.conftest import CORPUS


def test_page_format_registered_with_its_extensions() -> None:
    fmt = get("page")
    assert set(fmt.extensions) == {".html", ".htm", ".xhtml", ".mhtml", ".mht", ".webarchive"}
    assert fmt.binary and fmt.can_read and not fmt.can_write
    with pytest.raises(FormatError):
        fmt.write([])


@pytest.mark.parametrize("path, head", [
    ("a.html", "<!doctype html><html><head><title>x</title>"),
    ("a.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'),
    ("saved", "From: <Saved by Blink>\nSnapshot-Content-Location: https://x.org/\n"
              "MIME-Version: 1.0\nContent-Type: multipart/related;"),
    ("page.txt", 'Intro\n{"title":"Introduction","authors":"S. Radchenko","doi":"10.1353/x"}'),
    ("page.txt", 'Intro\n{"id": 7, "doi": "10.1353/x", "title": "Introduction"}'),
])
def test_sniffed(path: str, head: str) -> None:
    fmt = detect(path, head)
    assert fmt is not None and fmt.id == "page"


def test_bibtex_quoting_html_is_not_a_page() -> None:
    fmt = detect("refs.bib", "@article{k, title={<i>Italic</i> <html> title}}")
    assert fmt is None or fmt.id != "page"


def test_every_corpus_page_reads_through_the_registry() -> None:
    pages = sorted((CORPUS / "pages").rglob("*.html"))
    assert len(pages) >= 50
    for p in pages:
        res = read_path(str(p))
        assert res.format_id == "page" and res.attach_source, p
        assert len(res.records) + len(res.failures) == 1, p
        assert res.notes or res.failures, p


def test_text_that_was_already_decoded_is_not_decoded_again() -> None:
    from app.core.formats import read_text

    html = ('<html><head><meta charset="gbk"><meta name="citation_title" content="中文论文标题">'
            "</head></html>")
    res = read_text(html, source="dropped.html")
    assert res.format_id == "page" and res.records[0].title == "中文论文标题"
    seed = (CORPUS / "seed" / "000_c0116378fb088a26.txt").read_text(encoding="utf-8")
    assert read_text(seed, source="seed.txt").records[0].doi == "10.1353/apr.2023.a905228"


def test_singlefile_comment_gives_url_and_date_saved() -> None:
    from app.core.formats import read_bytes

    html = ("<!--\n Page saved with SingleFile \n url: https://example.org/paper/7 \n"
            " saved date: Tue Mar 03 2026 10:00:00 GMT+0100 (CET)\n-->"
            "<html><head><title>A saved blog post about things</title></head></html>")
    rec = read_bytes(html.encode(), source="p.html").records[0]
    assert rec.url == "https://example.org/paper/7"
    assert rec.accessed is not None and rec.accessed.iso() == "2026-03-03"


@pytest.mark.parametrize("path, head", [
    ("refs.txt", "TY  - JOUR\nAB  - We used <meta name=x> tags and <html> pages\nER  - \n"),
    ("lib.xml", '<?xml version="1.0"?><xml><records><record><titles><title>T</title>'),
    ("a.nbib", "PMID- 123\nTI  - <html> in a title\n"),
])
def test_other_formats_quoting_markup_are_not_pages(path: str, head: str) -> None:
    assert get("page").sniff(head) == 0.0


def test_author_values_left_out_are_counted_in_the_notes(tmp_path) -> None:
    """A citation_author that is a link is not a name: the notes say one of three was left out."""
    page = tmp_path / "a.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="citation_title" content="A Paper">'
        '<meta name="citation_author" content="Doe, Jane">'
        '<meta name="citation_author" content="https://orcid.org/0000-0002-1825-0097">'
        '<meta name="citation_author" content="Roe, Rick">'
        '<meta name="citation_doi" content="10.5555/page.1"></head><body></body></html>',
        encoding="utf-8")
    res = read_path(str(page))
    assert [c.family for c in res.records[0].authors] == ["Doe", "Roe"]
    assert "kept 2 of 3 authors" in res.notes[0]


def test_no_author_note_when_every_value_is_a_name(tmp_path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="citation_title" content="A Paper">'
        '<meta name="citation_author" content="Doe, Jane">'
        '<meta name="citation_author" content="Roe, Rick"></head><body></body></html>',
        encoding="utf-8")
    res = read_path(str(page))
    assert len(res.records[0].authors) == 2 and "kept" not in res.notes[0]
