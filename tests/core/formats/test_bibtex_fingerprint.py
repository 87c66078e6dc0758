"""Export keeps a raw LaTeX name list exactly while the names read from it are unchanged,
told by the fingerprint stored at import; records stored without one are checked by
parsing the raw value as before."""

from __future__ import annotations

import json

import pytest

from app.core.formats.bibtex import (
    FIELD_FINGERPRINT_PREFIX,
    FINGERPRINT_PREFIX,
    RAW_KEY,
    read_bibtex,
    write_bibtex,
)
from app.core.records import Creator, Record

RAW_AUTHORS = r"M{\"u}ller, J{\"o}rg and {\AA}ngstr{\"o}m, Anders and others"
TEXT = ("@article{k,\n  author = {" + RAW_AUTHORS + "},\n"
        "  editor = {Smith, John and {\\O}stergaard, Lise},\n  title = {T},\n  year = 2001\n}\n")


def stored(rec: Record) -> Record:
    """The record as the library gives it back (through its JSON)."""
    return Record.from_dict(json.loads(json.dumps(rec.to_dict())))


def read_one() -> Record:
    result = read_bibtex(TEXT, "t.bib")
    assert not result.failures
    return stored(result.records[0])


def author_line(out: str) -> str:
    return next(ln for ln in out.splitlines() if ln.lstrip().startswith("author ="))


def test_import_stores_a_fingerprint_next_to_each_kept_raw_name_list() -> None:
    raw = read_one().extra[RAW_KEY]
    assert raw["creators:author"] == RAW_AUTHORS
    assert isinstance(raw[FINGERPRINT_PREFIX + "author"], str)
    assert isinstance(raw[FINGERPRINT_PREFIX + "editor"], str)
    assert raw[FINGERPRINT_PREFIX + "author"] != raw[FINGERPRINT_PREFIX + "editor"]


@pytest.mark.parametrize("ascii", [False, True])
def test_unchanged_names_are_written_as_they_came(ascii: bool) -> None:
    out = write_bibtex([read_one()], ascii=ascii)
    assert author_line(out) == "  author = {" + RAW_AUTHORS + "},"
    assert r"editor = {Smith, John and {\O}stergaard, Lise}," in out


@pytest.mark.parametrize("edit", ["given", "remove", "add", "etal", "role"])
def test_edited_names_are_written_from_the_record(edit: str) -> None:
    rec = read_one()
    authors = [c for c in rec.creators if c.role == "author"]
    if edit == "given":
        authors[0].given = "Jörn"
    elif edit == "remove":
        rec.creators.remove(authors[1])
    elif edit == "add":
        rec.creators.append(Creator(family="Neu", given="Nina"))
    elif edit == "etal":
        rec.extra["bibtex-etal"] = []
    else:
        authors[1].role = "translator"
    line = author_line(write_bibtex([rec]))
    assert line != "  author = {" + RAW_AUTHORS + "},"
    back = read_bibtex(write_bibtex([rec]), "out.bib").records[0]
    assert by_role(back) == by_role(rec)
    assert back.extra.get("bibtex-etal", []) == rec.extra.get("bibtex-etal", [])


def by_role(rec: Record) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for c in rec.creators:
        out.setdefault(c.role, []).append((c.family, c.given))
    return out


def test_records_stored_without_a_fingerprint_are_checked_by_parsing() -> None:
    rec = read_one()
    for role in ("author", "editor"):
        del rec.extra[RAW_KEY][FINGERPRINT_PREFIX + role]
    assert author_line(write_bibtex([rec])) == "  author = {" + RAW_AUTHORS + "},"
    rec.creators[0].family = "Meier"
    assert author_line(write_bibtex([rec])) == (
        "  author = {Meier, Jörg and Ångström, Anders and others},")


def test_a_raw_value_changed_without_its_fingerprint_is_not_trusted() -> None:
    rec = read_one()
    rec.extra[RAW_KEY]["creators:author"] = r"Someone, Else and {\AA}ngstr{\"o}m, Anders"
    out = write_bibtex([rec])
    assert "Someone" not in out
    assert author_line(out) == r"  author = {Müller, Jörg and Ångström, Anders and others},"


FIELDS = ("@article{f,\n  title = {The {\\LaTeX} Companion and {DNA}},\n"
          "  journal = {J. {\\&} Co.},\n  pages = {1--10},\n  doi = {https://doi.org/10.1/X},\n"
          "  howpublished = {Caf{\\'e} \\& bar},\n  year = 2001\n}\n")
RAW_LINES = ("  title = {The {\\LaTeX} Companion and {DNA}},", "  journal = {J. {\\&} Co.},",
             "  pages = {1--10},", "  howpublished = {Caf{\\'e} \\& bar},")


def read_fields() -> Record:
    return stored(read_bibtex(FIELDS, "f.bib").records[0])


def test_kept_raw_fields_have_fingerprints() -> None:
    raw = read_fields().extra[RAW_KEY]
    for key in ("title", "container_title", "pages", "doi", "bibtex:howpublished"):
        assert isinstance(raw[FIELD_FINGERPRINT_PREFIX + key], str), key


@pytest.mark.parametrize("drop", [False, True])
def test_unedited_fields_are_written_as_they_came_with_or_without_fingerprints(
        drop: bool) -> None:
    rec = read_fields()
    if drop:  # a record stored before fingerprints
        for key in [k for k in rec.extra[RAW_KEY] if k.startswith(FIELD_FINGERPRINT_PREFIX)]:
            del rec.extra[RAW_KEY][key]
    out = write_bibtex([rec])
    for line in RAW_LINES:
        assert line in out.splitlines(), (line, out)


def test_edited_fields_are_written_from_the_record() -> None:
    rec = read_fields()
    rec.title = "The LaTeX Companion and RNA"
    rec.pages = "1-11"
    rec.extra["bibtex:howpublished"] = "Café & club"
    out = write_bibtex([rec]).splitlines()
    assert "  title = {The LaTeX Companion and RNA}," in out
    assert "  pages = {1-11}," in out
    assert "  howpublished = {Café \\& club}," in out
    assert "  journal = {J. {\\&} Co.}," in out


def test_a_raw_field_changed_without_its_fingerprint_is_not_trusted() -> None:
    rec = read_fields()
    rec.extra[RAW_KEY]["title"] = "Something {Else}"
    assert "  title = {The LaTeX Companion and DNA}," in write_bibtex([rec]).splitlines()
