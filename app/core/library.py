"""The library: the one door into storage.

Every change goes through an operation method that runs in one transaction,
records how to undo it, and returns what changed (:class:`Changes`). Undo and
redo live here, in the database, so the command line's ``undo`` works across
processes and the GUI's undo stack only wraps it.

Undo works on snapshots: before an operation touches a record (or a
collection) its whole state is saved; undo saves the current state (for redo)
and puts the snapshot back. A record that did not exist before is snapshotted
as absent, so undoing an import deletes what it added. Moving to the trash and
back saves only each record's trash flag. Snapshots are read and put back in
batches, and only what differs from the current state is written.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from app.core import keys, paths, schema
from app.core.changes import Changes, OpResult
from app.core.cjk import split_chinese_name, to_pinyin
from app.core.errors import (
    LibraryError,
    LibraryLockedError,
    NotFoundError,
    ReadOnlyLibraryError,
)
from app.core.fileio import safe_attachment_name
from app.core.records import (
    TEXT_FIELDS,
    Creator,
    Record,
    fold_text,
    has_cjk,
    normalize_title,
)
from app.core.search import compile_query, fts_document

log = logging.getLogger(__name__)

UNDO_LIMIT = 200
_EDITABLE_FIELDS = tuple(f.name for f in dataclasses.fields(Record)
                         if f.name not in ("id", "date_added", "date_modified"))

# Sort keys the table and the command line can ask for -> SQL expression.
SORT_COLUMNS: dict[str, str] = {
    "title": "r.title_sort",
    "creators": "r.author_sort",
    "author": "r.author_sort",
    "year": "r.year",
    "container": "r.container_sort",
    "type": "r.type",
    "date_added": "r.date_added",
    "date_modified": "r.date_modified",
    "citation_key": "r.citation_key",
    "attachments": "r.has_attachment",
    "id": "r.id",
}

_LEADING_ARTICLES = ("the ", "a ", "an ")


def _modified_stamp() -> str:
    """A modification time precise enough to tell two quick edits apart."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace(
        "+00:00", "Z")


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sort_text(text: str) -> str:
    """A sort key: folded, leading article dropped, CJK spelled in pinyin."""
    if not text:
        return ""
    t = fold_text(text).strip().lstrip("\"'“‘«([{")
    for art in _LEADING_ARTICLES:
        if t.startswith(art):
            t = t[len(art):]
            break
    if has_cjk(t[:12]):
        t = to_pinyin(t[:12]) + t[12:]
    return t[:200]


# Names and journal titles repeat across records: their sort keys are cached.
_sort_name = lru_cache(maxsize=32768)(sort_text)


@lru_cache(maxsize=32768)
def _creator_sort_key(family: str, given: str, literal: str) -> str:
    if literal and has_cjk(literal):
        fam, giv = split_chinese_name(literal)
        return _sort_name(fam) + " " + _sort_name(giv)
    return (_sort_name(family or literal) + " " + _sort_name(given)).strip()


def author_sort_key(rec: Record) -> str:
    c = rec.first_creator
    if c is None:
        return ""
    return _creator_sort_key(c.family, c.given, c.literal)


@lru_cache(maxsize=32768)
def _dup_family(family: str, literal: str) -> str:
    if family:
        return normalize_title(family)
    if literal:
        return normalize_title(split_chinese_name(literal)[0] if has_cjk(literal) else literal)
    return ""


def _dup_key(rec: Record, first: Creator | None) -> str:
    if first is None or not rec.issued or not rec.issued.year:
        return ""
    fam = _dup_family(first.family, first.literal)
    t = normalize_title(rec.title) if fam else ""
    if not t:
        return ""
    return f"{t}|{fam}|{rec.issued.year}"


def dup_key(rec: Record) -> str:
    """Normalised title + first author's family name + year, or '' if incomplete."""
    return _dup_key(rec, rec.first_creator)


# The columns of the records table that _row_values fills, in its order.
_ROW_COLUMNS = ("type", "title", "creators_display", "author_sort", "title_sort", "container",
                "container_sort", "year", "citation_key", "doi_norm", "dup_key",
                "has_attachment", "date_added", "date_modified", "first_family", "data")
_INSERT_RECORD_SQL = (f"INSERT INTO records (id, {', '.join(_ROW_COLUMNS)}) VALUES "
                      f"({', '.join('?' * (len(_ROW_COLUMNS) + 1))})")
_UPDATE_RECORD_SQL = (f"UPDATE records SET {', '.join(f'{k} = ?' for k in _ROW_COLUMNS)} "
                      f"WHERE id = ?")
_INSERT_FTS_SQL = ("INSERT INTO records_fts (rowid, title, creators, container, abstract, "
                   "keywords, notes) VALUES (?, ?, ?, ?, ?, ?, ?)")
_INSERT_TAG_SQL = "INSERT OR IGNORE INTO tags (record_id, tag) VALUES (?, ?)"
_ROW_DATA_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                     check_circular=False)
if json.encoder.c_make_encoder is not None:
    # what _ROW_DATA_ENCODER.encode() runs for a dict, made once instead of per record
    _c_row_data_encoder = json.encoder.c_make_encoder(
        None, _ROW_DATA_ENCODER.default, json.encoder.encode_basestring, None, ":", ",",
        False, False, True)

    def _encode_row_data(data: dict[str, Any]) -> str:
        """The JSON of a record's data column (compact, not ASCII-escaped)."""
        return "".join(_c_row_data_encoder(data, 0))
else:  # pragma: no cover - CPython always has the C encoder
    _encode_row_data = _ROW_DATA_ENCODER.encode

# The page size of a library created now (bytes).
_NEW_LIBRARY_PAGE_SIZE = 8192
# Records stored per executemany while importing.
_IMPORT_BATCH = 1000
# Records read or written per statement by undo, redo, trash and restore.
_UNDO_BATCH = 500
# A delete of at least this many records that are half the library or more makes
# the indexes and the full-text table again instead of deleting from them.
_BULK_DELETE_MIN = 1000
_FTS_COLUMNS = "title, creators, container, abstract, keywords, notes"
# Citation keys an import checks in SQL one by one before it reads them all.
_KEYS_IN_SQL_UPTO = 500
# An import into a library with records looks duplicates up in SQL for this many
# records, then loads the library's DOIs and duplicate keys into memory.
_LOOKUP_IN_SQL_UPTO = 2000
# While a big import runs the full-text index keeps up to this many bytes of new
# entries in memory and does not merge its segments on every flush (restored after).
# 32 MB rather than 16: a tenth less CPU for the index of 50,000 records (fewer,
# larger segments to write), for ~17 MB more memory at the peak; 64 MB gains no more.
_FTS_IMPORT_HASHSIZE = 32 * 1024 * 1024


@dataclass
class ImportReport:
    """What an import did. ``failures`` are format Failures (file:line: reason)."""

    added: list[int] = field(default_factory=list)
    skipped: list[tuple[Record, int]] = field(default_factory=list)  # (record, existing id)
    merged: list[int] = field(default_factory=list)
    failures: list[Any] = field(default_factory=list)
    # entries imported but read leniently (file:line: what to check)
    warnings: list[Any] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def exit_code(self) -> int:
        read_any = bool(self.added or self.skipped or self.merged)
        if not self.failures:
            return 1 if self.warnings else 0
        return 1 if read_any else 2

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.skipped)} skipped as duplicates, "
                f"{len(self.merged)} merged, {len(self.failures)} failed")
        return text + (f", {len(self.warnings)} read with problems" if self.warnings else "")


class Library:
    """An open library file. Use :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, db: sqlite_utils.Database, read_only: bool = False) -> None:
        self.path = path
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.read_only = read_only
        self.read_only_reason = ""
        self._lock = threading.RLock()
        self._in_txn = False
        # the integrity check when it runs in the background (open(check_in_background))
        self._checked: threading.Event | None = None
        self._check_problems: list[str] | None = None
        # (id, date_modified) -> the record as get() handed it out, for stale edits
        self._bases: dict[tuple[int, str], Record] = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *,
             read_only: bool = False, check_in_background: bool = False) -> Library:
        """Open (creating if needed) the library at *path* or the default location.

        Before anything can write to it the file is checked (``quick_check`` on a
        read-only connection): a damaged file raises DamagedLibraryError and is
        left untouched. A file or folder that cannot be written opens read-only
        (``lib.read_only``, ``lib.read_only_reason``). A schema upgrade is preceded
        by a backup, and a daily backup is made if there is none from today.
        See docs/DATA_SAFETY.md.

        *check_in_background* (the window, so that a big library's rows show
        before its whole file has been read from disk): the check runs on a
        thread of its own while the library can already be read; every write
        waits for it, and on a damaged file raises DamagedLibraryError without
        writing (:meth:`check_result` says how it went). A library that needs a
        schema upgrade is checked first, as without the option.
        """
        from app.core import backup, integrity, locking

        p = paths.default_library_path(path)
        reason = "opened read-only on request" if read_only else ""
        if not read_only and p.exists():
            if not os.access(p, os.W_OK):
                read_only, reason = True, "the file is read-only"
            elif not os.access(p.parent, os.W_OK):
                # WAL needs its -wal and -shm files beside the library
                read_only, reason = True, "its folder is read-only"
        if read_only:
            log.info("library %s opens read-only: %s", p, reason)
            if not p.exists():
                raise NotFoundError("the library {path} does not exist", path=str(p))
        else:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError("cannot create the folder {folder}: {err}",
                                   folder=str(p.parent), err=exc.strerror) from exc
        deferred = check_in_background and not read_only and p.exists()
        if not deferred:
            integrity.ensure_healthy(p)
        file_lock = None
        if not read_only:
            file_lock = locking.LibraryLock(p)
            file_lock.acquire()
        try:
            if read_only:
                conn = integrity.connect_read_only(p)
            else:
                conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False,
                                       timeout=5, factory=locking.LockedConnection)
                conn.file_lock = file_lock
        except sqlite3.Error as exc:
            if file_lock is not None:
                file_lock.release()
            raise LibraryError("cannot open the library {path}: {err}", path=str(p),
                               err=str(exc)) from exc
        db = sqlite_utils.Database(conn)
        lib = cls(p, db, read_only=read_only)
        lib.read_only_reason = reason
        try:
            if integrity.foreign_database(conn):
                raise LibraryError("{path} is a database made by another program, not a "
                                   "Refshelf library; it was left unchanged", path=str(p))
            lib._configure()
            if not read_only:
                old = schema.version(lib.db)
                if deferred and old != schema.CURRENT_VERSION:
                    integrity.ensure_healthy(p)  # before the upgrade writes anything
                    deferred = False
                if 0 < old < schema.CURRENT_VERSION:
                    backup.create_backup(p, "pre-migration")
                schema.migrate(lib.db)
            elif schema.version(lib.db) != schema.CURRENT_VERSION:
                raise ReadOnlyLibraryError(
                    "the library {path} is read-only and needs an upgrade it cannot get",
                    path=str(p))
        except sqlite3.DatabaseError as exc:
            if deferred:  # a file too damaged to open: the check says so properly
                lib._close_unchecked()
                integrity.ensure_healthy(p)
            else:
                conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise LibraryLockedError("the library {path} is locked by another program",
                                         path=str(p)) from exc
            raise LibraryError("cannot open the library {path}: {err}", path=str(p),
                               err=str(exc)) from exc
        except BaseException:
            if deferred:
                lib._close_unchecked()
            else:
                conn.close()
            raise
        if deferred:
            lib._start_background_check()
        elif not read_only:
            lib._daily_backup()
        return lib

    def _daily_backup(self) -> None:
        from app.core import backup
        from app.core.errors import UserError

        try:
            backup.maybe_backup(self)
        except (UserError, OSError, sqlite3.Error) as exc:
            log.warning("the daily backup of %s was not made: %s", self.path, exc)

    def _start_background_check(self) -> None:
        self._checked = threading.Event()

        def run() -> None:
            from app.core import integrity

            try:
                problems = integrity.check_file(self.path)
            except Exception as exc:  # noqa: BLE001 - a check that cannot run is a problem
                problems = [f"the check could not run: {exc}"]
            if problems:
                log.error("library %s failed its integrity check: %s", self.path,
                          "; ".join(problems))
            self._check_problems = problems
            self._checked.set()
            if not problems:
                self._daily_backup()

        threading.Thread(target=run, name="refshelf-check", daemon=True).start()

    def check_result(self) -> list[str] | None:
        """The integrity check's problems ([] for none), or None while it runs."""
        if self._checked is None or self._checked.is_set():
            return list(self._check_problems or [])
        return None

    def _await_check(self) -> None:
        """Before a write: wait for a background check; a damaged file is not written."""
        if self._checked is None:
            return
        self._checked.wait()
        if self._check_problems:
            from app.core import integrity

            raise integrity.damaged_error(self.path, self._check_problems)

    def _configure(self) -> None:
        c = self.conn
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA busy_timeout=5000")
        if not self.read_only and c.execute("PRAGMA page_count").fetchone()[0] == 0:
            # a new library: 8 KB pages (SQLite's default is 4 KB). A record row is
            # ~2 KB and the full-text segments are large; storing 50,000 records
            # takes less CPU and the file is 6 % smaller (16 KB gains a little more,
            # but an empty library would then take ~1 MB with its WAL). Only
            # possible before the first table exists (and before WAL), so existing
            # libraries keep theirs.
            c.execute(f"PRAGMA page_size={_NEW_LIBRARY_PAGE_SIZE}")
        if not self.read_only:
            # WAL: readers never wait for the writer; synchronous=FULL makes every
            # committed transaction survive power loss (docs/DATA_SAFETY.md).
            _retry_locked(lambda: c.execute("PRAGMA journal_mode=WAL"))
            c.execute("PRAGMA synchronous=FULL")
        c.execute("PRAGMA cache_size=-32000")
        c.execute("PRAGMA temp_store=MEMORY")

    def close(self) -> None:
        if not self.read_only and self.check_result() != []:
            self._close_unchecked()
            return
        try:
            if not self.read_only:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def _close_unchecked(self) -> None:
        """Close a library whose background check failed or has not finished, writing
        nothing: the last connection to close would copy the WAL into the file (a
        checkpoint), so a read-only one stays open meanwhile; it cannot checkpoint."""
        from app.core import integrity

        guard = None
        try:
            guard = integrity.connect_read_only(self.path)
            guard.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            log.warning("closing %s without a guard connection: %s", self.path, exc)
        try:
            self.conn.close()
        finally:
            if guard is not None:
                guard.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def storage_dir(self) -> Path:
        return paths.storage_dir_for(self.path)

    # ------------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; everything in it commits or nothing does."""
        if self.read_only:
            raise ReadOnlyLibraryError("the library {path} is open read-only",
                                       path=str(self.path))
        self._await_check()
        with self._lock:
            if self._in_txn:
                yield self.conn
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise LibraryLockedError(
                        "the library {path} is busy: another program is writing to it",
                        path=str(self.path)) from exc
                raise
            self._in_txn = True
            try:
                yield self.conn
            except sqlite3.OperationalError as exc:
                # disk full, read-only, I/O error: SQLite may have rolled back already
                self._rollback()
                if "no such" in str(exc) or "syntax" in str(exc):
                    raise  # a bug, not the storage
                raise _write_error(self.path, exc) from exc
            except BaseException:
                self._rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    self._rollback()
                    raise _write_error(self.path, exc) from exc
            finally:
                self._in_txn = False

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # ------------------------------------------------------------ row <-> record
    def _row_values(self, rec: Record, *, doi: str | None = None, key: str | None = None,
                    over: dict[str, Any] | None = None) -> tuple[Any, ...]:
        """The stored row of *rec*: values for :data:`_ROW_COLUMNS`, in that order.

        *doi* and *key* (normalised DOI, duplicate key) may be passed when already
        computed. *over* replaces some of the record's own values (citation_key,
        date_added, date_modified, attachments), so an import stores what it
        decided without copying the caller's record.
        """
        first = rec.first_creator
        data = rec.to_dict(copy=False, compact=True)
        data.pop("id", None)
        data.pop("tags", None)
        citation_key, added, modified = rec.citation_key, rec.date_added, rec.date_modified
        attachments = rec.attachments
        if over:
            data.update(over)
            citation_key = over.get("citation_key", citation_key)
            added = over.get("date_added", added)
            modified = over.get("date_modified", modified)
            attachments = over.get("attachments", attachments)
            if not attachments:
                data.pop("attachments", None)
        if first is None:
            author_sort = first_family = ""
        else:
            author_sort = _creator_sort_key(first.family, first.given, first.literal)
            first_family = first.family or first.literal
        return (
            rec.type,
            rec.title,
            rec.creators_display(),
            author_sort,
            sort_text(rec.title),
            rec.container_title,
            _sort_name(rec.container_title),
            rec.issued.year if rec.issued else None,
            citation_key,
            rec.doi_normalized if doi is None else doi,
            _dup_key(rec, first) if key is None else key,
            1 if attachments else 0,
            added,
            modified,
            first_family,
            _encode_row_data(data),
        )

    def _fts_values(self, rec: Record) -> tuple[str, ...]:
        creators = " ".join([f"{c.family} {c.given} {c.literal}" for c in rec.creators])
        if not creators.isascii():
            cjk_names = [c for c in rec.creators if c.is_cjk]
            if any(has_cjk(c.family + c.literal) for c in cjk_names):
                # whole CJK names are searchable in pinyin too
                creators += " " + " ".join(to_pinyin(c.family + c.given + c.literal)
                                           for c in cjk_names)
        keywords = " ".join(rec.keywords) + " " + " ".join(rec.tags)
        title = rec.title
        if rec.title_translated or rec.title_short:
            title = " ".join(x for x in (title, rec.title_translated, rec.title_short) if x)
        container = rec.container_title
        if rec.container_title_short:
            container = " ".join(x for x in (container, rec.container_title_short) if x)
        abstract = rec.abstract
        if rec.abstract_translated:
            abstract = " ".join(x for x in (abstract, rec.abstract_translated) if x)
        return fts_document(title, creators, container, abstract, keywords,
                            " ".join(rec.notes))

    def _write_record(self, rec: Record) -> int:
        """Rewrite the stored row of *rec* (which exists), its index entry and tags."""
        assert rec.id is not None
        c = self.conn
        c.execute(_UPDATE_RECORD_SQL, (*self._row_values(rec), rec.id))
        c.execute("DELETE FROM records_fts WHERE rowid = ?", (rec.id,))
        c.execute("DELETE FROM tags WHERE record_id = ?", (rec.id,))
        self._index([rec])
        return rec.id

    def _index(self, recs: Sequence[Record]) -> None:
        """Add the full-text entries and tags of *recs* (ids set, none indexed yet)."""
        c = self.conn
        c.executemany(_INSERT_FTS_SQL, [(r.id, *self._fts_values(r)) for r in recs])
        c.executemany(_INSERT_TAG_SQL, [(r.id, t) for r in recs for t in dict.fromkeys(r.tags)])

    def _delete_rows(self, ids: Sequence[int]) -> None:
        """Delete records *ids* for good: rows, full-text entries, tags, memberships.

        When they are most of the library (undoing a big first import) the records
        table's indexes are made again after the delete instead of updated row by
        row, and the full-text table is made again with the entries of the records
        that remain (a delete from it re-tokenises each entry)."""
        c = self.conn
        ids = list(ids)
        self._delete_where("tags", "record_id", ids)
        self._delete_where("collection_items", "record_id", ids)
        if len(ids) < _BULK_DELETE_MIN or 2 * len(ids) < c.execute(
                "SELECT count(*) FROM records").fetchone()[0]:
            self._delete_where("records_fts", "rowid", ids)
            self._delete_where("records", "id", ids)
            return
        indexes = _drop_indexes(c, ("records",))
        self._delete_where("records", "id", ids)
        for sql in indexes:
            c.execute(sql)
        self._rebuild_fts()

    def _rebuild_fts(self) -> None:
        """Make the full-text table again, with the entries of the records there are
        (as it was defined, with its settings)."""
        c = self.conn
        sql = c.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'records_fts'").fetchone()[0]
        config = [(k, v) for k, v in c.execute("SELECT k, v FROM records_fts_config")
                  if k != "version"]
        if c.execute("SELECT EXISTS (SELECT 1 FROM records)").fetchone()[0]:
            c.execute("CREATE VIRTUAL TABLE records_fts_kept"
                      + sql[sql.upper().index(" USING "):])
            c.execute(f"INSERT INTO records_fts_kept (rowid, {_FTS_COLUMNS}) SELECT f.rowid, "
                      f"{', '.join('f.' + n for n in _FTS_COLUMNS.split(', '))} "
                      f"FROM records r JOIN records_fts f ON f.rowid = r.id")
            c.execute("DROP TABLE records_fts")
            c.execute("ALTER TABLE records_fts_kept RENAME TO records_fts")
        else:
            c.execute("DROP TABLE records_fts")
            c.execute(sql)
        for k, v in config:
            c.execute("INSERT INTO records_fts (records_fts, rank) VALUES (?, ?)", (k, v))

    def _delete_where(self, table: str, column: str, ids: Sequence[int]) -> None:
        for chunk in _chunks(list(ids), _UNDO_BATCH):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} IN "
                              f"({','.join('?' * len(chunk))})", chunk)

    def get(self, rid: int) -> Record:
        """The record with id *rid* (also from the trash). Raises NotFoundError."""
        recs = self.get_many([rid])
        if not recs:
            raise NotFoundError("no record with id {id}", id=rid)
        return recs[0]

    def get_many(self, ids: Sequence[int]) -> list[Record]:
        """Records for *ids*, in that order (missing ids are left out)."""
        out: dict[int, Record] = {}
        loads, from_dict = json.loads, Record.from_dict
        with _gc_paused(len(ids) >= 1000):
            for chunk in _chunks(list(ids), 900):
                q = ",".join("?" * len(chunk))
                for rid, data in self.conn.execute(
                        f"SELECT id, data FROM records WHERE id IN ({q})", chunk):
                    rec = from_dict(loads(data), copy=False)
                    rec.id = rid
                    out[rid] = rec
                for rid, tag in self.conn.execute(
                        f"SELECT record_id, tag FROM tags WHERE record_id IN ({q}) "
                        f"ORDER BY rowid", chunk):
                    out[rid].tags.append(tag)
        if len(out) <= 50:  # records an editor may hold: remember the version handed out
            for rid, rec in out.items():
                self._bases[(rid, rec.date_modified)] = rec.copy()
                while len(self._bases) > 500:
                    self._bases.pop(next(iter(self._bases)))
        return [out[i] for i in ids if i in out]

    def exists(self, rid: int) -> bool:
        return self.conn.execute("SELECT 1 FROM records WHERE id=?", (rid,)).fetchone() is not None

    def is_trashed(self, rid: int) -> bool:
        row = self.conn.execute("SELECT deleted_at FROM records WHERE id=?", (rid,)).fetchone()
        return bool(row and row[0])

    def count(self, *, trash: bool = False) -> int:
        trashed = int(self.conn.execute(
            "SELECT count(*) FROM records WHERE deleted_at IS NOT NULL").fetchone()[0])
        if trash:
            return trashed
        # all rows minus the (indexed) trash: a scan for "deleted_at IS NULL" costs
        # ~0.4 s at 100,000 records, this a few milliseconds
        total = int(self.conn.execute("SELECT count(*) FROM records").fetchone()[0])
        return total - trashed

    # ------------------------------------------------------------------- search
    def query_ids(self, query: str = "", *, sort: str = "date_added", descending: bool = False,
                  scope: str = "all", collection: int | None = None, tag: str | None = None,
                  limit: int | None = None) -> list[int]:
        """Ids of the records matching *query* in *scope*, sorted in SQL.

        *scope* is ``all``, ``trash``, ``duplicates``, ``unfiled``; *collection*
        and *tag* narrow further. Never raises for any query text.
        """
        cq = compile_query(query)
        where = list(cq.where)
        params = list(cq.params)
        where.append("r.deleted_at IS NOT NULL" if scope == "trash" else "r.deleted_at IS NULL")
        if scope == "duplicates":
            where.append("r.id IN (SELECT id FROM dup_members)")
        elif scope == "unfiled":
            where.append("r.id NOT IN (SELECT record_id FROM collection_items)")
        if collection is not None:
            where.append("r.id IN (SELECT record_id FROM collection_items WHERE "
                         "collection_id IN (SELECT id FROM collection_tree(?)))")
            params.append(collection)
        if tag is not None:
            where.append("r.id IN (SELECT record_id FROM tags WHERE tag = ?)")
            params.append(tag)
        order = SORT_COLUMNS.get(sort, "r.date_added")
        direction = "DESC" if descending else "ASC"
        table = "records r"
        narrowing = self._indexed_narrowing(cq)
        if narrowing == 0:  # e.g. 'deep year:2' while 'year:2019' is being typed
            return []
        if cq.where and scope == "all" and order[2:] in schema.SORT_INDEX_COLUMNS and \
                self._dense(cq, narrowing):
            # Many hits: walk the sort index and test each row against the match set,
            # instead of sorting tens of thousands of hits in a temporary B-tree.
            table = f"records r INDEXED BY idx_live_{order[2:]}"
        # a plain ORDER BY on an indexed column (with the rowid to break ties) lets
        # SQLite walk the index and stop after LIMIT rows
        sql = (f"SELECT r.id FROM {table} WHERE {' AND '.join(where)} "
               f"ORDER BY {order} {direction}, r.id {direction}")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with_cte = ""
        if scope == "duplicates":
            with_cte = ("WITH dup_members(id) AS (SELECT id FROM records WHERE deleted_at IS NULL "
                        "AND ((doi_norm != '' AND doi_norm IN (SELECT doi_norm FROM records "
                        "WHERE deleted_at IS NULL AND doi_norm != '' GROUP BY doi_norm "
                        "HAVING count(*) > 1)) OR (dup_key != '' AND dup_key IN (SELECT dup_key "
                        "FROM records WHERE deleted_at IS NULL AND dup_key != '' GROUP BY "
                        "dup_key HAVING count(*) > 1)))) ")
        if collection is not None:
            with_cte = (with_cte.rstrip() + ", " if with_cte else "WITH RECURSIVE ") + (
                "collection_tree(id) AS (SELECT ? UNION ALL SELECT c.id FROM collections c "
                "JOIN collection_tree t ON c.parent_id = t.id) ")
            if with_cte.startswith("WITH dup"):
                with_cte = "WITH RECURSIVE " + with_cte[5:]
            # the CTE's parameter comes first
            params.remove(collection)
            params.insert(0, collection)
            sql = sql.replace("collection_tree(?)", "collection_tree")
        try:
            try:
                return [r[0] for r in self.conn.execute(with_cte + sql, params)]
            except sqlite3.OperationalError as exc:
                if "INDEXED BY" not in sql:
                    raise
                # the planner found no plan with the forced index: let it choose
                log.debug("search %r: %s; retrying without INDEXED BY", query, exc)
                sql = sql.replace(f" INDEXED BY idx_live_{order[2:]}", "")
                return [r[0] for r in self.conn.execute(with_cte + sql, params)]
        except sqlite3.OperationalError as exc:
            # A query the compiler let through but FTS5 refused: no results, not an error.
            log.warning("search %r failed in SQL: %s", query, exc)
            return []

    def _dense(self, cq: Any, narrowing: int | None) -> bool:
        """True if the query's full-text part matches over a tenth of the library, and
        no condition with an index of its own (a year, a DOI range) narrows it to less
        (*narrowing*: :meth:`_indexed_narrowing`)."""
        if not _led_by_full_text(cq):
            return False
        total = self.conn.execute("SELECT max(id) FROM records").fetchone()[0] or 0
        if narrowing is not None and narrowing * 10 <= total:
            return False
        try:
            hits = self.conn.execute("SELECT count(*) FROM records_fts WHERE records_fts "
                                     "MATCH ?", (cq.params[0],)).fetchone()[0]
        except sqlite3.OperationalError:
            return False
        return hits * 10 > total and hits > 2000

    def _indexed_narrowing(self, cq: Any) -> int | None:
        """How many live records the query's conditions after its full-text match allow,
        when every one of them has an index (``year:2019``, ``year:>2000``, a DOI
        prefix); None when there is none or one without an index. A walk of the sort
        index that tests each row would visit the whole library for a ``year:2``
        that matches nothing; the year index finds that at once."""
        if not _led_by_full_text(cq):
            return None
        rest = cq.where[1:]
        if not rest or not all(_INDEXED_CONDITION.fullmatch(w) for w in rest):
            return None
        params = cq.params[1:1 + sum(w.count("?") for w in rest)]
        sql = "SELECT count(*) FROM records r WHERE r.deleted_at IS NULL AND " + " AND ".join(
            f"({w})" for w in rest)
        try:
            return int(self.conn.execute(sql, params).fetchone()[0])
        except sqlite3.OperationalError:
            return None

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, tuple[Any, ...]]:
        """Display columns for *ids* (for the table's lazy row cache)."""
        allowed = {"title", "creators_display", "year", "container", "type", "date_added",
                   "date_modified", "citation_key", "has_attachment", "doi_norm", "deleted_at"}
        cols = [c for c in columns if c in allowed]
        out: dict[int, tuple[Any, ...]] = {}
        for chunk in _chunks(list(ids), 900):
            q = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT id, {', '.join(cols)} FROM records WHERE id IN ({q})", chunk):
                out[row[0]] = tuple(row[1:])
        return out

    def search(self, query: str, **kw: Any) -> list[Record]:
        return self.get_many(self.query_ids(query, **kw))

    def all_citation_keys(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT citation_key FROM records WHERE citation_key != ''")}

    # --------------------------------------------------------------- undo core
    # An undo_log payload is {"records": [...], "collections": [...]} and, since
    # trash and restore log only the flag they flip, "deleted_at": [[value, [ids]],
    # ...] (each record's former deleted_at, ids grouped by value). A record
    # snapshot is {"id", "row": {column: value} or None (absent), "tags": [...] in
    # order, "collections": [ids]}; a collection's {"id", "row": [id, name, parent,
    # position] or None, "items": [record ids]}. Payloads written before the
    # "deleted_at" key (whole-row snapshots of trashed records) still undo.

    def _snap_records(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The whole state of records *ids* (each once, in the order given)."""
        order = list(dict.fromkeys(ids))
        raw = self._snap_records_raw(order)
        return [json.loads(raw[rid]) if rid in raw else {"id": rid, "row": None}
                for rid in order]

    def _snap_records_raw(self, ids: Sequence[int]) -> dict[int, str]:
        """The snapshots of those of records *ids* that exist, as JSON text made by
        SQLite (a big undo's redo state is written without building it in Python),
        _UNDO_BATCH ids per query."""
        c = self.conn
        names = [d[0] for d in c.execute("SELECT * FROM records LIMIT 0").description]
        sql = ("SELECT r.id, json_object('id', r.id, 'row', json_object("
               + ", ".join(f"'{n}', r.{n}" for n in names)
               + "), 'tags', (SELECT json_group_array(tag) FROM (SELECT tag FROM tags "
               "WHERE record_id = r.id ORDER BY rowid)), 'collections', (SELECT "
               "json_group_array(collection_id) FROM (SELECT collection_id FROM "
               "collection_items WHERE record_id = r.id ORDER BY collection_id))) "
               "FROM records r WHERE r.id IN ({})")
        out: dict[int, str] = {}
        for chunk in _chunks(list(ids), _UNDO_BATCH):
            out.update(c.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return out

    def _snap_deleted_at(self, ids: Iterable[int]) -> list[list[Any]]:
        """The trash flag (deleted_at) of records *ids*, as [[value, [ids]], ...];
        ids with no row are left out."""
        groups: dict[str | None, list[int]] = {}
        order = list(dict.fromkeys(ids))
        for chunk in _chunks(order, _UNDO_BATCH):
            q = ",".join("?" * len(chunk))
            for rid, value in self.conn.execute(
                    f"SELECT id, deleted_at FROM records WHERE id IN ({q})", chunk):
                groups.setdefault(value, []).append(rid)
        return [[value, ids] for value, ids in groups.items()]

    def _snap_collections(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        snaps: list[dict[str, Any]] = []
        for cid in ids:
            row = self.conn.execute("SELECT id, name, parent_id, position FROM collections "
                                    "WHERE id = ?", (cid,)).fetchone()
            snaps.append({
                "id": cid,
                "row": list(row) if row else None,
                "items": [x for (x,) in self.conn.execute(
                    "SELECT record_id FROM collection_items WHERE collection_id=?", (cid,))],
            })
        return snaps

    def _restore(self, state: dict[str, Any], raw: dict[int, str],
                 flags: list[list[Any]]) -> Changes:
        """Put the payload *state* back. *raw* (:meth:`_snap_records_raw`) and *flags*
        (:meth:`_snap_deleted_at`) are the current state of its records, read just
        before: only what differs is written, in batches."""
        ch = Changes(tags=True)
        self._restore_records(state.get("records", []), raw, ch)
        self._restore_deleted_at(state.get("deleted_at", []), flags, ch)
        self._restore_collections(state.get("collections", []))
        if state.get("collections"):
            ch.collections = True
        return ch

    def _restore_records(self, snaps: list[dict[str, Any]], raw: dict[int, str],
                         ch: Changes) -> None:
        c = self.conn
        gone: list[int] = []  # rows deleted (and, if in fresh, written again whole)
        fresh: list[dict[str, Any]] = []  # snapshots written whole
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}  # columns -> values, id
        reindex: list[dict[str, Any]] = []  # kept rows whose full-text entry is rewritten
        retag: list[dict[str, Any]] = []
        recollect: list[dict[str, Any]] = []
        seen: set[int] = set()
        for snap in snaps:
            rid = snap["id"]
            if rid in seen:  # the first snapshot of a record is its state before
                continue
            seen.add(rid)
            row = snap["row"]
            if row is None:
                if rid in raw:
                    gone.append(rid)
                    ch.removed.add(rid)
                continue
            if rid not in raw:
                fresh.append(snap)
                ch.added.add(rid)
                continue
            cur = json.loads(raw[rid])
            cur_row = cur["row"]
            _note_trash_move(ch, rid, bool(cur_row.get("deleted_at")), bool(row.get("deleted_at")))
            if row.keys() != cur_row.keys():  # not the same columns: the row is rewritten
                gone.append(rid)
                fresh.append(snap)
                continue
            changed = tuple(k for k, v in row.items() if k != "id" and v != cur_row[k])
            if changed:
                updates.setdefault(changed, []).append((*(row[k] for k in changed), rid))
            tags = list(snap.get("tags", []))
            if tags != cur["tags"]:
                retag.append(snap)
            if "data" in changed or tags != cur["tags"]:
                reindex.append(snap)  # the full-text entry is made of the data and tags
            if set(snap.get("collections", [])) != set(cur["collections"]):
                recollect.append(snap)
        if gone:
            self._delete_rows(gone)
        for cols, values in updates.items():
            c.executemany(f"UPDATE records SET {', '.join(f'{k} = ?' for k in cols)} "
                          f"WHERE id = ?", values)
        if reindex:
            self._delete_where("records_fts", "rowid", [s["id"] for s in reindex])
        if retag:
            self._delete_where("tags", "record_id", [s["id"] for s in retag])
        if recollect:
            self._delete_where("collection_items", "record_id", [s["id"] for s in recollect])
        inserts: dict[tuple[str, ...], list[list[Any]]] = {}
        for snap in fresh:
            row = snap["row"]
            inserts.setdefault(tuple(row), []).append(list(row.values()))
        for cols, values in inserts.items():
            c.executemany(f"INSERT INTO records ({', '.join(cols)}) VALUES "
                          f"({', '.join('?' * len(cols))})", values)
        loads, from_dict = json.loads, Record.from_dict
        many = len(fresh) + len(reindex) >= _IMPORT_BATCH
        with _gc_paused(many), self._fts_bulk(many):
            for part in _chunks([*reindex, *fresh], _IMPORT_BATCH):
                fts = []
                for snap in part:
                    rec = from_dict(loads(snap["row"]["data"]), copy=False)
                    rec.tags = list(snap.get("tags", []))
                    fts.append((snap["id"], *self._fts_values(rec)))
                c.executemany(_INSERT_FTS_SQL, fts)
        c.executemany(_INSERT_TAG_SQL, [(s["id"], t) for s in (*retag, *fresh)
                                        for t in dict.fromkeys(s.get("tags", []))])
        c.executemany("INSERT OR IGNORE INTO collection_items (collection_id, record_id) "
                      "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM collections WHERE id = ?)",
                      [(cid, s["id"], cid) for s in (*recollect, *fresh)
                       for cid in s.get("collections", [])])

    @contextmanager
    def _fts_bulk(self, on: bool = True) -> Iterator[None]:
        """Many full-text entries written at once (:meth:`_fts_bulk_on`), the
        settings written back after."""
        if not on:
            yield
            return
        saved = self._fts_bulk_on()
        yield
        self._fts_bulk_off(saved)

    def _fts_bulk_on(self) -> dict[str, Any]:
        """Let the full-text index keep more new entries in memory and merge its
        segments less (about a fifth to a third less time for thousands of entries).
        Returns the settings to hand to :meth:`_fts_bulk_off`."""
        c = self.conn
        saved = dict(c.execute("SELECT k, v FROM records_fts_config WHERE k IN "
                               "('automerge', 'hashsize')").fetchall())
        try:
            c.execute("INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 0)")
            c.execute("INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', ?)",
                      (_FTS_IMPORT_HASHSIZE,))
        except sqlite3.OperationalError as exc:  # an SQLite without 'hashsize' (< 3.42)
            log.debug("full-text bulk settings not available: %s", exc)
        return saved

    def _fts_bulk_off(self, saved: dict[str, Any]) -> None:
        """Write back the full-text settings :meth:`_fts_bulk_on` changed."""
        for k, default in (("automerge", 4), ("hashsize", 1024 * 1024)):
            try:
                self.conn.execute("INSERT INTO records_fts (records_fts, rank) VALUES (?, ?)",
                                  (k, saved.get(k, default)))
            except sqlite3.OperationalError as exc:
                log.debug("full-text setting %s not written back: %s", k, exc)

    def _restore_deleted_at(self, groups: list[list[Any]], current: list[list[Any]],
                            ch: Changes) -> None:
        """Set the trash flags of the payload *groups* back (records that no longer
        exist are left out)."""
        now = {rid: value for value, ids in current for rid in ids}
        missing = 0
        for value, ids in groups:
            flip: list[int] = []
            for rid in ids:
                if rid not in now:
                    missing += 1
                    continue
                _note_trash_move(ch, rid, bool(now[rid]), bool(value))
                if now[rid] != value:
                    flip.append(rid)
            self._set_deleted_at(flip, value)
        if missing:
            log.warning("undo: %d records are gone; their trash flags were not set back",
                        missing)

    def _restore_collections(self, snaps: list[dict[str, Any]]) -> None:
        c = self.conn
        for snap in snaps:
            cid = snap["id"]
            row = snap["row"]
            if row is None:
                c.execute("DELETE FROM collection_items WHERE collection_id=?", (cid,))
                c.execute("UPDATE collections SET parent_id=NULL WHERE parent_id=?", (cid,))
                c.execute("DELETE FROM collections WHERE id=?", (cid,))
                continue
            c.execute("INSERT OR REPLACE INTO collections (id, name, parent_id, position) "
                      "VALUES (?, ?, ?, ?)", row)
            c.execute("DELETE FROM collection_items WHERE collection_id=?", (cid,))
            c.executemany("INSERT OR IGNORE INTO collection_items (collection_id, record_id) "
                          "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM records WHERE id = ?)",
                          [(cid, rid, rid) for rid in snap["items"]])

    def _log_undo(self, label: str, before: dict[str, Any]) -> None:
        c = self.conn
        c.execute("DELETE FROM undo_log WHERE state = 'undone'")
        c.execute("INSERT INTO undo_log (label, state, created, payload) VALUES (?, 'done', ?, ?)",
                  (label, now_iso(), _payload_json(before)))
        c.execute("DELETE FROM undo_log WHERE seq <= (SELECT max(seq) FROM undo_log) - ?",
                  (UNDO_LIMIT,))

    @contextmanager
    def _operation(self, label: str, record_ids: Iterable[int] = (),
                   collection_ids: Iterable[int] = (),
                   trash_ids: Iterable[int] = ()) -> Iterator[dict[str, Any]]:
        """Run an undoable operation: snapshot, yield the before-state, log it, commit.

        The body may add more snapshots to ``before['records']`` (for records it
        creates, ``{"id": id, "row": None}``). *trash_ids*: records of which the
        operation changes nothing but the trash flag (only that is saved).
        """
        with self.transaction():
            order = list(dict.fromkeys(record_ids))
            raw = self._snap_records_raw(order)
            before = {"records": _snapshots(order, raw),
                      "collections": self._snap_collections(collection_ids)}
            flags = self._snap_deleted_at(trash_ids)
            if flags:
                before["deleted_at"] = flags
            yield before
            if before["records"] or before["collections"] or before.get("deleted_at"):
                self._log_undo(label, before)

    def undo_label(self) -> str | None:
        row = self.conn.execute("SELECT label FROM undo_log WHERE state='done' "
                                "ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def redo_label(self) -> str | None:
        row = self.conn.execute("SELECT label FROM undo_log WHERE state='undone' "
                                "ORDER BY seq ASC LIMIT 1").fetchone()
        return row[0] if row else None

    def undo(self) -> OpResult[str | None]:
        """Undo the newest operation. Returns its label (None if nothing to undo)."""
        return self._swap("done", "undone", "DESC")

    def redo(self) -> OpResult[str | None]:
        return self._swap("undone", "done", "ASC")

    def _swap(self, from_state: str, to_state: str, order: str) -> OpResult[str | None]:
        with self.transaction():
            row = self.conn.execute(f"SELECT seq, label, payload FROM undo_log WHERE state=? "
                                    f"ORDER BY seq {order} LIMIT 1", (from_state,)).fetchone()
            if row is None:
                return OpResult(None, Changes())
            seq, label, payload = row
            target = json.loads(payload)
            ids = list(dict.fromkeys(s["id"] for s in target.get("records", [])))
            raw = self._snap_records_raw(ids)
            collections = self._snap_collections(s["id"] for s in target.get("collections", []))
            flags = self._snap_deleted_at(
                rid for _value, group in target.get("deleted_at", []) for rid in group)
            changes = self._restore(target, raw, flags)
            changes.label = label
            # the state before the restore, for the way back
            current: dict[str, Any] = {"records": _snapshots(ids, raw),
                                       "collections": collections}
            if "deleted_at" in target:
                current["deleted_at"] = flags
            self.conn.execute("UPDATE undo_log SET state=?, payload=? WHERE seq=?",
                              (to_state, _payload_json(current), seq))
        return OpResult(label, changes)

    # ------------------------------------------------------------- operations
    def add(self, rec: Record) -> OpResult[int]:
        """Add one record as it is (no duplicate check). Returns its id."""
        report = self.import_records([rec], policy="import", label="Add record")
        return OpResult(report.added[0], report.changes)

    def update(self, rec: Record, label: str = "Edit record") -> OpResult[Record]:
        """Replace the stored record *rec.id* with *rec* (an edit)."""
        if rec.id is None or not self.exists(rec.id):
            raise NotFoundError("no record with id {id}", id=rec.id)
        with self._operation(label, [rec.id]):
            old = self.get(rec.id)
            if rec.date_modified != old.date_modified:
                rec = self._merge_stale_edit(rec, old)
            rec.date_added = rec.date_added or old.date_added
            rec.date_modified = _modified_stamp()
            if rec.citation_key != old.citation_key and rec.citation_key:
                pass  # the user's own key is kept as typed
            elif not rec.citation_key:
                rec.citation_key = keys.generate_key(rec, self.all_citation_keys())
            elif (rec.citation_key == old.citation_key and not keys.is_complete(old)
                  and keys.key_base(rec) != keys.key_base(old)):
                # a key made while the record had no author or year ('ref' of a new
                # record, 'Deep' of one with only its title) follows the fields as
                # they are filled in, unless the user typed it
                taken = self.all_citation_keys() - {old.citation_key}
                if old.citation_key == keys.generate_key(old, taken):
                    rec.citation_key = keys.generate_key(rec, taken)
            self._write_record(rec)
        return OpResult(rec, Changes(label=label, modified={rec.id},
                                     tags=rec.tags != old.tags))

    def _merge_stale_edit(self, rec: Record, current: Record) -> Record:
        """*rec* was read before another window or program changed the record: keep
        the fields this edit changed and the other change's fields, never losing one.

        The version the edit started from is known from :meth:`get`; without it the
        edit is refused rather than written over the other change.
        """
        assert rec.id is not None
        base = self._bases.get((rec.id, rec.date_modified))
        if base is None:
            raise LibraryError("record {id} was changed elsewhere since it was opened; "
                               "reload it and edit again", id=rec.id)
        merged = current.copy()
        for name in _EDITABLE_FIELDS:
            mine = getattr(rec, name)
            if mine != getattr(base, name):
                setattr(merged, name, mine)
        return merged

    def set_field(self, rid: int, name: str, value: Any) -> OpResult[Record]:
        """Set one field of a record (an undoable edit)."""
        rec = self.get(rid)
        if not hasattr(rec, name) or name in ("id",):
            raise ValueError(f"unknown field {name!r}")
        setattr(rec, name, value)
        return self.update(rec, label=f"Edit {name.replace('_', ' ')}")

    def trash(self, ids: Sequence[int]) -> OpResult[int]:
        """Move records to the trash. Returns how many moved."""
        ids = self._with_flag(ids, trashed=False)
        if not ids:
            return OpResult(0, Changes())
        label = "Move to trash" if len(ids) == 1 else f"Move {len(ids)} records to trash"
        with self._operation(label, trash_ids=ids):
            self._set_deleted_at(ids, now_iso())
        return OpResult(len(ids), Changes(label=label, removed=set(ids)))

    delete = trash

    def restore(self, ids: Sequence[int]) -> OpResult[int]:
        """Bring records back from the trash."""
        ids = self._with_flag(ids, trashed=True)
        if not ids:
            return OpResult(0, Changes())
        label = "Restore from trash"
        with self._operation(label, trash_ids=ids):
            self._set_deleted_at(ids, None)
        return OpResult(len(ids), Changes(label=label, restored=set(ids)))

    def _set_deleted_at(self, ids: Sequence[int], value: str | None) -> None:
        """Set the trash flag of records *ids* (None: live), _UNDO_BATCH per statement."""
        for chunk in _chunks(list(ids), _UNDO_BATCH):
            self.conn.execute(f"UPDATE records SET deleted_at = ? WHERE id IN "
                              f"({','.join('?' * len(chunk))})", (value, *chunk))

    def _with_flag(self, ids: Iterable[int], *, trashed: bool) -> list[int]:
        """Those of *ids* (each once, in order) that are in the trash (*trashed*) or
        live (not *trashed*); ids with no record are left out."""
        order = list(dict.fromkeys(ids))
        cond = "IS NOT NULL" if trashed else "IS NULL"
        found: set[int] = set()
        for chunk in _chunks(order, _UNDO_BATCH):
            found.update(r for (r,) in self.conn.execute(
                f"SELECT id FROM records WHERE id IN ({','.join('?' * len(chunk))}) "
                f"AND deleted_at {cond}", chunk))
        return [i for i in order if i in found]

    def trash_ids(self) -> list[int]:
        return self.query_ids(scope="trash", sort="id")

    def empty_trash(self, ids: Sequence[int] | None = None) -> OpResult[int]:
        """Delete trashed records for good (still undoable until the undo log rolls over)."""
        targets = self.trash_ids() if ids is None else self._with_flag(ids, trashed=True)
        if not targets:
            return OpResult(0, Changes())
        label = "Empty trash"
        with self._operation(label, targets):
            self._delete_rows(targets)
        return OpResult(len(targets), Changes(label=label, removed=set(targets)))

    # ---- tags
    def add_tags(self, ids: Sequence[int], tags: Sequence[str]) -> OpResult[None]:
        label = "Add tags"
        with self._operation(label, ids):
            for rid in ids:
                rec = self.get(rid)
                rec.tags = list(dict.fromkeys([*rec.tags, *tags]))
                self._write_record(rec)
        return OpResult(None, Changes(label=label, modified=set(ids), tags=True))

    def remove_tags(self, ids: Sequence[int], tags: Sequence[str]) -> OpResult[None]:
        label = "Remove tags"
        with self._operation(label, ids):
            for rid in ids:
                rec = self.get(rid)
                rec.tags = [t for t in rec.tags if t not in tags]
                self._write_record(rec)
        return OpResult(None, Changes(label=label, modified=set(ids), tags=True))

    def all_tags(self) -> list[tuple[str, int]]:
        return [(t, n) for t, n in self.conn.execute(
            "SELECT t.tag, count(*) FROM tags t JOIN records r ON r.id = t.record_id "
            "WHERE r.deleted_at IS NULL GROUP BY t.tag ORDER BY t.tag COLLATE NOCASE")]

    # ---- collections
    def create_collection(self, name: str, parent: int | None = None) -> OpResult[int]:
        name = name.strip()
        if not name:
            raise LibraryError("a collection needs a name")
        label = f"New collection {name}"
        with self.transaction():
            pos = self.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM collections"
                                    ).fetchone()[0]
            cur = self.conn.execute(
                "INSERT INTO collections (name, parent_id, position) VALUES (?, ?, ?)",
                (name, parent, pos))
            cid = int(cur.lastrowid)  # type: ignore[arg-type]
            self._log_undo(label, {"records": [], "collections": [
                {"id": cid, "row": None, "items": []}]})
        return OpResult(cid, Changes(label=label, collections=True))

    def rename_collection(self, cid: int, name: str) -> OpResult[None]:
        label = "Rename collection"
        with self._operation(label, collection_ids=[cid]):
            self.conn.execute("UPDATE collections SET name=? WHERE id=?", (name.strip(), cid))
        return OpResult(None, Changes(label=label, collections=True))

    def move_collection(self, cid: int, parent: int | None) -> OpResult[None]:
        if parent is not None and parent in self._collection_subtree(cid):
            raise LibraryError("a collection cannot be moved into itself")
        label = "Move collection"
        with self._operation(label, collection_ids=[cid]):
            self.conn.execute("UPDATE collections SET parent_id=? WHERE id=?", (parent, cid))
        return OpResult(None, Changes(label=label, collections=True))

    def delete_collection(self, cid: int) -> OpResult[None]:
        """Delete a collection and its sub-collections (the records stay in the library)."""
        sub = self._collection_subtree(cid)
        label = "Delete collection"
        with self._operation(label, collection_ids=sub):
            for x in reversed(sub):
                self.conn.execute("DELETE FROM collection_items WHERE collection_id=?", (x,))
                self.conn.execute("DELETE FROM collections WHERE id=?", (x,))
        return OpResult(None, Changes(label=label, collections=True))

    def _collection_subtree(self, cid: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT c.id FROM collections c "
            "JOIN t ON c.parent_id = t.id) SELECT id FROM t", (cid,))]

    def add_to_collection(self, cid: int, ids: Sequence[int]) -> OpResult[None]:
        label = "Add to collection"
        with self._operation(label, collection_ids=[cid]):
            self.conn.executemany("INSERT OR IGNORE INTO collection_items (collection_id, "
                                  "record_id) VALUES (?, ?)", [(cid, i) for i in ids])
        return OpResult(None, Changes(label=label, collections=True, modified=set(ids)))

    def remove_from_collection(self, cid: int, ids: Sequence[int]) -> OpResult[None]:
        label = "Remove from collection"
        with self._operation(label, collection_ids=[cid]):
            self.conn.executemany("DELETE FROM collection_items WHERE collection_id=? AND "
                                  "record_id=?", [(cid, i) for i in ids])
        return OpResult(None, Changes(label=label, collections=True, removed=set(ids)))

    def collections(self) -> list[tuple[int, str, int | None]]:
        """(id, name, parent id) of every collection, in display order."""
        return [(a, b, c) for a, b, c in self.conn.execute(
            "SELECT id, name, parent_id FROM collections ORDER BY position, id")]

    def record_collections(self, rid: int) -> list[int]:
        return [x for (x,) in self.conn.execute(
            "SELECT collection_id FROM collection_items WHERE record_id=?", (rid,))]

    # ---- duplicates and merge
    def find_duplicate(self, rec: Record, exclude: int | None = None, *,
                       doi: str | None = None, key: str | None = None) -> int | None:
        """The id of a library record that *rec* duplicates (same DOI, or same
        normalised title + first author's family name + year), or None.

        *doi* and *key* may be passed when the caller has computed them already."""
        doi = rec.doi_normalized if doi is None else doi
        if doi:
            row = self.conn.execute("SELECT id FROM records WHERE doi_norm=? AND deleted_at "
                                    "IS NULL AND id IS NOT ? ORDER BY id LIMIT 1",
                                    (doi, exclude)).fetchone()
            if row:
                return int(row[0])
        key = dup_key(rec) if key is None else key
        if key:
            row = self.conn.execute(
                "SELECT id, doi_norm FROM records WHERE dup_key=? AND deleted_at IS NULL "
                "AND id IS NOT ? ORDER BY id", (key, exclude)).fetchall()
            for rid, other_doi in row:
                # two different DOIs are two different works, whatever the titles say
                if not (doi and other_doi and doi != other_doi):
                    return int(rid)
        return None

    def duplicate_groups(self) -> list[list[int]]:
        """Groups of record ids that are duplicates of each other."""
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for col in ("doi_norm", "dup_key"):
            for (members,) in self.conn.execute(
                    f"SELECT group_concat(id) FROM records WHERE deleted_at IS NULL AND {col} "
                    f"!= '' GROUP BY {col} HAVING count(*) > 1"):
                ids = [int(x) for x in members.split(",")]
                for other in ids[1:]:
                    parent[find(other)] = find(ids[0])
        groups: dict[int, list[int]] = {}
        for x in list(parent):
            groups.setdefault(find(x), []).append(x)
        return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])

    def merge(self, keep: int, other: int | Sequence[int],
              chosen: Mapping[str, int] | None = None) -> OpResult[Record]:
        """Merge *other* (one record id, or several, merged in that order) into *keep*,
        in one undoable step: every field of all of them is kept (:func:`merge_records`),
        their collections are united, and the others go to the trash.

        *chosen* maps a field of :data:`MERGE_FIELDS` to the id (*keep* or one of the
        others) of the record whose value the merged record takes; the value it
        replaces is kept in ``extra['merged:<field>']``.
        """
        others = [other] if isinstance(other, int) else list(dict.fromkeys(other))
        if keep in others:
            raise LibraryError("a record cannot be merged with itself")
        if not others:
            raise ValueError("no record to merge into the kept one")
        picks = dict(chosen or {})
        for name, rid in picks.items():
            if name not in MERGE_FIELDS:
                raise ValueError(f"no choice of value for the field {name!r}")
            if rid != keep and rid not in others:
                raise ValueError(f"record {rid} is not one of the merged records")
        recs = {rid: self.get(rid) for rid in [keep, *others]}
        label = "Merge records"
        with self._operation(label, [keep, *others]):
            merged = recs[keep]
            for rid in others:
                merged = merge_records(merged, recs[rid])
            apply_choices(merged, {name: recs[rid] for name, rid in picks.items()})
            merged.date_modified = now_iso()
            self._write_record(merged)
            self.conn.executemany(
                "INSERT OR IGNORE INTO collection_items (collection_id, record_id) VALUES (?, ?)",
                [(cid, keep) for rid in others for cid in self.record_collections(rid)])
            stamp = now_iso()
            self.conn.executemany("UPDATE records SET deleted_at=? WHERE id=?",
                                  [(stamp, rid) for rid in others])
        return OpResult(merged, Changes(label=label, modified={keep}, removed=set(others),
                                        tags=True))

    # ---- import
    def import_records(self, records: Iterable[Record], *, policy: str = "skip",
                       label: str = "Import", failures: Sequence[Any] = (),
                       attach: Sequence[str] = (),
                       progress: Callable[[int, int], bool] | None = None,
                       total: int | None = None) -> ImportReport:
        """Add *records* in one transaction, with a duplicate *policy*:
        ``skip`` (default), ``import`` (add anyway) or ``merge`` (into the existing one).

        *records* may be any iterable (a generator is read once, as it goes).
        *attach*: files to copy into the storage folder and attach to every new record.
        *progress* is called as ``progress(done, total)``; returning False cancels,
        and a cancelled import leaves the library exactly as before. *total* is
        ``len(records)`` when that exists; for an iterable without a length pass
        it if known, else progress reports a total of 0 (unknown) until the end.
        The caller's records are never changed.
        """
        if policy not in ("skip", "import", "merge"):
            raise ValueError(f"unknown duplicate policy {policy!r}")
        report = ImportReport(failures=list(failures))
        if total is None and isinstance(records, Sized):
            total = len(records)
        if total == 0:
            return report
        it = iter(records)
        try:
            first = next(it)
        except StopIteration:
            return report
        with _gc_paused(), self._operation(label) as before:
            imp = _Importer(self, policy, label, report, before, progress)
            imp.total = total or 0
            imp.add(first, attach)
            for src in it:
                imp.add(src, attach)
            imp.finish()
        return report

    def import_files(self, files: Sequence[str], *, policy: str = "skip",
                     format_id: str | None = None,
                     progress: Callable[[int, int], bool] | None = None) -> ImportReport:
        """Read *files* through the format registry and import everything in one step.

        Each file is read in chunks (:func:`formats.read_path_chunks`) and every
        chunk is stored as soon as it is read, all in one transaction with one undo
        entry: memory holds a chunk of records, not the file. Unreadable files and
        entries become failures; the rest is imported. Saved pages and PDFs get
        their source file attached. *progress* gets ``(records done, estimated
        total)``, the total estimated from how much of the input has been read;
        returning False cancels and nothing is imported. A file whose reading
        fails part-way (FormatError after some chunks) is a failure that keeps
        the chunks read before; any other exception rolls everything back.
        """
        from app.core import formats
        from app.core.errors import FormatError

        report = ImportReport()
        label = _import_label(files)
        n_files = len(files)
        with _gc_paused(), self._operation(label) as before:
            imp = _Importer(self, policy, label, report, before, progress)
            for i, f in enumerate(files):
                chunks = formats.read_path_chunks(f, format_id)
                while True:
                    try:
                        res = next(chunks)
                    except StopIteration:
                        break
                    except FormatError as exc:
                        report.failures.append(
                            formats.Failure(exc.source or f, exc.line, _reason(exc)))
                        break
                    report.failures += res.failures
                    report.warnings += res.warnings
                    if res.records:
                        # the share of all input read once this chunk is stored
                        read = (i + min(max(res.done_fraction, 0.0), 1.0)) / n_files
                        seen = imp.done + len(res.records)
                        imp.total = max(seen, round(seen / read)) if read > 0 else 0
                        imp.check_progress()
                        attach = (f,) if res.attach_source else ()
                        for src in res.records:
                            imp.add(src, attach)
                        imp.flush()  # the chunk is in the table: its records can go
                    del res
            imp.total = imp.done
            imp.finish()
        return report

    def _next_record_id(self) -> int:
        """The first fresh record id. Ids are never reused, even after the trash is
        emptied, so an old undo snapshot can never hit a newer record."""
        c = self.conn
        row = c.execute("SELECT value FROM meta WHERE key='next_record_id'").fetchone()
        top = c.execute("SELECT coalesce(max(id), 0) + 1 FROM records").fetchone()[0]
        return max(int(row[0]) if row else 1, int(top))

    def _reserve_record_ids(self, upto: int) -> None:
        """Record that ids below *upto* are taken."""
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                          "('next_record_id', ?)", (str(upto),))

    def _store_files(self, rid: int, files: Sequence[str]) -> list[Path]:
        """Copy *files* into ``<storage>/<rid>/`` under safe names."""
        dest_dir = self.storage_dir / str(rid)
        out: list[Path] = []
        for f in files:
            name = safe_attachment_name(os.path.basename(f))
            dest_dir.mkdir(parents=True, exist_ok=True)
            dest = dest_dir / name
            stem, ext = os.path.splitext(name)
            n = 1
            while dest.exists():
                dest = dest_dir / f"{stem}-{n}{ext}"
                n += 1
            try:
                shutil.copyfile(f, dest)
            except OSError as exc:
                raise _write_error(dest, exc) from exc
            out.append(dest)
        return out

    def export_records(self, ids: Sequence[int] | None = None, query: str = "",
                       sort: str = "citation_key") -> list[Record]:
        """The records to export: *ids*, or everything matching *query* (not the trash)."""
        if ids is None:
            ids = self.query_ids(query, sort=sort)
        return self.get_many(ids)

    def iter_export(self, ids: Sequence[int] | None = None, query: str = "",
                    sort: str = "citation_key", chunk: int = 1000) -> Iterator[Record]:
        """:meth:`export_records` as an iterator that loads *chunk* records at a time,
        so a writer that streams holds one chunk in memory, not the library.

        The ids are fixed when iteration starts; each chunk is read as it is
        stored then (a record deleted meanwhile is left out)."""
        if ids is None:
            ids = self.query_ids(query, sort=sort)
        ids = list(ids)
        for start in range(0, len(ids), max(1, chunk)):
            yield from self.get_many(ids[start:start + chunk])


class _Importer:
    """The state of one import inside its transaction: records arrive one at a time
    (:meth:`add`), are checked for duplicates, get ids and keys, and are stored in
    batches; :meth:`finish` stores the rest. Used by :meth:`Library.import_records`
    and :meth:`Library.import_files` (which feeds it chunk by chunk)."""

    def __init__(self, lib: Library, policy: str, label: str, report: ImportReport,
                 before: dict[str, Any], progress: Callable[[int, int], bool] | None) -> None:
        if policy not in ("skip", "import", "merge"):
            raise ValueError(f"unknown duplicate policy {policy!r}")
        self.lib = lib
        self.conn = lib.conn
        self.policy = policy
        self.report = report
        self.before = before
        self.progress = progress
        self.changes = report.changes = Changes(label=label, tags=True)
        self.stamp = now_iso()
        self.taken = _TakenKeys(lib.conn)
        self.library_was_empty = bool(self.conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM records WHERE deleted_at IS NULL)").fetchone()[0])
        self.next_id = lib._next_record_id()
        self.total = 0  # 0: not known (yet)
        self.done = 0  # records seen, stored or not
        self.next_check = 0  # progress is reported every 200 records (and per chunk)
        # duplicates among the records of this very import, not yet in the table:
        # DOI -> id, duplicate key -> [(id, DOI)]
        self.new_dois: dict[str, int] = {}
        self.new_keys: dict[str, list[tuple[int, str]]] = {}
        # the citation key each of those records had in its file ('' for none)
        self.new_src_keys: dict[int, str] = {}
        # the library's own DOIs and duplicate keys, once a big import loads them
        self.lib_dois: dict[str, int] | None = None
        self.lib_keys: dict[str, list[tuple[int, str]]] = {}
        self.snapshotted: set[int] = set()  # ids whose state before is in before['records']
        self.rows: list[tuple[Any, ...]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.tags: list[tuple[int, str]] = []
        self.fts_config: dict[str, Any] | None = None
        self.dropped_indexes: list[str] | None = None  # CREATE INDEX statements to run again

    def check_progress(self) -> None:
        """Report progress; raise ImportCancelled if the callback says stop."""
        self.next_check = self.done + 200
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise ImportCancelled()

    def add(self, src: Record, attach: Sequence[str] = ()) -> None:
        """Import *src* (left unchanged): skip, merge or store it."""
        if self.done >= self.next_check:
            self.check_progress()
        self.done += 1
        report = self.report
        doi = src.doi_normalized
        first = src.first_creator
        dkey = _dup_key(src, first)
        if self.policy != "import":
            dup = self._duplicate(src, doi, dkey)
            if dup is not None:
                if self.policy == "skip":
                    report.skipped.append((src, dup))
                else:
                    self._merge_into(dup, src)
                return
        taken = self.taken
        key = src.citation_key
        if not key or key in taken:
            key = keys.unique_key(key or keys.key_base(src), taken)
        taken.add(key)
        rid = self.next_id
        self.next_id += 1
        attachments = list(src.attachments)
        if attach:
            attachments += [str(p) for p in self.lib._store_files(rid, attach)]
        over = {"citation_key": key, "date_added": src.date_added or self.stamp,
                "date_modified": src.date_modified or self.stamp,
                "attachments": attachments}
        if self.policy != "import":
            if doi:
                self.new_dois.setdefault(doi, rid)
            if dkey:
                self.new_keys.setdefault(dkey, []).append((rid, doi))
            if src.citation_key:
                self.new_src_keys[rid] = src.citation_key
        lib = self.lib
        self.rows.append((rid, *lib._row_values(src, doi=doi, key=dkey, over=over)))
        self.fts.append((rid, *lib._fts_values(src)))
        if src.tags:
            self.tags += [(rid, t) for t in dict.fromkeys(src.tags)]
        self.before["records"].append({"id": rid, "row": None})
        self.snapshotted.add(rid)
        report.added.append(rid)
        self.changes.added.add(rid)
        if len(self.rows) >= _IMPORT_BATCH:
            self.flush()

    def _duplicate(self, src: Record, doi: str, dkey: str) -> int | None:
        dup = _same_work(self.new_dois, self.new_keys, doi, dkey)
        if dup is not None and src.citation_key and self.new_src_keys.get(dup, "") not in (
                "", src.citation_key):
            # two entries of the same import with keys of their own ('baez/article',
            # 'baez/online'): their author keeps them apart, so both are imported
            dup = None
        if dup is None and not self.library_was_empty:
            if self.lib_dois is None and self.done > _LOOKUP_IN_SQL_UPTO:
                self._load_library_keys()
            if self.lib_dois is None:
                dup = self.lib.find_duplicate(src, doi=doi, key=dkey)
            else:  # find_duplicate's rules, on the maps
                dup = _same_work(self.lib_dois, self.lib_keys, doi, dkey)
        return dup

    def _load_library_keys(self) -> None:
        """A big import into a library with records: the DOIs and duplicate keys of
        its live records in memory, instead of two queries per record."""
        self.lib_dois, self.lib_keys = {}, {}
        for rid, doi, dkey in self.conn.execute(
                "SELECT id, doi_norm, dup_key FROM records WHERE deleted_at IS NULL "
                "AND (doi_norm != '' OR dup_key != '') ORDER BY id"):
            self._remember_library(rid, doi, dkey)

    def _remember_library(self, rid: int, doi: str, dkey: str) -> None:
        assert self.lib_dois is not None and self.lib_keys is not None
        if doi and rid < self.lib_dois.get(doi, rid + 1):
            self.lib_dois[doi] = rid
        if dkey:
            same = self.lib_keys.setdefault(dkey, [])
            if (rid, doi) not in same:
                same.append((rid, doi))
                same.sort()

    def _merge_into(self, dup: int, src: Record) -> None:
        lib = self.lib
        self.flush()
        if dup not in self.snapshotted:
            self.before["records"] += lib._snap_records([dup])
            self.snapshotted.add(dup)
        merged = merge_records(lib.get(dup), src)
        merged.date_modified = self.stamp
        lib._write_record(merged)
        if self.lib_dois is not None:  # the merge may have given it a DOI
            self._remember_library(dup, merged.doi_normalized, dup_key(merged))
        if dup not in self.changes.added and dup not in self.changes.modified:
            self.report.merged.append(dup)
            self.changes.modified.add(dup)

    def flush(self) -> None:
        """Store the rows made so far."""
        if not self.rows:
            return
        c = self.conn
        if self.fts_config is None and len(self.rows) >= _IMPORT_BATCH:
            self.fts_config = self.lib._fts_bulk_on()  # finish() writes them back
            if self.library_was_empty and self.dropped_indexes is None:
                self._drop_indexes()
        c.executemany(_INSERT_RECORD_SQL, self.rows)
        c.executemany(_INSERT_FTS_SQL, self.fts)
        if self.tags:
            c.executemany(_INSERT_TAG_SQL, self.tags)
        self.rows, self.fts, self.tags = [], [], []

    def _drop_indexes(self) -> None:
        """A big import into a library with no live records: its records table's
        indexes are dropped now and made again by :meth:`finish`, in the same
        transaction (building an index over all rows at once is cheaper than
        updating it row by row; a rollback brings them back as they were). Nothing
        in the import looks anything up through them: duplicates are found in the
        import's own maps and every citation key in use is read first."""
        self.taken.load_all()
        self.dropped_indexes = _drop_indexes(self.conn, ("records", "tags"))

    def finish(self) -> None:
        self.flush()
        for sql in self.dropped_indexes or ():
            self.conn.execute(sql)
        if self.fts_config is not None:
            self.lib._fts_bulk_off(self.fts_config)
        if self.report.added:
            self.lib._reserve_record_ids(self.next_id)
        # the last report comes before the commit: Cancel pressed now still cancels
        self.total = self.total or self.done
        self.check_progress()


class _JSONText(str):
    """A record snapshot that is already JSON text (as SQLite made it)."""


def _snapshots(ids: Sequence[int], raw: dict[int, str]) -> list[Any]:
    """A payload's record snapshots for *ids*: the JSON text SQLite made of each that
    exists (:meth:`Library._snap_records_raw`), ``{"id", "row": None}`` for the others."""
    return [_JSONText(raw[rid]) if rid in raw else {"id": rid, "row": None} for rid in ids]


def _payload_json(state: dict[str, Any]) -> str:
    """The undo payload *state* as JSON; its record snapshots that are already JSON
    text go in as they are (a big one is not parsed only to be written again)."""
    records = state.get("records", [])
    if not any(isinstance(s, _JSONText) for s in records):
        return json.dumps(state, ensure_ascii=False)
    rest = json.dumps({k: v for k, v in state.items() if k != "records"}, ensure_ascii=False)
    return "".join([
        '{"records": [',
        ", ".join(s if isinstance(s, _JSONText) else json.dumps(s, ensure_ascii=False)
                  for s in records),
        "]", ", " + rest[1:] if len(rest) > 2 else "}"])


def _drop_indexes(conn: sqlite3.Connection, tables: Sequence[str]) -> list[str]:
    """Drop the indexes of *tables* (not the automatic ones); their CREATE
    statements, to run again once the rows are in or out."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({','.join('?' * len(tables))})", tuple(tables)).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _note_trash_move(ch: Changes, rid: int, was_deleted: bool, now_deleted: bool) -> None:
    """File *rid* in *ch* as restored from the trash, moved to it, or modified."""
    if was_deleted and not now_deleted:
        ch.restored.add(rid)
    elif not was_deleted and now_deleted:
        ch.removed.add(rid)
    else:
        ch.modified.add(rid)


def _same_work(dois: dict[str, int], dkeys: dict[str, list[tuple[int, str]]], doi: str,
               dkey: str) -> int | None:
    """The id with the same DOI, else the first with the same duplicate key whose DOI
    does not differ: two different DOIs are two different works, whatever the titles say."""
    dup = dois.get(doi) if doi else None
    if dup is None and dkey:
        for rid, other_doi in dkeys.get(dkey, ()):
            if not (doi and other_doi and doi != other_doi):
                return rid
    return dup


class _TakenKeys:
    """The citation keys in use (also in the trash) plus those an import has given,
    for :func:`keys.unique_key`. A small import asks the table about each key it
    tries (two index look-ups); reading all keys costs ~80 ms at 50,000 records,
    so that happens only once an import has tried many keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.given: set[str] = set()
        self.all: set[str] | None = None
        self.asked = 0

    def __contains__(self, key: object) -> bool:
        if key in self.given:
            return True
        if self.all is None:
            self.asked += 1
            if self.asked <= _KEYS_IN_SQL_UPTO:
                return self.conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM records WHERE citation_key = ? AND "
                    "deleted_at IS NULL) OR EXISTS (SELECT 1 FROM records WHERE deleted_at "
                    "IS NOT NULL AND citation_key = ?)", (key, key)).fetchone()[0] == 1
            self.load_all()
        assert self.all is not None
        return key in self.all

    def load_all(self) -> None:
        """Read every key in use now: no more look-ups in the table after this."""
        if self.all is None:
            self.all = {r[0] for r in self.conn.execute(
                "SELECT citation_key FROM records WHERE citation_key != ''")}

    def add(self, key: str) -> None:
        self.given.add(key)


def _led_by_full_text(cq: Any) -> bool:
    """True if a compiled query's first condition is its full-text match."""
    return bool(cq.where) and cq.where[0].startswith("r.id IN (SELECT rowid FROM records_fts")


# Conditions of a compiled query (app.core.search) that an index answers by itself.
_INDEXED_CONDITION = re.compile(r"r\.year (?:=|<|>|<=|>=) \?|r\.year BETWEEN \? AND \?|"
                                r"r\.doi_norm >= \? AND r\.doi_norm < \?|r\.id < 0")


def _retry_locked(step: Callable[[], Any], seconds: float = 5.0) -> Any:
    """Run *step*, again while SQLite says the database is locked, for up to *seconds*.
    Switching a new database to WAL takes an exclusive lock without calling the busy
    handler, so several processes creating one library at once can meet it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class ImportCancelled(Exception):
    """Raised inside an import's transaction when the user cancels; rolls it back."""


def _reason(exc: Exception) -> str:
    from app.core.errors import FormatError

    return exc.reason if isinstance(exc, FormatError) else str(exc)


def _import_label(files: Sequence[str]) -> str:
    if len(files) == 1:
        return f"Import {os.path.basename(files[0])}"
    return f"Import {len(files)} files"


def _write_error(path: Path, exc: Exception) -> LibraryError:
    msg = str(exc)
    if isinstance(exc, OSError) and exc.errno == 28 or "full" in msg:
        return LibraryError("the disk is full: nothing was written to {path}", path=str(path))
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyLibraryError("the library {path} is read-only", path=str(path))
    return LibraryError("writing to {path} failed: {err}", path=str(path), err=msg)


#: the fields of which a merge can take any of the merged records' value
MERGE_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, "creators", "issued", "accessed")


def _stored(name: str, value: Any) -> Any:
    """*value* of the field *name* as ``extra['merged:<name>']`` keeps it."""
    if name == "creators":
        return [c.to_dict() for c in value]
    if name in ("issued", "accessed"):
        return value.iso() if value is not None else None
    return value


def _keep_aside(extra: dict[str, Any], key: str, value: Any) -> None:
    """Keep *value* in *extra* under *key* (``merged:volume``), or ``key:2``, ``key:3``…
    if *key* holds another value already: a third record's value is not lost."""
    name, n = key, 1
    while name in extra:
        if extra[name] == value:
            return
        n += 1
        name = f"{key}:{n}"
    extra[name] = value


def merge_records(a: Record, b: Record) -> Record:
    """*a* with everything *b* adds: empty fields filled, lists united; a differing
    value of *b* is kept in ``extra['merged:<field>']`` so nothing is lost."""
    out = a.copy()
    for name in TEXT_FIELDS:
        va, vb = getattr(out, name), getattr(b, name)
        if not vb or name == "citation_key":
            continue
        if not va:
            setattr(out, name, vb)
        elif fold_text(str(va)).strip() != fold_text(str(vb)).strip():
            _keep_aside(out.extra, f"merged:{name}", vb)
    if not out.creators and b.creators:
        out.creators = list(b.creators)
    elif b.creators and [c.display() for c in b.creators] != [c.display() for c in out.creators]:
        _keep_aside(out.extra, "merged:creators", [c.to_dict() for c in b.creators])
    for d in ("issued", "accessed"):
        if getattr(out, d) is None and getattr(b, d) is not None:
            setattr(out, d, getattr(b, d))
        elif getattr(b, d) is not None and getattr(out, d) != getattr(b, d):
            _keep_aside(out.extra, f"merged:{d}", getattr(b, d).iso())
    for lst in ("keywords", "notes", "attachments", "tags"):
        setattr(out, lst, list(dict.fromkeys([*getattr(out, lst), *getattr(b, lst)])))
    for k, v in b.extra.items():
        if k not in out.extra:
            out.extra[k] = v
        elif out.extra[k] != v:
            _keep_aside(out.extra, f"merged:{k}", v)
    return out


def apply_choices(out: Record, sources: Mapping[str, Record]) -> None:
    """Give *out* (a merge's result) the value of each field *name* of *sources* (a
    field of :data:`MERGE_FIELDS` -> the record whose value the user chose). The value
    it replaces goes to ``extra['merged:<name>']``; the chosen value, now the
    field's own, is taken out of the ``merged:`` keys. An empty value is no choice:
    a merge never empties a field."""
    for name, src in sources.items():
        value, current = getattr(src, name), getattr(out, name)
        if not value or value == current:
            continue
        setattr(out, name, [dataclasses.replace(c) for c in value] if name == "creators"
                else value)
        key, kept = f"merged:{name}", _stored(name, value)
        for k in [k for k in out.extra if k == key or k.startswith(key + ":")]:
            if out.extra[k] == kept:
                del out.extra[k]
        if current:
            _keep_aside(out.extra, key, _stored(name, current))


@contextmanager
def _gc_paused(pause: bool = True) -> Iterator[None]:
    """The cyclic garbage collector off while many records are built or stored.

    Records hold no reference cycles, but each is some twenty tracked objects,
    and every full collection walks all of them again: loading 50,000 records
    took twice as long with the collector running, and an import of 50,000 RIS
    records took a tenth more CPU (the reader's entries, the records of a chunk,
    the rows of a batch and the undo snapshot are all walked, again and again).
    It is switched back on (if it was on) however the block ends.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_T = TypeVar("_T")


def _chunks(seq: list[_T], n: int) -> Iterator[list[_T]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


__all__ = ["Library", "ImportReport", "ImportCancelled", "MERGE_FIELDS", "apply_choices",
           "merge_records"]
