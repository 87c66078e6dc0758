"""Every string is a valid search: any text returns results or none, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record

SYNTAX = ['"', "'", "(", ")", "*", "^", ":", "-", "+", "OR", "AND", "NOT", "NEAR", "{", "}",
          "[", "]", ";", "--", "/*", "\\", "%", "_", "\x00", "author:", "title:", "year:",
          "doi:", "tag:", "type:", "key:", "journal:", "abstract:", ">", "<=", "2019-2023",
          "中国", "文学", "é", "ß", "\u200b", "\ufeff", " ", "\n", "\t", "''", "\"\""]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    path = tmp_path_factory.mktemp("search") / "lib.sqlite"
    library = Library.open(path)
    library.import_records([
        Record(title="On the Electrodynamics of Moving Bodies",
               creators=[Creator(family="Einstein", given="Albert")], issued=PartialDate(1905),
               doi="10.1002/andp.19053221004", tags=["physics"]),
        Record(title="中国古代文学史", creators=[Creator(literal="袁行霈")],
               issued=PartialDate(1999)),
        Record(title="Ünïcödé: A \"quoted\" title (with) [brackets] OR * stars",
               creators=[Creator(family="Müller", given="Jörg")], issued=PartialDate(2020)),
    ])
    yield library
    library.close()


def check(lib: Library, q: str) -> None:
    for scope in ("all", "trash", "duplicates"):
        ids = lib.query_ids(q, scope=scope)
        assert isinstance(ids, list) and all(isinstance(i, int) for i in ids)
    lib.query_ids(q, sort="title", descending=True, limit=5)


@settings(max_examples=400, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(q=st.lists(st.sampled_from(SYNTAX) | st.text(st.characters(exclude_categories=["Cs"]), max_size=6), max_size=12).map(" ".join)
       | st.lists(st.sampled_from(SYNTAX), max_size=20).map("".join) | st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_query_text_is_valid(lib: Library, q: str) -> None:
    check(lib, q)


@pytest.mark.parametrize("q", [
    '"', '"""', "(", ")", "*", "NEAR(", "a NEAR/3 b", "title:", ":", "-", "--", "- -", "OR",
    "OR OR", "AND", "NOT", "^", "{title}: x", "year:>", "year:9999999999999999999999",
    "year:-5", "doi:", "doi:\"", "tag:'", "\x00", "\ud800", "x" * 100_000, "a " * 10_000,
    "中" * 5000, "'; DROP TABLE records; --", "title:\"unclosed", "author:(a OR b",
], ids=lambda q: repr(q[:20]))
def test_nasty_queries(lib: Library, q: str) -> None:
    check(lib, q)
    assert lib.count() == 3  # and nothing was changed by a query


# Lone surrogates (broken UTF-16 pasted from another program) in a field query
# must not reach SQLite unencoded.
@pytest.mark.parametrize("q", ["doi:\ud800", "tag:\udfff", "key:a\ud800b"])
def test_lone_surrogates_in_field_queries(lib: Library, q: str) -> None:
    check(lib, q)
