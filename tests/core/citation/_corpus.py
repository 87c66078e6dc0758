"""Loading ../shared/corpus/large/cdl.bib into Records for the citation tests.

The project's BibTeX reader (``app.core.formats.bibtex``) is used when it is
registered; until then a minimal bibtexparser-based mapping stands in. Either
way the citation tests only need realistic Records, not a faithful import.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.records import Creator, PartialDate, Record

_TYPES = {
    "article": "article-journal", "book": "book", "incollection": "chapter",
    "inbook": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report",
    "misc": "document", "unpublished": "manuscript", "online": "webpage", "proceedings": "book",
}


def _has_bibtex_reader() -> bool:
    try:
        from app.core import formats

        formats.load_builtin_formats()
        formats.get("bibtex")
    except Exception:  # noqa: BLE001 - the reader is optional here
        return False
    return True


def _clean(value: str) -> str:
    try:
        from app.core.normalize.latex import decode

        value = decode(value)
    except ImportError:
        pass
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def _names(value: str, role: str) -> list[Creator]:
    out = []
    for part in re.split(r"\s+and\s+", value):
        part = _clean(part)
        if not part:
            continue
        if "," in part:
            family, given = (s.strip() for s in part.split(",", 1))
        else:
            bits = part.rsplit(" ", 1)
            given, family = (bits[0], bits[1]) if len(bits) == 2 else ("", bits[0])
        out.append(Creator(family=family, given=given, role=role))
    return out


def _fallback(path: Path) -> list[Record]:
    import bibtexparser

    lib = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    records = []
    for e in lib.entries:
        f = {k.lower(): str(v.value) for k, v in e.fields_dict.items()}
        rec = Record(type=_TYPES.get(e.entry_type.lower(), "document"), citation_key=e.key)
        rec.title = _clean(f.get("title", ""))
        rec.container_title = _clean(f.get("journal", "") or f.get("booktitle", ""))
        rec.volume = _clean(f.get("volume", ""))
        rec.issue = _clean(f.get("number", ""))
        rec.pages = _clean(f.get("pages", "")).replace("--", "-")
        rec.publisher = _clean(f.get("publisher", "") or f.get("school", "")
                               or f.get("institution", ""))
        rec.place = _clean(f.get("address", ""))
        rec.doi = _clean(f.get("doi", ""))
        rec.url = _clean(f.get("url", ""))
        year = re.search(r"\d{4}", f.get("year", ""))
        if year:
            rec.issued = PartialDate(int(year.group(0)))
        rec.creators = _names(f.get("author", ""), "author") + _names(f.get("editor", ""),
                                                                       "editor")
        records.append(rec)
    return records


def load_bib(path: Path) -> list[Record]:
    """The records of the BibTeX file at *path*."""
    if _has_bibtex_reader():
        from app.core.formats import read_path

        return read_path(str(path)).records
    return _fallback(path)
