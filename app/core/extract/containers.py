"""Unpacking saved pages: plain HTML/text, MHTML (MIME multipart) and Safari .webarchive.

Nothing here touches the network: MHTML parts and web-archive resources are
read from the file itself, and only the main document is used.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import logging
import plistlib
from dataclasses import dataclass

from app.core.errors import FormatError
from app.core.records import PartialDate
from app.core.textio import decode_bytes

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 50 * 1024 * 1024


@dataclass
class Unpacked:
    """The main document of a saved page."""

    kind: str               # 'html' or 'text'
    markup: str             # HTML, or the text of a .txt page
    url: str = ""           # where the page was saved from, if the container says
    saved: PartialDate | None = None  # when it was saved, if the container says
    encoding: str = ""
    container: str = "file"  # 'file', 'mhtml' or 'webarchive'


def check_size(size: int, source: str) -> None:
    """Refuse pages over 50 MB with a message the user can act on."""
    if size > MAX_PAGE_BYTES:
        raise FormatError("the page file is {mb} MB; saved pages over {limit} MB are not read",
                          source=source, mb=size // (1024 * 1024),
                          limit=MAX_PAGE_BYTES // (1024 * 1024))


def is_mhtml(head: bytes | str) -> bool:
    """True if *head* starts an MHTML file (Chrome/Edge "Save as single file")."""
    h = head[:4000].lower() if isinstance(head, bytes) else head[:4000].lower().encode(
        "utf-8", "replace")
    return (b"multipart/related" in h and b"mime-version" in h) or h.startswith(
        b"from: <saved by blink>") or b"snapshot-content-location:" in h


def is_webarchive(head: bytes) -> bool:
    """True if *head* starts a Safari web archive (a binary plist with a main resource)."""
    return head.startswith(b"bplist00") and b"WebMainResource" in head[:200_000] or (
        head.startswith(b"bplist00") and b"WebResourceData" in head[:200_000])


def looks_like_html(head: str) -> bool:
    """True if *head* is HTML markup rather than text saved from a page."""
    h = head[:4096].lstrip("\ufeff \t\r\n").lower()
    return h.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head[:8192].lower() \
        or any(t in h for t in ("<head>", "<head ", "<meta ", "<body", "<title>"))


def unpack(data: bytes, source: str = "") -> Unpacked:
    """The main document of *data*, whatever the container. Raises FormatError."""
    check_size(len(data), source)
    if is_webarchive(data[:200_000]):
        return _webarchive(data, source)
    if is_mhtml(data[:4000]):
        return _mhtml(data, source)
    text, enc = decode_bytes(data)
    kind = "html" if looks_like_html(text) or source.lower().endswith(
        (".html", ".htm", ".xhtml", ".shtml")) else "text"
    return Unpacked(kind, text, encoding=enc)


def _date_from_header(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    return PartialDate(dt.year, dt.month, dt.day)


def _mhtml(data: bytes, source: str) -> Unpacked:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # noqa: BLE001 - the email parser is lenient; be safe
        raise FormatError("not a readable MHTML file: {err}", source=source,
                          err=str(exc)) from exc
    root_url = str(msg.get("Snapshot-Content-Location") or "").strip()
    saved = _date_from_header(msg.get("Date"))
    best = None
    best_url = ""
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/html", "application/xhtml+xml", "text/plain"):
            continue
        loc = str(part.get("Content-Location") or "").strip()
        if best is None or (root_url and loc == root_url and best_url != root_url) or (
                ctype != "text/plain" and best.get_content_type() == "text/plain"):
            best, best_url = part, loc
            if root_url and loc == root_url and ctype != "text/plain":
                break
    if best is None:
        raise FormatError("the MHTML file holds no HTML document", source=source)
    try:
        payload = best.get_payload(decode=True) or b""
    except Exception as exc:  # noqa: BLE001 - broken base64/QP
        raise FormatError("the MHTML document cannot be decoded: {err}", source=source,
                          err=str(exc)) from exc
    charset = best.get_content_charset()
    text, enc = decode_bytes(payload, declared=charset)
    kind = "text" if best.get_content_type() == "text/plain" else "html"
    return Unpacked(kind, text, url=root_url or best_url, saved=saved, encoding=enc,
                    container="mhtml")


def _webarchive(data: bytes, source: str) -> Unpacked:
    try:
        plist = plistlib.loads(data)
    except Exception as exc:  # noqa: BLE001 - plistlib raises several types on junk
        raise FormatError("not a readable Safari web archive: {err}", source=source,
                          err=str(exc)) from exc
    main = plist.get("WebMainResource") if isinstance(plist, dict) else None
    if not isinstance(main, dict) or not isinstance(main.get("WebResourceData"), bytes):
        raise FormatError("the web archive holds no main document", source=source)
    enc = main.get("WebResourceTextEncodingName")
    text, used = decode_bytes(main["WebResourceData"], declared=enc if isinstance(enc, str)
                              else None)
    url = main.get("WebResourceURL")
    mime = str(main.get("WebResourceMIMEType") or "text/html")
    kind = "text" if mime.startswith("text/plain") else "html"
    return Unpacked(kind, text, url=url if isinstance(url, str) else "", encoding=used,
                    container="webarchive")

