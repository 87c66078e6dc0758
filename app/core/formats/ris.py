"""RIS in and out (our own parser; the tag variants and quirks real exporters write).

Reading
-------
* Tags are two characters (``[A-Z][A-Z0-9]``) followed by ``-`` with one or two
  spaces (or a tab) before it: ``TY  - JOUR``, ``TY - JOUR``, ``A1\t- x``.
* A BOM, CRLF/CR line endings, blank lines, Ovid's numbered lines (``1.``),
  and any text between records (``Record #1 of 2``) are ignored.
* A line without a tag continues the previous value: with a space for
  titles and the like, with a newline for notes, and as a new value for list
  tags (KW, UR, L1–L4). In an abstract (AB, N2) a line under 60 characters (as
  Zotero's RIS.js reads it) or one ending a sentence ends its paragraph: the next
  line starts a new line; longer lines are hard-wrapped text, joined with a space.
  The writer writes each paragraph on its own line, splitting a long one that does
  not end a sentence so that its last line is short. (Its break is lost only in
  the rare paragraph where every such split falls just after a sentence end:
  '… 60 characters of text. Two words'.)
* A role a record's type has no name tag for (a chapter's book author …) is
  written as a note ``N1  - Creator (<CSL role>): Family, Given`` (never as an
  author), and such a note is read back as the creator with its role.
* A missing final ``ER`` closes the record at the end of the file; a new
  ``TY`` closes an open record.
* Where one value is expected and several come, the first is kept and the
  rest go to ``extra["ris:<TAG>"]``. Every tag we do not map goes there too,
  and the writer writes those tags back.

Mapping: see ``TYPE_IN`` / ``TYPE_OUT`` and :func:`_build_record`.

Speed: a record written the usual way (``TY  -`` first, ``ER  -`` last, a
two-space tag on every line) is split by two regular expressions in one step;
any other line goes through the line-by-line rules above, with the same result.
Names and dates are read once per distinct value. ``RisFormat.read_chunks``
yields the records 2,000 at a time, holding no more than a chunk of entries: how
a name without a comma is read depends on the whole file, so a first pass over
the text reads only the name and note tags, and a second splits and builds the
entries a chunk at a time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from app.core.formats import Failure, Format, ReadResult, register
from app.core.formats.tagged import (CALL_NUMBER, CHUNK_RECORDS, add_extra, doi_of_field,
                                     gc_paused, keep_unmapped, kept_values, read_entries)
from app.core.normalize.dates import format_ris_date, parse_date
from app.core.normalize.names import parse_name
from app.core.normalize.pages import normalize_pages
from app.core.records import (CREATOR_ROLES, Creator, PartialDate, Record, extract_doi,
                              has_cjk)

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


_NON_ISBN_CHAR_RE = re.compile(r"[^0-9Xx]")
_ISSN_WITH_SPACE_RE = re.compile(r"\s*\d{4}-\d{3}[\dXx]\s*")


def _is_isbn(value: str) -> bool:
    if _ISSN_FULL_RE.fullmatch(value):
        return False
    digits = _NON_ISBN_CHAR_RE.sub("", value)
    return len(digits) in (10, 13) and _ISBN_RE.search(value) is not None \
        and not _ISSN_WITH_SPACE_RE.fullmatch(value)


def _is_issn(value: str) -> bool:
    if _ISSN_FULL_RE.fullmatch(value):
        return True
    return _ISSN_RE.search(value) is not None and not _is_isbn(value)


# value -> (family, given, literal) as ris_name reads it, for names written
# without and with whole_without_comma. Files repeat their names, and the reading
# of a name depends on nothing else.
_NAME_CACHE: tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, str]]] = ({}, {})
_NAME_CACHE_MAX = 50000


def ris_name(value: str, role: str, whole_without_comma: bool = False) -> Creator:
    """One RIS/Refer name.

    'Family, Given' is split at the first comma; CJK names are kept whole;
    'Smith JA' (family and initials, as PubMed writes it) is split; one word
    is a family name. Another name without a comma is read 'Given Family',
    unless *whole_without_comma* (the file writes its personal names with a
    comma, so a name without one is a body or a name as written: kept whole).
    """
    cache = _NAME_CACHE[1 if whole_without_comma else 0]
    hit = cache.get(value)
    if hit is not None:
        return Creator(hit[0], hit[1], hit[2], role)
    c = _read_name(value, role, whole_without_comma)
    if len(cache) >= _NAME_CACHE_MAX:
        cache.clear()
    cache[value] = (c.family, c.given, c.literal)
    return c


def _read_name(value: str, role: str, whole_without_comma: bool) -> Creator:
    v = value.strip()
    if v[-1:] in (",", ";"):
        corporate = v[-1] == ","
        v = v.rstrip(",;").strip()
        if corporate and " " in v and "," not in v and not has_cjk(v):
            # 'U.S. Food and Drug Administration,': EndNote's mark of a corporate author
            return Creator("", "", v, role)
    cjk = has_cjk(v)
    if "," in v and not cjk:
        family, _, given = v.partition(",")
        return Creator(family.strip(), given.strip(), "", role)
    if cjk:
        if _PLAIN_CJK_RE.fullmatch(v):
            return Creator("", "", v.replace(" ", ""), role)
        return parse_name(v, role)
    words = v.split()
    if len(words) == 1:
        return Creator(v, "", "", role)
    if _is_initials_form(words):
        return parse_name(v, role)
    if whole_without_comma:
        return Creator("", "", v, role)
    return parse_name(v, role)


_PLAIN_CJK_RE = re.compile(r"[^\x00-\x7f,，;；\d\s*†‡§¶#¹²³⁴⁵⁶⁷⁸⁹⁰]+(?: [^\x00-\x7f,，;；\d\s*†‡§¶#]+)*")
_INITIALS_RE = re.compile(r"[A-Z]{1,3}")


def _is_initials_form(words: list[str]) -> bool:
    return len(words) >= 2 and _INITIALS_RE.fullmatch(words[-1]) is not None \
        and _INITIALS_RE.fullmatch(words[0]) is None


def _name_kind(v: str) -> int:
    """1 for a name with a comma, 2 for a Latin-script multi-word name without one
    ('Given Family'), 0 for any other: a file writes its personal names with a comma
    if it has some of kind 1 and no more of kind 2 (see :func:`_file_wide`)."""
    v = v.strip()
    if not v or has_cjk(v):
        return 0
    if "," in v:
        return 1
    words = v.split()
    return 2 if len(words) > 1 and not _is_initials_form(words) else 0


def creator_to_ris(c: Creator) -> str:
    """'Family, Given' (or the literal / CJK name whole). A body's name of several
    words gets a trailing comma ('World Health Organization,'), EndNote's mark of a
    corporate author, so that it is not read back as 'Given Family'."""
    if c.literal:
        if " " in c.literal and "," not in c.literal and not has_cjk(c.literal):
            return c.literal + ","
        return c.literal
    if c.given:
        return f"{c.family}, {c.given}"
    return c.family


# A creator whose role a tagged format has no tag for (a chapter's book author in
# RIS, an interviewer in EndNote …) is written as a note line "Creator (<CSL
# role>): Family, Given": other tools show the name, and our readers take the
# line back as the creator with its role. It is never written as an author.
_ROLE_NOTE_RE = re.compile(r"Creator \(([a-z][a-z-]*)\): (\S.*)")


def role_note(c: Creator) -> str:
    """The note line that keeps *c* and its role (see :func:`creator_of_note`)."""
    return f"Creator ({c.role}): {creator_to_ris(c)}"


def creator_of_note(note: str) -> Creator | None:
    """The creator of a :func:`role_note` line, or None for any other note."""
    m = _ROLE_NOTE_RE.fullmatch(note.strip())
    if m is None or m.group(1) not in CREATOR_ROLES:
        return None
    c = ris_name(m.group(2), m.group(1))
    return c if c.family or c.literal else None


def take_role_notes(notes: list[str], creators: list[Creator]) -> list[str]:
    """*notes* without the role-note lines, whose creators are appended to *creators*."""
    if not any(n.startswith("Creator (") for n in notes):
        return notes
    kept = []
    for n in notes:
        c = creator_of_note(n) if n.startswith("Creator (") else None
        if c is None:
            kept.append(n)
        else:
            creators.append(c)
    return kept


_KEYWORD_SEP_RE = re.compile(r"\s*[;；]\s*")


def split_keywords(values: list[str]) -> list[str]:
    """KW values: each line a keyword, and ';' separates several on one line."""
    out: list[str] = []
    for v in values:
        if "\n" in v or ";" in v or "；" in v:
            for line in v.split("\n"):
                parts = _KEYWORD_SEP_RE.split(line) if (";" in line or "；" in line) else [line]
                for kw in parts:
                    kw = kw.strip()
                    if kw and kw not in out:
                        out.append(kw)
        else:
            kw = v.strip()
            if kw and kw not in out:
                out.append(kw)
    return out


class _Source:
    """The text a file's entries come from (as given, a BOM and all), for the raw
    text of failure reports.

    If the text is read as it is (*plain*, from :func:`_plain_lines`, is the text
    itself: no line breaks but LF and CRLF, no BOM but at its start), a record's
    lines are found by moving a cursor over it, so a failure late in a big file
    does not split the whole text into lines; otherwise the text's lines are
    split once, when a failure report first needs them."""

    __slots__ = ("text", "_as_is", "_lines", "_line", "_pos", "_start")

    def __init__(self, text: str, plain: str = "", start: int = 0) -> None:
        self.text = text
        self._as_is = plain is text
        self._lines: list[str] | None = None
        self._line, self._pos, self._start = 1, start, start

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.lstrip("\ufeff").splitlines()
        return self._lines

    def raw_lines(self, first: int, last: int) -> list[str]:
        """Lines *first* to *last* (1-based) as str.splitlines() gives them."""
        if not self._as_is:
            return self.lines()[max(first - 1, 0):max(last, 0)]
        text, find, n = self.text, self.text.find, len(self.text)
        if first < 1:
            first = 1
        if first < self._line:  # back to the start
            self._line, self._pos = 1, self._start
        line, pos = self._line, self._pos
        while line < first and first - line >= _SKIP_LINES:
            m = _SKIP_RE.match(text, pos)
            if m is None:
                break
            line, pos = line + _SKIP_LINES, m.end()
        while line < first and pos < n:
            nl = find("\n", pos)
            pos = n if nl < 0 else nl + 1
            line += 1
        self._line, self._pos = line, pos
        out: list[str] = []
        while line <= last and pos < n:
            nl = find("\n", pos)
            end = n if nl < 0 else nl
            # no lone CR in such a text: a "\r" ends a line only as part of "\r\n"
            out.append(text[pos:end - 1] if text.startswith("\r", end - 1) and end > pos
                       else text[pos:end])
            pos = end + 1
            line += 1
        return out


# A run of lines skipped in one step by _Source.raw_lines.
_SKIP_LINES = 256
_SKIP_RE = re.compile(r"(?:[^\n]*\n){%d}" % _SKIP_LINES)


class _RawEntry:
    """The tags of one record in file order, with its first and last line number."""

    __slots__ = ("line", "tags", "end", "_src")

    def __init__(self, line: int, src: _Source) -> None:
        self.line = line
        self.end = line
        self.tags: list[tuple[str, str]] = []
        self._src = src

    @property
    def raw_lines(self) -> list[str]:
        """The record's lines as in the file (for failure reports)."""
        return self._src.raw_lines(self.line, self.end)


# Line breaks str.splitlines() knows besides "\n" and "\r\n"; a text holding any of
# them (or a lone "\r") is rejoined with "\n" before it is parsed.
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_LONE_CR_RE = re.compile("\r(?!\n)")
# A record written the way nearly every exporter writes it: "TY  -" first, "ER  -"
# last and a two-space tag on every line in between (and the blank lines after it).
# Such a record is read in one step; any other line goes through the line-by-line
# rules of parse_entries.
_PLAIN_RECORD_RE = re.compile(r"TY  -[^\n]*\n(?:(?!TY  -|ER  -)[A-Z][A-Z0-9]  -[^\n]*\n)*"
                              r"ER  -[^\n]*(?:\n|\Z)((?:[^\S\n]*\n)*)")
# (tag, stripped value) of each line of such a record.
_PLAIN_LINE_RE = re.compile(r"([A-Z][A-Z0-9])  -[^\S\n]*((?:[^\n]*\S)?)[^\S\n]*(?:\n|\Z)")


def _plain_lines(text: str) -> tuple[str, int]:
    """*text* with every line break made "\\n" ("\\r\\n" stays, its "\\r" is
    trailing space), so that "\\n" separates the lines str.splitlines() finds, and
    without BOMs; and where its first line starts. A text that needs none of
    this but has a BOM at its start is not copied: its first line starts after
    the BOM."""
    start = 0
    while text.startswith("\ufeff", start):
        start += 1
    if any(b in text for b in _ODD_BREAKS) or _LONE_CR_RE.search(text):
        text, start = "\n".join(text[start:].splitlines()), 0
    if text.find("\ufeff", start) >= 0:
        text, start = text[start:].replace("\ufeff", ""), 0
    return text, start


def parse_entries(text: str) -> tuple[list[_RawEntry], list[Failure]]:
    """Split RIS *text* into raw tagged entries (no field mapping)."""
    failures: list[Failure] = []
    entries = list(_entries(*_sources(text), failures))
    return entries, failures


def _sources(text: str) -> tuple[_Source, str, int]:
    """The source of *text*'s failure reports, and its text with plain line breaks
    and where its first line starts (:func:`_plain_lines`): mostly *text* itself."""
    plain, start = _plain_lines(text)
    return _Source(text, plain, start), plain, start


# An abstract's line that ends a paragraph: shorter than a hard-wrapped line (Zotero's
# RIS.js takes a line under 60 characters as one) or ending a sentence. The next line
# then starts a new line of the abstract; other lines are joined with a space.
_PARAGRAPH_END_LEN = 60
_SENTENCE_END = (".", "!", "?", "。", "！", "？", ":", "：")


def _ends_paragraph(line: str) -> bool:
    return len(line) < _PARAGRAPH_END_LEN or line.endswith(_SENTENCE_END)


def _entries(src: _Source, plain: str, start: int, failures: list[Failure],
             names_only: bool = False) -> Iterator[_RawEntry]:
    """The raw tagged entries of *plain* from *start* on (see :func:`_sources`) one
    by one, in file order; once they are all given, a failure if there is none is
    added to *failures*.

    *names_only* is for a first pass over a file (:func:`_file_wide`): the entries
    are the same, but a record written the usual way holds only its name and note
    tags (``_FLAG_TAGS``, as read in full), and the line numbers of the entries
    are not tracked (they are wrong after the first such record)."""
    found_any = False
    cur: _RawEntry | None = None
    orphan_line: int | None = None
    tag_match = _TAG_RE.match
    record_match = _PLAIN_RECORD_RE.match
    record_lines = _PLAIN_LINE_RE.findall
    name_lines = _FLAG_LINE_RE.findall
    find = plain.find
    startswith = plain.startswith
    pos, lineno, n = start, 1, len(plain)
    last = ""  # the previous physical line's value (for an abstract's line breaks)
    while pos < n:
        if startswith("TY  -", pos):
            m = record_match(plain, pos)
            if m is not None:
                if cur is not None:
                    found_any = True
                    yield cur
                    cur = None
                end = m.start(1)
                e = _RawEntry(lineno, src)
                if names_only:
                    e.tags = name_lines(plain, pos, end)
                else:
                    blank = m.group(1)
                    found = record_lines(plain, pos, end)
                    e.tags = found
                    del found[-1]  # ER
                    lineno += len(found)
                    e.end = lineno
                    lineno += 1 + (blank.count("\n") if blank else 0)
                pos = m.end()
                found_any = True
                yield e
                continue
        nl = find("\n", pos)
        if nl < 0:
            nl = n
        line = plain[pos:nl].rstrip()
        pos = nl + 1
        lineno += 1
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
                    found_any = True
                    yield cur
                cur = _RawEntry(lineno - 1, src)
                cur.tags.append((tag, value))
                continue
            if cur is None:
                if tag == "ER":
                    continue
                if orphan_line is None:
                    orphan_line = lineno - 1
                continue
            cur.end = lineno - 1
            if tag == "ER":
                found_any = True
                yield cur
                cur = None
                continue
            cur.tags.append((tag, value))
            last = value
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
        cur.end = lineno - 1
        if not cur.tags:
            continue
        tag, prev = cur.tags[-1]
        last_line, last = last, stripped
        if tag in _LIST_CONT_TAGS:
            cur.tags.append((tag, stripped))
        elif tag in _NEWLINE_CONT_TAGS:
            cur.tags[-1] = (tag, f"{prev}\n{stripped}" if prev else stripped)
        elif tag in _ABSTRACT_TAGS and prev and _ends_paragraph(last_line):
            cur.tags[-1] = (tag, f"{prev}\n{stripped}")
        else:
            cur.tags[-1] = (tag, f"{prev} {stripped}" if prev else stripped)
    if cur is not None:
        found_any = True
        yield cur
    if orphan_line is not None and not found_any:
        failures.append(Failure("", orphan_line, "tagged lines without a 'TY  - ' line; "
                                "not a RIS record"))
    elif not found_any and src.text.strip():
        failures.append(Failure("", 1, "no RIS record found (no 'TY  - ' line)"))


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


def _is_procite_note(value: str) -> bool:
    """True if an N1 value is one of ProCite's labelled notes."""
    if value.startswith(_PROCITE_MARKERS):
        m = _PROCITE_LABEL_RE.fullmatch(value.strip())
        return m is not None and m.group(1) in _PROCITE_MARKERS
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


# Tags the builder always maps (or keeps on purpose); the others go to extra.
# C3, CP, PP and the custom creator tags are mapped only in some cases (see
# _build_record).
_MAPPED = frozenset(("AU", "A1", "A2", "ED", "A3", "A4", "TI", "T1", "CT", "T2", "T3",
                     "BT", "JF", "JO", "JA", "J2", "J1", "ST", "TT", "DA", "PY", "Y1",
                     "Y2", "VL", "IS", "SP", "EP", "M1", "DO", "UR", "SN", "PB", "CY",
                     "LA", "ET", "M3", "ID", "AB", "N2", "KW", "N1", "CN"))
_DATE_ORDER = {"DA": 0, "PY": 1, "Y1": 2}
_TITLE_TAGS = frozenset(("TI", "T1", "CT"))
_DATE_TAGS = frozenset(("DA", "PY", "Y1"))
_ABSTRACT_TAGS = frozenset(("AB", "N2"))
_NOTE_DOI_RE = re.compile(r"\s*(?:doi:?\s*)?10\.\d{4,9}/\S+\s*$", re.I)
_URL_SPLIT_RE = re.compile(r"\s*;\s*|\s+")
_WS_RUN_RE = re.compile(r"\s+")


def _role_map(ty: str) -> dict[str, str | None]:
    """Name tag -> role for a record of RIS type *ty* (None: not a person of the
    work, kept in extra)."""
    roles = _CREATOR_TAGS_BY_TYPE.get(ty, {})
    out: dict[str, str | None] = {t: roles.get(t, r) for t, r in _AUTHOR_TAGS.items()}
    out.update(_CUSTOM_CREATOR_TAGS.get(ty, {}))
    return out


_ROLE_MAPS: dict[str, dict[str, str | None]] = {}
# (date tag, value) pairs of a record -> (issued, the pairs kept in extra). Records
# repeat their dates, and a date's reading depends on nothing else.
_DATE_CACHE: dict[tuple[tuple[str, str], ...],
                  tuple[PartialDate | None, list[tuple[str, str]]]] = {}
_DATE_CACHE_MAX = 20000


def _dates(date_vals: tuple[tuple[str, str], ...]
           ) -> tuple[PartialDate | None, list[tuple[str, str]]]:
    """The issued date of a record's (tag, value) date pairs, and the pairs of
    another year, which are kept in extra."""
    hit = _DATE_CACHE.get(date_vals)
    if hit is not None:
        return hit
    parsed_dates: dict[str, PartialDate | None] = {}
    issued = _date_candidates(list(date_vals), parsed_dates)
    kept: list[tuple[str, str]] = []
    if issued is not None and issued.year is not None:
        for t, v in date_vals:
            d = parsed_dates.get(v)
            if d is not None and d.year is not None and d.year != issued.year:
                kept.append((t, v))
    if len(_DATE_CACHE) >= _DATE_CACHE_MAX:
        _DATE_CACHE.clear()
    _DATE_CACHE[date_vals] = (issued, kept)
    return issued, kept


_DATE2_CACHE: dict[tuple[str, str], tuple[PartialDate | None, list[tuple[str, str]]]] = {}


def _dates2(da: str, py: str) -> tuple[PartialDate | None, list[tuple[str, str]]]:
    """:func:`_dates` of a record with one DA value and one PY value at most ('' for
    none). Which comes first in the file does not matter: the date read does not
    depend on it, and at most one of the two is kept in extra."""
    key = (da, py)
    hit = _DATE2_CACHE.get(key)
    if hit is None:
        pairs = tuple((t, v) for t, v in (("DA", da), ("PY", py)) if v)
        hit = _dates(pairs) if pairs else (None, [])
        if len(_DATE2_CACHE) >= _DATE_CACHE_MAX:
            _DATE2_CACHE.clear()
        _DATE2_CACHE[key] = hit
    return hit


def _take(by_tag: dict[str, list[str]], extra: dict[str, Any], tag: str) -> str:
    """The first non-empty value of *tag*; the others go to ``extra["ris:<tag>"]``.
    (A tag given once is taken as it is, even empty.)"""
    vals = by_tag.get(tag)
    if not vals:
        return ""
    if len(vals) == 1:
        return vals[0]
    vals = [v for v in vals if v]
    for v in vals[1:]:
        add_extra(extra, f"ris:{tag}", v)
    return vals[0] if vals else ""


def _in_order(tags: list[tuple[str, str]], by_tag: dict[str, list[str]],
              wanted: frozenset[str]) -> list[tuple[str, str]]:
    """The non-empty (tag, value) pairs of the *wanted* tags in file order."""
    found = ""
    for t in wanted:
        if t in by_tag:
            if found:  # several of the tags: in file order
                return [(t, v) for t, v in tags if t in wanted and v]
            found = t
    if not found:
        return []
    vals = by_tag[found]
    if len(vals) == 1:
        return [(found, vals[0])] if vals[0] else []
    return [(found, v) for v in vals if v]


def _first(vals: list[str] | None) -> str:
    """The first non-empty value of *vals*, '' if none."""
    if vals:
        for v in vals:
            if v:
                return v
    return ""


def _build_record(entry: _RawEntry, whole_names: bool = False,
                  procite: bool = False) -> Record:
    if procite:
        entry.tags = procite_tags(entry.tags)
    tags = entry.tags
    rec = Record()
    extra: dict[str, Any] = {}
    ty = tags[0][1].strip().upper() if tags else ""
    rtype = rec.type = TYPE_IN.get(ty, "document")
    if ty and TYPE_OUT.get(rtype) != ty:
        extra["ris:TY"] = [ty]
    rolemap = _ROLE_MAPS.get(ty)
    if rolemap is None:
        rolemap = _role_map(ty)
        if len(_ROLE_MAPS) < 256:
            _ROLE_MAPS[ty] = rolemap

    # the values by tag, in file order
    by_tag: dict[str, list[str]] = {}
    get = by_tag.get
    rest = iter(tags)
    next(rest, None)  # TY
    for tag, value in rest:
        if tag in by_tag:
            by_tag[tag].append(value)
        else:
            by_tag[tag] = [value]

    # creators, in file order
    name_tags = rolemap.keys() & by_tag.keys()
    if name_tags:
        creators = rec.creators
        cache = _NAME_CACHE[1 if whole_names else 0]
        if len(name_tags) == 1 and rolemap[next(iter(name_tags))] is not None:
            (tag,) = name_tags
            role = rolemap[tag]
            keep_empty = tag not in _AUTHOR_TAGS  # a custom tag's name is kept as read
            for value in by_tag[tag]:
                if value:
                    hit = cache.get(value)  # ris_name()'s cache, without the call
                    c = Creator(hit[0], hit[1], hit[2], role) if hit is not None \
                        else ris_name(value, role, whole_names)
                    if c.family or c.literal or keep_empty:
                        creators.append(c)
        else:
            for tag, value in tags:
                if value and tag in rolemap:
                    role = rolemap[tag]
                    if role is None:
                        add_extra(extra, f"ris:{tag}", value)
                        continue
                    hit = cache.get(value)
                    c = Creator(hit[0], hit[1], hit[2], role) if hit is not None \
                        else ris_name(value, role, whole_names)
                    if c.family or c.literal or tag not in _AUTHOR_TAGS:
                        creators.append(c)

    # titles
    title = ""
    ti = get("TI")
    if ti is not None and len(ti) == 1 and "T1" not in by_tag and "CT" not in by_tag:
        title = ti[0]
    else:
        titles = _in_order(tags, by_tag, _TITLE_TAGS)
        if titles:
            title = titles[0][1]
            for t, v in titles[1:]:
                add_extra(extra, f"ris:{t}", v)
    t2 = _take(by_tag, extra, "T2") if "T2" in by_tag else ""
    t3 = _take(by_tag, extra, "T3") if "T3" in by_tag else ""
    bt = _take(by_tag, extra, "BT") if "BT" in by_tag else ""
    jf = _take(by_tag, extra, "JF") if "JF" in by_tag else ""
    jo = _take(by_tag, extra, "JO") if "JO" in by_tag else ""
    abbrevs = [v for t in ("JA", "J2", "J1") for v in get(t, ()) if v] \
        if "JA" in by_tag or "J2" in by_tag or "J1" in by_tag else []
    used_c3 = False
    container = container_short = collection = ""
    if rtype in _BOOK_LIKE:
        if not title and bt:
            title, bt = bt, ""
        collection = t2 or t3
        if t2 and t3:
            add_extra(extra, "ris:T3", t3)
        candidates = [("JF", jf), ("JO", jo), ("BT", bt)]
    else:
        if not title and bt and rtype != "chapter":
            title, bt = bt, ""
        collection = t3
        candidates = [("T2", t2), ("JF", jf), ("JO", jo), ("BT", bt)]
        c3 = _first(get("C3")) if "C3" in by_tag else ""
        if ty in ("CONF", "CPAPER") and c3:
            # T2 is the conference's name, C3 the proceedings' title (RIS spec).
            # Without C3, T2 is the only venue the record names (IEEE Xplore writes
            # the proceedings there), so it stays the container.
            used_c3 = True
            candidates = [("C3", c3), ("JF", jf), ("JO", jo), ("BT", bt)]
            if t2:  # the value first read comes before repeated values
                extra.setdefault("ris:T2", []).insert(0, t2)
        elif ty in ("WEB", "ELEC", "BLOG") and abbrevs:
            candidates = [("J2", abbrevs[0]), ("T2", t2), ("JF", jf), ("JO", jo)]
            abbrevs = abbrevs[1:]
        elif ty in ("CASE", "LEGAL"):
            # the reporter (a publication) sits in A2; T2 is an abbreviated name
            reporter = _first(get("A2"))
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
        container = candidates[0][1]
    if abbrevs:
        container_short = abbrevs[0]
        for v in abbrevs[1:]:
            if v != container_short:
                add_extra(extra, "ris:J2", v)
    if not container_short and jo and jo != container and ("JO", jo) in candidates[1:]:
        container_short = jo
    for t, v in candidates[1:]:
        if v != container and v != container_short:
            # the value first read comes before any repeated values of its tag
            extra.setdefault(f"ris:{t}", []).insert(0, v)
    if not container and container_short and rtype not in _BOOK_LIKE:
        container = container_short
    rec.title = _one_line(title) if title else ""
    rec.container_title = _one_line(container) if container else ""
    rec.container_title_short = _one_line(container_short) if container_short else ""
    rec.collection_title = _one_line(collection) if collection else ""
    if ty == "GEN" and rec.container_title:
        # a generic record in a periodical is a journal article (as Zotero reads it)
        rtype = rec.type = "article-journal"
        extra["ris:TY"] = ["GEN"]
    if "ST" in by_tag:
        rec.title_short = _take(by_tag, extra, "ST")
    if "TT" in by_tag:
        rec.title_translated = _take(by_tag, extra, "TT")

    # dates
    da, py = get("DA"), get("PY")
    if (da is None or len(da) == 1) and (py is None or len(py) == 1) and "Y1" not in by_tag:
        # one DA and one PY at most: their order in the file changes nothing
        if da is not None or py is not None:
            issued, kept = _dates2(da[0] if da else "", py[0] if py else "")
            rec.issued = issued
            for t, v in kept:
                add_extra(extra, f"ris:{t}", v)
    else:
        date_vals = _in_order(tags, by_tag, _DATE_TAGS)
        if date_vals:
            issued, kept = _dates(tuple(date_vals))
            rec.issued = issued
            for t, v in kept:
                add_extra(extra, f"ris:{t}", v)
    if "Y2" in by_tag:
        y2 = _take(by_tag, extra, "Y2")
        if y2:
            rec.accessed = parse_date(y2)
    if "CN" in by_tag:  # the call number, under CSL's key as EndNote's %L
        cn = _take(by_tag, extra, "CN")
        if cn:
            extra[CALL_NUMBER] = cn

    # numbers and pages
    if "VL" in by_tag:
        rec.volume = _take(by_tag, extra, "VL")
    used_cp = False
    issue = _take(by_tag, extra, "IS") if "IS" in by_tag else ""
    if not issue:
        used_cp = True
        if "CP" in by_tag:
            issue = _take(by_tag, extra, "CP")
    rec.issue = issue
    sp = _take(by_tag, extra, "SP") if "SP" in by_tag else ""
    ep = _take(by_tag, extra, "EP") if "EP" in by_tag else ""
    if sp and ep:
        rec.pages = normalize_pages(f"{sp}-{ep}") if "-" not in sp else normalize_pages(sp)
    elif sp or ep:
        rec.pages = normalize_pages(sp or ep)
    if "M1" in by_tag:
        m1_count = len([v for v in by_tag["M1"] if v])
        m1 = _take(by_tag, extra, "M1")
        if m1:
            if rtype == "article-journal" and not issue and m1_count == 1:
                rec.issue = m1
            else:
                rec.number = m1

    # identifiers and links
    if "DO" in by_tag:
        doi_src = _take(by_tag, extra, "DO")
        if doi_src:
            rec.doi = doi_of_field(doi_src)
            if not rec.doi:
                add_extra(extra, "ris:DO", doi_src)
    if "UR" in by_tag:
        urls: list[str] = []
        for v in by_tag["UR"]:
            if " " in v or ";" in v or "\t" in v:
                urls += [u for u in _URL_SPLIT_RE.split(v) if u]
            elif v:
                urls.append(v)
        if urls:
            rec.url = urls[0]
            for u in urls[1:]:
                add_extra(extra, "ris:UR", u)
    if "SN" in by_tag:
        isbn = issn = ""
        for v in by_tag["SN"]:
            if not v:
                continue
            v_isbn = _is_isbn(v)
            if v_isbn and not isbn:
                isbn = v
            elif not v_isbn and _is_issn(v):
                if not issn:
                    issn = v
                else:
                    add_extra(extra, "ris:SN", v)
            elif not v_isbn and not (isbn or issn):
                if rtype in _ISBN_TYPES:
                    isbn = v
                else:
                    issn = v
            else:
                add_extra(extra, "ris:SN", v)
        rec.isbn, rec.issn = isbn, issn

    # publication facts
    if "PB" in by_tag:
        rec.publisher = _take(by_tag, extra, "PB")
    used_pp = False
    place = _take(by_tag, extra, "CY") if "CY" in by_tag else ""
    if not place:
        used_pp = True
        if "PP" in by_tag:
            place = _take(by_tag, extra, "PP")
    rec.place = place
    if "LA" in by_tag:
        rec.language = _take(by_tag, extra, "LA")
    if "ET" in by_tag:
        et = _take(by_tag, extra, "ET")
        if et:
            if rtype in _JOURNAL_LIKE:
                add_extra(extra, "ris:ET", et)
            else:
                rec.edition = et
    if "M3" in by_tag:
        m3 = _take(by_tag, extra, "M3")
        if m3:
            d = doi_of_field(m3) if m3.lower().startswith("doi") else ""
            if d and not rec.doi:
                rec.doi = d
            elif d:
                add_extra(extra, "ris:M3", m3)
            else:
                rec.genre = m3
    if "ID" in by_tag:
        rec.citation_key = _take(by_tag, extra, "ID")

    # text
    ab = get("AB")
    if ab is not None and len(ab) == 1 and "N2" not in by_tag:
        rec.abstract = ab[0]
    elif "AB" in by_tag or "N2" in by_tag:
        abstracts = _in_order(tags, by_tag, _ABSTRACT_TAGS)
        if abstracts:
            abstract = rec.abstract = abstracts[0][1]
            for t, v in abstracts:
                if v != abstract:
                    add_extra(extra, f"ris:{t}", v)
    if "KW" in by_tag:
        rec.keywords = split_keywords(by_tag["KW"])
    if "N1" in by_tag:
        notes = rec.notes = take_role_notes([v for v in by_tag["N1"] if v], rec.creators)
        if not rec.doi:
            for v in notes:
                if _NOTE_DOI_RE.match(v):
                    rec.doi = extract_doi(v)
                    break

    # everything else is kept
    if not by_tag.keys() <= _MAPPED:
        used = set(_MAPPED)
        used.update(t for t in rolemap if t not in _AUTHOR_TAGS)
        if used_c3:
            used.add("C3")
        if used_cp:
            used.add("CP")
        if used_pp:
            used.add("PP")
        keep_unmapped(tags[1:], used, extra, "ris:")
    rec.extra = extra
    return rec


def _one_line(v: str) -> str:
    """*v* with every run of white space (tabs, line breaks) one space."""
    if "  " in v or "\t" in v or "\n" in v:
        return _WS_RUN_RE.sub(" ", v).strip()
    return v


def _parse_into(text: str, source: str, result: ReadResult) -> list[_RawEntry]:
    """The entries of *text*; what cannot be read is added to *result*'s failures."""
    try:
        entries, failures = parse_entries(text)
    except (ValueError, IndexError) as exc:  # defensive: never crash on a file
        log.exception("RIS parse failed")
        result.failures.append(Failure(source, None, f"cannot read RIS: {exc}"))
        return []
    for f in failures:
        f.source = source
        result.failures.append(f)
    return entries


# The tags _file_wide looks at: True for a name, False for a note.
_FLAG_TAGS = {**dict.fromkeys(_AUTHOR_TAGS, True), "N1": False}
# The lines of these tags in a record written the usual way (inside the span
# _PLAIN_RECORD_RE matched, so every line there is a tag line), with the value
# as _PLAIN_LINE_RE reads it.
_FLAG_LINE_RE = re.compile(r"\n(" + "|".join(sorted(_FLAG_TAGS)) +
                           r")  -[^\S\n]*((?:[^\n]*\S)?)")


def _file_wide(entries: Iterable[_RawEntry]) -> tuple[Callable[[_RawEntry], Record], int]:
    """The function that builds the records of a file's *entries*, and how many
    entries there are. Two things depend on the whole file: a name without a comma
    is kept whole if most of the file's Latin-script multi-word names are 'Family,
    Given' (:func:`_name_kind`), and notes are read as ProCite's labelled fields if
    any note carries such a label. Only the tags in ``_FLAG_TAGS`` are looked at."""
    counts = [0, 0, 0]
    kinds: dict[str, int] = {}
    procite = False
    flag_tag = _FLAG_TAGS.get
    n = 0
    for e in entries:
        n += 1
        for tag, value in e.tags:
            f = flag_tag(tag)
            if f is None:
                continue
            if f:  # a name
                k = kinds.get(value)
                if k is None:
                    k = kinds[value] = _name_kind(value)
                counts[k] += 1
            elif not procite and _is_procite_note(value):
                procite = True
    whole_names = counts[1] > 0 and counts[1] >= counts[2]
    return (lambda e: _build_record(e, whole_names, procite)), n


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
            entries = _parse_into(text, source, result)
            if entries:
                read_entries(entries, _file_wide(entries)[0], source, "RIS", result)
                entries.clear()  # freed before the collector wakes up: less for it to scan
            return result

    def read_chunks(self, text: str, source: str = "",
                    chunk_records: int = CHUNK_RECORDS) -> Iterator[ReadResult]:
        """The records of *text* in results of *chunk_records* records each, as
        :meth:`read` reads them. Line numbers are the file's.

        Two passes over the text, so that no more than a chunk of entries is held
        at a time: the first reads only what the file-wide rules of
        :func:`_file_wide` need (the name and note tags; the other tags of a record
        written the usual way are not even split out) and counts the entries; the
        second splits and builds the entries a chunk at a time."""
        result = ReadResult()
        src, plain, start = _sources(text)
        del text
        failures: list[Failure] = []
        try:
            with gc_paused():
                build, total = _file_wide(_entries(src, plain, start, [], names_only=True))
        except (ValueError, IndexError) as exc:  # defensive, as in _parse_into
            log.exception("RIS parse failed")
            result.failures.append(Failure(source, None, f"cannot read RIS: {exc}"))
            yield result
            return
        # the second pass runs the same rules over the same text: it gives *total*
        # entries (and a failure only if there are none, in the first result)
        entries = _entries(src, plain, start, failures)
        done = 0
        while True:
            with gc_paused():
                batch = list(islice(entries, chunk_records))
                for f in failures:
                    f.source = source
                result.failures += failures
                failures.clear()
                read_entries(batch, build, source, "RIS", result)
                n = len(batch)
                done += n
                del batch
            result.done_fraction = done / total if total and done < total else 1.0
            yield result
            if done >= total or n < chunk_records:
                return
            result = ReadResult()

    def write(self, records: Iterable[Record], **options: object) -> str:
        return "".join([_ris_text(r, _END_BLANK) for r in records])


def _ris_line(tag: str, value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return f"{tag}  - {value.strip()}\n"
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip() for ln in value.split("\n")]
    lines = [ln for ln in lines if ln] or [""]
    if tag in _ABSTRACT_TAGS:
        lines = [part for ln in lines[:-1] for part in _paragraph_lines(ln)] + lines[-1:]
    return f"{tag}  - {lines[0]}\n" + "".join(f"{ln}\n" for ln in lines[1:])


def _paragraph_lines(line: str) -> list[str]:
    """An abstract's paragraph (not its last) as lines the reader ends the paragraph
    after (:func:`_ends_paragraph`): a long paragraph that does not end a sentence
    is split at a space so that its last line is short and the line before is not."""
    if _ends_paragraph(line):
        return [line]
    cut = len(line)
    while True:
        cut = line.rfind(" ", 0, cut)
        if cut < 0 or len(line) - cut - 1 >= _PARAGRAPH_END_LEN:
            return [line]  # no space near the end: the break is lost (rare)
        head = line[:cut].rstrip()
        # (a last line that is only a number would read as an Ovid record number)
        if not _ends_paragraph(head) and not _OVID_NUM_RE.match(line[cut + 1:]):
            return [head, line[cut + 1:].lstrip()]


def _tags_by_role(ty: str) -> dict[str | None, str]:
    """Role -> the name tag a record of RIS type *ty* writes it under (AU if none)."""
    type_roles = _CREATOR_TAGS_BY_TYPE.get(ty, {})
    out: dict[str | None, str] = {}
    for cand in ("AU", "A2", "ED", "A3", "A4"):
        out.setdefault(type_roles.get(cand, _AUTHOR_TAGS[cand]), cand)
    for cand, role in _CUSTOM_CREATOR_TAGS.get(ty, {}).items():
        out.setdefault(role, cand)
    return out


_TAGS_BY_ROLE: dict[str, dict[str | None, str]] = {}
# a range of page numbers ('12-15', 'e123-e130', 'S1-S9', 'iv-xii'), not a page id with
# a hyphen ('PS-2B.16', 'A-2'): each side is a number with at most a short prefix/suffix
_PAGE_SIDE = r"(?:[A-Za-z]{0,3}\d[\w.]*|[ivxlcdm]+|[IVXLCDM]+)"
_PAGE_RANGE_RE = re.compile(f"{_PAGE_SIDE}-{_PAGE_SIDE}")


def _ris_type(rec: Record) -> str:
    ty = TYPE_OUT.get(rec.type, "GEN")
    orig = rec.extra.get("ris:TY")
    if orig and isinstance(orig, list):
        o = str(orig[0])
        if TYPE_IN.get(o, "document") == rec.type or (o == "GEN" and rec.type ==
                                                       "article-journal"):
            ty = o
    return ty


def _ris_fields(rec: Record, ty: str) -> list[tuple[str, Any]]:
    """The (tag, value) pairs of *rec* in the order written, ``TY`` first and
    without ``ER``; only values that are set."""
    out: list[tuple[str, Any]] = [("TY", ty)]
    put = out.append
    tag_of = _TAGS_BY_ROLE.get(ty)
    if tag_of is None:
        tag_of = _TAGS_BY_ROLE[ty] = _tags_by_role(ty)
    role_notes = []
    for c in rec.creators:
        name = c.literal or (f"{c.family}, {c.given}" if c.given else c.family)  # creator_to_ris
        if name:
            tag = tag_of.get(c.role)
            if tag is None:  # no tag for this role in this type: a note, not an author
                role_notes.append(role_note(c))
            else:
                put((tag, name))
    if rec.title:
        put(("TI", rec.title))
    container, collection = rec.container_title, rec.collection_title
    if rec.type in _BOOK_LIKE:
        if collection:
            put(("T2", collection))
        if container:
            put(("JF", container))
    else:
        if container:
            if ty in ("CASE", "LEGAL"):
                put(("A2", container))  # the reporter
            elif ty in ("CONF", "CPAPER"):
                put(("C3", container))  # the proceedings; T2 names the conference
            else:
                put(("T2", container))
        if collection:
            put(("T3", collection))
    if rec.container_title_short:
        put(("J2", rec.container_title_short))
    if rec.title_short:
        put(("ST", rec.title_short))
    if rec.title_translated:
        put(("TT", rec.title_translated))
    issued = rec.issued
    if issued and not issued.empty:
        if issued.year is None:
            if issued.literal:
                put(("PY", issued.literal))
        else:
            put(("PY", f"{issued.year:04d}"))
            if issued.month:
                da = format_ris_date(issued)
                if da:
                    put(("DA", da))
    if rec.accessed and not rec.accessed.empty:
        y2 = format_ris_date(rec.accessed)
        if y2:
            put(("Y2", y2))
    if rec.volume:
        put(("VL", rec.volume))
    if rec.issue:
        put(("IS", rec.issue))
    pages = rec.pages
    if pages:
        if _PAGE_RANGE_RE.fullmatch(pages):
            sp, ep = pages.split("-", 1)
            put(("SP", sp))
            put(("EP", ep))
        else:
            put(("SP", pages))
    if rec.number:
        put(("M1", rec.number))
    if rec.edition:
        put(("ET", rec.edition))
    if rec.publisher:
        put(("PB", rec.publisher))
    if rec.place:
        put(("CY", rec.place))
    if rec.isbn:
        put(("SN", rec.isbn))
    if rec.issn:
        put(("SN", rec.issn))
    if rec.doi:
        put(("DO", rec.doi))
    if rec.url:
        put(("UR", rec.url))
    if rec.language:
        put(("LA", rec.language))
    call_number = rec.extra.get(CALL_NUMBER)
    if call_number and isinstance(call_number, str):
        put(("CN", call_number))
    if rec.genre:
        put(("M3", rec.genre))
    if rec.abstract:
        put(("AB", rec.abstract))
    for kw in rec.keywords:
        if kw:
            put(("KW", kw))
    for n in rec.notes:
        if n:
            put(("N1", n))
    for n in role_notes:
        put(("N1", n))
    if rec.citation_key:
        put(("ID", rec.citation_key))
    if rec.extra:
        for tag, v in kept_values(rec.extra, _KEPT_RE):
            if v:
                put((tag, v))
    return out


_END = "ER  - \n"
_END_BLANK = "ER  - \n\n"


def _ris_text(rec: Record, end: str) -> str:
    """*rec* as RIS lines followed by *end* (its ER line)."""
    fields = _ris_fields(rec, _ris_type(rec))
    try:
        lines = [f"{t}  - {v.strip()}\n" for t, v in fields]
    except (AttributeError, TypeError):  # a value that is not text
        lines = None
    if lines is not None:
        lines.append(end)
        text = "".join(lines)
        # one line per value, unless a value holds a line break inside
        if text.count("\n") == len(fields) + end.count("\n") and "\r" not in text:
            return text
    return "".join([_ris_line(t, str(v)) for t, v in fields]) + end


def record_to_ris(rec: Record) -> str:
    """One record as RIS text, ``TY`` first and ``ER`` last."""
    return _ris_text(rec, _END)


register(RisFormat())
