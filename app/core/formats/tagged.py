"""What the tagged-text readers (RIS, EndNote/Refer, RefWorks, NoteExpress,
MEDLINE/nbib, Web of Science) share.

Each format splits its text into entries its own way (the tag syntax, where a
record starts and how a continuation line joins differ) and maps the tags of
one entry to a :class:`~app.core.records.Record` its own way. What is the
same is kept here:

* :class:`TaggedEntry`: one entry's tags in file order, its first line and its
  lines as in the file;
* :func:`index_tags` / :func:`keep_unmapped`: a builder's index of the
  non-empty values by tag, taking the first value of a tag and keeping the
  others (and the tags it does not map) in ``Record.extra``;
* :func:`read_entries` / :func:`read_tagged`: the loop that builds a record of
  each entry, turning an entry that cannot be built, or that has no title,
  author or identifier, into a :class:`~app.core.formats.Failure` while every
  other entry is still read; :func:`build_chunks` / :func:`read_tagged_chunks`:
  the same in results of a few thousand records, for a streamed read;
* :func:`doi_of_field` / :func:`take_doi`: the DOI of a field meant to hold one;
* :func:`year_and_date`: a writer's year field and full-date field;
* :func:`kept_values`: a writer's loop over the values a reader kept in
  ``Record.extra`` to write them back;
* :func:`gc_paused`.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from app.core.formats import Failure, ReadResult
from app.core.records import PartialDate, Record, clean_doi, extract_doi

log = logging.getLogger(__name__)

# How much of an entry's text a failure keeps.
MAX_RAW_CHARS = 2000
_WHOLE_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
# what clean_doi() strips from the end of a DOI
_DOI_TRAILING = frozenset(".,;:)]}'\"")


class Entry(Protocol):
    """What :func:`read_entries` needs of an entry."""

    @property
    def line(self) -> int: ...

    @property
    def raw_lines(self) -> list[str]: ...


E = TypeVar("E", bound=Entry)


class TaggedEntry:
    """The (tag, value) pairs of one entry in file order, with its first line number
    and its lines as in the file (for failure reports)."""

    __slots__ = ("line", "tags", "raw_lines")

    def __init__(self, line: int) -> None:
        self.line = line
        self.tags: list[tuple[str, str]] = []
        self.raw_lines: list[str] = []


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a reader builds many small objects.

    Parsing creates no reference cycles; without the pause, repeated full
    collections over the growing list of records cost a third of the time of a
    50,000-record file.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def add_extra(extra: dict[str, Any], key: str, value: str) -> None:
    """Append *value* to the list ``extra[key]``."""
    extra.setdefault(key, []).append(value)


def index_tags(tags: Iterable[tuple[str, str]], extra: dict[str, Any],
               prefix: str) -> tuple[dict[str, list[str]], Callable[[str], str]]:
    """The non-empty values of *tags* by tag, in file order, and a ``take(tag)``
    that returns a tag's first value ('' if none) and keeps the others in
    ``extra[prefix + tag]``."""
    by: dict[str, list[str]] = {}
    for tag, value in tags:
        if value:
            by.setdefault(tag, []).append(value)

    def take(tag: str) -> str:
        vals = by.get(tag, [])
        for v in vals[1:]:
            add_extra(extra, prefix + tag, v)
        return vals[0] if vals else ""

    return by, take


def doi_of_field(value: str) -> str:
    """The DOI in a field meant to hold one: the whole value when it is a DOI
    (SICI DOIs hold '<' and '>'), else the DOI found in it, else ''."""
    if value[:3] == "10." and value[-1] not in _DOI_TRAILING and _WHOLE_DOI_RE.fullmatch(value):
        return value  # the common case: clean_doi() would leave it as it is
    v = clean_doi(value)
    if _WHOLE_DOI_RE.fullmatch(v):
        return v
    return extract_doi(value)


def take_doi(values: Iterable[str], extra: dict[str, Any], key: str) -> str:
    """The DOI of the first of *values* that holds one ('' if none); every other
    value is kept in ``extra[key]``."""
    doi = ""
    for v in values:
        d = doi_of_field(v)
        if d and not doi:
            doi = d
        else:
            add_extra(extra, key, v)
    return doi


def keep_unmapped(tags: Iterable[tuple[str, str]], mapped: set[str] | frozenset[str],
                  extra: dict[str, Any], prefix: str) -> None:
    """Keep every non-empty value of a tag not in *mapped* in ``extra[prefix + tag]``."""
    for tag, value in tags:
        if tag not in mapped and value:
            add_extra(extra, prefix + tag, value)


def year_and_date(issued: PartialDate | None) -> tuple[str, str]:
    """A date as a year field and a full-date field ('' for a field not written):
    the year (the date as written if it has none) and the ISO date if it has a month."""
    if not issued or issued.empty:
        return "", ""
    if issued.year is None:
        return issued.literal, ""
    return str(issued.year), issued.iso() if issued.month else ""


def kept_values(extra: Mapping[str, Any], key_re: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """The values kept in *extra* under the keys *key_re* fullmatches, as (tag, text)
    pairs in order, the tag being the key's group 1; a key holds a list of values or
    one value."""
    for key, values in extra.items():
        m = key_re.fullmatch(key)
        if m:
            for v in values if isinstance(values, list) else [values]:
                yield m.group(1), str(v)


# The extra key of a call number (CSL's variable, so CSL-JSON exports it): EndNote's
# %L and RIS's CN are read into it and written back from it.
CALL_NUMBER = "csl:call-number"


def empty_but_for_pmid(rec: Record) -> bool:
    """A record without a title, author or identifier, a PMID counting as one (the
    ``is_empty`` of the MEDLINE and Ovid readers)."""
    return rec.is_empty() and not rec.pmid


def read_entries(entries: Iterable[E], build: Callable[[E], Record], source: str, kind: str,
                 result: ReadResult | None = None,
                 is_empty: Callable[[Record], bool] = Record.is_empty) -> ReadResult:
    """Build a record of each entry into *result* (a new one if None) and return it.

    An entry *build* fails on (ValueError, IndexError, KeyError, TypeError) is a
    failure "cannot read record: …", one whose record *is_empty* a failure
    "record has no title, author or identifier"; both at the entry's first line
    and with its text. *kind* names the format in the log.
    """
    if result is None:
        result = ReadResult()
    for e in entries:
        try:
            rec = build(e)
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            log.exception("%s record at line %s", kind, e.line)
            result.failures.append(Failure(source, e.line, f"cannot read record: {exc}",
                                           "\n".join(e.raw_lines)[:MAX_RAW_CHARS]))
            continue
        if is_empty(rec):
            result.failures.append(Failure(source, e.line,
                                           "record has no title, author or identifier",
                                           "\n".join(e.raw_lines)[:MAX_RAW_CHARS]))
            continue
        result.records.append(rec)
        result.lines.append(e.line)
    return result


def read_tagged(text: str, source: str, parse: Callable[[str], Sequence[E]],
                build: Callable[[E], Record], kind: str, none_found: str,
                is_empty: Callable[[Record], bool] = Record.is_empty) -> ReadResult:
    """Read *text* with the garbage collector paused: *parse* it into entries and
    :func:`read_entries` them. Text that is not blank but holds no entry is one
    failure *none_found* at line 1."""
    with gc_paused():
        entries = parse(text)
        result = ReadResult()
        if not entries and text.strip():
            result.failures.append(Failure(source, 1, none_found))
        return read_entries(entries, build, source, kind, result, is_empty)


# Records in each result of read_tagged_chunks() and build_chunks().
CHUNK_RECORDS = 2000


def build_chunks(entries: list[E], build: Callable[[E], Record], source: str, kind: str,
                 result: ReadResult, is_empty: Callable[[Record], bool] = Record.is_empty,
                 chunk_records: int = CHUNK_RECORDS) -> Iterator[ReadResult]:
    """:func:`read_entries` of *entries* in results of *chunk_records* entries each,
    the first being *result* (which may already hold failures); no entries give
    *result* alone. Each chunk is built with the garbage collector paused (it is
    not paused between chunks), and its entries are taken out of *entries* once
    built. ``done_fraction`` is the share of the entries built so far."""
    total = len(entries)
    done = 0
    while True:
        with gc_paused():
            batch = entries[:chunk_records]
            del entries[:chunk_records]
            read_entries(batch, build, source, kind, result, is_empty)
            done += len(batch)
            del batch
        result.done_fraction = done / total if total and done < total else 1.0
        yield result
        if not entries:
            return
        result = ReadResult()


def read_tagged_chunks(text: str, source: str, parse: Callable[[str], Sequence[E]],
                       build: Callable[[E], Record], kind: str, none_found: str,
                       is_empty: Callable[[Record], bool] = Record.is_empty,
                       chunk_records: int = CHUNK_RECORDS) -> Iterator[ReadResult]:
    """:func:`read_tagged` in results of *chunk_records* records each (see
    :func:`build_chunks`); the whole text is split into entries first."""
    with gc_paused():
        entries = list(parse(text))
        result = ReadResult()
        if not entries and text.strip():
            result.failures.append(Failure(source, 1, none_found))
    del text
    yield from build_chunks(entries, build, source, kind, result, is_empty, chunk_records)
