"""Every record of ../shared/corpus/large/cdl.bib in every shipped style.

cdl.bib (6,315 entries) is Western only, so the CJK records of test_cjk are
added to each batch and their entries checked against the CJK name rule.
The whole file takes minutes per run of all styles, so it is marked slow; a
fast sample (every 25th entry) runs in the default set.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from app.core.citation import SHIPPED_STYLE_IDS
from app.core.citation.engine import format_records
from app.core.records import Record
from tests.conftest import CORPUS
from tests.core.citation._corpus import load_bib
from tests.core.citation.cjk_check import check_entry
from tests.core.citation.test_cjk import _own_records

CDL = CORPUS / "large" / "cdl.bib"


@lru_cache(maxsize=1)
def _cdl() -> tuple[Record, ...]:
    return tuple(load_bib(CDL))


# CMOS 18 §14.111-14.118 (as coded in chicago-notes-bibliography.csl): these
# works appear in notes only, unless they have an archive, container, DOI,
# number, publisher or URL.
_CHICAGO_NOTES_ONLY = {"document", "manuscript", "paper-conference", "speech", "interview",
                       "personal_communication"}


def _chicago_omits(rec: Record) -> bool:
    return rec.type in _CHICAGO_NOTES_ONLY and not (
        rec.container_title or rec.doi or rec.number or rec.publisher or rec.url)


def _norm(text: str) -> str:
    text = re.sub(r"[\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb]", "", text.casefold())
    return re.sub(r"\s+", " ", text)


def _check(records: list[Record], style: str) -> None:
    res = format_records(records, style, citation=False)
    for idx in res.omitted:
        assert style == "chicago-notes-bibliography" and _chicago_omits(records[idx])
    assert sorted(res.order + res.omitted) == list(range(len(records))), "a record is lost"
    assert len(res.bibliography) == len(res.bibliography_html) == len(res.order)
    problems: list[str] = []
    for idx, entry in zip(res.order, res.bibliography):
        rec = records[idx]
        if not entry.strip():
            problems.append(f"empty entry for {rec.citation_key or rec.title!r}")
        problems += check_entry(rec, entry)
        if rec.title and _norm(rec.title)[:12] not in _norm(entry):
            # every style prints the title; case and quote marks aside, its start is there
            problems.append(f"title missing: {rec.title[:40]!r} not in {entry!r}")
    assert problems == [], problems[:10]


def test_cdl_is_read_whole() -> None:
    assert len(_cdl()) == 6315


@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_cdl_sample_in_every_style(style: str) -> None:
    records = [r.copy() for r in _cdl()[::25]] + _own_records()
    _check(records, style)


@pytest.mark.slow
@pytest.mark.parametrize("style", SHIPPED_STYLE_IDS)
def test_cdl_every_record_in_every_style(style: str) -> None:
    records = [r.copy() for r in _cdl()] + _own_records()
    _check(records, style)
