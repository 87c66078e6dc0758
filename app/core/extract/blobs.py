"""JSON state blobs that literature-search sites embed in their pages.

Sites built on JavaScript frameworks ship the record they show as JSON: in a
``<script>`` (``window.__STATE__ = {…}``, ``__NEXT_DATA__``) or, once the page
is saved as text, inline in the text (the seed page). The JSON is *parsed*,
never run. :func:`find_blob` tries the ``{"`` positions of a string (bounded),
walks every decoded object (depth-limited) and keeps the dict that looks most
like one paper: a title plus at least two of authors, DOI, abstract,
journal, date. :func:`blob_candidate` maps its keys, matched without regard to
case or ``_``/``-``: ``title``, ``authors``/``author`` (a packed string, a list of
strings or of ``{name}``/``{family, given}``/``{firstName, lastName}``), ``doi``,
``abstract``, ``journal`` (a string or ``{name, volume, issue, pages}``),
``volume``, ``issue``, ``pages``, ``publicationDate``/``year``/``issued``,
``url``/``ListUrlMain``, ``publicationTypes``, ``language``, ``keywords``, and
translations in ``TitleCN``/``AbstractTextCN``-like keys.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from app.core.extract.candidate import Candidate, clean_abstract, clean_date, \
    clean_doi_value, clean_plain, clean_title, is_url, people
from app.core.normalize.pages import normalize_pages, split_volume_issue
from app.core.records import Creator, PartialDate

log = logging.getLogger(__name__)

_MAX_ATTEMPTS = 2000
_MAX_SCANNED = 30_000_000  # characters the JSON decoder may go through in all
_MAX_DEPTH = 10
_MAX_NODES = 20_000
_START_RE = re.compile(r"\{\s*\"")

_TITLE_KEYS = ("title", "articletitle", "papertitle", "titleen", "name_en")
_TITLE_TR_KEYS = ("titlecn", "titlezh", "titlech", "cntitle", "zhtitle", "translatedtitle",
                  "titletranslated", "titletranslation")
_ABS_KEYS = ("abstract", "abstracttext", "abstracten", "summary")
_ABS_TR_KEYS = ("abstracttextcn", "abstractcn", "abstractzh", "cnabstract", "zhabstract",
                "translatedabstract", "abstracttranslated", "abstracttranslation")
_AUTHOR_KEYS = ("authors", "author", "authorlist", "creators", "authornames", "creator")
_JOURNAL_KEYS = ("journal", "venue", "periodicalname", "journalname", "journaltitle",
                 "containertitle", "publicationvenue", "publicationname", "srctitle", "source")
_DATE_KEYS = ("publicationdate", "pubdate", "publishdate", "datepublished", "issued",
              "publisheddate", "coverdatestart", "date", "published", "epubdate", "year",
              "publicationyear", "pubyear")
_URL_KEYS = ("url", "listurlmain", "doiurl", "link", "landingpage")


def _norm_key(k: str) -> str:
    return re.sub(r"[_\-\s]", "", k).lower()


def _score(d: dict[str, Any], parent: dict[str, Any] | None, hint_doi: str,
           hint_title: str) -> int:
    keys = {_norm_key(k) for k in list(d)[:300] if isinstance(k, str)}
    title = next((_str(d_get(d, k)) for k in _TITLE_KEYS if k in keys
                  and isinstance(d_get(d, k), (str, dict))), "")
    if not title.strip():
        return 0
    doi = clean_doi_value(_str(d_get(d, "doi"))) if "doi" in keys else ""
    if hint_doi and doi and doi.lower() != hint_doi.lower():
        return 0  # another paper (a reference, a recommendation)
    score = 1
    for group in (_AUTHOR_KEYS, ("doi",), _ABS_KEYS, _JOURNAL_KEYS, _DATE_KEYS):
        if any(k in keys and d_get(d, k) not in (None, "", [], {}) for k in group):
            score += 1
    if parent is not None and not any(k in keys for k in _AUTHOR_KEYS) and any(
            d_get(parent, k) for k in _AUTHOR_KEYS):
        score += 1
    if hint_doi and doi:
        score += 3
    if hint_title and _fold(title) == _fold(hint_title):
        score += 3
    return score


def _fold(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


def d_get(d: dict[str, Any], nkey: str) -> Any:
    """Value of the key of *d* whose normalised form is *nkey*."""
    for k, v in d.items():
        if isinstance(k, str) and _norm_key(k) == nkey:
            return v
    return None


def _walk(data: Any) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Every dict in *data* with the dict that holds it (bounded, depth-limited)."""
    out: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    stack: list[tuple[Any, int, dict[str, Any] | None]] = [(data, 0, None)]
    n = 0
    while stack and n < _MAX_NODES:
        x, depth, parent = stack.pop()
        n += 1
        if depth > _MAX_DEPTH:
            continue
        if isinstance(x, dict):
            if "#name" in x:
                continue  # JSON-ML markup nodes are text, not records
            out.append((x, parent))
            stack.extend((v, depth + 1, x) for v in list(x.values())[:500]
                         if isinstance(v, (dict, list)))
        elif isinstance(x, list):
            stack.extend((v, depth + 1, parent) for v in x[:500]
                         if isinstance(v, (dict, list)))
    return out


def find_blob(texts: list[str], hint_doi: str = "", hint_title: str = ""
              ) -> tuple[dict[str, Any] | None, str]:
    """The best paper-like dict in the JSON held by *texts*, and the text it came from.

    *hint_doi* / *hint_title* are what the page's other metadata says: a dict
    with another DOI is skipped (it describes a cited or recommended paper),
    one that matches is preferred. A dict without authors borrows them from
    the dict that holds it (``{"article": {...}, "authors": {...}}``).
    """
    decoder = json.JSONDecoder()
    best: tuple[int, dict[str, Any], str] | None = None
    attempts = 0
    scanned = 0
    for text in texts:
        pos = 0
        while attempts < _MAX_ATTEMPTS and scanned < _MAX_SCANNED:
            m = _START_RE.search(text, pos)
            if not m:
                break
            attempts += 1
            start = m.start()
            try:
                obj, end = decoder.raw_decode(text, start)
            except json.JSONDecodeError as exc:
                # resume where the JSON broke: objects inside a broken one are not
                # parsed again one by one (that would be quadratic on big scripts)
                scanned += exc.pos - start
                pos = max(start + 1, exc.pos)
                continue
            except (ValueError, RecursionError):
                pos = start + 1
                continue
            scanned += end - start
            pos = end
            for d, parent in _walk(obj):
                s = _score(d, parent, hint_doi, hint_title)
                if s >= 3 and (best is None or s > best[0]):
                    if parent is not None and not any(d_get(d, k) for k in _AUTHOR_KEYS):
                        for k in _AUTHOR_KEYS:
                            if (a := d_get(parent, k)):
                                d = {**d, "authors": a}
                                break
                    best = (s, d, text)
    return (best[1], best[2]) if best else (None, "")


def blob_candidate(d: dict[str, Any]) -> Candidate:
    """Map a state-blob dict onto a candidate (see the module docstring for the keys)."""
    c = Candidate("json-blob")

    def first(keys: tuple[str, ...]) -> Any:
        for k in keys:
            v = d_get(d, k)
            if v not in (None, "", [], {}):
                return v
        return None

    c.title = clean_title(_str(first(_TITLE_KEYS)))
    c.title_translated = clean_title(_str(first(_TITLE_TR_KEYS)))
    c.abstract = clean_abstract(_str(first(_ABS_KEYS)))
    c.abstract_translated = clean_abstract(_str(first(_ABS_TR_KEYS)))
    c.authors = _authors(first(_AUTHOR_KEYS))
    c.doi = clean_doi_value(_str(d_get(d, "doi")))
    journal = first(_JOURNAL_KEYS)
    if isinstance(journal, dict):
        c.container = clean_plain(_str(journal.get("name") or journal.get("title")))
        vol = clean_plain(_str(journal.get("volume")), 100)
        if vol:
            c.volume, c.issue = split_volume_issue(vol)
        c.issue = clean_plain(_str(journal.get("issue") or journal.get("number")), 100) or c.issue
        if (pg := clean_plain(_str(journal.get("pages") or journal.get("page")), 100)):
            c.pages = normalize_pages(pg)
        c.issn = clean_plain(_str(journal.get("issn")), 100)
    elif isinstance(journal, str):
        c.container = clean_plain(journal)
    if not c.container:
        c.container = clean_plain(_str(d_get(d, "periodicalname")))
    if not c.volume and (vol := clean_plain(_str(d_get(d, "volume")), 100)):
        c.volume, iss = split_volume_issue(vol)
        c.issue = c.issue or iss
    c.issue = c.issue or clean_plain(_str(d_get(d, "issue") or d_get(d, "number")), 100)
    if not c.pages and (pg := clean_plain(_str(d_get(d, "pages") or d_get(d, "page")), 100)):
        c.pages = normalize_pages(pg)
    if not c.volume and (vol := clean_plain(_str(d_get(d, "volfirst")), 100)):
        c.volume = vol
    c.issue = c.issue or clean_plain(_str(d_get(d, "issfirst")), 100)
    c.first_page = clean_plain(_str(d_get(d, "firstpage") or d_get(d, "startpage")
                                    or d_get(d, "firstfp")), 100)
    c.last_page = clean_plain(_str(d_get(d, "lastpage") or d_get(d, "endpage")
                                   or d_get(d, "lastfp")), 100)
    for k in _DATE_KEYS:
        v = d_get(d, k)
        if isinstance(v, dict) and isinstance(v.get("date-parts"), list):
            c.issued = _date_parts(v["date-parts"])
        elif v not in (None, ""):
            c.issued = clean_date(_str(v))
        if c.issued:
            break
    for k in _URL_KEYS:
        v = _str(d_get(d, k))
        if v and is_url(v):
            c.url = v.strip()
            break
    c.publisher = clean_plain(_str(d_get(d, "publisher")))
    lang = clean_plain(_str(d_get(d, "language") or d_get(d, "lang")), 20)
    c.language = lang if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?", lang) else ""
    kw = d_get(d, "keywords")
    if isinstance(kw, list):
        c.keywords = [clean_plain(_str(k)) for k in kw[:100] if _str(k)]
    elif isinstance(kw, str):
        c.keywords = [k.strip() for k in re.split(r"[;,；，]", kw) if k.strip()][:100]
    ptype = _str(first(("publicationtypes", "publicationtype", "doctype", "type"))).lower()
    if "journal" in ptype or ptype in ("article", "article-journal", "journalarticle"):
        c.type = "article-journal"
    elif "conference" in ptype or "proceeding" in ptype:
        c.type = "paper-conference"
    elif "thesis" in ptype or "dissertation" in ptype:
        c.type = "thesis"
    elif "chapter" in ptype:
        c.type = "chapter"
    elif "book" in ptype:
        c.type = "book"
    elif "preprint" in ptype:
        c.type = "article"
    elif c.container:
        c.type = "article-journal"
    return c


def _str(v: Any) -> str:
    if v is None or isinstance(v, bool):
        return ""
    if isinstance(v, (str, int, float)):
        return str(v)
    if isinstance(v, list):
        return "; ".join(_str(x) for x in v[:50] if _str(x))
    if isinstance(v, dict):
        if "#name" in v or "$$" in v or ("content" in v and isinstance(v["content"], list)):
            return _jsonml_text(v)
        for k in ("name", "value", "title", "text"):
            if isinstance(v.get(k), (str, int, float)):
                return str(v[k])
    return ""


def _jsonml_text(v: Any, depth: int = 0) -> str:
    """The text of a JSON-ML tree (``{"#name": …, "_": text, "$$": [children]}``),
    as ScienceDirect embeds titles; footnote markers (``sup``, ``cross-ref``) skipped."""
    if depth > 30:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return "".join(_jsonml_text(x, depth + 1) for x in v[:2000])
    if isinstance(v, dict):
        if v.get("#name") in ("cross-ref", "cross-refs", "sup", "footnote", "label"):
            return ""
        out = v.get("_") if isinstance(v.get("_"), str) else ""
        for k in ("$$", "content"):
            if isinstance(v.get(k), list):
                out += _jsonml_text(v[k], depth + 1)
        return out
    return ""


def _jsonml_authors(v: Any) -> list[Creator]:
    """Authors of a JSON-ML author group: nodes ``author`` with ``given-name``/``surname``."""
    out: list[Creator] = []
    stack: list[tuple[Any, int]] = [(v, 0)]
    seen = 0
    while stack and seen < 20_000:
        x, depth = stack.pop(0)
        seen += 1
        if depth > 30:
            continue
        if isinstance(x, list):
            stack[0:0] = [(y, depth + 1) for y in x[:2000]]
        elif isinstance(x, dict):
            if x.get("#name") == "author":
                parts = {c.get("#name"): _jsonml_text(c) for c in x.get("$$", [])
                         if isinstance(c, dict)}
                fam = clean_plain(parts.get("surname", ""), 200)
                if fam:
                    out.append(Creator(family=fam, given=clean_plain(parts.get("given-name", ""),
                                                                     200)))
                continue
            for k in ("$$", "content"):
                if isinstance(x.get(k), list):
                    stack.insert(0, (x[k], depth + 1))
    return out


def _date_parts(parts: Any) -> PartialDate | None:
    try:
        p = [int(x) for x in parts[0][:3]]
    except (TypeError, ValueError, IndexError):
        return None
    if not p:
        return None
    return PartialDate(p[0], p[1] if len(p) > 1 else None, p[2] if len(p) > 2 else None)


def _authors(v: Any) -> list[Creator]:
    if isinstance(v, str):
        return people([v], packed=True)
    if isinstance(v, dict) and ("content" in v or "$$" in v or "#name" in v):
        return _jsonml_authors(v)
    out: list[Creator] = []
    if isinstance(v, list):
        for x in v[:2000]:
            if isinstance(x, str):
                out += people([x])
            elif isinstance(x, dict):
                fam = _str(x.get("family") or x.get("lastName") or x.get("lastname")
                           or x.get("familyName") or x.get("surname"))
                giv = _str(x.get("given") or x.get("firstName") or x.get("firstname")
                           or x.get("givenName") or x.get("forename"))
                if fam:
                    out.append(Creator(family=clean_plain(fam, 200), given=clean_plain(giv, 200)))
                    continue
                name = _str(x.get("name") or x.get("fullName") or x.get("authorName")
                            or x.get("literal") or x.get("displayName"))
                if name:
                    out += people([name])
    return out
