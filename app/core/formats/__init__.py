"""The format registry: every reader/writer registers here by id, extension and sniff.

The command line, the import/export dialogs and drag-and-drop all go through
:func:`detect` / :func:`read_path` / :func:`get`, so a format added here is
available everywhere at once.

A format module defines a subclass of :class:`Format` and calls
:func:`register` at import time. :func:`load_builtin_formats` imports them.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from app.core.errors import FormatError
from app.core.records import Record
from app.core.textio import decode_bytes

log = logging.getLogger(__name__)

# Files larger than this are refused with a message rather than read.
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class Failure:
    """One entry that could not be read; the rest of the file still is."""

    source: str
    line: int | None
    reason: str
    raw: str = ""

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    format_id: str = ""
    # Line (1-based) where each record started, parallel to ``records``, if known.
    lines: list[int | None] = field(default_factory=list)
    # True for saved pages and PDFs: the library copies the source file into its
    # storage folder and attaches it to the record(s).
    attach_source: bool = False
    # Short human summaries of what the reader found (and did not), for the
    # import report and the status bar; e.g. the page extractor's sources.
    notes: list[str] = field(default_factory=list)
    # Entries that were read, but not cleanly (a syntax error read leniently, a
    # missing comma, duplicate fields): file:line: what to check. The import
    # report lists them beside the failures.
    warnings: list[Failure] = field(default_factory=list)
    # For a chunk of a streamed read (:func:`read_path_chunks`): the share of the
    # input read once this chunk is done, 0..1, for progress bars.
    done_fraction: float = 1.0

    def extend(self, other: ReadResult) -> None:
        self.records += other.records
        self.failures += other.failures
        self.warnings += other.warnings
        self.notes += other.notes
        self.lines += other.lines or [None] * len(other.records)


class Format:
    """Base class of a format. Subclasses set the class attributes and override."""

    id: str = ""
    name: str = ""
    extensions: tuple[str, ...] = ()  # lower case, with the dot
    mime_types: tuple[str, ...] = ()
    can_read: bool = True
    can_write: bool = True
    binary: bool = False  # read() gets bytes rather than text

    def sniff(self, head: str) -> float:
        """Confidence 0..1 that *head* (the first few KB, as text) is this format."""
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        raise NotImplementedError

    def read_bytes(self, data: bytes, source: str = "") -> ReadResult:
        text, _enc = decode_bytes(data)
        return self.read(text, source)

    def read_chunks(self, text: str, source: str = "") -> Iterator[ReadResult]:
        """The records of *text* as a series of results, so that a big file can be
        stored while it is read and never be held in memory whole as records.
        Each result's ``done_fraction`` says how far the reading has got. Formats
        that can stream override this; the default is one result."""
        yield self.read(text, source)

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise NotImplementedError

    @property
    def file_filter(self) -> str:
        """A Qt-style file dialog filter, e.g. 'BibTeX (*.bib)'."""
        pats = " ".join(f"*{e}" for e in self.extensions)
        return f"{self.name} ({pats})"


_REGISTRY: dict[str, Format] = {}
_BUILTIN_MODULES = (
    "csljson",
    "bibtex",
    "ris",
    "refer",
    "noteexpress",
    "page",
    "pdf",
    "nbib",
    "wos",
    "endnotexml",
    "ovid",
)
_loaded = False


def register(fmt: Format) -> Format:
    if not fmt.id:
        raise ValueError("a format needs an id")
    _REGISTRY[fmt.id] = fmt
    return fmt


def load_builtin_formats() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in _BUILTIN_MODULES:
        try:
            importlib.import_module(f"app.core.formats.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.core.formats.{name}":
                raise
            log.debug("format module %s not present", name)


def all_formats() -> list[Format]:
    load_builtin_formats()
    return list(_REGISTRY.values())


def get(format_id: str) -> Format:
    load_builtin_formats()
    try:
        return _REGISTRY[format_id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise FormatError("unknown format '{fid}' (known: {known})", fid=format_id,
                          known=known) from None


def readers() -> list[Format]:
    return [f for f in all_formats() if f.can_read]


def writers() -> list[Format]:
    return [f for f in all_formats() if f.can_write]


def detect(path: str | None, head: str) -> Format | None:
    """The format of a file: sniffed content first, the extension to break ties.

    Content wins over the extension, so a ``.txt`` holding RIS reads as RIS.
    """
    ext = os.path.splitext(path or "")[1].lower()
    best: tuple[float, Format] | None = None
    for fmt in readers():
        score = fmt.sniff(head)
        if ext and ext in fmt.extensions:
            score += 0.3
        if score > 0 and (best is None or score > best[0]):
            best = (score, fmt)
    if best and best[0] >= 0.3:
        return best[1]
    return None


def read_path(path: str, format_id: str | None = None) -> ReadResult:
    """Read one file through the registry. Raises FormatError if nothing can be read."""
    return read_bytes(_load(path), source=path, format_id=format_id)


def read_path_chunks(path: str, format_id: str | None = None) -> Iterator[ReadResult]:
    """Like :func:`read_path`, in chunks (see :meth:`Format.read_chunks`). A file
    that cannot be read at all raises FormatError on the first ``next()``."""
    data = _load(path)
    fmt = _choose(data, path, format_id)
    chunks: Iterable[ReadResult]
    if fmt.binary:  # PDFs: one result
        chunks = [fmt.read_bytes(data, path)]
    else:  # the bytes are let go once decoded: a big file is not held twice
        text = decode_bytes(data)[0]
        del data
        chunks = fmt.read_chunks(text, path)
        del text
    for chunk in chunks:
        chunk.format_id = fmt.id
        yield chunk


def _load(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise FormatError("cannot open the file: {err}", source=path, err=exc.strerror) from exc
    if size > MAX_FILE_BYTES:
        raise FormatError("the file is {mb} MB; files over {limit} MB are not read",
                          source=path, mb=size // (1024 * 1024),
                          limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise FormatError("cannot read the file: {err}", source=path, err=exc.strerror) from exc
    return data


_NOT_SPACE_RE = re.compile(rb"[^ \t\n\r\x0b\x0c]")


def _choose(data: bytes, source: str, format_id: str | None) -> Format:
    if _NOT_SPACE_RE.search(data) is None:  # blank (no copy of a big file, as strip() makes)
        raise FormatError("the file is empty", source=source)
    if format_id:
        return get(format_id)
    head, _ = decode_bytes(data[:16384])
    found = detect(source, head)
    if found is None:
        raise FormatError("not a format Refshelf can read", source=source)
    return found


def read_bytes(data: bytes, source: str = "", format_id: str | None = None) -> ReadResult:
    fmt = _choose(data, source, format_id)
    result = fmt.read_bytes(data, source) if fmt.binary else fmt.read(
        decode_bytes(data)[0], source)
    result.format_id = fmt.id
    return result


def read_text(text: str, source: str = "", format_id: str | None = None) -> ReadResult:
    fmt = get(format_id) if format_id else detect(source, text[:16384])
    if fmt is None:
        raise FormatError("not a format Refshelf can read", source=source)
    result = fmt.read(text, source)
    result.format_id = fmt.id
    return result


def file_dialog_filters(write: bool = False) -> list[str]:
    fmts = writers() if write else readers()
    filters = [f.file_filter for f in fmts if f.extensions]
    if not write:
        pats = " ".join(sorted({f"*{e}" for f in fmts for e in f.extensions}))
        filters.insert(0, f"All supported ({pats})")
    return filters
