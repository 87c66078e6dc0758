"""RIS reader and writer: quirks, tag variants, type mapping, unknown tags.

Expected values are written by hand from the RIS specification and the
input shown in each test.
"""

from __future__ import annotations

import pytest

from app.core.formats import detect, get, read_bytes
from app.core.formats.ris import TYPE_IN, TYPE_OUT, record_to_ris
from app.core.records import Creator, PartialDate, Record

RIS = get("ris")


def read(text: str):
    return RIS.read(text, "t.ris")


def one(text: str) -> Record:
    res = read(text)
    assert len(res.records) == 1, res.failures
    return res.records[0]


BASIC = """TY  - JOUR
AU  - Radchenko, S.
AU  - Doe, Jane
TI  - Introduction
T2  - Asian Perspective
VL  - 47
IS  - 1
SP  - 341
EP  - 347
PY  - 2023
DA  - 2023/06/01/
DO  - https://doi.org/10.1353/apr.2023.a905228
UR  - https://muse.jhu.edu/article/905228
SN  - 0258-9184
KW  - Russia
KW  - China
AB  - An abstract.
N1  - A note.
LA  - en
PB  - Johns Hopkins University Press
ER  - 
"""


def test_basic_fields() -> None:
    r = one(BASIC)
    assert r.type == "article-journal"
    assert [(c.family, c.given, c.role) for c in r.creators] == [
        ("Radchenko", "S.", "author"), ("Doe", "Jane", "author")]
    assert r.title == "Introduction"
    assert r.container_title == "Asian Perspective"
    assert (r.volume, r.issue, r.pages) == ("47", "1", "341-347")
    assert r.issued == PartialDate(2023, 6, 1)
    assert r.doi == "10.1353/apr.2023.a905228"
    assert r.url == "https://muse.jhu.edu/article/905228"
    assert r.issn == "0258-9184" and r.isbn == ""
    assert r.keywords == ["Russia", "China"]
    assert r.abstract == "An abstract."
    assert r.notes == ["A note."]
    assert r.language == "en"
    assert r.publisher == "Johns Hopkins University Press"


def test_bom_crlf_blank_first_line_and_missing_er() -> None:
    text = "\ufeff\r\nTY  - JOUR\r\nTI  - Title one\r\nAU  - A, B\r\n"
    r = one(text)
    assert r.title == "Title one"
    assert r.creators[0].family == "A"


def test_bom_bytes_through_registry() -> None:
    data = "\ufeffTY  - BOOK\nTI  - Ü title\nER  - \n".encode("utf-8")
    res = read_bytes(data, "x.ris")
    assert res.format_id == "ris"
    assert res.records[0].title == "Ü title"


def test_ovid_numbered_lines_and_extraneous_text() -> None:
    text = ("Record #1 of 2\nProvider: Ovid\n1.\nTY  - JOUR\nTI  - First\nER  - \n\n"
            "2. TY  - JOUR\nTI  - Second\nER  - \n")
    res = read(text)
    assert [r.title for r in res.records] == ["First", "Second"]
    assert res.failures == []


def test_continuation_lines() -> None:
    text = ("TY  - JOUR\nT1  - Blood-brain barrier breach following\n"
            "cortical contusion in the rat\n"
            "KW  - one\ntwo; three\nN1  - first line\n      * second line\nER  - \n")
    r = one(text)
    assert r.title == "Blood-brain barrier breach following cortical contusion in the rat"
    assert r.keywords == ["one", "two", "three"]
    assert r.notes == ["first line\n* second line"]


def test_single_space_and_tab_variants() -> None:
    r = one("TY - JOUR\nTI - Spaced\nA1\t- Smith, John\nER -\n")
    assert r.title == "Spaced"
    assert r.creators[0].family == "Smith"


def test_new_ty_closes_an_open_record() -> None:
    res = read("TY  - JOUR\nTI  - A\nTY  - BOOK\nTI  - B\nER  - \n")
    assert [(r.type, r.title) for r in res.records] == [("article-journal", "A"), ("book", "B")]


def test_several_values_where_one_expected_first_kept_rest_in_extra() -> None:
    r = one("TY  - JOUR\nTI  - First title\nT1  - Second title\nVL  - 1\nVL  - 2\nER  - \n")
    assert r.title == "First title"
    assert r.extra["ris:T1"] == ["Second title"]
    assert r.volume == "1"
    assert r.extra["ris:VL"] == ["2"]


@pytest.mark.parametrize("tags, ymd", [
    ("PY  - 2019///", (2019, None, None)),
    ("PY  - 2019/03//", (2019, 3, None)),
    ("Y1  - 2014/06/01", (2014, 6, 1)),
    ("PY  - 2014\nDA  - 2014/06/01", (2014, 6, 1)),
    ("Y1  - 1900/01/01\nDA  - 1950/01/01", (1950, 1, 1)),
    ("DA  - 2019/03/01/Spring", (2019, 3, 1)),
])
def test_date_tags(tags: str, ymd: tuple) -> None:
    r = one(f"TY  - JOUR\nTI  - x\n{tags}\nER  - \n")
    assert r.issued is not None
    assert (r.issued.year, r.issued.month, r.issued.day) == ymd


def test_unparsable_date_kept_literal() -> None:
    r = one("TY  - JOUR\nTI  - x\nPY  - in press\nER  - \n")
    assert r.issued == PartialDate(literal="in press")


def test_author_tag_variants_and_roles() -> None:
    r = one("TY  - CHAP\nA1  - One, A\nAU  - Two, B\nA2  - Ed, C\nED  - Ed2, D\n"
            "A3  - Series, E\nA4  - Trans, F\nTI  - t\nER  - \n")
    assert [(c.family, c.role) for c in r.creators] == [
        ("One", "author"), ("Two", "author"), ("Ed", "editor"), ("Ed2", "editor"),
        ("Series", "collection-editor"), ("Trans", "translator")]


def test_names_without_comma() -> None:
    r = one("TY  - JOUR\nTI  - t\nAU  - 王小明\nAU  - Westgate MJ\nAU  - Catarina Barata\n"
            "AU  - Plato\nER  - \n")
    assert [(c.family, c.given, c.literal) for c in r.creators] == [
        ("", "", "王小明"), ("Westgate", "M. J.", ""), ("Barata", "Catarina", ""),
        ("Plato", "", "")]


def test_title_and_container_variants() -> None:
    r = one("TY  - JOUR\nCT  - Caption title\nJF  - Full Journal\nJA  - Full J.\nER  - \n")
    assert r.title == "Caption title"
    assert r.container_title == "Full Journal"
    assert r.container_title_short == "Full J."
    r = one("TY  - JOUR\nTI  - t\nJO  - J.Neurosurg.\nER  - \n")
    assert r.container_title == "J.Neurosurg."
    r = one("TY  - JOUR\nTI  - t\nT2  - Augmentative\nJF  - Augmentative\nJO  - Augment Altern\n"
            "ER  - \n")
    assert (r.container_title, r.container_title_short) == ("Augmentative", "Augment Altern")


def test_book_t2_is_series_and_bt_title() -> None:
    r = one("TY  - BOOK\nBT  - The Book\nT2  - The Series\nER  - \n")
    assert r.title == "The Book"
    assert r.collection_title == "The Series"
    assert r.container_title == ""


def test_chapter_bt_is_book_title() -> None:
    r = one("TY  - CHAP\nTI  - Chapter\nBT  - The Book\nT3  - Series\nER  - \n")
    assert (r.title, r.container_title, r.collection_title) == ("Chapter", "The Book", "Series")


def test_abstract_n2_and_ab() -> None:
    assert one("TY  - JOUR\nTI  - t\nN2  - Abs\nER  - \n").abstract == "Abs"
    r = one("TY  - JOUR\nTI  - t\nN2  - first\nAB  - second\nER  - \n")
    assert r.abstract == "first"
    assert r.extra["ris:AB"] == ["second"]


@pytest.mark.parametrize("sn, isbn, issn", [
    ("0743-4618", "", "0743-4618"),
    ("1537-744X", "", "1537-744X"),
    ("9783642002304", "9783642002304", ""),
    ("978-1-4822-5326-9", "978-1-4822-5326-9", ""),
    ("0-19-852663-6", "0-19-852663-6", ""),
])
def test_sn_isbn_or_issn_by_shape(sn: str, isbn: str, issn: str) -> None:
    r = one(f"TY  - JOUR\nTI  - t\nSN  - {sn}\nER  - \n")
    assert (r.isbn, r.issn) == (isbn, issn)


def test_sn_of_unknown_shape_follows_type() -> None:
    assert one("TY  - BOOK\nTI  - t\nSN  - n/a\nER  - \n").isbn == "n/a"
    assert one("TY  - JOUR\nTI  - t\nSN  - n/a\nER  - \n").issn == "n/a"


def test_pages_sp_only_and_range_in_sp() -> None:
    assert one("TY  - JOUR\nTI  - t\nSP  - 341 - 347\nER  - \n").pages == "341-347"
    assert one("TY  - JOUR\nTI  - t\nSP  - e0815\nER  - \n").pages == "e0815"


def test_doi_variants() -> None:
    assert one("TY  - JOUR\nTI  - t\nDO  - doi:10.1000/xyz.\nER  - \n").doi == "10.1000/xyz"
    r = one("TY  - JOUR\nTI  - t\nDO  - not a doi\nER  - \n")
    assert r.doi == "" and r.extra["ris:DO"] == ["not a doi"]
    assert one("TY  - JOUR\nTI  - t\nM3  - doi: 10.3109/0743\nER  - \n").doi == "10.3109/0743"


def test_links_and_misc_fields() -> None:
    r = one("TY  - BOOK\nTI  - t\nUR  - http://a.example http://b.example\nL1  - file.pdf\n"
            "L4  - http://fig\nCY  - Berlin\nET  - 2nd\nID  - key1\nAN  - 12345\nM3  - Type\n"
            "C1  - custom one\nC8  - custom eight\nER  - \n")
    assert r.url == "http://a.example"
    assert r.extra["ris:UR"] == ["http://b.example"]
    assert r.extra["ris:L1"] == ["file.pdf"]
    assert r.extra["ris:L4"] == ["http://fig"]
    assert (r.place, r.edition, r.citation_key, r.genre) == ("Berlin", "2nd", "key1", "Type")
    assert r.extra["ris:AN"] == ["12345"]
    assert r.extra["ris:C1"] == ["custom one"]
    assert r.extra["ris:C8"] == ["custom eight"]


def test_unknown_tags_are_kept_and_written_back() -> None:
    r = one("TY  - JOUR\nTI  - t\nJP  - CRISPR\nJP  - again\nDC  - Direct Current\nER  - \n")
    assert r.extra["ris:JP"] == ["CRISPR", "again"]
    assert r.extra["ris:DC"] == ["Direct Current"]
    out = record_to_ris(r)
    assert "JP  - CRISPR\nJP  - again\n" in out
    assert "DC  - Direct Current\n" in out


@pytest.mark.parametrize("ty, csl", [
    ("JOUR", "article-journal"), ("BOOK", "book"), ("CHAP", "chapter"),
    ("CONF", "paper-conference"), ("CPAPER", "paper-conference"), ("THES", "thesis"),
    ("RPRT", "report"), ("ELEC", "webpage"), ("WEB", "webpage"), ("DATA", "dataset"),
    ("PAT", "patent"), ("STAND", "standard"), ("NEWS", "article-newspaper"),
    ("MGZN", "article-magazine"), ("BLOG", "post-weblog"), ("COMP", "software"),
    ("MAP", "map"), ("CASE", "legal_case"), ("STAT", "legislation"), ("BILL", "bill"),
    ("ENCYC", "entry-encyclopedia"), ("DICT", "entry-dictionary"), ("UNKNOWNX", "document"),
])
def test_type_mapping_in(ty: str, csl: str) -> None:
    assert one(f"TY  - {ty}\nTI  - t\nER  - \n").type == csl


@pytest.mark.parametrize("csl, ty", [
    ("article-journal", "JOUR"), ("book", "BOOK"), ("chapter", "CHAP"),
    ("paper-conference", "CPAPER"), ("thesis", "THES"), ("report", "RPRT"),
    ("webpage", "ELEC"), ("dataset", "DATA"), ("patent", "PAT"), ("standard", "STAND"),
    ("article-newspaper", "NEWS"), ("article-magazine", "MGZN"), ("document", "GEN"),
])
def test_type_mapping_out(csl: str, ty: str) -> None:
    assert record_to_ris(Record(type=csl, title="t")).startswith(f"TY  - {ty}\n")


def test_every_written_type_reads_back_as_itself() -> None:
    for csl, ty in TYPE_OUT.items():
        if csl in ("review", "review-book", "interview", "broadcast", "article"):
            continue  # written as the nearest RIS type (JOUR, GEN, ADVS)
        assert TYPE_IN[ty] == csl, (csl, ty)


def test_generic_in_a_periodical_is_a_journal_article() -> None:
    assert one("TY  - GEN\nTI  - t\nER  - \n").type == "document"
    r = one("TY  - GEN\nTI  - t\nT2  - Some Journal\nVL  - 3\nER  - \n")
    assert r.type == "article-journal"
    assert record_to_ris(r).startswith("TY  - GEN\n")


def test_original_ty_is_kept_for_round_trip() -> None:
    r = one("TY  - EJOUR\nTI  - t\nER  - \n")
    assert r.type == "article-journal"
    assert record_to_ris(r).startswith("TY  - EJOUR\n")


def test_writer_layout() -> None:
    rec = Record(type="article-journal", title="Title", creators=[
        Creator("Doe", "Jane"), Creator(literal="王小明")], issued=PartialDate(2019, 3),
        pages="341-347", doi="10.1/x", keywords=["a", "b"])
    out = RIS.write([rec, rec])
    lines = out.split("\n")
    assert lines[0] == "TY  - JOUR"
    assert "\r" not in out
    assert "AU  - Doe, Jane" in lines and "AU  - 王小明" in lines
    assert "PY  - 2019" in lines and "DA  - 2019/03//" in lines
    assert "SP  - 341" in lines and "EP  - 347" in lines
    assert out.count("ER  - ") == 2
    assert not any(ln.startswith("1.") for ln in lines)
    record_text = out.split("\n\n")[0]
    assert record_text.rstrip("\n").split("\n")[-1] == "ER  - "


def test_writer_round_trip_of_a_built_record() -> None:
    rec = Record(type="chapter", title="Ch", container_title="Book", collection_title="Ser",
                 creators=[Creator("A", "B"), Creator("E", "F", role="editor")],
                 issued=PartialDate(2001, 2, 3), volume="3", pages="1-9", isbn="9783642002304",
                 publisher="P", place="C", abstract="Abs", notes=["n1", "line1\nline2"],
                 url="http://x", language="de", edition="2")
    back = one(record_to_ris(rec))
    for attr in ("type", "title", "container_title", "collection_title", "volume", "pages",
                 "isbn", "publisher", "place", "abstract", "notes", "url", "language",
                 "edition", "issued"):
        assert getattr(back, attr) == getattr(rec, attr), attr
    assert [(c.family, c.given, c.role) for c in back.creators] == [
        ("A", "B", "author"), ("E", "F", "editor")]


def test_sniff_txt_holding_ris() -> None:
    fmt = detect("export.txt", "TY  - JOUR\nTI  - x\nER  - \n")
    assert fmt is not None and fmt.id == "ris"
    assert RIS.sniff("@article{x, title={y}}") == 0.0


@pytest.mark.parametrize("text", [
    "", "   \n\n", "garbage without tags\n", "TY  - JOUR\nTI  - trunc", "ER  - \nER  - \n",
    "\x00\x01\x02binary\xff", "TY  - \nER  - \n", "AU  - Orphan, A\nTI  - no type\n",
])
def test_odd_inputs_never_crash(text: str) -> None:
    res = read(text)
    assert isinstance(res.records, list)


def test_truncated_record_is_read_and_empty_record_reported_with_line() -> None:
    res = read("TY  - JOUR\nTI  - Good\nER  - \n\nTY  - JOUR\nN1  - only a note\nER  - \n"
               "TY  - JOUR\nTI  - trunc")
    assert [r.title for r in res.records] == ["Good", "trunc"]
    assert len(res.failures) == 1
    assert res.failures[0].line == 5
    assert "t.ris:5" in str(res.failures[0])


def test_file_without_ty_is_a_failure() -> None:
    res = read("\ufeffAU  - Someone, A\nTI  - A title\n")
    assert res.records == []
    assert res.failures and res.failures[0].line == 1


def test_names_without_comma_in_a_file_that_uses_commas_are_kept_whole() -> None:
    r = one("TY  - BOOK\nTI  - t\nA1  - Author Name, Given Two\nA2  - Monographic Author\n"
            "ER  - \n")
    assert [(c.family, c.given, c.literal) for c in r.creators] == [
        ("Author Name", "Given Two", ""), ("", "", "Monographic Author")]


def test_garbage_collector_paused_while_reading_and_restored(monkeypatch) -> None:
    import gc

    from app.core.formats import ris

    seen: list[bool] = []
    real = ris._build_record

    def spy(entry, whole_names=False, procite=False):
        seen.append(gc.isenabled())
        return real(entry, whole_names, procite)

    monkeypatch.setattr(ris, "_build_record", spy)
    assert gc.isenabled()
    read("TY  - JOUR\nTI  - x\nER  - \n")
    assert seen == [False]
    assert gc.isenabled()


def test_a_txt_file_without_tags_is_not_claimed() -> None:
    assert detect("notes.txt", "just some words\nand more\n") is None


def test_sici_doi_with_angle_brackets_is_kept_whole() -> None:
    sici = "10.1002/(SICI)1097-4636(199606)31:2<259::AID-JBM15>3.0.CO;2-F"
    r = one(f"TY  - JOUR\nTI  - t\nDO  - https://doi.org/{sici}\nER  - \n")
    assert r.doi == sici


def test_case_reporter_in_a2_round_trips() -> None:
    r = one("TY  - CASE\nTI  - Roe\nA2  - U.S. Reports\nA2  - Second A2\nT2  - Abbrev\n"
            "ER  - \n")
    assert r.container_title == "U.S. Reports"
    assert r.extra["ris:A2"] == ["Second A2"]
    assert r.extra["ris:T2"] == ["Abbrev"]
    assert one(record_to_ris(r)).to_dict() == r.to_dict()


def test_conference_name_in_t2_is_not_the_proceedings() -> None:
    # RIS spec: CONF/CPAPER T2 = conference name, C3 = proceedings title;
    # without C3 the conference name is the only venue (IEEE Xplore), kept as container
    r = one("TY  - CPAPER\nTI  - Paper\nT2  - Conf 2020\nER  - \n")
    assert r.container_title == "Conf 2020" and "ris:T2" not in r.extra
    assert one(record_to_ris(r)).to_dict() == r.to_dict()
    r = one("TY  - CONF\nTI  - Paper\nT2  - Conf 2020\nC3  - Proc. of Conf\nER  - \n")
    assert r.container_title == "Proc. of Conf"
    out = record_to_ris(r)
    assert "C3  - Proc. of Conf\n" in out and "T2  - Conf 2020\n" in out
    again = one(out)
    assert again.container_title == "Proc. of Conf" and again.extra == r.extra


def test_written_proceedings_title_reads_back() -> None:
    r = Record(type="paper-conference", title="P", container_title="Proceedings X")
    assert one(record_to_ris(r)).container_title == "Proceedings X"


def test_patent_attorney_in_c4_is_a_creator() -> None:
    # RIS spec, PAT: "C4 - Attorney/Agent"
    r = one("TY  - PAT\nAU  - Inventor, Ann\nC4  - Agent, Bob\nER  - \n")
    assert [(c.family, c.given, c.role) for c in r.creators] == [
        ("Inventor", "Ann", "author"), ("Agent", "Bob", "contributor")]
    assert "C4  - Agent, Bob\n" in record_to_ris(r)
    # C4 of a journal article is a custom field, kept as such
    r = one("TY  - JOUR\nTI  - t\nC4  - Something\nER  - \n")
    assert r.extra["ris:C4"] == ["Something"] and len(r.creators) == 0


def test_procite_labelled_notes_are_fields() -> None:
    text = ("TY  - BOOK\nN1  - Record ID: 7\nA1  - Smith, John\nT1  - The Book\n"
            "VL  - 2nd\nN1  - Author, Subsidiary: Jane Doe\nIS  - 4\n"
            "N1  - ISBN: 978-3-16-148410-0\nN1  - Notes: a real note\n"
            "N1  - Connective Phrase: In\nER  - \n"
            "TY  - CONF\nN1  - Record Number: 8\nA1  - Lee, Ann\nT1  - Paper\n"
            "N1  - Proceedings Title: Proc. of X\nSP  - 10-20\nN1  - Volume ID: 9\nER  - \n"
            "TY  - BILL\nN1  - Record ID: 9\nTI  - Act\nCY  - US Code\nVL  - H.R. 1\n"
            "SP  - 5\nER  - \n")
    book, paper, bill = read(text).records
    assert book.edition == "2nd" and book.volume == "4"       # ProCite: VL = edition
    assert book.isbn == "978-3-16-148410-0" and book.citation_key == "7"
    assert [(c.family, c.given) for c in book.creators] == [("Smith", "John"), ("Doe", "Jane")]
    assert book.notes == ["a real note"]
    assert paper.container_title == "Proc. of X" and paper.volume == "9"
    assert bill.container_title == "US Code" and bill.number == "H.R. 1"
    assert bill.volume == "" and bill.pages == ""


def test_procite_author_role_notes_set_the_role_of_the_names_before() -> None:
    r = one("TY  - BOOK\nN1  - Record ID: 1\nA1  - Doe, Jane\nA1  - Roe, Rick\n"
            "N1  - Author Role: Editors\nTI  - T\nA2  - Tee, Tom\n"
            "N1  - Series Editor Role: translated by\nA1  - Poe, Ed\n"
            "N1  - Author Role: illustrator\nER  - \n")
    assert [(c.family, c.role) for c in r.creators] == [
        ("Doe", "editor"), ("Roe", "editor"), ("Tee", "translator"), ("Poe", "author")]
    assert r.notes == ["Author Role: illustrator"]  # a role we cannot place stays a note


def test_labelled_notes_stay_notes_outside_procite_files() -> None:
    r = one("TY  - JOUR\nTI  - t\nN1  - Volume ID: 3\nVL  - 1\nER  - \n")
    assert r.volume == "1" and r.notes == ["Volume ID: 3"]


def test_call_number_is_kept_under_csls_key() -> None:
    rec = RIS.read("TY  - BOOK\nTI  - B\nCN  - QA76\nER  - \n").records[0]
    assert rec.extra == {"csl:call-number": "QA76"}
    assert "CN  - QA76" in record_to_ris(rec)


_LONG = ("Second paragraph is quite long and does not end with any punctuation at all "
         "in the text")


@pytest.mark.parametrize("abstract", [
    "First paragraph.\nSecond paragraph.",
    f"Short\n{_LONG}\nThird",
    f"{_LONG}\n{_LONG}. Still the second\n{_LONG}",
    "摘要第一段。\n第二段",
])
def test_abstract_paragraphs_survive_a_round_trip(abstract: str) -> None:
    text = record_to_ris(Record(title="T", abstract=abstract))
    assert RIS.read(text).records[0].abstract == abstract


def test_hard_wrapped_abstract_is_joined_with_spaces() -> None:
    """Exporters that wrap long lines: lines of 60 characters or more that do not end
    a sentence continue the same paragraph."""
    text = ("TY  - JOUR\nTI  - T\n"
            "AB  - Adult Fisher 344 rats were subjected to a unilateral impact to the\n"
            "dorsal cortex above the hippocampus at 3.5 m/sec with a 2 mm cortical\n"
            "depression.\nER  - \n")
    assert RIS.read(text).records[0].abstract == (
        "Adult Fisher 344 rats were subjected to a unilateral impact to the dorsal "
        "cortex above the hippocampus at 3.5 m/sec with a 2 mm cortical depression.")


def test_a_short_abstract_line_ends_its_paragraph() -> None:
    """As Zotero's RIS.js: after a line under 60 characters the abstract goes on a new
    line."""
    text = "TY  - JOUR\nTI  - T\nAB  - Background\nWe did this.\nER  - \n"
    assert RIS.read(text).records[0].abstract == "Background\nWe did this."
