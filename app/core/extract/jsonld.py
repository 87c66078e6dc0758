"""schema.org JSON-LD: the page's main creative work, with ``isPartOf`` chains.

The main entity is the scholarly node (ScholarlyArticle, Article, Book,
Chapter, Thesis, Report…) found in the top-level items, in ``@graph`` or as a
``mainEntity``. Volume, issue and periodical come from ``isPartOf`` chains
(PublicationIssue -> PublicationVolume -> Periodical) or from ``@id``
references into the graph. Walks are depth-limited.
"""

from __future__ import annotations

import logging
from typing import Any

from app.core.extract.candidate import Candidate, clean_abstract, clean_date, \
    clean_doi_value, clean_plain, clean_title, is_url, people, person
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator

log = logging.getLogger(__name__)

_MAX_DEPTH = 12
_MAX_NODES = 5000

# type -> (CSL type, rank: lower wins when a page holds several)
_TYPES: dict[str, tuple[str, int]] = {
    "scholarlyarticle": ("article-journal", 0),
    "medicalscholarlyarticle": ("article-journal", 0),
    "thesis": ("thesis", 0),
    "chapter": ("chapter", 0),
    "book": ("book", 1),
    "report": ("report", 1),
    "techarticle": ("article", 2),
    "article": ("article-journal", 2),
    "newsarticle": ("article-newspaper", 3),
    "blogposting": ("post-weblog", 3),
    "dataset": ("dataset", 3),
    "publicationissue": ("", 9),
}


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return [t.rsplit("/", 1)[-1].lower()]
    if isinstance(t, list):
        return [str(x).rsplit("/", 1)[-1].lower() for x in t]
    return []


def _nodes(data: Any) -> list[dict[str, Any]]:
    """Every dict reachable from *data* (bounded), for finding the main entity."""
    out: list[dict[str, Any]] = []
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack and len(out) < _MAX_NODES:
        x, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(x, dict):
            out.append(x)
            for k in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
                if k in x:
                    stack.append((x[k], depth + 1))
        elif isinstance(x, list):
            stack.extend((y, depth + 1) for y in x[:1000])
    return out


def jsonld(blocks: list[Any]) -> Candidate:
    """A candidate from the page's JSON-LD blocks (empty if none is scholarly)."""
    c = Candidate("json-ld")
    nodes: list[dict[str, Any]] = []
    for b in blocks:
        nodes += _nodes(b)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    best: tuple[int, dict[str, Any], str] | None = None
    for n in nodes:
        for t in _types(n):
            if t in _TYPES and _TYPES[t][1] < 9:
                rank = _TYPES[t][1]
                if best is None or rank < best[0]:
                    best = (rank, n, _TYPES[t][0])
    if best is None:
        return c
    _rank, node, csl_type = best
    c.type = csl_type
    c.title = clean_title(_text(node.get("headline")) or _text(node.get("name")))
    c.authors = _persons(node.get("author") or node.get("creator"), by_id)
    c.editors = _persons(node.get("editor"), by_id, role="editor")
    c.issued = clean_date(_text(node.get("datePublished")) or _text(node.get("dateCreated"))
                          or _text(node.get("copyrightYear")))
    c.abstract = clean_abstract(_text(node.get("abstract")) or _text(node.get("description")))
    c.language = clean_plain(_text(node.get("inLanguage")), 20)
    pub = _resolve(node.get("publisher"), by_id)
    c.publisher = clean_plain(_text(pub.get("name")) if isinstance(pub, dict) else _text(pub))
    c.first_page = clean_plain(_text(node.get("pageStart")), 100)
    c.last_page = clean_plain(_text(node.get("pageEnd")), 100)
    if (pg := clean_plain(_text(node.get("pagination")), 100)):
        c.pages = normalize_pages(pg)
    for v in _as_list(node.get("identifier")) + _as_list(node.get("sameAs")) + [
            node.get("doi"), node.get("@id"), node.get("url")]:
        if isinstance(v, dict):
            v = v.get("value") or v.get("@id") or v.get("url")
        if (d := clean_doi_value(_text(v))):
            c.doi = d
            break
    url = _text(node.get("url")) or (_text(node.get("@id")) if is_url(_text(node.get("@id")))
                                     else "")
    c.url = url.strip() if url and is_url(url) else ""
    c.isbn = clean_plain(_text(node.get("isbn")), 100)
    kw = node.get("keywords")
    if isinstance(kw, str):
        c.keywords = [k.strip() for k in kw.split(",") if k.strip()][:100]
    elif isinstance(kw, list):
        c.keywords = [clean_plain(_text(k)) for k in kw if _text(k)][:100]
    # isPartOf chain: issue -> volume -> periodical (or book for a chapter)
    part = _resolve(node.get("isPartOf"), by_id)
    seen = 0
    while isinstance(part, dict) and seen < 8:
        seen += 1
        ts = _types(part)
        if "publicationissue" in ts:
            c.issue = c.issue or clean_plain(_text(part.get("issueNumber")), 100)
        elif "publicationvolume" in ts:
            c.volume = c.volume or clean_plain(_text(part.get("volumeNumber")), 100)
        elif any(t in ts for t in ("periodical", "newspaper", "book", "creativeworkseries",
                                   "bookseries", "website", "webpage")) or part.get("name"):
            if "website" not in ts and "webpage" not in ts:
                c.container = c.container or clean_plain(_text(part.get("name")))
                c.issn = c.issn or clean_plain(_text(part.get("issn")), 100)
        if not c.issue and part.get("issueNumber"):
            c.issue = clean_plain(_text(part.get("issueNumber")), 100)
        if not c.volume and part.get("volumeNumber"):
            c.volume = clean_plain(_text(part.get("volumeNumber")), 100)
        part = _resolve(part.get("isPartOf"), by_id)
    return c


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v[:50] if isinstance(v, list) else [v]


def _text(v: Any) -> str:
    """A JSON-LD value as text: strings as is, {@value}/{name} objects, first of a list."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, dict):
        for k in ("@value", "value", "name"):
            if isinstance(v.get(k), (str, int, float)):
                return str(v[k])
        return ""
    if isinstance(v, list):
        for x in v[:20]:
            if (t := _text(x)):
                return t
    return ""


def _resolve(v: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict) and set(v) <= {"@id"} and isinstance(v.get("@id"), str):
        return by_id.get(v["@id"], v)
    return v


def _persons(v: Any, by_id: dict[str, dict[str, Any]], role: str = "author") -> list[Creator]:
    out: list[Creator] = []
    for x in _as_list(v) if not isinstance(v, list) else v[:2000]:
        x = _resolve(x, by_id)
        if isinstance(x, str):
            out += people([x], role=role)
        elif isinstance(x, dict):
            if "organization" in _types(x):
                name = clean_plain(_text(x.get("name")))
                if name:
                    out.append(Creator(literal=name, role=role))
                continue
            fam = clean_plain(_text(x.get("familyName")), 200)
            giv = clean_plain(_text(x.get("givenName")), 200)
            if fam:
                out.append(Creator(family=fam, given=giv, role=role))
            elif (name := _text(x.get("name"))) and (p := person(name, role)):
                out.append(p)
    return out
