"""A library that cannot be written opens read-only and says so.

Tests run as root in CI, and root ignores file permissions (``chmod 444`` does
not stop it). So each case runs the real way where it can:

- not root: ``chmod`` the file (444) or its folder (555);
- root: a real read-only file system (a small tmpfs remounted ``ro``), which
  stops root too; where mounting is not allowed (an unprivileged container),
  ``os.access`` is made to answer as it would for a read-only file or folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import ReadOnlyLibraryError
from app.core.library import Library

from .util import make_library, rec, sha

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    try:
        return subprocess.run(["mount", *args], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture
def read_only_fs(tmp_path: Path) -> Iterator[Path | None]:
    """A folder on a tmpfs that the test can later remount read-only (None if not allowed)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not IS_ROOT or not _mount("-t", "tmpfs", "-o", "size=8M", "tmpfs", str(mnt)):
        yield None
        return
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)


def _deny_write(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    real = os.access

    def access(path: object, mode: int, *a: object, **kw: object) -> bool:
        if mode & os.W_OK and Path(os.fspath(path)) == target:  # type: ignore[arg-type]
            return False
        return real(path, mode, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def check_read_only(p: Path, reason: str) -> None:
    before = sha(p)
    with Library.open(p) as lib:
        assert lib.read_only
        assert lib.read_only_reason == reason  # type: ignore[attr-defined]
        assert lib.count() == 12
        assert lib.search("Record")
        with pytest.raises(ReadOnlyLibraryError) as err:
            lib.add(rec(99, "Refused"))
        assert "read-only" in err.value.message and str(p) in err.value.message
        with pytest.raises(ReadOnlyLibraryError):
            lib.trash([1])
    assert sha(p) == before


def test_read_only_on_request(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 12)
    before = sha(p)
    with Library.open(p, read_only=True) as lib:
        assert lib.read_only
        with pytest.raises(ReadOnlyLibraryError, match="open read-only"):
            lib.add(rec(1))
        with pytest.raises(ReadOnlyLibraryError):
            lib.undo()
    assert sha(p) == before


def test_read_only_file(tmp_path: Path, read_only_fs: Path | None,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    if not IS_ROOT:
        p = make_library(tmp_path / "lib.sqlite", 12)
        p.chmod(0o444)
        try:
            check_read_only(p, "the file is read-only")
        finally:
            p.chmod(0o644)
        return
    if read_only_fs is not None:
        # root: a read-only file system refuses root as well
        p = make_library(read_only_fs / "lib.sqlite", 12)
        if _mount("-o", "remount,ro", str(read_only_fs)):
            assert not os.access(p, os.W_OK)
            check_read_only(p, "the file is read-only")
            return
    p = make_library(tmp_path / "lib.sqlite", 12)
    _deny_write(monkeypatch, p)
    check_read_only(p, "the file is read-only")


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    p = make_library(folder / "lib.sqlite", 12)
    shutil.rmtree(folder / "lib.sqlite.backups", ignore_errors=True)
    assert not (folder / "lib.sqlite-wal").exists()
    if IS_ROOT:
        _deny_write(monkeypatch, folder)
        check_read_only(p, "its folder is read-only")
        return
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        check_read_only(p, "its folder is read-only")
        assert sorted(x.name for x in folder.iterdir()) == ["lib.sqlite", "lib.sqlite.lock"]
    finally:
        folder.chmod(0o755)
