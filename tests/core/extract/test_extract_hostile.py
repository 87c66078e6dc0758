"""Hostile input never crashes or hangs the page reader, opens no connection and
runs no script; stored attachment names cannot escape their folder."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import FormatError
from app.core.extract import MAX_PAGE_BYTES, extract_bytes, read_page_bytes, \
    safe_attachment_name
from app.core.formats import read_bytes, read_path
from tests.conftest import CORPUS


def _reads_or_refuses(data: bytes, source: str = "x.html") -> None:
    """Only a ReadResult or a FormatError may come out."""
    try:
        res = read_page_bytes(data, source)
    except FormatError:
        return
    assert len(res.records) + len(res.failures) == 1


def test_malformed_markup() -> None:
    samples = [
        b"<html><head><meta name=citation_title content='Unclosed",
        b"<meta name=\"citation_title\" content=\"T\"><<<<>>>></</<!--<![CDATA[",
        b"<html><head><title>T</title><meta name=citation_title content=T>"
        b"<script type=application/ld+json>{\"@type\": \"ScholarlyArticle\", </script>",
        b"<!DOCTYPE html><html><body><span class=Z3988 title='%%%&&&=='></span>",
        b"<html><head><meta name=citation_author content='  ,,;;  '><title>Only title here",
        b"<html>" + b"<p>" * 10_000 + b"&#99999999999; &#x110000; &bogus; &",
    ]
    for s in samples:
        _reads_or_refuses(s)


def test_nul_bytes_and_invalid_utf8() -> None:
    data = (b"<html><head>\x00<meta name='citation_title' content='Nul\x00 title'>"
            b"<meta name='citation_author' content='Bad \xff\xfe bytes, Ann'>\x00</head></html>")
    res = read_page_bytes(data, "nul.html")
    assert res.records and "Nul" in res.records[0].title
    assert "\x00" not in res.records[0].title
    _reads_or_refuses(b"\xff\xfe\xfd" * 1000 + b"<title>x</title>")
    _reads_or_refuses(b"\xc3\x28\xa0\xa1<html><title>\xe2\x28\xa1 broken</title></html>")


@pytest.mark.timeout(120)
def test_huge_nesting_and_pathological_markup() -> None:
    nested = (b"<html><head><meta name='citation_title' content='Deep'></head><body>"
              + b"<div><span>" * 150_000 + b"text" + b"</span></div>" * 150_000)
    res = read_page_bytes(nested, "deep.html")
    assert res.records and res.records[0].title == "Deep"
    deep_json = b"[" * 200_000 + b"]" * 200_000
    res = read_page_bytes(b"<title>JSON bomb page</title><script type='application/ld+json'>"
                          + deep_json + b"</script><script>var s=" + deep_json
                          + b";{\"title\":" + deep_json + b"}</script>", "json.html")
    assert res.records and res.records[0].title == "JSON bomb page"
    # inputs that make html.parser rescan the rest of the input for every '<'
    for chunk in (b"<a ", b"</a", b"<a =", b"<!", b"<?", b"<<"):
        _reads_or_refuses(chunk * 200_000)


def test_over_50_mb_is_refused_with_a_message(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with open(big, "wb") as fh:
        fh.write(b"<html><title>big</title>")
        fh.truncate(MAX_PAGE_BYTES + 1024)  # sparse: no real disk use
    with pytest.raises(FormatError) as err:
        read_path(str(big))
    assert "50 MB" in err.value.message
    with pytest.raises(FormatError):
        read_page_bytes(b" " * (MAX_PAGE_BYTES + 1), "big.html")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data: bytes) -> None:
    _reads_or_refuses(data)
    _reads_or_refuses(b"<html><head>" + data + b"</head></html>", "y.htm")


_TAGS = st.sampled_from(["<meta name='citation_title' content='", "<meta name=DC.creator content=",
                         "<script type='application/ld+json'>{\"@type\":\"Article\",\"name\":",
                         "</script>", "<span class=Z3988 title='rft.atitle=", "'>", "\">",
                         "<title>", "</title>", "{\"title\":\"", "\",\"doi\":\"10.1234/x\"}",
                         "&amp;", "<!--", "-->", "<", ">", "\u738b\u5c0f\u660e", " and ", ";"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=20)), max_size=40))
def test_random_markup_never_crashes(parts: list[str]) -> None:
    _reads_or_refuses("".join(parts).encode("utf-8", "surrogatepass"))


def test_no_network_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    pages = CORPUS / "pages"
    for f in ("metascraper/packages/metascraper-citation/test/fixtures/"
              "www.nature.com-articles-s41586-021-03819-2.html",
              "papis/tests/downloaders/resources/ACS_jp003647e.html"):
        extract_bytes((pages / f).read_bytes(), f)
    read_path(str(CORPUS / "seed" / "000_c0116378fb088a26.txt"))
    html = (b"<html><head><link rel=stylesheet href='https://example.org/a.css'>"
            b"<script src='https://example.org/x.js'></script>"
            b"<meta name=citation_title content='Remote refs'></head>"
            b"<body><img src='https://example.org/i.png'><iframe src='https://e.org/'>"
            b"</iframe></body></html>")
    assert read_bytes(html, "remote.html").records[0].title == "Remote refs"


def test_script_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    js = json.dumps(f"require('fs').writeFileSync('{marker}', 'x')")
    html = (f"<html><head><title>Script page title</title><script>eval({js});"
            f"__import__('os').system('touch {marker}')</script></head></html>")
    res = read_page_bytes(html.encode(), "s.html")
    assert res.records[0].title == "Script page title"
    assert not marker.exists()


# --------------------------------------------------------- attachment names
@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("C:\\Users\\x\\paper.pdf", "paper.pdf"),
    ("/abs/path/page.html", "page.html"),
    ("CON.txt", "_CON.txt"),
    ("nul", "_nul"),
    ("..", "attachment"),
    (".", "attachment"),
    ("", "attachment"),
    (".hidden.html", "hidden.html"),
    ("trailing dots...", "trailing dots"),
    ('a<b>c:"d|e?f*.html', "a_b_c__d_e_f_.html"),
    ("论文 全文.pdf", "论文 全文.pdf"),
    ("x\x00y\n.html", "x_y_.html"),
])
def test_safe_attachment_name(name: str, expected: str) -> None:
    assert safe_attachment_name(name) == expected


def test_long_names_are_cut_and_keep_their_extension() -> None:
    out = safe_attachment_name("题" * 300 + ".html")
    assert out.endswith(".html") and len(out.encode("utf-8")) <= 200


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_attachment_name_never_escapes(tmp_path_factory: pytest.TempPathFactory,
                                       name: str) -> None:
    out = safe_attachment_name(name)
    assert out and "/" not in out and "\\" not in out and "\x00" not in out
    assert out not in (".", "..") and not out.startswith(".")
    root = os.path.realpath("/tmp/refshelf-store")
    assert os.path.dirname(os.path.realpath(os.path.join(root, out))) == root
    assert len(out.encode("utf-8")) <= 200


@pytest.mark.timeout(120)
def test_big_truncated_json_blob_is_read_in_linear_time() -> None:
    inner = ",".join('{"title":"t%d","k":{"v":[1,2,3]}}' % i for i in range(60_000))
    script = '<script>window.__STATE__ = {"items":[' + inner + "</script>"  # never closed
    html = ("<html><head><title>A page with a broken state blob</title></head><body>"
            + script * 3 + "</body></html>")
    res = read_page_bytes(html.encode(), "blob.html")
    assert res.records and res.records[0].title == "A page with a broken state blob"
