"""EndNote / Refer tagged format (``%0 Journal Article``, ``%A``, ``%T`` …) in and out.

Reading
-------
* A line ``%<c> value`` is a tag; any other line continues the previous
  value (a newline for abstracts and notes, a space otherwise).
* Records are separated by blank lines, but a blank line followed by text
  that is not a tag continues the value (CNKI thesis abstracts have blank
  lines inside). A ``%0`` line after other tags also starts a record.
* Several names may share one ``%A`` line separated by ';' (CNKI).
* CNKI exports (``%W CNKI``): ``%~`` (database) tells standards (国家标准,
  行业标准) and yearbook entries (年鉴) apart from "Legal Rule or Regulation";
  ``%V`` is a standard's number or a yearbook's ISBN; numeric pages lose
  leading zeros ("004" -> "4"); a record without ``%U`` gets its DOI's URL.
* Unknown tags go to ``extra["enw:%<c>"]`` and are written back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from app.core.formats import Format, ReadResult, register
from app.core.formats.ris import (_is_isbn, _is_issn, creator_to_ris, ris_name, role_note,
                                  take_role_notes)
from app.core.formats.tagged import (CALL_NUMBER, CHUNK_RECORDS, TaggedEntry, add_extra,
                                     doi_of_field, index_tags, keep_unmapped, kept_values,
                                     read_tagged, read_tagged_chunks, take_doi, year_and_date)
from app.core.normalize.dates import parse_date
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, PartialDate, Record, extract_doi, has_cjk

log = logging.getLogger(__name__)

TYPE_IN: dict[str, str] = {
    "journal article": "article-journal", "electronic article": "article-journal",
    "journal": "article-journal", "serial": "article-journal",
    "book": "book", "edited book": "book", "electronic book": "book", "catalog": "book",
    "book section": "chapter", "electronic book section": "chapter",
    "conference proceedings": "paper-conference", "conference paper": "paper-conference",
    "thesis": "thesis", "report": "report", "government document": "report",
    "newspaper article": "article-newspaper", "press release": "article-newspaper",
    "magazine article": "article-magazine", "web page": "webpage",
    "online multimedia": "webpage", "blog": "post-weblog", "patent": "patent",
    "standard": "standard", "legal rule or regulation": "legislation",
    "statute": "legislation", "case": "legal_case", "bill": "bill", "hearing": "bill",
    "generic": "document", "manuscript": "manuscript", "unpublished work": "manuscript",
    "map": "map", "film or broadcast": "motion_picture", "audiovisual material": "motion_picture",
    "audio": "song", "music": "song", "computer program": "software", "dataset": "dataset",
    "online database": "dataset", "aggregated database": "dataset",
    "dictionary": "entry-dictionary", "encyclopedia": "entry-encyclopedia",
    "personal communication": "personal_communication", "interview": "interview",
    "artwork": "graphic", "chart or table": "graphic", "figure": "graphic",
    "pamphlet": "pamphlet", "classical work": "classic", "ancient text": "classic",
    "grant": "document", "equation": "document",
}
TYPE_OUT: dict[str, str] = {
    "article-journal": "Journal Article", "article-magazine": "Magazine Article",
    "article-newspaper": "Newspaper Article", "article": "Generic", "book": "Book",
    "chapter": "Book Section", "paper-conference": "Conference Proceedings",
    "thesis": "Thesis", "report": "Report", "webpage": "Web Page", "post-weblog": "Blog",
    "dataset": "Dataset", "patent": "Patent", "standard": "Standard",
    "manuscript": "Manuscript", "map": "Map", "motion_picture": "Film or Broadcast",
    "broadcast": "Film or Broadcast", "song": "Music", "speech": "Generic",
    "interview": "Interview", "personal_communication": "Personal Communication",
    "legal_case": "Case", "legislation": "Statute", "bill": "Bill",
    "entry-dictionary": "Dictionary", "entry-encyclopedia": "Encyclopedia",
    "review": "Journal Article", "review-book": "Journal Article",
    "software": "Computer Program", "graphic": "Artwork", "pamphlet": "Pamphlet",
    "classic": "Classical Work", "document": "Generic",
}

_TAG_RE = re.compile(r"^%(\S)(?:[ \t](.*))?$")
_NEWLINE_TAGS = {"X", "Z", "<"}
# tags read into fields; the rest are kept in extra
_MAPPED = set("0ABCDEIJKNPRSTUVXYZ@789!QF?[L") | {"G"}
_KEPT_RE = re.compile(r"enw:%(\S)")  # the extra keys the writer writes back


def parse_entries(text: str) -> list[TaggedEntry]:
    """Split Refer text into entries of (tag, value) pairs."""
    entries: list[TaggedEntry] = []
    cur: TaggedEntry | None = None
    pending_blank = 0
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            if cur is not None:
                pending_blank += 1
            continue
        m = _TAG_RE.match(line)
        if m:
            tag, value = m.group(1), (m.group(2) or "").strip()
            new_record = cur is None or pending_blank > 0 or (
                tag == "0" and any(t != "0" for t, _ in cur.tags))
            if new_record:
                if cur is not None and cur.tags:
                    entries.append(cur)
                cur = TaggedEntry(lineno)
            assert cur is not None
            cur.tags.append((tag, value))
            cur.raw_lines.append(raw)
            pending_blank = 0
            continue
        if cur is None or not cur.tags:
            continue
        tag, prev = cur.tags[-1]
        sep = "\n" if tag in _NEWLINE_TAGS or pending_blank else " "
        cur.tags[-1] = (tag, f"{prev}{sep}{line.strip()}" if prev else line.strip())
        cur.raw_lines.append(raw)
        pending_blank = 0
    if cur is not None and cur.tags:
        entries.append(cur)
    return entries


def _names(value: str, role: str) -> list[Creator]:
    parts = [p for p in re.split(r"\s*[;；]\s*", value) if p.strip()]
    out = []
    for p in parts:
        c = ris_name(p, role)
        if c.family or c.literal:
            out.append(c)
    return out


def _build(entry: TaggedEntry) -> Record:
    rec = Record()
    extra: dict[str, Any] = {}
    by, take = index_tags(entry.tags, extra, "enw:%")

    cnki = any("cnki" in v.lower() for v in by.get("W", []))
    database = " ".join(by.get("~", []))
    # type: the last %0 that we know, else the first
    types = by.get("0", [])
    known = [t for t in types if t.strip().lower() in TYPE_IN]
    ty = known[-1] if known else (types[0] if types else "")
    for t in types:
        if t != ty:
            add_extra(extra, "enw:%0", t)
    if ty:
        rec.type = TYPE_IN.get(ty.strip().lower(), "document")
        if TYPE_OUT.get(rec.type) != ty:
            extra["enw:type"] = ty
    else:  # no %0: infer as refer(1) does
        rec.type = ("article-journal" if "J" in by else "chapter" if "B" in by
                    else "book" if "I" in by else "report" if "R" in by and not
                    extract_doi(by["R"][0]) else "document")
    if cnki and ty.lower() == "legal rule or regulation":
        if "标准" in database:
            rec.type = "standard"
        elif "年鉴" in database:
            rec.type = "chapter"

    # creators in file order
    for tag, value in entry.tags:
        if not value:
            continue
        if tag == "A":
            rec.creators += _names(value, "author")
        elif tag == "E":
            rec.creators += _names(value, "editor")
        elif tag == "Y":
            rec.creators += _names(value, "contributor" if rec.type == "thesis"
                                   else "translator")
        elif tag == "?":  # Subsidiary Author: EndNote's translator
            rec.creators += _names(value, "translator")
    rec.title = take("T")
    journal, book = take("J"), take("B")
    if rec.type == "thesis":
        rec.publisher = take("I") or journal
        if journal and journal != rec.publisher:
            add_extra(extra, "enw:%J", journal)
        rec.container_title = book
    elif rec.type in ("chapter", "paper-conference"):
        rec.container_title = book or journal
        if book and journal:
            add_extra(extra, "enw:%J", journal)
    else:
        rec.container_title = journal or book
        if journal and book:
            add_extra(extra, "enw:%B", book)
    rec.collection_title = take("S")
    rec.title_short = take("!")
    rec.title_translated = take("Q")

    year = take("D")
    full = take("8")
    d_year = parse_date(year) if year else None
    d_full = parse_date(full) if full else None
    if d_full is not None and d_full.year is not None and (
            d_year is None or d_year.year in (None, d_full.year)):
        rec.issued = PartialDate(d_full.year, d_full.month, d_full.day)
        if year and d_year is not None and d_year.date_parts() != d_full.date_parts()[:1] \
                and d_year.date_parts() != d_full.date_parts():
            add_extra(extra, "enw:%D", year)
    else:
        rec.issued = d_year
        if full:
            add_extra(extra, "enw:%8", full)

    volume = take("V")
    if cnki and rec.type == "standard":
        rec.number = volume
    elif cnki and rec.type == "chapter" and _is_isbn(volume):
        rec.isbn = volume.replace("-", "")
    else:
        rec.volume = volume
    issue = take("N")
    # %N is a report's/patent's/standard's number, and a book's series number
    # (EndNote's "Series Volume")
    if rec.type in ("report", "patent", "standard", "book", "chapter") and issue \
            and not rec.number:
        rec.number = issue
    else:
        rec.issue = issue
    pages = by.get("P", [])
    if pages:
        ranged = [p for p in pages if re.search(r"\d\s*[-–—~]\s*\d", p)]
        chosen = ranged[0] if ranged else pages[0]
        rec.pages = normalize_pages(chosen)
        if cnki and rec.pages.isdigit():
            rec.pages = str(int(rec.pages))
        for p in pages:
            if p != chosen:
                add_extra(extra, "enw:%P", p)
    rec.publisher = rec.publisher or take("I")
    rec.place = take("C")
    for v in by.get("@", []):
        if rec.type == "patent" and not rec.number:
            rec.number = v
        elif _is_isbn(v) and not rec.isbn:
            rec.isbn = v
        elif _is_issn(v) and not rec.issn:
            rec.issn = v
        elif not (_is_isbn(v) or _is_issn(v)) and not (rec.isbn or rec.issn):
            if rec.type in ("book", "chapter", "thesis", "report", "paper-conference"):
                rec.isbn = v
            else:
                rec.issn = v
        else:
            add_extra(extra, "enw:%@", v)
    rec.doi = take_doi(by.get("R", []), extra, "enw:%R")
    rec.url = take("U")
    if not rec.url and cnki and rec.doi:
        rec.url = f"https://doi.org/{rec.doi}"
        extra["enw:url-from-doi"] = True
    rec.abstract = take("X")
    kws: list[str] = []
    for v in by.get("K", []):
        for line in v.split("\n"):
            for kw in re.split(r"\s*[;；]\s*", line):
                if kw.strip() and kw.strip() not in kws:
                    kws.append(kw.strip())
    rec.keywords = kws
    rec.notes = take_role_notes(list(by.get("Z", [])), rec.creators)
    accessed = take("[")
    if accessed:
        rec.accessed = parse_date(accessed)
        if rec.accessed is None or rec.accessed.year is None:
            rec.accessed = None
            add_extra(extra, "enw:%[", accessed)
    call_number = take("L")
    if call_number:
        extra[CALL_NUMBER] = call_number
    rec.language = take("G")
    rec.edition = take("7")
    rec.genre = take("9")
    rec.citation_key = take("F")
    keep_unmapped(entry.tags, _MAPPED, extra, "enw:%")
    rec.extra = extra
    return rec


class ReferFormat(Format):
    """EndNote tagged / Refer (``%0 Journal Article``)."""

    id = "enw"
    name = "EndNote / Refer"
    extensions = (".enw", ".refer")
    mime_types = ("application/x-endnote-refer",)

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        if re.search(r"^\s*@\w+\s*[{(]", s, re.M):
            return 0.0
        tags = set(re.findall(r"^%([0A-Z@])[ \t]\S", s[:8000], re.M))
        if "0" in tags and len(tags) >= 2:
            return 0.95
        if len(tags & set("ATDJBIV")) >= 3:
            return 0.6
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_entries, _build, "Refer",
                           "no EndNote/Refer record found (no '%0' or '%T' lines)")

    def read_chunks(self, text: str, source: str = "",
                    chunk_records: int = CHUNK_RECORDS) -> Iterator[ReadResult]:
        return read_tagged_chunks(text, source, parse_entries, _build, "Refer",
                                  "no EndNote/Refer record found (no '%0' or '%T' lines)",
                                  chunk_records=chunk_records)

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "\n".join(record_to_refer(r) for r in records)


# role -> EndNote tag: %E Secondary Author (editor), %Y Tertiary Author (read as the
# translator, and as a thesis's advisor), %? Subsidiary Author (the translator)
_ENW_ROLE_TAGS = {"author": "A", "editor": "E", "translator": "Y"}
_ENW_THESIS_ROLE_TAGS = {"author": "A", "editor": "E", "contributor": "Y", "translator": "?"}


def record_to_refer(rec: Record) -> str:
    """One record as EndNote tagged text, ending with a blank line."""
    out: list[str] = []
    extra = rec.extra

    def put(tag: str, value: str | None) -> None:
        if value:
            # a blank line inside a value would end the record, and a continuation
            # line starting with '%' would read as a tag
            lines = [ln.strip() for ln in str(value).split("\n") if ln.strip()]
            if lines:
                cont = [f" {ln}" if ln.startswith("%") else ln for ln in lines[1:]]
                out.append("\n".join([f"%{tag} {lines[0]}"] + cont))

    ty = extra.get("enw:type") if isinstance(extra.get("enw:type"), str) else None
    if not ty or TYPE_IN.get(ty.lower()) != rec.type:
        ty = TYPE_OUT.get(rec.type, "Generic")
    put("0", ty)
    # the roles EndNote has a tag for; any other goes to a note (never an author)
    tags = _ENW_THESIS_ROLE_TAGS if rec.type == "thesis" else _ENW_ROLE_TAGS
    role_notes = []
    for c in rec.creators:
        tag = tags.get(c.role)
        if tag is None:
            role_notes.append(role_note(c))
        else:
            put(tag, creator_to_ris(c))
    put("T", rec.title)
    if rec.type == "thesis":
        put("I", rec.publisher)
        put("B", rec.container_title)
    elif rec.type in ("chapter", "paper-conference"):
        put("B", rec.container_title)
    else:
        put("J", rec.container_title)
    put("S", rec.collection_title)
    put("!", rec.title_short)
    put("Q", rec.title_translated)
    year, date = year_and_date(rec.issued)
    put("D", year)
    put("8", date)
    put("V", rec.volume)
    put("N", rec.issue)
    put("P", rec.pages)
    if rec.type != "thesis":
        put("I", rec.publisher)
    put("C", rec.place)
    if rec.type == "patent":
        put("@", rec.number)
    elif not rec.issue:
        put("N", rec.number)  # read back as the number of reports, standards and books
    put("@", rec.isbn)
    put("@", rec.issn)
    put("R", rec.doi)
    if not extra.get("enw:url-from-doi"):
        put("U", rec.url)
    put("X", rec.abstract)
    if rec.keywords:
        for kw in rec.keywords:
            put("K", kw)
    for n in rec.notes + role_notes:
        put("Z", n)
    if rec.accessed and not rec.accessed.empty:
        put("[", rec.accessed.iso() or rec.accessed.literal)
    call_number = extra.get(CALL_NUMBER)
    put("L", call_number if isinstance(call_number, str) else None)
    put("G", rec.language)
    put("7", rec.edition)
    put("9", rec.genre)
    put("F", rec.citation_key)
    for tag, v in kept_values(extra, _KEPT_RE):
        put(tag, v)
    return "\n".join(out) + "\n"


register(ReferFormat())


# ----------------------------------------------------------------------------
# RefWorks tagged format, CNKI's other tagged export (``RT Journal Article``).
# Kept here with EndNote/Refer: both are CNKI's tagged exports and share the
# type names and name handling.

_RW_TAGS = ("URL", "RT", "SR", "A1", "A2", "A3", "A4", "A5", "A6", "T1", "T2", "T3", "JF",
            "JO", "YR", "FD", "VO", "IS", "SP", "OP", "K1", "AB", "NO", "PB", "PP", "ED",
            "SN", "AD", "AN", "LA", "CL", "SF", "OT", "LK", "DO", "CN", "DS", "DB", "UL",
            "ID", "U1", "U2", "U3", "U4", "U5", "C1", "RD", "WT", "WP", "ST", "OL", "IP")
_RW_LINE_RE = re.compile(r"^(" + "|".join(_RW_TAGS) + r")(?:[ \t]+|(?=[^\x00-\x7f]))(.*)$",
                         re.IGNORECASE)
_RW_TYPE_IN = {
    "journal article": "article-journal", "dissertation/thesis": "thesis",
    "dissertation": "thesis", "thesis": "thesis", "conference proceeding": "paper-conference",
    "conference proceedings": "paper-conference", "newspaper article": "article-newspaper",
    "magazine article": "article-magazine", "book, whole": "book", "book": "book",
    "book, section": "chapter", "book section": "chapter", "patent": "patent",
    "standard": "standard", "report": "report", "web page": "webpage",
    "generic": "document", "other article": "article", "unpublished material": "manuscript",
}
_RW_TYPE_OUT = {"article-journal": "Journal Article", "thesis": "Dissertation/Thesis",
                "paper-conference": "Conference Proceeding",
                "article-newspaper": "Newspaper Article", "article-magazine": "Magazine Article",
                "book": "Book, Whole", "chapter": "Book, Section", "patent": "Patent",
                "standard": "Standard", "report": "Report", "webpage": "Web Page",
                "manuscript": "Unpublished Material", "article": "Other Article"}
_RW_MAPPED = {"RT", "A1", "A2", "A3", "T1", "T2", "JF", "JO", "YR", "FD", "VO", "IS", "SP", "OP",
              "K1", "AB", "NO", "PB", "PP", "ED", "SN", "LA", "CL", "LK", "URL", "UL", "DO",
              "ID", "C1"}
_CJK_COMMA_RE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\s*[,，]\s*"
                           r"(?=[\u3400-\u9fff\uf900-\ufaff])")
_RW_KEPT_RE = re.compile(r"refworks:([A-Z][A-Z0-9]{1,2})")


def parse_refworks(text: str) -> list[TaggedEntry]:
    """Split RefWorks text into entries; a record starts at each ``RT`` line."""
    entries: list[TaggedEntry] = []
    cur: TaggedEntry | None = None
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        m = _RW_LINE_RE.match(line)
        if m:
            tag, value = m.group(1).upper(), m.group(2).strip()
            if tag == "RT" or cur is None:
                if cur is not None and cur.tags:
                    entries.append(cur)
                cur = TaggedEntry(lineno)
            cur.tags.append((tag, value))
            cur.raw_lines.append(raw)
        elif cur is not None and cur.tags:
            tag, prev = cur.tags[-1]
            s = line.strip()
            joiner = "" if (has_cjk(prev[-1:]) or has_cjk(s[:1]) or s[:1] in ",，。;；") \
                else " "
            cur.tags[-1] = (tag, f"{prev}{joiner}{s}")
            cur.raw_lines.append(raw)
    if cur is not None and cur.tags:
        entries.append(cur)
    return entries


def _strip_zeros(value: str) -> str:
    return str(int(value)) if value.isdigit() else value


def _build_refworks(entry: TaggedEntry) -> Record:
    rec = Record()
    extra: dict[str, Any] = {}
    by, take = index_tags(entry.tags, extra, "refworks:")

    ty = take("RT")
    db = " ".join(by.get("DB", []))
    rec.type = _RW_TYPE_IN.get(ty.lower(), TYPE_IN.get(ty.lower(), "document"))
    if rec.type == "standard" and "年鉴" in db:
        rec.type = "chapter"
    elif rec.type == "article" and "成果" in db:
        rec.type = "report"
    if _RW_TYPE_OUT.get(rec.type) != ty:
        extra["refworks:type"] = ty
    for tag, value in entry.tags:
        if tag == "A1" and value:
            # CNKI also separates Chinese names with commas ('Smith, J.' keeps its own)
            rec.creators += _names(_CJK_COMMA_RE.sub(";", value) if has_cjk(value) else value,
                                   "author")
        elif tag == "A2" and value and rec.type != "patent":
            # secondary authors: the editors of the book (a CNKI patent's A2 is its
            # applicant, kept in extra)
            rec.creators += _names(value, "editor")
        elif tag == "A3" and value:
            rec.creators += _names(value, "contributor" if rec.type == "thesis"
                                   else "collection-editor")
    rec.title = take("T1")
    rec.container_title = take("JF") or take("T2")
    rec.container_title_short = take("JO")
    year, full = take("YR"), take("FD")
    d_full = parse_date(full) if full else None
    if full and year.isdigit() and (d_full is None or d_full.year is None):
        # FD ("free-form publication data") often holds only the month and day
        md = re.fullmatch(r"(\d{1,2})/(\d{1,2})", full.strip())
        d_full = (PartialDate(int(year), int(md.group(1)), int(md.group(2))) if md
                  else parse_date(f"{full} {year}"))
        if d_full is not None and (d_full.year != int(year) or not d_full.month):
            d_full = None
    if d_full is not None and d_full.year is not None:
        rec.issued = PartialDate(d_full.year, d_full.month, d_full.day)
        if year and year != str(d_full.year):
            add_extra(extra, "refworks:YR", year)
    else:
        rec.issued = parse_date(year) if year else None
        if full:
            add_extra(extra, "refworks:FD", full)
    rec.volume = take("VO")
    rec.issue = _strip_zeros(take("IS"))
    sp, op = take("SP"), take("OP")
    # SP is the start page and OP the other pages: the end page, or (CNKI) the range
    pages = f"{sp}-{op}" if sp and op and not re.search(r"[-,+]", sp + op) else (op or sp)
    pages = normalize_pages(pages.replace("+", ","))
    rec.pages = _strip_zeros(pages)
    kws: list[str] = []
    for v in by.get("K1", []):
        for kw in re.split(r"\s*[;；]+\s*", v):
            if kw.strip() and kw.strip() not in kws:
                kws.append(kw.strip())
    rec.keywords = kws
    rec.abstract = take("AB")
    rec.notes = take_role_notes(list(by.get("NO", [])), rec.creators)
    rec.publisher = take("PB")
    rec.place = take("PP")
    rec.edition = take("ED")
    for v in by.get("SN", []):
        if _is_isbn(v) and not rec.isbn:
            rec.isbn = v
        elif not rec.issn:
            rec.issn = v
        else:
            add_extra(extra, "refworks:SN", v)
    rec.language = take("LA").rstrip(";；")
    rec.genre = take("CL")
    number = take("ID") if rec.type in ("standard", "patent") else ""
    c1 = take("C1") if rec.type == "standard" else ""
    rec.number = number or c1
    if c1 and c1 != rec.number:
        add_extra(extra, "refworks:C1", c1)
    if rec.type not in ("standard", "patent"):
        rec.citation_key = take("ID")
    doi = take("DO")
    rec.doi = doi_of_field(doi)
    if doi and not rec.doi:
        add_extra(extra, "refworks:DO", doi)
    for tag in ("LK", "URL", "UL"):
        for v in by.get(tag, []):
            v = v.replace("&amp;", "&")
            if not rec.url:
                rec.url = v
                extra["refworks:url-tag"] = tag
            else:
                add_extra(extra, f"refworks:{tag}", v)
    for tag, value in entry.tags:
        if tag == "SR" and value == "1":
            continue  # the default source type (print), which the writer writes back
        if (tag not in _RW_MAPPED or (tag == "A2" and rec.type == "patent")) and value:
            add_extra(extra, f"refworks:{tag}", value)
    rec.extra = extra
    return rec


class RefWorksFormat(Format):
    """RefWorks tagged text (``RT Journal Article``), as CNKI exports it."""

    id = "refworks"
    name = "RefWorks tagged"
    extensions = ()
    mime_types = ()

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        # an RT line anywhere in the head: RefWorks' own export starts with a
        # "Refworks Export Tagged Format" legend ("RT=Reference Type" …)
        if re.search(r"^RT[ \t]+\S", s, re.M) and re.search(r"^(?:A1|T1|JF|YR|SR)[ \t]?\S",
                                                             s, re.M):
            return 0.9
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_refworks, _build_refworks, "RefWorks",
                           "no RefWorks record found (no 'RT' lines)")

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "\n".join(record_to_refworks(r) for r in records)


def record_to_refworks(rec: Record) -> str:
    """One record as RefWorks tagged text followed by a blank line."""
    out: list[str] = []
    extra = rec.extra

    def put(tag: str, value: str | None) -> None:
        if value:
            out.append(f"{tag} " + " ".join(str(value).split("\n")))

    ty = extra.get("refworks:type")
    if not isinstance(ty, str) or _RW_TYPE_IN.get(ty.lower()) != rec.type:
        ty = _RW_TYPE_OUT.get(rec.type, "Generic")
    put("RT", ty)
    if "refworks:SR" not in extra:
        put("SR", "1")  # source type: 1 = print
    # A1 authors, A2 editors (not of a patent: its applicant), A3 series editors (a
    # thesis's advisors); any other role goes to a note, never an author
    a3 = "contributor" if rec.type == "thesis" else "collection-editor"
    by_tag: dict[str, list[str]] = {"A1": [], "A2": [], "A3": []}
    role_notes = []
    for c in rec.creators:
        tag = "A1" if c.role == "author" else "A3" if c.role == a3 else \
            "A2" if c.role == "editor" and rec.type != "patent" else ""
        if tag:
            by_tag[tag].append(creator_to_ris(c))
        else:
            role_notes.append(role_note(c))
    for tag, names in by_tag.items():
        put(tag, ";".join(names))
    put("T1", rec.title)
    put("JF", rec.container_title)
    put("JO", rec.container_title_short)
    if rec.issued and not rec.issued.empty:
        put("YR", str(rec.issued.year) if rec.issued.year else rec.issued.literal)
        if rec.issued.month:
            put("FD", rec.issued.iso())
    put("VO", rec.volume)
    put("IS", rec.issue)
    put("OP", rec.pages)
    put("K1", ";".join(rec.keywords))
    put("AB", rec.abstract)
    for n in rec.notes + role_notes:
        put("NO", n)
    put("PB", rec.publisher)
    put("PP", rec.place)
    put("ED", rec.edition)
    put("SN", rec.isbn)
    put("SN", rec.issn)
    put("LA", rec.language)
    put("CL", rec.genre)
    put("ID", rec.number or rec.citation_key)
    put("DO", rec.doi)
    put(str(extra.get("refworks:url-tag") or "LK"), rec.url)
    for tag, v in kept_values(extra, _RW_KEPT_RE):
        put(tag, v)
    return "\n".join(out) + "\n"


register(RefWorksFormat())
