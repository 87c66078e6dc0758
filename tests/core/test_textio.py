"""Decoding files: BOMs, UTF-16, declared encodings, GBK and Windows-1252."""

from __future__ import annotations

import codecs

import pytest

from app.core.textio import decode_bytes
from tests.conftest import CORPUS

TEXT = "Müller, José; 王小明 — “quotes”"


@pytest.mark.parametrize("data,encoding", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
])
def test_unicode_forms(data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == (TEXT, encoding)


def test_windows_1252_and_declared_latin1() -> None:
    latin = "Müller café “naïve” São Paulo – 1998"
    assert decode_bytes(latin.encode("cp1252")) == (latin, "cp1252")
    declared = b"% Encoding: ISO8859_1\n@article{a, author={M\xfcller}}"
    assert "Müller" in decode_bytes(declared)[0]


def test_gbk_without_declaration() -> None:
    text, enc = decode_bytes((CORPUS / "bibtex/python-bibtexparser/v2/tests/resources/"
                              "gbk_test.bib").read_bytes())
    assert enc == "gb18030"
    assert "author = {凯撒}" in text and "journal = {测试期刊}" in text


def test_latin1_with_a_few_accents_is_not_taken_for_gbk() -> None:
    # two high bytes in a row that happen to fall in GB2312's range
    latin = "Ã©tude sur l'Ã¢me, café, naïve"
    assert decode_bytes(latin.encode("cp1252"))[0] == latin
