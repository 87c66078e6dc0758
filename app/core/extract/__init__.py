"""Reading a record from a saved web page, offline; see :mod:`.merge` for the precedence.

Public API:

- :func:`extract_bytes` / :func:`extract_html` / :func:`extract_text` -> :class:`Extraction`
- :func:`read_page_bytes` -> :class:`~app.core.formats.ReadResult` (what the ``page`` format uses)
- :func:`read_dropped_text` for text dragged onto the window
- :func:`safe_attachment_name` for the names of stored attachments
"""

from __future__ import annotations

from app.core.extract.containers import MAX_PAGE_BYTES, check_size, is_mhtml, \
    looks_like_html, unpack
from app.core.extract.dropped import read_dropped_text
from app.core.extract.extractor import Extraction, extract_bytes, extract_html, extract_text
from app.core.fileio import safe_attachment_name
from app.core.formats import Failure, ReadResult

__all__ = [
    "MAX_PAGE_BYTES", "Extraction", "extract_bytes", "extract_html", "extract_text",
    "read_dropped_text", "read_page_bytes", "read_page_text", "safe_attachment_name", "unpack",
]


def read_page_bytes(data: bytes, source: str = "") -> ReadResult:
    """A ReadResult for a saved page: one record, or one Failure with the reason.

    Raises FormatError for a file over 50 MB or a broken MHTML/web-archive container.
    """
    return _result(extract_bytes(data, source), source)


def read_page_text(text: str, source: str = "") -> ReadResult:
    """Like :func:`read_page_bytes` for a page that is already text (no re-decoding:
    a ``<meta charset>`` in text that was decoded once is not applied again)."""
    check_size(len(text.encode("utf-8", "surrogatepass")), source)
    if is_mhtml(text[:4000]):
        return read_page_bytes(text.encode("utf-8", "surrogatepass"), source)
    if looks_like_html(text) or source.lower().endswith((".html", ".htm", ".xhtml")):
        return _result(extract_html(text), source)
    return _result(extract_text(text), source)


def _result(ext: Extraction, source: str) -> ReadResult:
    result = ReadResult(format_id="page", attach_source=True)
    if ext.record is not None:
        result.records.append(ext.record)
        result.lines.append(None)
    else:
        result.failures.append(Failure(source, None, ext.reason))
    if ext.summary:
        result.notes.append(ext.summary)
    return result
