"""RIS records written the usual way are split in one step (ris._PLAIN_RECORD_RE); these
are the cases where that step must give what the line-by-line rules give: line
breaks other than LF and CRLF, BOMs, tags without the space after '-', trailing
white space, a record without ER before a usual one, line numbers after blank
lines. And the reader's caches must not share what a caller may change.

Expected values follow from the RIS reading rules in ris.py's docstring.
"""

from __future__ import annotations

import pytest

from app.core.formats import get

RIS = get("ris")


def read(text: str):
    return RIS.read(text, "t.ris")


@pytest.mark.parametrize("brk", ["\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\u2029", "\r"])
def test_a_line_break_inside_a_usual_record_ends_the_line(brk: str) -> None:
    # str.splitlines() breaks the title line: its second half continues the title,
    # and the lines after it move down by one
    res = read(f"TY  - JOUR\nTI  - First{brk}Second\nER  - \n\nTY  - JOUR\nER  - \n")
    assert [r.title for r in res.records] == ["First Second"]
    assert [(f.line, f.reason) for f in res.failures] == [
        (6, "record has no title, author or identifier")]


def test_lone_cr_line_endings() -> None:
    res = read("TY  - JOUR\rTI  - Old Mac file\rAU  - Doe, J.\rER  - \r\rTY  - BOOK\r"
               "TI  - Second\rER  - \r")
    assert [r.title for r in res.records] == ["Old Mac file", "Second"]
    assert res.lines == [1, 6]


def test_a_bom_inside_the_text_is_dropped() -> None:
    res = read("TY  - JOUR\nTI  - One\nER  - \n\ufeffTY  - JOUR\nTI  - Ti\ufefftle\nER  - \n")
    assert [r.title for r in res.records] == ["One", "Title"]
    assert res.lines == [1, 4]


def test_tags_without_a_space_after_the_dash() -> None:
    res = read("TY  -JOUR\r\nTI  -No space\r\nAU  -Doe, Jane\r\nER  -\r\n")
    r = res.records[0]
    assert (r.type, r.title, r.creators[0].family) == ("article-journal", "No space", "Doe")


def test_white_space_around_values_goes_also_when_not_ascii() -> None:
    r = read("TY  - JOUR\nTI  - \u3000标题\u3000 \nT2  -\t\xa0Journal\xa0\t\nER  - \n").records[0]
    assert (r.title, r.container_title) == ("标题", "Journal")


def test_a_record_without_er_is_closed_by_the_next_usual_record() -> None:
    res = read("TY  - JOUR\nTI  - A\n\nTY  - BOOK\nTI  - B\nER  - \n")
    assert [(r.type, r.title) for r in res.records] == [("article-journal", "A"),
                                                        ("book", "B")]
    assert res.lines == [1, 4]


def test_blank_lines_between_records_count_for_line_numbers() -> None:
    text = "TY  - JOUR\r\nTI  - a\r\nER  - \r\n\r\n  \r\n\r\nTY  - JOUR\r\nN1  - \r\nER  - \r\n"
    res = read(text)
    assert res.lines == [1]
    assert [(f.line, f.raw) for f in res.failures] == [(7, "TY  - JOUR\nN1  - \nER  - ")]


def test_records_with_the_same_name_get_their_own_creator() -> None:
    res = read("TY  - JOUR\nTI  - a\nAU  - Doe, Jane\nER  - \n"
               "TY  - JOUR\nTI  - b\nAU  - Doe, Jane\nER  - \n")
    first, second = (r.creators[0] for r in res.records)
    assert first is not second
    first.family = "Changed"
    assert second.family == "Doe"


def test_the_same_name_is_read_by_each_file_s_own_rule() -> None:
    # in a file that writes its names 'Family, Given' a name without a comma is
    # kept whole; in a file that does not, it is 'Given Family'
    with_commas = read("TY  - BOOK\nTI  - t\nAU  - Doe, Jane\nAU  - Roe, Ann\n"
                       "A2  - Jane Q Public\nER  - \n").records[0]
    without = read("TY  - BOOK\nTI  - t\nAU  - Jane Q Public\nER  - \n").records[0]
    assert (with_commas.creators[2].literal, with_commas.creators[2].family) == (
        "Jane Q Public", "")
    assert (without.creators[0].family, without.creators[0].given) == ("Public", "Jane Q")


def test_a_name_in_an_editor_tag_keeps_its_role_when_read_again() -> None:
    r = read("TY  - JOUR\nTI  - a\nAU  - Doe, Jane\nED  - Doe, Jane\nER  - \n").records[0]
    assert [(c.family, c.role) for c in r.creators] == [("Doe", "author"), ("Doe", "editor")]


def test_da_and_py_in_either_order() -> None:
    a = read("TY  - JOUR\nTI  - a\nPY  - 2019///\nDA  - 2019/05/03/\nER  - \n").records[0]
    b = read("TY  - JOUR\nTI  - a\nDA  - 2019/05/03/\nPY  - 2019///\nER  - \n").records[0]
    assert a.issued == b.issued
    assert (a.issued.year, a.issued.month, a.issued.day) == (2019, 5, 3)
    c = read("TY  - JOUR\nTI  - a\nDA  - 2020/01/02/\nPY  - 2019\nER  - \n").records[0]
    assert c.issued.year == 2020
    assert c.extra["ris:PY"] == ["2019"]
