"""Engine behaviour: order and numbering, large selections, HTML, caching, failures."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.citation import engine, format_all, format_bibliography, format_citation
from app.core.errors import UserError
from app.core.records import Creator, PartialDate, Record


def _art(family: str, given: str, year: int, title: str) -> Record:
    return Record(type="article-journal", title=title, creators=[Creator(family, given)],
                  container_title="Journal of Tests", volume="1", pages="1-9",
                  issued=PartialDate(year))


def _selection() -> list[Record]:
    return [
        _art("Smith", "John", 2020, "Zebra patterns"),
        _art("Brown", "Anna", 2018, "Apples"),
        _art("Smith", "John", 2020, "Aardvark habits"),
        _art("Smith", "Kate", 2020, "Kites"),
        _art("Jones", "Tom", 2019, "Rivers"),
        Record(type="book", language="zh-CN", title="数字人文", publisher="出版社",
               creators=[Creator("王", "小明")], issued=PartialDate(2021)),
        Record(type="book", language="zh-CN", title="数字图书馆", publisher="出版社",
               creators=[Creator("王", "小明")], issued=PartialDate(2021)),
    ]


def test_numeric_style_numbers_in_selection_order() -> None:
    recs = _selection()[:3]
    entries = format_bibliography(recs, "ieee")
    assert [e[:4] for e in entries] == ["[1] ", "[2] ", "[3] "]
    assert "Zebra" in entries[0] and "Apples" in entries[1] and "Aardvark" in entries[2]
    assert format_citation(recs, "ieee") == "[1], [2], [3]"


def test_author_date_style_sorts_and_disambiguates() -> None:
    sel = _selection()
    recs = [sel[1], sel[2], sel[0], sel[3], sel[4]]  # Aardvark cited before Zebra
    res = format_all(recs, "apa")
    # APA 7 §9.44-9.47: by author, then year; same author and year -> 2020a, 2020b by title
    assert [recs[i].title for i in res.order] == [
        "Apples", "Rivers", "Aardvark habits", "Zebra patterns", "Kites"]
    assert res.bibliography[2].startswith("Smith, J. (2020a). Aardvark habits.")
    assert res.bibliography[3].startswith("Smith, J. (2020b). Zebra patterns.")
    # APA 7 §8.20: initials tell apart first authors who share a surname
    assert res.citation == ("(Brown, 2018; Jones, 2019; J. Smith, 2020a, 2020b; "
                            "K. Smith, 2020)")


def test_large_selection_path_gives_the_same_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _selection() * 3  # duplicates are separate works for the engine
    full = format_all(recs, "apa")
    calls: list[int] = []
    real = engine._render

    def spy(items: list[dict[str, Any]], *args: Any, **kwargs: Any) -> engine.Formatted:
        calls.append(len(items))
        return real(items, *args, **kwargs)

    monkeypatch.setattr(engine, "PARTITION_MIN", 4)
    monkeypatch.setattr(engine, "BIN_SIZE", 9)
    monkeypatch.setattr(engine, "_render", spy)
    engine._cache.clear()
    entries = format_bibliography(recs, "apa")
    # groups of 9 Smiths, 6 Wangs, 3 Browns, 3 Joneses, packed first-fit into runs of <= 9
    assert sorted(calls) == [3, 9, 9]
    assert entries == full.bibliography
    assert any("(2020f)" in e for e in entries)  # six Smith J 2020 works: a-f


def test_numbered_styles_are_never_split(monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _selection() * 3
    monkeypatch.setattr(engine, "PARTITION_MIN", 4)
    monkeypatch.setattr(engine, "BIN_SIZE", 3)
    monkeypatch.setattr(engine, "_slow_disambiguation", lambda _p: True)
    entries = format_bibliography(recs, "ieee")
    assert [e.split(" ", 1)[0] for e in entries] == [f"[{i}]" for i in range(1, 22)]


def test_gbt_author_date_splits_cjk_and_western_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _selection()
    full = format_all(recs, "china-national-standard-gb-t-7714-2015-author-date")
    locales: list[str] = []
    real = engine._run_pandoc

    def spy(doc: str, items: list[dict[str, Any]], style_path: Any, locale: str,
            *args: Any) -> Any:
        locales.append(f"{locale}:{len(items)}")
        return real(doc, items, style_path, locale, *args)

    monkeypatch.setattr(engine, "_run_pandoc", spy)
    entries = format_bibliography(recs, "china-national-standard-gb-t-7714-2015-author-date")
    assert entries == full.bibliography
    # the 2 Chinese works in Chinese, the 5 Western in English, and the sort over all 7
    assert sorted(locales) == ["en-US:5", "zh-CN:2", "zh-CN:7"]


def test_components_join_records_sharing_a_name() -> None:
    recs = _selection()
    comps = sorted(sorted(c) for c in engine._components(recs))
    assert comps == [[0, 2, 3], [1], [4], [5, 6]]
    nameless = [Record(title="A"), Record(title="B")]
    assert engine._components(nameless) == [[0, 1]]


def test_note_style_citation_is_the_note_text() -> None:
    rec = _art("Smith", "John", 2020, "Zebra patterns")
    cite = format_citation([rec], "chicago-notes-bibliography")
    # CMOS 18 §14.20 (note form): First Last, “Title,” Journal vol (year): pages.
    assert cite == "John Smith, “Zebra Patterns,” Journal of Tests 1 (2020): 1–9."


def test_html_is_escaped_and_plain_has_no_markup() -> None:
    rec = Record(type="book", title="Fish & chips for a<b", creators=[Creator("Doe", "Jane")],
                 publisher="P & Q", issued=PartialDate(2020))
    res = format_all([rec], "apa")
    assert res.bibliography == ["Doe, J. (2020). Fish & chips for a<b. P & Q."]
    assert res.bibliography_html == [
        "Doe, J. (2020). <i>Fish &amp; chips for a&lt;b</i>. P &amp; Q."]


def test_small_caps_and_superscript_in_html() -> None:
    rec = _art("Smith", "John", 2020, "Zebra patterns")
    # AMA cites with superscript numbers
    res = format_all([rec], "ama")
    assert res.citation_html == "<sup>1</sup>" and res.citation == "1"


def test_empty_selection() -> None:
    assert format_bibliography([], "apa") == []
    assert format_citation([], "apa") == ""


def test_results_are_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _selection()[:2]
    first = format_bibliography(recs, "ieee")

    def fail(*_a: Any, **_k: Any) -> None:
        raise AssertionError("pandoc run again")

    monkeypatch.setattr(engine, "_run_pandoc", fail)
    assert format_bibliography(recs, "ieee") == first
    # a changed record is formatted anew
    recs[0].title = "Changed"
    with pytest.raises(AssertionError):
        format_bibliography(recs, "ieee")


def test_missing_pandoc_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFSHELF_PANDOC", "/nonexistent/pandoc")
    engine._cache.clear()
    with pytest.raises(UserError, match="could not be started"):
        format_bibliography([_art("Unique", "Name", 1999, "Never cached")], "apa")


def test_unknown_style_and_locale() -> None:
    rec = _art("Smith", "John", 2020, "Zebra patterns")
    with pytest.raises(UserError):
        format_bibliography([rec], "no-such-style")
    with pytest.raises(UserError):
        format_bibliography([rec], "apa", "xx-YY")


def test_style_without_bibliography_gives_each_records_citation(tmp_path: Any) -> None:
    p = tmp_path / "cite-only.csl"
    p.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>Cite only</title><id>cite-only</id></info>"
        '<citation><layout prefix="(" suffix=")" delimiter="; ">'
        '<names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix=" "><date-part name="year"/></date>'
        "</layout></citation></style>", encoding="utf-8")
    recs = [_art("Smith", "John", 2020, "Zebra"), _art("Brown", "Anna", 2018, "Apples")]
    assert format_bibliography(recs, str(p)) == ["(Smith 2020)", "(Brown 2018)"]
    assert format_citation(recs, str(p)) == "(Smith 2020; Brown 2018)"


def test_format_all_of_a_large_selection_computes_the_citation_on_demand(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import app.core.citation as citation

    recs = _selection() * 3
    expected = engine.format_records(recs, "apa")  # one full run: both outputs
    engine._cache.clear()
    monkeypatch.setattr(citation, "PARTITION_MIN", 4)
    wanted: list[bool] = []
    real = engine.format_records

    def spy(*args: Any, citation: bool = True, **kwargs: Any) -> engine.Formatted:
        wanted.append(citation)
        return real(*args, citation=citation, **kwargs)

    monkeypatch.setattr(citation, "_format_records", spy)
    res = citation.format_all(recs, "apa")
    assert res.bibliography == expected.bibliography and wanted == [False]
    assert res.citation == expected.citation and wanted == [False, True]
    assert res.citation_html == expected.citation_html and wanted == [False, True]
