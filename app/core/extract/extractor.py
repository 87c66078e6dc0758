"""From a saved page's bytes to a record: the orchestration of the extractors.

:func:`extract_bytes` unpacks the container, scans the markup once, asks each
vocabulary reader for a candidate, merges them by the precedence documented
in :mod:`app.core.extract.merge`, then applies the page-level rules:

* a bot-challenge page ("Just a moment...") gives no record, only a reason;
* a page with no scholarly metadata gives a web-page record (title, URL, the
  date it was saved) only if it has a real title;
* a translated title/abstract shown next to the original is kept apart.

Nothing is fetched and no script is run: JSON in scripts is parsed as data.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin

from app.core.cjk import cjk_language
from app.core.extract import blobs, vocab
from app.core.extract.candidate import Candidate, clean_date, clean_doi_value, clean_title, \
    is_url, people
from app.core.extract.containers import Unpacked, unpack
from app.core.extract.htmlscan import PageScan, scan_html
from app.core.extract.jsonld import jsonld
from app.core.extract.merge import SCHOLARLY_SOURCES, SOURCE_LABELS, merge, \
    normalize_language, pick_url, prefer_original_title
from app.core.records import DOI_RE, PartialDate, Record, clean_doi, has_cjk

log = logging.getLogger(__name__)


@dataclass
class Extraction:
    """What a page gave: a record, or the reason there is none, and a summary."""

    record: Record | None
    reason: str = ""            # why there is no record (for a Failure)
    summary: str = ""           # one line for the user: what was and was not found
    sources: list[str] = field(default_factory=list)
    bot_challenge: bool = False


# ------------------------------------------------------------ bot challenges
_BOT_TITLES = (
    "just a moment", "attention required", "please wait", "checking your browser",
    "ddos-guard", "one more step", "security check", "are you a robot", "are you a human",
    "verify you are human", "human verification", "access denied", "request rejected",
    "pardon our interruption", "bot verification", "robot check", "captcha",
)
_BOT_MARKERS = (
    "_cf_chl_opt", "/cdn-cgi/challenge-platform", "cf-browser-verification",
    "cf_chl_prog", "challenge-error-text", "captcha-delivery.com", "px-captcha",
    "ddos-guard", "enable javascript and cookies to continue", "_incapsula_resource",
    "verifying you are human",
)


def is_bot_challenge(scan: PageScan, markup: str) -> bool:
    """True for a "checking your browser" page saved instead of the article."""
    title = scan.title.strip().lower()
    if any(title.startswith(t) for t in _BOT_TITLES):
        return True
    head = markup[:200_000].lower()
    return sum(1 for m in _BOT_MARKERS if m in head) >= 1 and len(scan.text.strip()) < 3000


# ---------------------------------------------------------------- language
_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "with", "for", "this", "we", "are"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "dans", "pour", "que", "du", "sur"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "eine", "auf"},
    "es": {"el", "la", "los", "las", "y", "es", "en", "una", "por", "que", "del", "con"},
}


def guess_language(text: str) -> str:
    """A language code from the script and common words of *text*; '' if unsure."""
    sample = text[:5000]
    if not sample.strip():
        return ""
    cjk = sum(1 for ch in sample if has_cjk(ch))
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and cjk / letters > 0.3:
        return cjk_language(sample)
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    if len(words) < 8:
        return ""
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    if n / len(words) >= 0.08 and sorted(counts.values())[-2] < n * 0.6:
        return lang
    return ""


# -------------------------------------------------------------- translations
_MT_NOTICE_RE = re.compile(r"(由计算机程序翻译|机器翻译|機器翻譯|自動翻訳|machine[- ]translat|"
                           r"translated by (?:a )?(?:computer|machine))", re.I)


def find_translations(text: str, title: str, abstract: str) -> tuple[str, str]:
    """(translated title, translated abstract) shown right after the abstract.

    Literature-search sites print the original abstract, then a machine
    translation of the title and abstract in the other script (CJK vs not).
    Only lines directly after the abstract are considered; the translated
    abstract must be a substantial paragraph, and a translated title is kept
    only when such an abstract follows it.
    """
    if len(abstract) < 80 or not text:
        return "", ""
    stem = abstract[:80]
    lines = [ln.strip() for ln in text.splitlines()]
    start = None
    for i, ln in enumerate(lines):
        if ln.startswith(stem) or (len(ln) > 60 and stem.startswith(ln[:60])
                                   and abstract.startswith(ln[:200])):
            # skip the lines that are still part of the original abstract
            j = i
            while j + 1 < len(lines) and lines[j + 1] and lines[j + 1] in abstract:
                j += 1
            start = j + 1
            if not ln.startswith("{"):
                break
    if start is None:
        return "", ""
    orig_cjk = has_cjk(abstract[:400])
    following = [ln for ln in lines[start:start + 12] if ln][:4]
    t_title, t_abs = "", ""
    for ln in following:
        if _MT_NOTICE_RE.search(ln) and len(ln) < 200:
            break
        if has_cjk(ln) == orig_cjk or ln.startswith("{"):
            break
        if len(ln) >= max(40, 0.1 * len(abstract)):
            t_abs = ln
            break
        if not t_title and len(ln) <= max(60, 3 * len(title)):
            t_title = ln
            continue
        break
    if not t_abs:
        return "", ""
    return t_title, t_abs


# --------------------------------------------------------------- text DOIs
_DOI_URL_RE = re.compile(r"(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/)?)(10\.\d{4,9}/[^\s?#\"<>]+)",
                         re.I)


def doi_from_urls(*urls: str) -> str:
    """The DOI in the first of *urls* that holds one as a path (doi.org/…, /doi/abs/…)."""
    for u in urls:
        if u and (m := _DOI_URL_RE.search(u)):
            return clean_doi(m.group(1))
    return ""


def unique_text_doi(text: str, elsewhere: set[str] | None = None) -> str:
    """The DOI of the visible text if exactly one distinct DOI appears in it (and
    none other in the part of a big page that was only swept, *elsewhere*)."""
    found = {clean_doi(m.group(0)).lower(): clean_doi(m.group(0))
             for m in DOI_RE.finditer(text[:1_000_000])}
    if len(found) == 1:
        doi = next(iter(found.values()))
        if elsewhere and any(d != doi.lower() for d in elsewhere):
            return ""
        return doi
    return ""


# ----------------------------------------------------------- titles & bylines
_JUNK_TITLES = {
    "untitled", "untitled document", "home", "homepage", "index", "welcome", "404",
    "not found", "page not found", "error", "document", "page", "loading", "loading...",
    "redirecting", "redirecting...", "access denied", "forbidden", "login", "sign in",
    "new tab", "about:blank", "blank page",
}
_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|·|/)\s+")


def real_title(title: str) -> bool:
    """True for a title a person could tell the page by."""
    t = title.strip()
    if len(t) < 3 or not any(ch.isalpha() for ch in t):
        return False
    if t.lower().rstrip(" .!") in _JUNK_TITLES or t.lower() in _JUNK_TITLES:
        return False
    if is_url(t) or re.fullmatch(r"[\w.\-]+\.(?:html?|php|aspx?|pdf|txt)", t, re.I):
        return False
    return True


def strip_site_suffix(title: str, site: str, lines: list[str]) -> str:
    """'Article – Site' -> 'Article' when the page text or og:site_name confirms it."""
    seps = list(_SEP_RE.finditer(title))
    line_set = set(lines)
    for m in reversed(seps):
        prefix = title[: m.start()].strip()
        tail = title[m.end():].strip()
        if prefix in line_set or (site and tail.lower() == site.strip().lower()):
            return prefix
    return title


_NAME_LINE_RE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.\-]*\.?(?:\s+[A-ZÀ-Þa-z][\w'’.\-]*\.?){1,4})"
    r"(?:\s*(?:,|and|&)\s*[A-ZÀ-Þ][\w'’.\-]*\.?(?:\s+[A-ZÀ-Þa-z][\w'’.\-]*\.?){1,4})*$")


def byline(lines: list[str], title: str) -> tuple[list, PartialDate | None]:
    """Authors and date printed right under the title on a page without metadata."""
    try:
        i = lines.index(title)
    except ValueError:
        return [], None
    authors: list = []
    date = None
    for ln in [x for x in lines[i + 1:i + 6] if x][:3]:
        if not authors and len(ln) < 300 and _NAME_LINE_RE.match(ln) and not any(
                w in ln.lower() for w in ("abstract", "download", "pdf", "http")):
            authors = people([ln.replace(" & ", ", ").replace(" and ", ", ")], packed=True)
            continue
        if date is None and len(ln) < 40 and (d := clean_date(ln)) and re.fullmatch(
                r"[\w ,./-]+", ln) and not re.fullmatch(r"\d+", ln):
            date = d
            continue
        break
    return authors, date


# ------------------------------------------------------------ citation line
_CITE_LINE_RES = (
    # "ACS Comb. Sci., 2016, 18 (1), pp 1–14"
    re.compile(r"(?P<y>(?:1[6-9]|20)\d\d),\s*(?P<v>\d{1,5})\s*\((?P<i>[\w\-–]{1,10})\),\s*"
               r"pp?\.?\s*(?P<p>\d+\s*[-–]\s*\d+)"),
    # "Vol. 6:15-38 (Volume publication date March 2015)"
    re.compile(r"\bVol\.\s*(?P<v>\d{1,5})\s*:\s*(?P<p>\d+\s*[-–]\s*\d+)"
               r"(?:\s*\((?:Volume )?publication date\s+(?P<d>[\w ,]+)\))?"),
)
_PLATFORMS = {"sciencedirect", "springerlink", "wiley online library", "taylor & francis online",
              "jstor", "researchgate", "pubmed", "pmc", "europe pmc", "semantic scholar",
              "google scholar", "ieee xplore", "acm digital library", "oxford academic",
              "cambridge core", "sage journals", "project muse", "mdpi", "frontiers", "plos",
              "biorxiv", "arxiv", "cnki", "wanfang", "home"}


def citation_line(lines: list[str]) -> dict[str, str]:
    """Volume, issue, pages and year from the citation line a page prints under its
    title ("J. Phys. Chem. A, 2001, 105 (13), pp 3365–3370", "Vol. 6:15-38").
    Only the first 600 lines are looked at (references come later)."""
    for ln in lines[:600]:
        if len(ln) > 300:
            continue
        for rx in _CITE_LINE_RES:
            m = rx.search(ln)
            if m:
                d = {k: v for k, v in m.groupdict().items() if v}
                if "p" in d:
                    d["p"] = re.sub(r"\s*[-–]\s*", "-", d["p"])
                return d
    return {}


def container_from_title(page_title: str, title: str, site: str, publisher: str) -> str:
    """'Article - Journal (ACS Publications)' / 'Article | Journal' -> 'Journal'."""
    if not title or not page_title.lower().startswith(title.lower()[:40]):
        return ""
    rest = page_title[len(title):].strip() if page_title.lower().startswith(
        title.lower()) else ""
    m = re.match(r"^(?:\||-|–|—|::|·)\s*(.+)$", rest)
    if not m:
        return ""
    cont = re.sub(r"\s*\([^()]*(?:Publications?|Online|Library)\)\s*$", "", m.group(1)).strip()
    cont = _SEP_RE.split(cont)[0].strip()
    low = cont.lower()
    if not cont or low in _PLATFORMS or low == site.lower() or low == publisher.lower() \
            or len(cont) > 150:
        return ""
    return cont


def _fold(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


_BULLET_RE = re.compile(r"^[•·\-–*▪◦]\s")


def _fuller_description(desc: str, scan: PageScan, lines: list[str]) -> str:
    """A meta description without the site name it ends with, or the whole paragraph
    the page prints when the description is a cut-down copy of it."""
    m = re.search(r"\s+[-|–]\s+([^-|–]{2,60})$", desc)
    if m:
        tail = m.group(1).strip().lower()
        site = next((x.value for x in scan.metas if x.key == "og:site_name"), "").lower()
        title_tail = scan.title.lower().rsplit(" - ", 1)[-1].split("/")[0].strip()
        if (site and site in tail) or (title_tail and len(title_tail) > 2
                                       and title_tail in tail):
            desc = desc[: m.start()].rstrip()
    stem = desc.splitlines()[0][:60].strip() if desc else ""
    if len(stem) < 30:
        return desc
    for i, ln in enumerate(lines[:3000]):
        if ln.startswith(stem):
            para = [ln]
            for nxt in lines[i + 1:i + 21]:
                if len(nxt) >= 40 or _BULLET_RE.match(nxt):
                    para.append(nxt)
                else:
                    break
            full = "\n".join(" ".join(p.split()) for p in para)
            return full if len(full) > len(desc) else desc
    return desc


def _related(abstract: str, title: str) -> bool:
    """Whether a description can be the abstract of *title*: not the title itself, and
    sharing a significant word with it (site boilerplate shares none)."""
    if not title:
        return True
    if _fold(abstract) == _fold(title):
        return False
    words = {w for w in re.findall(r"\w{5,}", title.casefold())}
    if has_cjk(title):
        return any(ch in abstract for ch in title if has_cjk(ch))
    return not words or any(w in abstract.casefold() for w in words)


# ---------------------------------------------------------------- extraction
def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def extract_bytes(data: bytes, source: str = "") -> Extraction:
    """Extract a record from a saved page's bytes. Raises FormatError (size, container)."""
    page = unpack(data, source)
    if page.kind == "text":
        return extract_text(page.markup, page=page)
    return extract_html(page.markup, page=page)


def extract_html(markup: str, page: Unpacked | None = None) -> Extraction:
    """Extract a record from HTML markup (already decoded)."""
    page = page or Unpacked("html", markup)
    scan = scan_html(markup)
    text = scan.text
    cands: list[Candidate] = [
        vocab.highwire(scan), jsonld(scan.jsonld), vocab.bepress(scan), vocab.eprints(scan),
        vocab.prism(scan), vocab.dublin_core(scan), vocab.coins(scan), vocab.opengraph(scan),
        vocab.plain_meta(scan),
    ]
    hint = next((c for c in cands if c.source in ("highwire", "json-ld", "dublin-core")
                 and (c.doi or c.title)), None)
    blob, _blob_text = blobs.find_blob(scan.scripts + ([text] if "{\"" in text else []),
                                       hint_doi=hint.doi if hint else "",
                                       hint_title=hint.title if hint else "")
    if blob is not None:
        bc = blobs.blob_candidate(blob)
        if not (hint and hint.doi and bc.doi and bc.doi.lower() != hint.doi.lower()):
            cands.append(bc)
    return _finish(cands, scan, markup, page, text)


def extract_text(text: str, page: Unpacked | None = None) -> Extraction:
    """Extract a record from text saved from a page (the seed form)."""
    page = page or Unpacked("text", text)
    scan = PageScan(text_parts=[text])
    cands: list[Candidate] = []
    blob, _ = blobs.find_blob([text])
    if blob is not None:
        cands.append(blobs.blob_candidate(blob))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and not cands:
        first = clean_title(lines[0])
        if first and len(first) < 300:
            cands.append(Candidate("meta", title=first))
    return _finish(cands, scan, text, page, text)


def _finish(cands: list[Candidate], scan: PageScan, markup: str, page: Unpacked,
            text: str) -> Extraction:
    found = [c for c in cands if c.field_names()]
    scholarly = [c for c in found if c.source in SCHOLARLY_SOURCES and (c.title or c.doi)]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    base = page.url or scan.saved_from
    canonical = urljoin(base, scan.canonical) if scan.canonical and base else scan.canonical

    if not scholarly and is_bot_challenge(scan, markup):
        return Extraction(None, reason=(
            "the saved page is a bot-check page ('{title}') from the site's protection, "
            "not the article: open the article in the browser, wait until it shows, then "
            "save it again").format(title=(scan.title or "Just a moment...")[:80]),
            summary="bot-challenge page: no metadata", bot_challenge=True)

    # a DOI in the page's address, or the only DOI in the text
    og = next((c for c in cands if c.source == "opengraph"), None)
    url_doi = doi_from_urls(canonical, og.url if og else "", base)
    text_doi = url_doi or unique_text_doi(text, scan.swept_dois)
    if text_doi:
        cands.append(Candidate("text", doi=text_doi))

    rec, origin = merge(cands)
    if rec.abstract and origin.get("abstract") in ("opengraph", "meta") and (
            not _related(rec.abstract, rec.title)):
        # a site's boilerplate description ("Founded in 1920, the NBER is…")
        rec.abstract = ""
    if rec.abstract and origin.get("abstract") in ("opengraph", "meta"):
        rec.abstract = _fuller_description(rec.abstract, scan, lines)
    if rec.container_title and _fold(rec.container_title) == _fold(rec.title):
        rec.container_title = ""
    if scholarly and not rec.title:
        # scholarly tags without a title: fall back to the page title
        rec.title = clean_title(scan.title)

    # a title stated in two scripts: keep the translation apart
    titles = [(m.value, m.lang) for m in scan.metas
              if m.key in ("citation_title", "dc.title", "dcterms.title") and m.value.strip()]
    if len({t for t, _ in titles}) > 1:
        orig, tr = prefer_original_title([(clean_title(t), lg) for t, lg in titles],
                                         rec.language)
        if tr and orig:
            rec.title, rec.title_translated = orig, rec.title_translated or tr

    if scholarly and origin.get("title") != "highwire" and (
            not rec.container_title or not rec.volume or not rec.pages):
        # Atypon-style pages state only Dublin Core; the journal, volume and
        # pages are in the <title> and the citation line under the title
        site = next((m.value for m in scan.metas if m.key == "og:site_name"), "")
        if not rec.container_title and (cont := container_from_title(
                scan.title, rec.title, site, rec.publisher)):
            rec.container_title = cont
            origin["container_title"] = "meta"
        cl = citation_line(lines)
        if cl:
            rec.volume = rec.volume or cl.get("v", "")
            if not rec.issue and cl.get("i") and cl.get("v") == rec.volume:
                rec.issue = cl["i"]
            rec.pages = rec.pages or cl.get("p", "")
            if cl.get("y") and origin.get("issued") == "dublin-core" and rec.issued and \
                    str(rec.issued.year) != cl["y"]:
                # Dublin Core dates on these pages are the online date; the
                # citation line gives the issue's year
                rec.issued = PartialDate(int(cl["y"]))
        if rec.container_title and rec.type in ("", "article"):
            rec.type = "article-journal"

    if not scholarly:
        # no scholarly metadata: a web page, if the page has a real title
        site = next((m.value for m in scan.metas if m.key == "og:site_name"), "")
        title = rec.title
        if origin.get("title") == "meta":
            title = strip_site_suffix(title, site, lines)
        if not real_title(title):
            what = _found_list(found, text_doi)
            return Extraction(None, reason=(
                "no bibliographic metadata and no usable title in the page ({what})"
            ).format(what=what), summary=what)
        rec.title = title
        if not rec.creators or not rec.issued:
            authors, date = byline(lines, title)
            if authors and not rec.creators:
                rec.creators = authors
                origin["authors"] = "text"
            if date and not rec.issued:
                rec.issued = date
        if rec.type in ("", "article-journal"):
            rec.type = "webpage"
        if not rec.doi:
            rec.doi = text_doi

    url, _src = pick_url(cands, canonical, base)
    rec.url = rec.url or url
    if page.saved:
        rec.accessed = page.saved
    elif scan.saved_date and (d := _saved_date(scan.saved_date)):
        rec.accessed = d

    # translations printed next to the original
    if rec.abstract and not rec.abstract_translated:
        t_title, t_abs = find_translations(text, rec.title, rec.abstract)
        if t_abs:
            rec.abstract_translated = t_abs
            if t_title and not rec.title_translated and has_cjk(t_title) != has_cjk(rec.title):
                rec.title_translated = t_title
    # language: metadata, then html@lang (unless a CJK UI language for a non-CJK
    # title), then a guess from the title and abstract
    if not rec.language:
        html_lang = normalize_language(scan.lang)
        guess = guess_language(f"{rec.title}\n{rec.abstract}")
        if html_lang and not (html_lang.split("-")[0] in ("zh", "ja", "ko")
                              and not has_cjk(rec.title)):
            rec.language = html_lang
        elif guess:
            rec.language = guess
    if not rec.type:
        rec.type = "article-journal" if rec.container_title else "article"

    for attr in ("title", "title_translated", "abstract", "abstract_translated",
                 "container_title"):
        setattr(rec, attr, _nfc(getattr(rec, attr)))
    if rec.doi:
        rec.doi = clean_doi_value(rec.doi) or ""
    sources = [c.source for c in found if c.source != "text"]
    if text_doi and origin.get("doi") == "text":
        sources.append("text")
    dropped = int(origin.get("authors_dropped", "0")) if origin.get("authors") != "text" else 0
    return Extraction(rec, summary=_summary(rec, sources, scholarly=bool(scholarly),
                                            authors_dropped=dropped),
                      sources=sources)


def _saved_date(text: str) -> PartialDate | None:
    """SingleFile's 'saved date' (a JavaScript Date string: 'Tue Mar 03 2026 10:00:00 GMT…')."""
    m = re.search(r"\b([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{4})\b", text)
    if m:
        d = clean_date(f"{m.group(2)} {m.group(1)} {m.group(3)}")
        if d and d.month:
            return d
    d = clean_date(text)
    return PartialDate(d.year, d.month, d.day) if d and d.year else None


def _found_list(found: list[Candidate], text_doi: str) -> str:
    got = [SOURCE_LABELS.get(c.source, c.source) for c in found]
    if text_doi:
        got.append(f"DOI {text_doi} in the text")
    if not got:
        return "found nothing: no citation tags, Dublin Core, JSON-LD, COinS, " \
               "embedded record, OpenGraph or title"
    return "found only " + ", ".join(got)


def _summary(rec: Record, sources: list[str], scholarly: bool,
             authors_dropped: int = 0) -> str:
    labels = [SOURCE_LABELS.get(s, s) for s in dict.fromkeys(sources)]
    have: list[str] = []
    missing: list[str] = []
    n = len(rec.authors)
    for label, ok in (("title", rec.title), (f"{n} author{'s' if n != 1 else ''}", n),
                      ("journal" if rec.type.startswith("article") else "container",
                       rec.container_title), ("volume", rec.volume), ("issue", rec.issue),
                      ("pages", rec.pages), ("date", rec.issued), ("DOI", rec.doi),
                      ("abstract", rec.abstract)):
        (have if ok else missing).append(label if ok else label.split(" ")[-1]
                                         if label[0].isdigit() else label)
    if not scholarly:
        head = "no scholarly metadata; kept as a web page"
    else:
        head = "read from " + ", ".join(labels[:4])
    out = f"{head}: {', '.join(have)}"
    if missing and scholarly:
        out += f"; not found: {', '.join(missing)}"
    if authors_dropped:
        out += (f"; kept {n:,} of {n + authors_dropped:,} authors: {authors_dropped:,} "
                "did not read as names (an address, affiliation, link or e-mail)")
    if rec.abstract_translated:
        out += "; translated abstract kept apart"
    return out

