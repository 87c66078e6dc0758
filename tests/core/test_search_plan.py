"""How a search over many hits is run: the sort-index walk for dense full-text hits,
and the year index when a year condition leaves few or none (typing 'year:2019'
passes through 'year:2', 'year:20', 'year:201', which match nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from app.core.library import Library
from app.core.records import Creator, PartialDate, Record

N = 2600  # dense: over 2,000 full-text hits and over a tenth of the library


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library.open(tmp_path_factory.mktemp("plan") / "p.sqlite")
    recs = [Record(title=f"Deep study {i}", creators=[Creator(f"Author{i % 97}", "A.")],
                   issued=PartialDate(1960 + i % 60)) for i in range(N)]
    recs += [Record(title=f"Other topic {i}", issued=PartialDate(2000)) for i in range(50)]
    library.import_records(recs, policy="import")
    return library


@contextmanager
def statements(lib: Library) -> Iterator[list[str]]:
    seen: list[str] = []
    lib.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        lib.conn.set_trace_callback(None)


def expected(lib: Library, year_test: object) -> list[int]:
    rows = lib.conn.execute("SELECT id, title_sort, year FROM records WHERE deleted_at IS NULL "
                            "AND title LIKE 'Deep%' ORDER BY title_sort, id").fetchall()
    return [i for i, _t, y in rows if year_test(y)]  # type: ignore[operator]


def test_a_year_that_matches_nothing_never_runs_the_full_text_search(lib: Library) -> None:
    for q in ("deep year:2", "deep year:20", "title:deep year:201", "deep year:2100"):
        with statements(lib) as seen:
            assert lib.query_ids(q, sort="title") == []
        assert not [s for s in seen if "records_fts" in s], q


def test_a_narrow_year_lets_the_planner_use_the_year_index(lib: Library) -> None:
    with statements(lib) as seen:
        ids = lib.query_ids("deep year:1999", sort="title")
    assert ids == expected(lib, lambda y: y == 1999)
    assert len(ids) == N // 60 + (1 if N % 60 > 39 else 0)
    assert not [s for s in seen if "INDEXED BY" in s]


def test_dense_hits_with_a_wide_year_range_keep_the_sort_index_walk(lib: Library) -> None:
    with statements(lib) as seen:
        ids = lib.query_ids("deep year:>1961", sort="title", limit=100)
    assert ids == expected(lib, lambda y: y > 1961)[:100]
    assert [s for s in seen if "INDEXED BY idx_live_title_sort" in s]


def test_plain_dense_search_keeps_the_walk(lib: Library) -> None:
    with statements(lib) as seen:
        ids = lib.query_ids("deep", sort="title", limit=50)
    assert ids == expected(lib, lambda y: True)[:50]
    assert [s for s in seen if "INDEXED BY" in s]
