"""Library operations and their undo, trash, duplicates, merge, keys, transactions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.core import schema
from app.core.errors import LibraryError, NotFoundError
from app.core.library import ImportCancelled, Library, merge_records
from app.core.records import Creator, PartialDate, Record


def rec(title: str, family: str = "Smith", given: str = "J.", year: int = 2020, **kw: object
        ) -> Record:
    return Record(title=title, creators=[Creator(family=family, given=given)],
                  issued=PartialDate(year), **kw)  # type: ignore[arg-type]


def dump(library: Library) -> list[tuple]:
    """Everything a user could see, to compare library states exactly."""
    c = library.conn
    return [
        tuple(c.execute("SELECT * FROM records ORDER BY id")),
        tuple(c.execute("SELECT * FROM tags ORDER BY record_id, tag")),
        tuple(c.execute("SELECT * FROM collections ORDER BY id")),
        tuple(c.execute("SELECT * FROM collection_items ORDER BY 1, 2")),
        tuple(c.execute("SELECT rowid, * FROM records_fts ORDER BY rowid")),
    ]


def test_schema_version_wal_and_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         refshelf_home: Path) -> None:
    lib = Library.open()
    assert lib.path == refshelf_home / "data" / "library.sqlite"
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema.version(lib.db) == schema.CURRENT_VERSION
    lib.close()
    monkeypatch.setenv("REFSHELF_LIBRARY", str(tmp_path / "env.sqlite"))
    with Library.open() as lib2:
        assert lib2.path == tmp_path / "env.sqlite"
    with Library.open(tmp_path / "arg.sqlite") as lib3:  # --library wins over the env
        assert lib3.path == tmp_path / "arg.sqlite"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "new.sqlite"
    con = sqlite3.connect(p)
    con.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    con.close()
    with pytest.raises(LibraryError, match="newer Refshelf"):
        Library.open(p)


def test_add_get_roundtrip_keeps_every_field(lib: Library) -> None:
    r = Record(type="book", title="数字人文", title_translated="Digital humanities",
               creators=[Creator(literal="王小明"), Creator(family="Li", given="Hua",
                                                          role="translator")],
               issued=PartialDate(2021, 3), publisher="中华书局", place="北京", isbn="978-7-101",
               language="zh-CN", abstract="摘要", abstract_translated="Abstract",
               keywords=["人文", "digital"], notes=["a note"], tags=["to-read"],
               extra={"bibtex:foo": "bar"}, doi="10.1000/X")
    rid = lib.add(r).value
    got = lib.get(rid)
    for name in ("type", "title", "title_translated", "creators", "issued", "publisher", "place",
                 "isbn", "language", "abstract", "abstract_translated", "keywords", "notes",
                 "tags", "extra", "doi"):
        assert getattr(got, name) == getattr(r, name), name
    assert got.date_added and got.date_modified and got.citation_key == "Wang2021Shuzi"


def test_edit_and_undo_redo(lib: Library) -> None:
    rid = lib.add(rec("Original title")).value
    before = dump(lib)
    res = lib.set_field(rid, "title", "Edited title")
    assert res.changes.modified == {rid}
    assert lib.get(rid).title == "Edited title"
    assert lib.query_ids("edited") == [rid]
    after = dump(lib)
    assert lib.undo().value == "Edit title"
    assert dump(lib) == before
    assert lib.query_ids("edited") == [] and lib.query_ids("original") == [rid]
    assert lib.redo().value == "Edit title"
    assert dump(lib) == after
    assert lib.redo().value is None  # nothing more to redo


def test_new_operation_clears_redo(lib: Library) -> None:
    rid = lib.add(rec("A")).value
    lib.set_field(rid, "title", "B")
    lib.undo()
    assert lib.redo_label() == "Edit title"
    lib.set_field(rid, "volume", "3")
    assert lib.redo_label() is None


def test_import_undo_removes_everything_it_added(lib: Library) -> None:
    lib.add(rec("Existing"))
    before = dump(lib)
    report = lib.import_records([rec(f"Paper {i}", year=2000 + i) for i in range(50)])
    assert len(report.added) == 50
    assert lib.undo().value == "Import"
    assert dump(lib) == before
    lib.redo()
    assert lib.count() == 51


def test_exception_halfway_through_import_leaves_library_as_before(
        lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    lib.import_records([rec("Keep me"), rec("And me", family="Doe")])
    before = dump(lib)
    undo_before = lib.undo_label()
    calls = {"n": 0}
    original = Library._row_values
    inserted: list[int] = []

    def failing(self: Library, r: Record, **kw: object) -> tuple:
        calls["n"] += 1
        if calls["n"] == 1500:
            inserted.append(self.count())
            raise RuntimeError("disk on fire")
        return original(self, r, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "_row_values", failing)
    with pytest.raises(RuntimeError):
        lib.import_records([rec(f"New {i}", year=i) for i in range(1, 2500)])
    assert calls["n"] == 1500
    assert inserted == [1002]  # it really failed halfway, with rows already written
    assert dump(lib) == before
    assert lib.undo_label() == undo_before


def test_cancelled_import_rolls_back(lib: Library) -> None:
    before = dump(lib)
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 400

    with pytest.raises(ImportCancelled):
        lib.import_records([rec(f"T{i}", year=1000 + i) for i in range(1000)], progress=progress)
    assert seen[-1] == 400
    assert dump(lib) == before


def test_trash_restore_empty_and_their_undo(lib: Library) -> None:
    a = lib.add(rec("Alpha")).value
    b = lib.add(rec("Beta", family="Jones")).value
    res = lib.trash([a])
    assert res.changes.removed == {a}
    assert lib.query_ids() == [b] and lib.query_ids(scope="trash") == [a]
    assert lib.query_ids("alpha") == []  # trashed records leave search
    assert lib.query_ids("alpha", scope="trash") == [a]
    lib.undo()
    assert sorted(lib.query_ids()) == [a, b]
    lib.redo()
    assert lib.restore([a]).changes.restored == {a}
    assert sorted(lib.query_ids()) == [a, b]
    lib.trash([a, b])
    before_empty = dump(lib)
    assert lib.empty_trash().value == 2
    assert lib.count() == 0 and lib.count(trash=True) == 0
    with pytest.raises(NotFoundError):
        lib.get(a)
    lib.undo()  # even emptying the trash can be undone
    assert dump(lib) == before_empty


def test_tags_and_collections_with_undo(lib: Library) -> None:
    a = lib.add(rec("Alpha")).value
    b = lib.add(rec("Beta", family="Jones")).value
    lib.add_tags([a, b], ["review", "综述"])
    assert dict(lib.all_tags()) == {"review": 2, "综述": 2}
    assert lib.query_ids("tag:综述", sort="id") == [a, b]
    lib.remove_tags([b], ["review"])
    assert lib.query_ids(tag="review") == [a]
    lib.undo()
    assert sorted(lib.query_ids(tag="review")) == [a, b]

    top = lib.create_collection("Thesis").value
    child = lib.create_collection("Chapter 1", parent=top).value
    lib.add_to_collection(child, [a])
    lib.add_to_collection(top, [b])
    assert sorted(lib.query_ids(collection=top)) == [a, b]  # nested collections included
    assert lib.query_ids(collection=child) == [a]
    assert lib.query_ids(scope="unfiled") == []
    with pytest.raises(LibraryError):
        lib.move_collection(top, child)  # not into its own child
    before = dump(lib)
    lib.delete_collection(top)
    assert lib.collections() == []
    assert lib.count() == 2  # records stay
    lib.undo()
    assert dump(lib) == before
    lib.rename_collection(child, "Ch. 1")
    assert ("Ch. 1" in [n for _, n, _ in lib.collections()])
    lib.undo()
    assert ("Chapter 1" in [n for _, n, _ in lib.collections()])


def test_duplicate_rules(lib: Library) -> None:
    a = lib.add(rec("Deep learning", family="LeCun", year=2015, doi="10.1038/nature14539")).value
    # same DOI in another spelling
    assert lib.find_duplicate(Record(title="x", doi="https://doi.org/10.1038/NATURE14539")) == a
    # same normalised title + first author's family + year
    assert lib.find_duplicate(rec("Deep Learning.", family="Lecun", year=2015)) == a
    assert lib.find_duplicate(rec("Deep learning", family="LeCun", year=2016)) is None
    assert lib.find_duplicate(rec("Deep learning", family="Hinton", year=2015)) is None
    # a different DOI is a different work, even with the same title
    assert lib.find_duplicate(rec("Deep learning", family="LeCun", year=2015,
                                  doi="10.9999/other")) is None
    # CJK: the whole name or family+given both match
    c = lib.add(Record(title="数字人文研究", creators=[Creator(literal="王小明")],
                       issued=PartialDate(2021))).value
    assert lib.find_duplicate(Record(title="数字人文研究", creators=[
        Creator(family="王", given="小明")], issued=PartialDate(2021))) == c
    report = lib.import_records([rec("Deep learning", family="LeCun", year=2015)])
    assert report.skipped and report.skipped[0][1] == a and not report.added
    d = lib.add(rec("Deep  learning!", family="LeCun", year=2015)).value  # 'import anyway'
    assert lib.duplicate_groups() == [[a, d]]
    assert sorted(lib.query_ids(scope="duplicates")) == [a, d]


def test_merge_keeps_every_field_of_both(lib: Library) -> None:
    a = lib.add(rec("Deep learning", family="LeCun", year=2015, volume="521",
                    keywords=["ai"], tags=["x"])).value
    b = lib.add(rec("Deep learning", family="LeCun", year=2015, volume="522", issue="7553",
                    doi="10.1038/nature14539", keywords=["nn"], tags=["y"],
                    extra={"ris:M3": ["foo"]})).value
    res = lib.merge(a, b)
    m = lib.get(a)
    assert m.volume == "521" and m.extra["merged:volume"] == "522"
    assert m.issue == "7553" and m.doi == "10.1038/nature14539"
    assert m.keywords == ["ai", "nn"] and sorted(m.tags) == ["x", "y"]
    assert m.extra["ris:M3"] == ["foo"]
    assert lib.is_trashed(b) and res.changes.removed == {b}
    lib.undo()
    assert lib.get(a).volume == "521" and "merged:volume" not in lib.get(a).extra
    assert not lib.is_trashed(b)


def test_import_merge_policy(lib: Library) -> None:
    a = lib.add(rec("Same paper", year=2001)).value
    report = lib.import_records([rec("Same paper", year=2001, abstract="An abstract")],
                                policy="merge")
    assert report.merged == [a] and not report.added
    assert lib.get(a).abstract == "An abstract"
    report = lib.import_records([rec("Same paper", year=2001)], policy="import")
    assert len(report.added) == 1


def test_citation_keys_unique_with_suffixes(lib: Library) -> None:
    ids = lib.import_records([rec("On the origin", family="Darwin", year=1859),
                              rec("Origin again", family="Darwin", year=1859, volume="2"),
                              rec("Origin thrice", family="Darwin", year=1859, volume="3")],
                             policy="import").added
    keys = [lib.get(i).citation_key for i in ids]
    assert keys == ["Darwin1859Origin", "Darwin1859Origina", "Darwin1859Originb"]


def test_merge_records_is_pure() -> None:
    a, b = rec("T", volume="1"), rec("T", volume="2")
    m = merge_records(a, b)
    assert a.volume == "1" and "merged:volume" not in a.extra and m.extra["merged:volume"] == "2"


def test_undo_persists_across_processes(tmp_path: Path) -> None:
    p = tmp_path / "l.sqlite"
    with Library.open(p) as lib:
        rid = lib.add(rec("Persistent")).value
        lib.trash([rid])
    with Library.open(p) as lib:
        assert lib.undo_label() == "Move to trash"
        lib.undo()
        assert lib.query_ids() == [rid]


def test_storage_copies_attachments_safely(lib: Library, tmp_path: Path) -> None:
    src = tmp_path / "..evil name.html"
    src.write_text("<html></html>", encoding="utf-8")
    report = lib.import_records([rec("Page")], attach=[str(src)])
    got = lib.get(report.added[0])
    stored = Path(got.attachments[0])
    assert stored.exists() and stored.read_text() == "<html></html>"
    assert lib.storage_dir in stored.parents


def test_row_cache_columns(lib: Library) -> None:
    rid = lib.add(rec("Row", family="王", given="小明", container_title="中国图书馆学报")).value
    row = lib.rows([rid], ["title", "creators_display", "year", "container"])[rid]
    assert row == ("Row", "王小明", 2020, "中国图书馆学报")


def test_json_data_column_is_plain_json(lib: Library) -> None:
    rid = lib.add(rec("J")).value
    (data,) = lib.conn.execute("SELECT data FROM records WHERE id=?", (rid,)).fetchone()
    assert json.loads(data)["title"] == "J"


def test_stale_edit_keeps_both_changes_or_is_refused(lib: Library) -> None:
    rid = lib.add(rec("Original", volume="1")).value
    held = lib.get(rid)                 # an editor opens the record
    lib.set_field(rid, "issue", "7")    # meanwhile someone else edits another field
    held.title = "Edited"
    lib.update(held)
    got = lib.get(rid)
    assert (got.title, got.issue, got.volume) == ("Edited", "7", "1")
    # a copy whose starting version is unknown is refused, not written over the change
    unknown = Record.from_dict(got.to_dict())
    unknown.date_modified = "1999-01-01T00:00:00Z"
    unknown.title = "Blind overwrite"
    with pytest.raises(LibraryError, match="changed elsewhere"):
        lib.update(unknown)
    assert lib.get(rid).title == "Edited"


def test_a_provisional_key_follows_the_fields_until_it_has_author_and_year(
        lib: Library) -> None:
    """A new empty record gets 'ref' (a DOI-only one too); filling in its title, author
    and year makes its key again each time, until it has both author and year. A key
    with author and year, or one the user typed, is never changed by an edit."""
    from app.core.records import Creator, PartialDate

    first = lib.add(Record(title="")).value
    second = lib.add(Record(doi="10.1000/x")).value
    assert (lib.get(first).citation_key, lib.get(second).citation_key) == ("ref", "refa")
    lib.set_field(first, "title", "Deep Learning")
    assert lib.get(first).citation_key == "Deep"
    lib.set_field(first, "creators", [Creator(family="Goodfellow", given="Ian")])
    assert lib.get(first).citation_key == "GoodfellowDeep"
    lib.set_field(first, "issued", PartialDate(2016))
    assert lib.get(first).citation_key == "Goodfellow2016Deep"
    lib.set_field(first, "title", "Shallow Learning")  # complete: the key stays
    assert lib.get(first).citation_key == "Goodfellow2016Deep"
    rec = lib.get(second)
    rec.citation_key, rec.title = "myown", "Deep Learning"
    lib.update(rec)
    lib.set_field(second, "issued", PartialDate(2020))
    assert lib.get(second).citation_key == "myown"
    assert lib.undo().value is not None and lib.undo().value is not None
    assert lib.get(second).citation_key == "refa"
