"""Merging the candidates of a page into one record, by a fixed precedence.

Precedence (first source with a usable value wins, field by field):

 1. Highwire ``citation_*``   — written by publishers for Google Scholar
 2. schema.org JSON-LD        — the scholarly main entity, ``isPartOf`` chains
 3. JSON state blob           — the record a literature-search site embeds
 4. bepress ``bepress_citation_*``
 5. EPrints ``eprints.*``
 6. PRISM ``prism.*``
 7. Dublin Core / DCTERMS     — ``DC.*``, ``dc.*``, ``dcterms.*`` (and OJS DC.Source.*)
 8. COinS                     — only when the page has a single Z3988 span
 9. OpenGraph / Twitter       — title, abstract, URL, date only
10. plain ``<meta>`` / ``<title>`` — description, author, keywords; title last
11. the text                  — a DOI in the page address or, if it is the only
                                one, in the visible text

Rules on top of the order:

* Authors come whole from one source (the first that has any); lists from
  different vocabularies are never mixed.
* Pages come from one source: its ``pages`` range, or its first/last page.
* A DOI must be a DOI (``10.NNNN/…``); a value such as ``ade/1391109086``
  is skipped and the next source is asked.
* An abstract that a source cut short ("…") gives way to a longer one from a
  later source that starts the same way.
* The URL prefers the page's own address: Highwire's abstract/public URL, then
  ``<link rel=canonical>``, ``og:url``, the "saved from" address, then others.
* The language comes from the metadata, then ``html@lang`` (unless that is a
  CJK site language and the title has no CJK), then a guess from the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from app.core.extract.candidate import Candidate
from app.core.normalize.pages import normalize_pages
from app.core.records import Record, has_cjk

log = logging.getLogger(__name__)

PRECEDENCE: tuple[str, ...] = (
    "highwire", "json-ld", "json-blob", "bepress", "eprints", "prism", "dublin-core",
    "coins", "opengraph", "meta", "text",
)
SCHOLARLY_SOURCES = frozenset(PRECEDENCE[:8])

SOURCE_LABELS: dict[str, str] = {
    "highwire": "Highwire citation tags",
    "json-ld": "schema.org JSON-LD",
    "json-blob": "an embedded JSON record",
    "bepress": "bepress tags",
    "eprints": "EPrints tags",
    "prism": "PRISM tags",
    "dublin-core": "Dublin Core",
    "coins": "COinS",
    "opengraph": "OpenGraph",
    "meta": "the page title/description",
    "text": "the page text",
}

_LANG3 = {"eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "chi": "zh",
          "zho": "zh", "jpn": "ja", "kor": "ko", "spa": "es", "rus": "ru", "ita": "it",
          "por": "pt", "dut": "nl", "nld": "nl", "pol": "pl", "tur": "tr", "swe": "sv"}
_PREPRINT_SERVERS = {"biorxiv", "medrxiv", "arxiv", "chemrxiv", "ssrn", "research square",
                     "preprints", "psyarxiv", "socarxiv", "osf preprints"}


def _order(cands: Sequence[Candidate]) -> list[Candidate]:
    rank = {s: i for i, s in enumerate(PRECEDENCE)}
    return sorted(cands, key=lambda c: rank.get(c.source, len(PRECEDENCE)))


def normalize_language(value: str) -> str:
    """'En' -> 'en', 'eng' -> 'en', 'en_US' -> 'en-US'; '' for junk."""
    v = value.strip().replace("_", "-")
    m = re.fullmatch(r"([A-Za-z]{2,3})(?:-([A-Za-z]{2,4}|\d{3}))?", v)
    if not m:
        return ""
    lang = m.group(1).lower()
    lang = _LANG3.get(lang, lang)
    if m.group(2):
        region = m.group(2)
        region = region.upper() if len(region) == 2 else region.title()
        return f"{lang}-{region}"
    return lang


def merge(cands: Sequence[Candidate]) -> tuple[Record, dict[str, str]]:
    """One record from *cands*; also which source each field came from."""
    ordered = _order([c for c in cands if c is not None])
    rec = Record()
    origin: dict[str, str] = {}

    def pick(attr: str, rec_attr: str | None = None) -> None:
        for c in ordered:
            v = getattr(c, attr)
            if v:
                setattr(rec, rec_attr or attr, v)
                origin[rec_attr or attr] = c.source
                return

    pick("title")
    pick("title_translated")
    for c in ordered:
        if c.authors:
            rec.creators = list(c.authors)
            origin["authors"] = c.source
            if c.authors_dropped:
                origin["authors_dropped"] = str(c.authors_dropped)
            break
    for c in ordered:
        if c.editors:
            rec.creators += list(c.editors)
            break
    pick("container", "container_title")
    pick("container_short", "container_title_short")
    pick("collection", "collection_title")
    pick("volume")
    pick("issue")
    for c in ordered:
        pages = c.pages or _range(c.first_page, c.last_page)
        if pages:
            rec.pages = normalize_pages(pages)
            origin["pages"] = c.source
            break
    pick("number")
    for c in ordered:
        if c.issued and c.issued.year:
            rec.issued = c.issued
            origin["issued"] = c.source
            break
    if rec.issued is None:
        for c in ordered:
            if c.online and c.online.year:
                rec.issued = c.online
                origin["issued"] = c.source
                break
    pick("doi")
    pick("publisher")
    pick("place")
    pick("issn")
    pick("isbn")
    pick("pmid")
    pick("pmcid")
    pick("arxiv")
    pick("genre")
    pick("keywords")
    pick("abstract_translated")
    # abstract: first, unless it was cut short and a later one is longer
    abstracts = [(c.source, c.abstract) for c in ordered if c.abstract]
    if abstracts:
        src, best = abstracts[0]
        if _truncated(best):
            stem = best.rstrip(".… ")[:60]
            for s2, other in abstracts[1:]:
                if len(other) > len(best) and other.startswith(stem) and not _truncated(other):
                    src, best = s2, other
                    break
        rec.abstract = best
        origin["abstract"] = src
    # language from metadata
    for c in ordered:
        if c.language and (lang := normalize_language(c.language)):
            rec.language = lang
            origin["language"] = c.source
            break
    # type
    for c in ordered:
        if c.type and c.source in SCHOLARLY_SOURCES | {"opengraph"}:
            rec.type = c.type
            origin["type"] = c.source
            break
    else:
        rec.type = "article-journal" if rec.container_title else ""
    if rec.type in ("", "article-journal") and rec.container_title.strip().lower() in \
            _PREPRINT_SERVERS:
        rec.type = "article"
    institution = next((c.institution for c in ordered if c.institution), "")
    if institution and not rec.publisher:
        rec.publisher = institution
    if rec.type == "thesis" and institution:
        rec.publisher = institution
    return rec, origin


def _range(first: str, last: str) -> str:
    if not first:
        return ""
    if last and last != first:
        return f"{first}-{last}"
    return first


def _truncated(text: str) -> bool:
    t = text.rstrip()
    return t.endswith("...") or t.endswith("…") or t.endswith("[…]")


def pick_url(cands: Sequence[Candidate], canonical: str, saved_from: str) -> tuple[str, str]:
    """The page's own address, by the URL order of the module docstring."""
    by = {c.source: c for c in cands}
    order: list[tuple[str, str]] = []
    if "highwire" in by:
        order.append(("highwire", by["highwire"].url))
    order.append(("canonical", canonical))
    if "opengraph" in by:
        order.append(("opengraph", by["opengraph"].url))
    order.append(("saved-from", saved_from))
    for s in ("json-ld", "json-blob", "bepress", "eprints", "dublin-core", "prism"):
        if s in by:
            order.append((s, by[s].url))
    for src, u in order:
        if u and re.match(r"https?://[^\s/]+\.[^\s/]+", u.strip()):
            return u.strip(), src
    return "", ""


def prefer_original_title(titles: list[tuple[str, str]], language: str) -> tuple[str, str]:
    """Given titles with their lang attributes, (original, translated).

    Used when a vocabulary states the title twice, once in CJK and once not:
    the one in the record's language is the original.
    """
    cjk = [t for t, _l in titles if has_cjk(t)]
    latin = [t for t, _l in titles if not has_cjk(t)]
    if not cjk or not latin:
        return (titles[0][0], "") if titles else ("", "")
    if language.split("-")[0] in ("zh", "ja", "ko"):
        return cjk[0], latin[0]
    first = titles[0][0]
    return (first, latin[0]) if has_cjk(first) else (first, cjk[0])
