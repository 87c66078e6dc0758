"""Automatic and manual backups of a library, and restoring one.

A backup is a consistent snapshot made with SQLite's online backup API
(``Connection.backup``) from a separate read-only connection, so it holds
exactly the committed state, even while another connection is writing. Each
snapshot is written to a temporary name, checked (``quick_check``), synced to
disk and only then renamed into place: a crash during a backup leaves no
half backup, and a damaged library never produces a "backup" that would push a
good one out of the rotation.

Backups live in ``paths.backup_dir_for(library)`` (``<library>.backups/``) as
``<stem>-<YYYYmmdd-HHMMSS>-<kind>.sqlite`` (local time). Kinds:

- ``startup`` and ``daily``: automatic, rotated: the newest of each of the last
  ``backup_daily_keep`` days and of each of the last ``backup_weekly_keep``
  ISO weeks are kept, and always the newest backup;
- ``manual`` (``refshelf backup create``), ``pre-restore`` (made before every
  restore) and ``pre-migration`` (made before a schema upgrade): never deleted
  automatically.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.core import integrity, paths, schema, settings
from app.core.errors import (
    DamagedLibraryError,
    LibraryError,
    LibraryLockedError,
    NotFoundError,
    ReadOnlyLibraryError,
)

if TYPE_CHECKING:
    from app.core.library import Library

log = logging.getLogger(__name__)

AUTO_KINDS = ("startup", "daily")
KEPT_KINDS = ("manual", "pre-restore", "pre-migration")
KINDS = AUTO_KINDS + KEPT_KINDS
_STAMP = "%Y%m%d-%H%M%S"
_NAME_RX = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})-(?P<kind>" +
                      "|".join(re.escape(k) for k in KINDS) + r")(?:-(?P<n>\d+))?\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    name: str
    path: Path
    created: datetime  # local time, to the second
    kind: str
    size: int
    mtime_ns: int = 0  # breaks ties between backups made in the same second

    @property
    def automatic(self) -> bool:
        return self.kind in AUTO_KINDS

    def record_count(self) -> int | None:
        """How many records (trash included) the backup holds; None if unreadable."""
        try:
            conn = integrity.connect_read_only(self.path)
            try:
                return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error:
            return None


def _lib_path(lib: Library | str | os.PathLike[str]) -> Path:
    return Path(getattr(lib, "path", lib))


def list_backups(lib_path: Library | str | os.PathLike[str]) -> list[BackupInfo]:
    """The backups of the library at *lib_path*, newest first."""
    p = _lib_path(lib_path)
    folder = paths.backup_dir_for(p)
    out: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for e in entries:
        m = _NAME_RX.match(e.name)
        if not m or not e.is_file() or m.group("stem") != p.stem:
            continue
        try:
            created = datetime.strptime(m.group("ts"), _STAMP)
            st = e.stat()
        except (ValueError, OSError):
            continue
        out.append(BackupInfo(e.name, Path(e.path), created, m.group("kind"), st.st_size,
                              st.st_mtime_ns))
    out.sort(key=lambda b: (b.created, b.mtime_ns, b.name), reverse=True)
    return out


def find_backup(lib_path: Library | str | os.PathLike[str], name: str) -> BackupInfo:
    """The backup called *name* (its file name, with or without ``.sqlite``)."""
    want = name if name.endswith(".sqlite") else name + ".sqlite"
    for b in list_backups(lib_path):
        if b.name == want or b.name == os.path.basename(want):
            return b
    raise NotFoundError("there is no backup called {name}; 'refshelf backup list' shows them",
                        name=name)


def backup_usable(path: str | os.PathLike[str]) -> bool:
    """True if the file is a Refshelf library this version can open."""
    try:
        conn = integrity.connect_read_only(path)
    except sqlite3.Error:
        return False
    try:
        v = int(conn.execute("PRAGMA user_version").fetchone()[0])
        return 0 < v <= schema.CURRENT_VERSION and not integrity.foreign_database(conn)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_error(what: str, path: Path, exc: BaseException) -> LibraryError:
    msg = str(exc)
    if getattr(exc, "errno", None) == 28 or "full" in msg:
        return LibraryError("the disk is full: {what} {path} was not made", what=what,
                            path=str(path))
    return LibraryError("{what} {path} failed: {err}", what=what, path=str(path),
                        err=getattr(exc, "strerror", None) or msg)


def snapshot(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    """Copy the database *source* to *dest* consistently (online backup API).

    The copy is checked and synced before it takes *dest*'s name, and is in
    rollback-journal mode, so it is one self-contained file.
    """
    src_p, dest_p = Path(source), Path(dest)
    tmp = dest_p.with_name(f".{dest_p.name}.{os.getpid()}.partial")
    try:
        dest_p.parent.mkdir(parents=True, exist_ok=True)
        src = integrity.connect_read_only(src_p)
        try:
            dst = sqlite3.connect(tmp, isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                problems = integrity.quick_check(dst)
            finally:
                dst.close()
        finally:
            src.close()
        if problems:
            raise DamagedLibraryError(
                "the library {path} is damaged ({problem}); no backup was made, so the "
                "good backups are kept", path=str(src_p), problem=problems[0])
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest_p)
        _fsync_dir(dest_p.parent)
    except (OSError, sqlite3.Error) as exc:
        raise _os_error("the copy", dest_p, exc) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            try:
                leftover.unlink()
            except OSError:
                pass


def _new_name(lib_path: Path, kind: str, now: datetime) -> Path:
    folder = paths.backup_dir_for(lib_path)
    base = f"{lib_path.stem}-{now.strftime(_STAMP)}-{kind}"
    dest = folder / f"{base}.sqlite"
    n = 1
    while dest.exists():
        dest = folder / f"{base}-{n}.sqlite"
        n += 1
    return dest


def create_backup(lib: Library | str | os.PathLike[str], kind: str = "manual",
                  now: datetime | None = None) -> BackupInfo:
    """Make a backup of *lib* (an open Library or a library path) now.

    Automatic kinds are rotated afterwards. Raises LibraryError (disk full,
    folder not writable) or DamagedLibraryError (the library fails its check:
    then nothing is written and no backup is rotated away).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    p = _lib_path(lib)
    if not p.exists():
        raise NotFoundError("the library {path} does not exist", path=str(p))
    now = (now or datetime.now()).replace(microsecond=0)
    dest = _new_name(p, kind, now)
    snapshot(p, dest)
    st = dest.stat()
    info = BackupInfo(dest.name, dest, now, kind, st.st_size, st.st_mtime_ns)
    log.info("backup %s made of %s", dest, p)
    if kind in AUTO_KINDS:
        rotate(p, protect=info.name)
    return info


def rotate(lib_path: Library | str | os.PathLike[str], daily_keep: int | None = None,
           weekly_keep: int | None = None, protect: str = "") -> list[Path]:
    """Delete automatic backups beyond the last *daily_keep* days and *weekly_keep* weeks.

    Per day (and per ISO week) the newest backup is the one kept; the newest
    backup of all is always kept; manual, pre-restore and pre-migration backups
    are never touched, nor the backup named *protect* (the one just made).
    Returns the deleted files.
    """
    if daily_keep is None:
        daily_keep = _setting("backup_daily_keep", 7)
    if weekly_keep is None:
        weekly_keep = _setting("backup_weekly_keep", 4)
    autos = [b for b in list_backups(lib_path) if b.automatic]  # newest first
    if not autos:
        return []
    keep: set[str] = {autos[0].name, protect}
    days: dict[object, str] = {}
    weeks: dict[object, str] = {}
    for b in autos:
        days.setdefault(b.created.date(), b.name)
        weeks.setdefault(b.created.isocalendar()[:2], b.name)
    keep.update(list(days.values())[:max(daily_keep, 0)])
    keep.update(list(weeks.values())[:max(weekly_keep, 0)])
    removed: list[Path] = []
    for b in autos:
        if b.name in keep:
            continue
        try:
            b.path.unlink()
            removed.append(b.path)
        except OSError as exc:
            log.warning("cannot delete old backup %s: %s", b.path, exc)
    if removed:
        log.info("rotated away %d old backup(s) of %s", len(removed), _lib_path(lib_path))
    return removed


def _setting(key: str, default: int) -> int:
    try:
        value = int(settings.get(key))
    except (TypeError, ValueError, KeyError):
        return default
    return max(value, 0)


def _has_content(p: Path) -> bool:
    try:
        conn = integrity.connect_read_only(p)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT (SELECT count(*) FROM records) + "
                           "(SELECT count(*) FROM collections)").fetchone()
        return bool(row and row[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _changed_at(p: Path) -> float:
    """When the library last changed on disk (its file, or a non-empty -wal)."""
    t = p.stat().st_mtime
    wal = p.with_name(p.name + "-wal")
    try:
        st = wal.stat()
        if st.st_size > 0:
            t = max(t, st.st_mtime)
    except OSError:
        pass
    return t


def maybe_backup(lib: Library | str | os.PathLike[str],
                 now: datetime | None = None) -> BackupInfo | None:
    """The daily backup: make one if the library has none from today.

    For the GUI's timer and for every start. Skips read-only and empty
    libraries. Returns the new backup, or None.
    """
    p = _lib_path(lib)
    if getattr(lib, "read_only", False) or not p.exists():
        return None
    today = (now or datetime.now()).date()
    if any(b.created.date() == today for b in list_backups(p)) or not _has_content(p):
        return None
    return create_backup(p, "daily", now)


def backup_on_startup(lib: Library | str | os.PathLike[str],
                      now: datetime | None = None) -> BackupInfo | None:
    """The start-up backup: a snapshot unless nothing changed since the newest backup.

    Call it once when the GUI has opened the library. Skips read-only and
    empty libraries. Returns the new backup, or None.
    """
    p = _lib_path(lib)
    if getattr(lib, "read_only", False) or not p.exists():
        return None
    backups = list_backups(p)
    unchanged = bool(backups) and _changed_at(p) < backups[0].created.timestamp()
    if unchanged or not _has_content(p):
        return None
    return create_backup(p, "startup", now)


def restore_into(lib: Library, name: str) -> Path:
    """Replace the content of the open library *lib* by the backup *name*.

    The current state is backed up first (kind ``pre-restore``); returns that
    backup's path. The copy goes through the backup API into the open
    connection, in one transaction, so other connections (another window)
    see either the old or the restored library, never a mix.
    """
    if lib.read_only:
        raise ReadOnlyLibraryError("the library {path} is open read-only; it cannot be "
                                   "restored", path=str(lib.path))
    info = find_backup(lib.path, name)
    if integrity.check_file(info.path) or not backup_usable(info.path):
        raise LibraryError("the backup {name} is damaged or unusable; choose another",
                           name=info.name)
    pre = create_backup(lib, "pre-restore")
    with lib._lock:
        if lib.conn.in_transaction:
            raise LibraryError("the library {path} is busy; try the restore again",
                               path=str(lib.path))
        src = integrity.connect_read_only(info.path)
        busy = 0

        def progress(status: int, remaining: int, total: int) -> None:
            nonlocal busy
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                busy += 1
                if busy > 2:  # each try already waited busy_timeout
                    raise LibraryLockedError(
                        "the library {path} is busy: another program is writing to it",
                        path=str(lib.path))

        try:
            src.backup(lib.conn, progress=progress)
        except LibraryLockedError:
            raise
        except sqlite3.Error as exc:
            raise _os_error("restoring", lib.path, exc) from exc
        finally:
            src.close()
        schema.migrate(lib.db)
    problems = integrity.quick_check(lib.conn)
    if problems:  # pragma: no cover - the backup was checked just before
        raise LibraryError("the restored library fails its check ({problem}); the state "
                           "before is in {pre}", problem=problems[0], pre=pre.name)
    log.warning("library %s restored from backup %s (state before kept in %s)",
                lib.path, info.name, pre.name)
    return pre.path


def restore_backup(lib_path: str | os.PathLike[str], name: str) -> Path:
    """Restore the library at *lib_path* from backup *name*; returns where the state
    before was kept (a ``pre-restore`` backup, or the damaged file set aside)."""
    from app.core.library import Library

    try:
        lib = Library.open(lib_path)
    except DamagedLibraryError:
        return integrity.recover_from_backup(lib_path, name)
    try:
        return restore_into(lib, name)
    finally:
        lib.close()


# ------------------------------------------------------------------ command line
def _print_list(lib_path: Path, out: TextIO) -> int:
    backups = list_backups(lib_path)
    if not backups:
        print(f"no backups of {lib_path} (they go in {paths.backup_dir_for(lib_path)})",
              file=sys.stderr)
        return 0
    for b in backups:
        n = b.record_count()
        count = "?" if n is None else str(n)
        print(f"{b.name}\t{b.created:%Y-%m-%d %H:%M:%S}\t{b.kind}\t{count} records\t"
              f"{b.size // 1024} KB", file=out)
    return 0


def _run(lib_path: Path, action: str, name: str | None,
         create: Callable[[], BackupInfo], restore: Callable[[str], Path]) -> int:
    out = sys.stdout
    if action == "list":
        return _print_list(lib_path, out)
    if action == "create":
        info = create()
        print(f"backup made: {info.path}", file=out)
        return 0
    if action == "restore":
        if not name:
            print("refshelf: say which backup to restore (see 'refshelf backup list')",
                  file=sys.stderr)
            return 2
        kept = restore(name)
        print(f"restored {find_backup(lib_path, name).name}; the state before is kept "
              f"as {kept}", file=out)
        return 0
    print(f"refshelf: unknown backup action {action!r}", file=sys.stderr)
    return 2


def cli(lib: Library, action: str, name: str | None = None) -> int:
    """``refshelf backup list|create|restore [NAME]`` on an open library."""
    return _run(lib.path, action, name, lambda: create_backup(lib, "manual"),
                lambda n: restore_into(lib, n))


def cli_path(lib_path: str | os.PathLike[str], action: str, name: str | None = None) -> int:
    """The same as :func:`cli` without opening the library first, so that it also
    works on a damaged library (restore then keeps the damaged file aside)."""
    p = Path(lib_path)
    return _run(p, action, name, lambda: create_backup(p, "manual"),
                lambda n: restore_backup(p, n))


__all__ = ["AUTO_KINDS", "BackupInfo", "KINDS", "backup_on_startup", "backup_usable", "cli",
           "cli_path", "create_backup", "find_backup", "list_backups",
           "maybe_backup", "restore_backup", "restore_into", "rotate", "snapshot"]
