"""Name parsing and splitting (expectations written by hand from the naming conventions)."""

from __future__ import annotations

import pytest

from app.core.normalize.names import (
    looks_like_affiliation,
    looks_like_organization,
    parse_name,
    split_names,
)
from app.core.records import Creator


def fg(c: Creator) -> tuple[str, str, str]:
    return (c.family, c.given, c.literal)


@pytest.mark.parametrize("text, expected", [
    ("Family, Given", ("Family", "Given", "")),
    ("Radchenko, S.", ("Radchenko", "S.", "")),
    ("John Smith", ("Smith", "John", "")),
    ("John Ronald Reuel Tolkien", ("Tolkien", "John Ronald Reuel", "")),
    ("Ludwig van Beethoven", ("van Beethoven", "Ludwig", "")),
    ("de la Cruz, Maria", ("de la Cruz", "Maria", "")),
    ("Smith JA", ("Smith", "J. A.", "")),
    ("Smith, John, Jr.", ("Smith", "John, Jr.", "")),
    ("Smith, Jr., John", ("Smith", "John, Jr.", "")),
    ("John Smith Jr.", ("Smith", "John, Jr.", "")),
    ("Plato", ("Plato", "", "")),
    ("  Doe ,  Jane  ", ("Doe", "Jane", "")),
])
def test_parse_name_western(text: str, expected: tuple[str, str, str]) -> None:
    assert fg(parse_name(text)) == expected


def test_parse_name_cjk_is_kept_whole() -> None:
    assert fg(parse_name("王小明")) == ("", "", "王小明")
    assert fg(parse_name("欧阳 修")) == ("", "", "欧阳修")
    assert parse_name("王小明").display() == "王小明"


def test_parse_name_cjk_with_comma_is_family_given_without_space() -> None:
    c = parse_name("王, 小明")
    assert fg(c) == ("王", "小明", "")
    assert c.display() == "王小明"


def test_parse_name_strips_affiliation_markers() -> None:
    assert fg(parse_name("Smith, John1,2*")) == ("Smith", "John", "")
    assert fg(parse_name("Jane Doe†")) == ("Doe", "Jane", "")
    assert fg(parse_name("Li Wei²")) == ("Wei", "Li", "")
    assert fg(parse_name("王小明1")) == ("", "", "王小明")


def test_parse_name_corporate_is_literal() -> None:
    assert fg(parse_name("{Barnes and Noble, Inc.}")) == ("", "", "Barnes and Noble, Inc.")
    assert fg(parse_name("World Health Organization")) == ("", "", "World Health Organization")


def test_parse_name_role_and_blank() -> None:
    assert parse_name("Doe, Jane", role="editor").role == "editor"
    assert fg(parse_name("")) == ("", "", "")
    assert fg(parse_name("  *  ")) == ("", "", "")


@pytest.mark.parametrize("text, expected", [
    ("王小明;李华;", [("", "", "王小明"), ("", "", "李华")]),
    ("王小明;;李华;;", [("", "", "王小明"), ("", "", "李华")]),
    ("张三，李四、王五", [("", "", "张三"), ("", "", "李四"), ("", "", "王五")]),
    ("张三, 李四", [("", "", "张三"), ("", "", "李四")]),
    ("Radchenko, S.", [("Radchenko", "S.", "")]),
    ("Smith, J., Doe, K.", [("Smith", "J.", ""), ("Doe", "K.", "")]),
    ("Smith, John and Doe, Jane", [("Smith", "John", ""), ("Doe", "Jane", "")]),
    ("A. Smith and B. Jones", [("Smith", "A.", ""), ("Jones", "B.", "")]),
    ("John Smith, Jane Doe and Bob Lee",
     [("Smith", "John", ""), ("Doe", "Jane", ""), ("Lee", "Bob", "")]),
    ("John Smith, Jane Doe, & Bob Lee",
     [("Smith", "John", ""), ("Doe", "Jane", ""), ("Lee", "Bob", "")]),
    ("Smith J, Doe K, Lee M", [("Smith", "J.", ""), ("Doe", "K.", ""), ("Lee", "M.", "")]),
    ("van der Berg, Anna Maria", [("van der Berg", "Anna Maria", "")]),
    ("Smith, John; Doe, Jane", [("Smith", "John", ""), ("Doe", "Jane", "")]),
    ("Smith et al.", [("Smith", "", "")]),
    ("{Barnes and Noble, Inc.}", [("", "", "Barnes and Noble, Inc.")]),
])
def test_split_names(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [fg(c) for c in split_names(text)] == expected


def test_split_names_drops_affiliations() -> None:
    got = split_names("Smith, John; Department of Physics, University of Oxford, OX1 3PU")
    assert [fg(c) for c in got] == [("Smith", "John", "")]
    got = split_names("王小明;北京大学物理学院;李华")
    assert [fg(c) for c in got] == [("", "", "王小明"), ("", "", "李华")]


def test_split_names_keeps_corporate_authors_with_a_year_or_collaboration() -> None:
    got = split_names("Smith, J.; GBD 2019 Diseases and Injuries Collaborators")
    assert [fg(c) for c in got] == [("Smith", "J.", ""),
                                    ("", "", "GBD 2019 Diseases and Injuries Collaborators")]
    got = split_names("Writing Committee for the 2020 Guidelines")
    assert [fg(c) for c in got] == [("", "", "Writing Committee for the 2020 Guidelines")]
    got = split_names("CMS Collaboration; ATLAS Collaboration")
    assert [fg(c) for c in got] == [("", "", "CMS Collaboration"), ("", "", "ATLAS Collaboration")]
    # a postcode line is still an address, not a name
    got = split_names("Li Ming; Peking University, Beijing 100871, China")
    assert [fg(c) for c in got] == [("Ming", "Li", "")]
    assert looks_like_affiliation("Beijing 100871")


def test_split_names_blank() -> None:
    assert split_names("") == []
    assert split_names(" ; ; ") == []


def test_split_names_role() -> None:
    assert {c.role for c in split_names("A. B; C. D", role="editor")} == {"editor"}


def test_affiliation_and_organization_predicates() -> None:
    assert looks_like_affiliation("University of Oxford")
    assert looks_like_affiliation("清华大学计算机系")
    assert looks_like_affiliation("someone@example.org")
    assert not looks_like_affiliation("Jane Doe")
    assert not looks_like_affiliation("World Health Organization")
    assert looks_like_organization("Acme Corporation")
    assert not looks_like_organization("王小明")


def test_split_names_with_long_blank_runs_and_no_email() -> None:
    """Long runs of blanks once made the separator patterns cubic (a hang)."""
    got = split_names("Smith, John" + " " * 20000 + "and Doe, Jane")
    assert [fg(c) for c in got] == [("Smith", "John", ""), ("Doe", "Jane", "")]
    assert parse_name("a" * 50000).family == "a" * 50000
