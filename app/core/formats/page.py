"""Saved web pages (.html .htm .xhtml .mhtml .mht .webarchive, and text saved from a page).

The extraction itself lives in :mod:`app.core.extract`; this module only
registers the format. Reading gives one record (or one Failure that says why
there is none) and ``attach_source=True``, so the library keeps the page.
Pages over 50 MB are refused with a FormatError. Nothing is fetched and no
script is run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from app.core.errors import FormatError
from app.core.extract import read_page_bytes, read_page_text
from app.core.extract.containers import check_size, is_mhtml
from app.core.formats import Format, ReadResult, register
from app.core.records import Record

log = logging.getLogger(__name__)

_HTML_HEAD_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]", re.I)
_META_RE = re.compile(r"<meta\s", re.I)
_BLOB_RE = re.compile(r'"(?:title|Title|articleTitle)"\s*:\s*"')


class PageFormat(Format):
    id = "page"
    name = "Saved web page"
    extensions = (".html", ".htm", ".xhtml", ".mhtml", ".mht", ".webarchive")
    mime_types = ("text/html", "application/xhtml+xml", "multipart/related",
                  "application/x-webarchive")
    can_write = False
    binary = True

    def sniff(self, head: str) -> float:
        """HTML, MHTML and web archives; text with an embedded JSON record (the seed)."""
        h = head.lstrip("\ufeff \t\r\n")
        if h.startswith("bplist00") and "WebMainResource" in head:
            return 0.95
        if is_mhtml(head):
            return 0.9
        if h.startswith(("{", "[", "@", "TY  -", "TY -", "%0", "PMID-", "FN ", "PT ")):
            return 0.0  # JSON, BibTeX, RIS, Refer, MEDLINE, WoS that may quote HTML
        if _HTML_HEAD_RE.search(h[:4096]) or (
                _META_RE.search(h[:4096]) and not h.startswith("<?xml")):
            return 0.85
        m = _BLOB_RE.search(head)
        if m and "{" in head[max(0, m.start() - 5000):m.start()] and any(
                k in head[max(0, m.start() - 5000):m.start() + 20000] for k in (
                '"doi"', '"DOI"', '"authors"', '"abstract"', '"journal"')):
            return 0.6
        return 0.0

    def read_bytes(self, data: bytes, source: str = "") -> ReadResult:
        check_size(len(data), source)
        return read_page_bytes(data, source)

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_page_text(text, source)

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise FormatError("saved web pages can be read but not written")


register(PageFormat())
