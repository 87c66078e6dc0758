"""The reader's fast paths give what the general code gives: names, name lists and
LaTeX decoding, on generated input."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.core.formats import bibtex
from app.core.formats.bibtex import (
    _fast_creator,
    _general_creator,
    parse_creator,
    split_name_list,
)
from app.core.normalize import latex

# letters of several kinds, blanks, and what BibTeX and LaTeX treat specially
_CHARS = st.sampled_from(list("abcXYZvdélÖøßİ王小明 ,,{}\\~$-'`.\t\n\u00a0"))
_NAMES = st.text(_CHARS, max_size=24)


def _key(c: object) -> tuple[str, str, str]:
    return (c.family, c.given, c.literal)  # type: ignore[attr-defined]


@settings(max_examples=1000, deadline=None)
@given(_NAMES)
@example("Smith, John")
@example("John Smith")
@example("Ludwig van Beethoven")
@example("van Beethoven, Ludwig")
@example("{World Health Organization}")
@example("{王小明}")
@example("Müller, Hans-Peter")
@example("Hans Müller")
@example("Plato")
@example("王, 小明")
@example("Ǆemal Bijedić")
def test_fast_name_is_the_general_name(name: str) -> None:
    s = name.strip()
    fast = _fast_creator(s, "author")
    if fast is not None:
        assert _key(fast) == _key(_general_creator(s, "author"))
        assert fast.role == "author"


def test_common_shapes_take_the_fast_path() -> None:
    for name in ("Smith, John A.", "John A. Smith", "Müller, Hans", "{World Health Organization}",
                 "Plato", "{杨娟}"):
        assert _fast_creator(name, "author") is not None, name
    for name in ("van Beethoven, Ludwig", "Ludwig van Beethoven", "M{\\\"u}ller, Hans",
                 "Smith, Jr., John", "王, 小明", "{Barnes {and} Noble}"):
        assert _fast_creator(name, "author") is None, name
    assert _key(parse_creator("{杨娟}")) == ("", "", "杨娟")


def _split_reference(value: str) -> list[str]:
    """Split on a blank, 'and' (any case), a blank, at brace depth 0; char by char."""
    value = value.strip()
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif (depth == 0 and ch in " \t\r\n" and value[i + 1:i + 4].lower() == "and"
              and i + 4 < n and value[i + 4] in " \t\r\n"):
            names.append(value[start:i].strip())
            start = i + 5
            i += 5
            continue
        i += 1
    names.append(value[start:].strip())
    return [x for x in names if x]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Smith", "{", "}", " and ", " AND ", "and", " ", "\t", "x",
                                 "{Barnes and Noble}", "\\'e", "  and  "]), max_size=12))
def test_name_list_split_matches_the_reference(parts: list[str]) -> None:
    value = "{" + "".join(parts)  # with a brace, so the brace-aware split runs
    assert split_name_list(value) == _split_reference(value)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("ab {}{}'`---.\u00e9\t\n")), max_size=30))
def test_dashes_and_braces_alone_are_what_the_token_pass_changes(text: str) -> None:
    # decode() replaces dashes and drops braces itself when no \\, $ or ~ is left
    expected = (text.replace("---", "\u2014").replace("--", "\u2013")
                .replace("{", "").replace("}", ""))
    assert latex._TOKEN.sub(latex._replace, text) == expected


def _balanced_reference(value: str) -> bool:
    """Char by char: a character after a backslash is skipped."""
    depth = 0
    prev = ""
    for ch in value:
        if prev == "\\":
            prev = ""
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        prev = ch
    return depth == 0 and prev != "\\"


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("ab{}\\ \n")), max_size=20))
@example("\\\\{")
@example("{\\}")
@example("a\\")
@example("}{")
def test_balanced_braces_match_the_reference(value: str) -> None:
    assert bibtex._balanced(value) == _balanced_reference(value)


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(list("ab -'`{}\\~$x\n")), max_size=12))
@example("--")
@example("a''b")
@example("``")
@example("-'`")
def test_needs_decode_finds_what_the_plain_alternation_finds(text: str) -> None:
    plain = re.compile(r"[\\{}~$]|--|``|''")
    assert latex.needs_decode(text) == (plain.search(text) is not None)


def test_a_repeated_name_gives_a_creator_of_its_own_each_time() -> None:
    # names are parsed once and remembered: the Creators made from them are not shared
    first = parse_creator("van Beethoven, Ludwig", "author")
    first.family = "changed"
    again = parse_creator("van Beethoven, Ludwig", "editor")
    assert _key(again) == ("van Beethoven", "Ludwig", "")
    assert again.role == "editor"
    people, _others = bibtex.parse_creators("van Beethoven, Ludwig and Plato", "translator")
    assert [(_key(c), c.role) for c in people] == [
        (("van Beethoven", "Ludwig", ""), "translator"), (("Plato", "", ""), "translator")]
    assert people[0] is not again
