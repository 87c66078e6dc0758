"""Every creator role survives a round trip through each tagged format.

A role a format has no tag for (a chapter's book author in RIS, an interviewer in
EndNote …) must not come back as an author or a translator: it is written as a
note line "Creator (<role>): Family, Given" that our readers take back.
"""

from __future__ import annotations

import pytest

from app.core.formats import get, load_builtin_formats
from app.core.records import CREATOR_ROLES, Creator, Record

load_builtin_formats()

FORMATS = ("ris", "enw", "noteexpress", "refworks")
TYPES = ("chapter", "book", "article-journal", "thesis", "report", "interview",
         "personal_communication", "motion_picture", "patent", "webpage", "song")


def _record(rtype: str) -> Record:
    rec = Record(type=rtype, title="Roles")
    rec.creators = [Creator(f"Name{i}", "Given", "", role)
                    for i, role in enumerate(CREATOR_ROLES)]
    rec.notes = ["A plain note."]
    return rec


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("rtype", TYPES)
def test_every_role_comes_back(fmt: str, rtype: str) -> None:
    rec = _record(rtype)
    f = get(fmt)
    back = f.read(f.write([rec])).records[0]
    assert sorted((c.family, c.role) for c in back.creators) == \
        sorted((c.family, c.role) for c in rec.creators)
    assert back.notes == ["A plain note."]


def test_chapter_book_author_is_not_an_author() -> None:
    """The Kant chapter of biblatex-examples: its book author came back as an author."""
    rec = Record(type="chapter", title="Kritik der Urteilskraft",
                 creators=[Creator("Kant", "Immanuel", "", "author"),
                           Creator("Kant", "Immanuel", "", "container-author")])
    for fmt in FORMATS:
        text = get(fmt).write([rec])
        # other tools see the name, in a note
        assert "Creator (container-author): Kant, Immanuel" in text, fmt
        back = get(fmt).read(text).records[0]
        assert [c.role for c in back.creators] == ["author", "container-author"], fmt


def test_ris_book_author_written_as_note_not_au() -> None:
    rec = Record(type="chapter", title="T",
                 creators=[Creator("Kant", "Immanuel", "", "container-author")])
    text = get("ris").write([rec])
    assert "AU  -" not in text
    assert "N1  - Creator (container-author): Kant, Immanuel" in text


def test_a_users_note_like_a_role_note_with_unknown_role_stays_a_note() -> None:
    text = "TY  - JOUR\nTI  - T\nN1  - Creator (sponsor): Someone, A.\nER  - \n"
    back = get("ris").read(text).records[0]
    assert back.creators == []
    assert back.notes == ["Creator (sponsor): Someone, A."]


def test_endnote_subsidiary_author_is_the_translator() -> None:
    text = "%0 Book\n%A Author, A.\n%? Translator, T.\n%T T\n"
    back = get("enw").read(text).records[0]
    assert [(c.family, c.role) for c in back.creators] == [("Author", "author"),
                                                            ("Translator", "translator")]
