"""Saved-page containers: MHTML (quoted-printable, base64), Safari .webarchive,
declared and sniffed encodings, and the page format in the registry."""

from __future__ import annotations

import base64
import plistlib
import quopri

from app.core.extract import extract_bytes, unpack
from app.core.formats import detect, read_bytes, read_path

ARTICLE = (
    '<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" '
    'content="text/html; charset=UTF-8"><title>Café – Site</title>'
    '<meta name="citation_title" content="Café culture in Zürich">'
    '<meta name="citation_author" content="Müller, Jörg">'
    '<meta name="citation_doi" content="10.5555/mhtml.1"></head>'
    "<body><p>Body text, with a long line that quoted-printable will have to wrap "
    "because it is longer than seventy-six characters.</p></body></html>"
)


def _mhtml(html: str, encoding: str) -> bytes:
    raw = html.encode("utf-8")
    if encoding == "quoted-printable":
        body = quopri.encodestring(raw).decode("ascii")
    else:
        b64 = base64.b64encode(raw).decode("ascii")
        body = "\r\n".join(b64[i:i + 76] for i in range(0, len(b64), 76))
    return (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://example.org/article/1\r\n"
        "Subject: =?utf-8?Q?Caf=C3=A9?=\r\n"
        "Date: Sat, 14 Mar 2026 10:11:12 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n'
        '\tboundary="----MultipartBoundary--xyz----"\r\n\r\n'
        "------MultipartBoundary--xyz----\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        "Content-Location: https://example.org/article/1\r\n\r\n"
        f"{body}\r\n"
        "------MultipartBoundary--xyz----\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: https://example.org/logo.png\r\n\r\n"
        "iVBORw0KGgo=\r\n"
        "------MultipartBoundary--xyz------\r\n"
    ).encode("ascii")


def test_mhtml_quoted_printable() -> None:
    data = _mhtml(ARTICLE, "quoted-printable")
    page = unpack(data, "a.mhtml")
    assert (page.container, page.kind) == ("mhtml", "html")
    assert page.url == "https://example.org/article/1"
    ext = extract_bytes(data, "a.mhtml")
    assert ext.record is not None
    assert ext.record.title == "Café culture in Zürich"
    assert ext.record.authors[0].family == "Müller"
    assert ext.record.doi == "10.5555/mhtml.1"
    assert ext.record.url == "https://example.org/article/1"
    assert ext.record.accessed is not None and ext.record.accessed.iso() == "2026-03-14"


def test_mhtml_base64_through_the_registry(tmp_path) -> None:
    p = tmp_path / "saved.mht"
    p.write_bytes(_mhtml(ARTICLE, "base64"))
    res = read_path(str(p))
    assert res.format_id == "page" and res.attach_source
    assert res.records[0].title == "Café culture in Zürich"


def test_webarchive(tmp_path) -> None:
    arch = {"WebMainResource": {
        "WebResourceData": ARTICLE.encode("utf-8"), "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": "UTF-8", "WebResourceURL": "https://example.org/wa",
        "WebResourceFrameName": ""}, "WebSubresources": []}
    p = tmp_path / "page.webarchive"
    p.write_bytes(plistlib.dumps(arch, fmt=plistlib.FMT_BINARY))
    res = read_path(str(p))
    assert res.format_id == "page"
    rec = res.records[0]
    assert (rec.title, rec.doi, rec.url) == ("Café culture in Zürich", "10.5555/mhtml.1",
                                            "https://example.org/wa")


def test_declared_legacy_encodings() -> None:
    for enc in ("gbk", "shift_jis", "big5"):
        title = {"gbk": "中文论文标题", "shift_jis": "日本語の論文", "big5": "繁體中文標題"}[enc]
        html = (f'<html><head><meta charset="{enc}"><meta name="citation_title" '
                f'content="{title}"><meta name="citation_author" content="李四"></head></html>')
        rec = extract_bytes(html.encode(enc), f"p-{enc}.html").record
        assert rec is not None and rec.title == title, enc
        assert rec.authors[0].display() == "李四"


def test_sniffed_encoding_without_declaration() -> None:
    html = '<html><head><meta name="citation_title" content="Ångström naïve résumé"></head></html>'
    assert extract_bytes(html.encode("utf-8"), "u.html").record.title == "Ångström naïve résumé"
    assert extract_bytes(html.encode("cp1252"), "w.html").record.title == "Ångström naïve résumé"
    utf16 = html.encode("utf-16")
    assert extract_bytes(utf16, "x.htm").record.title == "Ångström naïve résumé"


def test_registry_detects_pages_by_content_and_extension() -> None:
    fmt = detect("x.txt", "<!DOCTYPE html><html><head><title>t</title>")
    assert fmt is not None and fmt.id == "page"
    fmt = detect("saved.txt", 'Title\n{"title":"T","authors":"A B","doi":"10.1/x"}')
    assert fmt is not None and fmt.id == "page"
    # a CSL-JSON file is not a page, nor is RIS text
    assert detect("a.json", '[{"type":"book","title":"T"}]').id != "page"  # type: ignore
    ris = detect("refs.txt", "TY  - JOUR\nTI  - T\nER  - \n")
    assert ris is None or ris.id != "page"


def test_page_read_from_text_through_read_bytes() -> None:
    res = read_bytes(ARTICLE.encode("utf-8"), source="drop.html")
    assert res.format_id == "page" and res.attach_source and res.notes
    assert res.records[0].doi == "10.5555/mhtml.1"


def test_broken_containers_are_format_errors() -> None:
    import pytest

    from app.core.errors import FormatError
    from app.core.extract import read_page_bytes

    with pytest.raises(FormatError):
        read_page_bytes(b"bplist00WebMainResource" + b"\x00\xff" * 50, "x.webarchive")
    no_html = (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
               b'Content-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
               b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n")
    with pytest.raises(FormatError):
        read_page_bytes(no_html, "x.mhtml")
    arch = plistlib.dumps({"WebMainResource": {"WebResourceData": "not bytes"}},
                          fmt=plistlib.FMT_BINARY)
    with pytest.raises(FormatError):
        read_page_bytes(arch, "y.webarchive")
