"""BibTeX and BibLaTeX in and out, on bibtexparser 2.x.

This is the only module that touches bibtexparser's API. bibtexparser splits
the file into blocks (its splitter is the speed floor); everything after that
is done here, in one pass, without bibtexparser's middlewares. A file is read
in chunks of a few thousand blocks (:func:`read_bibtex_chunks`), so that a big
one is stored while it is read; for a big input a worker process splits the
chunks (and parses names, decodes LaTeX) while this process maps and stores.

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
  Next to a kept value that can be written back as it is, a fingerprint of it
  and the text read from it (``fp:<key>``, ``creators-fp:<role>`` for name
  lists) lets export tell that the text is unedited without reading the raw
  value again.
* Fields with no place in :class:`Record` are kept as
  ``rec.extra["bibtex:<field>"]`` and written back.

Extra keys used: ``bibtex:<field>`` (unmapped fields, decoded text),
``bibtex-raw`` (dict of raw LaTeX values), ``bibtex-entrytype`` (the entry
type as written), ``bibtex-inherited`` (fields taken from a crossref/xdata
parent), ``bibtex-etal`` (roles whose name list ended in "and others").
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import os
import pickle
import re
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import bibtexparser
from bibtexparser import model as btmodel

from app.core.errors import FormatError
from app.core.formats import Failure, Format, ReadResult, register
from app.core.normalize import latex
from app.core.normalize.dates import date_of_parts
from app.core.records import Creator, PartialDate, Record, clean_doi, has_cjk

log = logging.getLogger(__name__)
# bibtexparser logs each block it cannot parse, without the file's name; this reader
# reports every such block itself (a failure or a warning at file:line)
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

RAW_KEY = "bibtex-raw"
TYPE_KEY = "bibtex-entrytype"
INHERITED_KEY = "bibtex-inherited"
ETAL_KEY = "bibtex-etal"
# in the bibtex-raw dict: the fingerprint of a kept raw name list (see _fingerprint)
FINGERPRINT_PREFIX = "creators-fp:"
# in the bibtex-raw dict: for a kept raw value that can be written back as it is,
# the digest of it and the text read from it; export writes the raw value when the
# record's text still has that digest, without decoding the raw value again
FIELD_FINGERPRINT_PREFIX = "fp:"
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
# types whose BibTeX 'number', beside a 'series', is the number within the series
_IN_SERIES_TYPES = frozenset(("book", "chapter", "paper-conference", "collection",
                              "entry-dictionary", "entry-encyclopedia"))
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
                "bookauthor": "container-author",
                # the other CSL roles, as the writer names them (role without '-')
                **{r.replace("-", ""): r for r in (
                    "collection-editor", "composer", "director", "interviewer", "recipient",
                    "reviewed-author", "illustrator", "contributor", "editorial-director",
                    "original-author")}}
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

    def read_chunks(self, text: str, source: str = "") -> Iterator[ReadResult]:
        return read_bibtex_chunks(text, source)

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
# A file is split into chunks of about this many blocks (entries, @string, ...),
# cut at lines that start a block; each chunk goes through bibtexparser on its
# own (its model of one chunk is all that is held) and is mapped to records.
CHUNK_BLOCKS = 2000
# Inputs of at least this many characters have their chunks split by
# bibtexparser in a worker process while this one maps and stores the records.
WORKER_MIN_CHARS = 2_000_000
# A line that starts a block, as bibtexparser 2's splitter sees one: a new
# block always begins there, even inside a brace left open above it (the
# splitter gives the open block up). Cutting the text at such a line and
# ending the chunk with that line's ``@type{`` ("the sentinel") splits the
# chunk exactly as the whole text is split.
_BLOCK_HEAD = re.compile(r"\n[ \t]*@\w*[ \t]*[{(]")

_EntryTuple = tuple[str, str, dict[str, str], int]  # (type, key, fields, line)


class _SentinelFilter(logging.Filter):
    """Drops bibtexparser's warning (and the note after it) about the sentinel that
    ends a chunk: in a chunk that ends with one, only the sentinel reaches the end.
    Active in a thread while ``local.on`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def quiet(self, on: bool) -> None:
        self.local.on = on
        self.local.dropped = False

    def filter(self, record: logging.LogRecord) -> bool:
        local = self.local
        if not getattr(local, "on", False):
            return True
        msg = record.getMessage()
        if "Unexpectedly reached end of file" in msg:
            local.dropped = True
            return False
        if local.dropped and "continue parsing" in msg:
            local.dropped = False
            return False
        return True


_SENTINEL_FILTER = _SentinelFilter()
logging.getLogger("bibtexparser.splitter").addFilter(_SENTINEL_FILTER)


@dataclass
class _Part:
    """One chunk split into entries: what the split stage hands to the mapping stage.

    Plain data, so that it pickles cheaply from the worker process.
    """

    entries: list[_EntryTuple]
    failures: list[Failure]
    warnings: list[Failure]  # entries read leniently, each at its line
    end: int  # characters of the text read once this chunk is done
    # Whether a field named crossref/xdata may occur anywhere in the file:
    # set on the first part that knows (None: not known yet).
    inherit: bool | None = None
    # name lists parsed and values decoded from LaTeX by the worker process, by value
    names: dict[str, _NameList] | None = None
    decoded: dict[str, str] | None = None
    fingerprints: dict[str, str] | None = None  # of the decoded values


@dataclass
class _SplitState:
    """What the split stage carries from one chunk to the next."""

    macros: dict[str, str] = field(default_factory=lambda: dict(MONTH_MACROS))
    # citation key -> line of its first entry, for the duplicate-key check
    first_line: dict[str, int | None] = field(default_factory=dict)


def read_bibtex(text: str, source: str = "") -> ReadResult:
    """Read BibTeX/BibLaTeX *text*: records plus a Failure for each broken block.

    The same as all the chunks of :func:`read_bibtex_chunks` put together.
    """
    result = ReadResult()
    for part in read_bibtex_chunks(text, source):
        result.extend(part)
    return result


def read_bibtex_chunks(text: str, source: str = "", *, chunk_blocks: int | None = None,
                       worker: bool | None = None) -> Iterator[ReadResult]:
    """Read *text* as a series of results of about *chunk_blocks* blocks each
    (default :data:`CHUNK_BLOCKS`).

    ``@string`` macros, the duplicate-key check, crossref/xdata parents and
    generated keys work across the whole file; failures and record lines are
    file lines. With *worker* (the default for inputs of
    :data:`WORKER_MIN_CHARS` or more on a machine with two cores or more),
    bibtexparser splits the chunks after the first in a worker process while
    the caller handles the results; if the worker cannot start or stops, the
    rest is read here. Stopping the iteration stops the worker.

    Raises FormatError if bibtexparser fails on a chunk (a bug of its own).
    """
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        text = text.replace("\x00", "")
    cuts = _cuts(text, max(1, chunk_blocks or CHUNK_BLOCKS))
    if worker is None:
        worker = len(text) >= WORKER_MIN_CHARS and _cpu_count() > 1
    if worker and len(cuts) > 1:
        parts = _worker_parts(text, source, cuts)
    else:
        parts = _local_parts(text, source, cuts)
    try:
        yield from _Mapper(parts, source, len(text)).results()
    finally:
        parts.close()


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cuts(text: str, chunk_blocks: int) -> list[tuple[int, int, int]]:
    """(start, end, parse end) of each chunk: a chunk is text[start:end], and
    bibtexparser reads text[start:parse end], which adds the next chunk's
    first ``@type{`` (see :data:`_BLOCK_HEAD`)."""
    cuts: list[tuple[int, int, int]] = []
    start = 0
    for i, m in enumerate(_BLOCK_HEAD.finditer(text), 1):
        if i % chunk_blocks == 0:
            cuts.append((start, m.start() + 1, m.end()))
            start = m.start() + 1
    cuts.append((start, len(text), len(text)))
    return cuts


def _may_inherit(text: str) -> bool:
    """False if no field of *text* can be named crossref or xdata."""
    if text.isascii():
        low = text.lower()
        return "crossref" in low or "xdata" in low
    return _may_inherit_utf8(text.encode("utf-8", "surrogatepass"))


def _may_inherit_utf8(data: bytes) -> bool:
    """:func:`_may_inherit` of UTF-8 text (the names are ASCII: lower-casing
    the bytes finds every spelling)."""
    low = data.lower()
    return b"crossref" in low or b"xdata" in low


def _local_parts(text: str, source: str, cuts: list[tuple[int, int, int]],
                 skip: int = 0) -> Iterator[_Part]:
    """The split stage in this process; the first *skip* chunks are split (for
    the state they leave) but not handed on."""
    inherit: bool | None = _may_inherit(text)
    for i, part in enumerate(_split_parts(text, source, cuts, _SplitState(), 0)):
        if i < skip:
            continue
        if inherit is not None:
            part.inherit, inherit = inherit, None
        yield part


def _split_parts(text: str, source: str, cuts: list[tuple[int, int, int]],
                 state: _SplitState, line0: int) -> Iterator[_Part]:
    """Split the chunks *cuts* of *text* one after the other; *line0* is the
    number of lines before the first."""
    for start, end, parse_end in cuts:
        part = _split_chunk(text, start, end, parse_end, line0, source, state)
        if part is None:
            # bibtexparser did not split at the cut as expected (another
            # version?): read the rest of the file in one piece
            log.warning("%s: chunked reading fell back to one piece at line %d",
                        source, line0 + 1)
            part = _split_chunk(text, start, len(text), len(text), line0, source, state)
            assert part is not None
            yield part
            return
        line0 += text.count("\n", start, end)
        yield part


def _split_chunk(text: str, start: int, end: int, parse_end: int, line0: int, source: str,
                 state: _SplitState) -> _Part | None:
    """bibtexparser's blocks of one chunk as entries and failures; None (and
    *state* untouched) if the splitter did not stop at the sentinel."""
    was_enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: collections cost a third
    try:
        return _split_chunk_blocks(text, start, end, parse_end, line0, source, state)
    finally:
        if was_enabled:
            gc.enable()
        else:
            # The caller keeps the collector paused (an import, for its whole length),
            # but bibtexparser leaves the chunk's blocks in reference cycles: they are
            # freed now, looking at the objects made since the last collection only.
            gc.collect(0)


def _split_chunk_blocks(text: str, start: int, end: int, parse_end: int, line0: int,
                        source: str, state: _SplitState) -> _Part | None:
    chunk = text[start:parse_end]
    _SENTINEL_FILTER.quiet(parse_end > end)
    try:
        library = bibtexparser.parse_string(chunk, parse_stack=[])
    except Exception as exc:  # bibtexparser raises on states it considers its own bugs
        log.warning("bibtexparser failed on %s: %s", source, exc)
        raise FormatError("the BibTeX file could not be split into entries: {err}",
                          source=source, err=str(exc)) from exc
    finally:
        _SENTINEL_FILTER.quiet(False)
    blocks = library.blocks
    if parse_end > end:
        last = blocks[-1] if blocks else None
        if not (type(last) is btmodel.ParsingFailedBlock
                and last.raw == text[end:parse_end].lstrip(" \t")):
            return None
        blocks.pop()
    part = _Part([], [], [], end)
    _split_blocks(blocks, chunk, line0, source, state, part)
    return part


def _split_blocks(blocks: list[Any], chunk: str, line0: int, source: str, state: _SplitState,
                  part: _Part) -> None:
    macros = state.macros
    first_line = state.first_line
    line_starts: list[int] | None = None
    problems: list[Failure] = []  # their source is set at the end
    entries = part.entries
    failures = part.failures

    # Each block's line is found from where its text is in the chunk: bibtexparser's
    # own count misses a line ending in a backslash.
    pos = 0
    newlines = 0
    for block in blocks:
        raw = block.raw or ""
        found = chunk.find(raw, pos) if raw else -1
        if found >= 0:
            newlines += chunk.count("\n", pos, found)
            pos = found
            line: int | None = line0 + newlines + 1
        else:
            ln = _line(block)
            line = None if ln is None else ln + line0
        if isinstance(block, btmodel.Entry):
            key = block.key
            if key in first_line and key.strip():
                # the key of an entry in an earlier chunk (bibtexparser saw this chunk only)
                first = first_line[key]
                where = f" (first on line {first})" if first else ""
                failures.append(Failure(source, line, f"duplicate citation key '{key}'{where}",
                                        raw))
                continue
            first_line[key] = line
            entries.append(_entry_tuple(block, macros, problems, line or 0))
        elif isinstance(block, btmodel.String):
            _define_string(block, macros)
        elif isinstance(block, btmodel.DuplicateBlockKeyBlock):
            inner = block.ignore_error_block
            if isinstance(inner, btmodel.String):
                _define_string(inner, macros)  # a later @string wins, as in BibTeX
                continue
            if isinstance(inner, btmodel.Entry) and not (block.key or "").strip():
                entries.append(_entry_tuple(inner, macros, problems, line or 0))  # no key
                continue
            first_ln = first_line.get(block.key)
            if first_ln is None:
                prev = block.previous_block
                ln = _line(prev) if prev is not None else None
                first_ln = None if ln is None else ln + line0
            where = f" (first on line {first_ln})" if first_ln else ""
            failures.append(Failure(
                source, line, f"duplicate citation key '{block.key}'{where}",
                block.raw or ""))
        elif isinstance(block, btmodel.DuplicateFieldKeyBlock):
            inner = block.ignore_error_block
            if isinstance(inner, btmodel.Entry):
                entries.append(_entry_tuple(inner, macros, problems, line or 0))
        elif isinstance(block, btmodel.ParsingFailedBlock):
            # the failed block's raw text stops where the splitter gave up: re-read
            # the chunk from the block's start to the next entry
            bent: list[str] = []
            if found >= 0:
                salvaged = _salvage(_block_text_at(chunk, found), macros, bent)
            else:
                if line_starts is None:
                    line_starts = [0, *itertools.accumulate(len(x) + 1
                                                            for x in chunk.split("\n"))]
                salvaged = _salvage(_block_text(chunk, line_starts, block.start_line), macros,
                                    bent)
            if salvaged is not None:
                etype, key, fields = salvaged
                log.info("%s:%s: recovered an entry with a syntax error", source, line)
                if bent:
                    problems.append(Failure("", line, (
                        f"entry '{key}': the brace opened in field '{bent[0]}' is not "
                        "closed; its value was cut at the end of its line")))
                else:
                    problems.append(Failure("", line, (
                        f"entry '{key}' has a syntax error; read leniently, check its "
                        f"fields: {', '.join(fields)}")))
                entries.append((etype, key, fields, line or 0))
            elif block.raw and block.raw.strip():
                reason = getattr(block.error, "abort_reason", None) or str(block.error)
                failures.append(Failure(source, line, _clean_reason(reason),
                                        block.raw[:2000]))
    for problem in problems:
        problem.source = source
    part.warnings += problems


class _Mapper:
    """The mapping stage: the parts of the split stage, in order, as ReadResults.

    crossref/xdata parents and generated keys need the whole file: when a part
    needs it, every remaining part is taken in at once (held as entries).
    """

    def __init__(self, parts: Iterator[_Part], source: str, total: int) -> None:
        self.parts = parts
        self.source = source
        self.total = total
        self.pending: deque[_Part] = deque()
        self.complete = False  # every part has been taken from self.parts
        self.keys: set[str] = set()  # lower-case keys of every entry taken so far
        self.inherit: bool | None = None
        # while self.inherit is unknown: fields of the entries mapped so far (parents)
        self.seen: dict[str, dict[str, str]] | None = {}
        self.by_key: dict[str, dict[str, str]] | None = None
        self.generated: set[str] = set()

    def _take(self) -> _Part | None:
        part = next(self.parts, None)
        if part is None:
            self.complete = True
            return None
        self.keys.update(e[1].lower() for e in part.entries)
        if part.inherit is not None and self.inherit is None:
            self.inherit = part.inherit
            if not part.inherit:
                self.seen = None
        return part

    def _drain(self) -> None:
        while (part := self._take()) is not None:
            self.pending.append(part)

    def results(self) -> Iterator[ReadResult]:
        while True:
            part = self.pending.popleft() if self.pending else self._take()
            if part is None:
                return
            if self.by_key is None and self.inherit is not False and (
                    self.inherit or any("crossref" in e[2] or "xdata" in e[2]
                                        for e in part.entries)):
                self._start_inheriting(part)
            yield self._map(part)

    def _start_inheriting(self, part: _Part) -> None:
        """Take in the whole file and index every entry's fields by key."""
        self._drain()
        by_key = self.seen or {}
        self.seen = None
        for p in (part, *self.pending):
            for _etype, key, fields, _ln in p.entries:
                by_key.setdefault(key.lower(), fields)
        self.by_key = by_key

    def _map(self, part: _Part) -> ReadResult:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._map_entries(part)
        finally:
            if was_enabled:
                gc.enable()

    def _map_entries(self, part: _Part) -> ReadResult:
        source = self.source
        result = ReadResult(failures=part.failures, warnings=part.warnings,
                            done_fraction=part.end / self.total if self.total else 1.0)
        by_key = self.by_key
        seen = self.seen if self.by_key is None else None
        entries = part.entries
        part.entries = []
        for i, (etype, key, fields, line) in enumerate(entries):
            entries[i] = _DONE  # let each entry's field dict go as soon as it is mapped
            if seen is not None:
                seen.setdefault(key.lower(), fields)
            if etype in _SKIP_TYPES:
                continue
            if not any(v.strip() for v in fields.values()):
                result.failures.append(Failure(source, line, f"entry '{key}' has no fields",
                                               ""))
                continue
            inherited: list[str] = []
            if by_key is not None and ("crossref" in fields or "xdata" in fields):
                fields, inherited = _inherit(etype, fields, by_key)
            try:
                rec = _to_record(etype, key, fields, inherited, part.names, part.decoded,
                                 part.fingerprints)
                if not rec.citation_key:
                    rec.citation_key = self._new_key(rec)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError,
                    RecursionError) as exc:
                log.exception("cannot map entry %s", key)
                result.failures.append(Failure(source, line, f"entry '{key}': {exc}", ""))
                continue
            if not _has_data(rec):
                result.failures.append(Failure(source, line,
                                               f"entry '{key}' has no usable fields", ""))
                continue
            result.records.append(rec)
            result.lines.append(line)
        result.failures.sort(key=lambda f: f.line or 0)
        return result

    def _new_key(self, rec: Record) -> str:
        """A key for an entry that has none, unlike every key of the file."""
        if not self.complete:
            self._drain()
        base = gen = _make_key(rec)
        n = 0
        while gen.lower() in self.keys or gen in self.generated:
            n += 1
            gen = f"{base}{_suffix(n)}"
        self.generated.add(gen)
        return gen


_DONE: _EntryTuple = ("", "", {}, 0)


# ------------------------------------------------------------- worker process
def _worker_parts(text: str, source: str, cuts: list[tuple[int, int, int]]) -> Iterator[_Part]:
    """The split stage with a worker process: the first chunk is split here
    while the worker starts, the worker splits the others and sends them."""
    state = _SplitState()
    local = _split_parts(text, source, cuts, state, 0)
    first = next(local)
    local.close()
    if first.end >= len(text):
        first.inherit = _may_inherit(text)
        yield first
        return
    line1 = text.count("\n", 0, first.end)
    worker = _Worker.start(text, source, cuts[1:], state, line1)
    yield first
    received = 1
    try:
        if worker is not None:
            while True:
                part = worker.next_part()
                if part is None:
                    return
                if not isinstance(part, _Part):
                    break
                yield part
                received += 1
            log.warning("%s: the BibTeX worker process stopped (%s); reading on here",
                        source, worker.why)
        yield from _local_parts(text, source, cuts, skip=received)
    finally:
        if worker is not None:
            worker.stop()


# Workers running now (for the tests and for clean-up).
_WORKERS: set[_Worker] = set()


class _Worker:
    """A process that runs :func:`_split_parts` on the text and sends each part.

    From a source checkout it is ``python -c`` on the pipes of a plain
    subprocess: no fork (the caller may be a GUI process with Qt threads), and
    no re-import of the caller's main module as multiprocessing's 'spawn' does.
    In a frozen (PyInstaller) build, where there is no ``python``, it is a
    multiprocessing 'spawn' process (the entry point calls freeze_support()).
    Messages are length-prefixed pickles: the job's header, the text (UTF-8),
    then one message per part, then None (or a str: why the worker gave up).
    """

    def __init__(self, channel: _Channel) -> None:
        self.channel = channel
        self.why = ""
        self.sender: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        return self.channel.pid

    @classmethod
    def start(cls, text: str, source: str, cuts: list[tuple[int, int, int]],
              state: _SplitState, line0: int) -> _Worker | None:
        try:
            channel = _Channel.start()
        except Exception as exc:  # no process can be started here (sandbox, limits, ...)
            log.warning("cannot start a BibTeX worker process: %s", exc)
            return None
        worker = cls(channel)
        _WORKERS.add(worker)
        log.debug("BibTeX worker process %s started for %s", channel.pid, source)
        header = pickle.dumps((source, cuts, state, line0), protocol=pickle.HIGHEST_PROTOCOL)
        # the text goes over while this process splits nothing: it maps the first chunk
        worker.sender = threading.Thread(target=_send_job, args=(channel, header, text),
                                         daemon=True, name="refshelf-bibtex-send")
        worker.sender.start()
        return worker

    def next_part(self) -> _Part | str | None:
        """The next part; None when the worker is done; a str saying why it failed."""
        try:
            obj = pickle.loads(self.channel.recv_bytes())
        except (EOFError, OSError) as exc:
            self.why = f"no more data: {exc!r}"
            return self.why
        except Exception as exc:  # a message that does not unpickle
            self.why = f"bad message: {exc!r}"
            return self.why
        if isinstance(obj, str):
            self.why = obj
        return obj

    def stop(self) -> None:
        self.channel.stop()
        if self.sender is not None:
            self.sender.join(5)
        _WORKERS.discard(self)


class _Channel:
    """Both ends' view of the worker: send and receive whole messages, stop it."""

    def __init__(self, popen: Any = None, conn: Any = None, proc: Any = None) -> None:
        self.popen = popen  # subprocess.Popen (pipes), or
        self.conn = conn  # a multiprocessing Connection and
        self.proc = proc  # its multiprocessing Process

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen is not None else self.proc.pid

    @classmethod
    def start(cls) -> _Channel:
        if getattr(sys, "frozen", False) or _WORKER_KIND == "multiprocessing":
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            conn, child = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=_worker_main_mp, args=(child,), daemon=True,
                               name="refshelf-bibtex-split")
            proc.start()
            child.close()
            return cls(conn=conn, proc=proc)
        import subprocess

        if not sys.executable:
            raise OSError("no Python interpreter to run")
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))))
        code = (f"import sys; sys.path.insert(0, {root!r}); "
                "from app.core.formats.bibtex import _worker_main_stdio; _worker_main_stdio()")
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        popen = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, creationflags=flags)
        return cls(popen=popen)

    def send_bytes(self, data: bytes) -> None:
        if self.conn is not None:
            self.conn.send_bytes(data)
        else:
            _write_message(self.popen.stdin, data)

    def recv_bytes(self) -> bytes:
        if self.conn is not None:
            return self.conn.recv_bytes()
        return _read_message(self.popen.stdout)

    def stop(self) -> None:
        try:
            if self.popen is not None:
                if self.popen.poll() is None:
                    self.popen.terminate()
                try:
                    self.popen.wait(5)
                except Exception:  # still running: subprocess.TimeoutExpired
                    self.popen.kill()
                    self.popen.wait(5)
                for pipe in (self.popen.stdin, self.popen.stdout):
                    try:
                        pipe.close()
                    except OSError:
                        pass  # a write the worker no longer reads
            else:
                if self.proc.is_alive():
                    self.proc.terminate()
                self.proc.join(5)
                if self.proc.is_alive():
                    self.proc.kill()
                    self.proc.join(5)
                self.conn.close()
        except (OSError, ValueError) as exc:
            log.warning("stopping the BibTeX worker process: %s", exc)


# the worker kind out of a frozen build: "subprocess" (or "multiprocessing", for tests)
_WORKER_KIND = "subprocess"
_LEN = 8  # bytes of a message's length prefix


def _write_message(fh: Any, data: bytes) -> None:
    fh.write(len(data).to_bytes(_LEN, "big"))
    fh.write(data)
    fh.flush()


def _read_message(fh: Any) -> bytes:
    head = fh.read(_LEN)
    if len(head) < _LEN:
        raise EOFError("the worker closed its output")
    n = int.from_bytes(head, "big")
    data = fh.read(n)
    if len(data) < n:
        raise EOFError("the worker's message was cut short")
    return data


def _send_job(channel: _Channel, header: bytes, text: str) -> None:
    try:
        channel.send_bytes(header)
        channel.send_bytes(text.encode("utf-8", "surrogatepass"))
    except (OSError, ValueError) as exc:  # the worker is gone: its reader sees it too
        log.debug("sending the BibTeX worker its text: %s", exc)


def _worker_main_stdio() -> None:
    """Entry point of a subprocess worker: the job on stdin, the parts on stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not get into the messages
    inp = sys.stdin.buffer
    _worker_run(lambda: _read_message(inp), lambda b: _write_message(out, b))


def _worker_main_mp(conn: Any) -> None:
    """Entry point of a multiprocessing worker."""
    try:
        _worker_run(conn.recv_bytes, conn.send_bytes)
    finally:
        conn.close()


def _prepare(part: _Part) -> None:
    """Parse the name lists of *part*, decode its LaTeX and take the fingerprints of
    the decoded values, ahead of the mapping."""
    names: dict[str, _NameList] = {}
    decoded: dict[str, str] = {}
    fingerprints: dict[str, str] = {}
    for _etype, _key, fields, _ln in part.entries:
        for name, value in fields.items():
            if name in _NAME_FIELDS:
                if value not in names:
                    names[value] = _name_list(value, fingerprint=True)
            elif name not in _VERBATIM and _needs_decode(value) is not None:
                if value not in decoded:
                    text = decoded[value] = latex.decode(value)
                    fingerprints[value] = (_field_fingerprint(value, text)
                                           if _writable(value) else "")
    part.names = names
    part.decoded = decoded
    part.fingerprints = fingerprints


# What preparing a part takes, in seconds, until the worker has timed one.
_PREPARE_GUESS = 0.1


def _worker_run(recv: Any, send: Any) -> None:
    logging.getLogger().addHandler(logging.NullHandler())  # no stderr noise from bibtexparser
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    try:
        source, cuts, state, line0 = pickle.loads(recv())
        data = recv()
        inherit: bool | None = _may_inherit_utf8(data)
        text = data.decode("utf-8", "surrogatepass")
        del data
        # The worker also parses names and decodes LaTeX for the reader when the
        # reader keeps it waiting (it is slower, storing) for longer than that takes:
        # the two balance. Preparing a part moves its cost c from the reader to the
        # worker, so the wait for it is about 2c shorter than for a plain part: the
        # wait a plain part would have had is compared. The first part goes out
        # plain: the reader waits for it.
        prepare = False
        cost = _PREPARE_GUESS  # seconds the last preparation took
        for part in _split_parts(text, source, cuts, state, line0):
            if inherit is not None:
                part.inherit, inherit = inherit, None
            if prepare:
                started = time.perf_counter()
                _prepare(part)
                cost = time.perf_counter() - started
            message = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
            del part
            started = time.perf_counter()
            send(message)  # returns once the reader has taken it
            waited = time.perf_counter() - started + (2 * cost if prepare else 0.0)
            prepare = waited > cost
        send(pickle.dumps(None))
    except (EOFError, OSError):
        pass  # the reader went away (cancelled)
    except Exception as exc:  # told to the reader, which reads the rest itself
        try:
            send(pickle.dumps(f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass


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
                 problems: list[Failure], line: int) -> _EntryTuple:
    """(type, key, fields, line) of an entry on file *line*; what was odd about it
    goes to *problems*."""
    fields: dict[str, str] = {}
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
                problems.append(Failure("", line or None, (
                    f"entry '{entry.key}': a comma is missing after field '{name}'; "
                    "read leniently")))
                fields[name] = evaluate(value, macros)
                for k, v in more.items():
                    fields.setdefault(k, v)
                continue
        fields[name] = evaluate(value, macros)
    if dups:
        problems.append(Failure("", line or None, (
            f"entry '{entry.key}': duplicate fields ({', '.join(dups)}); "
            "the first of each is used")))
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


def _block_text_at(text: str, start: int) -> str:
    """The text of the block starting at *start* (its ``@``), up to the next block."""
    m = _NEXT_BLOCK.search(text, start + 1)
    return text[start:m.start() if m else len(text)]


# a tolerant re-reading of an entry bibtexparser gave up on (a missing comma, say)
_SALVAGE_HEAD = re.compile(r"\s*@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()\"=]*)\s*,?")
_FIELD_NAME = re.compile(r"\s*,?\s*([^\s=,{}\"#()%']+)\s*=\s*")
_BETWEEN_FIELDS = re.compile(r"[\s,]*(?:%[^\n]*)?")
# a line that starts a field: 'name = {', 'name = "', 'name = 2019', 'name = macro,'
_FIELD_LINE = re.compile(r"[ \t]*[A-Za-z][\w:.+-]*[ \t]*=[ \t]*[{\"\w]")


def _salvage(raw: str, macros: dict[str, str], problems: list[str] | None = None
             ) -> tuple[str, str, dict[str, str]] | None:
    """Read the entry in *raw* leniently: the fields up to where it stops making sense.

    ``%`` comments between fields are skipped. A braced value whose ``{`` is never
    closed (the next line starts with ``name =``) ends at its line, and the reading
    goes on with the next field; the names of such fields go to *problems*."""
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
        while True:  # white space, commas and % comments between fields
            cm = _BETWEEN_FIELDS.match(raw, pos)
            if cm is None or cm.end() == pos:
                break
            pos = cm.end()
        fm = _FIELD_NAME.match(raw, pos)
        if not fm:
            break
        name = fm.group(1).lower()
        pos = fm.end()
        start = pos
        unclosed = -1  # where a value whose '{' is never closed ends
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
                    elif c == "\n" and depth == 1 and _FIELD_LINE.match(raw, pos + 1):
                        unclosed = pos
                        break
                    pos += 1
                else:
                    return None
                if unclosed >= 0:
                    break
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
        if unclosed >= 0:
            text = raw[start:unclosed].rstrip().rstrip(",").rstrip()
            if name not in fields:
                fields[name] = evaluate(text + "}", macros)
            if problems is not None:
                problems.append(name)
            pos = unclosed + 1
            continue
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


_needs_decode = latex.NEEDS_DECODE_RE.search


def _text(value: str) -> str:
    if _needs_decode(value) is not None:
        return latex.decode(value)
    if "\n" in value or "  " in value or "\t" in value or "\r" in value:
        return " ".join(value.split())
    return value


_SPECIAL = re.compile(r"[\\{}$~#%&_^]")
_DASH_RUN = re.compile(r"\s*-+\s*")
_KW_SEP = re.compile(r"[,;]")
_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR = re.compile(r"-?\d{1,4}")
_ANY_DASH_RUN = re.compile(r"\s*[-\u2013\u2014]+\s*")


def _to_record(etype: str, key: str, fields: dict[str, str], inherited: list[str],
               names_cache: dict[str, _NameList] | None = None,
               decoded: dict[str, str] | None = None,
               fingerprints: dict[str, str] | None = None) -> Record:
    """The Record of one entry; *names_cache* holds name lists already parsed,
    *decoded* values already decoded from LaTeX and *fingerprints* their
    :func:`_field_fingerprint` ("" if not writable) (by the worker process), by value."""
    if decoded is None:
        decoded = {}
    if decoded:
        def text_of(value: str) -> str:
            got = decoded.get(value)
            return got if got is not None else _text(value)
    else:
        text_of = _text
    rec = Record()
    raw: dict[str, Any] = {}
    kept: list[tuple[str, str]] = []  # (raw key, the text read from it)
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
        text = _verbatim(value) if verbatim else text_of(value)
        if text != value or _SPECIAL.search(value):
            raw[attr] = value
            kept.append((attr, text))
        return text

    # titles
    if "title" in f:
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
        parsed = names_cache.get(value) if names_cache else None
        if parsed is None:
            parsed = _name_list(value)
        people, others, fp = parsed
        rec.creators.extend([Creator(f, g, lit, role) for f, g, lit in people])
        if others:
            etal.append(role)
        if fp is None and _keeps_raw_names(value, others):
            fp = _fingerprint(value, people, others) if _writable(value) else ""
        if fp is not None:
            raw["creators:" + role] = value
            if fp:
                raw[FINGERPRINT_PREFIX + role] = fp
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
    if "series" in f:
        rec.collection_title = take("collection_title", "series")
    if "volume" in f:
        rec.volume = take("volume", "volume")
    # number / issue
    if rtype in _ARTICLE_TYPES:
        if "number" in f:
            rec.issue = take("issue", "number")
            if "issue" in f and _text(f["issue"]) == rec.issue:
                used.add("issue")  # the same number twice; a different one stays in extra
        elif "issue" in f:
            rec.issue = take("issue", "issue")
    elif "number" in f and "series" in f and rtype in _IN_SERIES_TYPES:
        # the volume's number in its series (btxdoc, the biblatex manual): CSL's
        # collection-number, which styles print after the series' name
        rec.extra["csl:collection-number"] = take("number", "number")
        if "issue" in f:
            rec.issue = take("issue", "issue")
    elif "number" in f:
        rec.number = take("number", "number")
        if "issue" in f:
            rec.issue = take("issue", "issue")
    if "pages" in f:
        pages = take("pages", "pages")
        norm = pages.replace("\u2013", "-").replace("\u2014", "-")
        norm = _DASH_RUN.sub("-", norm) if "-" in norm else norm
        if norm != pages:
            raw.setdefault("pages", f["pages"])
        rec.pages = norm
        kept.append(("pages", norm))  # export compares the normalised text
    if "edition" in f:
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
                kept.append(("doi", doi))
    if "isbn" in f:
        rec.isbn = take("isbn", "isbn", verbatim=True)
    if "issn" in f:
        rec.issn = take("issn", "issn", verbatim=True)
    if "pmid" in f:
        rec.pmid = take("pmid", "pmid", verbatim=True)
    if "pmcid" in f:
        rec.pmcid = take("pmcid", "pmcid", verbatim=True)
    if "url" in f:
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
    if "abstract" in f:
        rec.abstract = take("abstract", "abstract")
    if "translatedtitle" in f:
        rec.title_translated = take("title_translated", "translatedtitle")
    if "translatedabstract" in f:
        rec.abstract_translated = take("abstract_translated", "translatedabstract")
    if "keywords" in f:
        kw = take("keywords", "keywords")
        rec.keywords = [k.strip() for k in _KW_SEP.split(kw) if k.strip()]
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
        text = _verbatim(value) if name in _VERBATIM else text_of(value)
        if not text:
            continue
        rec.extra[ek] = text
        if text != value or _SPECIAL.search(value):
            raw[ek] = value
            kept.append((ek, text))
    for key, text in kept:
        r = raw.get(key)
        if r is None:
            continue
        fp = fingerprints.get(r) if fingerprints and decoded.get(r) == text else None
        if fp is None:
            fp = _field_fingerprint(r, text) if _writable(r) else ""
        if fp:
            raw[FIELD_FINGERPRINT_PREFIX + key] = fp
    if raw:
        rec.extra[RAW_KEY] = raw
    if inherited:
        rec.extra[INHERITED_KEY] = inherited
    return rec


def _date_start(text: str) -> PartialDate | None:
    """The first date of a BibLaTeX date field (a single date or the start of a range,
    EDTF qualifiers ``?``/``~``/``%`` ignored). A part with unspecified digits
    (``2019-1X``) is left out; a year with them (``199X``, the 1990s) is kept as
    written, a literal date, never read as the year 199."""
    t = _verbatim(text).strip()
    start = t.split("/", 1)[0].strip().rstrip("?~%")
    negative = start.startswith("-")
    parts = (start[1:] if negative else start).split("-")
    if not parts[0].isdigit():
        return PartialDate(literal=t) if re.search(r"\d", parts[0]) else None
    month = parts[1] if len(parts) > 1 and parts[1].isdigit() else None
    day = parts[2] if month and len(parts) > 2 and parts[2].isdigit() else None
    # a season (2019-22) is no month, 2019-02-30 no day
    return date_of_parts(-int(parts[0]) if negative else parts[0], month, day)


def _read_date(rec: Record, f: dict[str, str], used: set[str], raw: dict[str, Any]) -> None:
    if "date" in f:
        text = _verbatim(f["date"])
        m = _ISO_DATE.fullmatch(text.strip())
        if m:
            rec.issued = date_of_parts(*m.groups())
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
    ytext = year if year.isdigit() else _text(year).strip()
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
    if _YEAR.fullmatch(ytext):
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
    # a blank, "and", a blank, outside braces (a "}" too many does not count)
    names: list[str] = []
    depth = 0
    start = 0
    for m in _AND_OR_BRACE.finditer(value):
        ch = m.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth:
                depth -= 1
        elif not depth:
            names.append(value[start:m.start()].strip())
            start = m.end()
    names.append(value[start:].strip())
    return [x for x in names if x]


_AND_OR_BRACE = re.compile(r"[{}]|[ \t\r\n][Aa][Nn][Dd][ \t\r\n]")


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
    family, given, literal = _name_parts(name.strip())
    return Creator(family, given, literal, role)


@lru_cache(maxsize=65536)
def _name_parts(s: str) -> tuple[str, str, str]:
    """(family, given, literal) of the stripped name *s*. Names repeat across a
    file (an author's every paper): each is parsed once."""
    c = _fast_creator(s, "")
    if c is None:
        c = _general_creator(s, "")
    return c.family, c.given, c.literal


def _general_creator(s: str, role: str) -> Creator:
    """:func:`parse_creator` by BibTeX's rules, for any stripped name *s*."""
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


# what keeps a name off the fast paths: LaTeX, and what decode() would change
_NAME_LATEX = re.compile(r"[{}\\~$\ue000-\ue002]|--|``|''")


def _fast_creator(s: str, role: str) -> Creator | None:
    """The Creator :func:`parse_creator` gives for the common shapes, found
    without BibTeX's name splitting, or None: ``Family, Given`` (a family name
    of one word), ``Given Family`` (every given name capitalised), a single
    word, and ``{Corporate Name}`` with no LaTeX inside. *s* is stripped."""
    if not s:
        return None
    if s[0] == "{":
        if s[-1] != "}":
            return None
        inner = s[1:-1]
        if _NAME_LATEX.search(inner) is not None:
            return None
        # what latex.decode() makes of a brace group holding plain text
        text = latex.WS_RE.sub(" ", inner).strip()
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        return Creator(literal=text, role=role)
    if s.isascii():
        if "{" in s or "\\" in s or "~" in s:
            return None
    elif _NAME_LATEX.search(s) is not None or has_cjk(s):
        return None
    family, comma, given = s.partition(",")
    if comma:
        if "," in given:
            return None
        words = family.split()
        if len(words) != 1:
            return None  # "von Family, Given": BibTeX's rules
        return Creator(family=words[0], given=" ".join(given.split()), role=role)
    words = s.split()
    for w in words[:-1]:
        if not w[0].isupper():
            return None  # a "von" part, maybe
    return Creator(family=words[-1], given=" ".join(words[:-1]), role=role)


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


# A name list as (family, given, literal) triples, its "and others", and the
# fingerprint to keep with it ("" if the raw value is kept without one, None if it
# is not kept or, from _name_list, not taken yet): plain data.
_NameList = tuple[list[tuple[str, str, str]], bool, "str | None"]


def _name_list(value: str, fingerprint: bool = False) -> _NameList:
    """:func:`parse_creators` of *value* as plain data; with *fingerprint*, the
    fingerprint is taken (the worker has the time)."""
    people, others = parse_creators(value)
    triples = [(c.family, c.given, c.literal) for c in people]
    fp: str | None = None
    if fingerprint and _keeps_raw_names(value, others):
        fp = _fingerprint(value, triples, others) if _writable(value) else ""
    return triples, others, fp


def _keeps_raw_names(value: str, others: bool) -> bool:
    """True if a name list is kept as written (in bibtex-raw) for export."""
    return latex.needs_decode(value) or others or value != value.strip()


# Bump when the reading of names changes: a kept raw name list is then checked by
# parsing it again rather than by its fingerprint.
_FINGERPRINT_VERSION = "2"


def _fingerprint(raw: str, people: list[tuple[str, str, str]], others: bool) -> str:
    """A short digest of a raw name list and the names read from it.

    Kept next to the raw value (``bibtex-raw`` → ``creators-fp:<role>``), and only
    for a value that can be written back as it is (:func:`_writable`), so that
    export can tell that the record's names are still those of the raw value
    without parsing it again."""
    names = "\x1d".join(["\x1e".join(p) for p in people])
    data = f"{_FINGERPRINT_VERSION}\x00{int(others)}\x00{raw}\x00{names}"
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def _field_fingerprint(raw: str, text: str) -> str:
    """A short digest of a raw field value and the text read from it (see
    :data:`FIELD_FINGERPRINT_PREFIX`)."""
    data = f"{_FINGERPRINT_VERSION}\x00{raw}\x00{text}"
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def parse_creators(value: str, role: str = "author") -> tuple[list[Creator], bool]:
    """A BibTeX name list as Creators, and whether it ended in 'and others'."""
    out: list[Creator] = []
    others = False
    for name in split_name_list(value):
        if name.lower() == "others":
            others = True
            continue
        family, given, literal = parts = _name_parts(name.strip())
        if family or given or literal:
            out.append(Creator(*parts, role))
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


_ORDER_SET = frozenset(_ORDER)
_ROLE_FIELD = {"author": "author", "editor": "editor", "translator": "translator",
               "container-author": "bookauthor"}
_DATE_EXTRAS = frozenset(EXTRA_PREFIX + n for n in ("year", "month", "day"))


def write_bibtex(records: Iterable[Record], flavor: str = "bibtex", ascii: bool = False) -> str:
    """BibTeX (or BibLaTeX with ``flavor="biblatex"``) text for *records*.

    One entry per record; keys are the citation keys (made unique; generated
    when missing). Values are braced; values unchanged since import are written
    exactly as they were read. With *ascii*, non-ASCII text becomes LaTeX escapes.

    *records* is read once, as it comes (an iterator that loads them a chunk at a
    time is held one chunk at a time): each record becomes its entry's text at
    once, except one that inherits fields from a crossref/xdata parent, whose text
    waits for the whole list of keys. Crossref parents go after their children.
    """
    used: set[str] = set()
    keys: list[str] = []
    texts: list[str | None] = []
    waiting: dict[int, Record] = {}  # index -> a record whose text needs every key
    crossref: set[str] = set()  # keys (lower case) a crossref field names
    for rec in records:
        key = _unique_key(rec, used)
        refs = rec.extra.get(EXTRA_PREFIX + "crossref")
        if refs:
            crossref.update(k.strip().lower() for k in str(refs).split(",") if k.strip())
        if rec.extra.get(INHERITED_KEY):
            waiting[len(texts)] = rec
            texts.append(None)
        else:
            texts.append(_entry_text(rec, key, flavor, ascii, _NO_KEYS))
        keys.append(key)
    exported = {k.lower() for k in keys}  # crossref keys match case-insensitively
    for i, rec in waiting.items():
        texts[i] = _entry_text(rec, keys[i], flavor, ascii, exported)
    done = cast("list[str]", texts)
    # BibTeX needs a crossref parent after the entries that refer to it
    parents = crossref & exported
    if parents:
        done = ([t for t, k in zip(done, keys) if k.lower() not in parents]
                + [t for t, k in zip(done, keys) if k.lower() in parents])
    return "\n\n".join(done) + ("\n" if done else "")


_NO_KEYS: frozenset[str] = frozenset()


def _entry_text(rec: Record, key: str, flavor: str, ascii: bool, exported: Set[str]) -> str:
    """The text of one entry (*exported*: every key written, needed only when *rec*
    has inherited fields)."""
    was_enabled = gc.isenabled()
    gc.disable()  # the many small objects of one entry: no collection in between
    try:
        etype, fields = _entry_fields(rec, flavor, ascii, exported)
    finally:
        if was_enabled:
            gc.enable()
    lines = [f"@{etype}{{{key},"]
    for name, value, bare in fields:
        if bare:
            lines.append(f"  {name} = {value},")
            continue
        if bare is None:  # balanced already
            if "\n" in value and "@" in value:
                value = _NEWLINE_AT.sub(r" \1", value)
        else:
            value = _safe_value(value)
        lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


_KEY_BAD = re.compile(r"[\s,{}()\"#%'=~\\]")


def _unique_key(rec: Record, used: set[str]) -> str:
    """*rec*'s key made unlike those in *used* (and added to it)."""
    key = _KEY_BAD.sub("", rec.citation_key or "") or _make_key(rec)
    base = key
    n = 0
    while key in used:
        n += 1
        key = f"{base}{_suffix(n)}"
    used.add(key)
    return key


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
        value = _NEWLINE_AT.sub(r" \1", value)  # no line may start a block
    return value


_NEWLINE_AT = re.compile(r"\n(\s*@)")


def _balanced(value: str) -> bool:
    """True if the braces of *value* pair up (a character after a backslash does
    not count) and it does not end in a lone backslash."""
    if "\\" in value:
        value = _ESCAPE_PAIR.sub("", value)  # pairs from the left, as TeX reads them
        if "\\" in value:
            return False  # only a lone backslash at the end is left
    opens = value.count("{")
    if opens != value.count("}"):
        return False
    if not opens:
        return True
    depth = 0
    for m in _BRACE.finditer(value):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return True


_ESCAPE_PAIR = re.compile(r"\\.", re.S)
_BRACE = re.compile(r"[{}]")


def _entry_fields(rec: Record, flavor: str, ascii: bool,
                  exported: Set[str]) -> tuple[str, list[tuple[str, str, bool | None]]]:
    raw: dict[str, Any] = rec.extra.get(RAW_KEY) or {}
    if not isinstance(raw, dict):
        raw = {}
    big = flavor == "biblatex"
    out: dict[str, tuple[str, bool | None]] = {}

    # (value, bare): bare is True for a macro, False for a braced value, None for a
    # braced value whose braces are known to balance
    def put(name: str, attr: str, value: str, verbatim: bool = False) -> None:
        if not value:
            return
        if name in _OUT_ALIASES and EXTRA_PREFIX + name in rec.extra:
            name = _OUT_ALIASES[name]  # the file had both; keep both
        r = raw.get(attr)
        if isinstance(r, str) and raw.get(FIELD_FINGERPRINT_PREFIX + attr) == \
                _field_fingerprint(r, value):
            out[name] = (latex.to_ascii(r) if ascii else r, None)
            return
        if isinstance(r, str) and _writable(r):
            current = _verbatim(r) if verbatim else _text(r)
            if attr == "pages":
                current = _ANY_DASH_RUN.sub("-", current)
            if attr == "doi":
                current = clean_doi(_verbatim(r))
            if current == value:
                out[name] = (latex.to_ascii(r) if ascii else r, None)
                return
        if verbatim:
            text = value.replace("{", "").replace("}", "").replace("\\", "/") \
                if not _balanced(value) else value
            out[name] = (text, None)
        else:
            out[name] = (latex.encode(value, ascii=ascii), None)  # it escapes every brace

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
    for role in list(by_role) + [r for r in etal if r not in by_role]:
        names = by_role.get(role, [])
        fname = _ROLE_FIELD.get(role) or role.replace("-", "")
        r = raw.get("creators:" + role)
        if isinstance(r, str):
            fp = raw.get(FINGERPRINT_PREFIX + role)
            if isinstance(fp, str):
                # imported with a fingerprint (only a writable value has one): no need
                # to parse r to tell whether the names are still the ones read from it
                same = fp == _fingerprint(r, [(c.family, c.given, c.literal) for c in names],
                                          role in etal)
            elif _writable(r):
                parsed, others = parse_creators(r, role)
                same = _same_creators(parsed, names) and others == (role in etal)
            else:
                same = False
            if same:
                out[fname] = (latex.to_ascii(r) if ascii else r, None)
                continue
        text = " and ".join(format_creator(c, ascii) for c in names)
        if role in etal:
            text = f"{text} and others" if text else "others"
        if text:
            out[fname] = (text, False)

    if rec.title:
        put("title", "title", rec.title)
    if rec.title_short:
        put("shorttitle", "title_short", rec.title_short)
    if rec.container_title:
        if rec.type in _IN_TYPES:
            cname = "booktitle"
        else:
            cname = "journaltitle" if big else "journal"
        put(cname, "container_title", rec.container_title)
    if rec.container_title_short:
        put("shortjournal", "container_title_short", rec.container_title_short)
    if rec.collection_title:
        put("series", "collection_title", rec.collection_title)
    if rec.edition:
        put("edition", "edition", rec.edition)
    if rec.volume:
        put("volume", "volume", rec.volume)
    if rec.type in _ARTICLE_TYPES:
        if rec.issue:
            put("number", "issue", rec.issue)
        else:
            put("number", "number", rec.number)
    else:
        put("number", "number", rec.number or str(rec.extra.get("csl:collection-number") or ""))
        put("issue", "issue", rec.issue)
    if rec.pages:
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
        elif big or not _DATE_EXTRAS.isdisjoint(rec.extra):
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
    if rec.doi:
        put("doi", "doi", rec.doi, verbatim=True)
    if rec.isbn:
        put("isbn", "isbn", rec.isbn, verbatim=True)
    if rec.issn:
        put("issn", "issn", rec.issn, verbatim=True)
    if rec.url:
        put("url", "url", rec.url, verbatim=True)
    if rec.arxiv:
        out["eprint"] = (rec.arxiv, False)
        if big:
            out["eprinttype"] = ("arxiv", False)
        else:
            out["archiveprefix"] = ("arXiv", False)
    if rec.pmid:
        put("pmid", "pmid", rec.pmid, verbatim=True)
    if rec.pmcid:
        put("pmcid", "pmcid", rec.pmcid, verbatim=True)
    if rec.language:
        put("language", "language", rec.language)
    if rec.keywords:
        put("keywords", "keywords", ", ".join(rec.keywords))
    if rec.abstract:
        put("abstract", "abstract", rec.abstract)
    # translated title/abstract (CNKI, NoteExpress): our own fields, ignored by BibTeX
    if rec.title_translated:
        put("translatedtitle", "title_translated", rec.title_translated)
    if rec.abstract_translated:
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
    # the fields of _ORDER in its order, then the others as they came
    ordered = [(name, *out[name]) for name in _ORDER if name in out]
    if len(ordered) < len(out):
        ordered += [(name, v, bare) for name, (v, bare) in out.items()
                    if name not in _ORDER_SET and not name.startswith(EXTRA_PREFIX)]
    written = {n for n, _, _ in ordered}
    for ek, value in rec.extra.items():
        if not ek.startswith(EXTRA_PREFIX) or not isinstance(value, str):
            continue
        name = ek[len(EXTRA_PREFIX):]
        if (not name or name in written or name.startswith(EXTRA_PREFIX)
                or not _FIELD_NAME_OK.fullmatch(name)):
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
        if isinstance(r, str) and (
                raw.get(FIELD_FINGERPRINT_PREFIX + ek) == _field_fingerprint(r, value)
                or _writable(r) and (_verbatim(r) if verbatim else _text(r)) == value):
            text = latex.to_ascii(r) if ascii else r
        elif verbatim:
            text = value
        else:
            text = latex.encode(value, ascii=ascii)
        if text:
            ordered.append((name, text, False))
            written.add(name)
    return etype, ordered


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
