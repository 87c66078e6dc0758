"""Acceptance: importing the seed page gives exactly spec/seed_record.json."""

from __future__ import annotations

import json

import pytest

from app.core.csl import record_to_csl
from app.core.formats import read_path
from tests.conftest import CORPUS, SPEC

SEED = CORPUS / "seed" / "000_c0116378fb088a26.txt"


@pytest.fixture(scope="module")
def seed_result():
    return read_path(str(SEED))


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads((SPEC / "seed_record.json").read_text(encoding="utf-8"))


def test_seed_is_read_as_a_page_and_kept_as_attachment(seed_result) -> None:
    assert seed_result.format_id == "page"
    assert seed_result.attach_source is True
    assert not seed_result.failures
    assert len(seed_result.records) == 1
    assert seed_result.notes and "embedded JSON record" in seed_result.notes[0]


def test_seed_matches_every_spec_field(seed_result, spec) -> None:
    item = record_to_csl(seed_result.records[0])
    for key, want in spec.items():
        if key.startswith("_") or key.startswith("abstract_"):
            continue
        assert item.get(key) == want, key


def test_seed_keeps_the_whole_english_abstract(seed_result, spec) -> None:
    abstract = seed_result.records[0].abstract
    assert abstract.startswith(spec["abstract_starts"])
    assert abstract.endswith(spec["abstract_ends"])
    # whole: every sentence of the page's abstract, no CJK mixed in
    assert "Was this pragmatic alignment coming to an end" in abstract
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in abstract)


def test_seed_keeps_the_chinese_translation_apart(seed_result, spec) -> None:
    rec = seed_result.records[0]
    assert spec["abstract_translated_contains"] in rec.abstract_translated
    assert "本文章由计算机程序翻译" not in rec.abstract_translated
    assert spec["abstract_translated_contains"] not in rec.abstract
    assert rec.title == "Introduction"
    assert rec.title_translated == "介绍"
    assert record_to_csl(rec)["x-abstract-translated"] == rec.abstract_translated
