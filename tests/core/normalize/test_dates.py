"""Dates in the forms the corpus shows (expectations written by hand)."""

from __future__ import annotations

import pytest

from app.core.normalize.dates import format_ris_date, parse_date
from app.core.records import PartialDate


@pytest.mark.parametrize("text, ymd", [
    ("2019/03/01", (2019, 3, 1)),
    ("2005-02-29", (2005, 2, None)),  # no such day: the month stays
    ("2004-02-29", (2004, 2, 29)),
    ("2019-04-31", (2019, 4, None)),
    ("2019///", (2019, None, None)),
    ("2019/03//", (2019, 3, None)),
    ("2019/03/01/Spring", (2019, 3, 1)),
    ("2019/03/01/", (2019, 3, 1)),
    ("24 Apr 2013", (2013, 4, 24)),
    ("Dec 20, 2006", (2006, 12, 20)),
    ("December 20, 2006", (2006, 12, 20)),
    ("2021/6", (2021, 6, None)),
    ("2012 Nov 26", (2012, 11, 26)),
    ("2012 Nov-Dec", (2012, 11, None)),
    ("2023-06-01", (2023, 6, 1)),
    ("2023-06", (2023, 6, None)),
    ("2023", (2023, None, None)),
    ("June 2023", (2023, 6, None)),
    ("Sept. 2019", (2019, 9, None)),
    ("Spring 2020", (2020, None, None)),
    ("2020 Spring", (2020, None, None)),
    ("2021年3月5日", (2021, 3, 5)),
    ("2021年3月", (2021, 3, None)),
    ("2021年", (2021, None, None)),
    ("2021-03-05T10:00:00Z", (2021, 3, 5)),
    ("2021-03-05 10:00", (2021, 3, 5)),
    ("2021-03-05T10:00:00+08:00", (2021, 3, 5)),
    ("20210305", (2021, 3, 5)),
    ("03/15/2020", (2020, 3, 15)),
    ("15/03/2020", (2020, 3, 15)),
    ("15.03.2020", (2020, 3, 15)),
    ("2019.03.01", (2019, 3, 1)),
    ("c1998", (1998, None, None)),
    ("[1998]", (1998, None, None)),
    ("1998a", (1998, None, None)),
    ("2019/13/01", (2019, None, None)),
])
def test_parse_date_forms(text: str, ymd: tuple[int | None, int | None, int | None]) -> None:
    d = parse_date(text)
    assert d is not None
    assert (d.year, d.month, d.day) == ymd


def test_parse_date_unparsable_is_literal() -> None:
    assert parse_date("forthcoming") == PartialDate(literal="forthcoming")
    assert parse_date("n.d.") == PartialDate(literal="n.d.")


def test_parse_date_year_inside_text_keeps_the_literal() -> None:
    d = parse_date("1998-2000")
    assert d is not None and d.year == 1998 and d.literal == "1998-2000"


def test_parse_date_blank() -> None:
    assert parse_date(None) is None
    assert parse_date("") is None
    assert parse_date("   ") is None
    assert parse_date("///") is None


def test_format_ris_date() -> None:
    assert format_ris_date(PartialDate(2019)) == "2019///"
    assert format_ris_date(PartialDate(2019, 3)) == "2019/03//"
    assert format_ris_date(PartialDate(2019, 3, 1)) == "2019/03/01/"
    assert format_ris_date(PartialDate(literal="in press")) == "in press"
    assert format_ris_date(None) == ""


def test_parse_date_long_or_huge_numbers_are_literal() -> None:
    assert parse_date("1" * 5000) == PartialDate(literal="1" * 5000)
    d = parse_date("12345678901234567890 2020")
    assert d is not None and d.year == 2020
