"""Ovid tagged text (Ovid MEDLINE, Embase, PsycINFO, BIOSIS, Zoological Record,
Journals@Ovid, Books@Ovid …), read only.

The file:

* a record starts at a mark line ``<1. >`` (``<N.>``, ``<N>``); a file without
  marks starts a record at each ``VN - Ovid Technologies`` line after the
  first (or at a repeated ``DB``/``AN``/``TI``/``UI`` after a blank line);
  lines before the first record (a search strategy) are skipped;
* a field is ``TAG  - value`` or ``TAG - value`` (tags of two to six capitals
  and digits, ``SCORE``); every line may be indented by the same few spaces;
* a line that is indented further, or that is not a tag line, continues the
  previous value (a blank line inside a value, as between the references of
  ``RF``, becomes a line break);
* Ovid's long field names (the "Complete Reference" display that JabRef reads:
  ``<8>``, then a label line such as ``Accession Number`` or ``Author`` and its
  value on indented lines) are read too: the labels become the tags they stand
  for (``Author`` AU, ``Source`` SO, ``Author Keywords`` KW …), a label we do
  not know is kept under its own name, and ``Chapter Title`` makes a chapter
  whose book is ``Title``.

The mapping (what Zotero's "OVID Tagged" translator reads, and more):

* type from ``PT``/``DT`` (patent, thesis/dissertation, chapter, book,
  report …; journal article otherwise); ``DB`` Books@Ovid is a book;
* ``TI`` the title, without Ovid's label (``[Article]``, ``[References]``),
  surrounding quotes or final full stop;
* ``FA``/``AF`` (full names) or ``AU`` the authors, ``ED`` the editors (several
  names on one line split at ';'; 'Smith JA' and Embase's 'van der Berg A.B.'
  read as family name and initials), without role annotations (``[Inventor,
  Reprint Author]``, ``[Author; E-mail: …]``), footnote marks (``1,2,+``) and
  degrees (``MD, MPH``, ``Ph.D., FACSM``); bare initials get full stops;
  an all-capital family name is written in title case;
* ``SO`` the source, parsed in the styles of Ovid MEDLINE/BIOSIS
  (``Journal. 201(2-3):327-334, November 15, 2004.``), Journals@Ovid
  (``Journal June 2015;58(6):688-696``), PsycINFO (``Journal. Vol.43(5), Sep
  2015, pp. 623-634.``), Embase (``Journal. 385 (9963) (pp 117-171), 2015.``),
  Zoological Record (``Journal. 2007 15 June; 433-441.``) and IPSA
  (``Journal 12, Winter 2007: 7-14.``); a chapter's source (or ``BT``) gives the
  book's editors (``[Editor]``/``[Ed]``), title, pages and series. The
  separate tags win: ``JN``/``JT`` journal, ``TA`` abbreviation, ``VI``/``VO``
  volume, ``IP`` issue, ``PG`` pages; ``SO`` and ``BT`` are also kept whole in
  extra;
* the date is ``DG`` for a patent, else ``DP``, else the source's date, else
  ``YR`` (with ``MO`` as its month); a ``DP``/``YR``/``MO`` that says something
  else is kept in extra;
* ``DO``/``DI`` DOI, ``IS`` ISSN (``(ISSN print)`` dropped), ``IB`` ISBN (the
  first; the others kept), ``PM`` (and a MEDLINE ``UI``) PMID, ``AB``
  abstract, ``KW`` keywords (split at ';'), ``LG`` language, ``PB`` publisher
  and place (``Publisher, Place``), ``PU`` publisher (``Publisher; Country``),
  ``PL``/``LC`` place, ``ET``/``EN`` edition, ``PN`` a patent's number; a
  thesis's university is its ``IN`` after the author's name;
* like Zotero, the subject headings (``MH``, ``ID``, ``DE`` …) are not keywords
  and the links (``UR``, ``XL``, ``IU``) are not the URL: they are kept, as is
  every other tag, in ``extra["ovid:<TAG>"]`` (``AN``, the accession number,
  among them). ``VN`` (always "Ovid Technologies") is dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.formats import Format, ReadResult, register
from app.core.formats.nbib import expand_pages
from app.core.formats.ris import _is_isbn, ris_name
from app.core.formats.tagged import (TaggedEntry, add_extra, doi_of_field,
                                     empty_but_for_pmid, index_tags, keep_unmapped,
                                     read_tagged)
from app.core.normalize.dates import parse_date
from app.core.normalize.names import looks_like_affiliation, looks_like_organization
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, PartialDate, Record, has_cjk

log = logging.getLogger(__name__)

_PREFIX = "ovid:"
# a record's mark, "<1. >" or "<1>" (re.M: also searched for in a whole text)
_MARK_RE = re.compile(r"^[ \t]*<[ \t]*\d+[ \t]*\.?[ \t]*>[ \t]*$", re.M)
# "Smith J.", "van der Berg A.B.", "Smith JA": a family name and initials (Embase, MEDLINE)
_FAMILY_INITIALS_RE = re.compile(r"(.+?)\s+((?:[A-Z]\.?-?){1,4})")
_TAG_RE = re.compile(r"^([ \t]*)([A-Z][A-Z0-9]{1,5}) {0,3}-(?:[ \t]+(.*))?$")
# tags that, repeated after a blank line, start a new record in a file without marks
_HEAD_TAGS = frozenset({"VN", "DB", "AN", "TI", "UI"})
# a source longer than this is not parsed (the patterns are not linear in its length)
_MAX_SOURCE = 1000
_MAX_NAME = 300
_SNIFF_LABELS = frozenset({"accession number", "author", "title", "source", "abstract",
                           "publication type", "language", "issn", "institution"})
_SNIFF_TAGS = frozenset({"TI", "AU", "SO", "AB", "AN", "DB", "YR", "PT", "LG", "IS", "XL"})

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
          r"|Spring|Summer|Fall|Autumn|Winter")
_MONTHS = rf"(?:{_MONTH})(?:\s*[-/]\s*(?:{_MONTH}))*"
_YEAR = r"(?:1[5-9]|20)\d\d"
_VI = r"\d[^\s:,;()]*(?:\s*\((?:[^()]|\([^()]*\))*\))?"

# "Journal. Vol.43(5), Sep 2015, pp. 623-634." (PsycINFO)
_PSYC_RE = re.compile(rf"^(?P<j>.+?)\.\s+Vol\.?\s*(?P<vi>[^,]+?)\s*,\s*"
                      rf"(?:(?P<date>[^,]*?{_YEAR}[^,]*?)\s*,\s*)?"
                      r"(?:pp?\.?\s*)?(?P<pages>[^,]*?)\.?\s*$")
# "Lancet. 385 (9963) (pp 117-171), 2015. Date of Publication: 10 Jan 2015." (Embase)
_EMBASE_RE = re.compile(rf"^(?P<j>.+?)\.\s+(?P<vi>{_VI})\s*\(pp\.?\s*(?P<pages>[^)]*)\)\s*,\s*"
                        rf"(?P<date>{_YEAR})\.?(?:\s*Date of Publication:\s*(?P<pub>[^.]+))?")
# "Journal. 201(2-3):327-334, November 15, 2004." (Ovid MEDLINE, BIOSIS)
_DOTTED_RE = re.compile(rf"^(?P<j>.+?)\.\s+(?P<vi>{_VI})\s*(?::\s*(?P<pages>[^,]*?))?\s*,\s*"
                        r"(?P<date>[^,\s].*?)\.?\s*$")
# "Hydrobiologia. 2007 15 June; 433-441." (Zoological Record)
_ZR_RE = re.compile(rf"^(?P<j>.+?)\.\s+(?:(?P<vi>{_VI})\s+)?(?P<date>{_YEAR}(?:\s+[^;:]*?)?)"
                    r"\s*[;:]\s*(?P<pages>.*?)\.*\s*$")
# "Journal June 2015;58(6):688-696" (Journals@Ovid)
_JOVID_RE = re.compile(rf"^(?P<j>.+?)(?<!\.)\s+(?P<date>(?:{_MONTHS})\s+(?:\d{{1,2}},?\s+)?"
                       rf"{_YEAR}|{_YEAR})\s*;\s*(?P<vi>[^:]*?)\s*"
                       r"(?::\s*(?P<pages>.*?))?\s*\.?\s*$")
# "Journal 12, Winter 2007: 7-14." / "Journal, 2013(1): 3-28." (IPSA)
_IPSA_RE = re.compile(rf"^(?P<j>[^,]+?)(?:\s+(?P<v>\d+[A-Za-z]?))?,\s*"
                      rf"(?:(?P<date>[^:]*?{_YEAR})|(?P<vi>{_VI}))\s*:\s*"
                      r"(?P<pages>.+?)\.?\s*$")
_VOL_ISSUE_RE = re.compile(r"^(?:Vol\.?\s*)?(?P<v>[^()\s]+(?:\s+Suppl\S*(?:\s+\d+)?)?)\s*"
                           r"(?:\((?P<i>(?:[^()]|\([^()]*\))*)\))?\s*(?P<rest>.*)$")
_PAGE = r"[A-Za-z]{0,2}\d+[A-Za-z]?"
_PAGES_RE = re.compile(rf"{_PAGE}(?:\s*-\s*{_PAGE})?(?:\s*,\s*{_PAGE}(?:\s*-\s*{_PAGE})?)*")
_EDITOR_RE = re.compile(r"([^\[\]]+?)\s*\[Ed(?:itors?|s)?\.?(?:[,;][^\]]*)?\]")

# Ovid's labels after a title: "[Article]", "[References]", "[Miscellaneous]" …
_TITLE_LABEL_RE = re.compile(
    r"(?<=\S)\s*\[((?:Original |Research |Review |Miscellaneous |Case |Book |Brief )?"
    r"(?:Articles?|Reports?|Miscellaneous|References|Editorials?|Letters?|Reviews?|"
    r"Comments?|Commentary|Correspondence|Erratum|Abstracts?|News|Notes?|Features?|"
    r"Interview|Communications?|Studies|Study|Paper))\]\s*\.?\s*$")
# abbreviations a title or given name may end with (the full stop stays)
_ABBREVIATIONS = frozenset({"al", "etc", "sp", "spp", "ssp", "subsp", "var", "nov", "gen",
                            "inc", "ltd", "co", "jr", "sr", "st", "vs", "no", "vol", "ed",
                            "eds", "geo", "chas", "jas", "wm", "thos", "benj", "robt", "saml",
                            "jos", "jno", "edw", "fr", "ch", "th", "ph"})
_DEGREES = frozenset({
    "MD", "PHD", "MPH", "MSC", "BSC", "MA", "BA", "MB", "BS", "MS", "RN", "FACSM", "FRCS",
    "FRCP", "FRCPC", "FACP", "FACS", "MBBS", "MBA", "MSN", "BSN", "PHARMD", "DRPH", "DPHIL",
    "SCD", "EDD", "PSYD", "DDS", "DMD", "DVM", "MHS", "MSPH", "FAAN", "FAAP", "MRCP", "CHB",
    "MBCHB", "FRACP", "FRCSC", "FRCR", "DNP", "CRNA", "APRN", "FNP", "MSW", "LCSW", "MHA",
    "MPHIL", "DSC", "MMED", "FRCPATH", "FRCOG", "FRCPSYCH", "MRCPSYCH", "FFA", "FANZCA",
    "FRCA", "MCH", "MS", "MSCE", "MHSC", "BPHARM", "RPH", "CCC-SLP", "OTR", "DPT", "ATC",
    "CSCS", "FNAP", "FAHA", "FACC", "FESC", "FRCPI", "FRANZCP", "FRACS"})
_TRAILING_MARKS_RE = re.compile(r"[\s\d,+*\u2020\u2021\u00a7#]+$")
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (r"patent", "patent"),
    (r"dissertation|thesis", "thesis"),
    (r"chapter", "chapter"),
    (r"video", "motion_picture"),
    (r"legal case", "legal_case"),
    (r"legislation", "legislation"),
    (r"newspaper", "article-newspaper"),
)


# The labels of Ovid's long field names ("Complete Reference") and the tags they stand for;
# a label not listed is kept under its own name. "Chapter" is no Ovid tag: a chapter's
# own title, where "Title" is the book's.
_LABELS: dict[str, str] = {
    "accession number": "AN", "author": "AU", "authors": "AU", "author full name": "FA",
    "authors full name": "FA", "full author name": "FA", "editor": "ED", "editors": "ED",
    "institution": "IN", "title": "TI", "chapter title": "Chapter", "source": "SO",
    "abstract": "AB", "publication type": "PT", "document type": "DT", "language": "LG",
    "author keywords": "KW", "keywords": "KW", "keyword heading": "KW",
    "mesh subject headings": "MH", "subject headings": "MH", "issn": "IS",
    "international standard serial number": "IS", "isbn": "IB",
    "international standard book number": "IB", "doi number": "DO",
    "digital object identifier": "DO", "doi": "DO", "year of publication": "YR",
    "publication year": "YR", "date of publication": "DP", "publication date": "DP",
    "journal name": "JN", "journal": "JN", "journal abbreviation": "TA", "volume": "VO",
    "issue": "IP", "issue/part": "IP", "page": "PG", "pages": "PG", "pagination": "PG",
    "unique identifier": "UI", "pubmed id": "PM", "pmid": "PM", "publisher": "PU",
    "place of publication": "PL", "edition": "ET", "url": "UR", "database": "DB",
    "score": "SCORE", "references": "RF",
}
# labels whose every line is one value
_LIST_LABELS = frozenset({"publication type", "document type", "mesh subject headings",
                          "subject headings", "keyword heading", "url"})


# ---------------------------------------------------------------- entries

def parse_entries(text: str) -> list[TaggedEntry]:
    """Split Ovid tagged *text* into entries of (tag, value) pairs."""
    entries: list[TaggedEntry] = []
    text = text.lstrip("\ufeff")
    has_marks = _MARK_RE.search(text) is not None
    cur: TaggedEntry | None = None
    seen: set[str] = set()
    base: int | None = None  # the indent of the current record's tag lines
    blank = False

    labelled: bool | None = None  # the record's form, decided by its first line
    label_tag, listed, new_value = "", False, True

    def close() -> None:
        if cur is not None and cur.tags:
            entries.append(cur)

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            blank = True
            continue
        if _MARK_RE.match(line):
            close()
            cur, seen, base = TaggedEntry(lineno), set(), None
            cur.raw_lines.append(raw)
            labelled, label_tag = None, ""
            blank = False
            continue
        if cur is not None and labelled is None:
            labelled = has_marks and not line[:1].isspace() and _TAG_RE.match(line) is None
        if labelled and cur is not None:
            # the long form: a label line, then its value on indented lines
            if not line[:1].isspace():
                label = " ".join(line.split()).rstrip(":")
                label_tag = _LABELS.get(label.lower(), label)
                listed, new_value = label.lower() in _LIST_LABELS, True
            elif label_tag:
                more = line.strip()
                if new_value or listed:
                    cur.tags.append((label_tag, more))
                    new_value = False
                else:
                    tag, prev = cur.tags[-1]
                    cur.tags[-1] = (tag, f"{prev}{chr(10) if blank else ' '}{more}")
            cur.raw_lines.append(raw)
            blank = False
            continue
        m = _TAG_RE.match(line)
        if m and base is not None and len(m.group(1).expandtabs()) > base + 2:
            m = None  # indented further: a continuation that looks like a tag
        if m:
            tag, value = m.group(2), (m.group(3) or "").strip()
            if cur is None:
                if has_marks:  # before the first mark: a header, not a record
                    blank = False
                    continue
                cur, seen = TaggedEntry(lineno), set()
            elif cur.tags and not has_marks and tag in seen and (
                    tag == "VN" or (blank and tag in _HEAD_TAGS)):
                close()
                cur, seen, base = TaggedEntry(lineno), set(), None
            if base is None:
                base = len(m.group(1).expandtabs())
            cur.tags.append((tag, value))
            cur.raw_lines.append(raw)
            seen.add(tag)
        elif cur is not None and cur.tags:
            tag, prev = cur.tags[-1]
            more = line.strip()
            cur.tags[-1] = (tag, f"{prev}{chr(10) if blank else ' '}{more}" if prev else more)
            cur.raw_lines.append(raw)
        blank = False
    close()
    return entries


# ---------------------------------------------------------------- names

def _title_case(word: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


def _strip_degrees(given: str) -> str:
    """'Rafael Y. MD, MPH' -> 'Rafael Y.'; a given name that is all 'degrees' stays."""
    tokens = [t for t in re.split(r"[\s,]+", given) if t]
    while len(tokens) > 1 and tokens[-1].replace(".", "").upper() in _DEGREES \
            and len(re.findall(r"[A-Z.]", tokens[-1])) >= 2:
        tokens.pop()
    return " ".join(tokens)


def _given(given: str) -> str:
    """Initials with full stops ('D M' -> 'D. M.', 'DV' -> 'D. V.', 'V.D.' -> 'V. D.');
    a final full stop that ends a name rather than an abbreviation goes."""
    tokens = given.split()
    if len(tokens) == 1 and re.fullmatch(r"[A-Z]{2,3}", tokens[0]):
        return " ".join(f"{ch}." for ch in tokens[0])
    out: list[str] = []
    for t in tokens:
        if re.fullmatch(r"[A-Z]", t):
            t += "."
        elif re.fullmatch(r"(?:[A-Z]\.){2,}", t):
            t = " ".join(f"{ch}." for ch in t.replace(".", ""))
        out.append(t)
    if out:
        last = out[-1]
        m = re.fullmatch(r"([^\W\d_]{3,})\.", last)
        if m and not last.isupper() and m.group(1).lower() not in _ABBREVIATIONS:
            out[-1] = m.group(1)
    g = " ".join(out)
    if g.isupper() and len(re.sub(r"[^A-Z]", "", g)) > 3:
        g = _title_case(g)
    return g


def ovid_name(value: str, role: str) -> Creator | None:
    """One Ovid name: 'Walsdorf, Neill B. [Inventor]', 'Zhang, Weijia 1,2,+',
    'Peterson, James A. Ph.D., FACSM', 'AHMED, Mughees.', 'Smith JA'; None if
    nothing is left of it."""
    v = value.split("[", 1)[0].strip()  # role annotations, e-mail addresses
    if len(v) > _MAX_NAME:  # not a name
        return Creator(literal=v, role=role)
    v = _TRAILING_MARKS_RE.sub("", v).strip(" \t,;")
    if not v:
        return None
    if "," not in v and not has_cjk(v):
        m = _FAMILY_INITIALS_RE.fullmatch(v)
        if m and not m.group(1).isupper() and not looks_like_organization(v):
            return Creator(family=m.group(1), given=_given(m.group(2)), role=role)
    if "," not in v or has_cjk(v):
        c = ris_name(v.rstrip("."), role)
        return c if (c.family or c.literal) else None
    family, _, given = v.partition(",")
    family = family.strip()
    if family.isupper() and len(family) > 1:
        family = _title_case(family)
    given = _given(_strip_degrees(given.strip()))
    if not family:
        return Creator(literal=given, role=role) if given else None
    return Creator(family=family, given=given, role=role)


def _names(value: str) -> list[str]:
    """The names of one AU/ED value (several are separated by ';', outside brackets)."""
    v = re.sub(r"\[[^\]]*\]", "", value).strip()
    # "Smith J  Doe K" (the long form's names without ';'): two spaces between names
    parts = v.split(";") if ";" in v else re.split(r"\s{2,}", v)
    return [n for n in (p.strip() for p in parts) if n]


# ---------------------------------------------------------------- source

@dataclass
class _Source:
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    date: str = ""
    book: str = ""
    editors: list[str] = field(default_factory=list)
    series: str = ""
    place: str = ""
    publisher: str = ""


def _pages(text: str | None) -> str:
    """A page range of the source ('' for a page count such as '9pp.' or 'No Pagination')."""
    t = (text or "").strip().rstrip(".").strip()
    if not t or not _PAGES_RE.fullmatch(t):
        return ""
    return normalize_pages(expand_pages(t.replace(" ", "")))


def _vol_issue(src: _Source, vi: str | None) -> str:
    """Set volume and issue from '43(5)', '2013(1)', '6', '89(6) Dec 2004'; returns the rest."""
    vi = (vi or "").strip()
    if not vi:
        return ""
    m = _VOL_ISSUE_RE.match(vi)
    if not m:
        src.volume = vi
        return ""
    src.volume = m.group("v").strip()
    src.issue = (m.group("i") or "").strip()
    return m.group("rest").strip()


def parse_source(so: str) -> _Source:
    """A journal citation ``SO`` as journal, volume, issue, pages and date text."""
    s = " ".join(so.split())
    src = _Source()
    if len(s) > _MAX_SOURCE:  # not a citation: only the journal, without the patterns
        src.journal = re.split(r"\.\s", s[:_MAX_SOURCE], maxsplit=1)[0].strip()
        return src
    m = _PSYC_RE.match(s)
    if m:
        rest = _vol_issue(src, m.group("vi"))
        src.journal, src.date = m.group("j"), m.group("date") or rest
        src.pages = _pages(m.group("pages"))
        return src
    m = _EMBASE_RE.match(s)
    if m:
        _vol_issue(src, m.group("vi"))
        pub = m.group("pub") or ""
        d = parse_date(pub) if pub else None
        src.journal, src.date = m.group("j"), pub if d and d.year else m.group("date")
        src.pages = _pages(m.group("pages"))
        return src
    for rx in (_DOTTED_RE, _ZR_RE, _JOVID_RE):
        m = rx.match(s)
        if m:
            _vol_issue(src, m.group("vi"))
            src.journal, src.date = m.group("j").strip(), m.group("date").strip()
            src.pages = _pages(m.group("pages"))
            return src
    m = _IPSA_RE.match(s)
    if m:
        if m.group("vi"):
            _vol_issue(src, m.group("vi"))
        else:
            src.volume = m.group("v") or ""
            src.date = m.group("date") or ""
        src.journal = m.group("j").strip()
        src.pages = _pages(m.group("pages"))
        return src
    # none of the known styles: the journal is the text before the first full stop
    src.journal = re.split(r"\.\s|[,;]\s*(?=\d)", s, maxsplit=1)[0].strip().rstrip(".")
    m = re.search(r"(\d+)\s*\(([^)]+)\)", s)
    if m:
        src.volume, src.issue = m.group(1), m.group(2)
    m = re.search(r"(?::|\bpp?\.)\s*(\d+\s*-\s*\d+)", s)
    if m:
        src.pages = _pages(m.group(1))
    return src


def parse_chapter_source(text: str) -> _Source:
    """A chapter's ``SO`` or ``BT``: 'Editor, A. [Editor], … Book title.:371-397, 2004.',
    'Editor, A. [Ed]. (2012). Book title. (pp. 11-31). … Place: Publisher.',
    'Editor, A. [Ed.]. [Book title.] … 2002: 1-234. Chapter pagination: 214-218.'"""
    s = " ".join(text.split())[:_MAX_SOURCE]
    src = _Source()
    eds = list(_EDITOR_RE.finditer(s))
    for m in eds:
        name = m.group(1).lstrip(" ,;.").rstrip(" ,;")
        if name:
            src.editors.append(name)
    rest = s[eds[-1].end():].lstrip(" .,;") if eds else s
    m = re.match(rf"\((?P<y>{_YEAR})[a-z]?\)\.?\s*", rest)
    if m:
        src.date, rest = m.group("y"), rest[m.end():]
    tail = ""
    if rest.startswith("[") and "]" in rest:
        end = rest.index("]") + 1
        src.book, tail = rest[:end], rest[end:]
    else:
        m = re.match(r"(?P<b>.+?)\.?\s*(?::\s*(?P<p1>\d+(?:\s*-\s*\d+)?)"
                     r"|\(pp?\.?\s*(?P<p2>[^)]*)\))", rest)
        if m:
            src.book, tail = m.group("b"), rest[m.end():]
            src.pages = _pages(m.group("p1") or m.group("p2"))
        else:
            src.book, _, tail = rest.partition(". ")
            src.book = src.book.rstrip(".")
    m = re.search(r"Chapter pagination:\s*([\w-]+)", tail)
    if m:
        src.pages = _pages(m.group(1))
    elif not src.pages:
        m = re.search(rf"{_YEAR}:\s*(\d+\s*-\s*\d+)", tail)
        if m:
            src.pages = _pages(m.group(1))
    m = re.search(r"Series Information:\s*(.+?)\.?\s*$", tail)
    if m:
        src.series = m.group(1).strip()
        tail = tail[:m.start()]
    if not src.date:
        m = re.search(rf"\b({_YEAR})\b", tail)
        src.date = m.group(1) if m else ""
    m = re.search(r"\bpp\.\s+(?P<place>[^:.]+):\s*(?P<pub>.+?)\.?\s*$", tail)
    if m:
        src.place, src.publisher = m.group("place").strip(), m.group("pub").strip()
    return src


# ---------------------------------------------------------------- record

def clean_title(title: str) -> tuple[str, str]:
    """The title without Ovid's label, quotes and final full stop, and the label."""
    t = " ".join(title.split())
    label = ""
    m = _TITLE_LABEL_RE.search(t)
    if m:
        label, t = m.group(1), t[:m.start()]
    t = _strip_stop(t.strip())
    if len(t) > 2 and t[0] == t[-1] == '"' and '"' not in t[1:-1]:
        t = _strip_stop(t[1:-1].strip())
    return t, label


def _strip_stop(t: str) -> str:
    if not t.endswith(".") or t.endswith(".."):
        return t
    word = t.rsplit(None, 1)[-1][:-1]
    if re.fullmatch(r"[A-Z]", word) or word.lower() in _ABBREVIATIONS or "." in word:
        return t
    return t[:-1].rstrip()


def _type(by: dict[str, list[str]]) -> str:
    types = [v.lower() for t in ("PT", "DT") for v in by.get(t, [])]
    joined = " | ".join(types)
    for pattern, csl in _TYPE_WORDS:
        if re.search(pattern, joined):
            return csl
    if by.get("Chapter"):
        return "chapter"
    if any("books@ovid" in v.lower() for v in by.get("DB", [])):
        return "book"
    if any(re.fullmatch(r"(?:edited |authored )?books?\.?", v) for v in types):
        return "book"
    if any(re.fullmatch(r"(?:technical |research |government )?reports?\.?", v) for v in types):
        return "report"
    if re.search(r"conference|meeting|proceedings|congress", joined) \
            and not re.search(r"article|journal", joined):
        return "paper-conference"
    return "article-journal"


def _split_publisher(value: str, sep: str) -> tuple[str, str]:
    """'Publisher, Place' (sep ',') or 'Publisher; Country' (sep ';') -> (publisher, place)."""
    v = " ".join(value.split()).rstrip(".")
    pub, found, place = v.partition(sep) if sep == "," else v.rpartition(sep)
    if not found:
        return v, ""
    place = place.strip()
    if re.fullmatch(r"place of publication not given", place, re.I):
        place = ""
    return pub.strip(), place


def _build(entry: TaggedEntry) -> Record:
    rec = Record()
    extra: dict[str, Any] = {}
    by, take = index_tags(entry.tags, extra, _PREFIX)
    mapped = {"VN", "TI", "Chapter", "AU", "FA", "ED", "FED", "DO", "DI", "IS", "IB", "AB", "KW",
              "LG", "PM", "YR", "DP", "MO", "JN", "JT", "TA", "VI", "VO", "IP", "PG", "PB", "PU",
              "PL", "LC", "ET", "EN"}
    rec.type = _type(by)

    def either(first: str, second: str) -> str:
        """The value of *first*, else of *second*; a different second value is kept."""
        a, b = take(first), take(second)
        if a and b and b != a:
            add_extra(extra, _PREFIX + second, b)
        return a or b

    db = " ".join(by.get("DB", []))

    # names
    # full names (FA, or AF where it holds names rather than affiliations) win over AU
    full = by.get("FA", [])
    if not full and by.get("AF") and not any(looks_like_affiliation(v) for v in by["AF"]):
        full = by["AF"]
        mapped.add("AF")
    authors = full or by.get("AU", [])
    if full:
        mapped.discard("AU")
    for tag, role in (("", "author"), ("ED", "editor"), ("FED", "editor")):
        for v in (authors if tag == "" else by.get(tag, [])):
            for n in _names(v):
                c = ovid_name(n, role)
                if c is not None:
                    rec.creators.append(c)

    title, label = clean_title(take("TI"))
    book_title = ""
    chapter = take("Chapter")
    if chapter:  # the long form's "Chapter Title": "Title" is the book's
        book_title, (title, label) = title, clean_title(chapter)
    rec.title = title
    if label:
        extra[_PREFIX + "TI-label"] = label

    # the source
    so = " ".join(by.get("SO", [])[:1])
    src = _Source()
    if rec.type == "chapter":
        text = so or " ".join(by.get("BT", [])[:1])
        if text:
            src = parse_chapter_source(text)
            rec.container_title = book_title or src.book
            rec.collection_title = src.series
            if not by.get("ED") and not by.get("FED"):
                for n in src.editors:
                    c = ovid_name(n, "editor")
                    if c is not None:
                        rec.creators.append(c)
        else:
            rec.container_title = book_title
    elif rec.type not in ("book", "thesis", "patent") and so:
        src = parse_source(so)
        rec.container_title = src.journal
    rec.container_title = either("JN", "JT") or rec.container_title
    rec.container_title_short = take("TA")
    rec.volume = either("VI", "VO") or src.volume
    rec.issue = take("IP") or src.issue
    pg = take("PG")
    rec.pages = _pages(pg) or src.pages
    if pg and not _pages(pg):
        add_extra(extra, _PREFIX + "PG", pg)

    # the date: the first of DG (a patent's), DP, the source's and YR that has a year;
    # a DP or YR that says something else is kept
    date: PartialDate | None = None
    dp, yr, mo = take("DP"), take("YR"), take("MO")
    if rec.type == "patent" and by.get("DG"):
        mapped.add("DG")
        date = parse_date(take("DG"))
    for text in (dp, src.date, yr):
        if (date is None or date.year is None) and text:
            date = parse_date(text)
    if date is not None and date.year is not None and not date.month and mo:
        d = parse_date(f"{mo} {date.year}")
        if d is not None and d.year == date.year and d.month:
            date, mo = d, ""
    if mo and (date is None or date.month is None
               or date.month != (parse_date(f"{mo} 2000") or PartialDate()).month):
        add_extra(extra, _PREFIX + "MO", mo)
    for tag, text in (("DP", dp), ("YR", yr)):
        d = parse_date(text) if text else None
        if text and (date is None or d is None or d.year != date.year
                     or (tag == "DP" and (d.month, d.day) != (date.month, date.day)
                         and d.month is not None)):
            add_extra(extra, _PREFIX + tag, text)
    rec.issued = date if date is not None and not date.empty else None

    # identifiers
    for tag in ("DO", "DI"):
        for v in by.get(tag, []):
            d = doi_of_field(v)
            if d and not rec.doi:
                rec.doi = d
            else:
                add_extra(extra, _PREFIX + tag, v)
    issns: list[str] = []
    for v in by.get("IS", []):
        found = re.findall(r"\b\d{4}-?\d{3}[\dXx]\b", v)
        for i in found:
            if i not in issns:
                issns.append(i)
        if not found:
            add_extra(extra, _PREFIX + "IS", v)
    rec.issn = ", ".join(issns)
    for v in by.get("IB", []):
        for part in re.split(r"\s*[,;]\s*", v):
            isbn = re.sub(r"\s*\([^()]*\)$", "", part.strip()).strip()
            isbn = re.sub(r"^ISBN:?\s*", "", isbn, flags=re.I)
            if not rec.isbn and _is_isbn(isbn):
                rec.isbn = isbn
            elif part.strip():
                add_extra(extra, _PREFIX + "IB", part.strip())
    pm = take("PM")
    if pm:
        rec.pmid = pm
    uis = by.get("UI", [])
    if not rec.pmid and uis and re.fullmatch(r"\d{1,9}", uis[0].strip()) and (
            re.search(r"medline|pubmed", db, re.I)):
        mapped.add("UI")
        rec.pmid = take("UI").strip()
    if rec.type == "patent" and by.get("PN"):
        mapped.add("PN")
        rec.number = take("PN")

    rec.abstract = "\n".join(by.get("AB", []))
    kws: list[str] = []
    for v in by.get("KW", []):
        for kw in re.split(r"\s*;\s*", " ".join(v.split())):
            kw = kw.strip()
            if kw.endswith(".") and re.search(r"[a-z]{2}\.$", kw) and kw.count(".") == 1:
                kw = kw[:-1]
            if kw and kw not in kws:
                kws.append(kw)
    rec.keywords = kws
    rec.language = take("LG").rstrip(".").strip()
    ed = either("ET", "EN")
    rec.edition = re.sub(r"\s+(?:Edition|ed\.?)$", "", ed, flags=re.I)

    # publisher and place
    pub, place = _split_publisher(take("PB"), ",") if by.get("PB") else ("", "")
    if by.get("PU"):
        pu, pu_place = _split_publisher(take("PU"), ";")
        if pub:
            add_extra(extra, _PREFIX + "PU", by["PU"][0])
        pub, place = pub or pu, place or pu_place
    if rec.type == "thesis" and by.get("IN"):  # the university, after the author's name
        university = re.sub(r"^[^:]*:\s*", "", by["IN"][0].split("\n")[0]).strip()
        if university:
            for tag in ("PB", "PU"):  # the distributor (ProQuest): kept as written
                if by.get(tag) and not extra.get(_PREFIX + tag):
                    add_extra(extra, _PREFIX + tag, by[tag][0])
            pub, place = university, ""
    rec.publisher = pub or src.publisher
    pl = either("PL", "LC").rstrip(".")
    if place and pl and pl != place:
        add_extra(extra, _PREFIX + ("PL" if by.get("PL") else "LC"), pl)
    rec.place = place or pl or src.place
    if not rec.publisher and by.get("PI"):
        rec.publisher = by["PI"][0].split(",")[0].strip()

    keep_unmapped(entry.tags, mapped, extra, _PREFIX)
    rec.extra = extra
    return rec


class OvidFormat(Format):
    """Ovid tagged text (read only)."""

    id = "ovid"
    name = "Ovid"
    extensions = (".ovid",)
    mime_types = ()
    can_write = False

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")[:16384]
        if re.search(r"^\s*(?:\d+\.\s+)?TY {1,2}-", s, re.M) or re.search(r"^PMID- ", s, re.M):
            return 0.0  # RIS (Ovid's own RIS export too) or MEDLINE
        if re.search(r"^[ \t]*VN {1,2}- Ovid Technologies", s, re.M):
            return 0.97
        if _MARK_RE.search(s):
            tags = {m.group(2) for m in re.finditer(r"^([ \t]*)([A-Z][A-Z0-9]{1,5}) {1,2}- \S",
                                                    s, re.M)}
            if len(tags & _SNIFF_TAGS) >= 3:
                return 0.8
            labels = {m.group(1).lower() for m in re.finditer(
                r"^([A-Z][A-Za-z /]{1,40}?):?[ \t]*\r?\n[ \t]+\S", s, re.M)}
            if len(labels & _SNIFF_LABELS) >= 3:
                return 0.8
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_entries, _build, "Ovid",
                           "no Ovid record found (no '<1. >' marks or 'TAG  - value' lines)",
                           empty_but_for_pmid)

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise NotImplementedError("Ovid tagged text is read only")


register(OvidFormat())
