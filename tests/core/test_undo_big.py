"""Undo and redo of big operations: an import of thousands of records, trash and
restore of many, emptying a full trash. The state after undo must be exactly the
state before (rows, full-text index, tags, collections, the index definitions),
and payloads written by earlier versions must still undo."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LATIN = "river stone glacier meadow harbor lantern orchard copper falcon willow".split()
CJK = ["数字", "人文", "研究", "方法", "社会", "经济", "教育", "网络"]


def make(i: int) -> Record:
    """A record whose words depend on *i*: every third one has a Chinese title and
    author, every fifth has tags."""
    if i % 3 == 0:
        title = CJK[i % 8] + CJK[(i // 8) % 8] + "的" + CJK[(i // 64) % 8]
        creators = [Creator(family="王李张刘"[i % 4], given="小明")]
    else:
        title = f"The {LATIN[i % 10]} and the {LATIN[(i // 10) % 10]} number {i}"
        creators = [Creator(family=f"Family{i % 37}", given="Ann")]
    return Record(title=title, creators=creators, issued=PartialDate(1990 + i % 30),
                  container_title=f"Journal {i % 11}", abstract=f"abstract text {i} " * 5,
                  tags=["big", f"t{i % 4}"] if i % 5 == 0 else [])


def dump(library: Library) -> list[tuple]:
    """Everything stored, to compare library states exactly."""
    c = library.conn
    return [
        tuple(c.execute("SELECT * FROM records ORDER BY id")),
        tuple(c.execute("SELECT record_id, tag FROM tags ORDER BY record_id, rowid")),
        tuple(c.execute("SELECT * FROM collections ORDER BY id")),
        tuple(c.execute("SELECT * FROM collection_items ORDER BY 1, 2")),
        tuple(c.execute("SELECT rowid, * FROM records_fts ORDER BY rowid")),
        # the full-text settings (an import writes the defaults it changed back)
        {"automerge": 4, "hashsize": 1024 * 1024,
         **dict(c.execute("SELECT k, v FROM records_fts_config"))},
        # the tables and indexes (a full-text table made anew quotes the names of its
        # own tables in another way: the same tables)
        tuple((t, n, tbl, sql.replace("'", '"') if n.startswith("records_fts_") else sql)
              for t, n, tbl, sql in c.execute(
                  "SELECT type, name, tbl_name, sql FROM sqlite_master "
                  "WHERE name NOT LIKE 'sqlite_%' ORDER BY name")),
    ]


def searches(library: Library) -> dict[str, list[int]]:
    queries = ["人文", "研究方法", "wang", "glacier", "meadow falcon", "number 17", "tag:big",
               "journal", "abstract"]
    return {q: library.query_ids(q, sort="id") for q in queries}


def old_snapshot(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, object]]:
    """A record snapshot as Refshelf wrote it before undo was batched (one query
    per table per record, the whole row)."""
    snaps: list[dict[str, object]] = []
    for rid in ids:
        cur = conn.execute("SELECT * FROM records WHERE id = ?", (rid,))
        row = cur.fetchone()
        names = [d[0] for d in cur.description]
        snaps.append({
            "id": rid, "row": dict(zip(names, row, strict=True)),
            "tags": [t for (t,) in conn.execute(
                "SELECT tag FROM tags WHERE record_id=? ORDER BY rowid", (rid,))],
            "collections": [x for (x,) in conn.execute(
                "SELECT collection_id FROM collection_items WHERE record_id=?", (rid,))],
        })
    return snaps


def _existing(library: Library, n: int) -> list[int]:
    """*n* records already in the library: tagged, one in a collection, one trashed;
    a full-text setting of its own."""
    library.conn.execute("INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 8)")
    if not n:
        return []
    ids = library.import_records([make(100_000 + i) for i in range(n)], policy="import").added
    cid = library.create_collection("Kept").value
    library.add_to_collection(cid, ids[:3])
    library.add_tags(ids[:2], ["old"])
    library.trash([ids[-1]])
    return ids


# 0 before: the whole library goes (full-text table made anew); 40: most of it goes
# (the remaining entries are copied); 2500: a third goes (deleted entry by entry)
@pytest.mark.parametrize("existing", [0, 40, 2500])
def test_undo_redo_of_a_big_import_restores_every_state(lib: Library, existing: int) -> None:
    _existing(lib, existing)
    before, before_search = dump(lib), searches(lib)
    report = lib.import_records([make(i) for i in range(1500)], policy="import")
    added = set(report.added)
    assert len(added) == 1500
    cid = lib.create_collection("New").value
    lib.add_to_collection(cid, sorted(added)[::7])
    lib.undo()
    lib.undo()
    after, after_search = dump(lib), searches(lib)
    # what the searches find among the new records, from their titles
    assert {i for i in after_search["人文"] if i in added} == {
        r for r, t in lib.rows(sorted(added), ["title"]).items() if "人文" in t[0]}
    assert {i for i in after_search["glacier"] if i in added} == {
        r for r, t in lib.rows(sorted(added), ["title"]).items() if "glacier" in t[0]}

    res = lib.undo()
    assert res.value == report.changes.label
    assert res.changes.removed == added
    assert not (res.changes.added or res.changes.modified or res.changes.restored)
    assert dump(lib) == before
    assert searches(lib) == before_search

    res = lib.redo()
    assert res.changes.added == added
    assert not (res.changes.removed or res.changes.modified or res.changes.restored)
    assert dump(lib) == after
    assert searches(lib) == after_search
    lib.redo()
    lib.redo()
    assert sorted(lib.query_ids(collection=cid)) == sorted(added)[::7]
    lib.undo()
    lib.undo()
    lib.undo()  # and back again, from the payload the first undo wrote
    assert dump(lib) == before


def test_trash_restore_of_many_and_their_undo(lib: Library) -> None:
    ids = lib.import_records([make(i) for i in range(2000)], policy="import").added
    cid = lib.create_collection("C").value
    lib.add_to_collection(cid, ids[:500])
    lib.trash(ids[:100])  # already in the trash, with an earlier stamp
    start, start_search = dump(lib), searches(lib)

    res = lib.trash(ids)  # select all -> Delete: only the live ones move
    assert res.value == 1900 and res.changes.removed == set(ids[100:])
    trashed = dump(lib)
    assert lib.count() == 0 and lib.count(trash=True) == 2000
    payload = lib.conn.execute("SELECT payload FROM undo_log ORDER BY seq DESC LIMIT 1"
                               ).fetchone()[0]
    assert '"row"' not in payload  # the flag is saved, not 1,900 whole records

    res = lib.undo()
    assert res.changes.restored == set(ids[100:])
    assert not (res.changes.added or res.changes.removed or res.changes.modified)
    assert dump(lib) == start and searches(lib) == start_search
    res = lib.redo()
    assert res.changes.removed == set(ids[100:]) and dump(lib) == trashed
    lib.undo()

    res = lib.restore(ids)  # only the trashed ones come back
    assert res.value == 100 and res.changes.restored == set(ids[:100])
    restored = dump(lib)
    res = lib.undo()
    assert res.changes.removed == set(ids[:100])
    assert dump(lib) == start
    res = lib.redo()
    assert res.changes.restored == set(ids[:100]) and dump(lib) == restored


def test_emptying_a_big_trash_undoes(lib: Library) -> None:
    keep = lib.import_records([make(i) for i in range(300)], policy="import").added
    gone = lib.import_records([make(1000 + i) for i in range(1700)], policy="import").added
    lib.add_to_collection(lib.create_collection("C").value, [*keep[:5], *gone[:5]])
    lib.trash(gone)
    before = dump(lib)
    res = lib.empty_trash()
    assert res.value == 1700 and res.changes.removed == set(gone)
    assert lib.count(trash=True) == 0 and lib.count() == 300
    assert lib.query_ids("glacier", scope="trash") == []
    emptied = dump(lib)
    res = lib.undo()
    assert res.changes.added == set(gone)
    assert dump(lib) == before
    res = lib.redo()
    assert res.changes.removed == set(gone) and dump(lib) == emptied


def test_old_trash_payload_of_many_still_undoes(lib: Library) -> None:
    """A trash logged the way earlier versions did (every record whole)."""
    ids = lib.import_records([make(i) for i in range(1200)], policy="import").added
    lib.add_to_collection(lib.create_collection("C").value, ids[:10])
    start = dump(lib)
    snaps = old_snapshot(lib.conn, ids)
    with lib.transaction() as c:
        c.execute("UPDATE records SET deleted_at = '2025-01-01T00:00:00Z'")
        c.execute("INSERT INTO undo_log (label, state, created, payload) VALUES "
                  "('Move 1200 records to trash', 'done', '2025-01-01T00:00:00Z', ?)",
                  (json.dumps({"records": snaps, "collections": []}, ensure_ascii=False),))
    trashed = dump(lib)
    res = lib.undo()
    assert res.value == "Move 1200 records to trash"
    assert res.changes.restored == set(ids)
    assert not (res.changes.added or res.changes.removed or res.changes.modified)
    assert dump(lib) == start
    res = lib.redo()
    assert res.changes.removed == set(ids)
    assert dump(lib) == trashed


def test_old_library_payloads_undo(tmp_path: Path) -> None:
    """The undo log of a library written by an earlier version (fixture): an edit,
    then a trash with its whole record, are undone and redone."""
    work = tmp_path / "v3.sqlite"
    shutil.copyfile(FIXTURES / "library_v3.sqlite", work)
    with Library.open(work) as old:
        assert old.is_trashed(4)
        title = old.get(3).title
        assert old.undo().value == "Edit title"
        assert old.get(3).title != title
        res = old.undo()
        assert res.value == "Move to trash" and res.changes.restored == {4}
        assert not old.is_trashed(4) and 4 in old.query_ids("deleted kept trash")
        res = old.redo()
        assert res.changes.removed == {4} and old.is_trashed(4)
        old.redo()
        assert old.get(3).title == title


def test_a_failed_undo_or_redo_leaves_the_library_as_it_was(
        lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    lib.import_records([make(i) for i in range(1200)], policy="import")

    def state() -> list[object]:
        return [dump(lib), list(lib.conn.execute("SELECT * FROM undo_log ORDER BY seq"))]

    def fail(*_a: object) -> None:
        raise RuntimeError("power cut")

    # the last step of a restore: the records are deleted (or written) and the
    # full-text table made anew before it
    monkeypatch.setattr(Library, "_restore_collections", fail)
    imported = state()
    with pytest.raises(RuntimeError):
        lib.undo()
    assert state() == imported
    monkeypatch.undo()
    lib.undo()
    assert lib.count() == 0
    undone = state()
    monkeypatch.setattr(Library, "_restore_collections", fail)
    with pytest.raises(RuntimeError):
        lib.redo()
    assert state() == undone
    monkeypatch.undo()
    lib.redo()
    assert dump(lib) == imported[0]


def test_trash_counts_each_record_once(lib: Library) -> None:
    a, b = lib.import_records([make(1), make(2)], policy="import").added
    res = lib.trash([a, a, b, 999_999])
    assert res.value == 2 and res.changes.removed == {a, b}
    assert lib.undo_label() == "Move 2 records to trash"


def test_undo_of_changes_to_kept_records_restores_them_exactly(lib: Library) -> None:
    """Records that exist before and after: tags, data, trash flag and memberships
    differ in turn; each undo and redo gives exactly the state of that step."""
    ids = lib.import_records([make(i) for i in range(1000)], policy="import").added
    cid = lib.create_collection("C").value
    lib.add_to_collection(cid, ids[:20])
    states = [dump(lib)]
    steps = [
        lambda: lib.add_tags(ids, ["zebra"]),  # every full-text entry made again
        lambda: lib.remove_tags(ids[:50], ["big"]),
        lambda: lib.set_field(ids[3], "title", "A renamed glacier"),
        lambda: lib.merge(ids[1], ids[2]),
        lambda: lib.remove_from_collection(cid, ids[:5]),
    ]
    for step in steps:
        step()
        states.append(dump(lib))
    assert lib.query_ids("zebra", sort="id") == [i for i in ids if i != ids[2]]
    res = lib.undo()  # the collection
    assert dump(lib) == states[4]
    res = lib.undo()  # the merge
    assert res.changes.modified == {ids[1]} and res.changes.restored == {ids[2]}
    assert not (res.changes.added or res.changes.removed)
    assert dump(lib) == states[3]
    for i in (2, 1, 0):
        lib.undo()
        assert dump(lib) == states[i]
    assert lib.query_ids("zebra") == []
    for i in range(1, 6):
        lib.redo()
        assert dump(lib) == states[i]
