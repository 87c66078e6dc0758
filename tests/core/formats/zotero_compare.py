"""Compare our records with the items Zotero's translators expect (its test cases).

Zotero items use Zotero's schema; we map each compared field onto our record
the way Zotero's own CSL mapping does (itemType -> CSL type, bookTitle /
proceedingsTitle / websiteTitle … -> container-title, and so on), then compare:

item type, title, every creator (family + given, or the whole name; in order;
roles are not compared), date (year, month, day; an expected date with no
year only needs ours to have no year either), container, volume, issue,
pages, DOI, ISBN/ISSN (as one set), abstract, keywords (as a set) and URL.

Text is compared after Unicode NFC and whitespace collapsing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.normalize.dates import parse_date
from app.core.normalize.pages import normalize_pages
from app.core.records import Record, normalize_doi
from tests.conftest import CORPUS

# Zotero itemType -> CSL type (Zotero's schema "csl.types" mapping).
ZOTERO_TO_CSL: dict[str, str] = {
    "journalArticle": "article-journal", "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper", "book": "book", "bookSection": "chapter",
    "thesis": "thesis", "manuscript": "manuscript", "letter": "personal_communication",
    "interview": "interview", "film": "motion_picture", "artwork": "graphic",
    "webpage": "webpage", "report": "report", "bill": "bill", "case": "legal_case",
    "hearing": "bill", "patent": "patent", "statute": "legislation",
    "email": "personal_communication", "map": "map", "blogPost": "post-weblog",
    "instantMessage": "personal_communication", "forumPost": "post-weblog",
    "audioRecording": "song", "presentation": "speech", "videoRecording": "motion_picture",
    "tvBroadcast": "broadcast", "radioBroadcast": "broadcast", "podcast": "song",
    "computerProgram": "software", "conferencePaper": "paper-conference",
    "document": "document", "encyclopediaArticle": "entry-encyclopedia",
    "dictionaryEntry": "entry-dictionary", "dataset": "dataset", "standard": "standard",
    "preprint": "article",
}
_TITLE_KEYS = ("title", "caseName", "nameOfAct", "subject")
_CONTAINER_KEYS = ("publicationTitle", "bookTitle", "proceedingsTitle", "websiteTitle",
                   "blogTitle", "forumTitle", "encyclopediaTitle", "dictionaryTitle",
                   "programTitle", "reporter", "code")
_DATE_KEYS = ("date", "issueDate", "dateDecided", "dateEnacted")
_VOLUME_KEYS = ("volume", "reporterVolume", "codeVolume")
_PAGES_KEYS = ("pages", "firstPage", "codePages")
# Which compared fields each Zotero item type can hold at all (Zotero's schema).
# Where Zotero's type has no such field, an item cannot state a value, so a
# value we keep there (RIS's "SP" of a book, a thesis's "VL") is not compared.
_C, _V, _I, _P, _B, _S = "container", "volume", "issue", "pages", "ISBN", "ISSN"
ZOTERO_FIELDS: dict[str, set[str]] = {
    "journalArticle": {_C, _V, _I, _P, _S}, "magazineArticle": {_C, _V, _I, _P, _S},
    "newspaperArticle": {_C, _P, _S}, "book": {_V, _B}, "bookSection": {_C, _V, _P, _B},
    "thesis": set(), "manuscript": set(), "letter": set(), "interview": set(),
    "film": set(), "artwork": set(), "webpage": {_C}, "report": {_P},
    "bill": {_C, _V, _P}, "case": {_C, _V, _P}, "hearing": {_P}, "patent": {_P},
    "statute": {_C, _P}, "email": set(), "map": {_B}, "blogPost": {_C},
    "instantMessage": set(), "forumPost": {_C}, "audioRecording": {_V, _B},
    "presentation": set(), "videoRecording": {_V, _B}, "tvBroadcast": {_C},
    "radioBroadcast": {_C}, "podcast": set(), "computerProgram": {_B},
    "conferencePaper": {_C, _V, _P, _B}, "document": set(),
    "encyclopediaArticle": {_C, _V, _P, _B}, "dictionaryEntry": {_C, _V, _P, _B},
    "dataset": set(), "standard": set(), "preprint": set(),
}
FIELDS = ("type", "title", "creators", "date", "container", "volume", "issue", "pages",
          "DOI", "ISBN/ISSN", "abstract", "keywords", "URL")


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"


def norm(text: Any) -> str:
    """NFC, collapsed whitespace, stripped; no whitespace next to CJK characters
    (a line break inside Chinese text is not a space)."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFC", str(text))
    t = re.sub(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])", "", t)
    return re.sub(r"\s+", " ", t).strip()


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    for k in keys:
        if item.get(k):
            return norm(item[k])
    return ""


def _date_key(text: str) -> tuple[int | None, int | None, int | None] | None:
    d = parse_date(text)
    if d is None or d.year is None:
        return None
    return (d.year, d.month, d.day)


def _id(value: Any) -> str:
    """ISBN/ISSN compared without hyphens and spaces ('7-203-03520-4' = '7203035204')."""
    return re.sub(r"[\s-]", "", norm(value)).upper()


def _doi_from_extra(extra: str) -> str:
    m = re.search(r"^DOI:\s*(\S+)", extra or "", re.M | re.I)
    return m.group(1) if m else ""


def expected_view(item: dict[str, Any]) -> dict[str, Any]:
    """The compared fields of a Zotero item."""
    creators = []
    for c in item.get("creators", []):
        if "name" in c:
            creators.append((norm(c["name"]), ""))
        else:
            creators.append((norm(c.get("lastName")), norm(c.get("firstName"))))
    date = _first(item, _DATE_KEYS)
    ids = {_id(item.get(k)) for k in ("ISBN", "ISSN") if item.get(k)}
    return {
        "type": ZOTERO_TO_CSL.get(item.get("itemType", ""), item.get("itemType", "")),
        "title": _first(item, _TITLE_KEYS),
        "creators": creators,
        "date": _date_key(date) if date else None,
        "container": _first(item, _CONTAINER_KEYS),
        "volume": _first(item, _VOLUME_KEYS),
        "issue": norm(item.get("issue")),
        "pages": normalize_pages(_first(item, _PAGES_KEYS)),
        "DOI": normalize_doi(item.get("DOI") or _doi_from_extra(item.get("extra", ""))),
        "ISBN/ISSN": ids,
        "abstract": norm(item.get("abstractNote")),
        "keywords": {norm(t.get("tag") if isinstance(t, dict) else t).casefold()
                     for t in item.get("tags", [])
                     if norm(t.get("tag") if isinstance(t, dict) else t)},
        "URL": norm(item.get("url")),
        "_zotero_type": item.get("itemType", ""),
    }


def record_view(rec: Record) -> dict[str, Any]:
    """The same fields of one of our records."""
    creators = []
    for c in rec.creators:
        if c.literal:
            creators.append((norm(c.literal), ""))
        else:
            creators.append((norm(c.family), norm(c.given)))
    date = None
    if rec.issued is not None and rec.issued.year is not None:
        date = (rec.issued.year, rec.issued.month, rec.issued.day)
    ids = {_id(v) for v in (rec.isbn, rec.issn) if v}
    return {
        "type": rec.type,
        "title": norm(rec.title),
        "creators": creators,
        "date": date,
        "container": norm(rec.container_title),
        "volume": norm(rec.volume),
        "issue": norm(rec.issue),
        "pages": normalize_pages(rec.pages),
        "DOI": normalize_doi(rec.doi),
        "ISBN/ISSN": ids,
        "abstract": norm(rec.abstract),
        "keywords": {norm(k).casefold() for k in rec.keywords if norm(k)},
        "URL": norm(rec.url),
    }


def diff(expected: dict[str, Any], ours: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields that differ: name -> (expected, ours)."""
    out: dict[str, tuple[Any, Any]] = {}
    holds = ZOTERO_FIELDS.get(expected.get("_zotero_type", ""))
    for f in FIELDS:
        e, o = expected[f], ours[f]
        if holds is not None and f in (_C, _V, _I, _P) and f not in holds and not e:
            continue  # Zotero's type cannot hold this field
        if holds is not None and f == "ISBN/ISSN" and not e and not ({_B, _S} & holds):
            continue
        if f == "type" and e == "document" and o in ("document", "article"):
            continue
        if e != o:
            out[f] = (e, o)
    return out


@dataclass
class Miss:
    family: str
    file: str
    case: int
    item: int
    title: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reason: str = ""


@dataclass
class FamilyResult:
    family: str
    total: int = 0
    matched: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.matched / self.total if self.total else 1.0


def run_cases(family: str, path: Path, format_id: str) -> FamilyResult:
    """Read every case's input with *format_id*; compare with its expected items."""
    from app.core.formats import get

    fmt = get(format_id)
    cases = json.loads(path.read_text(encoding="utf-8"))
    res = FamilyResult(family)
    for ci, case in enumerate(cases):
        items = case.get("items") or []
        if not isinstance(items, list):
            continue
        result = fmt.read(case["input"], source=f"{path.name}#{ci}")
        for ii, item in enumerate(items):
            res.total += 1
            exp = expected_view(item)
            if ii >= len(result.records):
                res.misses.append(Miss(family, path.name, ci, ii, exp["title"],
                                       reason="record not read"))
                continue
            d = diff(exp, record_view(result.records[ii]))
            if d:
                res.misses.append(Miss(family, path.name, ci, ii, exp["title"], d))
            else:
                res.matched += 1
    return res


ZOTERO_DIR = CORPUS / "zotero-translators"
# family -> (case file under ZOTERO_DIR, our format id)
FAMILIES: dict[str, tuple[str, str]] = {
    "RIS": ("RIS_import_tests.json", "ris"),
    "Refer/BibIX": ("other_import_formats/ReferBibIX_import_tests.json", "enw"),
    "CNKI Refer": ("translators_CN/CNKI_Refer_import_tests.json", "enw"),
    "CNKI RefWorks": ("translators_CN/CNKI_RefWorks_import_tests.json", "refworks"),
    "MEDLINE nbib": ("other_import_formats/MEDLINEnbib_import_tests.json", "nbib"),
    "CSL JSON": ("other_import_formats/CSL_JSON_import_tests.json", "csljson"),
    "EndNote XML": ("other_import_formats/Endnote_XML_import_tests.json", "endnotexml"),
}


# Formats we read that the issue's acceptance list does not name: measured and
# reported apart from the overall figure.
OTHER_FAMILIES: dict[str, tuple[str, str]] = {
    "RefWorks tagged": ("other_import_formats/RefWorks_Tagged_import_tests.json", "refworks"),
    "Web of Science": ("other_import_formats/Web_of_Science_Tagged_import_tests.json", "wos"),
    "Web of Science (translators_CN)": ("translators_CN/Web_of_Science_Tagged_import_tests.json",
                                        "wos"),
    "Ovid": ("other_import_formats/OVID_Tagged_import_tests.json", "ovid"),
}


def run_other() -> dict[str, FamilyResult]:
    """The results of OTHER_FAMILIES."""
    return {name: run_cases(name, ZOTERO_DIR / rel, fid)
            for name, (rel, fid) in OTHER_FAMILIES.items()}


def run_all() -> dict[str, FamilyResult]:
    """Every family's result, in FAMILIES order."""
    return {name: run_cases(name, ZOTERO_DIR / rel, fid)
            for name, (rel, fid) in FAMILIES.items()}


def _short(v: Any, n: int = 70) -> str:
    s = str(sorted(v) if isinstance(v, set) else v)
    return s if len(s) <= n else s[: n - 1] + "…"


def markdown_misses(results: dict[str, FamilyResult]) -> str:
    """The table of misses, one row per item and differing field (for the docs)."""
    rows = ["| family | file#case/item | title | field | Zotero | ours |",
            "|---|---|---|---|---|---|"]
    for res in results.values():
        for m in res.misses:
            where = f"{m.file}#{m.case}/{m.item}"
            if m.reason:
                rows.append(f"| {m.family} | {where} | {_short(m.title, 30)} | – | "
                            f"{m.reason} | |")
            for f, (e, o) in m.fields.items():
                rows.append(f"| {m.family} | {where} | {_short(m.title, 30)} | {f} | "
                            f"{_short(e)} | {_short(o)} |".replace("\n", " "))
    return "\n".join(rows)


if __name__ == "__main__":  # python -m tests.core.formats.zotero_compare
    out = run_all()
    total = sum(r.total for r in out.values())
    matched = sum(r.matched for r in out.values())
    for name, r in out.items():
        print(f"{name}: {r.matched}/{r.total} = {r.rate:.1%}")
    print(f"overall: {matched}/{total} = {matched / total:.1%}")
    other = run_other()
    for name, r in other.items():
        print(f"(not in the overall) {name}: {r.matched}/{r.total} = {r.rate:.1%}")
    print(markdown_misses({**out, **other}))
