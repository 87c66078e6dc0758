"""The library schema: a version in ``PRAGMA user_version`` and ordered migrations.

Each migration is a function that takes the database from version N-1 to N.
They run in one transaction each, so a failed upgrade leaves the file as it was.
``tests/core/fixtures/library_v<N>.sqlite`` keeps a library made by each version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

log = logging.getLogger(__name__)


def _v1(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL DEFAULT 'article-journal',
            title TEXT NOT NULL DEFAULT '',
            creators_display TEXT NOT NULL DEFAULT '',
            author_sort TEXT NOT NULL DEFAULT '',
            title_sort TEXT NOT NULL DEFAULT '',
            container TEXT NOT NULL DEFAULT '',
            container_sort TEXT NOT NULL DEFAULT '',
            year INTEGER,
            citation_key TEXT NOT NULL DEFAULT '',
            doi_norm TEXT NOT NULL DEFAULT '',
            dup_key TEXT NOT NULL DEFAULT '',
            first_family TEXT NOT NULL DEFAULT '',
            has_attachment INTEGER NOT NULL DEFAULT 0,
            date_added TEXT NOT NULL DEFAULT '',
            date_modified TEXT NOT NULL DEFAULT '',
            deleted_at TEXT,
            data TEXT NOT NULL
        )""")
    for col in ("title_sort", "author_sort", "year", "container_sort", "type", "date_added",
                "date_modified", "citation_key", "doi_norm", "dup_key", "deleted_at"):
        db.execute(f"CREATE INDEX idx_records_{col} ON records ({col})")
    db.execute("CREATE TABLE tags (record_id INTEGER NOT NULL REFERENCES records(id), "
               "tag TEXT NOT NULL, UNIQUE (record_id, tag))")
    db.execute("CREATE INDEX idx_tags_tag ON tags (tag)")
    db.execute("CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "parent_id INTEGER REFERENCES collections(id), position INTEGER NOT NULL "
               "DEFAULT 0)")
    db.execute("CREATE TABLE collection_items (collection_id INTEGER NOT NULL REFERENCES "
               "collections(id), record_id INTEGER NOT NULL REFERENCES records(id), "
               "PRIMARY KEY (collection_id, record_id)) WITHOUT ROWID")
    db.execute("CREATE INDEX idx_collection_items_record ON collection_items (record_id)")
    db.execute("CREATE TABLE undo_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT "
               "NULL, state TEXT NOT NULL, created TEXT NOT NULL, payload TEXT NOT NULL)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE VIRTUAL TABLE records_fts USING fts5(title, creators, container, "
               "abstract, keywords, notes, tokenize = 'unicode61 remove_diacritics 2')")


SORT_INDEX_COLUMNS = ("title_sort", "author_sort", "year", "container_sort", "type",
                      "date_added", "date_modified", "citation_key", "has_attachment")


def _v2(db: sqlite_utils.Database) -> None:
    """Sort indexes only over live (not trashed) rows.

    A partial index ``WHERE deleted_at IS NULL`` holds exactly the rows a view
    shows, so a sorted first page is an index walk that stops after 100 rows,
    with no table look-ups. The v1 index on ``deleted_at`` made SQLite pick it
    (it matches nearly every row) and sort in a temporary B-tree instead.
    """
    for col in ("title_sort", "author_sort", "year", "container_sort", "type", "date_added",
                "date_modified", "citation_key", "deleted_at"):
        db.execute(f"DROP INDEX IF EXISTS idx_records_{col}")
    for col in SORT_INDEX_COLUMNS:
        db.execute(f"CREATE INDEX idx_live_{col} ON records ({col}) WHERE deleted_at IS NULL")
    db.execute("CREATE INDEX idx_trash ON records (deleted_at) WHERE deleted_at IS NOT NULL")
    db.execute("ANALYZE")


def _v3(db: sqlite_utils.Database) -> None:
    """A prefix index in the full-text table (1-3 characters).

    Search matches words by prefix as the user types; without a prefix index a
    one-letter query merges the posting lists of every word with that letter
    (half the vocabulary). The content is copied over, not re-derived.
    """
    db.execute("CREATE VIRTUAL TABLE records_fts_v3 USING fts5(title, creators, container, "
               "abstract, keywords, notes, tokenize = 'unicode61 remove_diacritics 2', "
               "prefix = '1 2 3')")
    db.execute("INSERT INTO records_fts_v3 (rowid, title, creators, container, abstract, "
               "keywords, notes) SELECT rowid, title, creators, container, abstract, keywords, "
               "notes FROM records_fts")
    db.execute("DROP TABLE records_fts")
    db.execute("ALTER TABLE records_fts_v3 RENAME TO records_fts")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3]
CURRENT_VERSION = len(MIGRATIONS)


def version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> int:
    """Bring *db* to :data:`CURRENT_VERSION`. Returns the version it had."""
    from app.core.errors import LibraryError

    start = version(db)
    if start > CURRENT_VERSION:
        raise LibraryError("this library was made by a newer Refshelf (schema {v}); "
                           "this version reads up to {cur}", v=start, cur=CURRENT_VERSION)
    for v in range(start + 1, CURRENT_VERSION + 1):
        log.info("migrating library schema to version %d", v)
        db.execute("BEGIN IMMEDIATE")
        if version(db) >= v:  # another process migrated it while we waited for the lock
            db.execute("COMMIT")
            continue
        try:
            MIGRATIONS[v - 1](db)
            db.execute(f"PRAGMA user_version = {v}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return start
