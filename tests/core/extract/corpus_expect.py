"""Expected values for the saved-page corpus, derived from each source project's own
expected-output files (never from our output), and the field comparison.

Each project states different fields:

* papis ``*_Out.json``: title, doi, author_list (count, first family), journal or
  booktitle, volume, issue, firstpage (or the start of ``pages``), year (or date);
* metascraper ``index.js.md`` snapshot: title, first author (one name), date;
* postlight ``index.test.js``: title and the author string (comma list);
* htmldate: the date only (in INDEX.json);
* wikimedia/html-metadata: the ``highwirePress`` block (article) or the
  ``dublinCore`` block (movie);
* extruct ``dublincore_test.json``: DC.title, DC.creator, DCTERMS.issued.

Bot-challenge pages are expected to give no record and a reason.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.records import Record, normalize_doi

FIELDS = ("title", "doi", "n_authors", "first_family", "container", "volume", "issue",
          "first_page", "year")


@dataclass
class Expected:
    file: str
    origin: str
    values: dict[str, Any] = field(default_factory=dict)
    bot: bool = False


def _year(v: Any) -> int | None:
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(v or ""))
    return int(m.group(1)) if m else None


def _family_of(name: str) -> str:
    """Family name of one name as a person writes it: 'Family, Given' or 'Given Family'."""
    name = name.strip()
    if "," in name:
        return name.split(",")[0].strip()
    return name.split()[-1] if name.split() else ""


def _first_page(pages: Any) -> str:
    m = re.match(r"\s*([A-Za-z]?\d+[A-Za-z]?)", str(pages or ""))
    return m.group(1) if m else ""


def _papis(path: Path) -> dict[str, Any]:
    j = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    if j.get("title") and j["title"] != "None":
        out["title"] = j["title"]
    if j.get("doi"):
        out["doi"] = j["doi"]
    al = j.get("author_list") or []
    if al:
        out["n_authors"] = len(al)
        out["first_family"] = al[0].get("family", "")
    elif j.get("author"):
        names = [a for a in str(j["author"]).split(" and ") if a.strip()]
        out["n_authors"] = len(names)
        out["first_family"] = _family_of(names[0])
    if j.get("journal") or j.get("booktitle"):
        out["container"] = j.get("journal") or j.get("booktitle")
    for k in ("volume", "issue"):
        if j.get(k):
            out[k] = str(j[k])
    fp = j.get("firstpage") or _first_page(j.get("pages"))
    if fp:
        out["first_page"] = _first_page(fp)
    y = _year(j.get("year")) or _year(j.get("date"))
    if y:
        out["year"] = y
    return out


def _metascraper(md: Path) -> dict[str, dict[str, Any]]:
    text = md.read_text(encoding="utf-8")
    out: dict[str, dict[str, Any]] = {}
    for sec in re.split(r"\n## ", text)[1:]:
        url = sec.splitlines()[0].strip()
        vals = dict(re.findall(r"^\s+(\w+): '(.*)',$", sec, re.M))
        exp: dict[str, Any] = {}
        if vals.get("title"):
            exp["title"] = vals["title"]
        if vals.get("author"):
            exp["first_family"] = _family_of(vals["author"])
        if (y := _year(vals.get("date"))):
            exp["year"] = y
        out[_slug(url)] = exp
    return out


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _postlight(js: Path) -> dict[str, Any]:
    text = js.read_text(encoding="utf-8")
    title = re.search(r"assert\.equal\(\s*title,\s*`([^`]*)`", text)
    author = re.search(r"assert\.equal\(\s*author,\s*'([^']*)'", text)
    out: dict[str, Any] = {}
    if title:
        out["title"] = title.group(1)
    if author:
        names = [a.strip() for a in author.group(1).split(",") if a.strip()]
        out["n_authors"] = len(names)
        out["first_family"] = _family_of(names[0])
    return out


def _wikimedia(path: Path) -> dict[str, Any]:
    j = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    hw = j.get("highwirePress")
    if hw:
        out["title"] = hw["title"]
        out["doi"] = hw["doi"]
        out["container"] = hw["journal_title"]
        out["volume"] = hw["volume"]
        out["issue"] = hw["issue"]
        out["first_page"] = hw["firstpage"]
        out["year"] = _year(hw["publication_date"])
        out["n_authors"] = 1
        out["first_family"] = _family_of(hw["author"])
    else:
        dc = j["dublinCore"]
        out["title"] = dc["title"]
        out["year"] = _year(dc["date"])
    return out


def _extruct(path: Path) -> dict[str, Any]:
    j = json.loads(path.read_text(encoding="utf-8"))[0]
    els = {e["name"]: e["content"] for e in j["elements"] + j["terms"] if "name" in e}
    creator = els["DC.creator"]
    return {"title": " ".join(els["DC.title"].split()), "n_authors": 1,
            # "Name, Unit, University": the name is the first comma part
            "first_family": creator.split(",")[0].split()[-1],
            "year": _year(els["DCTERMS.issued"])}


def load_expected(pages_dir: Path) -> list[Expected]:
    """One Expected per page of INDEX.json that has expected output."""
    index = json.loads((pages_dir / "INDEX.json").read_text(encoding="utf-8"))
    meta_md = pages_dir / "metascraper/packages/metascraper-citation/test/snapshots/index.js.md"
    meta = _metascraper(meta_md) if meta_md.exists() else {}
    out: list[Expected] = []
    for e in index:
        exp = e.get("expected")
        if not exp:
            continue
        f = e["file"]
        if e.get("bot_challenge_page"):
            out.append(Expected(f, "bot", bot=True))
        elif exp.endswith("_Out.json") or exp.endswith("_out.json"):
            out.append(Expected(f, "papis", _papis(pages_dir / exp)))
        elif "metascraper" in exp:
            name = Path(f).stem
            vals = next((v for k, v in meta.items() if _slug(name) == k), None)
            if vals is None:
                vals = next((v for k, v in meta.items() if _slug(name).startswith(k[:40])), {})
            out.append(Expected(f, "metascraper", vals))
        elif "postlight" in exp:
            out.append(Expected(f, "postlight", _postlight(pages_dir / exp.split(" ")[0])))
        elif exp.startswith("date only"):
            out.append(Expected(f, "htmldate", {"year": _year(exp)}))
        elif "wikimedia" in exp:
            out.append(Expected(f, "wikimedia", _wikimedia(pages_dir / exp)))
        elif "extruct" in exp:
            out.append(Expected(f, "extruct", _extruct(pages_dir / exp)))
    return out


def _norm(s: Any) -> str:
    t = unicodedata.normalize("NFKC", str(s or "")).casefold()
    t = t.replace("&amp;", "&")
    return " ".join(t.split()).rstrip(". ")


def actual_values(rec: Record) -> dict[str, Any]:
    authors = rec.authors
    first = authors[0] if authors else None
    return {
        "title": rec.title,
        "doi": rec.doi,
        "n_authors": len(authors),
        "first_family": (first.family or first.literal) if first else "",
        "container": rec.container_title,
        "volume": rec.volume,
        "issue": rec.issue,
        "first_page": _first_page(rec.pages),
        "year": rec.year,
    }


def compare(expected: dict[str, Any], rec: Record | None) -> dict[str, tuple[Any, Any]]:
    """The fields where *rec* differs from *expected*: {field: (expected, actual)}."""
    if rec is None:
        return {k: (v, None) for k, v in expected.items()}
    act = actual_values(rec)
    bad: dict[str, tuple[Any, Any]] = {}
    for k, v in expected.items():
        a = act[k]
        if k == "doi":
            ok = normalize_doi(str(v)) == normalize_doi(a)
        elif k in ("n_authors", "year"):
            ok = v == a
        else:
            ok = _norm(v) == _norm(a)
        if not ok:
            bad[k] = (v, a)
    return bad
