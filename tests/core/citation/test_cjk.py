"""CJK names in every style; GB/T 7714 等 / et al. per record; GB/T type codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.citation import SHIPPED_STYLE_IDS, format_all, format_bibliography, format_citation
from app.core.csl import record_from_csl
from app.core.records import Creator, PartialDate, Record
from tests.conftest import SPEC
from tests.core.citation.cjk_check import check_entry, whole_name

_SPEC: dict[str, Any] = json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))
GBT = "china-national-standard-gb-t-7714-2015-numeric"
GBT_AD = "china-national-standard-gb-t-7714-2015-author-date"


def spec_record(key: str) -> Record:
    return record_from_csl(_SPEC["records"][key])


def chinese_translated_book() -> Record:
    return Record(
        type="book", language="zh-CN", title="国富论",
        creators=[Creator(literal="亚当·斯密"),
                  Creator(family="郭", given="大力", role="translator"),
                  Creator(family="王", given="亚南", role="translator")],
        edition="2", publisher="商务印书馆", place="北京", issued=PartialDate(2015))


def chinese_book() -> Record:
    return Record(
        type="book", language="zh-CN", title="乡土中国",
        creators=[Creator(family="费", given="孝通"),
                  Creator(family="欧阳", given="修远", role="translator")],
        publisher="人民出版社", place="北京", issued=PartialDate(2008))


def japanese_article() -> Record:
    return Record(
        type="article-journal", language="ja", title="日本語の文法研究",
        creators=[Creator(family="山田", given="太郎"), Creator(family="佐藤", given="花子")],
        container_title="言語研究", volume="12", issue="3", pages="45-67",
        issued=PartialDate(2019))


def korean_article() -> Record:
    return Record(
        type="article-journal", language="ko", title="한국어 문법 연구",
        creators=[Creator(family="김", given="민수"), Creator(family="이", given="영희"),
                  Creator(family="박", given="지훈"), Creator(family="최", given="수진")],
        container_title="국어학", volume="5", pages="1-20", issued=PartialDate(2020))


def _own_records() -> list[Record]:
    return [chinese_translated_book(), chinese_book(), japanese_article(), korean_article(),
            spec_record("zh4"), spec_record("en4")]


@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_cjk_names_whole_in_every_style(style: str) -> None:
    records = _own_records()
    res = format_all(records, style)
    assert len(res.bibliography) == len(records)
    for idx, entry in zip(res.order, res.bibliography):
        assert check_entry(records[idx], entry) == []
    # the in-text citation names CJK first authors whole too (unless the style is numeric)
    if not any(ch.isdigit() for ch in res.citation[:3]):
        for rec in records:
            first = rec.first_creator
            if first is not None and first.is_cjk:
                assert whole_name(first) in res.citation, (style, res.citation)


@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_latin_letters_in_cjk_titles_keep_their_case(style: str) -> None:
    """Styles that title-case English titles (Chicago, MLA, …) must leave a CJK title
    alone, Latin letters included, also when the record names no language (CNKI)."""
    titles = ("基于GA-BP算法的长江运价指数模型研究及预测", "阿Q正传与DNA测序",
              "BERTを用いた日本語の文法研究", "COVID-19 이후 한국어 연구")
    records = [Record(type="article-journal", title=t, container_title="学报 Journal",
                      creators=[Creator(family="李", given="玉琢")], issued=PartialDate(2019))
               for t in titles]
    entries = format_bibliography(records, style)
    for title in titles:
        assert any(title in e for e in entries), (style, title, entries)


@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_cjk_names_in_html_too(style: str) -> None:
    rec = japanese_article()
    html = format_bibliography([rec], style, html=True)[0]
    assert "山田太郎" in html and "佐藤花子" in html


def test_translated_chinese_book_in_gbt() -> None:
    # GB/T 7714-2015 §8.1-8.4: 主要责任者. 题名[M]. 其他责任者, 译. 版本. 出版地: 出版者, 出版年.
    assert format_bibliography([chinese_translated_book()], GBT) == [
        "[1] 亚当·斯密. 国富论[M]. 郭大力, 王亚南, 译. 2版. 北京: 商务印书馆, 2015."]
    assert format_bibliography([chinese_book()], GBT_AD) == [
        "费孝通, 2008. 乡土中国[M]. 欧阳修远, 译. 北京: 人民出版社."]


def test_translated_chinese_book_in_apa() -> None:
    # APA 7 §10.2: Author. (Year). Title (T. Translator, Trans.; 2nd ed.). Publisher.
    assert format_bibliography([chinese_translated_book()], "apa") == [
        "亚当·斯密. (2015). 国富论 (郭大力 & 王亚南, Trans.; 2nd ed.). 商务印书馆."]
    assert format_citation([chinese_book()], "apa") == "(费孝通, 2008)"


def test_gbt_et_al_chosen_per_record_in_one_selection() -> None:
    zh4, en4 = spec_record("zh4"), spec_record("en4")
    assert format_bibliography([zh4, en4], GBT) == [
        "[1] 王小明, 李华, 张三, 等. 数字人文研究方法综述：回顾与展望[J]. 中国图书馆学报, 2022, "
        "48(1): 4-19.",
        "[2] GOODFELLOW I, BENGIO Y, COURVILLE A, et al. Deep Learning[M]. Cambridge, MA: "
        "MIT Press, 2016.",
    ]
    entries = format_bibliography([zh4, en4], GBT_AD)
    assert sorted(entries) == sorted([
        "王小明, 李华, 张三, 等, 2022. 数字人文研究方法综述：回顾与展望[J]. 中国图书馆学报, 48(1): 4-19.",
        "GOODFELLOW I, BENGIO Y, COURVILLE A, et al., 2016. Deep Learning[M]. Cambridge, MA: "
        "MIT Press.",
    ])
    cite = format_citation([zh4, en4], GBT_AD)
    assert "王小明 等, 2022" in cite and "Goodfellow et al., 2016" in cite


def test_gbt_et_al_by_script_when_language_unknown() -> None:
    zh4, en4 = spec_record("zh4"), spec_record("en4")
    zh4.language = en4.language = ""
    zh_entry, en_entry = format_bibliography([zh4, en4], GBT)
    assert "张三, 等." in zh_entry and "et al." not in zh_entry
    assert "COURVILLE A, et al." in en_entry and "等" not in en_entry


def test_gbt_language_wins_over_script() -> None:
    # a Western-language work with a Chinese title still takes "et al."
    rec = spec_record("zh4")
    rec.language = "en"
    assert "张三, et al." in format_bibliography([rec], GBT)[0]


def test_gbt_in_english_locale_keeps_dengdeng_for_chinese_works() -> None:
    zh, en = format_bibliography([spec_record("zh4"), spec_record("en4")], GBT, "en-US")
    assert "张三, 等." in zh
    assert "COURVILLE A, et al." in en


def test_other_styles_in_chinese_locale_keep_et_al_for_western_works() -> None:
    cite = format_citation([spec_record("en4"), spec_record("zh4")], "apa", "zh-CN")
    assert "Goodfellow et al." in cite and "王小明 等" in cite


def test_gbt_western_works_take_english_terms() -> None:
    # a Western book's volume and edition in English, a Chinese one's in Chinese
    en = Record(type="book", language="en", title="The Art of Computer Programming",
                creators=[Creator("Knuth", "Donald E.")], volume="1", edition="3",
                publisher="Addison-Wesley", place="Reading, MA", issued=PartialDate(1997))
    zh = chinese_translated_book()
    en_entry, zh_entry = format_bibliography([en, zh], GBT)
    assert "3rd ed." in en_entry and "版" not in en_entry and "卷" not in en_entry
    assert "2版" in zh_entry


@pytest.mark.parametrize("record, code", [
    (Record(type="article-journal", title="论文", container_title="学报", volume="1",
            issued=PartialDate(2020)), "[J]"),
    (Record(type="book", title="书", publisher="出版社", place="北京",
            issued=PartialDate(2020)), "[M]"),
    (Record(type="thesis", title="学位论文", publisher="北京大学", place="北京",
            issued=PartialDate(2010)), "[D]"),
    (Record(type="paper-conference", title="会议论文", container_title="论文集",
            publisher="出版社", place="北京", issued=PartialDate(2011)), "[C]"),
    (Record(type="report", title="报告", publisher="机构", place="北京",
            issued=PartialDate(2012)), "[R]"),
    (Record(type="article-newspaper", title="新闻", container_title="人民日报",
            issued=PartialDate(2013, 5, 6)), "[N]"),
    (Record(type="patent", title="专利", number="CN1234567A",
            issued=PartialDate(2014, 1, 2)), "[P]"),
    (Record(type="standard", title="参考文献著录规则", number="GB/T 7714—2015",
            publisher="中国标准出版社", place="北京", issued=PartialDate(2015)), "[S]"),
    (Record(type="webpage", title="网页", url="https://example.org/x",
            issued=PartialDate(2016)), "[EB/OL]"),
    (Record(type="article-journal", title="在线论文", container_title="学报", volume="1",
            doi="10.1000/xyz", issued=PartialDate(2020)), "[J/OL]"),
    (Record(type="book", title="在线书", publisher="出版社", place="北京",
            url="https://example.org/b", issued=PartialDate(2020)), "[M/OL]"),
])
def test_gbt_type_codes(record: Record, code: str) -> None:
    record.language = "zh-CN"
    record.creators = [Creator(family="王", given="小明")]
    entry = format_bibliography([record], GBT)[0]
    assert f"{record.title}{code}" in entry or f"{code}." in entry, entry
    assert entry.startswith("[1] 王小明. ")


@pytest.mark.parametrize("bad", [
    "王, 小明. 数字人文[J].",        # family, given
    "小明 王. 数字人文.",            # Western order
    "王 小明, 李华.",                # a space inside the name
    "王 X., 李华.",
    "王, 小. (2021).",              # initials
    ". 小明 . 数字人文",             # citeproc-py's garbling
    "王小明., 李华., & 张三.",        # stray period after the whole name
])
def test_name_check_catches_bad_forms(bad: str) -> None:
    rec = Record(title="数字人文", creators=[Creator(family="王", given="小明")])
    assert check_entry(rec, bad) != []


def test_name_check_accepts_good_forms() -> None:
    rec = Record(title="数字人文", creators=[Creator(family="王", given="小明")])
    for good in ("王小明, 李华. 数字人文[J].", "王小明. (2021).", "(王小明 等, 2021)"):
        assert check_entry(rec, good) == []
