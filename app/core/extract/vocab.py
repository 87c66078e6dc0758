"""Readers for the metadata vocabularies of a page's ``<meta>`` tags and COinS spans.

Each function takes a :class:`~app.core.extract.htmlscan.PageScan` and returns a
:class:`~app.core.extract.candidate.Candidate` (possibly empty). Keys are
matched case-insensitively (``DC.Title`` = ``dc.title``), and the ``:`` and
``.`` separators are treated alike (``dcterms:issued`` = ``dcterms.issued``).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs

from app.core.extract.candidate import Candidate, clean_abstract, clean_date, \
    clean_doi_value, clean_plain, clean_title, is_url, people, people_counted, \
    person
from app.core.extract.htmlscan import PageScan
from app.core.normalize.pages import normalize_pages, split_volume_issue

log = logging.getLogger(__name__)


class _Metas:
    """Meta values by normalised key (lower case, ':' -> '.')."""

    def __init__(self, scan: PageScan, prefixes: tuple[str, ...]) -> None:
        self.by_key: dict[str, list[tuple[str, str]]] = {}
        for m in scan.metas:
            k = m.key.replace(":", ".")
            for p in prefixes:
                if k.startswith(p):
                    self.by_key.setdefault(k[len(p):], []).append((m.value, m.scheme))
                    break

    def all(self, *keys: str) -> list[str]:
        out: list[str] = []
        for k in keys:
            out += [v for v, _s in self.by_key.get(k, []) if v.strip()]
        return out

    def get(self, *keys: str) -> str:
        for k in keys:
            for v, _s in self.by_key.get(k, []):
                if v.strip():
                    return v
        return ""

    def with_scheme(self, key: str) -> list[tuple[str, str]]:
        return [(v, s) for v, s in self.by_key.get(key, []) if v.strip()]

    def __bool__(self) -> bool:
        return bool(self.by_key)


# ------------------------------------------------------------------ Highwire
def highwire(scan: PageScan, prefix: str = "citation_", source: str = "highwire") -> Candidate:
    """Highwire Press ``citation_*`` tags (also bepress ``bepress_citation_*``)."""
    m = _Metas(scan, (prefix,))
    c = Candidate(source)
    if not m:
        return c
    c.title = clean_title(m.get("title"))
    authors = m.all("author")
    c.authors, c.authors_dropped = people_counted(authors) if authors else \
        people_counted(m.all("authors"), packed=True)
    c.editors = people(m.all("editor"), role="editor")
    c.container = clean_plain(m.get("journal_title", "conference_title", "book_title",
                                    "inbook_title", "series_title"))
    if m.get("series_title") and c.container != clean_plain(m.get("series_title")):
        c.collection = clean_plain(m.get("series_title"))
    c.container_short = clean_plain(m.get("journal_abbrev"))
    vol = clean_plain(m.get("volume"), 100)
    c.volume, iss = split_volume_issue(vol) if vol else ("", "")
    c.issue = clean_plain(m.get("issue"), 100) or iss
    c.first_page = clean_plain(m.get("firstpage"), 100)
    c.last_page = clean_plain(m.get("lastpage"), 100)
    c.issued = clean_date(m.get("publication_date", "date", "cover_date", "year"))
    c.online = clean_date(m.get("online_date"))
    for v in m.all("doi"):
        if (d := clean_doi_value(v)):
            c.doi = d
            break
    c.url = _first_url(m.get("abstract_html_url", "public_url", "fulltext_html_url"))
    c.abstract = clean_abstract(m.get("abstract"))
    c.publisher = clean_plain(m.get("publisher"))
    c.institution = clean_plain(m.get("dissertation_institution",
                                      "technical_report_institution"))
    c.number = clean_plain(m.get("technical_report_number", "report_number"), 100)
    c.issn = clean_plain(m.get("issn", "eissn"), 100)
    c.isbn = clean_plain(m.get("isbn"), 100)
    c.pmid = clean_plain(m.get("pmid"), 50)
    c.arxiv = clean_plain(m.get("arxiv_id"), 50)
    c.language = clean_plain(m.get("language"), 20)
    c.keywords = _keywords(m.all("keywords", "keyword"))
    if m.get("dissertation_institution", "dissertation_name"):
        c.type = "thesis"
    elif m.get("technical_report_institution", "technical_report_number"):
        c.type = "report"
    elif m.get("conference_title"):
        c.type = "paper-conference"
    elif m.get("inbook_title") or m.get("book_title") and not m.get("journal_title"):
        c.type = "chapter"
    elif m.get("journal_title"):
        c.type = "article-journal"
    return c


def bepress(scan: PageScan) -> Candidate:
    """bepress ``bepress_citation_*`` tags: the Highwire names under another prefix."""
    return highwire(scan, prefix="bepress_citation_", source="bepress")


# --------------------------------------------------------------- Dublin Core
def dublin_core(scan: PageScan) -> Candidate:
    """Dublin Core and DCTERMS (``DC.*``, ``dc.*``, ``dcterms.*``), OJS's DC.Source.* too."""
    m = _Metas(scan, ("dcterms.", "dc."))
    c = Candidate("dublin-core")
    if not m:
        return c
    c.title = clean_title(m.get("title"))
    c.authors, c.authors_dropped = people_counted(m.all("creator", "creator.personalname"))
    if not c.authors:
        c.authors, c.authors_dropped = people_counted(m.all("contributor",
                                                            "contributor.author"))
    c.issued = clean_date(m.get("date.issued", "issued", "date", "created", "date.created",
                                "available"))
    for v, scheme in m.with_scheme("identifier") + m.with_scheme("identifier.doi"):
        if (d := clean_doi_value(v)):
            c.doi = d
            break
    source = clean_plain(m.get("source"))
    if source:
        if (d := clean_doi_value(source)) and not c.doi:
            c.doi = d
        elif not is_url(source) and not clean_doi_value(source):
            c.container = source
    c.container = c.container or clean_plain(m.get("ispartof", "relation.ispartof",
                                                   "citation.journaltitle"))
    vol = clean_plain(m.get("source.volume", "citation.volume"), 100)
    c.volume, iss = split_volume_issue(vol) if vol else ("", "")
    c.issue = clean_plain(m.get("source.issue", "citation.issue"), 100) or iss
    pages = clean_plain(m.get("identifier.pagenumber", "citation.spage"), 100)
    if pages:
        c.pages = normalize_pages(pages)
    if (ep := clean_plain(m.get("citation.epage"), 100)) and c.pages and "-" not in c.pages:
        c.pages = f"{c.pages}-{ep}"
    c.abstract = clean_abstract(m.get("abstract", "description", "description.abstract"))
    c.publisher = clean_plain(m.get("publisher"))
    c.language = clean_plain(m.get("language"), 20)
    c.keywords = _keywords(m.all("subject"))
    uri = m.get("source.uri", "identifier.uri")
    if uri and is_url(uri):
        c.url = uri.strip()
    else:
        for v, scheme in m.with_scheme("identifier"):
            if is_url(v) and not clean_doi_value(v) and not v.lower().endswith(".pdf") \
                    and "/document" not in v:
                c.url = v.strip()
                break
    c.type = _dc_type(m.get("type"))
    return c


def _dc_type(v: str) -> str:
    t = v.strip().lower()
    if not t:
        return ""
    if "thesis" in t or "dissertation" in t:
        return "thesis"
    if "moving" in t or "video" in t:
        return "motion_picture"
    if "book" in t and "chapter" in t or t == "bookchapter":
        return "chapter"
    if t in ("book",):
        return "book"
    if "report" in t or "working" in t:
        return "report"
    if "conference" in t or "proceedings" in t:
        return "paper-conference"
    if "article" in t:
        return "article-journal"
    return ""


# --------------------------------------------------------------------- PRISM
def prism(scan: PageScan) -> Candidate:
    """PRISM (``prism.*``)."""
    m = _Metas(scan, ("prism.",))
    c = Candidate("prism")
    if not m:
        return c
    c.container = clean_plain(m.get("publicationname"))
    vol = clean_plain(m.get("volume"), 100)
    c.volume, iss = split_volume_issue(vol) if vol else ("", "")
    c.issue = clean_plain(m.get("number", "issueidentifier", "issue"), 100) or iss
    c.first_page = clean_plain(m.get("startingpage"), 100)
    c.last_page = clean_plain(m.get("endingpage"), 100)
    if (pr := clean_plain(m.get("pagerange"), 100)):
        c.pages = normalize_pages(pr)
    c.issued = clean_date(m.get("publicationdate", "coverdate", "coverdisplaydate"))
    c.doi = clean_doi_value(m.get("doi"))
    c.issn = clean_plain(m.get("issn", "eissn"), 100)
    c.isbn = clean_plain(m.get("isbn"), 100)
    url = m.get("url")
    c.url = url.strip() if url and is_url(url) else ""
    return c


# ------------------------------------------------------------------- EPrints
def eprints(scan: PageScan) -> Candidate:
    """EPrints (``eprints.*``)."""
    m = _Metas(scan, ("eprints.",))
    c = Candidate("eprints")
    if not m:
        return c
    c.title = clean_title(m.get("title"))
    c.authors, c.authors_dropped = people_counted(m.all("creators_name"))
    c.editors = people(m.all("editors_name"), role="editor")
    c.issued = clean_date(m.get("date"))
    c.container = clean_plain(m.get("publication", "book_title", "event_title"))
    c.volume = clean_plain(m.get("volume"), 100)
    c.issue = clean_plain(m.get("number"), 100)
    if (pr := clean_plain(m.get("pagerange"), 100)):
        c.pages = normalize_pages(pr)
    c.doi = clean_doi_value(m.get("id_number", "doi"))
    c.abstract = clean_abstract(m.get("abstract"))
    c.publisher = clean_plain(m.get("publisher"))
    c.institution = clean_plain(m.get("institution"))
    c.issn = clean_plain(m.get("issn"), 100)
    c.isbn = clean_plain(m.get("isbn"), 100)
    url = m.get("official_url")
    c.url = url.strip() if url and is_url(url) else ""
    t = m.get("type").lower()
    c.type = {"article": "article-journal", "book_section": "chapter", "book": "book",
              "thesis": "thesis", "conference_item": "paper-conference",
              "monograph": "report"}.get(t, "")
    return c


# --------------------------------------------------------------------- COinS
def coins(scan: PageScan) -> Candidate:
    """COinS (``<span class="Z3988" title="ctx_ver=Z39.88-2004&…">``).

    A page may carry COinS for the works it cites as well as for itself; only
    a page with a single COinS span is read (several spans are a reference
    list, and cannot be told apart from the page's own work).
    """
    c = Candidate("coins")
    spans = list(dict.fromkeys(scan.coins))
    if len(spans) != 1:
        return c
    try:
        q = parse_qs(spans[0], keep_blank_values=False, max_num_fields=500)
    except ValueError:
        return c

    def g(*keys: str) -> str:
        for k in keys:
            for v in q.get(k, []):
                if v.strip():
                    return v
        return ""

    c.title = clean_title(g("rft.atitle", "rft.btitle", "rft.title"))
    c.container = clean_plain(g("rft.jtitle", "rft.btitle") if g("rft.atitle") else "")
    c.container_short = clean_plain(g("rft.stitle"))
    c.volume = clean_plain(g("rft.volume"), 100)
    c.issue = clean_plain(g("rft.issue"), 100)
    c.first_page = clean_plain(g("rft.spage"), 100)
    c.last_page = clean_plain(g("rft.epage"), 100)
    if (pr := clean_plain(g("rft.pages"), 100)):
        c.pages = normalize_pages(pr)
    c.issued = clean_date(g("rft.date"))
    for v in q.get("rft_id", []):
        if (d := clean_doi_value(v)):
            c.doi = d
            break
    c.publisher = clean_plain(g("rft.pub"))
    c.issn = clean_plain(g("rft.issn", "rft.eissn"), 100)
    c.isbn = clean_plain(g("rft.isbn"), 100)
    names = [v for v in q.get("rft.au", []) if v.strip()]
    if names:
        c.authors, c.authors_dropped = people_counted(names)
    elif g("rft.aulast"):
        who = person(f"{g('rft.aulast')}, {g('rft.aufirst', 'rft.auinit')}".strip(", "))
        c.authors = [who] if who else []
    genre = g("rft.genre").lower()
    c.type = {"article": "article-journal", "book": "book", "bookitem": "chapter",
              "proceeding": "paper-conference", "conference": "paper-conference",
              "report": "report", "preprint": "article"}.get(genre, "")
    return c


# ---------------------------------------------------------- OpenGraph / plain
def opengraph(scan: PageScan) -> Candidate:
    """OpenGraph (``og:*``, ``article:*``) and Twitter cards: title, abstract, URL, date."""
    m = _Metas(scan, ("og.", "article.", "twitter.", "video.", "book."))
    c = Candidate("opengraph")
    if not m:
        return c
    c.title = clean_title(m.get("title"))
    c.abstract = clean_abstract(m.get("description"))
    url = m.get("url")
    c.url = url.strip() if url and is_url(url) else ""
    c.issued = clean_date(m.get("published_time", "release_date", "pubdate"))
    c.authors = [a for a in (person(v) for v in m.all("author")) if a]
    c.isbn = clean_plain(m.get("isbn"), 100)
    t = m.get("type").lower()
    if t.startswith("video"):
        c.type = "motion_picture"
    elif t == "book":
        c.type = "book"
    locale = m.get("locale")
    if locale and re.fullmatch(r"[a-zA-Z]{2,3}(?:[_-][a-zA-Z]{2,4})?", locale.strip()):
        c.language = locale.strip().replace("_", "-")
    return c


def plain_meta(scan: PageScan) -> Candidate:
    """Generic tags: ``description``, ``author``, ``keywords``, ``date``, ``<title>``."""
    m = _Metas(scan, ("",))
    c = Candidate("meta")
    c.title = clean_title(scan.title)
    c.abstract = clean_abstract(m.get("description", "abstract"))
    c.authors = [a for a in (person(v) for v in m.all("author")) if a]
    c.issued = clean_date(m.get("date", "pubdate", "publication_date", "publish-date"))
    c.keywords = _keywords(m.all("keywords"))
    return c


# ------------------------------------------------------------------- helpers
def _first_url(*values: str) -> str:
    for v in values:
        if v and is_url(v):
            return v.strip()
    return ""


def _keywords(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for k in re.split(r"[;,；，]", clean_plain(v, 5000)):
            k = k.strip()
            if k and k not in out and len(k) < 200:
                out.append(k)
    return out[:100]
