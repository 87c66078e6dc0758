"""Reading a record from a saved web page, offline; see :mod:`.merge` for the precedence.

Public API:

- :func:`extract_bytes` / :func:`extract_html` / :func:`extract_text` -> :class:`Extraction`
- :func:`read_page_bytes` -> :class:`~app.core.formats.ReadResult` (what the ``page`` format uses)
- :func:`read_dropped_text` for text dragged onto the window
- :func:`safe_attachment_name` for the names of stored attachments
"""

from __future__ import annotations

from app.core.extract.containers import MAX_PAGE_BYTES, unpack
from app.core.extract.dropped import read_dropped_text
from app.core.extract.extractor import Extraction, extract_bytes, extract_html, extract_text
from app.core.extract.safety import safe_attachment_name

__all__ = [
    "MAX_PAGE_BYTES", "Extraction", "extract_bytes", "extract_html", "extract_text",
    "read_dropped_text", "read_page_bytes", "safe_attachment_name", "unpack",
]


def read_page_bytes(data: bytes, source: str = ""):  # -> ReadResult
    """A ReadResult for a saved page: one record, or one Failure with the reason."""
    from app.core.formats import Failure, ReadResult

    ext = extract_bytes(data, source)
    result = ReadResult(format_id="page", attach_source=True)
    if ext.record is not None:
        result.records.append(ext.record)
        result.lines.append(None)
    else:
        result.failures.append(Failure(source, None, ext.reason))
    if ext.summary:
        result.notes.append(ext.summary)
    return result
