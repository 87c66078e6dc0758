"""Page ranges, volume/issue pairs and first pages."""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d~～"
# 'p.', 'pp.', 'p 12', 'pages 3' … but not the P of a word ('Preface', 'passim') or of a
# page id ('PS-2B.16', 'PP1-PP9')
_PREFIX_RE = re.compile(r"^\s*(?:pp?\.|(?:pp?|pages?)\s+(?=\d)|s\.|第)\s*(?=\S)", re.IGNORECASE)
_SIMPLE_RE = re.compile(r"[A-Za-z]?\d+(?:-[A-Za-z]?\d+)?")
_SUFFIX_RE = re.compile(r"(?:页|pp?\.?)$", re.IGNORECASE)


def normalize_pages(text: str | None) -> str:
    """Normalise a page range: '341 - 347' -> '341-347'.

    Dashes of every kind (en-dash, em-dash, '--', full-width) become '-', a
    'pp.'/'p.'/'pages' prefix goes, spaces around separators go, several
    ranges are joined with ', '. Abbreviated ends ('341-47') stay as given.
    """
    if not text:
        return ""
    t = str(text).strip()
    if _SIMPLE_RE.fullmatch(t):
        return t
    t = _PREFIX_RE.sub("", t)
    t = _SUFFIX_RE.sub("", t).rstrip()
    for ch in _DASHES:
        t = t.replace(ch, "-")
    t = re.sub(r"\s*-+\s*", "-", t)
    t = re.sub(r"\s+to\s+(?=\w)", "-", t) if re.fullmatch(r"\w+\s+to\s+\w+", t) else t
    parts = [p.strip() for p in re.split(r"\s*[,;，；]\s*", t) if p.strip()]
    t = ", ".join(parts)
    return t.strip(" -")


def split_volume_issue(text: str | None) -> tuple[str, str]:
    """Split a combined volume/issue: '47 1', '47(1)', 'Vol. 47, No. 1' -> ('47', '1').

    A plain volume gives (volume, '').
    """
    if not text:
        return "", ""
    t = str(text).strip()
    m = re.fullmatch(r"(?:vol(?:ume)?\.?\s*)([\w.-]+)", t, re.IGNORECASE)
    if m:
        return m.group(1), ""
    m = re.fullmatch(
        r"(?:vol(?:ume)?\.?\s*)?([\w.-]+?)\s*(?:[,;:]\s*|\s+)?"
        r"(?:\(\s*([\w./-]+)\s*\)"
        r"|(?:no\.?|nr\.?|n°|issue|iss\.?|number|#)\s*([\w./-]+)"
        r"|\s([\w./-]+))",
        t, re.IGNORECASE)
    if m:
        vol = m.group(1)
        iss = m.group(2) or m.group(3) or m.group(4) or ""
        return vol, iss
    m = re.fullmatch(r"第?\s*(\d+)\s*卷\s*(?:第?\s*(\d+)\s*期)?", t)
    if m:
        return m.group(1), m.group(2) or ""
    return t, ""


def first_page(pages: str | None) -> str:
    """The first page of a range: '341-347' -> '341'; '' if there is none."""
    p = normalize_pages(pages)
    if not p:
        return ""
    return re.split(r"[-,+ ]", p, maxsplit=1)[0]


def last_page(pages: str | None) -> str:
    """The last page of a single range ('341-347' -> '347'), or ''."""
    p = normalize_pages(pages)
    if "-" not in p or "," in p:
        return ""
    return p.split("-", 1)[1]
