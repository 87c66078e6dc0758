"""Turning the bytes of a file into text: BOMs, UTF-16, declared and legacy encodings."""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

_DECLARED = [
    re.compile(rb"%\s*Encoding:\s*([\w.-]+)", re.I),            # JabRef
    re.compile(rb"<meta[^>]+charset=[\"']?\s*([\w.-]+)", re.I),  # HTML
    re.compile(rb"<\?xml[^>]+encoding=[\"']([\w.-]+)", re.I),   # XML
]


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode *data*, returning (text, encoding used). Never raises.

    Order: BOM, explicit *declared*, an in-file declaration, UTF-8, then
    Windows-1252 (a superset of Latin-1 for printable text), then Latin-1.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    # UTF-16 without a BOM: many NULs at odd or even positions
    head = data[:4000]
    if len(head) >= 4 and head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    for rx in _DECLARED:
        m = rx.search(head)
        if m:
            candidates.append(m.group(1).decode("ascii", "replace"))
            break
    candidates.append("utf-8")
    if _looks_like_gb(head if len(data) <= 4000 else data[:65536]):
        candidates.append("gb18030")
    candidates.append("cp1252")
    for enc in candidates:
        try:
            codecs.lookup(enc)
        except LookupError:
            continue
        if enc.lower().replace("_", "-") in ("iso-8859-1", "latin1", "latin-1"):
            enc = "cp1252"  # what files declared ISO-8859-1 really are
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _looks_like_gb(data: bytes) -> bool:
    """True if the bytes above 0x7F pair up as GB2312 characters (Chinese text
    saved as GBK/GB18030), which Windows-1252 text almost never does."""
    i, pairs, stray = 0, 0, 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        if 0xA1 <= b <= 0xF7 and i + 1 < n and 0xA1 <= data[i + 1] <= 0xFE:
            pairs += 1
            i += 2
        else:
            stray += 1
            i += 1
    return pairs >= 2 and stray * 10 <= pairs


def read_text(path: str, declared: str | None = None) -> tuple[str, str]:
    with open(path, "rb") as fh:
        return decode_bytes(fh.read(), declared)
