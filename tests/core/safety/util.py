"""Helpers shared by the data-safety tests."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from pathlib import Path

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record

ROOT = Path(__file__).resolve().parents[3]


def rec(i: int, prefix: str = "Record") -> Record:
    return Record(title=f"{prefix} {i} on reliable storage",
                  creators=[Creator(family=f"Author{i}", given="A.")],
                  issued=PartialDate(1950 + i % 70), container_title="Journal of Tests",
                  abstract="x" * 200)


def make_library(path: Path, n: int, prefix: str = "Record") -> Path:
    """A closed library at *path* with *n* records."""
    with Library.open(path) as lib:
        if n:
            lib.import_records([rec(i, prefix) for i in range(n)], policy="import")
    return path


def titles(path: Path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t for (t,) in con.execute("SELECT title FROM records")}
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity_ok(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def corrupt_pages(path: Path, seed: int = 8) -> None:
    """Overwrite whole pages in the middle of a (checkpointed) database with noise."""
    size = path.stat().st_size
    page = 4096
    pages = size // page
    assert pages >= 8, "need a bigger database to corrupt its middle"
    rnd = random.Random(seed)
    with open(path, "r+b") as fh:
        for pg in range(pages // 3, pages // 3 + max(3, pages // 10)):
            fh.seek(pg * page)
            fh.write(bytes(rnd.randrange(256) for _ in range(page)))
        fh.flush()
        os.fsync(fh.fileno())
