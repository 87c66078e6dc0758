"""Style preparation: repairs applied to every style before pandoc reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.core.citation import SHIPPED_STYLE_IDS, format_bibliography, resolve_style
from app.core.citation import engine
from app.core.records import Creator, PartialDate, Record

_NS = "{http://purl.org/net/xbiblio/csl}"


def _chapter() -> Record:
    return Record(type="chapter", title="Reading in the digital age",
                  container_title="Handbook of Literacy", pages="45-67", edition="2",
                  publisher="Oxford University Press", place="Oxford",
                  creators=[Creator("Brown", "Alice"),
                            Creator("White", "Robert", role="editor"),
                            Creator("Black", "Susan", role="editor")],
                  issued=PartialDate(2018))


def _edited_book() -> Record:
    return Record(type="book", title="Handbook of Literacy",
                  publisher="Oxford University Press",
                  creators=[Creator("White", "Robert", role="editor"),
                            Creator("Black", "Susan", role="editor")],
                  issued=PartialDate(2018))


def _bare_labels(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [str(n.get("variable")) for n in root.iter(f"{_NS}names")
            if n.find(f"{_NS}label") is not None and n.find(f"{_NS}name") is None]


def test_ama_chapter_puts_eds_after_the_editors() -> None:
    # AMA Manual of Style 11th ed. §3.12.7 (chapter in a book):
    # Author. Chapter title. In: Editor A, Editor B, eds. Book Title. Edition. Publisher; year:pages.
    assert format_bibliography([_chapter()], "ama") == [
        "1. Brown A. Reading in the digital age. In: White R, Black S, eds. "
        "Handbook of Literacy. 2nd ed. Oxford University Press; 2018:45-67."]


def test_ama_edited_book_starts_with_the_editors() -> None:
    # AMA 11th ed. §3.12.7: an edited book with no authors lists the editors, then "eds."
    assert format_bibliography([_edited_book()], "ama") == [
        "1. White R, Black S, eds. Handbook of Literacy. Oxford University Press; 2018."]


def test_vancouver_editors_are_followed_by_editors() -> None:
    # Citing Medicine 2nd ed., ch. 2 (chapter in a book; editors as authors):
    # "In: Vogelstein B, Kinzler KW, editors. The genetic basis..."; "Gilstrap LC 3rd,
    # Cunningham FG, VanDorsten JP, editors. Operative obstetrics..."
    chapter = format_bibliography([_chapter()], "vancouver")[0]
    assert ". In: White R, Black S, editors. Handbook of Literacy. 2nd ed. Oxford: " in chapter
    book = format_bibliography([_edited_book()], "vancouver")[0]
    assert book.startswith("1. White R, Black S, editors. Handbook of Literacy. ")


@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_no_prepared_shipped_style_has_a_label_without_a_name(style: str) -> None:
    for locale in ("en-US", "zh-CN"):
        assert _bare_labels(engine.prepared_style(resolve_style(style), locale)) == []


def test_a_user_style_with_a_bare_label_gets_a_name_before_it(tmp_path: Path) -> None:
    p = tmp_path / "bare-label.csl"
    p.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>Bare label</title><id>bare-label</id></info>"
        '<citation><layout><names variable="author"/></layout></citation>'
        '<bibliography><layout suffix=".">'
        '<names variable="editor"><label form="short" prefix=", "/></names>'
        '<text variable="title" prefix=". "/></layout></bibliography></style>',
        encoding="utf-8")
    prepared = engine.prepared_style(resolve_style(str(p)), "en-US")
    assert _bare_labels(prepared) == []
    assert format_bibliography([_edited_book()], str(p)) == [
        "Robert White, Susan Black, eds. Handbook of Literacy."]


def test_a_style_needing_no_repair_is_read_as_it_is() -> None:
    info = resolve_style("apa")
    assert engine.prepared_style(info, "en-US") == engine.independent_path(info)


def test_vancouver_page_ranges_take_a_hyphen() -> None:
    # Citing Medicine 2nd ed., ch. 1 sample citation, exactly:
    # "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients.
    #  N Engl J Med. 2002 Jul 25;347(4):284-7."  (ch. 2: "...; 2002. p. 93-113.")
    art = Record(type="article-journal",
                 title="Solid-organ transplantation in HIV-infected patients",
                 container_title="N Engl J Med", volume="347", issue="4", pages="284-287",
                 issued=PartialDate(2002, 7, 25),
                 creators=[Creator("Halpern", "Scott D"), Creator("Ubel", "Peter A"),
                           Creator("Caplan", "Arthur L")])
    assert format_bibliography([art], "vancouver") == [
        "1. Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected "
        "patients. N Engl J Med. 2002 Jul 25;347(4):284-7."]
    assert format_bibliography([_chapter()], "vancouver")[0].endswith(
        "Oxford: Oxford University Press; 2018. p. 45-67.")


def test_a_term_the_style_defines_is_not_added_again() -> None:
    root = ET.fromstring(
        '<style xmlns="http://purl.org/net/xbiblio/csl"><locale><terms>'
        '<term name="page-range-delimiter">–</term></terms></locale></style>')
    assert engine._add_terms(root, {"page-range-delimiter": "-"}) is False
    assert [t.text for t in root.iter(f"{_NS}term")] == ["–"]


def test_a_substitute_names_keeps_the_name_of_the_names_it_stands_for(tmp_path: Path) -> None:
    p = tmp_path / "substitute.csl"
    p.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>Substitute</title><id>substitute</id></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout>'
        '<names variable="author"><name name-as-sort-order="all" initialize-with="."'
        ' and="symbol"/><label form="short" prefix=" (" suffix=")"/>'
        '<substitute><names variable="editor"><label form="short" prefix=", "/></names>'
        "</substitute></names>"
        '<text variable="title" prefix=". "/></layout></bibliography></style>',
        encoding="utf-8")
    # CSL 1.0.2 "Substitution": a substituted <names> takes the substituted-for <name>
    assert format_bibliography([_edited_book()], str(p)) == [
        "White, R. & Black, S., eds. Handbook of Literacy"]
