"""A lock file beside the library, so that file-level surgery never happens under
another process.

SQLite's own locking already keeps concurrent *writes* safe: every write is a
``BEGIN IMMEDIATE`` transaction, a second writer waits up to ``busy_timeout``
and then gets :class:`~app.core.errors.LibraryLockedError`. What SQLite cannot
guard is work on the *file* itself: setting a damaged library aside (a rename)
and putting a backup in its place. If another Refshelf process still had the
file open, it would go on writing into the renamed file and its changes would
silently end up outside the library.

So every process that opens a library for writing holds a *shared* advisory
lock on ``<library>.lock`` (``flock``), and file-level operations take an
*exclusive* lock, which fails at once, with a message, while anyone else has
the library open.

On Windows ``fcntl`` does not exist; there the lock is a no-op, and Windows'
own rule that a file opened by SQLite cannot be renamed gives the same
protection (the rename fails with a message).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.errors import LibraryLockedError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


def lock_path_for(library_path: str | os.PathLike[str]) -> Path:
    """``<library>.lock`` beside the library file."""
    p = Path(library_path)
    return p.with_name(p.name + ".lock")


class LibraryLock:
    """An advisory lock on ``<library>.lock``: shared for users, exclusive for surgery.

    The lock file is never deleted (deleting a lock file that others may hold
    open is racy); it is empty and harmless.
    """

    def __init__(self, library_path: str | os.PathLike[str]) -> None:
        self.library_path = Path(library_path)
        self.path = lock_path_for(library_path)
        self._fd: int | None = None
        self.exclusive = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, exclusive: bool = False) -> bool:
        """Take the lock without waiting.

        Returns False if the lock file cannot be created (a read-only folder:
        nobody can write there, so there is nothing to guard). Raises
        :class:`LibraryLockedError` if another process holds a conflicting lock.
        """
        if self._fd is not None:
            raise RuntimeError("lock already held")
        if fcntl is None:  # pragma: no cover - Windows
            return False
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            log.debug("no lock file %s: %s", self.path, exc)
            return False
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exclusive:
                raise LibraryLockedError(
                    "the library {path} is open in another Refshelf window or command; "
                    "close it there first", path=str(self.library_path)) from exc
            raise LibraryLockedError(
                "the library {path} is being restored or repaired by another Refshelf "
                "process; try again when it has finished", path=str(self.library_path)) from exc
        self._fd = fd
        self.exclusive = exclusive
        return True

    def release(self) -> None:
        """Let go of the lock (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __del__(self) -> None:
        try:
            self.release()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass


@contextmanager
def exclusive(library_path: str | os.PathLike[str]) -> Iterator[LibraryLock]:
    """Hold the exclusive lock for file-level work; LibraryLockedError if anyone has it open."""
    lock = LibraryLock(library_path)
    lock.acquire(exclusive=True)
    try:
        yield lock
    finally:
        lock.release()


class LockedConnection(sqlite3.Connection):
    """An sqlite3 connection that lets go of its library's :class:`LibraryLock` when closed.

    Pass it as ``factory=`` to :func:`sqlite3.connect`, then set ``file_lock``.
    """

    file_lock: LibraryLock | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            lock, self.file_lock = self.file_lock, None
            if lock is not None:
                lock.release()


__all__ = ["LibraryLock", "LockedConnection", "exclusive", "lock_path_for"]
