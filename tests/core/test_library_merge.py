"""Merging several records at once, with the user's choice of each field's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import LibraryError
from app.core.library import Library, merge_records
from tests.core.test_library import dump, rec


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()


def three(lib: Library) -> list[int]:
    return lib.import_records([
        rec("Deep learning", family="LeCun", year=2015, volume="521", tags=["a"],
            notes=["first note"]),
        rec("Deep Learning (review)", family="LeCun", year=2015, volume="522", pages="436-444",
            tags=["b"], attachments=["/papers/lecun.pdf"]),
        rec("Deep learning.", family="Bengio", year=2016, volume="523",
            doi="10.1038/nature14539", tags=["c"]),
    ], policy="import").added


def test_merge_of_three_is_one_undoable_step(lib: Library) -> None:
    a, b, c = three(lib)
    cid = lib.create_collection("Reading").value
    lib.add_to_collection(cid, [c])
    before = dump(lib)
    res = lib.merge(a, [b, c])
    m = lib.get(a)
    assert lib.is_trashed(b) and lib.is_trashed(c) and not lib.is_trashed(a)
    assert res.changes.modified == {a} and res.changes.removed == {b, c}
    assert m.title == "Deep learning" and m.volume == "521"
    assert m.pages == "436-444" and m.doi == "10.1038/nature14539"
    assert sorted(m.tags) == ["a", "b", "c"]
    assert m.notes == ["first note"] and m.attachments == ["/papers/lecun.pdf"]
    assert a in lib.query_ids(collection=cid)
    # the third record's differing volume is not lost behind the second's
    assert {m.extra["merged:volume"], m.extra["merged:volume:2"]} == {"522", "523"}
    assert lib.undo().value == "Merge records"
    assert dump(lib) == before


def test_chosen_values_replace_the_masters_which_is_kept_aside(lib: Library) -> None:
    a, b, c = three(lib)
    lib.merge(a, [b, c], chosen={"title": b, "volume": c, "creators": c, "issued": c,
                                 "pages": a})
    m = lib.get(a)
    assert m.title == "Deep Learning (review)" and m.volume == "523"
    assert [x.family for x in m.creators] == ["Bengio"] and m.year == 2016
    assert m.pages == "436-444"  # the master had none: its empty value is no choice
    assert m.extra["merged:title"] == "Deep learning"
    assert "522" in (m.extra["merged:volume"], m.extra.get("merged:volume:2"))
    assert "521" in (m.extra["merged:volume"], m.extra.get("merged:volume:2"))
    assert "523" not in m.extra.values()  # the chosen value is the field's own now
    assert m.extra["merged:creators"][0]["family"] == "LeCun"
    assert m.extra["merged:issued"] == "2015"
    lib.undo()
    assert lib.get(a).title == "Deep learning" and not lib.is_trashed(c)


def test_choosing_the_masters_value_is_the_plain_merge(lib: Library) -> None:
    a, b, c = three(lib)
    plain = merge_records(merge_records(lib.get(a), lib.get(b)), lib.get(c))
    lib.merge(a, [b, c], chosen={"title": a, "volume": a})
    got = lib.get(a)
    assert got.title == plain.title and got.volume == plain.volume
    assert got.extra == plain.extra


def test_merge_refuses_bad_choices_and_changes_nothing(lib: Library) -> None:
    a, b, c = three(lib)
    before = dump(lib)
    with pytest.raises(LibraryError):
        lib.merge(a, [b, a])
    with pytest.raises(ValueError):
        lib.merge(a, [b], chosen={"title": c})
    with pytest.raises(ValueError):
        lib.merge(a, [b], chosen={"tags": b})
    assert dump(lib) == before

