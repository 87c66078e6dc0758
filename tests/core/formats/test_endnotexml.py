"""EndNote XML: read through the EndNote/Refer mapping, one record at a time."""

from __future__ import annotations

from pathlib import Path

from app.core import formats
from app.core.formats.endnotexml import read_endnote_xml

GOOD = """<record><ref-type name="{ty}">0</ref-type>
<contributors><authors><author><style face="normal">Müller, Anna K</style></author>
<author>王小明</author></authors>
<secondary-authors><author>Roe, Richard</author></secondary-authors></contributors>
<titles><title><style face="normal">Plain </style><style face="bold">Bold</style></title>
<secondary-title>{journal}</secondary-title></titles>
<periodical><full-title>{journal}</full-title><abbr-1>J. Test</abbr-1></periodical>
<pages>12-19</pages><volume>7</volume><number>3</number>
<keywords><keyword>alpha</keyword><keyword>beta</keyword></keywords>
<dates><year>2019</year><pub-dates><date>2019-05-04</date></pub-dates></dates>
<electronic-resource-num>https://doi.org/10.1000/XYZ.1</electronic-resource-num>
<urls><related-urls><url>https://example.org/a</url></related-urls>
<pdf-urls><url>internal-pdf://1234/a.pdf</url></pdf-urls></urls>
<label>mueller2019</label><research-notes>kept</research-notes>
<abstract>Text &amp; more</abstract></record>"""


def doc(*records: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>\n'
            + "\n".join(records) + "\n</records></xml>\n")


def test_every_field_of_a_journal_article() -> None:
    res = read_endnote_xml(doc(GOOD.format(ty="Journal Article", journal="Test Journal")))
    assert res.failures == []
    [r] = res.records
    assert r.type == "article-journal"
    assert r.title == "Plain Bold"  # rich-text runs joined as plain text
    assert [(c.family, c.given, c.literal, c.role) for c in r.creators] == [
        ("Müller", "Anna K.", "", "author"), ("", "", "王小明", "author"),
        ("Roe", "Richard", "", "editor")]
    assert r.container_title == "Test Journal"
    assert "enw:%B" not in r.extra  # the repeated secondary title is not kept twice
    assert r.extra["enx:abbr-1"] == ["J. Test"]
    assert (r.volume, r.issue, r.pages) == ("7", "3", "12-19")
    assert (r.issued.year, r.issued.month, r.issued.day) == (2019, 5, 4)
    assert r.doi == "10.1000/XYZ.1"
    assert r.url == "https://example.org/a"  # not the internal-pdf:// link
    assert r.extra["enx:pdf-url"] == ["internal-pdf://1234/a.pdf"]
    assert r.keywords == ["alpha", "beta"]
    assert r.citation_key == "mueller2019"
    assert r.abstract == "Text & more"
    assert r.extra["enx:research-notes"] == ["kept"]


def test_book_section_container_is_the_secondary_title() -> None:
    rec = GOOD.format(ty="Book Section", journal="Big Book").replace(
        "<periodical><full-title>Big Book</full-title>", "<periodical>")
    [r] = read_endnote_xml(doc(rec)).records
    assert r.type == "chapter" and r.container_title == "Big Book"


def test_a_malformed_record_is_a_failure_at_its_line_and_the_others_are_read() -> None:
    one = GOOD.format(ty="Journal Article", journal="J")
    broken = "<record><ref-type name=\"Book\">6</ref-type>\n<titles><title>Bad &nbsp; entity" \
             "</title></titles></record>"
    text = doc(one, broken, one.replace("Plain ", "Second "))
    res = read_endnote_xml(text, "lib.xml")
    assert [r.title for r in res.records] == ["Plain Bold", "Second Bold"]
    [f] = res.failures
    assert f.line == text.splitlines().index("<titles><title>Bad &nbsp; entity</title>"
                                             "</titles></record>") + 1
    assert str(f).startswith(f"lib.xml:{f.line}: malformed XML")
    assert "undefined entity" in f.reason
    assert res.lines[1] == text[:text.index("<record>", text.index("Bad"))].count("\n") + 1


def test_xml_without_records_says_so() -> None:
    res = read_endnote_xml("<?xml version='1.0'?><xml><records></records></xml>", "e.xml")
    assert res.records == []
    assert [str(f) for f in res.failures] == [
        "e.xml:1: no EndNote XML record found (no <record> elements)"]


def test_found_by_content_whatever_the_extension(tmp_path: Path) -> None:
    text = doc(GOOD.format(ty="Thesis", journal="X"))
    for name in ("export.xml", "export.txt"):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        res = formats.read_path(str(p))
        assert res.format_id == "endnotexml"
        assert res.records[0].type == "thesis"
    assert "EndNote XML (*.xml)" in formats.file_dialog_filters()
    assert "endnotexml" not in [f.id for f in formats.writers()]


def test_elements_without_an_endnote_tag_are_kept() -> None:
    rec = ("<record><ref-type name=\"Book\">6</ref-type><contributors><translated-authors>"
           "<author>Translated, A.</author></translated-authors></contributors>"
           "<titles><title>T</title></titles><periodical><abbr-2>Abbr</abbr-2></periodical>"
           "<reprint-status>kept too</reprint-status></record>")
    [r] = read_endnote_xml(doc(rec)).records
    assert r.extra["enx:translated-author"] == ["Translated, A."]
    assert r.extra["enx:abbr-2"] == ["Abbr"]
    assert r.extra["enx:reprint-status"] == ["kept too"]
