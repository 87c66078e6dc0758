"""Every library file an earlier Refshelf made still opens, reads and upgrades.

One fixture per schema version lives in tests/core/fixtures (made by
make_fixtures.py with that version's code); this test grows with them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core import backup, schema
from app.core.library import Library

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONED = sorted(FIXTURES.glob("library_v*.sqlite"),
                   key=lambda p: int(p.stem.removeprefix("library_v")))


def test_there_is_a_fixture_for_every_schema_version() -> None:
    versions = [int(p.stem.removeprefix("library_v")) for p in VERSIONED]
    assert versions == list(range(1, schema.CURRENT_VERSION + 1)), (
        "run tests/core/fixtures/make_fixtures.py after raising CURRENT_VERSION")


@pytest.mark.parametrize("fixture", VERSIONED, ids=lambda p: p.stem)
def test_old_library_opens_reads_and_migrates(fixture: Path, tmp_path: Path) -> None:
    expected = json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))
    raw = sqlite3.connect(fixture)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == expected["schema_version"]
    raw.close()
    work = tmp_path / "library.sqlite"
    shutil.copyfile(fixture, work)

    lib = Library.open(work)
    try:
        assert schema.version(lib.db) == schema.CURRENT_VERSION
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if expected["schema_version"] < schema.CURRENT_VERSION:
            kinds = [b.kind for b in backup.list_backups(work)]
            assert "pre-migration" in kinds  # the upgrade was preceded by a backup

        live = {r.title: r for r in lib.get_many(lib.query_ids(""))}
        trashed = {r.title: r for r in lib.get_many(lib.trash_ids())}
        for want in expected["records"]:
            where = trashed if want.get("trashed") else live
            assert want["title"] in where, want["title"]
            rec = where[want["title"]]
            assert rec.year == want["year"]
            assert rec.container_title == want["container"]
            assert rec.doi == want["doi"]
            assert [c.to_dict() | {"role": "author"} for c in rec.creators] == [
                dict(c, role="author") for c in want["creators"]]
            assert sorted(rec.tags) == sorted(want["tags"])
        assert len(live) + len(trashed) == len(expected["records"])

        names = {cid: name for cid, name, _parent in lib.collections()}
        by_name = {name: cid for cid, name in names.items()}
        parents = {name: parent for _cid, name, parent in lib.collections()}
        for full, (parent, titles) in expected["collections"].items():
            leaf = full.split("/")[-1]
            assert leaf in by_name
            assert parents[leaf] == (by_name[parent.split("/")[-1]] if parent else None)
            ids = lib.query_ids("", collection=by_name[leaf])
            got = {r.title for r in lib.get_many(ids)}
            assert set(titles) <= got

        # search (FTS) works on the migrated file, CJK too
        assert [r.title for r in lib.search("中国")] == ["中国古代文学史"]
        # the undo history survives and still works
        undo = expected["undo"]
        assert lib.undo_label() == undo["label"]
        assert lib.undo().value == undo["label"]
        assert undo["title_after_undo"] in {r.title for r in lib.get_many(lib.query_ids(""))}
        # and the library takes new writes
        from app.core.records import Record

        new_id = lib.add(Record(title="Written after the upgrade")).value
        assert lib.get(new_id).title == "Written after the upgrade"
    finally:
        lib.close()
