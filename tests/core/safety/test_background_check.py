"""Opening with the integrity check in the background (what the window does): the
library can be read at once, and nothing is written before the check has passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import schema
from app.core.errors import DamagedLibraryError
from app.core.library import Library

from .util import corrupt_pages, make_library, rec, sha


def test_healthy_library_opens_and_writes_after_the_check(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 50)
    with Library.open(p, check_in_background=True) as lib:
        assert lib.count() == 50
        lib.add(rec(1000))
        assert lib.check_result() == []  # a write waited for the check
        assert lib.count() == 51


def test_damaged_library_opens_for_reading_but_is_never_written(tmp_path: Path) -> None:
    p = make_library(tmp_path / "lib.sqlite", 400)
    corrupt_pages(p)
    before = sha(p)
    try:
        lib = Library.open(p, check_in_background=True)
    except DamagedLibraryError:
        pytest.skip("this damage already stops the opening")  # then nothing was written
    try:
        with pytest.raises(DamagedLibraryError) as err:
            lib.add(rec(1000))
        assert str(p) in err.value.message and "damaged" in err.value.message
        assert lib.check_result()  # the problems the check found
        with pytest.raises(DamagedLibraryError):
            lib.delete([1])
    finally:
        lib.close()  # no PRAGMA optimize into it either
    assert sha(p) == before


def test_new_library_needs_no_check(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new.sqlite", check_in_background=True) as lib:
        assert lib.check_result() == []
        lib.add(rec(1))
        assert lib.count() == 1


def test_library_that_needs_an_upgrade_is_checked_before_it(tmp_path: Path) -> None:
    """No background check: the upgrade writes, so the file is checked first."""
    src = Path(__file__).resolve().parents[1] / "fixtures" / "library_v1.sqlite"
    p = tmp_path / "old.sqlite"
    p.write_bytes(src.read_bytes())
    with Library.open(p, check_in_background=True) as lib:
        assert lib._checked is None  # checked when it opened, before the upgrade
        assert schema.version(lib.db) == schema.CURRENT_VERSION


def test_damaged_library_with_changes_in_its_wal_keeps_both_untouched(tmp_path: Path) -> None:
    """Closing the last connection would copy the WAL into the damaged file: not here."""
    import subprocess
    import sys

    p = make_library(tmp_path / "lib.sqlite", 400)
    corrupt_pages(p)
    wal = p.with_name(p.name + "-wal")
    # a process that committed into the WAL and died before any checkpoint
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"INSERT INTO meta (key, value) VALUES ('walled', 'yes')\"); c.commit(); "
        "os._exit(0)"), str(p)], check=True)
    assert wal.exists() and wal.stat().st_size > 0
    before, before_wal = sha(p), sha(wal)
    try:
        lib = Library.open(p, check_in_background=True)
    except DamagedLibraryError:
        pytest.skip("this damage already stops the opening")
    with pytest.raises(DamagedLibraryError):
        lib.add(rec(1000))
    lib.close()
    assert sha(p) == before
    assert wal.exists() and sha(wal) == before_wal
