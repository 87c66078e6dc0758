"""MEDLINE / PubMed ``.nbib`` (and ERIC's MEDLINE-style export) in and out.

Reading: ``TAG - value`` lines with the tag padded to four characters
(``PMID-``, ``TI  -``, ``FAU -``); lines starting with spaces continue the
previous value. A record starts at ``PMID-`` or after a blank line.

* ``FAU`` (full names) win over ``AU`` ("Smith JA"); bare initials in given
  names get full stops ("M J" -> "M. J.").
* ``DP`` is the date; ``TA`` the abbreviated and ``JT`` the full journal.
* ``PG`` abbreviated page ranges are expanded ("6913-7" -> "6913-6917").
* ``AID``/``LID`` ``[doi]`` give the DOI; ``PMC`` the PMCID; ``IS`` lines the
  ISSNs (each distinct one, separated by spaces).
* Keywords are the MeSH headings (``MH``) and other terms (``OT``).
* ``PT`` chooses the type (journal article, thesis, report, book; ERIC's
  ``Reports - …`` are reports whose ``JT`` is the institution).
* Every other tag goes to ``extra["nbib:<TAG>"]`` (list) and is written back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from app.core.formats import Format, ReadResult, register
from app.core.formats.ris import _is_isbn
from app.core.formats.tagged import (TaggedEntry, add_extra, doi_of_field,
                                     empty_but_for_pmid, index_tags, keep_unmapped,
                                     kept_values, read_tagged)
from app.core.normalize.dates import parse_date
from app.core.normalize.names import parse_name
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, Record

log = logging.getLogger(__name__)

_TAG_RE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
_PREFIX = "nbib:"
# the extra keys the writer writes back: all but the reader's notes to itself
_KEPT_RE = re.compile(r"nbib:(?!(?:keyword-tags|doi-from|pages-from)\Z)(.*)", re.S)
_MAPPED = {"PMID", "TI", "AU", "FAU", "DP", "TA", "JT", "VI", "IP", "PG", "AB", "AID", "LID",
           "IS", "ISSN", "ISBN", "MH", "OT", "LA", "PT", "PMC", "PL", "PB", "ED", "FED", "BTI",
           "CN", "URL"}
_MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec"]


def parse_entries(text: str) -> list[TaggedEntry]:
    """Split MEDLINE text into entries of (tag, value) pairs."""
    entries: list[TaggedEntry] = []
    cur: TaggedEntry | None = None
    blank = False
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            blank = True
            continue
        m = _TAG_RE.match(line) if not line[:1].isspace() else None
        if m:
            tag, value = m.group(1), m.group(2).strip()
            if cur is None or (blank and cur.tags) or (tag == "PMID" and cur.tags):
                if cur is not None and cur.tags:
                    entries.append(cur)
                cur = TaggedEntry(lineno)
            cur.tags.append((tag, value))
            cur.raw_lines.append(raw)
        elif cur is not None and cur.tags:
            tag, prev = cur.tags[-1]
            cur.tags[-1] = (tag, f"{prev} {line.strip()}".strip())
            cur.raw_lines.append(raw)
        blank = False
    if cur is not None and cur.tags:
        entries.append(cur)
    return entries


def _dot_initials(given: str) -> str:
    return " ".join(f"{w}." if re.fullmatch(r"[A-Z]", w) else w for w in given.split())


def expand_pages(pages: str) -> str:
    """'6913-7' -> '6913-6917', '475-82' -> '475-482'; other values unchanged."""
    m = re.fullmatch(r"([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)", pages)
    if not m:
        return pages
    p1, a, p2, b = m.groups()
    if len(b) < len(a) and int(b) < int(a[-len(b):]) or len(b) < len(a) and \
            int(a[:-len(b)] + b) >= int(a):
        b = a[:-len(b)] + b
    return f"{p1}{a}-{p2 or p1}{b}" if p2 or p1 else f"{a}-{b}"


def _name(value: str, role: str, full: bool) -> Creator:
    if "," in value:
        family, _, given = value.partition(",")
        return Creator(family=family.strip(), given=_dot_initials(given.strip()), role=role)
    c = parse_name(value, role)
    if full or c.literal:
        return c
    return c


def _build(entry: TaggedEntry) -> Record:
    rec = Record()
    extra: dict[str, Any] = {}
    by, take = index_tags(entry.tags, extra, _PREFIX)

    pts = " | ".join(by.get("PT", []))
    for v in by.get("PT", []):
        add_extra(extra, _PREFIX + "PT", v)
    if "BTI" in by:
        rec.type = "chapter"
    elif re.search(r"journal article", pts, re.I) or "VI" in by or "IP" in by or "PMID" in by:
        rec.type = "article-journal"
    elif re.search(r"dissertation|thes[ie]s", pts, re.I):
        rec.type = "thesis"
    elif re.search(r"\bbooks?\b", pts, re.I) and "BTI" not in by:
        rec.type = "book"
    elif re.search(r"\breports?\b", pts, re.I):
        rec.type = "report"
    elif "BTI" in by:
        rec.type = "chapter"

    # authors: FAU when present (one per author), else AU
    fau = [(t, v) for t, v in entry.tags if t in ("FAU", "FED") and v]
    au = [(t, v) for t, v in entry.tags if t in ("AU", "ED") and v]
    if fau:
        for t, v in fau:
            rec.creators.append(_name(v, "editor" if t == "FED" else "author", True))
        for t, v in au:
            add_extra(extra, _PREFIX + t, v)
    else:
        for t, v in au:
            rec.creators.append(_name(v, "editor" if t == "ED" else "author", False))
    for v in by.get("CN", []):  # corporate author (CI is the copyright line)
        rec.creators.append(Creator(literal=v, role="author"))

    rec.title = take("TI") or take("BTI")
    if rec.type == "chapter" and by.get("BTI") and rec.title != by["BTI"][0]:
        rec.container_title = by["BTI"][0]
    journal = take("JT")
    abbrev = take("TA")
    if rec.type in ("report", "thesis", "book") and "PMID" not in by:
        rec.publisher = journal
    else:
        rec.container_title = rec.container_title or journal or abbrev
        rec.container_title_short = abbrev if journal else ""
    date = take("DP")
    rec.issued = parse_date(date) if date else None
    rec.volume = take("VI")
    rec.issue = take("IP")
    pg = take("PG")
    rec.pages = normalize_pages(expand_pages(pg.strip())) if pg else ""
    if not pg:  # an electronic article's location id stands for its pages
        for v in by.get("LID", []):
            if v.endswith("[pii]"):
                rec.pages = v[:-5].strip()
                extra[_PREFIX + "pages-from"] = "LID"
                break
    rec.abstract = take("AB")
    for tag in ("AID", "LID"):
        for v in by.get(tag, []):
            if tag == "LID" and v.endswith("[pii]") and extra.get(_PREFIX + "pages-from"):
                continue
            if v.endswith("[doi]") and not rec.doi:
                rec.doi = doi_of_field(v[:-5])
                extra.setdefault(_PREFIX + "doi-from", tag)
            else:
                add_extra(extra, _PREFIX + tag, v)
    issns: list[str] = []
    for tag in ("IS", "ISSN"):
        for v in by.get(tag, []):
            m = re.search(r"(\d{4}-\d{3}[\dXx])", v)
            if m and m.group(1) not in issns:
                issns.append(m.group(1))
            add_extra(extra, _PREFIX + tag, v)
    rec.issn = " ".join(issns)
    for v in by.get("ISBN", []):
        if _is_isbn(v) and not rec.isbn:
            rec.isbn = re.sub(r"^ISBN[\s:-]*", "", v, flags=re.I)  # "ISBN-978-…"
        else:
            add_extra(extra, _PREFIX + "ISBN", v)
    kws: list[str] = []
    for tag in ("MH", "OT"):
        for v in by.get(tag, []):
            if v not in kws:
                kws.append(v)
    rec.keywords = kws
    if kws:
        extra[_PREFIX + "keyword-tags"] = [t for t, v in entry.tags if t in ("MH", "OT")]
    rec.language = take("LA")
    rec.pmid = take("PMID")
    pmc = take("PMC")
    rec.pmcid = pmc
    rec.place = take("PL")
    rec.publisher = rec.publisher or take("PB")
    rec.url = take("URL")
    keep_unmapped(entry.tags, _MAPPED, extra, _PREFIX)
    rec.extra = extra
    return rec


class NbibFormat(Format):
    """MEDLINE / PubMed tagged format (``.nbib``)."""

    id = "nbib"
    name = "MEDLINE / PubMed (nbib)"
    extensions = (".nbib", ".medline")
    mime_types = ("application/nbib",)

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        if re.search(r"^PMID- ", s[:8000], re.M):
            return 0.96
        if re.search(r"^OWN - ", s[:8000], re.M) and re.search(r"^(?:TI|AU)  - ", s, re.M):
            return 0.9
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_entries, _build, "nbib",
                           "no MEDLINE record found", empty_but_for_pmid)

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "\n".join(record_to_nbib(r) for r in records)


def _line(tag: str, value: str) -> str:
    return f"{tag:<4}- {value}"


def record_to_nbib(rec: Record) -> str:
    """One record as MEDLINE text followed by a blank line."""
    out: list[str] = []
    extra = rec.extra

    def put(tag: str, value: str | None) -> None:
        if value:
            out.append(_line(tag, str(value).replace("\r", " ").replace("\n", " ").strip()))

    put("PMID", rec.pmid)
    put("TI", rec.title)
    put("AB", rec.abstract)
    for c in rec.creators:
        tag = "FED" if c.role == "editor" else "FAU"
        if c.literal:
            put("CN" if c.role == "author" else tag, c.literal)
        else:
            put(tag, f"{c.family}, {c.given}" if c.given else c.family)
    put("LA", rec.language)
    if rec.issued and not rec.issued.empty:
        d = rec.issued
        if d.year is None:
            put("DP", d.literal)
        else:
            parts = [str(d.year)]
            if d.month:
                parts.append(_MONTHS[d.month])
                if d.day:
                    parts.append(str(d.day))
            put("DP", " ".join(parts))
    if rec.type in ("report", "thesis", "book") and not rec.pmid and not rec.container_title:
        put("JT", rec.publisher)
    else:
        put("JT", rec.container_title)
        put("TA", rec.container_title_short)
        put("PB", rec.publisher)
    put("VI", rec.volume)
    put("IP", rec.issue)
    if extra.get(_PREFIX + "pages-from") == "LID":
        put("LID", f"{rec.pages} [pii]")
    else:
        put("PG", rec.pages)
    if rec.doi:
        put(str(extra.get(_PREFIX + "doi-from") or "AID"), f"{rec.doi} [doi]")
    if not any(k in extra for k in (_PREFIX + "IS", _PREFIX + "ISSN")):
        for issn in rec.issn.split():
            put("IS", issn)
    put("ISBN", rec.isbn)
    put("PMC", rec.pmcid)
    put("PL", rec.place)
    put("URL", rec.url)
    kw_tags = extra.get(_PREFIX + "keyword-tags") or []
    for i, kw in enumerate(rec.keywords):
        put(kw_tags[i] if i < len(kw_tags) and kw_tags[i] in ("MH", "OT") else "OT", kw)
    if not extra.get(_PREFIX + "PT"):
        put("PT", {"article-journal": "Journal Article", "thesis": "Dissertation",
                   "report": "Report", "book": "Book"}.get(rec.type, ""))
    for tag, v in kept_values(extra, _KEPT_RE):
        put(tag, v)
    return "\n".join(out) + "\n"


register(NbibFormat())
