"""Record <-> CSL-JSON, the interchange form of the command line and the citation engine.

Our own keys ride along next to CSL's: ``id`` (library id), ``citation-key``,
``tags``, ``x-title-translated``, ``x-abstract-translated``, ``x-attachments``,
``x-notes`` and ``x-extra`` (the extra-fields map). CSL keys we do not model
are kept in the extra map under ``csl:<key>``, and written back out.
"""

from __future__ import annotations

from typing import Any

from app.core.normalize.dates import date_of_parts
from app.core.records import Creator, PartialDate, Record

# record attribute -> CSL variable (plain strings)
_STRING_MAP: dict[str, str] = {
    "title": "title",
    "title_short": "title-short",
    "container_title": "container-title",
    "container_title_short": "container-title-short",
    "collection_title": "collection-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "number": "number",
    "edition": "edition",
    "publisher": "publisher",
    "place": "publisher-place",
    "genre": "genre",
    "doi": "DOI",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
    "language": "language",
    "abstract": "abstract",
    "citation_key": "citation-key",
}
_CSL_TO_ATTR = {v: k for k, v in _STRING_MAP.items()}
_NAME_ROLES = (
    "author", "editor", "translator", "container-author", "collection-editor",
    "composer", "director", "interviewer", "recipient", "reviewed-author",
    "illustrator", "contributor", "editorial-director", "original-author",
)


def date_to_csl(d: PartialDate | None) -> dict[str, Any] | None:
    if d is None or d.empty:
        return None
    if d.year is None:
        return {"literal": d.literal}
    return {"date-parts": [d.date_parts()]}


def date_from_csl(v: Any) -> PartialDate | None:
    if not v:
        return None
    if isinstance(v, str):
        return PartialDate.from_iso(v)
    if isinstance(v, dict):
        parts = v.get("date-parts")
        if parts and isinstance(parts, list) and parts[0]:
            p = parts[0]
            try:
                nums = [int(str(x)) for x in p[:3]]
            except (TypeError, ValueError):
                return PartialDate(literal=str(p))
            while len(nums) < 3:
                nums.append(0)
            # a season (21-24) is no month; 2005-02-29 is no day
            return date_of_parts(nums[0], nums[1] or None, nums[2] or None)
        if v.get("raw"):
            return PartialDate.from_iso(str(v["raw"]))
        if v.get("literal"):
            return PartialDate(literal=str(v["literal"]))
        if v.get("year"):
            try:
                return PartialDate(int(v["year"]))
            except (TypeError, ValueError):
                return PartialDate(literal=str(v["year"]))
    return None


def record_to_csl(rec: Record, *, own_keys: bool = True) -> dict[str, Any]:
    """A CSL-JSON item for *rec*. With ``own_keys`` our extra keys are included."""
    item: dict[str, Any] = {}
    if rec.id is not None:
        item["id"] = rec.id
    elif rec.citation_key:
        item["id"] = rec.citation_key
    item["type"] = rec.type or "document"
    for attr, key in _STRING_MAP.items():
        val = getattr(rec, attr)
        if val:
            item[key] = val
    by_role: dict[str, list[dict[str, str]]] = {}
    for c in rec.creators:
        d = {"literal": c.literal} if c.literal else {"family": c.family, **(
            {"given": c.given} if c.given else {})}
        by_role.setdefault(c.role, []).append(d)
    item.update(by_role)
    if (issued := date_to_csl(rec.issued)) is not None:
        item["issued"] = issued
    if (accessed := date_to_csl(rec.accessed)) is not None:
        item["accessed"] = accessed
    if rec.keywords:
        item["keyword"] = ", ".join(rec.keywords)
    if rec.notes:
        item["note"] = "\n".join(rec.notes)
    if own_keys:
        if rec.tags:
            item["tags"] = list(rec.tags)
        if rec.title_translated:
            item["x-title-translated"] = rec.title_translated
        if rec.abstract_translated:
            item["x-abstract-translated"] = rec.abstract_translated
        if rec.attachments:
            item["x-attachments"] = list(rec.attachments)
        if rec.arxiv:
            item["x-arxiv"] = rec.arxiv
        if rec.keywords:
            item["x-keywords"] = list(rec.keywords)
        if rec.notes:
            item["x-notes"] = list(rec.notes)
        if rec.date_added:
            item["x-date-added"] = rec.date_added
        if rec.date_modified:
            item["x-date-modified"] = rec.date_modified
        extra = {k: v for k, v in rec.extra.items() if not k.startswith("csl:")}
        if extra:
            item["x-extra"] = extra
    for k, v in rec.extra.items():
        if k.startswith("csl:") and k[4:] not in item:
            item[k[4:]] = v
    return item


def record_from_csl(item: dict[str, Any]) -> Record:
    """A record from a CSL-JSON item; unknown keys go to ``extra['csl:<key>']``."""
    rec = Record()
    rec.type = str(item.get("type") or "document")
    for key, val in item.items():
        if key in _CSL_TO_ATTR:
            attr = _CSL_TO_ATTR[key]
            if isinstance(val, list):
                val = ", ".join(str(x) for x in val)
            setattr(rec, attr, "" if val is None else str(val))
        elif key in _NAME_ROLES:
            for n in val or []:
                if isinstance(n, str):
                    rec.creators.append(Creator(literal=n, role=key))
                elif isinstance(n, dict):
                    family = str(n.get("family") or "")
                    given = str(n.get("given") or "")
                    literal = str(n.get("literal") or "")
                    particle = " ".join(str(n.get(p) or "") for p in (
                        "non-dropping-particle",) if n.get(p))
                    if particle:
                        family = f"{particle} {family}".strip()
                    if n.get("dropping-particle"):
                        given = f"{given} {n['dropping-particle']}".strip()
                    if n.get("suffix"):
                        given = f"{given}, {n['suffix']}" if given else str(n["suffix"])
                    if not (family or given or literal):
                        continue
                    if not family and not given:
                        rec.creators.append(Creator(literal=literal, role=key))
                    elif not family:
                        rec.creators.append(Creator(literal=given, role=key))
                    else:
                        rec.creators.append(Creator(family=family, given=given, role=key))
        elif key == "issued":
            rec.issued = date_from_csl(val)
        elif key == "accessed":
            rec.accessed = date_from_csl(val)
        elif key in ("keyword",):
            if "x-keywords" not in item:
                if isinstance(val, list):
                    rec.keywords = [str(x) for x in val]
                else:
                    rec.keywords = [k.strip() for k in str(val).replace(";", ",").split(",")
                                    if k.strip()]
        elif key == "x-keywords":
            rec.keywords = [str(x) for x in val or []]
        elif key == "note":
            if "x-notes" not in item and val:
                rec.notes = [str(val)]
        elif key == "x-notes":
            rec.notes = [str(x) for x in val or []]
        elif key == "tags":
            rec.tags = [str(x) for x in val or []]
        elif key == "x-title-translated":
            rec.title_translated = str(val)
        elif key == "x-abstract-translated":
            rec.abstract_translated = str(val)
        elif key == "x-attachments":
            rec.attachments = [str(x) for x in val or []]
        elif key == "x-arxiv":
            rec.arxiv = str(val)
        elif key == "x-date-added":
            rec.date_added = str(val)
        elif key == "x-date-modified":
            rec.date_modified = str(val)
        elif key == "x-extra":
            if isinstance(val, dict):
                rec.extra.update(val)
        elif key in ("id", "type"):
            continue
        else:
            rec.extra[f"csl:{key}"] = val
    return rec
