"""BibTeX and BibLaTeX in and out, on bibtexparser 2.x.

This is the only module that touches bibtexparser's API. bibtexparser splits
the file into blocks (its splitter is the speed floor); everything after that
is done here, in one pass, without bibtexparser's middlewares:

* ``@string`` macros (case-insensitive, month macros built in) and ``#``
  concatenation are resolved; ``@preamble`` and ``@comment`` are read past.
* ``crossref`` and ``xdata`` parents lend their fields to a child that lacks
  them (for display and search); the child keeps its ``crossref``/``xdata``
  field, and export leaves the inherited fields out again when the parent is
  exported too.
* LaTeX is decoded to Unicode only where a value holds LaTeX
  (:mod:`app.core.normalize.latex`), and the value as written in the file is
  kept in ``rec.extra["bibtex-raw"]`` (attribute or ``bibtex:<field>`` ->
  LaTeX), so that export writes ``{\\LaTeX}``, ``{DNA}`` and math back byte
  for byte as long as the decoded value was not edited.
* Fields with no place in :class:`Record` are kept as
  ``rec.extra["bibtex:<field>"]`` and written back.

Extra keys used: ``bibtex:<field>`` (unmapped fields, decoded text),
``bibtex-raw`` (dict of raw LaTeX values), ``bibtex-entrytype`` (the entry
type as written), ``bibtex-inherited`` (fields taken from a crossref/xdata
parent), ``bibtex-etal`` (roles whose name list ended in "and others").
"""

from __future__ import annotations

import gc
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import bibtexparser
from bibtexparser import model as btmodel

from app.core.errors import FormatError
from app.core.formats import Failure, Format, ReadResult, register
from app.core.normalize import latex
from app.core.records import Creator, PartialDate, Record, clean_doi, has_cjk

log = logging.getLogger(__name__)

RAW_KEY = "bibtex-raw"
TYPE_KEY = "bibtex-entrytype"
INHERITED_KEY = "bibtex-inherited"
ETAL_KEY = "bibtex-etal"
EXTRA_PREFIX = "bibtex:"

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_MACROS = {m[:3]: m.capitalize() for m in MONTHS}
_MONTH_NUM = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_WORDS = {**{m: i + 1 for i, m in enumerate(MONTHS)}, **_MONTH_NUM, "sept": 9}

# ----------------------------------------------------------------- type maps
TYPE_IN: dict[str, str] = {
    "article": "article-journal", "book": "book", "mvbook": "book", "bookinbook": "chapter",
    "booklet": "pamphlet", "collection": "book", "mvcollection": "book",
    "inbook": "chapter", "incollection": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "proceedings": "book", "mvproceedings": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report", "misc": "document",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "webpage": "webpage",
    "dataset": "dataset", "data": "dataset", "patent": "patent", "standard": "standard",
    "unpublished": "manuscript", "software": "software", "artwork": "graphic",
    "image": "graphic", "audio": "song", "music": "song", "video": "motion_picture",
    "movie": "motion_picture", "letter": "personal_communication",
    "jurisdiction": "legal_case", "legislation": "legislation", "legal": "legislation",
    "review": "review", "reference": "book", "mvreference": "book",
    "inreference": "entry-encyclopedia", "periodical": "book", "suppperiodical": "article-journal",
    "unpublished*": "manuscript", "commentary": "book", "performance": "speech",
}
BIBLATEX_ONLY_TYPES = frozenset((
    "online", "report", "thesis", "dataset", "software", "mvbook", "mvcollection",
    "collection", "suppbook", "suppcollection", "bookinbook", "mvproceedings", "reference",
    "mvreference", "inreference", "periodical", "suppperiodical", "artwork", "image",
    "audio", "music", "video", "movie", "letter", "jurisdiction", "legislation", "legal",
    "review", "standard", "commentary", "performance",
))
# record type -> (bibtex type, biblatex type)
TYPE_OUT: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "article"), "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"), "article": ("article", "article"),
    "review": ("article", "review"), "review-book": ("article", "review"),
    "book": ("book", "book"), "classic": ("book", "book"), "chapter": ("incollection", "incollection"),
    "paper-conference": ("inproceedings", "inproceedings"), "thesis": ("phdthesis", "thesis"),
    "report": ("techreport", "report"), "webpage": ("misc", "online"),
    "post-weblog": ("misc", "online"), "dataset": ("misc", "dataset"),
    "patent": ("patent", "patent"), "standard": ("misc", "standard"),
    "manuscript": ("unpublished", "unpublished"), "software": ("misc", "software"),
    "pamphlet": ("booklet", "booklet"), "graphic": ("misc", "artwork"),
    "song": ("misc", "audio"), "motion_picture": ("misc", "video"),
    "personal_communication": ("misc", "letter"), "legal_case": ("misc", "jurisdiction"),
    "legislation": ("misc", "legislation"), "bill": ("misc", "legislation"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"),
}
_ARTICLE_TYPES = frozenset(("article-journal", "article-magazine", "article-newspaper",
                            "article", "review", "review-book"))
_IN_TYPES = frozenset(("chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"))
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_BIBLATEX_THESIS_TYPES = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis",
                          "mastersthesis": "Master's thesis"}
_SKIP_TYPES = frozenset(("xdata", "set", "comment", "string", "preamble"))

# fields copied verbatim (only BibTeX escapes of special characters undone)
_VERBATIM = frozenset(("url", "doi", "eprint", "file", "pdf", "urldate", "isbn", "issn",
                       "pmid", "pmcid", "crossref", "xdata", "xref", "ids", "related",
                       "timestamp", "owner", "biburl", "bibsource", "date", "eventdate",
                       "origdate", "urlday", "urlmonth", "urlyear"))
_NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
                "bookauthor": "container-author"}
# fields not inherited from a crossref/xdata parent
_NO_INHERIT = frozenset(("ids", "crossref", "xdata", "xref", "entryset", "entrysubtype",
                         "execute", "label", "options", "presort", "related",
                         "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                         "shorthandintro", "sortkey", "title", "shorttitle", "subtitle",
                         "titleaddon", "key", "file", "abstract", "keywords", "note",
                         "doi", "url", "pages"))
# a parent's field lent to a child under another name (biblatex's default inheritance)
_INHERIT_RENAME = {"title": "booktitle", "subtitle": "booksubtitle",
                   "titleaddon": "booktitleaddon", "author": "bookauthor"}
_OUT_ALIASES = {"location": "address", "address": "location", "journal": "journaltitle",
                "journaltitle": "journal", "booktitle": "journal", "school": "institution",
                "institution": "school", "language": "langid"}
_IN_ENTRY_TYPES = frozenset(("inbook", "incollection", "inproceedings", "inreference",
                             "suppbook", "suppcollection", "bookinbook", "conference"))
_DATE_GROUP = ("date", "year", "month", "day")
_INHERIT_GROUPS = {**{n: _DATE_GROUP for n in _DATE_GROUP},
                   "journal": ("journal", "journaltitle"), "journaltitle": ("journal", "journaltitle"),
                   "address": ("address", "location"), "location": ("address", "location")}
# output fields that stand for the same data, for dropping inherited ones on export
_FIELD_GROUPS = {"journal": "journal", "journaltitle": "journal", "address": "place",
                 "location": "place", "year": "date", "month": "date", "day": "date",
                 "date": "date", "publisher": "publisher", "school": "publisher",
                 "institution": "publisher", "langid": "language", "language": "language"}


# =================================================================== format
class BibtexFormat(Format):
    """BibTeX: writes year/month/journal/address and the classic entry types."""

    id = "bibtex"
    name = "BibTeX"
    extensions = (".bib", ".bibtex")
    mime_types = ("application/x-bibtex", "text/x-bibtex")
    flavor = "bibtex"

    def sniff(self, head: str) -> float:
        return _sniff(head)[0]

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_bibtex(text, source)

    def write(self, records: Iterable[Record], **options: object) -> str:
        return write_bibtex(records, flavor=self.flavor, ascii=bool(options.get("ascii", False)))


class BiblatexFormat(BibtexFormat):
    """BibLaTeX: writes date/journaltitle/location and the BibLaTeX entry types."""

    id = "biblatex"
    name = "BibLaTeX"
    extensions = (".bib",)
    flavor = "biblatex"

    def sniff(self, head: str) -> float:
        return _sniff(head)[1]


_ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*(?:[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()=\"]*[ \t]*,|"
                       r"(?:string|preamble)[ \t]*[{(])", re.M | re.I)
_BIBLATEX_HINT = re.compile(
    r"^[ \t]*(?:date|journaltitle|location|urldate|langid|eprinttype|maintitle|"
    r"origdate|eventdate|shortjournal|addendum|pubstate)[ \t]*=|"
    r"^[ \t]*@[ \t]*(?:online|report|thesis|mvbook|collection|mvcollection|reference|"
    r"inreference|dataset|software|bookinbook|suppbook|periodical|artwork|audio|video|"
    r"xdata|set)[ \t]*[{(]", re.M | re.I)


def _sniff(head: str) -> tuple[float, float]:
    """(BibTeX confidence, BibLaTeX confidence) for the start of a file."""
    s = head.lstrip("\ufeff")
    n = len(_ENTRY_RE.findall(s))
    if not n:
        return 0.0, 0.0
    if _BIBLATEX_HINT.search(s):
        return 0.8, 0.85
    return 0.8, 0.5


# =================================================================== reading
def read_bibtex(text: str, source: str = "") -> ReadResult:
    """Read BibTeX/BibLaTeX *text*: records plus a Failure for each broken block.

    The cyclic garbage collector is paused while the file is read: building
    tens of thousands of small objects otherwise triggers collections whose
    cost grows with the heap (a third of the read time at 50,000 entries).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_bibtex(text, source)
    finally:
        if was_enabled:
            gc.enable()


def _read_bibtex(text: str, source: str) -> ReadResult:
    result = ReadResult()
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as exc:  # bibtexparser raises on states it considers its own bugs
        log.warning("bibtexparser failed on %s: %s", source, exc)
        raise FormatError("the BibTeX file could not be split into entries: {err}",
                          source=source, err=str(exc)) from exc

    macros: dict[str, str] = dict(MONTH_MACROS)
    line_starts: list[int] | None = None
    problems: list[tuple[int, str]] = []
    entries: list[tuple[str, str, dict[str, str], int]] = []
    seen_keys: dict[str, int] = {}
    for block in library.blocks:
        if isinstance(block, btmodel.String):
            _define_string(block, macros)
        elif isinstance(block, btmodel.Entry):
            entries.append(_entry_tuple(block, macros, problems))
        elif isinstance(block, btmodel.DuplicateBlockKeyBlock):
            inner = block.ignore_error_block
            if isinstance(inner, btmodel.String):
                _define_string(inner, macros)  # a later @string wins, as in BibTeX
                continue
            if isinstance(inner, btmodel.Entry) and not (block.key or "").strip():
                entries.append(_entry_tuple(inner, macros, problems))  # no key: no duplicate
                continue
            first = block.previous_block
            first_line = (first.start_line + 1) if first is not None and first.start_line is not None else None
            where = f" (first on line {first_line})" if first_line else ""
            result.failures.append(Failure(
                source, _line(block), f"duplicate citation key '{block.key}'{where}",
                block.raw or ""))
        elif isinstance(block, btmodel.DuplicateFieldKeyBlock):
            inner = block.ignore_error_block
            if isinstance(inner, btmodel.Entry):
                entries.append(_entry_tuple(inner, macros, problems))
        elif isinstance(block, btmodel.ParsingFailedBlock):
            # the failed block's raw text stops where the splitter gave up: re-read
            # the file from the block's start to the next entry
            if line_starts is None:
                line_starts = [0, *itertools.accumulate(len(x) + 1 for x in text.split("\n"))]
            salvaged = _salvage(_block_text(text, line_starts, block.start_line), macros)
            if salvaged is not None:
                etype, key, fields = salvaged
                log.info("%s:%s: recovered an entry with a syntax error", source, _line(block))
                problems.append((_line(block) or 0, f"entry '{key}' has a syntax error; "
                                                    "read leniently"))
                entries.append((etype, key, fields, _line(block) or 0))
            elif block.raw and block.raw.strip():
                reason = getattr(block.error, "abort_reason", None) or str(block.error)
                result.failures.append(Failure(source, _line(block), _clean_reason(reason),
                                               block.raw[:2000]))

    where = source or "<input>"
    result.notes.extend(f"{where}:{ln}: {msg}" for ln, msg in problems)
    # the split blocks (the raw text of every entry) are no longer needed
    del library
    block = None
    by_key: dict[str, dict[str, str]] = {}
    all_keys: set[str] = set()
    if any("crossref" in e[2] or "xdata" in e[2] for e in entries):
        for etype, key, fields, _ln in entries:
            by_key.setdefault(key.lower(), fields)
    else:
        all_keys = {e[1].lower() for e in entries}

    generated: set[str] = set()
    for i, (etype, key, fields, line) in enumerate(entries):
        entries[i] = _DONE  # let each entry's field dict go as soon as it is mapped
        if etype in _SKIP_TYPES:
            continue
        if not any(v.strip() for v in fields.values()):
            result.failures.append(Failure(source, line, f"entry '{key}' has no fields", ""))
            continue
        inherited: list[str] = []
        if "crossref" in fields or "xdata" in fields:
            fields, inherited = _inherit(etype, fields, by_key)
        try:
            rec = _to_record(etype, key, fields, inherited)
            if not rec.citation_key:
                base = gen = _make_key(rec)
                n = 0
                while gen.lower() in by_key or gen.lower() in all_keys or gen in generated:
                    n += 1
                    gen = f"{base}{_suffix(n)}"
                generated.add(gen)
                rec.citation_key = gen
        except (ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError) as exc:
            log.exception("cannot map entry %s", key)
            result.failures.append(Failure(source, line, f"entry '{key}': {exc}", ""))
            continue
        if not _has_data(rec):
            result.failures.append(Failure(source, line, f"entry '{key}' has no usable fields",
                                           ""))
            continue
        result.records.append(rec)
        result.lines.append(line)
    return result


_DONE: tuple[str, str, dict[str, str], int] = ("", "", {}, 0)


def _has_data(rec: Record) -> bool:
    """True if *rec* holds anything besides its type and key."""
    if rec.creators or rec.issued is not None or rec.accessed is not None:
        return True
    if any(k.startswith(EXTRA_PREFIX) for k in rec.extra):
        return True
    for name in ("title", "container_title", "volume", "issue", "pages", "number",
                 "publisher", "place", "doi", "isbn", "issn", "url", "abstract", "edition",
                 "collection_title", "genre", "language", "pmid", "pmcid", "arxiv",
                 "title_short", "container_title_short", "title_translated",
                 "abstract_translated"):
        if getattr(rec, name):
            return True
    return bool(rec.keywords or rec.notes or rec.attachments)


def _line(block: Any) -> int | None:
    sl = getattr(block, "start_line", None)
    return sl + 1 if isinstance(sl, int) else None


def _clean_reason(reason: str) -> str:
    return " ".join(str(reason).split()) or "syntax error"


def _define_string(block: btmodel.String, macros: dict[str, str]) -> None:
    key = (block.key or "").strip().lower()
    if key:
        macros[key] = evaluate(str(block.value), macros)


def _entry_tuple(entry: btmodel.Entry, macros: dict[str, str],
                 problems: list[tuple[int, str]]) -> tuple[str, str, dict[str, str], int]:
    """(type, key, fields, line) of an entry; what was odd about it goes to *problems*."""
    fields: dict[str, str] = {}
    line = _line(entry) or 0
    dups: list[str] = []
    for f in entry.fields:
        name = f.key.strip().lower()
        if "%" in name:  # comment lines between fields end up in the key
            lines = [ln.strip().lstrip("%").strip() for ln in name.splitlines()]
            name = next((ln for ln in reversed(lines) if ln), "")
        if name and not _FIELD_NAME_OK.fullmatch(name):
            # a name BibTeX could not write back (spaces, parentheses, ...)
            name = _FIELD_NAME_BAD.sub("_", name).strip("_")
        if not name:
            continue
        if name in fields:
            dups.append(name)
            continue
        value = f.value if isinstance(f.value, str) else str(f.value)
        if "%" in value and value[-1:] not in ('}', '"'):
            value = re.sub(r"(?:\s*%[^\n]*)+$", "", value)
        if "=" in value and value[:1] in ("{", '"') and _MAYBE_MISSING_COMMA.search(value):
            rest = _missing_comma(value, macros)
            if rest is not None:
                value, more = rest
                problems.append((line, f"entry '{entry.key}': a comma is missing after "
                                       f"field '{name}'; read leniently"))
                fields[name] = evaluate(value, macros)
                for k, v in more.items():
                    fields.setdefault(k, v)
                continue
        fields[name] = evaluate(value, macros)
    if dups:
        problems.append((line, f"entry '{entry.key}': duplicate fields ({', '.join(dups)}); "
                               "the first of each is used"))
    return entry.entry_type.strip().lower(), entry.key.strip(), fields, line


_MAYBE_MISSING_COMMA = re.compile(r'[}"]\s*[A-Za-z][\w:+.-]*\s*=')
_NEXT_FIELD = re.compile(r"\s*[A-Za-z][\w:+.-]*\s*=")


def _missing_comma(value: str, macros: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """A value that swallowed the next field because a comma was missing.

    Returns (the value itself, the fields that followed it), or None.
    """
    close = '"' if value[0] == '"' else "}"
    depth = 0
    end = -1
    for i, ch in enumerate(value):
        if close == "}":
            if ch == "{" and (i == 0 or value[i - 1] != "\\"):
                depth += 1
            elif ch == "}" and value[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    end = i
                    break
        elif i > 0:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                end = i
                break
    if end < 0 or end == len(value) - 1:
        return None
    rest = value[end + 1:]
    if not _NEXT_FIELD.match(rest):
        return None
    salvaged = _salvage("@misc{x," + rest + "}", macros)
    if salvaged is None:
        return None
    return value[:end + 1], salvaged[2]


def evaluate(expr: str, macros: dict[str, str]) -> str:
    """The LaTeX text of a BibTeX value expression: enclosing removed, macros expanded.

    ``{a}``, ``"a"``, ``1942``, ``jan`` and ``"a" # jan # {b}`` are all values.
    An undefined macro stands for its own name.
    """
    v = expr.strip()
    if not v:
        return ""
    first = v[0]
    if "#" not in v:
        if first == "{" and v[-1] == "}":
            return v[1:-1]
        if first == '"' and v[-1] == '"' and len(v) > 1:
            return v[1:-1]
        if v.isdigit():
            return v
        return macros.get(v.lower(), v)
    return "".join(_part_value(p, macros) for p in _split_concat(v))


def _part_value(p: str, macros: dict[str, str]) -> str:
    p = p.strip()
    if not p:
        return ""
    if (p[0] == "{" and p[-1] == "}") or (p[0] == '"' and p[-1] == '"' and len(p) > 1):
        return p[1:-1]
    if p.isdigit():
        return p
    return macros.get(p.lower(), p)


def _split_concat(v: str) -> list[str]:
    """Split a value on ``#`` outside braces and quotes."""
    parts: list[str] = []
    depth = 0
    in_quote = False
    start = 0
    for m in _CONCAT_MARK.finditer(v):
        ch = m.group(0)
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth > 0:
                depth -= 1
        elif ch == '"':
            if depth == 0:
                in_quote = not in_quote
        elif depth == 0 and not in_quote:
            parts.append(v[start:m.start()])
            start = m.end()
    parts.append(v[start:])
    return parts


_CONCAT_MARK = re.compile(r'(?<!\\)[{}"#]')
_NEXT_BLOCK = re.compile(r"\n[ \t]*@")


def _block_text(text: str, line_starts: list[int], line: int | None) -> str:
    """The text of the block starting on 0-based *line*, up to the next block."""
    if line is None or not 0 <= line < len(line_starts):
        return ""
    start = text.find("@", line_starts[line])
    if start < 0:
        return ""
    m = _NEXT_BLOCK.search(text, start + 1)
    return text[start:m.start() if m else len(text)]


# a tolerant re-reading of an entry bibtexparser gave up on (a missing comma, say)
_SALVAGE_HEAD = re.compile(r"\s*@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()\"=]*)\s*,?")
_FIELD_NAME = re.compile(r"\s*,?\s*([^\s=,{}\"#()%']+)\s*=\s*")


def _salvage(raw: str, macros: dict[str, str]) -> tuple[str, str, dict[str, str]] | None:
    m = _SALVAGE_HEAD.match(raw)
    if not m:
        return None
    etype = m.group(1).lower()
    if etype in ("comment", "preamble", "string"):
        return None
    pos = m.end()
    key = m.group(2)
    if raw[pos:].lstrip().startswith("="):  # no key: the first word was a field name
        key = ""
        pos = m.start(2)
    fields: dict[str, str] = {}
    n = len(raw)
    while pos < n:
        fm = _FIELD_NAME.match(raw, pos)
        if not fm:
            break
        name = fm.group(1).lower()
        pos = fm.end()
        start = pos
        # one value: pieces joined by '#'
        while True:
            while pos < n and raw[pos] in " \t\r\n":
                pos += 1
            if pos >= n:
                return None
            ch = raw[pos]
            if ch == "{":
                depth = 0
                while pos < n:
                    c = raw[pos]
                    if c == "\\":
                        pos += 2
                        continue
                    if c == "{":
                        depth += 1
                    elif c == "}":
                        depth -= 1
                        if depth == 0:
                            pos += 1
                            break
                    pos += 1
                else:
                    return None
            elif ch == '"':
                pos += 1
                depth = 0
                while pos < n and not (raw[pos] == '"' and depth == 0):
                    if raw[pos] == "{":
                        depth += 1
                    elif raw[pos] == "}":
                        depth -= 1
                    pos += 1
                if pos >= n:
                    return None
                pos += 1
            else:
                wm = re.compile(r"[^\s,#{}\"()]+").match(raw, pos)
                if not wm:
                    return None
                pos = wm.end()
            look = pos
            while look < n and raw[look] in " \t\r\n":
                look += 1
            if look < n and raw[look] == "#":
                pos = look + 1
                continue
            break
        if name not in fields:
            fields[name] = evaluate(raw[start:pos], macros)
    if not fields:
        return None
    return etype, key, fields


def _inherit(etype: str, fields: dict[str, str],
             by_key: dict[str, dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """*fields* with what its crossref/xdata parents add (cascading, cycle-safe)."""
    merged = dict(fields)
    inherited: list[str] = []
    seen: set[str] = set()
    queue: list[tuple[str, bool]] = []
    for name in ("xdata", "crossref"):
        for k in fields.get(name, "").split(","):
            if k.strip():
                queue.append((k.strip().lower(), name == "xdata"))
    while queue:
        key, is_xdata = queue.pop(0)
        if key in seen or len(seen) > 20:
            continue
        seen.add(key)
        parent = by_key.get(key)
        if parent is None:
            continue
        for name, value in parent.items():
            targets = [name]
            if not is_xdata:
                rename = _INHERIT_RENAME.get(name) if etype in _IN_ENTRY_TYPES else None
                if name in _NO_INHERIT and rename is None:
                    continue
                if rename is not None:
                    targets = [rename] if name in _NO_INHERIT else [name, rename]
            elif name in ("xdata", "ids"):
                continue
            for t in targets:
                if merged.get(t, "").strip() or not value.strip():
                    continue
                group = _INHERIT_GROUPS.get(t)
                if group and any(merged.get(g, "").strip() and g not in inherited
                                 for g in group):
                    continue
                merged[t] = value
                inherited.append(t)
        for name in ("xdata", "crossref"):
            for k in parent.get(name, "").split(","):
                if k.strip():
                    queue.append((k.strip().lower(), name == "xdata"))
    return merged, inherited


# ------------------------------------------------------------------ mapping
def _verbatim(value: str) -> str:
    """A verbatim field (URL, DOI, path): BibTeX escapes undone, braces dropped."""
    if "\\" in value:
        value = (value.replace("$\\backslash$", "\\").replace("\\textasciitilde{}", "~")
                 .replace("{\\textasciitilde}", "~").replace("\\textasciitilde", "~")
                 .replace("\\textunderscore{}", "_").replace("{\\textunderscore}", "_"))
        value = re.sub(r"\\([_%&#$~])", r"\1", value)
    if "{" in value or "}" in value:
        value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def _text(value: str) -> str:
    if latex.needs_decode(value):
        return latex.decode(value)
    if "\n" in value or "  " in value or "\t" in value or "\r" in value:
        return " ".join(value.split())
    return value


_SPECIAL = re.compile(r"[\\{}$~#%&_^]")


def _to_record(etype: str, key: str, fields: dict[str, str], inherited: list[str]) -> Record:
    rec = Record()
    raw: dict[str, Any] = {}
    used: set[str] = set()
    f = fields
    rtype = TYPE_IN.get(etype, "document")
    sub = f.get("entrysubtype", "").strip().lower()
    if rtype == "article-journal" and sub in ("magazine", "newspaper"):
        rtype = "article-magazine" if sub == "magazine" else "article-newspaper"
        used.add("entrysubtype")
    rec.type = rtype
    rec.citation_key = key
    rec.extra[TYPE_KEY] = etype

    def take(attr: str, name: str, verbatim: bool = False) -> str:
        value = f.get(name)
        if value is None:
            return ""
        used.add(name)
        text = _verbatim(value) if verbatim else _text(value)
        if text != value or _SPECIAL.search(value):
            raw[attr] = value
        return text

    # titles
    rec.title = take("title", "title")
    if "shorttitle" in f:
        rec.title_short = take("title_short", "shorttitle")
    # creators
    etal: list[str] = []
    for fname, role in _NAME_FIELDS.items():
        value = f.get(fname)
        if value is None:
            continue
        used.add(fname)
        names, others = parse_creators(value, role)
        rec.creators.extend(names)
        if others:
            etal.append(role)
        if latex.needs_decode(value) or others or value != value.strip():
            raw["creators:" + role] = value
    if etal:
        rec.extra[ETAL_KEY] = etal
    # container
    if "fjournal" in f and ("journal" in f or "journaltitle" in f):
        rec.container_title = take("container_title", "fjournal")
        rec.container_title_short = take("container_title_short",
                                         "journal" if "journal" in f else "journaltitle")
    else:
        for name in ("journaltitle", "journal"):
            if name in f:
                rec.container_title = take("container_title", name)
                break
        if not rec.container_title and "booktitle" in f and rtype != "book":
            rec.container_title = take("container_title", "booktitle")
    if "shortjournal" in f and not rec.container_title_short:
        rec.container_title_short = take("container_title_short", "shortjournal")
    rec.collection_title = take("collection_title", "series")
    rec.volume = take("volume", "volume")
    # number / issue
    if rtype in _ARTICLE_TYPES:
        if "number" in f:
            rec.issue = take("issue", "number")
            if "issue" in f and _text(f["issue"]) == rec.issue:
                used.add("issue")  # the same number twice; a different one stays in extra
        elif "issue" in f:
            rec.issue = take("issue", "issue")
    else:
        rec.number = take("number", "number")
        if "issue" in f:
            rec.issue = take("issue", "issue")
    if "pages" in f:
        pages = take("pages", "pages")
        norm = pages.replace("\u2013", "-").replace("\u2014", "-")
        norm = re.sub(r"\s*-+\s*", "-", norm) if "-" in norm else norm
        if norm != pages:
            raw.setdefault("pages", f["pages"])
        rec.pages = norm
    rec.edition = take("edition", "edition")
    # publisher and place
    for name in ("publisher", "school", "institution"):
        if name in f:
            rec.publisher = take("publisher", name)
            break
    for name in ("address", "location"):
        if name in f:
            rec.place = take("place", name)
            break
    # genre
    if "type" in f and (rtype in ("thesis", "report", "manuscript", "webpage", "document",
                                  "dataset", "software", "patent", "standard", "pamphlet")):
        gtext = take("genre", "type")
        if rtype == "thesis" and gtext.strip().lower() in _BIBLATEX_THESIS_TYPES:
            gtext = _BIBLATEX_THESIS_TYPES[gtext.strip().lower()]
        rec.genre = gtext
    elif etype in _THESIS_GENRES:
        rec.genre = _THESIS_GENRES[etype]
    # dates
    _read_date(rec, f, used, raw)
    if "urldate" in f:
        used.add("urldate")
        d = PartialDate.from_iso(_verbatim(f["urldate"])[:10])
        if d is not None and d.year is not None and d.iso() == _verbatim(f["urldate"]):
            rec.accessed = d
        else:
            used.discard("urldate")
    # identifiers
    if "doi" in f:
        doi = clean_doi(_verbatim(f["doi"]))
        if doi:
            used.add("doi")
            rec.doi = doi
            if doi != f["doi"]:
                raw["doi"] = f["doi"]
    rec.isbn = take("isbn", "isbn", verbatim=True)
    rec.issn = take("issn", "issn", verbatim=True)
    rec.pmid = take("pmid", "pmid", verbatim=True)
    rec.pmcid = take("pmcid", "pmcid", verbatim=True)
    rec.url = take("url", "url", verbatim=True)
    if not rec.url and "howpublished" in f:
        m = re.search(r"\\url\{([^{}]+)\}", f["howpublished"])
        if m:
            rec.url = _verbatim(m.group(1))
    if "eprint" in f:
        kind = _verbatim(f.get("archiveprefix", f.get("eprinttype", ""))).lower()
        ep = _verbatim(f["eprint"])
        if kind == "arxiv" or (not kind and re.fullmatch(
                r"(?:arXiv:)?(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", ep)):
            rec.arxiv = re.sub(r"^arXiv:\s*", "", ep, flags=re.I)
            used.add("eprint")
            for name in ("archiveprefix", "eprinttype"):
                if name in f and _verbatim(f[name]).lower() == "arxiv":
                    used.add(name)
    # language
    for name in ("language", "langid"):
        if name in f:
            rec.language = take("language", name)
            break
    rec.abstract = take("abstract", "abstract")
    if "translatedtitle" in f:
        rec.title_translated = take("title_translated", "translatedtitle")
    if "translatedabstract" in f:
        rec.abstract_translated = take("abstract_translated", "translatedabstract")
    if "keywords" in f:
        kw = take("keywords", "keywords")
        rec.keywords = [k.strip() for k in re.split(r"[,;]", kw) if k.strip()]
    if "note" in f:
        note = take("notes", "note")
        if note:
            rec.notes = [note]
    if "file" in f:
        used.add("file")
        rec.attachments = parse_file_field(f["file"])
        raw["attachments"] = f["file"]
    # everything else
    for name, value in f.items():
        if name in used:
            continue
        ek = EXTRA_PREFIX + name
        text = _verbatim(value) if name in _VERBATIM else _text(value)
        if not text:
            continue
        rec.extra[ek] = text
        if text != value or _SPECIAL.search(value):
            raw[ek] = value
    if raw:
        rec.extra[RAW_KEY] = raw
    if inherited:
        rec.extra[INHERITED_KEY] = inherited
    return rec


def _date_start(text: str) -> PartialDate | None:
    """The first date of a BibLaTeX date field (a single date or the start of a range)."""
    m = re.match(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", _verbatim(text).strip())
    if not m:
        return None
    y, mo, d = m.groups()
    return PartialDate(int(y), int(mo) if mo else None, int(d) if d else None)


def _read_date(rec: Record, f: dict[str, str], used: set[str], raw: dict[str, Any]) -> None:
    if "date" in f:
        text = _verbatim(f["date"])
        m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
        if m:
            y, mo, d = m.groups()
            rec.issued = PartialDate(int(y), int(mo) if mo else None, int(d) if d else None)
            if rec.issued.iso() == text.strip():
                used.add("date")
                _consume_redundant(rec.issued, f, used)
                return
        else:
            rec.issued = _date_start(text)
        if rec.issued is not None:
            _consume_redundant(rec.issued, f, used)
            return  # the date field itself stays in extra (a range, an EDTF date)
    year = f.get("year")
    if year is None:
        return
    used.add("year")
    ytext = _text(year).strip()
    month = None
    day = None
    if "month" in f:
        mtext = _text(f["month"]).strip().lower().rstrip(".")
        if mtext.isdigit() and 1 <= int(mtext) <= 12:
            month = int(mtext)
        elif mtext in _MONTH_WORDS:
            month = _MONTH_WORDS[mtext]
        if month is not None:
            used.add("month")
            if f["month"].strip() not in (MONTH_MACROS.get(mtext[:3], "\0"),):
                raw["month"] = f["month"]
    if month is not None and "day" in f and f["day"].strip().isdigit():
        day = int(f["day"].strip())
        if 1 <= day <= 31:
            used.add("day")
        else:
            day = None
    if re.fullmatch(r"-?\d{1,4}", ytext):
        rec.issued = PartialDate(int(ytext), month, day)
        if ytext != year:
            raw["issued"] = year
    elif ytext:
        rec.issued = PartialDate(literal=ytext)
        if month is not None:
            used.discard("month")
            used.discard("day")
            raw.pop("month", None)
        if ytext != year:
            raw["issued"] = year


def _consume_redundant(d: PartialDate, f: dict[str, str], used: set[str]) -> None:
    """year/month/day fields that repeat what the date field says are not kept apart."""
    if f.get("year", "").strip() == str(d.year):
        used.add("year")
        if "month" in f and _month_of(f["month"]) == d.month:
            used.add("month")
            if f.get("day", "").strip() == str(d.day):
                used.add("day")


# ------------------------------------------------------------------- names
_AND_RE = re.compile(r"\s+and\s+", re.I)


def split_name_list(value: str) -> list[str]:
    """Split a BibTeX name list on ' and ' at brace depth 0."""
    value = value.strip()
    if not value:
        return []
    if "{" not in value:
        return [n for n in (p.strip() for p in _AND_RE.split(value)) if n]
    names: list[str] = []
    depth = 0
    start = 0
    low = value.lower()
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in " \t\r\n" and low.startswith("and", i + 1):
            j = i + 4
            if j < n and value[j] in " \t\r\n":
                names.append(value[start:i].strip())
                start = j + 1
                i = j + 1
                continue
        i += 1
    names.append(value[start:].strip())
    return [x for x in names if x]


def _split_top(text: str, seps: str) -> list[str]:
    """Split *text* on any char of *seps* at brace depth 0 (empty parts dropped)."""
    if "{" not in text and "\\" not in text:
        if seps == ",":
            return [p.strip() for p in text.split(",")]
        return text.replace("~", " ").split()
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "\\" and i + 1 < n and text[i + 1] in " \t\r\n" and seps != ",":
            parts.append("".join(cur))
            cur = []
            i += 2
            continue
        elif depth == 0 and ch in seps and not (ch == "~" and i and text[i - 1] == "\\"):
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    if seps == ",":
        return [p.strip() for p in parts]
    return [p for p in parts if p]


def _token_case(tok: str) -> str:
    """'l' (lower), 'u' (upper) or '' (caseless) for a name token, the BibTeX way."""
    c0 = tok[:1]
    if c0.isalpha():
        return "l" if c0.islower() else "u"
    i = 0
    n = len(tok)
    while i < n:
        ch = tok[i]
        if ch == "{":
            if i + 1 < n and tok[i + 1] == "\\":
                # a special character: the case of its first letter after the command
                j = i + 2
                while j < n and tok[j].isalpha():
                    j += 1
                if j == i + 2:
                    j += 1  # a control symbol such as \' or \"
                depth = 1
                k = j
                while k < n and depth:
                    c = tok[k]
                    if c == "{":
                        depth += 1
                    elif c == "}":
                        depth -= 1
                    elif c.isalpha():
                        return "l" if c.islower() else "u"
                    k += 1
                # a command with no letters after it ({\LaTeX}): use the command's case
                name = tok[i + 2:j]
                if name and name[0].isalpha() and name not in ("i", "j", "o", "l", "ss", "aa", "ae", "oe"):
                    return "u" if name[0].isupper() else ""
                if name:
                    return "l" if name[0].islower() else "u"
                i = k
                continue
            # a brace group: caseless, skip it
            depth = 1
            i += 1
            while i < n and depth:
                if tok[i] == "{":
                    depth += 1
                elif tok[i] == "}":
                    depth -= 1
                i += 1
            continue
        if ch.isalpha():
            return "l" if ch.islower() else "u"
        i += 1
    return ""


def split_name(name: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """BibTeX's split of one name into (first, von, last, jr) token lists, still LaTeX."""
    parts = _split_top(name, ",")
    if len(parts) == 1:
        tokens = _split_top(parts[0], " \t\r\n~")
        if not tokens:
            return [], [], [], []
        if len(tokens) == 1:
            return [], [], tokens, []
        body = tokens[:-1]
        cases = [_token_case(t) for t in body]
        lows = [i for i, c in enumerate(cases) if c == "l"]
        if not lows or (lows[0] == 0 and "u" not in cases and _token_case(tokens[-1]) != "u"):
            return body, [], tokens[-1:], []
        start, end = lows[0], lows[-1]
        return tokens[:start], tokens[start:end + 1], tokens[end + 1:], []
    von_last = _split_top(parts[0], " \t\r\n~")
    if len(parts) == 2:
        jr: list[str] = []
        first = _split_top(parts[1], " \t\r\n~")
    else:
        jr = _split_top(parts[1], " \t\r\n~")
        first = [t for p in parts[2:] for t in _split_top(p, " \t\r\n~")]
    if not von_last:
        return first, [], [], jr
    cases = [_token_case(t) for t in von_last[:-1]]
    lows = [i for i, c in enumerate(cases) if c == "l"]
    if lows:
        end = lows[-1]
        return first, von_last[:end + 1], von_last[end + 1:], jr
    return first, [], von_last, jr


def parse_creator(name: str, role: str = "author") -> Creator:
    """One BibTeX name (LaTeX) as a Creator with decoded text."""
    s = name.strip()
    if s.isascii() and "{" not in s and "\\" not in s and "~" not in s:
        # the common case, without LaTeX: no decoding needed
        first, von, last, jr = split_name(s)
        family = " ".join(von + last)
        given = " ".join(first)
        if jr:
            given = f"{given}, {' '.join(jr)}" if given else " ".join(jr)
        if not family:
            family, given = given, ""
        return Creator(family=family, given=given, role=role)
    if s.startswith("{") and s.endswith("}") and _outer_group(s):
        return Creator(literal=_text(s), role=role)
    if not s.isascii() and has_cjk(s):
        parts = _split_top(s, ",")
        if len(parts) >= 2:
            return Creator(family=_text(parts[0]), given=_text(" ".join(parts[1:])), role=role)
        tokens = s.split()
        if len(tokens) == 1:
            return Creator(literal=_text(s), role=role)
        if all(has_cjk(t) for t in tokens):
            return Creator(family=_text(tokens[0]), given=_text("".join(tokens[1:])), role=role)
    first, von, last, jr = split_name(s)
    family = _text(" ".join(von + last))
    given = _text(" ".join(first))
    if jr:
        given = f"{given}, {_text(' '.join(jr))}" if given else _text(" ".join(jr))
    if not family:
        family, given = given, ""
    return Creator(family=family, given=given, role=role)


def _outer_group(s: str) -> bool:
    """True if *s* is a single brace group ``{...}`` from first to last character."""
    depth = 0
    for i, ch in enumerate(s):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(s) - 1:
                return False
    return True


def parse_creators(value: str, role: str = "author") -> tuple[list[Creator], bool]:
    """A BibTeX name list as Creators, and whether it ended in 'and others'."""
    out: list[Creator] = []
    others = False
    for name in split_name_list(value):
        if name.lower() == "others":
            others = True
            continue
        c = parse_creator(name, role)
        if c.family or c.given or c.literal:
            out.append(c)
    return out, others


def parse_file_field(value: str) -> list[str]:
    """Paths in a JabRef/Mendeley/Zotero ``file`` field (``desc:path:type;...``)."""
    v = value.replace("$\\backslash$", "\\")
    paths: list[str] = []
    for item in _split_escaped(v, ";"):
        parts = _split_escaped(item, ":")
        if len(parts) >= 3:
            path = ":".join(parts[1:-1])
        elif len(parts) == 2:
            path = parts[0] if "." in parts[0] and not parts[1] else ":".join(parts)
        else:
            path = parts[0] if parts else ""
        path = path.replace("\\:", ":").replace("\\;", ";").replace("\\\\", "\\")
        path = path.replace("\\{", "\ue000").replace("\\}", "\ue001")
        path = re.sub(r"\\([_&%#$~])", r"\1", path).replace("{", "").replace("}", "")
        path = path.replace("\ue000", "{").replace("\ue001", "}")
        path = path.strip()
        if path:
            paths.append(path)
    return paths


def _split_escaped(text: str, sep: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i:i + 2])
            i += 2
            continue
        if ch == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


# =================================================================== writing
_ORDER = ("author", "editor", "translator", "bookauthor", "title", "shorttitle",
          "journal", "journaltitle", "shortjournal", "booktitle", "series", "edition",
          "volume", "number", "issue", "pages", "publisher", "school", "institution",
          "address", "location", "type", "year", "month", "day", "date", "urldate", "doi",
          "isbn", "issn", "url", "eprint", "archiveprefix", "eprinttype", "pmid", "pmcid",
          "language", "langid", "keywords", "abstract", "translatedtitle",
          "translatedabstract", "note", "file")


def write_bibtex(records: Iterable[Record], flavor: str = "bibtex", ascii: bool = False) -> str:
    """BibTeX (or BibLaTeX with ``flavor="biblatex"``) text for *records*.

    One entry per record; keys are the citation keys (made unique; generated
    when missing). Values are braced; values unchanged since import are written
    exactly as they were read. With *ascii*, non-ASCII text becomes LaTeX escapes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _write_bibtex(list(records), flavor, ascii)
    finally:
        if was_enabled:
            gc.enable()


def _write_bibtex(recs: list[Record], flavor: str, ascii: bool) -> str:
    keys = _unique_keys(recs)
    exported = {k.lower() for k in keys}  # crossref keys match case-insensitively
    pairs = list(zip(recs, keys))
    # BibTeX needs a crossref parent after the entries that refer to it
    parents = {k.strip().lower() for rec in recs
               for k in str(rec.extra.get(EXTRA_PREFIX + "crossref", "")).split(",")
               if k.strip()} & exported
    if parents:
        pairs = ([p for p in pairs if p[1].lower() not in parents]
                 + [p for p in pairs if p[1].lower() in parents])
    chunks: list[str] = []
    for rec, key in pairs:
        etype, fields = _entry_fields(rec, flavor, ascii, exported)
        lines = [f"@{etype}{{{key},"]
        for name, value, bare in fields:
            if not bare:
                value = _safe_value(value)
                lines.append(f"  {name} = {{{value}}},")
            else:
                lines.append(f"  {name} = {value},")
        lines.append("}")
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + ("\n" if chunks else "")


_KEY_BAD = re.compile(r"[\s,{}()\"#%'=~\\]")


def _unique_keys(recs: list[Record]) -> list[str]:
    used: set[str] = set()
    out: list[str] = []
    for rec in recs:
        key = _KEY_BAD.sub("", rec.citation_key or "") or _make_key(rec)
        base = key
        n = 0
        while key in used:
            n += 1
            key = f"{base}{_suffix(n)}"
        used.add(key)
        out.append(key)
    return out


def _suffix(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _make_key(rec: Record) -> str:
    c = rec.first_creator
    name = c.sort_name() if c else ""
    name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if ch.isalnum())
    if name and not name.isascii():
        name = "".join(ch for ch in name if ch.isascii()) or name
    year = str(rec.year) if rec.year else ""
    word = ""
    for w in re.findall(r"\w+", rec.title or ""):
        if len(w) > 3:
            word = w.lower()
            break
    word = "".join(ch for ch in unicodedata.normalize("NFKD", word) if ch.isalnum())
    key = f"{name.lower()}{year}{word}"
    key = _KEY_BAD.sub("", key)
    return key or (f"ref{rec.id}" if rec.id is not None else "ref")


_FIELD_NAME_OK = re.compile(r"[^\s=,{}\"#()%']+")
_FIELD_NAME_BAD = re.compile(r"[\s=,{}\"#()%']+")


def _writable(raw: str) -> bool:
    """True if a raw value can go between braces as it is."""
    if "{" in raw or "}" in raw or raw.endswith("\\"):
        return _balanced(raw)
    return True


def _safe_value(value: str) -> str:
    if ("{" in value or "}" in value or value.endswith("\\")) and not _balanced(value):
        value = value.replace("{", "\\{").replace("}", "\\}")
        value = re.sub(r"\\(\\[{}])", r"\1", value)
        if not _balanced(value):
            value = value.replace("{", "").replace("}", "")
    if "\n" in value and "@" in value:
        value = re.sub(r"\n(\s*@)", r" \1", value)
    return value


def _balanced(value: str) -> bool:
    depth = 0
    prev = ""
    for ch in value:
        if prev == "\\":
            prev = ""
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        prev = ch
    return depth == 0 and prev != "\\"


def _entry_fields(rec: Record, flavor: str, ascii: bool,
                  exported: set[str]) -> tuple[str, list[tuple[str, str, bool]]]:
    raw: dict[str, Any] = rec.extra.get(RAW_KEY) or {}
    if not isinstance(raw, dict):
        raw = {}
    big = flavor == "biblatex"
    out: dict[str, tuple[str, bool]] = {}

    def put(name: str, attr: str, value: str, verbatim: bool = False) -> None:
        if not value:
            return
        if EXTRA_PREFIX + name in rec.extra and name in _OUT_ALIASES:
            name = _OUT_ALIASES[name]  # the file had both; keep both
        r = raw.get(attr)
        if isinstance(r, str) and _writable(r):
            current = _verbatim(r) if verbatim else _text(r)
            if attr == "pages":
                current = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", current)
            if attr == "doi":
                current = clean_doi(_verbatim(r))
            if current == value:
                out[name] = (latex.to_ascii(r) if ascii else r, False)
                return
        if verbatim:
            text = value.replace("{", "").replace("}", "").replace("\\", "/") \
                if not _balanced(value) else value
            out[name] = (text, False)
        else:
            out[name] = (latex.encode(value, ascii=ascii), False)

    # entry type
    orig = str(rec.extra.get(TYPE_KEY) or "")
    etype = ""
    if orig and TYPE_IN.get(orig, "document") == rec.type and not (
            not big and orig in BIBLATEX_ONLY_TYPES):
        if orig in _THESIS_GENRES:
            if rec.genre and rec.genre != _THESIS_GENRES[orig] and not (
                    _is_masters(rec.genre) == (orig == "mastersthesis")):
                orig = ""
        etype = orig
    if not etype:
        pair = TYPE_OUT.get(rec.type, ("misc", "misc"))
        etype = pair[1] if big else pair[0]
        if rec.type == "thesis" and not big and _is_masters(rec.genre):
            etype = "mastersthesis"
        if rec.type == "chapter" and not rec.container_title and not any(
                c.role == "editor" for c in rec.creators):
            etype = "inbook"

    # creators
    by_role: dict[str, list[Creator]] = {}
    for c in rec.creators:
        by_role.setdefault(c.role, []).append(c)
    etal = rec.extra.get(ETAL_KEY) or []
    role_field = {"author": "author", "editor": "editor", "translator": "translator",
                  "container-author": "bookauthor"}
    for role in list(by_role) + [r for r in etal if r not in by_role]:
        names = by_role.get(role, [])
        fname = role_field.get(role, role.replace("-", ""))
        r = raw.get("creators:" + role)
        if isinstance(r, str) and _writable(r):
            parsed, others = parse_creators(r, role)
            if _same_creators(parsed, names) and others == (role in etal):
                out[fname] = (latex.to_ascii(r) if ascii else r, False)
                continue
        text = " and ".join(format_creator(c, ascii) for c in names)
        if role in etal:
            text = f"{text} and others" if text else "others"
        if text:
            out[fname] = (text, False)

    put("title", "title", rec.title)
    put("shorttitle", "title_short", rec.title_short)
    if rec.container_title:
        if rec.type in _IN_TYPES:
            cname = "booktitle"
        else:
            cname = "journaltitle" if big else "journal"
        put(cname, "container_title", rec.container_title)
    if rec.container_title_short:
        put("shortjournal", "container_title_short", rec.container_title_short)
    put("series", "collection_title", rec.collection_title)
    put("edition", "edition", rec.edition)
    put("volume", "volume", rec.volume)
    if rec.type in _ARTICLE_TYPES:
        if rec.issue:
            put("number", "issue", rec.issue)
        else:
            put("number", "number", rec.number)
    else:
        put("number", "number", rec.number)
        put("issue", "issue", rec.issue)
    put("pages", "pages", rec.pages)
    pub_field = "publisher"
    if rec.type == "thesis":
        pub_field = "school" if not big else "institution"
    elif rec.type == "report":
        pub_field = "institution"
    put(pub_field, "publisher", rec.publisher)
    put("location" if big else "address", "place", rec.place)
    if rec.type == "thesis" and not rec.genre and etype in _THESIS_GENRES:
        out["type"] = ("", False)  # the entry type alone would claim a genre
    if rec.genre:
        default = _THESIS_GENRES.get(etype)
        if big and rec.type == "thesis" and rec.genre in ("PhD thesis", "Master's thesis"):
            out["type"] = ("phdthesis" if rec.genre == "PhD thesis" else "mathesis", False)
        elif rec.genre != default:
            put("type", "genre", rec.genre)
    # date
    d = rec.issued
    extra_date = rec.extra.get(EXTRA_PREFIX + "date")
    if isinstance(extra_date, str) and d is not None and _date_start(extra_date) == d:
        pass  # the date field as read (a range, an EDTF date) is written with the extras
    elif d is not None and not d.empty:
        if d.year is None:
            put("year", "issued", d.literal)
        elif big or any(EXTRA_PREFIX + n in rec.extra for n in ("year", "month", "day")):
            out["date"] = (d.iso(), False)  # (a file with a date and a different year)
        else:
            r = raw.get("issued")
            if isinstance(r, str) and _text(r).strip() == str(d.year):
                out["year"] = (r, False)
            else:
                out["year"] = (str(d.year), False)
            if d.month:
                r = raw.get("month")
                if isinstance(r, str) and _month_of(r) == d.month:
                    out["month"] = (r, False)
                else:
                    out["month"] = (MONTHS[d.month - 1][:3], True)
                if d.day:
                    out["day"] = (str(d.day), False)
    if rec.accessed is not None and not rec.accessed.empty:
        out["urldate"] = (rec.accessed.iso(), False)
    put("doi", "doi", rec.doi, verbatim=True)
    put("isbn", "isbn", rec.isbn, verbatim=True)
    put("issn", "issn", rec.issn, verbatim=True)
    put("url", "url", rec.url, verbatim=True)
    if rec.arxiv:
        out["eprint"] = (rec.arxiv, False)
        if big:
            out["eprinttype"] = ("arxiv", False)
        else:
            out["archiveprefix"] = ("arXiv", False)
    put("pmid", "pmid", rec.pmid, verbatim=True)
    put("pmcid", "pmcid", rec.pmcid, verbatim=True)
    put("language", "language", rec.language)
    if rec.keywords:
        put("keywords", "keywords", ", ".join(rec.keywords))
    if rec.abstract:
        put("abstract", "abstract", rec.abstract)
    # translated title/abstract (CNKI, NoteExpress): our own fields, ignored by BibTeX
    put("translatedtitle", "title_translated", rec.title_translated)
    put("translatedabstract", "abstract_translated", rec.abstract_translated)
    if rec.notes:
        put("note", "notes", "\n\n".join(rec.notes))
    if rec.attachments:
        r = raw.get("attachments")
        if isinstance(r, str) and parse_file_field(r) == rec.attachments:
            out["file"] = (r, False)
        else:
            out["file"] = (";".join(":" + _escape_path(p) + ":" + _file_type(p)
                                    for p in rec.attachments), False)
    if rec.type in ("article-magazine", "article-newspaper"):
        out["entrysubtype"] = ("magazine" if rec.type == "article-magazine" else "newspaper",
                               False)

    # inherited fields are left out when the parent is exported too
    inherited = rec.extra.get(INHERITED_KEY) or []
    if inherited:
        parents = [k.strip().lower() for name in ("crossref", "xdata")
                   for k in str(rec.extra.get(EXTRA_PREFIX + name, "")).split(",") if k.strip()]
        if parents and all(p in exported for p in parents):
            groups = {_FIELD_GROUPS.get(n, n) for n in inherited}
            for name in list(out):
                if name in inherited or _FIELD_GROUPS.get(name, name) in groups:
                    if name not in ("author", "title") or name in inherited:
                        out.pop(name, None)

    # ordered output, then the extra fields
    ordered: list[tuple[str, str, bool]] = []
    for name in _ORDER:
        if name in out:
            v, bare = out.pop(name)
            ordered.append((name, v, bare))
    for name, (v, bare) in out.items():
        if not name.startswith(EXTRA_PREFIX):
            ordered.append((name, v, bare))
    written = {n for n, _, _ in ordered}
    for ek, value in rec.extra.items():
        if not ek.startswith(EXTRA_PREFIX) or not isinstance(value, str):
            continue
        name = ek[len(EXTRA_PREFIX):]
        if not name or name in written or not _FIELD_NAME_OK.fullmatch(name):
            continue
        if inherited and name in inherited:
            parents_ok = True
            if parents_ok and any(str(rec.extra.get(EXTRA_PREFIX + p, "")).strip()
                                  for p in ("crossref", "xdata")):
                parents = [k.strip().lower() for p in ("crossref", "xdata")
                           for k in str(rec.extra.get(EXTRA_PREFIX + p, "")).split(",") if k.strip()]
                if all(p in exported for p in parents):
                    continue
        r = raw.get(ek)
        verbatim = name in _VERBATIM
        if isinstance(r, str) and _writable(r) and (
                _verbatim(r) if verbatim else _text(r)) == value:
            text = latex.to_ascii(r) if ascii else r
        elif verbatim:
            text = value
        else:
            text = latex.encode(value, ascii=ascii)
        if text:
            ordered.append((name, text, False))
            written.add(name)
    return etype, [(n, v, b) for n, v, b in ordered if not n.startswith(EXTRA_PREFIX)]


def _month_of(value: str) -> int | None:
    t = _text(value).strip().lower().rstrip(".")
    if t.isdigit() and 1 <= int(t) <= 12:
        return int(t)
    return _MONTH_WORDS.get(t)


def _is_masters(genre: str) -> bool:
    g = (genre or "").lower()
    return "master" in g or g in ("ma", "msc", "m.sc.", "mathesis", "diplomarbeit")


def _same_creators(a: list[Creator], b: list[Creator]) -> bool:
    if len(a) != len(b):
        return False
    return all((x.family, x.given, x.literal) == (y.family, y.given, y.literal)
               for x, y in zip(a, b))


def format_creator(c: Creator, ascii: bool = False) -> str:
    """One Creator as a BibTeX name: ``{Literal}``, ``Family, Given`` or ``Family, Jr, Given``."""
    if c.literal:
        return "{" + latex.encode(c.literal, ascii) + "}"
    family = latex.encode(c.family, ascii)
    if "," in family or _AND_RE.search(f" {family} "):
        family = "{" + family + "}"
    elif family and not c.given and " " in family.strip():
        back = parse_creator(family, c.role)
        if (back.family, back.given, back.literal) != (c.family, "", ""):
            family = "{" + family + "}"
    if not c.given:
        return family
    given = c.given
    suffix = ""
    if ", " in given:
        given, suffix = given.split(", ", 1)
    given = latex.encode(given, ascii)
    if _AND_RE.search(f" {given} ") or "," in given:
        given = "{" + given + "}"
    if suffix:
        return f"{family}, {latex.encode(suffix, ascii)}, {given}"
    return f"{family}, {given}"


def _escape_path(p: str) -> str:
    return p.replace("\\", "\\\\").replace(":", "\\:").replace(";", "\\;")


def _file_type(p: str) -> str:
    ext = p.rsplit(".", 1)[-1].lower() if "." in p else ""
    return {"pdf": "PDF", "html": "HTML", "htm": "HTML", "djvu": "DjVu"}.get(ext, ext.upper())


register(BibtexFormat())
register(BiblatexFormat())
