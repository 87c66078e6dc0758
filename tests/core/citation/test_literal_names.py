"""Organisation (literal) names keep their own case in styles that upper-case surnames."""

from __future__ import annotations

import html
import re

import pytest

from app.core.citation import format_all, format_bibliography
from app.core.citation.items import (
    LITERAL_MARK,
    mark_literal_names,
    records_to_items,
    restore_literal_names,
)
from app.core.records import Creator, PartialDate, Record


def _who() -> Record:
    return Record(type="report", title="Factors regulating the immune response: "
                  "report of WHO Scientific Group", publisher="WHO", place="Geneva",
                  issued=PartialDate(1970), creators=[Creator(literal="World Health Organization")])


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_gbt_numeric_keeps_an_organisation_in_its_own_case() -> None:
    # GB/T 7714-2015's own example (8.1, primary responsibility): an organisation as it is written
    res = format_all([_who()], "gbt7714")
    expected = ("[1] World Health Organization. Factors regulating the immune response: "
                "report of WHO Scientific Group[R]. Geneva: WHO, 1970.")
    assert res.bibliography == [expected]
    assert _plain(res.bibliography_html[0]) == expected
    assert "span" not in res.bibliography_html[0] and LITERAL_MARK not in res.bibliography_html[0]


def test_western_surnames_stay_upper_case_and_cjk_names_untouched() -> None:
    rec = Record(type="book", title="Joint handbook", publisher="AT&T Press", place="Murray Hill",
                 issued=PartialDate(2001),
                 creators=[Creator("Smith", "John"), Creator(literal="AT&T Bell Laboratories"),
                           Creator("王", "小明")])
    res = format_all([rec], "gbt7714")
    # GB/T 7714-2015 8.1.1: Western surname in capitals, initials without periods
    assert res.bibliography == [
        "[1] SMITH J, AT&T Bell Laboratories, 王小明. Joint handbook[M]. "
        "Murray Hill: AT&T Press, 2001."]
    assert res.bibliography_html == [
        "[1] SMITH J, AT&amp;T Bell Laboratories, 王小明. Joint handbook[M]. "
        "Murray Hill: AT&amp;T Press, 2001."]


def test_gbt_author_date_sorts_and_cites_the_organisation_by_its_name() -> None:
    recs = [
        Record(type="report", title="Zeta report", issued=PartialDate(1972),
               creators=[Creator("Mbz", "Anna")]),
        _who(),
        Record(type="report", title="Mbeki report", issued=PartialDate(1972),
               creators=[Creator(literal="Mbeki Institute")]),
        Record(type="report", title="Mbalu report", issued=PartialDate(1972),
               creators=[Creator("Mbalu", "Anna")]),
    ]
    res = format_all(recs, "gbt7714-ad")
    # GB/T 7714-2015 9.2: author-date entries in alphabetical order of the first responsibility
    assert [e.split(",")[0] for e in res.bibliography] == [
        "MBALU A", "Mbeki Institute", "MBZ A", "World Health Organization"]
    assert "World Health Organization, 1970" in res.citation
    assert LITERAL_MARK not in res.citation + res.citation_html + "".join(res.bibliography_html)


def test_chinese_locale_mixed_selection_and_bibliography_only_path() -> None:
    cjk = Record(type="book", language="zh-CN", title="数字人文", publisher="出版社", place="北京",
                 creators=[Creator("王", "小明")], issued=PartialDate(2021))
    for style in ("gbt7714", "gbt7714-ad"):
        entries = format_bibliography([cjk, _who()], style, "zh-CN")
        who = [e for e in entries if "immune" in e]
        assert len(who) == 1 and "World Health Organization" in who[0], entries
        assert all(LITERAL_MARK not in e for e in entries)


@pytest.mark.parametrize("style", ["apa", "ama", "ieee"])
def test_styles_that_keep_case_are_unchanged(style: str) -> None:
    res = format_all([_who()], style)
    assert "World Health Organization" in res.bibliography[0]
    assert LITERAL_MARK not in res.bibliography[0] + res.bibliography_html[0]


def test_mark_and_restore() -> None:
    items = records_to_items([Record(title="T", creators=[
        Creator(literal="AT&T Labs"), Creator("Doe", "Jane"), Creator(literal="中国科学院"),
        Creator(literal="3M"), Creator(literal="1984")])])
    originals = mark_literal_names(items)
    names = items[0]["author"]
    assert names[0] == {"literal": f"{LITERAL_MARK}AT&T Labs{LITERAL_MARK}"}
    assert names[1] == {"family": "Doe", "given": "Jane"}
    assert names[2] == {"literal": "中国科学院"}  # CJK: case cannot touch it
    assert names[3]["literal"] == f"{LITERAL_MARK}3M{LITERAL_MARK}"
    assert names[4] == {"literal": "1984"}  # no letters
    m = LITERAL_MARK
    assert restore_literal_names(f"{m}AT&T LABS{m}, DOE J", originals) == "AT&T Labs, DOE J"
    assert restore_literal_names(f"{m}AT&amp;T LABS{m}.", originals,
                                 as_html=True) == "AT&amp;T Labs."
    # a name the style styled with markup of its own, or one we never marked: marks removed only
    assert restore_literal_names(f"{m}<b>AT&amp;T LABS</b>{m}", originals,
                                 as_html=True) == "<b>AT&amp;T LABS</b>"
    assert restore_literal_names(f"{m}OTHER{m}", originals) == "OTHER"
