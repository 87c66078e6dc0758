"""EndNote XML (File › Export › XML in EndNote; also written by Mendeley and Citavi), read.

An EndNote XML file is ``<xml><records><record>…</record>…</records></xml>``.
Each ``<record>`` holds the same fields as EndNote's tagged export, so every
element is turned into the tag it stands for (``<title>`` → ``%T``,
``<secondary-title>`` → ``%B``, ``<periodical><full-title>`` → ``%J``,
``<electronic-resource-num>`` → ``%R`` …) and the record is built by the
EndNote/Refer reader (:mod:`app.core.formats.refer`): one mapping of types,
names, dates, pages and identifiers for both.

* Text may be wrapped in ``<style face=… font=…>`` runs: the text of an element
  is all of its text, runs joined.
* Every ``<record>`` is parsed on its own, so a malformed record is a failure
  at its own line and the records around it are still read.
* EndNote keeps initials without a full stop ("Ahlquist, John S") and adds it
  when a style prints the name; a bare one-letter initial of a given name gets
  its full stop here ("John S."), as Zotero and JabRef read these files.
* Rich-text runs (bold, italic, superscript) are read as plain text: a
  record's title is plain text in Refshelf.
* ``internal-pdf://`` links name files inside an EndNote library folder that
  the export does not carry; they are kept in ``extra`` and not used as the URL.
* Elements with no tag of their own are kept in ``extra["enx:<element>"]``.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from app.core.formats import Failure, Format, ReadResult, register
from app.core.formats.refer import _build as build_refer
from app.core.formats.tagged import MAX_RAW_CHARS, TaggedEntry, add_extra, gc_paused
from app.core.records import Record

log = logging.getLogger(__name__)

_RECORD_RE = re.compile(r"<record\b[^>]*>.*?</record\s*>", re.S)
_REF_TYPE_RE = re.compile(r"<ref-type\b")

# element path under <record> -> Refer tag
_TAGS: dict[str, str] = {
    "contributors/authors/author": "A",
    "contributors/secondary-authors/author": "E",
    "contributors/tertiary-authors/author": "Y",
    "contributors/subsidiary-authors/author": "?",
    "titles/title": "T",
    "titles/secondary-title": "B",
    "titles/tertiary-title": "S",
    "titles/alt-title": "O",
    "titles/short-title": "!",
    "titles/translated-title": "Q",
    "periodical/full-title": "J",
    "pages": "P",
    "volume": "V",
    "number": "N",
    "num-vols": "6",
    "edition": "7",
    "section": "&",
    "dates/year": "D",
    "dates/pub-dates/date": "8",
    "pub-location": "C",
    "publisher": "I",
    "isbn": "@",
    "accession-num": "M",
    "call-num": "L",
    "label": "F",
    "keywords/keyword": "K",
    "abstract": "X",
    "notes": "Z",
    "work-type": "9",
    "language": "G",
    "electronic-resource-num": "R",
    "remote-database-provider": "W",
    "remote-database-name": "~",
    "auth-address": "+",
    "caption": "^",
    "custom1": "1", "custom2": "2", "custom3": "3", "custom4": "4",
    "custom5": "#", "custom6": "$", "custom7": "]",
    "urls/related-urls/url": "U",
    "urls/web-urls/url": "U",
}
# element path under <record> -> the extra key (``enx:<key>``) it is kept under:
# no EndNote tag stands for these
_KEPT: dict[str, str] = {
    "contributors/translated-authors/author": "translated-author",
    "periodical/abbr-1": "abbr-1", "periodical/abbr-2": "abbr-2",
    "periodical/abbr-3": "abbr-3",
    "urls/pdf-urls/url": "pdf-url",
}
# bookkeeping elements, and the rich-text runs inside values
_SKIP = {"database", "source-app", "rec-number", "foreign-keys", "ref-type", "style"}


def _text(elem: ET.Element) -> str:
    return "".join(elem.itertext()).strip()


def _entry(xml_text: str, line: int) -> tuple[TaggedEntry, dict[str, Any]]:
    """The tags of one ``<record>`` (raises ET.ParseError) and what has no tag."""
    root = ET.fromstring(xml_text)
    entry = TaggedEntry(line)
    entry.raw_lines = xml_text.splitlines()
    extra: dict[str, Any] = {}
    ref = root.find("ref-type")
    if ref is not None:
        entry.tags.append(("0", ref.get("name") or _text(ref)))
    seen: set[int] = set()
    for path, tag in _TAGS.items():
        for elem in root.iterfind(path):
            seen.add(id(elem))
            value = _text(elem)
            if not value:
                continue
            if tag == "U" and value.startswith("internal-pdf://"):
                add_extra(extra, "enx:internal-pdf", value)
            else:
                entry.tags.append((tag, value))
    for path, key in _KEPT.items():
        for elem in root.iterfind(path):
            seen.add(id(elem))
            value = _text(elem)
            if value:
                add_extra(extra, f"enx:{key}", value)
    _keep_rest(root, seen, extra)
    journal = [v for t, v in entry.tags if t == "J"]
    if journal:  # a journal article's secondary title repeats its periodical
        entry.tags = [(t, v) for t, v in entry.tags if not (t == "B" and v in journal)]
    return entry, extra


def _keep_rest(root: ET.Element, seen: set[int], extra: dict[str, Any]) -> None:
    """Leaf elements no mapping took, kept as ``extra["enx:<name>"]``."""
    for elem in root.iter():
        if elem is root or id(elem) in seen or elem.tag in _SKIP:
            continue
        if any(child.tag != "style" for child in elem):
            continue  # a container: its leaves are visited on their own
        value = _text(elem)
        if value:
            add_extra(extra, f"enx:{elem.tag}", value)


_BARE_INITIAL_RE = re.compile(r"(?<![\w.])([A-Z])(?=\s|$)")


def _stop_initials(rec: Record) -> None:
    """'John S' -> 'John S.': a bare one-letter initial of a given name gets a stop."""
    for c in rec.creators:
        if c.given:
            c.given = _BARE_INITIAL_RE.sub(r"\1.", c.given)


def _line_of(text: str, pos: int, cache: list[int]) -> int:
    """1-based line of *pos*, counting on from the previous call's position."""
    last_pos, last_line = cache
    line = last_line + text.count("\n", last_pos, pos)
    cache[:] = [pos, line]
    return line


def read_endnote_xml(text: str, source: str = "") -> ReadResult:
    result = ReadResult()
    cache = [0, 1]
    with gc_paused():
        for m in _RECORD_RE.finditer(text):
            line = _line_of(text, m.start(), cache)
            raw = m.group(0)
            try:
                entry, extra = _entry(raw, line)
            except ET.ParseError as exc:
                row, col = exc.position
                result.failures.append(Failure(
                    source, line + row - 1,
                    f"malformed XML in this record (column {col}): {_reason(exc)}",
                    raw[:MAX_RAW_CHARS]))
                continue
            try:
                rec = build_refer(entry)
            except (ValueError, IndexError, KeyError, TypeError) as exc:
                log.exception("EndNote XML record at line %s", line)
                result.failures.append(Failure(source, line, f"cannot read record: {exc}",
                                               raw[:MAX_RAW_CHARS]))
                continue
            _stop_initials(rec)
            for key, values in extra.items():
                rec.extra.setdefault(key, values)
            if rec.is_empty():
                result.failures.append(Failure(source, line,
                                               "record has no title, author or identifier",
                                               raw[:MAX_RAW_CHARS]))
                continue
            result.records.append(rec)
            result.lines.append(line)
    if not result.records and not result.failures and text.strip():
        result.failures.append(Failure(source, 1,
                                       "no EndNote XML record found (no <record> elements)"))
    return result


def _reason(exc: ET.ParseError) -> str:
    """expat's message without its own 'line 1, column N' (relative to the record)."""
    return re.sub(r":\s*line \d+, column \d+$", "", str(exc))


class EndnoteXmlFormat(Format):
    """EndNote XML export (``<xml><records><record>``)."""

    id = "endnotexml"
    name = "EndNote XML"
    extensions = (".xml",)
    mime_types = ("application/x-endnote-xml",)
    can_write = False

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff \t\r\n")
        if "<record" in s and _REF_TYPE_RE.search(s):
            return 0.95
        if s.startswith("<?xml") and "<records>" in s and "<xml>" in s:
            return 0.6
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_endnote_xml(text, source)

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise NotImplementedError("EndNote XML is read only; export as EndNote tagged (enw)")


register(EndnoteXmlFormat())
