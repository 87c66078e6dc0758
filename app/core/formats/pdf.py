"""PDF files: the file becomes an attachment of a record; its DOI and title are read
from the document's own metadata (Info dictionary, XMP) and its first pages.

Nothing is fetched. The record is always made (the PDF is kept), with the
file name as the title when the document says nothing better; the notes say
where each value came from. A file that is not a readable PDF raises
FormatError.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterable
from typing import Any

from app.core.errors import FormatError
from app.core.formats import Format, ReadResult, register
from app.core.records import DOI_RE, Record, clean_doi

log = logging.getLogger(__name__)

FIRST_PAGES = 2
MAX_TEXT_CHARS = 200_000
_JUNK_TITLE_RE = re.compile(
    r"^(?:untitled|microsoft (?:word|powerpoint)\b|document\d*|title|slide \d+|"
    r"no title|\s*$)|\.(?:docx?|pdf|tex|dvi|indd|qxd|rtf|odt)\s*$|^[\w\-]+\.\w{2,4}$",
    re.I)


class PdfFormat(Format):
    id = "pdf"
    name = "PDF document"
    extensions = (".pdf",)
    mime_types = ("application/pdf",)
    can_write = False
    binary = True

    def sniff(self, head: str) -> float:
        return 0.95 if head.lstrip("\ufeff\r\n\t ").startswith("%PDF-") else 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        # text that reached here was decoded; PDF bytes survive latin-1 only
        return self.read_bytes(text.encode("latin-1", "replace"), source)

    def read_bytes(self, data: bytes, source: str = "") -> ReadResult:
        if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
            raise FormatError("not a PDF file", source=source)
        try:
            from pypdf import PdfReader
            from pypdf.errors import PyPdfError
        except ImportError as exc:  # pragma: no cover - pypdf is a dependency
            raise FormatError("PDF support is not installed (pypdf)", source=source) from exc
        result = ReadResult(format_id=self.id, attach_source=True)
        notes: list[str] = []
        meta: dict[str, str] = {}
        xmp: dict[str, str] = {}
        texts: list[tuple[str, list[tuple[float, str]]]] = []
        pdf_logger = logging.getLogger("pypdf")
        old_level = pdf_logger.level
        pdf_logger.setLevel(logging.ERROR)
        try:
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted:
                    try:
                        reader.decrypt("")
                    except Exception:  # noqa: BLE001 - any decryption failure
                        notes.append("the PDF is encrypted; only the file name was used")
                        reader = None
            except (PyPdfError, ValueError, TypeError, KeyError, IndexError, OSError,
                    AttributeError, RecursionError, AssertionError) as exc:
                raise FormatError("not a readable PDF: {err}", source=source,
                                  err=str(exc) or type(exc).__name__) from exc
            if reader is not None:
                meta = _info(reader)
                xmp = _xmp(reader)
                texts = _first_pages(reader)
        finally:
            pdf_logger.setLevel(old_level)
        rec = record_from_pdf(meta, xmp, texts, source, notes)
        result.records.append(rec)
        result.lines.append(None)
        result.notes.append("; ".join(notes) if notes else "read from the PDF")
        return result

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise FormatError("PDF files can be read but not written")


def _text(value: Any, depth: int = 0) -> str:
    """*value* as text if it is a real string (an indirect reference is followed);
    a dictionary, array, name, number or anything else is not text: ""."""
    try:
        from pypdf.generic import IndirectObject, NameObject
    except ImportError:  # pragma: no cover - pypdf is a dependency
        return ""
    while isinstance(value, IndirectObject) and depth < 8:
        try:
            value = value.get_object()
        except Exception as exc:  # noqa: BLE001 - a dangling or broken reference
            log.debug("pdf reference unreadable: %s", exc)
            return ""
        depth += 1
    if isinstance(value, str) and not isinstance(value, NameObject):
        return str(value).strip()
    return ""


def _info(reader: Any) -> dict[str, str]:
    """The Info dictionary's text values (title, author, subject, keywords, DOI)."""
    out: dict[str, str] = {}
    try:
        info = reader.metadata or {}
        for k in ("/Title", "/Author", "/Subject", "/Keywords", "/doi", "/DOI"):
            v = _text(info.get(k))
            if v:
                out[k.strip("/").lower()] = v
    except Exception as exc:  # noqa: BLE001 - broken Info dictionaries are common
        log.debug("pdf info unreadable: %s", exc)
    return out


def _xmp(reader: Any) -> dict[str, str]:
    """The XMP packet's title, identifier, creators and DOI, as text."""
    out: dict[str, str] = {}
    try:
        x = reader.xmp_metadata
        if x is None:
            return out
        title = x.dc_title or {}
        if isinstance(title, dict) and title:
            t = title.get("x-default")
            if not isinstance(t, str) or not t.strip():
                t = next((v for v in title.values() if isinstance(v, str) and v.strip()), "")
            if t.strip():
                out["title"] = t.strip()
        ids = x.dc_identifier
        if isinstance(ids, (list, tuple)):
            ids = "; ".join(i for i in ids if isinstance(i, str))
        if isinstance(ids, str) and ids.strip():
            out["identifier"] = ids.strip()
        creators = x.dc_creator
        if isinstance(creators, str):
            creators = [creators]
        if isinstance(creators, (list, tuple)):
            names = [c.strip() for c in creators if isinstance(c, str) and c.strip()]
            if names:
                out["creators"] = "; ".join(names)
        raw = x.rdf_root.toxml() if hasattr(x, "rdf_root") else ""
        m = re.search(r"<(?:prism|pdfx|crossmark):(?:doi|DOI)>\s*([^<]+)<", raw)
        if m:
            out["doi"] = m.group(1).strip()
    except Exception as exc:  # noqa: BLE001 - XMP is often malformed
        log.debug("pdf xmp unreadable: %s", exc)
    return out


def _first_pages(reader: Any) -> list[tuple[str, list[tuple[float, str]]]]:
    """Text of the first pages, and on each the text runs with their font size."""
    out: list[tuple[str, list[tuple[float, str]]]] = []
    try:
        pages = reader.pages[:FIRST_PAGES]
    except Exception:  # noqa: BLE001
        return out
    for page in pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  runs: list[tuple[float, str]] = runs) -> None:
            try:
                scale = abs(float(tm[3])) * abs(float(cm[3])) or 1.0
                eff = float(size or 0) * scale
            except (TypeError, ValueError, IndexError):
                eff = 0.0
            if text:
                runs.append((round(eff, 1), text))

        try:
            text = page.extract_text(visitor_text=visit) or ""
        except Exception as exc:  # noqa: BLE001 - pypdf raises many types on bad content
            log.debug("pdf page text unreadable: %s", exc)
            text = ""
        out.append((text[:MAX_TEXT_CHARS], runs[:20000]))
    return out


def _title_from_runs(runs: list[tuple[float, str]]) -> str:
    """The largest-font text on the first page that reads like a title."""
    if not runs:
        return ""
    groups: list[tuple[float, str]] = []
    for size, text in runs:
        if groups and groups[-1][0] == size:
            groups[-1] = (size, groups[-1][1] + text)
        else:
            groups.append((size, text))
    best = ""
    best_size = 0.0
    for size, text in groups:
        t = " ".join(text.split())
        if size > best_size and 3 <= len(t.split()) and len(t) <= 300 and not DOI_RE.search(t):
            best, best_size = t, size
    return best


def _good_title(t: str) -> bool:
    t = t.strip()
    return len(t) >= 4 and not _JUNK_TITLE_RE.search(t) and any(ch.isalpha() for ch in t)


_NAME_SEP_RE = re.compile(r"\s*(?:[;；、\n]|\band\b|&)\s*", re.I)


def _count_names(text: str) -> int:
    """How many names a packed author string lists, counting only the separators
    that always end a name (";", "；", "、", a newline, "and", "&")."""
    return sum(1 for part in _NAME_SEP_RE.split(text) if part.strip(" ,.\t"))


def record_from_pdf(meta: dict[str, str], xmp: dict[str, str],
                    texts: list[tuple[str, list[tuple[float, str]]]], source: str,
                    notes: list[str]) -> Record:
    """A record from what the PDF says about itself."""
    rec = Record(type="document")
    # DOI: document metadata first, then the first pages
    for where, value in (("XMP", xmp.get("doi", "")), ("XMP", xmp.get("identifier", "")),
                         ("document info", meta.get("doi", "")),
                         ("document info", meta.get("subject", "")),
                         ("document info", meta.get("keywords", ""))):
        if value and (m := DOI_RE.search(value)):
            rec.doi = clean_doi(m.group(0))
            notes.append(f"DOI from the {where}")
            break
    if not rec.doi:
        for i, (text, _runs) in enumerate(texts):
            m = DOI_RE.search(text)
            if m:
                rec.doi = clean_doi(m.group(0))
                notes.append(f"DOI from page {i + 1}")
                break
    # title: metadata if it is a real title, else the largest text on page 1
    for where, value in (("XMP", xmp.get("title", "")),
                         ("document info", meta.get("title", ""))):
        if _good_title(value):
            rec.title = " ".join(value.split())
            notes.append(f"title from the {where}")
            break
    if not rec.title and texts:
        t = _title_from_runs(texts[0][1])
        if _good_title(t):
            rec.title = t
            notes.append("title from the first page")
    if not rec.title:
        stem = os.path.splitext(os.path.basename(source or ""))[0]
        rec.title = " ".join(re.sub(r"[_]+", " ", stem).split()) or "PDF document"
        notes.append("no title in the PDF: the file name is used")
    where = "XMP" if xmp.get("creators") else "document info"
    authors = xmp.get("creators") or meta.get("author", "")
    if authors and not re.search(r"\b(?:microsoft|adobe|latex|tex|admin|user)\b", authors, re.I):
        try:
            from app.core.normalize.names import split_names
            rec.creators = split_names(authors)
        except Exception:  # noqa: BLE001 - a name we cannot parse is left out
            rec.creators = []
        given = _count_names(authors)
        if len(rec.creators) < given:
            dropped = given - len(rec.creators)
            notes.append(f"kept {len(rec.creators):,} of {given:,} authors in the {where}: "
                         f"{dropped:,} did not read as names (an address, affiliation "
                         "or e-mail)")
    if rec.doi:
        rec.type = "article-journal"
    return rec


register(PdfFormat())
