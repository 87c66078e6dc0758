"""Citation keys (ASCII for CJK), CJK search tokens, DOI normalisation, the record model."""

from __future__ import annotations

import pytest

from app.core import cjk
from app.core.keys import generate_key, key_base, unique_key
from app.core.records import Creator, PartialDate, Record, normalize_doi


def r(title: str, creators: list[Creator], year: int | None = None) -> Record:
    return Record(title=title, creators=creators, issued=PartialDate(year) if year else None)


@pytest.mark.parametrize("record,expected", [
    (r("Introduction", [Creator("Radchenko", "S.")], 2023), "Radchenko2023Introduction"),
    (r("The origin of species", [Creator("Darwin", "Charles")], 1859), "Darwin1859Origin"),
    (r("Über Müller", [Creator("Gödel", "Kurt")], 1931), "Godel1931Uber"),
    (r("A study", [Creator("van der Berg", "Jan")], 2001), "Berg2001Study"),
    (r("数字人文研究方法综述", [Creator(literal="王小明")], 2021), "Wang2021Shuzi"),
    (r("数字人文研究方法综述", [Creator("王", "小明")], 2021), "Wang2021Shuzi"),
    (r("史记研究", [Creator(literal="司马迁")], 1990), "Sima1990Shiji"),   # compound surname
    (r("Deep learning", [Creator(literal="World Health Organization")], 2020),
     "World2020Deep"),
    (r("", [], None), "ref"),
    (r("2001: a space odyssey", [], None), "Space"),
    (r("!!!", [Creator(literal="!!!")], None), "ref"),
])
def test_key_base(record: Record, expected: str) -> None:
    assert key_base(record) == expected


def test_cjk_keys_are_ascii_and_never_empty() -> None:
    for rec in (r("研究", [Creator(literal="李")], 2020), r("日本語の研究", [Creator("山田", "太郎")]),
                r("한국어 연구", [Creator(literal="김민수")], 2019)):
        key = generate_key(rec, set())
        assert key and key.isascii() and key.isalnum(), key


def test_unique_suffixes() -> None:
    taken = {"K", "Ka", "Kb"}
    assert unique_key("K", taken) == "Kc"
    assert unique_key("New", taken) == "New"
    taken = {"K"} | {"K" + chr(c) for c in range(ord("a"), ord("z") + 1)}
    assert unique_key("K", taken) == "Kaa"


def test_index_text_bigrams() -> None:
    assert cjk.index_text("数字人文") == " 数字 字人 人文 文 "
    assert cjk.index_text("COVID-19疫情") == "COVID-19 疫情 情 "
    assert cjk.index_text("plain") == "plain"
    assert cjk.query_phrase("数字人文") == "数字 字人 人文"


def test_split_chinese_name() -> None:
    assert cjk.split_chinese_name("王小明") == ("王", "小明")
    assert cjk.split_chinese_name("欧阳修") == ("欧阳", "修")
    assert cjk.to_pinyin("王小明") == "wangxiaoming"
    assert cjk.ascii_fold("Straße Øre") == "Strasse Ore"


@pytest.mark.parametrize("value,expected", [
    ("10.1353/apr.2023.a905228", "10.1353/apr.2023.a905228"),
    ("https://doi.org/10.1353/APR.2023.A905228", "10.1353/apr.2023.a905228"),
    ("doi:10.1000/xyz.", "10.1000/xyz"),
    ("DOI: 10.1000/xyz;", "10.1000/xyz"),
    ("http://dx.doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
     "10.1002/(sici)1097-4571(199806)49:8"),
    ("ade/1391109086", ""),
    ("", ""),
])
def test_normalize_doi(value: str, expected: str) -> None:
    assert normalize_doi(value) == expected


def test_record_dict_roundtrip() -> None:
    rec = Record(title="T", creators=[Creator(literal="王小明", role="editor")],
                 issued=PartialDate(2020, 2, 29), extra={"a": [1, {"b": 2}]})
    back = Record.from_dict(rec.to_dict())
    assert back == rec
    back.extra["a"][1]["b"] = 3
    assert rec.extra["a"][1]["b"] == 2  # copies are deep


def test_partial_date() -> None:
    assert PartialDate(2021, 6).iso() == "2021-06"
    assert PartialDate(2021, 22).month is None  # seasons are not months
    assert PartialDate.from_iso("2023-06-01") == PartialDate(2023, 6, 1)
    assert PartialDate.from_iso("Spring 2020") == PartialDate(literal="Spring 2020")


def test_pinyin_of_every_character_matches_pypinyin() -> None:
    """The reading table read directly gives what pypinyin's lazy_pinyin gives."""
    from pypinyin import Style, lazy_pinyin

    table = cjk._readings()
    assert len(table) > 20000
    chars = [chr(cp) for cp in table] + ["\u3007", "\U0002a6d7", "a", "。"]
    for ch in chars:
        syl = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        assert cjk._char_pinyin(ch) == (syl[0] if syl else ""), ch
    assert cjk.to_pinyin("绿女王") == "lvnvwang"


def test_pinyin_does_not_import_pypinyin() -> None:
    """pypinyin's import loads its phrase dictionary (~50 MB): single-character
    pinyin for keys, sorting and search must not need it."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from app.core import cjk, keys; from app.core.records import *; "
            "print(keys.key_base(Record(title='数字人文', creators=[Creator(literal='王小明')])), "
            "cjk.to_pinyin('研究'), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout.split()
    assert out == ["WangShuzi", "yanjiu", "False"]


@pytest.mark.parametrize("text, lang", [
    ("基于GA-BP算法的研究", "zh"), ("BERTを用いた日本語の研究", "ja"),
    ("COVID-19 이후 한국어 연구", "ko"), ("漢字とカタカナ", "ja"),
])
def test_cjk_language_by_script(text: str, lang: str) -> None:
    assert cjk.cjk_language(text) == lang
