"""Checking a library file before anything writes to it, and recovering from damage.

:func:`ensure_healthy` runs ``PRAGMA quick_check`` on a *separate read-only*
connection when a library opens. A read-write connection is not used for the
check because even opening one can write (a WAL checkpoint when it closes, the
journal mode in the header). A damaged file is never written to: the caller
gets :class:`~app.core.errors.DamagedLibraryError`, whose message names the
newest good backup. :func:`recover_from_backup` then keeps the damaged file
aside (renamed, never deleted) and puts that backup in its place.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import locking
from app.core.errors import DamagedLibraryError, LibraryError

if TYPE_CHECKING:
    from app.core.backup import BackupInfo

log = logging.getLogger(__name__)

# Our own tables: a database with other tables and user_version 0 is not ours.
REFSHELF_TABLES = frozenset({"records", "tags", "collections", "collection_items",
                             "undo_log", "meta", "records_fts"})
MAX_PROBLEMS = 20


def sqlite_uri(path: str | os.PathLike[str], **params: str) -> str:
    """A ``file:`` URI for *path* with its special characters escaped (``?``, ``#``, ``%``)."""
    uri = Path(os.path.abspath(path)).as_uri()
    if params:
        uri += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return uri


def connect_read_only(path: str | os.PathLike[str], timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection that never writes to *path* (nor checkpoints its WAL).

    On a read-only folder a WAL library cannot get its ``-shm`` file; if no
    ``-wal`` file is there (the library was closed cleanly, so everything is in
    the main file) it is opened as immutable.
    """
    p = Path(path)
    try:
        conn = sqlite3.connect(sqlite_uri(p, mode="ro"), uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        wal = p.with_name(p.name + "-wal")
        if "unable to open" not in str(exc) or (wal.exists() and wal.stat().st_size > 0):
            raise
    conn = sqlite3.connect(sqlite_uri(p, mode="ro", immutable="1"), uri=True,
                           timeout=timeout, isolation_level=None, check_same_thread=False)
    return conn


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """The problems ``PRAGMA quick_check`` finds (empty if the database is sound)."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else [str(r) for r in rows]


def check_file(path: str | os.PathLike[str]) -> list[str]:
    """The problems of the library file at *path*; ``[]`` if it is sound.

    A missing or empty file is sound (a new library). A file that is not an
    SQLite database gives ``["file is not a database"]``.
    """
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return []
    try:
        conn = connect_read_only(p)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    try:
        return quick_check(conn)
    finally:
        conn.close()


def foreign_database(conn: sqlite3.Connection) -> bool:
    """True if *conn* is an SQLite database made by something else (e.g. Zotero's).

    Refshelf must not add its tables to such a file.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version != 0:
        return False
    names = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'")}
    return bool(names - REFSHELF_TABLES - {n for n in names if n.startswith("records_fts")})


def newest_good_backup(path: str | os.PathLike[str]) -> BackupInfo | None:
    """The newest backup of the library at *path* that passes ``quick_check``."""
    from app.core import backup

    for info in backup.list_backups(path):
        if not check_file(info.path) and backup.backup_usable(info.path):
            return info
    return None


def damaged_error(path: str | os.PathLike[str], problems: list[str]) -> DamagedLibraryError:
    """The error for a damaged library, offering the newest good backup."""
    good = newest_good_backup(path)
    lines = [x for p in problems for x in p.splitlines() if x and not x.startswith("***")]
    problem = lines[0] if lines else "unknown damage"
    if good is None:
        err = DamagedLibraryError(
            "the library {path} is damaged ({problem}). Nothing has been written to it, and "
            "there is no good backup. Keep the file: much of it can often be saved with "
            "the sqlite3 tool's .recover command", path=str(path), problem=problem)
    else:
        err = DamagedLibraryError(
            "the library {path} is damaged ({problem}). Nothing has been written to it. "
            "The newest good backup is {backup} from {when}: restore it with "
            "'refshelf backup restore {backup}' or from the Backups dialog; the damaged "
            "file is then kept aside, not deleted", path=str(path), problem=problem,
            backup=good.name, when=good.created.strftime("%Y-%m-%d %H:%M"))
    err.problems = list(problems)  # type: ignore[attr-defined]
    err.backup = good  # type: ignore[attr-defined]
    return err


def ensure_healthy(path: str | os.PathLike[str]) -> None:
    """Raise :class:`DamagedLibraryError` if the library at *path* fails ``quick_check``."""
    problems = check_file(path)
    if problems:
        log.error("library %s failed its integrity check: %s", path, "; ".join(problems))
        raise damaged_error(path, problems)


def _companions(p: Path) -> list[tuple[Path, str]]:
    """The files that belong to a database: itself, its -wal and its -shm (and suffix)."""
    return [(p, ""), (p.with_name(p.name + "-wal"), "-wal"), (p.with_name(p.name + "-shm"), "-shm")]


def _set_aside(p: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        tail = f"-{n}" if n else ""
        aside = p.with_name(f"{p.stem}.damaged-{stamp}{tail}{p.suffix}")
        if not any(aside.with_name(aside.name + sfx).exists() for _, sfx in _companions(p)):
            break
        n += 1
    try:
        # The -wal goes with the file: it may hold committed changes worth salvaging.
        for src, sfx in _companions(p):
            if src.exists():
                os.replace(src, aside.with_name(aside.name + sfx))
    except OSError as exc:
        raise LibraryError("cannot move the damaged library {path} aside: {err}",
                           path=str(p), err=exc.strerror or str(exc)) from exc
    log.warning("damaged library %s kept aside as %s", p, aside)
    return aside


def set_aside_damaged(path: str | os.PathLike[str]) -> Path:
    """Rename the (damaged) library file and its ``-wal``/``-shm`` to a kept-aside name.

    Returns the new path (``<stem>.damaged-<date>-<time><suffix>``). Nothing is
    deleted. Raises LibraryLockedError if another process has the library open.
    """
    p = Path(path)
    with locking.exclusive(p):
        return _set_aside(p)


def recover_from_backup(path: str | os.PathLike[str], name: str | None = None) -> Path:
    """Replace the damaged library at *path* by a backup (*name*, or the newest good one).

    The damaged file is kept aside first (see :func:`set_aside_damaged`);
    returns where it went. Raises LibraryError if there is no good backup.
    """
    from app.core import backup

    p = Path(path)
    with locking.exclusive(p):
        if name is not None:
            info = backup.find_backup(p, name)
            problems = check_file(info.path)
            if problems or not backup.backup_usable(info.path):
                raise LibraryError("the backup {name} is damaged or unusable; choose another",
                                   name=info.name)
        else:
            found = newest_good_backup(p)
            if found is None:
                raise LibraryError("there is no good backup of {path} to recover from",
                                   path=str(p))
            info = found
        aside = _set_aside(p) if p.exists() else p
        try:
            backup.snapshot(info.path, p)
        except BaseException:
            # put the damaged file back where it was rather than leave nothing there
            if aside != p and not p.exists():
                for _src, sfx in _companions(p):
                    moved = aside.with_name(aside.name + sfx)
                    if moved.exists():
                        os.replace(moved, p.with_name(p.name + sfx))
            raise
        log.warning("library %s recovered from backup %s", p, info.name)
        return aside


__all__ = ["check_file", "connect_read_only", "damaged_error", "ensure_healthy",
           "foreign_database", "newest_good_backup", "quick_check", "recover_from_backup",
           "set_aside_damaged", "sqlite_uri"]
