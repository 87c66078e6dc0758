"""Text dragged onto the window: a DOI, BibTeX/RIS, or a URL. Nothing is fetched."""

from __future__ import annotations

import logging
import re
from datetime import date

from app.core.errors import FormatError
from app.core.formats import Failure, ReadResult
from app.core.records import DOI_RE, PartialDate, Record, clean_doi

log = logging.getLogger(__name__)

MAX_DROPPED_CHARS = 5_000_000
_URL_RE = re.compile(r"^(?:https?|ftp)://[^\s<>\"]+$", re.I)
_DOI_LINE_RE = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+", re.I)


def read_dropped_text(text: str, source: str = "<dropped text>") -> ReadResult:
    """Records from dragged text, offline.

    - BibTeX, RIS and the other text formats go through the format registry;
    - a DOI (bare, ``doi:…`` or a resolver URL) gives a record with that DOI and
      its resolver URL, and nothing else: Refshelf does not look DOIs up online;
    - any other single URL gives a web-page record with the URL, accessed today;
    - anything else gives a Failure saying what was expected.
    """
    result = ReadResult(format_id="dropped-text")
    t = (text or "").strip().lstrip("\ufeff")
    if not t:
        result.failures.append(Failure(source, None, "the dropped text is empty"))
        return result
    if len(t) > MAX_DROPPED_CHARS:
        result.failures.append(Failure(source, None, "the dropped text is too long to read"))
        return result
    # a structured format first (BibTeX, RIS, CSL-JSON, …)
    if not _single_line_identifier(t):
        from app.core import formats  # late: the registry loads this package's formats
        try:
            got = formats.read_text(t, source=source)
        except FormatError:
            got = None
        if got is not None and (got.records or got.failures):
            got.notes.append(f"read as {got.format_id}")
            return got
    first = t.split()[0] if t.split() else ""
    lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
    if len(lines) > 1 and all(_DOI_LINE_RE.fullmatch(ln) for ln in lines):
        # a list of DOIs, one a line
        for n, ln in enumerate(lines, 1):
            doi = clean_doi(DOI_RE.search(ln).group(0))  # type: ignore[union-attr]
            result.records.append(Record(type="article-journal", doi=doi,
                                         url=f"https://doi.org/{doi}"))
            result.lines.append(n)
        result.notes.append(f"{len(lines)} DOIs: only the DOIs were stored, not looked up online")
        return result
    m = DOI_RE.search(t)
    if m and len(t) < 500:
        doi = clean_doi(m.group(0))
        url = first.rstrip(".,;)") if _URL_RE.match(first) and "doi.org/" not in first.lower() \
            else f"https://doi.org/{doi}"
        rec = Record(type="article-journal", doi=doi, url=url)
        result.records.append(rec)
        result.lines.append(1)
        result.notes.append(f"DOI {doi}: only the DOI was stored, not looked up online")
        return result
    if _URL_RE.match(first) and len(t.split()) <= 3:
        url = first.rstrip(".,;)")
        title = " ".join(t.split()[1:]).strip() or url
        today = date.today()
        rec = Record(type="webpage", title=title, url=url,
                     accessed=PartialDate(today.year, today.month, today.day))
        result.records.append(rec)
        result.lines.append(1)
        result.notes.append("web address: saved as a web page, nothing was fetched")
        return result
    result.failures.append(Failure(source, None, "the dropped text holds no DOI, URL, "
                                   "BibTeX or RIS record", t[:500]))
    return result


def _single_line_identifier(t: str) -> bool:
    """A bare DOI or URL (one token): not worth asking the format registry."""
    return len(t.split()) == 1 and (bool(DOI_RE.search(t)) or bool(_URL_RE.match(t)))
