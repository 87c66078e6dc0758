"""Every case of ../shared/spec/citations.json, plain text exactly and the HTML italics."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from app.core.citation import format_all, format_bibliography, format_citation
from app.core.csl import record_from_csl
from tests.conftest import SPEC

_SPEC: dict[str, Any] = json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))
_CASES = _SPEC["cases"]


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['record']}-{case['style']}"


def _strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _italic_runs(fragment: str) -> list[str]:
    runs = re.findall(r"<(i|em)>(.*?)</\1>", fragment, flags=re.S)
    return [_strip_tags(text) for _tag, text in runs]


@pytest.mark.parametrize("case", _CASES, ids=_case_id)
def test_bibliography_plain_text(case: dict[str, Any]) -> None:
    rec = record_from_csl(_SPEC["records"][case["record"]])
    entries = format_bibliography([rec], case["style"], case["locale"])
    assert entries == [case["bibliography"]]


@pytest.mark.parametrize("case", [c for c in _CASES if "citation" in c], ids=_case_id)
def test_citation_plain_text(case: dict[str, Any]) -> None:
    rec = record_from_csl(_SPEC["records"][case["record"]])
    assert format_citation([rec], case["style"], case["locale"]) == case["citation"]


@pytest.mark.parametrize("case", _CASES, ids=_case_id)
def test_html_sets_listed_text_in_italics(case: dict[str, Any]) -> None:
    rec = record_from_csl(_SPEC["records"][case["record"]])
    res = format_all([rec], case["style"], case["locale"])
    fragment = res.bibliography_html[0]
    runs = _italic_runs(fragment)
    for text in case["italic"]:
        assert text in runs, f"{text!r} not in italics in {fragment!r}"
    if not case["italic"]:
        assert runs == []
    # the HTML says the same words as the plain text, and the plain text has no markup
    assert _strip_tags(fragment) == case["bibliography"]
    assert "<" not in res.bibliography[0] and "&amp;" not in res.bibliography[0]
