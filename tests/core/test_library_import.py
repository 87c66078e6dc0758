"""Importing: records from any iterable, files read and stored chunk by chunk in one
transaction, duplicates inside one import, the slotted record model's round trip."""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import formats
from app.core.formats import ReadResult
from app.core.library import ImportCancelled, Library
from app.core.records import Creator, PartialDate, Record


def rec(title: str, family: str = "Smith", year: int = 2020, **kw: object) -> Record:
    return Record(title=title, creators=[Creator(family=family, given="J.")],
                  issued=PartialDate(year), **kw)  # type: ignore[arg-type]


def dump(library: Library) -> list[tuple]:
    c = library.conn
    return [
        tuple(c.execute("SELECT * FROM records ORDER BY id")),
        tuple(c.execute("SELECT * FROM tags ORDER BY record_id, tag")),
        tuple(c.execute("SELECT rowid, * FROM records_fts ORDER BY rowid")),
        tuple(c.execute("SELECT key, value FROM meta ORDER BY key")),
        tuple(c.execute("SELECT seq, label, state FROM undo_log ORDER BY seq")),
    ]


def ris_text(n: int, start: int = 0) -> str:
    return "".join(f"TY  - JOUR\nTI  - Paper number {i}\nAU  - Author{i}, Ann\nPY  - {1900 + i}\n"
                   f"ER  - \n\n" for i in range(start, start + n))


@pytest.fixture
def chunked_ris(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """RIS read in chunks of 3 records; the list collects, at each chunk handed out,
    how many records the caller's library already holds (set by the test)."""
    fmt_cls = type(formats.get("ris"))
    whole_read = fmt_cls.read

    def read_chunks(self: formats.Format, text: str, source: str = "") -> Iterator[ReadResult]:
        res = whole_read(self, text, source)
        n = len(res.records)
        for i in range(0, n, 3):
            yield ReadResult(records=res.records[i:i + 3],
                             failures=res.failures if i == 0 else [],
                             done_fraction=min(i + 3, n) / n)

    monkeypatch.setattr(fmt_cls, "read_chunks", read_chunks)
    return []


def test_import_records_takes_a_generator(lib: Library) -> None:
    calls: list[tuple[int, int]] = []

    def gen() -> Iterator[Record]:
        for i in range(2500):
            yield rec(f"Generated paper {i}", year=1000 + i, tags=["gen"] if i % 2 else [])

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    report = lib.import_records(gen(), progress=progress)
    assert len(report.added) == 2500 and lib.count() == 2500
    assert calls[0] == (0, 0) and calls[-1] == (2500, 2500)  # total unknown until the end
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    c = lib.conn
    assert c.execute("SELECT count(*) FROM records_fts").fetchone()[0] == 2500
    assert c.execute("SELECT count(*) FROM tags").fetchone()[0] == 1250
    assert lib.query_ids("generated paper 2499") == [report.added[-1]]
    # the full-text settings a big import changes for its duration are put back
    config = dict(c.execute("SELECT k, v FROM records_fts_config"))
    assert config.get("automerge", 4) == 4 and config.get("hashsize", 1024 * 1024) == 1024 * 1024
    assert lib.undo().value == "Import" and lib.count() == 0


def test_the_data_column_is_compact_json_with_text_unescaped(lib: Library) -> None:
    r = rec("Zürich \"quoted\" \\ 数字人文\u2028tab\there", doi="10.1000/x", url="http://e.org",
            extra={"nested": {"list": [1, 2.5, None, True], "empty": {}}, "big": 10 ** 20,
                   "ctrl": "\x00\x1f\x7f", "astral": "\U0002070e"})
    rid = lib.import_records([r]).added[0]
    stored = lib.conn.execute("SELECT data FROM records WHERE id = ?", (rid,)).fetchone()[0]
    data = json.loads(stored)
    assert stored == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert "Zürich" in stored and "数字人文" in stored and "\U0002070e" in stored
    assert lib.get(rid).extra == r.extra and lib.get(rid).title == r.title


def test_import_records_with_known_total_reports_it(lib: Library) -> None:
    calls: list[tuple[int, int]] = []
    lib.import_records((rec(f"T{i}", year=1500 + i) for i in range(450)), total=450,
                       progress=lambda d, t: calls.append((d, t)) or True)
    assert calls == [(0, 450), (200, 450), (400, 450), (450, 450)]


def test_caller_records_are_left_unchanged(lib: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html></html>", encoding="utf-8")
    src = rec("Untouched", attachments=["/somewhere/a.pdf"])
    before = dataclasses.replace(src, attachments=list(src.attachments))
    rid = lib.import_records([src], attach=[str(page)]).added[0]
    assert src == before and src.id is None and not src.citation_key
    got = lib.get(rid)
    assert got.attachments[0] == "/somewhere/a.pdf" and len(got.attachments) == 2
    assert got.citation_key == "Smith2020Untouched" and got.date_added


def test_duplicates_inside_one_import_keep_the_doi_rule(lib: Library) -> None:
    report = lib.import_records([
        rec("Same title", doi="10.1000/a"),
        rec("Same title", doi="10.1000/b"),   # another DOI: another work
        rec("Same  title!"),                  # no DOI: a duplicate of the first
        rec("Other", doi="10.1000/A"),        # the first's DOI in capitals
    ])
    assert len(report.added) == 2
    first = report.added[0]
    assert [dup for _r, dup in report.skipped] == [first, first]


def test_duplicates_of_library_records_are_found_in_a_stream(lib: Library) -> None:
    a = lib.add(rec("Already here", year=1999)).value
    report = lib.import_records(iter([rec("Already here", year=1999), rec("New one")]))
    assert [dup for _r, dup in report.skipped] == [a] and len(report.added) == 1


def test_merge_policy_merges_into_a_record_of_the_same_import_once(lib: Library) -> None:
    report = lib.import_records([rec("Twice", volume="1"), rec("Twice", issue="2"),
                                 rec("Twice", pages="3")], policy="merge")
    assert len(report.added) == 1 and report.merged == []
    got = lib.get(report.added[0])
    assert (got.volume, got.issue, got.pages) == ("1", "2", "3")
    lib.undo()
    assert lib.count() == 0


def test_import_files_stores_each_chunk_as_it_is_read(lib: Library, tmp_path: Path,
                                                      chunked_ris: list[int]) -> None:
    a, b = tmp_path / "a.ris", tmp_path / "b.ris"
    a.write_text(ris_text(7), encoding="utf-8")
    b.write_text(ris_text(5, start=100), encoding="utf-8")
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> bool:
        stored = lib.conn.execute("SELECT count(*) FROM records").fetchone()[0]
        seen.append((done, total, stored))
        return True

    report = lib.import_files([str(a), str(b)], progress=progress)
    assert len(report.added) == 12 and not report.failures
    # records of earlier chunks were already in the table while later ones were read
    assert any(stored >= 3 and done < 12 for done, _t, stored in seen)
    # the total is estimated from the share read: 3 records are 3/7 of file a,
    # which is half of the input, so 14 records are expected
    assert seen[0] == (0, 14, 0)
    assert seen[-1][:2] == (12, 12)
    titles = [lib.get(i).title for i in report.added]
    assert titles == [f"Paper number {i}" for i in [*range(7), *range(100, 105)]]
    assert lib.undo().value == "Import 2 files"  # one undo reverts both files
    assert lib.count() == 0


def test_cancelled_chunked_import_leaves_library_as_before(lib: Library, tmp_path: Path,
                                                           chunked_ris: list[int]) -> None:
    lib.add(rec("Existing"))
    before = dump(lib)
    p = tmp_path / "refs.ris"
    p.write_text(ris_text(12), encoding="utf-8")
    stored_at_cancel: list[int] = []

    def progress(done: int, total: int) -> bool:
        if done >= 6:
            stored_at_cancel.append(lib.conn.execute("SELECT count(*) FROM records"
                                                     ).fetchone()[0])
            return False
        return True

    with pytest.raises(ImportCancelled):
        lib.import_files([str(p)], progress=progress)
    assert stored_at_cancel == [7]  # half-way: two chunks were written, then rolled back
    assert dump(lib) == before


def test_imports_run_with_the_cyclic_collector_paused(lib: Library, tmp_path: Path,
                                                     chunked_ris: list[int]) -> None:
    p = tmp_path / "refs.ris"
    p.write_text(ris_text(7), encoding="utf-8")
    enabled: list[bool] = []

    def progress(done: int, total: int) -> bool:
        enabled.append(gc.isenabled())
        return True

    assert gc.isenabled()
    lib.import_files([str(p)], progress=progress)
    lib.import_records([rec("Paper", year=1700 + i) for i in range(5)], progress=progress)
    assert enabled and not any(enabled)
    assert gc.isenabled()
    with pytest.raises(ImportCancelled):  # back on also after a cancelled import
        lib.import_files([str(p)], policy="import", progress=lambda done, total: False)
    assert gc.isenabled()


def test_exception_in_a_later_chunk_leaves_library_as_before(
        lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump(lib)
    fmt_cls = type(formats.get("ris"))

    def read_chunks(self: formats.Format, text: str, source: str = "") -> Iterator[ReadResult]:
        yield ReadResult(records=[rec(f"Chunk one {i}", year=1800 + i) for i in range(1500)],
                         done_fraction=0.5)
        raise MemoryError("out of memory in the reader")

    monkeypatch.setattr(fmt_cls, "read_chunks", read_chunks)
    p = tmp_path / "refs.ris"
    p.write_text(ris_text(2), encoding="utf-8")
    with pytest.raises(MemoryError):
        lib.import_files([str(p)])
    assert dump(lib) == before


def test_import_files_unreadable_file_is_a_failure_and_the_rest_imports(
        lib: Library, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.ris", tmp_path / "bad.ris"
    good.write_text(ris_text(2), encoding="utf-8")
    bad.write_bytes(b"   \n")
    report = lib.import_files([str(bad), str(good)])
    assert len(report.added) == 2 and len(report.failures) == 1
    assert "bad.ris" in str(report.failures[0]) and report.exit_code == 1


def test_saved_page_gets_its_file_attached_in_a_mixed_import(lib: Library,
                                                             tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text('<!doctype html><html><head><title>A page</title>'
                    '<meta name="citation_title" content="The page article">'
                    '<meta name="citation_author" content="Doe, Jane">'
                    '<meta name="citation_date" content="2019">'
                    '</head><body></body></html>', encoding="utf-8")
    ris = tmp_path / "refs.ris"
    ris.write_text(ris_text(2), encoding="utf-8")
    report = lib.import_files([str(ris), str(page)])
    assert len(report.added) == 3
    by_title = {lib.get(i).title: lib.get(i) for i in report.added}
    stored = [Path(a) for a in by_title["The page article"].attachments]
    assert len(stored) == 1 and stored[0].read_text(encoding="utf-8").startswith("<!doctype")
    assert lib.storage_dir in stored[0].parents
    assert all(not by_title[f"Paper number {i}"].attachments for i in range(2))
    assert lib.conn.execute("SELECT count(*) FROM undo_log").fetchone()[0] == 1


def test_records_are_slotted_and_round_trip(lib: Library) -> None:
    r = Record(type="", title="数字人文", creators=[Creator(literal="王小明")],
               issued=PartialDate(2021, 3), accessed=PartialDate(literal="spring"),
               keywords=["a"], extra={"x": [1, {"y": 2}]})
    for obj in (r, r.creators[0], r.issued):
        assert not hasattr(obj, "__dict__")
    with pytest.raises(AttributeError):
        r.not_a_field = 1  # type: ignore[attr-defined]
    compact = r.to_dict(compact=True)
    assert "volume" not in compact and compact["type"] == ""  # '' differs from the default
    assert Record.from_dict(compact) == r
    assert Record.from_dict(r.to_dict()) == r
    copied = r.copy()
    copied.extra["x"][1]["y"] = 3
    copied.creators[0].literal = "李华"
    assert r.extra["x"][1]["y"] == 2 and r.creators[0].literal == "王小明"
    rid = lib.add(r).value
    got = lib.get(rid)
    assert (got.type, got.title, got.creators, got.issued, got.accessed, got.extra) == (
        "", r.title, r.creators, r.issued, r.accessed, r.extra)
    (data,) = lib.conn.execute("SELECT data FROM records WHERE id=?", (rid,)).fetchone()
    stored = json.loads(data)
    assert "volume" not in stored and "tags" not in stored and stored["title"] == "数字人文"


def test_loading_many_records_leaves_the_collector_as_it_was(lib: Library) -> None:
    import gc

    ids = lib.import_records([rec(f"Load {i}", year=1000 + i) for i in range(1200)]).added
    assert gc.isenabled()
    assert [r.title for r in lib.get_many(ids)] == [f"Load {i}" for i in range(1200)]
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(lib.export_records()) == 1200
        assert not gc.isenabled()  # a caller's own pause is not ended
    finally:
        gc.enable()


def test_first_creator_and_display_of_many_names() -> None:
    r = Record(creators=[Creator("Ed", role="editor"), Creator("A", "x"), Creator("B"),
                         Creator(literal="王小明"), Creator("D")])
    assert r.first_creator is r.creators[1]
    assert r.creators_display() == "A, x; B; 王小明; …"
    assert Record(creators=[Creator("Ed", role="editor")]).first_creator.family == "Ed"
    assert Record().first_creator is None and Record().creators_display() == ""
    three = Record(creators=[Creator("A"), Creator("B"), Creator("C")])
    assert three.creators_display() == "A; B; C"


def test_iter_export_loads_in_chunks_in_export_order(lib: Library,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ids = lib.import_records([rec(f"Paper {i}", family=f"Fam{i:03d}", year=2000)
                              for i in range(25)]).added
    lib.trash([ids[3]])
    loads: list[int] = []
    original = Library.get_many

    def get_many(self: Library, some: list[int]) -> list[Record]:
        loads.append(len(some))
        return original(self, some)

    monkeypatch.setattr(Library, "get_many", get_many)
    got = lib.iter_export(chunk=10)
    first = next(got)
    assert loads == [10]  # one chunk loaded, not the whole export
    rest = [first, *got]
    assert loads == [10, 10, 4]
    assert [r.citation_key for r in rest] == [r.citation_key for r in
                                              original(lib, lib.query_ids(sort="citation_key"))]
    assert [r.title for r in lib.iter_export(ids=[ids[5], ids[1]])] == ["Paper 5", "Paper 1"]
    assert [r.title for r in lib.iter_export(query="paper 7")] == ["Paper 7"]


@pytest.mark.parametrize("policy", ["skip", "merge"])
def test_big_import_into_a_library_finds_the_same_duplicates_in_memory_as_in_sql(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: str) -> None:
    """Past a number of records an import into a non-empty library looks duplicates
    up in maps loaded from the table: the outcome must be what the SQL look-ups give."""
    from app.core import library as library_module

    def existing() -> list[Record]:
        return [rec("By doi", year=2001, doi="10.1000/lib"),
                rec("By key", family="Keyed", year=2002),
                rec("Keyed with doi", family="Doi", year=2003, doi="10.1000/own"),
                rec("Gains a doi by merging", family="Gain", year=2004),
                rec("Trashed", family="Gone", year=2005)]

    def incoming() -> list[Record]:
        return [rec("Other title", year=1990, doi="https://doi.org/10.1000/LIB"),  # DOI dup
                rec("By  key!", family="keyed", year=2002),                   # key dup
                rec("Keyed with doi", family="Doi", year=2003, doi="10.1000/x"),  # 2 works
                rec("Gains a doi by merging", family="Gain", year=2004, doi="10.1000/g"),
                rec("Later paper", year=1991, doi="10.1000/g"),                   # via merge
                rec("Trashed", family="Gone", year=2005),                      # trash: new
                *[rec(f"Fresh {i}", year=1700 + i) for i in range(8)]]

    sql_lookups: list[int] = []
    original = Library.find_duplicate

    def find_duplicate(self: Library, *a: object, **kw: object) -> int | None:
        sql_lookups[-1] += 1
        return original(self, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "find_duplicate", find_duplicate)
    outcomes = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(library_module, "_LOOKUP_IN_SQL_UPTO", threshold)
        sql_lookups.append(0)
        with Library.open(tmp_path / f"lib{threshold}.sqlite") as library:
            ids = library.import_records(existing()).added
            library.trash([ids[-1]])
            report = library.import_records(incoming(), policy=policy)
            outcomes.append((
                [(r.title, dup) for r, dup in report.skipped], report.merged,
                [library.get(i).title for i in report.added],
                [(r.title, r.doi) for r in library.get_many(ids)]))
    assert outcomes[0] == outcomes[1]
    assert sql_lookups[0] > 10 and sql_lookups[1] == 0
    skipped, merged, added, _ = outcomes[0]
    found = [t for t, _d in skipped] if policy == "skip" else merged
    assert len(found) == 3  # merged: 'Later paper' goes into the record 4 merge made
    assert "Keyed with doi" in added and "Trashed" in added
    if policy == "merge":
        assert "Later paper" not in added  # found by the DOI the merge gave record 4


def test_new_library_gets_8k_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    import sqlite3

    with Library.open(tmp_path / "new.sqlite") as new:
        assert new.conn.execute("PRAGMA page_size").fetchone()[0] == 8192
        assert new.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")  # an empty file is a new library too
    with Library.open(empty) as lib:
        assert lib.conn.execute("PRAGMA page_size").fetchone()[0] == 8192
        lib.add(rec("Kept"))
    old = tmp_path / "old.sqlite"
    with Library.open(old):
        pass
    con = sqlite3.connect(old)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA page_size=4096")
    con.execute("VACUUM")
    con.close()
    with Library.open(old) as lib:
        assert lib.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert lib.add(rec("Works")).value


@pytest.mark.parametrize("keys_in_sql", [10**6, 0])
def test_new_keys_avoid_live_and_trashed_keys_whether_asked_or_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys_in_sql: int) -> None:
    from app.core import library as library_module

    monkeypatch.setattr(library_module, "_KEYS_IN_SQL_UPTO", keys_in_sql)
    with Library.open(tmp_path / "k.sqlite") as library:
        live = library.add(rec("Origin", family="Darwin", year=1859)).value
        gone = library.add(rec("Origin two", family="Darwin", year=1859)).value
        library.trash([gone])
        assert [library.get(i).citation_key for i in (live, gone)] == [
            "Darwin1859Origin", "Darwin1859Origina"]
        added = library.import_records([
            rec("Origin three", family="Darwin", year=1859),
            rec("Other", family="Wallace", year=1858, citation_key="Darwin1859Origin"),
            rec("Own key kept", family="Bates", year=1862, citation_key="Bates1862"),
        ], policy="import").added
        assert [library.get(i).citation_key for i in added] == [
            "Darwin1859Originb", "Darwin1859Originc", "Bates1862"]


def test_adding_one_record_does_not_read_every_key(lib: Library) -> None:
    lib.import_records([rec(f"Paper {i}", year=1000 + i) for i in range(50)])
    statements: list[str] = []
    lib.conn.set_trace_callback(statements.append)
    try:
        rid = lib.add(rec("Paper 3", year=1003)).value
    finally:
        lib.conn.set_trace_callback(None)
    assert lib.get(rid).citation_key == "Smith1003Papera"
    assert not [s for s in statements if "SELECT citation_key FROM records" in s]


def test_format_error_part_way_keeps_the_chunks_before_as_a_failure(
        lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.errors import FormatError

    fmt_cls = type(formats.get("ris"))

    def read_chunks(self: formats.Format, text: str, source: str = "") -> Iterator[ReadResult]:
        yield ReadResult(records=[rec("Read before the damage")], done_fraction=0.5)
        raise FormatError("damaged in the middle", source=source, line=40)

    monkeypatch.setattr(fmt_cls, "read_chunks", read_chunks)
    p = tmp_path / "half.ris"
    p.write_text(ris_text(2), encoding="utf-8")
    report = lib.import_files([str(p)])
    assert [lib.get(i).title for i in report.added] == ["Read before the damage"]
    assert [str(f) for f in report.failures] == [f"{p}:40: damaged in the middle"]
    assert report.exit_code == 1


def _indexes(library: Library) -> list[tuple[str, str]]:
    return library.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "ORDER BY name").fetchall()


def test_big_import_into_an_empty_library_builds_its_indexes_again(lib: Library) -> None:
    """The indexes of records and tags are dropped for a big import into an empty
    library and made again at its end: the same indexes, and searches, sorts, keys
    and duplicates behave as after a row-by-row import."""
    before = _indexes(lib)
    assert any(name == "idx_live_title_sort" for name, _ in before)
    lib.add(rec("Trashed", "Keyholder", 1999, citation_key="Smith2001"))
    lib.delete([lib.query_ids("Trashed")[0]])
    trace: list[str] = []
    lib.conn.set_trace_callback(trace.append)
    recs = [rec(f"Paper {i}", f"Author{i % 50}", 1950 + i % 70, tags=[f"t{i % 3}"])
            for i in range(2500)]
    recs.append(rec("Paper 7", "Author7", 1957, tags=["t1"]))  # a duplicate of record 7
    recs.append(rec("New", "Smith", 2001))  # its key must avoid the trashed Smith2001
    report = lib.import_records(recs)
    lib.conn.set_trace_callback(None)
    assert [s for s in trace if s.startswith("DROP INDEX")], "no index was dropped"
    assert _indexes(lib) == before
    assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(report.added) == 2501 and len(report.skipped) == 1
    key = lib.get(report.added[-1]).citation_key
    assert key.startswith("Smith2001") and key != "Smith2001"
    by_title = lib.query_ids("paper", sort="title", limit=3)
    assert [lib.get(i).title for i in by_title] == ["Paper 0", "Paper 1", "Paper 10"]
    assert len(lib.query_ids("year:1957")) == 36
    assert len(lib.query_ids("tag:t1")) == 833


def test_cancelled_big_import_keeps_the_indexes(lib: Library) -> None:
    before = _indexes(lib)
    calls = 0

    def progress(done: int, total: int) -> bool:
        nonlocal calls
        calls += 1
        return done < 2200  # cancel after the first batches were stored

    with pytest.raises(ImportCancelled):
        lib.import_records([rec(f"Paper {i}", "Jones", 2000) for i in range(3000)],
                           progress=progress)
    assert calls > 1
    assert lib.count() == 0
    assert _indexes(lib) == before


def test_import_into_a_library_with_records_keeps_its_indexes(lib: Library) -> None:
    lib.add(rec("Already here"))
    trace: list[str] = []
    lib.conn.set_trace_callback(trace.append)
    lib.import_records([rec(f"Paper {i}", "Jones", 2000 + i % 20) for i in range(2500)])
    lib.conn.set_trace_callback(None)
    assert not [s for s in trace if s.startswith("DROP INDEX")]


def test_a_pdf_imported_through_the_chunked_reader_is_attached(lib: Library,
                                                              tmp_path: Path) -> None:
    from tests.core.formats.test_pdf_format import make_pdf

    p = tmp_path / "paper.pdf"
    p.write_bytes(make_pdf([(24, "Deep Learning for Bibliographies"), (11, "Jane Doe"),
                            (9, "https://doi.org/10.1234/abc.5678.")]))
    report = lib.import_files([str(p)])
    [rid] = report.added
    got = lib.get(rid)
    assert got.doi == "10.1234/abc.5678"
    assert len(got.attachments) == 1 and got.attachments[0].endswith(".pdf")
    assert Path(got.attachments[0]).read_bytes() == p.read_bytes()


def test_entries_of_one_file_with_their_own_keys_are_never_skipped(lib: Library,
                                                                   tmp_path: Path) -> None:
    """biblatex-examples' 'baez/article' and 'baez/online' are the same work twice, on
    purpose, under two keys: both are imported (a file's own duplicates without keys, and
    records already in the library, are still found)."""
    bib = tmp_path / "two.bib"
    bib.write_text(
        "@article{baez/article, author={Baez, John C. and Lauda, Aaron D.},\n"
        "  title={Higher-Dimensional Algebra V: 2-Groups}, journal={Theory Appl. Categ.},\n"
        "  year=2004, volume=12, pages={423--491}}\n"
        "@online{baez/online, author={Baez, John C. and Lauda, Aaron D.},\n"
        "  title={Higher-Dimensional Algebra V: 2-Groups}, date={2004-10-27}, eprint={0307200}}\n"
        "@article{baez/article, author={Baez, John C. and Lauda, Aaron D.},\n"
        "  title={Higher-Dimensional Algebra V: 2-Groups}, journal={Theory Appl. Categ.},\n"
        "  year=2004}\n", encoding="utf-8")
    report = lib.import_files([str(bib)])
    assert sorted(r.citation_key for r in lib.get_many(report.added)) == [
        "baez/article", "baez/online"]
    # the repeated key is a failure of the file, and a second import skips both
    again = lib.import_files([str(bib)])
    assert not again.added and len(again.skipped) == 2
    ris = tmp_path / "twice.ris"
    ris.write_text("TY  - JOUR\nAU  - Baez, John\nTI  - Higher algebra\nPY  - 2004\nER  - \n"
                   "TY  - JOUR\nAU  - Baez, John\nTI  - Higher algebra\nPY  - 2004\nER  - \n",
                   encoding="utf-8")
    rep = lib.import_files([str(ris)])
    assert len(rep.added) == 1 and len(rep.skipped) == 1  # no keys: one work, once
