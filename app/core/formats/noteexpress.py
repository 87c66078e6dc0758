"""NoteExpress tagged format, as CNKI exports it (``{Reference Type}: Journal Article``).

Reading
-------
* ``{Field}: value`` lines (the space after the colon is optional); other
  lines continue the previous value. Records are separated by blank lines;
  a ``{Reference Type}`` line after other fields also starts one.
* Names are separated by ';', ';;', '；' and, between CJK names, ','.
  CJK names are kept whole. Western names read "Family, Given" or "Given Family".
* ``(#br)`` in values is a line break; a leading "Abstract(#br)"/"摘要(#br)"
  label is dropped from the abstract.
* ``{Translated Title}`` -> ``title_translated``; ``{Translated Author}`` ->
  ``extra["noteexpress:Translated Author"]`` (a list of names as written).
* Every other unknown field -> ``extra["noteexpress:<Field>"]`` (list), written back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from app.core.formats import Format, ReadResult, register
from app.core.formats.refer import TYPE_IN, TYPE_OUT, _strip_zeros
from app.core.formats.ris import (_is_isbn, _is_issn, creator_to_ris, ris_name, role_note,
                                  take_role_notes)
from app.core.formats.tagged import (CHUNK_RECORDS, TaggedEntry, add_extra, index_tags,
                                     keep_unmapped, kept_values, read_tagged, read_tagged_chunks,
                                     take_doi, year_and_date)
from app.core.normalize.dates import parse_date
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, PartialDate, Record, has_cjk

log = logging.getLogger(__name__)

_FIELD_RE = re.compile(r"^\{([^{}\n]{1,60})\}\s*[:：]\s?(.*)$")
_PREFIX = "noteexpress:"
# the extra keys the writer writes back: all but the reader's notes to itself
_KEPT_RE = re.compile(r"noteexpress:(?!(?:type|number-from)\Z)(.*)", re.S)
_MAPPED = {
    "Reference Type", "Title", "Translated Title", "Author", "Journal", "Secondary Title",
    "Tertiary Title", "Year", "Date", "Volume", "Issue", "Pages", "Keywords", "Abstract",
    "ISBN/ISSN", "ISBN", "ISSN", "Notes", "Publisher", "Place Published", "URL", "DOI",
    "Language", "Type of Work", "Tertiary Author", "Secondary Author", "Edition",
    "Short Title", "Translated Author", "Number",
}


_ID_CHARS_RE = re.compile(r"(?:ISSN|ISBN)?[\s:]*[\dXx][\dXx\s-]*")


_KW_SEP_RE = re.compile(r"\s*[;；]+\s*|\n")
_KW_COMMA_SEP_RE = re.compile(r"\s*[;；,，]+\s*|\n")


def _comma_separated(value: str) -> bool:
    """True if a keyword value with no ';' lists its keywords with commas: a full-width
    comma, a comma in CJK text, or commas without a space ('a,b'); 'Cells, Cultured'
    is one keyword."""
    if ";" in value or "；" in value:
        return False
    return "，" in value or ("," in value and (has_cjk(value) or
                                               re.search(r",(?!\s)", value) is not None))


def _join(prev: str, nxt: str, field: str) -> str:
    if not prev:
        return nxt
    if field == "Abstract":
        return f"{prev}\n{nxt}"
    if has_cjk(prev[-1:]) or has_cjk(nxt[:1]) or nxt[:1] in ",，;；" or prev[-1:] in ",，":
        return prev + nxt
    return f"{prev} {nxt}"


def parse_entries(text: str) -> list[TaggedEntry]:
    """Split NoteExpress text into entries of (field, value) pairs."""
    entries: list[TaggedEntry] = []
    cur: TaggedEntry | None = None
    blank = False
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            blank = True
            continue
        m = _FIELD_RE.match(line)
        if m:
            name = m.group(1).strip().rstrip(",，").strip()
            value = m.group(2).strip()
            if cur is None or blank or (name == "Reference Type" and cur.tags):
                if cur is not None and cur.tags:
                    entries.append(cur)
                cur = TaggedEntry(lineno)
            cur.tags.append((name, value))
            cur.raw_lines.append(raw)
        elif cur is not None and cur.tags:
            # also after a blank line: text that is not a field is still the last value
            name, prev = cur.tags[-1]
            cur.tags[-1] = (name, _join(prev, line, name))
            cur.raw_lines.append(raw)
        blank = False
    if cur is not None and cur.tags:
        entries.append(cur)
    return entries


def split_ne_names(value: str, role: str) -> list[Creator]:
    """Names of one NoteExpress name field (see the module docstring)."""
    out: list[Creator] = []
    for part in re.split(r"\s*[;；]+\s*", value):
        part = part.strip()
        if not part:
            continue
        pieces = [part]
        if has_cjk(part) and re.search(r"[,，、]", part):
            pieces = [p.strip() for p in re.split(r"[,，、]", part) if p.strip()]
        for p in pieces:
            c = ris_name(p, role)
            if c.family or c.literal:
                out.append(c)
    return out


def _br(value: str) -> str:
    return re.sub(r"\s*\(#br\)\s*", "\n", value).strip()


def _build(entry: TaggedEntry) -> Record:
    rec = Record()
    extra: dict[str, Any] = {}
    by, take = index_tags(entry.tags, extra, _PREFIX)

    ty = take("Reference Type")
    src_db = " ".join(by.get("SrcDatabase", []))
    rec.type = TYPE_IN.get(ty.lower(), "document") if ty else "document"
    if ty and TYPE_OUT.get(rec.type) != ty:
        extra[_PREFIX + "type"] = ty
    if "标准" in src_db and rec.type in ("document", "legislation", "report"):
        rec.type = "standard"

    for name, value in entry.tags:
        if not value:
            continue
        if name == "Author":
            rec.creators += split_ne_names(value, "author")
        elif name == "Secondary Author":
            rec.creators += split_ne_names(value, "editor")
        elif name == "Tertiary Author":
            rec.creators += split_ne_names(value, "contributor" if rec.type == "thesis"
                                           else "translator")
    for v in by.get("Translated Author", []):
        add_extra(extra, _PREFIX + "Translated Author", v)

    rec.title = take("Title")
    rec.title_translated = take("Translated Title")
    rec.title_short = take("Short Title")
    journal, secondary, tertiary = take("Journal"), take("Secondary Title"), take("Tertiary Title")
    if rec.type == "paper-conference":
        rec.container_title = tertiary or secondary or journal
        for n, v in (("Secondary Title", secondary), ("Journal", journal)):
            if v and v != rec.container_title:
                add_extra(extra, _PREFIX + n, v)
    else:
        rec.container_title = journal or secondary
        if journal and secondary:
            add_extra(extra, _PREFIX + "Secondary Title", secondary)
        rec.collection_title = tertiary

    year, date = take("Year"), take("Date")
    dy = parse_date(year) if year else None
    dd = parse_date(date) if date else None
    if dd is not None and dd.year is not None and (dy is None or dy.year in (None, dd.year)):
        rec.issued = PartialDate(dd.year, dd.month, dd.day)
        if year and (dy is None or dy.year is None):
            add_extra(extra, _PREFIX + "Year", year)
    else:
        rec.issued = dy
        if date:
            add_extra(extra, _PREFIX + "Date", date)

    rec.volume = take("Volume")
    rec.issue = _strip_zeros(take("Issue"))  # CNKI's '09', as RefWorks reads it
    rec.pages = normalize_pages(take("Pages"))
    rec.publisher = take("Publisher")
    rec.place = take("Place Published")
    rec.edition = take("Edition")
    rec.language = take("Language")
    for name in ("ISBN/ISSN", "ISSN", "ISBN"):
        for v in by.get(name, []):
            # a standard's number ('GB/T 7714-2015' holds an ISSN-like '7714-2015')
            if rec.type == "standard" and not rec.number and not (
                    _ID_CHARS_RE.fullmatch(v) and (_is_isbn(v) or _is_issn(v))):
                rec.number = v
                extra[_PREFIX + "number-from"] = name
            elif (name == "ISBN" or _is_isbn(v)) and not _is_issn(v) and not rec.isbn:
                rec.isbn = v
            elif (name == "ISSN" or _is_issn(v)) and not rec.issn:
                rec.issn = v
            elif name == "ISBN/ISSN" and not (rec.isbn or rec.issn):
                if rec.type in ("book", "chapter", "thesis", "report"):
                    rec.isbn = v
                else:
                    rec.issn = v
            else:
                add_extra(extra, _PREFIX + name, v)
    rec.doi = take_doi(by.get("DOI", []), extra, _PREFIX + "DOI")
    rec.url = take("URL")
    abstract = _br(take("Abstract"))
    abstract = re.sub(r"^(?:Abstract|ABSTRACT|摘要)\s*[:：]?\s*\n", "", abstract)
    rec.abstract = abstract
    kws: list[str] = []
    for v in by.get("Keywords", []):
        v = _br(v)
        # CNKI separates keywords with ';' or, in some records, with commas
        sep = _KW_COMMA_SEP_RE if _comma_separated(v) else _KW_SEP_RE
        for kw in sep.split(v):
            if kw.strip() and kw.strip() not in kws:
                kws.append(kw.strip())
    rec.keywords = kws
    rec.notes = take_role_notes([_br(v) for v in by.get("Notes", [])], rec.creators)
    number = take("Number")  # our writer's field for a number that is not a standard's
    if number and not rec.number:
        rec.number = number
    elif number:
        add_extra(extra, _PREFIX + "Number", number)
    work = take("Type of Work")
    if rec.type == "patent" and re.fullmatch(r"[A-Z]{2}\d[\dA-Z.]*", work or ""):
        rec.number = work
        extra[_PREFIX + "number-from"] = "Type of Work"
    else:
        rec.genre = work
    keep_unmapped(entry.tags, _MAPPED, extra, _PREFIX)
    rec.extra = extra
    return rec


class NoteExpressFormat(Format):
    """NoteExpress tagged text (CNKI's "NoteExpress" export)."""

    id = "noteexpress"
    name = "NoteExpress"
    extensions = (".net",)
    mime_types = ()

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        if re.search(r"^\{Reference Type\}\s*[:：]", s[:8000], re.M):
            return 0.95
        if len(set(re.findall(r"^\{(Title|Author|Journal|Year|Keywords)\}\s*[:：]", s,
                              re.M))) >= 3:
            return 0.7
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_entries, _build, "NoteExpress",
                           "no NoteExpress record found (no '{Reference Type}:' lines)")

    def read_chunks(self, text: str, source: str = "",
                    chunk_records: int = CHUNK_RECORDS) -> Iterator[ReadResult]:
        return read_tagged_chunks(text, source, parse_entries, _build, "NoteExpress",
                                  "no NoteExpress record found (no '{Reference Type}:' lines)",
                                  chunk_records=chunk_records)

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "\n".join(record_to_noteexpress(r) for r in records)


def record_to_noteexpress(rec: Record) -> str:
    """One record as NoteExpress text, ending with a blank line."""
    out: list[str] = []
    extra = rec.extra

    def put(name: str, value: str | None) -> None:
        if value:
            out.append(f"{{{name}}}: " + str(value).replace("\r", "").replace("\n", "(#br)"))

    ty = extra.get(_PREFIX + "type")
    if not isinstance(ty, str) or TYPE_IN.get(ty.lower()) != rec.type:
        ty = TYPE_OUT.get(rec.type, "Generic")
    put("Reference Type", ty)
    put("Title", rec.title)
    put("Translated Title", rec.title_translated)
    put("Short Title", rec.title_short)
    # the roles the reader maps; any other goes to a note (never an author)
    groups = {"author": "Author", "editor": "Secondary Author",
              ("contributor" if rec.type == "thesis" else "translator"): "Tertiary Author"}
    by_field: dict[str, list[str]] = {}
    role_notes = []
    for c in rec.creators:
        field = groups.get(c.role)
        if field is None:
            role_notes.append(role_note(c))
            continue
        # CNKI writes CJK names whole; a comma would split them into two names
        name = f"{c.family}{c.given}" if c.is_cjk and not c.literal else creator_to_ris(c)
        by_field.setdefault(field, []).append(name)
    for field in ("Author", "Secondary Author", "Tertiary Author"):
        if field in by_field:
            put(field, ";".join(by_field[field]) + ";")
    if rec.type == "paper-conference":
        put("Tertiary Title", rec.container_title)
    else:
        put("Journal", rec.container_title)
        put("Tertiary Title", rec.collection_title)
    year, date = year_and_date(rec.issued)
    put("Year", year)
    put("Date", date)
    put("Volume", rec.volume)
    put("Issue", rec.issue)
    put("Pages", rec.pages)
    put("Publisher", rec.publisher)
    put("Place Published", rec.place)
    put("Edition", rec.edition)
    put("Language", rec.language)
    put("ISBN", rec.isbn)
    put("ISSN", rec.issn)
    if rec.number:
        # a standard's number goes where CNKI writes it ({ISBN/ISSN}); a report's,
        # patent's or series' number to {Number}, not taken for an ISBN/ISSN
        put(str(extra.get(_PREFIX + "number-from")
                or ("ISBN/ISSN" if rec.type == "standard" else "Number")), rec.number)
    put("DOI", rec.doi)
    put("URL", rec.url)
    put("Keywords", ";".join(rec.keywords))
    put("Abstract", rec.abstract)
    for n in rec.notes + role_notes:
        put("Notes", n)
    put("Type of Work", rec.genre)
    for name, v in kept_values(extra, _KEPT_RE):
        put(name, v)
    return "\n".join(out) + "\n"


register(NoteExpressFormat())
