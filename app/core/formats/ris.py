"""RIS in and out (our own parser; the tag variants and quirks real exporters write).

Reading
-------
* Tags are two characters (``[A-Z][A-Z0-9]``) followed by ``-`` with one or two
  spaces (or a tab) before it: ``TY  - JOUR``, ``TY - JOUR``, ``A1\t- x``.
* A BOM, CRLF/CR line endings, blank lines, Ovid's numbered lines (``1.``),
  and any text between records (``Record #1 of 2``) are ignored.
* A line without a tag continues the previous value: with a space for
  titles, abstracts and the like, with a newline for notes, and as a new value
  for list tags (KW, UR, L1–L4).
* A missing final ``ER`` closes the record at the end of the file; a new
  ``TY`` closes an open record.
* Where one value is expected and several come, the first is kept and the
  rest go to ``extra["ris:<TAG>"]``. Every tag we do not map goes there too,
  and the writer writes those tags back.

Mapping: see ``TYPE_IN`` / ``TYPE_OUT`` and :func:`_build_record`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from app.core.formats import Failure, Format, ReadResult, register
from app.core.formats.tagged import (add_extra, doi_of_field, gc_paused, keep_unmapped,
                                     kept_values, read_entries)
from app.core.normalize.dates import format_ris_date, parse_date
from app.core.normalize.names import parse_name
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, PartialDate, Record, extract_doi, has_cjk

log = logging.getLogger(__name__)

# RIS type -> CSL type. Follows Zotero's RIS translator where the RIS spec is vague.
TYPE_IN: dict[str, str] = {
    "ABST": "article-journal", "ADVS": "motion_picture", "AGGR": "document",
    "ANCIENT": "document", "ART": "graphic", "BILL": "bill", "BLOG": "post-weblog",
    "BOOK": "book", "CASE": "legal_case", "CHAP": "chapter", "CHART": "graphic",
    "CLSWK": "classic", "COMP": "software", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "CTLG": "article-magazine", "DATA": "dataset",
    "DBASE": "dataset", "DICT": "entry-dictionary", "EBOOK": "book", "ECHAP": "chapter",
    "EDBOOK": "book", "EJOUR": "article-journal", "ELEC": "webpage", "WEB": "webpage",
    "ENCYC": "entry-encyclopedia", "EQUA": "document", "FIGURE": "graphic",
    "GEN": "document", "GOVDOC": "report", "GRANT": "article-journal",
    "HEAR": "bill", "ICOMM": "personal_communication", "INPR": "manuscript",
    "JFULL": "article-journal", "JOUR": "article-journal", "LEGAL": "legal_case",
    "MANSCPT": "manuscript", "MAP": "map", "MGZN": "article-magazine",
    "MPCT": "motion_picture", "MULTI": "motion_picture", "MUSIC": "song",
    "NEWS": "article-newspaper", "PAMP": "pamphlet", "PAT": "patent",
    "PCOMM": "personal_communication", "RPRT": "report", "SER": "book",
    "SLIDE": "speech", "SOUND": "song", "STAND": "standard", "STAT": "legislation",
    "THES": "thesis", "UNBILL": "manuscript", "UNPB": "article-journal",
    "UNPD": "manuscript", "VIDEO": "motion_picture", "PRESS": "article-newspaper",
    "INTV": "interview", "DATASET": "dataset", "SOFTWARE": "software",
}
# CSL type -> the RIS type we write.
TYPE_OUT: dict[str, str] = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "article": "GEN", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER",
    "thesis": "THES", "report": "RPRT", "webpage": "ELEC", "post-weblog": "BLOG",
    "dataset": "DATA", "patent": "PAT", "standard": "STAND", "manuscript": "MANSCPT",
    "map": "MAP", "motion_picture": "MPCT", "broadcast": "ADVS", "song": "SOUND",
    "speech": "SLIDE", "interview": "GEN", "personal_communication": "PCOMM",
    "legal_case": "CASE", "legislation": "STAT", "bill": "BILL",
    "entry-dictionary": "DICT", "entry-encyclopedia": "ENCYC", "review": "JOUR",
    "review-book": "JOUR", "software": "COMP", "graphic": "ART", "pamphlet": "PAMP",
    "classic": "CLSWK", "document": "GEN",
}
_JOURNAL_LIKE = {"article-journal", "article-magazine", "article-newspaper", "review",
                 "review-book"}
_BOOK_LIKE = {"book"}
_ISBN_TYPES = {"book", "chapter", "paper-conference", "thesis", "report", "entry-dictionary",
               "entry-encyclopedia", "map", "song", "motion_picture", "software", "classic",
               "pamphlet", "manuscript", "standard"}

_TAG_RE = re.compile(r"^([A-Z][A-Z0-9])(?: {1,2}|\t| {1,2}\t)-[ \t]?(.*)$")
_OVID_NUM_RE = re.compile(r"^\s*(?:<?\d+\.?>?)\s*$")
_NUMBERED_TAG_RE = re.compile(r"^\s*\d+\.\s+(TY\s{1,2}-.*)$")
_LIST_CONT_TAGS = {"KW", "UR", "L1", "L2", "L3", "L4"}
_NEWLINE_CONT_TAGS = {"N1", "RN"}
# Tags the reader maps to fields; anything else goes to extra["ris:<TAG>"].
_AUTHOR_TAGS = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor",
                "A3": "collection-editor", "A4": "translator"}
# Per-type meaning of the secondary name tags (RIS spec). None: not a person
# of the work (an issuing body, a reporter, a file name …): kept in extra.
_CREATOR_TAGS_BY_TYPE: dict[str, dict[str, str | None]] = {
    "ADVS": {"A2": None, "A3": "contributor"},
    "BILL": {"A2": "contributor"},
    "BOOK": {"A2": "collection-editor", "A3": "editor"},
    "EDBOOK": {"A2": "collection-editor", "A3": "editor"},
    "CLSWK": {"A2": "collection-editor", "A3": "editor"},
    "CASE": {"A2": None, "A3": None, "A4": "contributor"},
    "LEGAL": {"A2": None},
    "ART": {"A2": None, "A3": None},
    "CHART": {"A2": None, "A3": None}, "FIGURE": {"A2": None, "A3": None},
    "COMP": {"A2": None}, "CTLG": {"A2": None}, "PAMP": {"A2": None},
    "DATA": {"A2": None, "A4": "contributor"}, "MAP": {"A2": None}, "MULTI": {"A2": None},
    "MUSIC": {"A2": "contributor", "A3": None, "A4": "contributor"},
    "PAT": {"A2": None, "A3": None},
    "RPRT": {"A2": "collection-editor", "A3": None, "A4": "contributor"},
    "GOVDOC": {"A2": "collection-editor"},
    "WEB": {"A2": None}, "ELEC": {"A2": None}, "BLOG": {"A2": None, "A3": None},
    "GEN": {"A3": None}, "THES": {"A3": "contributor"},
    "CONF": {"A4": "contributor"}, "MPCT": {"A2": None, "A3": "contributor",
                                            "A4": "contributor"},
    "PCOMM": {"A2": "recipient"}, "ICOMM": {"A2": "recipient"},
}
# Custom tags that name a person for some types (the RIS spec's PAT "C4 -
# Attorney/Agent"; Zotero writes a recording's "words by" as C4 and a video's
# cast members as C1, and reads them back so). Any other C1-C8 goes to extra.
_CUSTOM_CREATOR_TAGS: dict[str, dict[str, str]] = {
    "PAT": {"C4": "contributor"},
    "SOUND": {"C4": "contributor"}, "MUSIC": {"C4": "contributor"},
    "VIDEO": {"C1": "contributor"}, "MULTI": {"C1": "contributor"},
}
# the extra keys the writer writes back (TY is the type, ER the end of a record)
_KEPT_RE = re.compile(r"ris:(?!ER|TY)([A-Z][A-Z0-9])")
_ISSN_RE = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b")
_ISBN_RE = re.compile(r"\b(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]\b")


_ISSN_FULL_RE = re.compile(r"\d{4}-?\d{3}[\dXx]")


def _is_isbn(value: str) -> bool:
    if _ISSN_FULL_RE.fullmatch(value):
        return False
    digits = re.sub(r"[^0-9Xx]", "", value)
    return len(digits) in (10, 13) and _ISBN_RE.search(value) is not None \
        and not re.fullmatch(r"\s*\d{4}-\d{3}[\dXx]\s*", value)


def _is_issn(value: str) -> bool:
    if _ISSN_FULL_RE.fullmatch(value):
        return True
    return _ISSN_RE.search(value) is not None and not _is_isbn(value)


def ris_name(value: str, role: str, whole_without_comma: bool = False) -> Creator:
    """One RIS/Refer name.

    'Family, Given' is split at the first comma; CJK names are kept whole;
    'Smith JA' (family and initials, as PubMed writes it) is split; one word
    is a family name. Another name without a comma is read 'Given Family',
    unless *whole_without_comma* (the file writes its personal names with a
    comma, so a name without one is a body or a name as written: kept whole).
    """
    v = value.strip().rstrip(",;").strip()
    cjk = has_cjk(v)
    if "," in v and not cjk:
        family, _, given = v.partition(",")
        return Creator(family=family.strip(), given=given.strip(), role=role)
    if cjk:
        if _PLAIN_CJK_RE.fullmatch(v):
            return Creator(literal=v.replace(" ", ""), role=role)
        return parse_name(v, role)
    words = v.split()
    if len(words) == 1:
        return Creator(family=v, role=role)
    if _is_initials_form(words):
        return parse_name(v, role)
    if whole_without_comma:
        return Creator(literal=v, role=role)
    return parse_name(v, role)


_PLAIN_CJK_RE = re.compile(r"[^\x00-\x7f,，;；\d\s*†‡§¶#¹²³⁴⁵⁶⁷⁸⁹⁰]+(?: [^\x00-\x7f,，;；\d\s*†‡§¶#]+)*")


def _is_initials_form(words: list[str]) -> bool:
    return len(words) >= 2 and re.fullmatch(r"[A-Z]{1,3}", words[-1]) is not None \
        and re.fullmatch(r"[A-Z]{1,3}", words[0]) is None


def names_use_commas(values: Iterable[str]) -> bool:
    """True if most Latin-script multi-word names in *values* are 'Family, Given'."""
    with_comma = without = 0
    for v in values:
        v = v.strip()
        if not v or has_cjk(v):
            continue
        if "," in v:
            with_comma += 1
        elif len(v.split()) > 1 and not _is_initials_form(v.split()):
            without += 1
    return with_comma > 0 and with_comma >= without


def creator_to_ris(c: Creator) -> str:
    """'Family, Given' (or the literal / CJK name whole)."""
    if c.literal:
        return c.literal
    if c.given:
        return f"{c.family}, {c.given}"
    return c.family


def split_keywords(values: list[str]) -> list[str]:
    """KW values: each line a keyword, and ';' separates several on one line."""
    out: list[str] = []
    for v in values:
        for line in v.split("\n"):
            parts = re.split(r"\s*[;；]\s*", line) if (";" in line or "；" in line) else [line]
            for kw in parts:
                kw = kw.strip()
                if kw and kw not in out:
                    out.append(kw)
    return out


class _RawEntry:
    """The tags of one record in file order, with its first line number."""

    __slots__ = ("line", "tags", "end", "_lines")

    def __init__(self, line: int, lines: list[str]) -> None:
        self.line = line
        self.end = line
        self.tags: list[tuple[str, str]] = []
        self._lines = lines

    @property
    def raw_lines(self) -> list[str]:
        """The record's lines as in the file (for failure reports)."""
        return self._lines[self.line - 1:self.end]


def parse_entries(text: str) -> tuple[list[_RawEntry], list[Failure]]:
    """Split RIS *text* into raw tagged entries (no field mapping)."""
    entries: list[_RawEntry] = []
    failures: list[Failure] = []
    cur: _RawEntry | None = None
    orphan_line: int | None = None
    lines = text.lstrip("\ufeff").splitlines()
    tag_match = _TAG_RE.match
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if "\ufeff" in line:
            line = line.replace("\ufeff", "")
        if line[2:6] == "  - " and line[:2].isalnum() and line[:2].isupper():
            tag, value = line[:2], line[6:].strip()  # the common case, without a regex
        else:
            m = tag_match(line)
            if m is None:
                nm = _NUMBERED_TAG_RE.match(line)
                if nm:
                    m = tag_match(nm.group(1).rstrip())
            if m is None:
                tag = ""
                value = ""
            else:
                tag, value = m.group(1), (m.group(2) or "").strip()
        if tag:
            if tag == "TY":
                if cur is not None:
                    entries.append(cur)
                cur = _RawEntry(lineno, lines)
                cur.tags.append((tag, value))
                continue
            if cur is None:
                if tag == "ER":
                    continue
                if orphan_line is None:
                    orphan_line = lineno
                continue
            cur.end = lineno
            if tag == "ER":
                entries.append(cur)
                cur = None
                continue
            cur.tags.append((tag, value))
            continue
        # not a tag line
        if cur is None:
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if _OVID_NUM_RE.match(stripped) and len(cur.tags) > 0:
            # an Ovid record number ("2.") before the next TY ends nothing by itself
            continue
        cur.end = lineno
        if not cur.tags:
            continue
        tag, prev = cur.tags[-1]
        if tag in _LIST_CONT_TAGS:
            cur.tags.append((tag, stripped))
        elif tag in _NEWLINE_CONT_TAGS:
            cur.tags[-1] = (tag, f"{prev}\n{stripped}" if prev else stripped)
        else:
            cur.tags[-1] = (tag, f"{prev} {stripped}" if prev else stripped)
    if cur is not None:
        entries.append(cur)
    if orphan_line is not None and not entries:
        failures.append(Failure("", orphan_line, "tagged lines without a 'TY  - ' line; "
                                "not a RIS record"))
    elif not entries and text.strip():
        failures.append(Failure("", 1, "no RIS record found (no 'TY  - ' line)"))
    return entries, failures


def _date_candidates(values: list[tuple[str, str]],
                     cache: dict[str, PartialDate | None]) -> PartialDate | None:
    """DA beats PY beats Y1; among them the first with a year and the most detail."""
    parsed: list[tuple[int, str, PartialDate]] = []
    order = {"DA": 0, "PY": 1, "Y1": 2}
    for tag, v in values:
        d = cache[v] = parse_date(v)
        if d is not None and not d.empty:
            parsed.append((order[tag], tag, d))
    if not parsed:
        return None
    with_year = [p for p in parsed if p[2].year is not None]
    if not with_year:
        return sorted(parsed, key=lambda p: p[0])[0][2]
    best = sorted(with_year, key=lambda p: p[0])[0][2]
    # a more detailed date of the same year from another tag wins
    for _o, _t, d in sorted(with_year, key=lambda p: p[0]):
        if d.year == best.year and len(d.date_parts()) > len(best.date_parts()):
            best = d
    if best.literal:
        best = PartialDate(best.year, best.month, best.day)
    return best


# ProCite writes many fields as labelled notes ("N1  - Volume ID: 3"). These
# labels name a field; they are read as the RIS tag that holds that field.
_PROCITE_MARKERS = ("Record ID", "Record Number", "Author Role", "Author, Subsidiary",
                    "Author, Monographic", "Connective Phrase", "Medium Designator",
                    "Series Editor Role", "Editor/Compiler Role")
_PROCITE_LABEL_RE = re.compile(r"([A-Za-z,\s]+?)\s*:\s*(.*)", re.S)
_PROCITE_FIELDS: dict[str, str] = {
    "Call Number": "CN", "Edition": "ET", "ISBN": "SN", "Language": "LA",
    "Publisher Name": "PB", "Page(s)": "SP", "Volume ID": "VL", "Issue ID": "IS",
    "Issue Identification": "IS", "Place of Publication": "CY", "Histroy": "OP",
}


def is_procite(entries: list[_RawEntry]) -> bool:
    """True if the file's notes carry ProCite's field labels."""
    for e in entries:
        for tag, value in e.tags:
            if tag == "N1" and value.startswith(_PROCITE_MARKERS):
                m = _PROCITE_LABEL_RE.fullmatch(value.strip())
                if m and m.group(1) in _PROCITE_MARKERS:
                    return True
    return False


def _fix_procite_name(name: str) -> str:
    """ProCite writes these names 'Given Family'; RIS wants 'Family, Given'."""
    name = name.strip()
    if "," in name or " " not in name or has_cjk(name):
        return name
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}"


_PROCITE_ROLES = {
    "author": "author", "editor": "editor", "ed": "editor", "edited": "editor",
    "editor-in-chief": "editor", "compiler": "editor", "compiled": "editor",
    "collected": "editor", "assembled": "editor",
    "translator": "translator", "translated": "translator",
}


def _procite_role(text: str) -> str | None:
    """The one role a ProCite "… Role:" note names ('Editors', 'Edited by'), or None."""
    t = re.sub(r"s\b|\.|\s+by\b", "", text.lower()).strip()
    parts = {p.strip() for p in re.split(r"\s*(?:,|\band\b)\s*", t) if p.strip()}
    roles = {_PROCITE_ROLES.get(p) for p in parts}
    return roles.pop() if len(roles) == 1 and None not in roles else None


def _preceding_names(tags: list[tuple[str, str]]) -> list[int]:
    """Indexes of the run of same-tag name lines (A1/A2/A3) just before the end."""
    out: list[int] = []
    for i in range(len(tags) - 1, 0, -1):
        t = tags[i][0]
        if t not in ("A1", "A2", "A3") or (out and tags[out[0]][0] != t):
            break
        out.insert(0, i)
    return out


def procite_tags(tags: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tags of one ProCite record with its labelled notes read as fields.

    ProCite puts the edition of books and chapters in VL (the volume then
    comes as a "Volume ID" note, or in IS for books), a bill's code in CY, its
    number in VL and its section in SP, and a chapter's titles in any of
    TI/T1/T2/T3 in the order chapter, book, series.
    """
    ty = tags[0][1].strip().upper() if tags else ""
    out = list(tags)
    if ty in ("CHAP", "BOOK"):
        out = [("ET", v) if t == "VL" else (t, v) for t, v in out]
    result: list[tuple[str, str]] = []
    for tag, value in out:
        m = _PROCITE_LABEL_RE.fullmatch(value.strip()) if tag == "N1" else None
        if m is None:
            result.append((tag, value))
            continue
        label, val = m.group(1), m.group(2).strip()
        present = {t for t, _ in out} | {t for t, _ in result}
        if label in ("Author, Subsidiary", "Author, Monographic"):
            new = "A1" if "A1" not in present else ("A2" if "A2" not in present else "A3")
            result += [(new, _fix_procite_name(a)) for a in re.split(r";\s*", val) if a.strip()]
        elif label.endswith(" Role"):  # the role of the names just before
            role = _procite_role(val)
            run = _preceding_names(result)
            if role is None or not run:
                result.append((tag, value))
            elif role != "author":
                new_tag = "ED" if role == "editor" else "A4"
                for i in run:
                    result[i] = (new_tag, result[i][1])
        elif label in ("Record ID", "Record Number"):
            result.append(("ID", val))
        elif label == "Notes":
            result.append(("N1", val))
        elif label == "Connective Phrase" and val.lower() == "in":
            continue
        elif label == "Proceedings Title" and ty in ("CONF", "CPAPER"):
            result.append(("C3", val))
        elif label in ("Series Title",):
            result.append(("T3", val))
        elif label in _PROCITE_FIELDS:
            result.append((_PROCITE_FIELDS[label], val))
        else:
            result.append((tag, value))
    if ty == "CHAP":
        order = ["TI", "T2", "T3"]
        fixed = []
        for t, v in result:
            if t in ("TI", "T1", "T2", "T3") and order:
                t = order.pop(0)
            fixed.append((t, v))
        result = fixed
    if ty == "BOOK":
        result = [("VL", v) if t == "IS" else (t, v) for t, v in result]
    elif ty == "COMP":
        result = [("ET", v) if t == "IS" else (t, v) for t, v in result]
    elif ty == "BILL":
        swap = {"CY": "T2", "VL": "M1", "SP": "SE"}
        result = [(swap.get(t, t), v) for t, v in result]
    elif ty == "ART":
        result = [("M3", v) if t == "M1" else (t, v) for t, v in result]
    return result


def _build_record(entry: _RawEntry, whole_names: bool = False,
                  procite: bool = False) -> Record:
    if procite:
        entry.tags = procite_tags(entry.tags)
    rec = Record()
    extra: dict[str, Any] = {}
    ty = entry.tags[0][1].strip().upper() if entry.tags else ""
    rec.type = TYPE_IN.get(ty, "document")
    if ty and TYPE_OUT.get(rec.type) != ty:
        extra["ris:TY"] = [ty]
    by_tag: dict[str, list[str]] = {}
    for tag, value in entry.tags[1:]:
        by_tag.setdefault(tag, []).append(value)

    def first(*tags: str) -> str:
        for t in tags:
            for v in by_tag.get(t, []):
                if v:
                    return v
        return ""

    used: set[str] = set()

    def take(tag: str) -> str:
        """First non-empty value of *tag*; the others go to extra."""
        used.add(tag)
        vals = by_tag.get(tag)
        if not vals:
            return ""
        if len(vals) == 1:
            return vals[0]
        vals = [v for v in vals if v]
        for v in vals[1:]:
            add_extra(extra, f"ris:{tag}", v)
        return vals[0] if vals else ""

    # creators, in file order
    roles = _CREATOR_TAGS_BY_TYPE.get(ty, {})
    custom = _CUSTOM_CREATOR_TAGS.get(ty, {})
    for tag, value in entry.tags[1:]:
        if tag in custom and value:
            rec.creators.append(ris_name(value, custom[tag], whole_names))
            continue
        if tag in _AUTHOR_TAGS and value:
            role = roles.get(tag, _AUTHOR_TAGS[tag])
            if role is None:
                add_extra(extra, f"ris:{tag}", value)
                continue
            c = ris_name(value, role, whole_names)
            if c.family or c.literal:
                rec.creators.append(c)
    used.update(_AUTHOR_TAGS)
    used.update(custom)

    # titles
    titles = [(t, v) for t, v in entry.tags[1:] if t in ("TI", "T1", "CT") and v]
    used.update(("TI", "T1", "CT"))
    if titles:
        rec.title = titles[0][1]
        for t, v in titles[1:]:
            add_extra(extra, f"ris:{t}", v)
    t2 = take("T2")
    t3 = take("T3")
    bt = take("BT")
    jf = take("JF")
    jo = take("JO")
    abbrevs = [v for t in ("JA", "J2", "J1") for v in by_tag.get(t, []) if v]
    used.update(("JA", "J2", "J1"))
    if rec.type in _BOOK_LIKE:
        if not rec.title and bt:
            rec.title, bt = bt, ""
        rec.collection_title = t2 or t3
        if t2 and t3:
            add_extra(extra, "ris:T3", t3)
        candidates = [("JF", jf), ("JO", jo), ("BT", bt)]
    else:
        if not rec.title and bt and rec.type != "chapter":
            rec.title, bt = bt, ""
        rec.collection_title = t3
        candidates = [("T2", t2), ("JF", jf), ("JO", jo), ("BT", bt)]
        c3 = first("C3")
        if ty in ("CONF", "CPAPER") and c3:
            # T2 is the conference's name, C3 the proceedings' title (RIS spec).
            # Without C3, T2 is the only venue the record names (IEEE Xplore writes
            # the proceedings there), so it stays the container.
            used.add("C3")
            candidates = [("C3", c3), ("JF", jf), ("JO", jo), ("BT", bt)]
            if t2:  # the value first read comes before repeated values
                extra.setdefault("ris:T2", []).insert(0, t2)
        elif ty in ("WEB", "ELEC", "BLOG") and abbrevs:
            candidates = [("J2", abbrevs[0]), ("T2", t2), ("JF", jf), ("JO", jo)]
            abbrevs = abbrevs[1:]
        elif ty in ("CASE", "LEGAL"):
            # the reporter (a publication) sits in A2; T2 is an abbreviated name
            reporter = first("A2")
            candidates = [("A2", reporter)] if reporter else []
            if t2:
                add_extra(extra, "ris:T2", t2)
            for t, v in (("JF", jf), ("JO", jo)):
                if v:
                    add_extra(extra, f"ris:{t}", v)
            if reporter and reporter in extra.get("ris:A2", []):
                extra["ris:A2"].remove(reporter)
                if not extra["ris:A2"]:
                    del extra["ris:A2"]
    candidates = [(t, v) for t, v in candidates if v]
    if candidates:
        rec.container_title = candidates[0][1]
    if abbrevs:
        rec.container_title_short = abbrevs[0]
        for v in abbrevs[1:]:
            if v != rec.container_title_short:
                add_extra(extra, "ris:J2", v)
    if not rec.container_title_short and jo and jo != rec.container_title \
            and ("JO", jo) in candidates[1:]:
        rec.container_title_short = jo
    leftovers = [(t, v) for t, v in candidates[1:]
                 if v != rec.container_title and v != rec.container_title_short]
    for t, v in leftovers:
        # the value first read comes before any repeated values of its tag
        extra.setdefault(f"ris:{t}", []).insert(0, v)
    if not rec.container_title and rec.container_title_short and rec.type not in _BOOK_LIKE:
        rec.container_title = rec.container_title_short
    for attr in ("title", "container_title", "container_title_short", "collection_title"):
        v = getattr(rec, attr)
        if "  " in v or "\t" in v or "\n" in v:
            setattr(rec, attr, re.sub(r"\s+", " ", v).strip())
    if ty == "GEN" and rec.container_title:
        # a generic record in a periodical is a journal article (as Zotero reads it)
        rec.type = "article-journal"
        extra["ris:TY"] = ["GEN"]
    rec.title_short = take("ST")
    rec.title_translated = take("TT")

    # dates
    used.update(("DA", "PY", "Y1"))
    date_vals = [(t, v) for t, v in entry.tags[1:] if t in ("DA", "PY", "Y1") and v]
    parsed_dates: dict[str, PartialDate | None] = {}
    rec.issued = _date_candidates(date_vals, parsed_dates)
    for t, v in date_vals:
        d = parsed_dates.get(v)
        if rec.issued is not None and d is not None and d.year is not None \
                and rec.issued.year is not None and d.year != rec.issued.year:
            add_extra(extra, f"ris:{t}", v)
    y2 = take("Y2")
    if y2:
        rec.accessed = parse_date(y2)

    # numbers and pages
    rec.volume = take("VL")
    rec.issue = take("IS") or take("CP")
    sp, ep = take("SP"), take("EP")
    if sp and ep:
        rec.pages = normalize_pages(f"{sp}-{ep}") if "-" not in sp else normalize_pages(sp)
    else:
        rec.pages = normalize_pages(sp or ep)
    m1_count = len([v for v in by_tag.get("M1", []) if v])
    m1 = take("M1")
    if m1:
        if rec.type == "article-journal" and not rec.issue and m1_count == 1:
            rec.issue = m1
        else:
            rec.number = m1

    # identifiers and links
    doi_src = take("DO")
    if doi_src:
        rec.doi = doi_of_field(doi_src)
        if not rec.doi:
            add_extra(extra, "ris:DO", doi_src)
    urls: list[str] = []
    used.add("UR")
    for v in by_tag.get("UR", []):
        if " " in v or ";" in v or "\t" in v:
            urls += [u for u in re.split(r"\s*;\s*|\s+", v) if u]
        elif v:
            urls.append(v)
    if urls:
        rec.url = urls[0]
        for u in urls[1:]:
            add_extra(extra, "ris:UR", u)
    used.add("SN")
    for v in by_tag.get("SN", []):
        if not v:
            continue
        if _is_isbn(v) and not rec.isbn:
            rec.isbn = v
        elif _is_issn(v) and not rec.issn:
            rec.issn = v
        elif not _is_isbn(v) and not _is_issn(v) and not (rec.isbn or rec.issn):
            if rec.type in _ISBN_TYPES:
                rec.isbn = v
            else:
                rec.issn = v
        else:
            add_extra(extra, "ris:SN", v)

    # publication facts
    rec.publisher = take("PB")
    rec.place = take("CY") or take("PP")
    rec.language = take("LA")
    et = take("ET")
    if et:
        if rec.type in _JOURNAL_LIKE:
            add_extra(extra, "ris:ET", et)
        else:
            rec.edition = et
    m3 = take("M3")
    if m3:
        d = doi_of_field(m3) if m3.lower().startswith("doi") else ""
        if d and not rec.doi:
            rec.doi = d
        elif d:
            add_extra(extra, "ris:M3", m3)
        else:
            rec.genre = m3
    rec.citation_key = take("ID")

    # text
    used.update(("AB", "N2"))
    abstracts = [v for t, v in entry.tags[1:] if t in ("AB", "N2") and v]
    if abstracts:
        rec.abstract = abstracts[0]
        for t, v in entry.tags[1:]:
            if t in ("AB", "N2") and v and v != rec.abstract:
                add_extra(extra, f"ris:{t}", v)
    used.add("KW")
    rec.keywords = split_keywords([v for v in by_tag.get("KW", []) if v])
    used.add("N1")
    rec.notes = [v for v in by_tag.get("N1", []) if v]
    if not rec.doi:
        for v in rec.notes:
            if re.match(r"\s*(?:doi:?\s*)?10\.\d{4,9}/\S+\s*$", v, re.I):
                rec.doi = extract_doi(v)
                break

    # everything else is kept
    keep_unmapped(entry.tags[1:], used, extra, "ris:")
    rec.extra = extra
    return rec


class RisFormat(Format):
    """RIS (Research Information Systems) tagged format."""

    id = "ris"
    name = "RIS"
    extensions = (".ris",)
    mime_types = ("application/x-research-info-systems",)

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        if re.search(r"^(?:\s*\d+\.\s+)?TY {1,2}- ?\S*", s[:8000], re.M):
            if re.search(r"^(?:ER|T1|TI|AU|A1|PY|JO|T2) {1,2}-", s, re.M):
                return 0.95
            return 0.7
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        with gc_paused():
            result = ReadResult()
            try:
                entries, failures = parse_entries(text)
            except (ValueError, IndexError) as exc:  # defensive: never crash on a file
                log.exception("RIS parse failed")
                result.failures.append(Failure(source, None, f"cannot read RIS: {exc}"))
                return result
            for f in failures:
                f.source = source
                result.failures.append(f)
            whole_names = names_use_commas(v for e in entries for t, v in e.tags
                                           if t in _AUTHOR_TAGS)
            procite = is_procite(entries)
            return read_entries(entries, lambda e: _build_record(e, whole_names, procite),
                                source, "RIS", result)

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "".join(record_to_ris(r) + "\n" for r in records)


def _ris_line(tag: str, value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return f"{tag}  - {value.strip()}\n"
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip() for ln in value.split("\n")]
    lines = [ln for ln in lines if ln] or [""]
    return f"{tag}  - {lines[0]}\n" + "".join(f"{ln}\n" for ln in lines[1:])


def record_to_ris(rec: Record) -> str:
    """One record as RIS text, ``TY`` first and ``ER`` last."""
    ty = TYPE_OUT.get(rec.type, "GEN")
    orig = rec.extra.get("ris:TY")
    if orig and isinstance(orig, list):
        o = str(orig[0])
        if TYPE_IN.get(o, "document") == rec.type or (o == "GEN" and rec.type ==
                                                       "article-journal"):
            ty = o
    out: list[str] = [_ris_line("TY", ty)]

    def put(tag: str, value: str | None) -> None:
        if value:
            out.append(_ris_line(tag, str(value)))

    type_roles = _CREATOR_TAGS_BY_TYPE.get(ty, {})
    for c in rec.creators:
        tag = "AU"
        for cand in ("AU", "A2", "ED", "A3", "A4"):
            if type_roles.get(cand, _AUTHOR_TAGS[cand]) == c.role:
                tag = cand
                break
        else:
            for cand, role in _CUSTOM_CREATOR_TAGS.get(ty, {}).items():
                if role == c.role:
                    tag = cand
                    break
        put(tag, creator_to_ris(c))
    put("TI", rec.title)
    if rec.type in _BOOK_LIKE:
        put("T2", rec.collection_title)
        put("JF", rec.container_title)
    elif ty in ("CASE", "LEGAL"):
        put("A2", rec.container_title)  # the reporter
        put("T3", rec.collection_title)
    elif ty in ("CONF", "CPAPER"):
        put("C3", rec.container_title)  # the proceedings; T2 names the conference
        put("T3", rec.collection_title)
    else:
        put("T2", rec.container_title)
        put("T3", rec.collection_title)
    put("J2", rec.container_title_short)
    put("ST", rec.title_short)
    put("TT", rec.title_translated)
    if rec.issued and not rec.issued.empty:
        if rec.issued.year is None:
            put("PY", rec.issued.literal)
        else:
            put("PY", f"{rec.issued.year:04d}")
            if rec.issued.month:
                put("DA", format_ris_date(rec.issued))
    if rec.accessed and not rec.accessed.empty:
        put("Y2", format_ris_date(rec.accessed))
    put("VL", rec.volume)
    put("IS", rec.issue)
    if rec.pages:
        if re.fullmatch(r"[^,\s-]+-[^,\s-]+", rec.pages):
            sp, ep = rec.pages.split("-", 1)
            put("SP", sp)
            put("EP", ep)
        else:
            put("SP", rec.pages)
    put("M1", rec.number)
    put("ET", rec.edition)
    put("PB", rec.publisher)
    put("CY", rec.place)
    put("SN", rec.isbn)
    put("SN", rec.issn)
    put("DO", rec.doi)
    put("UR", rec.url)
    put("LA", rec.language)
    put("M3", rec.genre)
    put("AB", rec.abstract)
    for kw in rec.keywords:
        put("KW", kw)
    for n in rec.notes:
        put("N1", n)
    put("ID", rec.citation_key)
    for tag, v in kept_values(rec.extra, _KEPT_RE):
        put(tag, v)
    out.append("ER  - \n")
    return "".join(out)


register(RisFormat())
