"""EndNote / Refer tagged format (expectations written by hand from the input shown)."""

from __future__ import annotations

import pytest

from app.core.formats import detect, get
from app.core.formats.refer import TYPE_IN, TYPE_OUT, record_to_refer
from app.core.records import Creator, PartialDate, Record

ENW = get("enw")


def one(text: str) -> Record:
    res = ENW.read(text, "t.enw")
    assert len(res.records) == 1, res.failures
    return res.records[0]


JOURNAL = """%0 Journal Article
%A Radchenko, S.
%A Doe, Jane
%T Introduction
%J Asian Perspective
%D 2023
%8 2023-06-01
%V 47
%N 1
%P 341 - 347
%I Johns Hopkins University Press
%C Baltimore
%@ 0258-9184
%R 10.1353/apr.2023.a905228
%U https://muse.jhu.edu/article/905228
%X An abstract
that goes on.
%K Russia
%K China
%Z A note
%9 Article
%7 2
%G en
%+ Some address
"""


def test_journal_article_fields() -> None:
    r = one(JOURNAL)
    assert r.type == "article-journal"
    assert [(c.family, c.given) for c in r.creators] == [("Radchenko", "S."), ("Doe", "Jane")]
    assert (r.title, r.container_title) == ("Introduction", "Asian Perspective")
    assert r.issued == PartialDate(2023, 6, 1)
    assert (r.volume, r.issue, r.pages) == ("47", "1", "341-347")
    assert (r.publisher, r.place, r.issn) == ("Johns Hopkins University Press", "Baltimore",
                                              "0258-9184")
    assert r.doi == "10.1353/apr.2023.a905228"
    assert r.url == "https://muse.jhu.edu/article/905228"
    assert r.abstract == "An abstract\nthat goes on."
    assert r.keywords == ["Russia", "China"]
    assert r.notes == ["A note"]
    assert (r.genre, r.edition, r.language) == ("Article", "2", "en")
    assert r.extra["enw:%+"] == ["Some address"]


def test_cnki_names_and_keywords_packed_with_semicolons() -> None:
    r = one("%0 Thesis\n%A 胡婕伦\n%T 标题\n%Y 谢明勇;聂少平\n%J 南昌大学\n%9 博士\n%D 2014\n"
            "%K 大粒车前子;多糖;体内\n%W CNKI\n")
    assert r.type == "thesis"
    assert [(c.literal, c.role) for c in r.creators] == [
        ("胡婕伦", "author"), ("谢明勇", "contributor"), ("聂少平", "contributor")]
    assert r.publisher == "南昌大学" and r.container_title == ""
    assert r.keywords == ["大粒车前子", "多糖", "体内"]


def test_cnki_standard_and_yearbook_and_newspaper() -> None:
    r = one("%0 Legal Rule or Regulation\n%T 钢板\n%V GB/T 43109-2023\n%~ 国家标准\n%W CNKI\n")
    assert (r.type, r.number) == ("standard", "GB/T 43109-2023")
    r = one("%0 Legal Rule or Regulation\n%T 煤炭\n%V 7-203-03520-4\n%~ 年鉴\n%W CNKI\n")
    assert (r.type, r.isbn) == ("chapter", "7203035204")
    r = one("%0 Newspaper Article\n%A 刘霞\n%T 灭绝物种\n%J 科技日报\n%8 2023-09-21\n%P 004\n"
            "%R 10.28502/n.cnki.nkjrb.2023.005521\n%W CNKI\n")
    assert r.pages == "4"
    assert r.issued == PartialDate(2023, 9, 21)
    assert r.url == "https://doi.org/10.28502/n.cnki.nkjrb.2023.005521"


def test_blank_lines_inside_an_abstract_do_not_split_the_record() -> None:
    res = ENW.read("%0 Thesis\n%T T\n%X first paragraph\n\n\n    second paragraph\n%W CNKI\n\n"
                   "%0 Book\n%T B\n", "t.enw")
    assert [r.title for r in res.records] == ["T", "B"]
    assert res.records[0].abstract == "first paragraph\nsecond paragraph"


def test_records_without_type_are_inferred() -> None:
    r = one("%T Corn\n%A Newman, W. H.\n%I Uniontown : Station\n%D 1891\n")
    assert r.type == "book"
    assert one("%T A\n%J Journal\n").type == "article-journal"


def test_several_type_lines_last_known_wins() -> None:
    assert one("%0 Serial\n%0 Audio\n%T Podcast\n").type == "song"


def test_editor_translator_and_multiple_pages() -> None:
    r = one("%0 Book\n%T Usynlige byer\n%A Calvino, Italo\n%Y Aardal, Jorunn\n"
            "%E Stender Clausen, Jørgen\n%P 5\n%P 269-273\n")
    assert [(c.family, c.role) for c in r.creators] == [
        ("Calvino", "author"), ("Aardal", "translator"), ("Stender Clausen", "editor")]
    assert r.pages == "269-273"
    assert r.extra["enw:%P"] == ["5"]


def test_unknown_tags_kept_and_written_back() -> None:
    r = one("%0 Generic\n%T x\n%~ 海外专利\n%W CNKI\n%$ dollar\n")
    assert r.extra["enw:%~"] == ["海外专利"]
    out = record_to_refer(r)
    assert "%~ 海外专利" in out and "%$ dollar" in out and "%W CNKI" in out


@pytest.mark.parametrize("name, csl", [
    ("Journal Article", "article-journal"), ("Book", "book"), ("Book Section", "chapter"),
    ("Conference Proceedings", "paper-conference"), ("Thesis", "thesis"),
    ("Report", "report"), ("Newspaper Article", "article-newspaper"), ("Patent", "patent"),
    ("Web Page", "webpage"), ("Generic", "document"), ("Edited Book", "book"),
])
def test_type_mapping_in(name: str, csl: str) -> None:
    assert one(f"%0 {name}\n%T t\n").type == csl


def test_type_mapping_out_reads_back() -> None:
    for csl, name in TYPE_OUT.items():
        assert record_to_refer(Record(type=csl, title="t")).startswith(f"%0 {name}\n")
        if csl not in ("article", "speech", "broadcast", "review", "review-book"):
            assert TYPE_IN[name.lower()] == csl


def test_writer_round_trip() -> None:
    rec = Record(type="chapter", title="Ch", container_title="Book", collection_title="S",
                 creators=[Creator("A", "B"), Creator(literal="王小明"),
                           Creator("E", "F", role="editor")],
                 issued=PartialDate(2001, 2, 3), volume="3", pages="1-9",
                 isbn="9783642002304", publisher="P", place="C",
                 abstract="Line one\n%5 starts with a percent", notes=["n"], url="http://x",
                 keywords=["k1", "k2"], doi="10.1000/x")
    back = one(record_to_refer(rec))
    for attr in ("type", "title", "container_title", "collection_title", "volume", "pages",
                 "isbn", "publisher", "place", "abstract", "notes", "url", "keywords", "doi",
                 "issued"):
        assert getattr(back, attr) == getattr(rec, attr), attr
    assert [c.to_dict() for c in back.creators] == [c.to_dict() for c in rec.creators]


def test_sniff() -> None:
    fmt = detect("cnki.txt", "%0 Journal Article\n%A 张三\n%T 标题\n")
    assert fmt is not None and fmt.id == "enw"
    assert ENW.sniff("% Encoding: UTF-8\n@article{x, title={y}}\n") == 0.0


@pytest.mark.parametrize("text", ["", "no tags here", "%", "%0", "%0 Journal Article\n%T",
                                  "\x00\xff binary", "%A only, author\n\n\n%T\n"])
def test_odd_inputs_never_crash(text: str) -> None:
    res = ENW.read(text, "x.enw")
    assert isinstance(res.records, list)


def test_failure_has_record_line() -> None:
    res = ENW.read("%0 Journal Article\n%T ok\n\n%0 Journal Article\n%Z only a note\n", "f.enw")
    assert len(res.records) == 1
    assert res.failures[0].line == 4
    assert str(res.failures[0]).startswith("f.enw:4: ")


# ------------------------------------------------------------------ RefWorks (CNKI)
RW = get("refworks")

RW_TEXT = """RT Journal Article
SR 1
A1 辛宁;陈建康,陈艳
AD 福建医科大学;
T1 多芯片联合分析
JF 中国医科大学学报
YR 2020
IS 06
vo 49
OP 1106-1111+1117
K1 2型糖尿病;阿尔茨海默病
AB 目的利用生物信息学方法
方法基因表达汇编
SN 0258-4646
DS CNKI
LK https://link.cnki.net/x?a=1&amp;b=2
DO 10.13287/j.1001-9332.2000.0212

RT Dissertation/Thesis
SR 1
A1林行众
A3 黄三文;杨清
PB 南京农业大学
T1 黄瓜共表达基因模块
CL 硕士
YR 2015
"""


def test_refworks_cnki_records() -> None:
    res = RW.read(RW_TEXT, "cnki.txt")
    assert len(res.records) == 2 and res.failures == []
    a, t = res.records
    assert a.type == "article-journal"
    assert [c.literal for c in a.creators] == ["辛宁", "陈建康", "陈艳"]
    assert (a.container_title, a.volume, a.issue) == ("中国医科大学学报", "49", "6")
    assert a.pages == "1106-1111, 1117"
    assert a.keywords == ["2型糖尿病", "阿尔茨海默病"]
    assert a.abstract == "目的利用生物信息学方法方法基因表达汇编"
    assert (a.issn, a.doi) == ("0258-4646", "10.13287/j.1001-9332.2000.0212")
    assert a.url == "https://link.cnki.net/x?a=1&b=2"
    assert a.extra["refworks:AD"] == ["福建医科大学;"]
    assert t.type == "thesis"
    assert [(c.literal, c.role) for c in t.creators] == [
        ("林行众", "author"), ("黄三文", "contributor"), ("杨清", "contributor")]
    assert (t.publisher, t.genre) == ("南京农业大学", "硕士")


RW_GENERIC = """RT Book, Section
A1 Stansfeld,Stephen
T1 Depression and coronary heart disease
YR 2002
SP 101
OP 123
A2 Gulford, C.T.
T2 Stress and the heart

RT Journal Article
A1 Allan,Steven
T1 Anger
JF Personality & Individual Differences
YR 2002
FD Feb
SP 551
OP 565

RT Journal Article
A1 Brennan,Timothy
T1 The Empire's New Clothes
YR 2003
FD 01/01

RT Patent
A1 施吉庆
A2 扬中市旭禾管业制造有限公司
T1 不锈钢管的制造方法
FD 2020-04-17
"""


def test_refworks_tag_legend() -> None:
    # RefWorks' legend: SP=Start Page, OP=Other Pages, A2=Secondary Authors,
    # FD=Publication Data, Free Form (with YR=Publication Year)
    chap, art, art2, pat = RW.read(RW_GENERIC, "rw.txt").records
    assert chap.pages == "101-123" and art.pages == "551-565"
    assert [(c.family, c.given, c.role) for c in chap.creators] == [
        ("Stansfeld", "Stephen", "author"), ("Gulford", "C.T.", "editor")]
    assert chap.container_title == "Stress and the heart"
    assert art.issued == PartialDate(2002, 2)
    assert art2.issued == PartialDate(2003, 1, 1)
    # a CNKI patent's A2 is its applicant, not an editor
    assert [c.literal for c in pat.creators] == ["施吉庆"]
    assert pat.extra["refworks:A2"] == ["扬中市旭禾管业制造有限公司"]
    again = RW.read(RW.write([chap, art, art2, pat]), "b.txt").records
    assert [r.to_dict() for r in again] == [r.to_dict() for r in (chap, art, art2, pat)]


def test_refworks_round_trip_and_sniff() -> None:
    first = RW.read(RW_TEXT, "a.txt").records
    second = RW.read(RW.write(first), "b.txt").records
    assert [r.to_dict() for r in second] == [r.to_dict() for r in first]
    fmt = detect("cnki.txt", RW_TEXT[:200])
    assert fmt is not None and fmt.id == "refworks"


@pytest.mark.parametrize("fmt_id", ["enw", "noteexpress", "refworks", "ris"])
def test_corporate_authors_and_mixed_lists_round_trip(fmt_id: str) -> None:
    """A body's name of several words is written with EndNote's trailing comma and
    read back whole (it came back as given 'U.S. Food and Drug', family
    'Administration'); a list mixing Chinese and Western names keeps 'Smith, J.'."""
    from app.core.formats import get
    from app.core.records import Creator, Record

    fmt = get(fmt_id)
    rec = Record(type="report", title="Guidance", creators=[
        Creator(literal="U.S. Food and Drug Administration"),
        Creator(literal="中华人民共和国国家卫生健康委员会"),
        Creator(family="Smith", given="J."), Creator(family="王", given="小明")])
    (back,) = fmt.read(fmt.write([rec]), "x").records
    assert [(c.family, c.given, c.literal) for c in back.creators] == [
        ("", "", "U.S. Food and Drug Administration"), ("", "", "中华人民共和国国家卫生健康委员会"),
        ("Smith", "J.", ""), *[(c.family, c.given, c.literal) for c in back.creators[3:]]]
    assert "".join(c.family + c.given + c.literal for c in back.creators[3:]) == "王小明"


@pytest.mark.parametrize("pages, lines", [
    ("12-15", ["SP  - 12", "EP  - 15"]),
    ("e123-e130", ["SP  - e123", "EP  - e130"]),
    ("PS-2B.16", ["SP  - PS-2B.16"]),  # a page id, not a range: read back whole
    ("A-2", ["SP  - A-2"]),
])
def test_ris_writes_ranges_as_sp_ep_and_page_ids_whole(pages: str, lines: list[str]) -> None:
    from app.core.formats import get
    from app.core.records import Record

    ris = get("ris")
    text = ris.write([Record(type="article-journal", title="T", pages=pages)])
    assert [ln for ln in text.splitlines() if ln[:2] in ("SP", "EP")] == lines
    assert ris.read(text, "x.ris").records[0].pages == pages


@pytest.mark.parametrize("value", ["2024-01-15", "1/15/2024", "January 15, 2024"])
def test_access_date_is_read_in_its_forms(value: str) -> None:
    rec = one(f"%0 Web Page\n%T Access test\n%U http://x.org\n%[ {value}\n")
    assert rec.accessed == PartialDate(2024, 1, 15)
    assert "enw:%[" not in rec.extra


def test_access_date_and_call_number_round_trip() -> None:
    rec = one("%0 Web Page\n%T Access test\n%[ 1/15/2024\n%L QA76\n")
    assert rec.extra.get("csl:call-number") == "QA76"
    out = record_to_refer(rec)
    assert "%[ 2024-01-15" in out and "%L QA76" in out
    back = one(out)
    assert (back.accessed, back.extra.get("csl:call-number")) == (PartialDate(2024, 1, 15),
                                                                  "QA76")


def test_call_number_is_shared_with_ris() -> None:
    rec = one("%0 Book\n%T B\n%L QA76 .K5\n")
    ris = get("ris").write([rec])
    assert "CN  - QA76 .K5" in ris
    assert get("ris").read(ris).records[0].extra.get("csl:call-number") == "QA76 .K5"


@pytest.mark.parametrize("rtype", ["book", "chapter"])
def test_a_books_series_number_is_not_read_back_as_an_issue(rtype: str) -> None:
    rec = Record(type=rtype, title="B", collection_title="Series X", number="12")
    back = one(record_to_refer(rec))
    assert (back.number, back.issue) == ("12", "")


def test_refworks_export_with_its_legend_header_is_detected() -> None:
    """RefWorks' own export (Zotero's RefWorks_Tagged case 3) starts with a legend."""
    text = ("Refworks Export Tagged Format\n\nCharacter Set=utf-8\n\nTag legend\n*****\n"
            "RT=Reference Type\nSR=Source Type\nA1=Primary Authors\n\n*****\n"
            "BEGIN EXPORTED REFERENCES\n\n\n\nRT Journal Article\nSR Electronic(1)\n"
            "ID 1220\nA1 Brennan,Timothy\nT1 The Empire's New Clothes\nJF Critical Inquiry\n"
            "YR 2003\nVO 29\n")
    fmt = detect(None, text)
    assert fmt is not None and fmt.id == "refworks"
    (rec,) = fmt.read(text).records
    assert (rec.title, rec.container_title, rec.volume) == ("The Empire's New Clothes",
                                                            "Critical Inquiry", "29")
