"""The helpers the tagged-text readers share (app/core/formats/tagged.py).

Expected values are worked out by hand from each helper's contract.
"""

from __future__ import annotations

import gc
import re

import pytest

from app.core.formats.tagged import (MAX_RAW_CHARS, TaggedEntry, add_extra, doi_of_field,
                                     gc_paused, index_tags, keep_unmapped, kept_values,
                                     read_entries, read_tagged, take_doi, year_and_date)
from app.core.records import PartialDate, Record


def test_add_extra_appends_to_a_list_per_key() -> None:
    extra: dict = {"x:A": ["1"]}
    add_extra(extra, "x:A", "2")
    add_extra(extra, "x:B", "3")
    assert extra == {"x:A": ["1", "2"], "x:B": ["3"]}


def test_index_tags_skips_empty_values_and_take_keeps_the_rest() -> None:
    extra: dict = {}
    by, take = index_tags([("AU", "a"), ("TI", ""), ("AU", "b"), ("TI", "t"), ("AU", "c")],
                          extra, "p:")
    assert by == {"AU": ["a", "b", "c"], "TI": ["t"]}
    assert take("AU") == "a"
    assert take("TI") == "t"
    assert take("XX") == ""
    assert extra == {"p:AU": ["b", "c"]}


@pytest.mark.parametrize("value, doi", [
    ("10.1000/abc", "10.1000/abc"),
    ("10.1000/abc.", "10.1000/abc"),  # the sentence's full stop is not the DOI's
    ("10.1000/abc;", "10.1000/abc"),
    ("https://doi.org/10.1000/ABC", "10.1000/ABC"),
    ("doi: 10.1000/x.y", "10.1000/x.y"),
    ("10.1000/a(b)", "10.1000/a(b)"),
    ("10.1002/(SICI)1097-4636(199606)31:2<259::AID-JBM15>3.0.CO;2-F",
     "10.1002/(SICI)1097-4636(199606)31:2<259::AID-JBM15>3.0.CO;2-F"),
    ("see 10.1000/xyz for details", "10.1000/xyz"),
    ("10.1000/abc extra words", "10.1000/abc"),
    ("no identifier here", ""),
    ("10.12/short-registrant", ""),
])
def test_doi_of_field(value: str, doi: str) -> None:
    assert doi_of_field(value) == doi


def test_take_doi_returns_the_first_doi_and_keeps_every_other_value() -> None:
    extra: dict = {}
    assert take_doi(["not one", "10.1/abcd", "10.1000/first", "10.1000/second"],
                    extra, "k") == "10.1000/first"
    assert extra == {"k": ["not one", "10.1/abcd", "10.1000/second"]}


def test_keep_unmapped_keeps_non_empty_values_of_unmapped_tags_in_order() -> None:
    extra: dict = {}
    keep_unmapped([("ZZ", "1"), ("TI", "t"), ("YY", ""), ("ZZ", "2"), ("YY", "3")],
                  {"TI"}, extra, "r:")
    assert extra == {"r:ZZ": ["1", "2"], "r:YY": ["3"]}
    assert list(extra) == ["r:ZZ", "r:YY"]


@pytest.mark.parametrize("issued, expected", [
    (None, ("", "")),
    (PartialDate(), ("", "")),
    (PartialDate(2019), ("2019", "")),
    (PartialDate(2019, 5), ("2019", "2019-05")),
    (PartialDate(2019, 5, 3), ("2019", "2019-05-03")),
    (PartialDate(literal="Spring term"), ("Spring term", "")),
])
def test_year_and_date(issued: PartialDate | None, expected: tuple[str, str]) -> None:
    assert year_and_date(issued) == expected


def test_kept_values_yields_tag_and_text_in_order() -> None:
    extra = {"r:AA": ["1", 2], "other:BB": ["x"], "r:CC": "one", "r:lower": ["y"]}
    assert list(kept_values(extra, re.compile(r"r:([A-Z]{2})"))) == [
        ("AA", "1"), ("AA", "2"), ("CC", "one")]


def _entry(line: int, *lines: str) -> TaggedEntry:
    e = TaggedEntry(line)
    e.raw_lines = list(lines)
    return e


def test_read_entries_reports_a_failing_and_an_empty_entry_and_reads_the_rest() -> None:
    good, bad, empty = _entry(1, "T good"), _entry(4, "T bad", "X " + "y" * 3000), _entry(9, "E")

    def build(e: TaggedEntry) -> Record:
        if e is bad:
            raise ValueError("broken")
        return Record(title="" if e is empty else "A title")

    res = read_entries([good, bad, empty], build, "f.txt", "Test")
    assert [r.title for r in res.records] == ["A title"]
    assert res.lines == [1]
    assert [(f.source, f.line, f.reason) for f in res.failures] == [
        ("f.txt", 4, "cannot read record: broken"),
        ("f.txt", 9, "record has no title, author or identifier")]
    assert res.failures[0].raw == ("T bad\nX " + "y" * 3000)[:MAX_RAW_CHARS]
    assert len(res.failures[0].raw) == MAX_RAW_CHARS
    assert res.failures[1].raw == "E"


def test_read_entries_adds_to_a_given_result() -> None:
    first = read_entries([_entry(1, "a")], lambda e: Record(title="one"), "s", "Test")
    read_entries([_entry(7, "b")], lambda e: Record(title="two"), "s", "Test", first)
    assert [r.title for r in first.records] == ["one", "two"]
    assert first.lines == [1, 7]


def test_read_tagged_reports_text_without_entries_once_at_line_one() -> None:
    res = read_tagged("some text\n", "s.txt", lambda t: [], lambda e: Record(), "Test",
                      "nothing found")
    assert [(f.line, f.reason) for f in res.failures] == [(1, "nothing found")]
    assert read_tagged(" \n", "s.txt", lambda t: [], lambda e: Record(), "Test",
                       "nothing found").failures == []


def test_gc_paused_pauses_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("while reading")
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pmid_alone_is_enough_for_the_medline_and_ovid_readers() -> None:
    from app.core.formats.tagged import empty_but_for_pmid

    assert empty_but_for_pmid(Record())
    assert not empty_but_for_pmid(Record(pmid="123"))
    assert not empty_but_for_pmid(Record(title="T"))
