"""NoteExpress (CNKI) reader and writer; the CNKI corpus and its converter's expected BibTeX."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest

from app.core.formats import detect, get
from app.core.formats.noteexpress import record_to_noteexpress
from app.core.normalize.names import parse_name
from app.core.records import Creator, PartialDate, Record
from app.core.textio import decode_bytes
from tests.conftest import CORPUS

NE = get("noteexpress")
ASSETS = CORPUS / "cnki/Vopaaz-CNKI_2_BibTeX/tests/assets"
NET_FILES = sorted(ASSETS.glob("*.net"))


def one(text: str) -> Record:
    res = NE.read(text, "t.net")
    assert len(res.records) == 1, res.failures
    return res.records[0]


CNKI = """{Reference Type}: Journal Article
{Title}: 软组织肉瘤诊治中国专家共识(2015年版)
{Translated Title}: Chinese expert consensus on soft tissue sarcomas
{Author}: 齐淑霞;刘圣;李鹏;
{Translated Author}: Qi Shuxia;Liu Sheng
{Author Address}: 复旦大学附属肿瘤医院
{Journal}: 中华肿瘤杂志
{ISBN/ISSN}:0253-3766
{Year}: 2016
{Issue}: 4
{Volume}: 38
{Pages}: 310-320
{Keywords}: 肉瘤;;诊断;;治疗
{Abstract}: 摘要(#br)第一段。(#br)第二段。
{Notes}: 11-2152/R
{Database Provider}: CNKI
"""


def test_cnki_journal_article() -> None:
    r = one(CNKI)
    assert r.type == "article-journal"
    assert r.title == "软组织肉瘤诊治中国专家共识(2015年版)"
    assert r.title_translated == "Chinese expert consensus on soft tissue sarcomas"
    assert [c.literal for c in r.creators] == ["齐淑霞", "刘圣", "李鹏"]
    assert r.extra["noteexpress:Translated Author"] == ["Qi Shuxia;Liu Sheng"]
    assert r.extra["noteexpress:Author Address"] == ["复旦大学附属肿瘤医院"]
    assert r.extra["noteexpress:Database Provider"] == ["CNKI"]
    assert (r.container_title, r.issn) == ("中华肿瘤杂志", "0253-3766")
    assert r.issued == PartialDate(2016)
    assert (r.volume, r.issue, r.pages) == ("38", "4", "310-320")
    assert r.keywords == ["肉瘤", "诊断", "治疗"]
    assert r.abstract == "第一段。\n第二段。"
    assert r.notes == ["11-2152/R"]


def test_names_separated_by_double_semicolons_and_commas() -> None:
    r = one("{Reference Type}: Journal Article\n{Title}: t\n"
            "{Author}: Alaa Alhaj-Ismail;;Sami Adwan\n{Author}: 谢昕,王小增\n")
    assert [(c.family, c.given, c.literal) for c in r.creators] == [
        ("Alhaj-Ismail", "Alaa", ""), ("Adwan", "Sami", ""), ("", "", "谢昕"),
        ("", "", "王小增")]


def test_continuation_line_and_thesis_supervisor() -> None:
    r = one("{Reference Type}: Thesis\n{Title}: 论文\n{Author}: 殷玮川\n{Tertiary Author}: 何世伟\n"
            "{Publisher}: 北京交通大学\n{Type of Work}: 博士\n{Author Address}: 湖北武汉\n,430074\n")
    assert [(c.literal, c.role) for c in r.creators] == [("殷玮川", "author"),
                                                         ("何世伟", "contributor")]
    assert (r.publisher, r.genre) == ("北京交通大学", "博士")
    assert r.extra["noteexpress:Author Address"] == ["湖北武汉,430074"]


def test_conference_and_newspaper_containers() -> None:
    r = one("{Reference Type}: Conference Proceedings\n{Title}: 论文\n"
            "{Tertiary Title}: 论文集\n{Secondary Title}: 年会\n")
    assert r.container_title == "论文集"
    assert r.extra["noteexpress:Secondary Title"] == ["年会"]
    r = one("{Reference Type}: Newspaper Article\n{Title}: 坚持\n{Secondary Title}: 人民铁道\n"
            "{Date}: 2019-01-09\n{Pages}: A01\n")
    assert (r.container_title, r.pages) == ("人民铁道", "A01")
    assert r.issued == PartialDate(2019, 1, 9)


def test_writer_layout_and_round_trip() -> None:
    rec = Record(type="article-journal", title="标题", title_translated="Title",
                 creators=[Creator(literal="王小明"), Creator("Doe", "Jane")],
                 container_title="期刊", issued=PartialDate(2020, 5), volume="1", issue="2",
                 pages="3-4", issn="1234-5678", keywords=["甲", "乙"],
                 abstract="第一段\n第二段", doi="10.1000/abc", url="http://x")
    out = record_to_noteexpress(rec)
    assert out.startswith("{Reference Type}: Journal Article\n")
    assert "{Author}: 王小明;Doe, Jane;" in out
    assert "{Abstract}: 第一段(#br)第二段" in out
    back = one(out)
    for attr in ("type", "title", "title_translated", "container_title", "issued", "volume",
                 "issue", "pages", "issn", "keywords", "abstract", "doi", "url"):
        assert getattr(back, attr) == getattr(rec, attr), attr
    assert [c.to_dict() for c in back.creators] == [c.to_dict() for c in rec.creators]


def test_sniff() -> None:
    fmt = detect("export.txt", "{Reference Type}: Journal Article\n{Title}: x\n")
    assert fmt is not None and fmt.id == "noteexpress"
    assert NE.sniff("TY  - JOUR\n") == 0.0


@pytest.mark.parametrize("text", ["", "{", "{Title}", "{Reference Type}:", "\x00\x01",
                                  "{Reference Type}: Journal Article\n{Notes}: n\n"])
def test_odd_inputs_never_crash(text: str) -> None:
    assert isinstance(NE.read(text, "x.net").records, list)


# ------------------------------------------------------------------ corpus
def test_cnki_corpus_has_six_files_and_55_records() -> None:
    total = 0
    for p in NET_FILES:
        text, _ = decode_bytes(p.read_bytes())
        res = NE.read(text, str(p))
        assert res.failures == []
        total += len(res.records)
    assert len(NET_FILES) == 6 and total == 55


@pytest.mark.parametrize("path", NET_FILES, ids=lambda p: p.name)
def test_cnki_round_trip(path: Path) -> None:
    text, _ = decode_bytes(path.read_bytes())
    first = NE.read(text, str(path))
    second = NE.read(NE.write(first.records), "rt.net")
    assert second.failures == []
    assert [r.to_dict() for r in second.records] == [r.to_dict() for r in first.records]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("\\&", "&").replace("(#br)", " ")).strip()


@pytest.mark.parametrize("path", NET_FILES, ids=lambda p: p.name)
def test_cnki_matches_the_converters_bibtex(path: Path) -> None:
    """The same records as CNKI_2_BibTeX's expected .bib: title, authors, journal, year,
    volume, issue, pages. Its 'Null' placeholders mean 'absent'."""
    text, _ = decode_bytes(path.read_bytes())
    records = NE.read(text, str(path)).records
    lib = bibtexparser.parse_string((ASSETS / "title" / f"{path.stem}.bib")
                                    .read_text(encoding="utf-8"))
    assert len(records) == len(lib.entries)
    for entry, rec in zip(lib.entries, records):
        f = {k: str(v.value) for k, v in entry.fields_dict.items()
             if str(v.value) != "Null"}
        assert _norm(rec.title) == _norm(f.get("title", ""))
        # the converter keeps only the last of several {Author} lines and drops
        # {Tertiary Author}: its authors are a run of ours, in order
        want = [(_norm(c.family or c.literal), _norm(c.given)) for c in
                (parse_name(a) for a in re.split(r"\s+and\s+", f.get("author", "")) if a)]
        ours = [(_norm(c.family or c.literal), _norm(c.given)) for c in rec.creators
                if c.role == "author"]
        assert any(ours[i:i + len(want)] == want for i in range(len(ours) - len(want) + 1))
        if "journal" in f:
            assert _norm(rec.container_title) == _norm(f["journal"])
        year = f.get("year")
        if year and re.fullmatch(r"(1\d|20)\d\d", year):
            assert rec.year == int(year)
        for key, attr in (("volume", "volume"), ("issue", "issue"), ("pages", "pages")):
            if key in f:
                want_value = _norm(f[key])
                if key == "issue" and want_value.isdigit():
                    # the converter keeps CNKI's leading zero ('09'); we drop it, as
                    # the RefWorks reader does (GB/T would print '2005(09)')
                    want_value = str(int(want_value))
                assert _norm(getattr(rec, attr)) == want_value, key


def test_cjk_family_given_is_written_whole() -> None:
    out = record_to_noteexpress(Record(title="t", creators=[Creator("王", "小明")]))
    assert "{Author}: 王小明;" in out
    assert [c.literal for c in one(out).creators] == ["王小明"]


@pytest.mark.parametrize("rtype", ["report", "patent", "book", "article-journal"])
def test_a_number_that_is_not_a_standards_is_not_written_as_isbn_issn(rtype: str) -> None:
    rec = Record(type=rtype, title="T", number="TR-99")
    text = record_to_noteexpress(rec)
    assert "{ISBN/ISSN}" not in text
    assert "{Number}: TR-99" in text
    back = get("noteexpress").read(text).records[0]
    assert (back.number, back.isbn, back.issn) == ("TR-99", "", "")


def test_a_standards_number_is_written_as_cnki_does() -> None:
    rec = Record(type="standard", title="T", number="GB/T 7714-2015")
    text = record_to_noteexpress(rec)
    assert "{ISBN/ISSN}: GB/T 7714-2015" in text
    back = get("noteexpress").read(text).records[0]
    assert (back.type, back.number, back.isbn, back.issn) == ("standard", "GB/T 7714-2015",
                                                              "", "")


def test_keywords_separated_by_commas_are_split() -> None:
    """CNKI's record '携手前进,共创未来' (CoverAllTest15Entries.net) lists its keywords
    with commas."""
    path = CORPUS / "cnki/Vopaaz-CNKI_2_BibTeX/tests/assets/CoverAllTest15Entries.net"
    recs = get("noteexpress").read(decode_bytes(path.read_bytes())[0]).records
    (rec,) = [r for r in recs if r.title.startswith("携手前进")]
    assert rec.keywords[:4] == ["巴拿马", "习近平", "巴雷拉", "未来"]
    assert len(rec.keywords) == 10


@pytest.mark.parametrize(("value", "keywords"), [
    ("a;b,c", ["a", "b,c"]),
    ("甲，乙", ["甲", "乙"]),
    ("alpha,beta", ["alpha", "beta"]),
    ("Cells, Cultured", ["Cells, Cultured"]),
])
def test_comma_keywords_only_without_semicolons(value: str, keywords: list[str]) -> None:
    text = f"{{Reference Type}}: Journal Article\n{{Title}}: T\n{{Keywords}}: {value}\n"
    assert get("noteexpress").read(text).records[0].keywords == keywords


def test_issue_loses_its_leading_zero() -> None:
    text = "{Reference Type}: Journal Article\n{Title}: T\n{Issue}: 09\n"
    assert get("noteexpress").read(text).records[0].issue == "9"
