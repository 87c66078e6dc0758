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
