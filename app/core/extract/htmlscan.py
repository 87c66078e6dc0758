"""One pass over a page's markup with the stdlib HTML parser: what metadata it holds.

The scan collects ``<meta>`` tags, ``<title>``, ``html@lang``, JSON-LD blocks,
other script bodies that may hold a JSON state blob (only read, never run),
COinS spans, the canonical link, "saved from" comments and the visible text.
:class:`html.parser.HTMLParser` is event based (no tree, no recursion), so
deep nesting costs nothing; every collection is bounded.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000
MAX_METAS = 20_000
MAX_SCRIPTS = 200
MAX_SCRIPT_CHARS = 5_000_000
PARSE_BUDGET = 400_000        # characters parsed as HTML; the rest is swept by regex
_CHUNK = 65_536
MAX_TAGS = 300_000            # real pages have tens of thousands
MAX_SECONDS = 5.0             # a scan stops here and keeps what it found


class _Stop(Exception):
    """Raised inside the parser callbacks to end a scan early."""

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br center dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul "
    "title option".split()
)
_SKIP_TEXT_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "head", "select"))
_SAVED_FROM_RE = re.compile(r"saved from url=\(\d+\)\s*(\S+)", re.I)
_SINGLEFILE_URL_RE = re.compile(r"^\s*url:\s*(\S+)", re.I | re.M)
_SINGLEFILE_DATE_RE = re.compile(r"^\s*saved date:\s*(.+)$", re.I | re.M)


@dataclass
class Meta:
    """One ``<meta>``: its key (name/property/itemprop, lower case) and value."""

    key: str
    value: str
    scheme: str = ""
    lang: str = ""


@dataclass
class PageScan:
    """Everything the scan found. Strings are unescaped (entities converted)."""

    metas: list[Meta] = field(default_factory=list)
    title: str = ""
    lang: str = ""
    jsonld: list[Any] = field(default_factory=list)
    jsonld_errors: int = 0
    scripts: list[str] = field(default_factory=list)
    coins: list[str] = field(default_factory=list)
    canonical: str = ""
    saved_from: str = ""
    saved_date: str = ""
    headings: list[str] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    truncated: bool = False  # the scan stopped early (limits reached)
    swept_from: int = -1     # offset after which the page was swept, not parsed
    swept_dois: set[str] = field(default_factory=set)  # DOIs in the swept part

    @property
    def text(self) -> str:
        """The visible text, block elements separated by newlines."""
        return "".join(self.text_parts)

    def values(self, key: str) -> list[str]:
        """All non-empty values of meta *key* (lower case), in page order."""
        return [m.value for m in self.metas if m.key == key and m.value.strip()]

    def first(self, *keys: str) -> str:
        """The first non-empty value among *keys*, in the order of *keys*."""
        for k in keys:
            for m in self.metas:
                if m.key == k and m.value.strip():
                    return m.value
        return ""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._skip_depth = 0          # inside script/style/… (text not visible)
        self._in_title = False
        self._title_parts: list[str] = []
        self._script_type: str | None = None
        self._script_parts: list[str] = []
        self._heading_parts: list[str] | None = None
        self._text_len = 0
        self._script_chars = 0
        self._tags = 0
        self._deadline = time.monotonic() + MAX_SECONDS

    # ----------------------------------------------------------------- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tags += 1
        if self._tags % 10_000 == 0 and (
                self._tags >= MAX_TAGS or time.monotonic() > self._deadline):
            raise _Stop
        a = {k.lower(): (v or "") for k, v in attrs[:200] if k}
        if tag == "meta":
            self._meta(a)
        elif tag == "html":
            if not self.scan.lang:
                self.scan.lang = (a.get("lang") or a.get("xml:lang") or "").strip()
        elif tag == "title":
            if not self.scan.title:
                self._in_title = True
                self._title_parts = []
        elif tag == "link":
            rel = a.get("rel", "").lower().split()
            if "canonical" in rel and a.get("href") and not self.scan.canonical:
                self.scan.canonical = a["href"].strip()
        elif tag == "script":
            self._script_type = a.get("type", "").strip().lower()
            self._script_parts = []
            self._skip_depth += 1
        elif tag in ("style", "noscript", "template", "svg", "select"):
            self._skip_depth += 1
        elif tag == "span" or tag == "div" or tag == "a":
            cls = a.get("class", "")
            if "Z3988" in cls and a.get("title") and len(self.scan.coins) < 1000:
                self.scan.coins.append(a["title"])
        if tag in ("h1",) and self._heading_parts is None:
            self._heading_parts = []
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template", "svg", "select", "title", "h1"):
            return  # a self-closed script has no body
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.scan.title = " ".join("".join(self._title_parts).split())
        elif tag == "script":
            if self._script_type is not None:
                self._script_done()
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in ("style", "noscript", "template", "svg", "select"):
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "h1" and self._heading_parts is not None:
            h = " ".join("".join(self._heading_parts).split())
            if h and len(self.scan.headings) < 20:
                self.scan.headings.append(h)
            self._heading_parts = None
        if tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._script_type is not None:
            if self._script_chars < MAX_SCRIPT_CHARS:
                self._script_parts.append(data)
                self._script_chars += len(data)
            return
        if self._skip_depth:
            return
        if self._heading_parts is not None:
            self._heading_parts.append(data)
        if self._text_len < MAX_TEXT_CHARS:
            self.scan.text_parts.append(data)
            self._text_len += len(data)

    def handle_comment(self, data: str) -> None:
        if len(data) > 4000:
            return
        m = _SAVED_FROM_RE.search(data)
        if m and not self.scan.saved_from:
            self.scan.saved_from = m.group(1)
        if "SingleFile" in data or "saved date:" in data:
            if (u := _SINGLEFILE_URL_RE.search(data)) and not self.scan.saved_from:
                self.scan.saved_from = u.group(1)
            if (d := _SINGLEFILE_DATE_RE.search(data)) and not self.scan.saved_date:
                self.scan.saved_date = d.group(1).strip()

    # -------------------------------------------------------------- helpers
    def _newline(self) -> None:
        if self._skip_depth or self._in_title or self._script_type is not None:
            return
        if self.scan.text_parts and self.scan.text_parts[-1] != "\n":
            self.scan.text_parts.append("\n")

    def _meta(self, a: dict[str, str]) -> None:
        if len(self.scan.metas) >= MAX_METAS:
            return
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").strip().lower()
        if not key:
            return
        value = a.get("content")
        if value is None:
            value = a.get("value", "")
        self.scan.metas.append(Meta(key, value, a.get("scheme", "").strip().lower(),
                                    a.get("lang", a.get("xml:lang", "")).strip()))

    def _script_done(self) -> None:
        body = "".join(self._script_parts)
        stype = self._script_type or ""
        self._script_type = None
        self._script_parts = []
        if "ld+json" in stype:
            try:
                self.scan.jsonld.append(json.loads(_strip_cdata(body)))
            except (ValueError, RecursionError):
                self.scan.jsonld_errors += 1
            return
        if stype and "json" not in stype and "javascript" not in stype and "ecmascript" \
                not in stype and stype != "module":
            return
        if len(self.scan.scripts) < MAX_SCRIPTS and '"' in body and (
                '"title"' in body or '"doi"' in body.lower()):
            self.scan.scripts.append(body)


def _strip_cdata(s: str) -> str:
    s = s.strip()
    for a, b in (("<!--", "-->"), ("/*<![CDATA[*/", "/*]]>*/"), ("<![CDATA[", "]]>")):
        if s.startswith(a) and s.endswith(b):
            s = s[len(a):-len(b)].strip()
    return s


_LT_RUN_RE = re.compile(r"<(?=[^A-Za-z/!?])")


def defuse_markup(markup: str) -> str:
    """Rewrite the few inputs that make html.parser slow, without changing meaning.

    - NUL bytes become U+FFFD (what browsers do);
    - after the last ``>`` no tag can be complete, yet html.parser rescans
      the rest of the input for every ``<`` there (quadratic time): those
      ``<`` become ``&lt;``, which is the text the parser would emit anyway;
    - a ``<`` that cannot start a tag (``<<<``, ``< 5``) is emitted one
      character at a time by html.parser; ``&lt;`` is the same text, faster.
    """
    if "\x00" in markup:
        markup = markup.replace("\x00", "\ufffd")
    last_gt = markup.rfind(">")
    if markup.find("<", last_gt + 1) >= 0:
        markup = markup[: last_gt + 1] + markup[last_gt + 1:].replace("<", "&lt;")
    if markup.count("<") > 1000 and len(_LT_RUN_RE.findall(markup, 0, 200_000)) > 500:
        markup = _LT_RUN_RE.sub("&lt;", markup)
    return markup


def scan_html(markup: str) -> PageScan:
    """Scan *markup* once. Never raises on malformed input.

    The first :data:`PARSE_BUDGET` characters (extended to the end of an open
    ``<script>``) go through html.parser; in the rest, which on big pages is
    navigation, references and scripts, only ``<meta>`` tags, scripts, COinS
    spans and DOIs are picked out by linear-time regular expressions.
    """
    parser = _Scanner()
    markup = defuse_markup(markup)
    rest_at = -1
    try:
        if len(markup) <= PARSE_BUDGET:
            parser.feed(markup)
        else:
            pos = 0
            while pos < len(markup):
                parser.feed(markup[pos:pos + _CHUNK])
                pos += _CHUNK
                if pos >= PARSE_BUDGET and parser._script_type is None and \
                        not parser._in_title and getattr(parser, "cdata_elem", None) is None:
                    break
            if pos < len(markup):
                rest_at = pos - len(parser.rawdata)
                parser.rawdata = ""
        parser.close()
    except _Stop:
        parser.scan.truncated = True
        log.info("html scan stopped at %d tags", parser._tags)
    except (AssertionError, ValueError, IndexError, RecursionError) as exc:
        # html.parser is lenient, but older versions raise on some broken
        # declarations; keep what was collected so far.
        log.debug("html scan stopped early: %s", exc)
    scan = parser.scan
    if parser._in_title and not scan.title:
        scan.title = " ".join("".join(parser._title_parts).split())[:1000]
    if rest_at >= 0:
        _sweep(parser, markup, rest_at)
    return scan


_META_TAG_RE = re.compile(r"<meta\b([^<>]*)>", re.I)
_COINS_TAG_RE = re.compile(r"<(?:span|div|a)\b([^<>]*\bZ3988\b[^<>]*)>", re.I)
_SCRIPT_OPEN_RE = re.compile(r"<script\b([^<>]*)>", re.I)
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DOI_RAW_RE = re.compile(r"10\.\d{4,9}/[^\s\"'<>&]+")


def _attrs(raw: str) -> list[tuple[str, str | None]]:
    return [(m.group(1).lower(), html.unescape(m.group(2) if m.group(2) is not None else
                                               m.group(3) if m.group(3) is not None
                                               else m.group(4)))
            for m in _ATTR_RE.finditer(raw[:20_000])]


def _sweep(parser: _Scanner, markup: str, start: int) -> None:
    """Pick metadata out of markup[start:] without parsing it (linear time)."""
    scan = parser.scan
    scan.swept_from = start
    for m in _META_TAG_RE.finditer(markup, start):
        parser._meta({k: v or "" for k, v in _attrs(m.group(1))})
    for m in _COINS_TAG_RE.finditer(markup, start):
        a = dict(_attrs(m.group(1)))
        if a.get("title") and len(scan.coins) < 1000:
            scan.coins.append(a["title"] or "")
    pos = start
    while True:
        m = _SCRIPT_OPEN_RE.search(markup, pos)
        if not m:
            break
        end = markup.find("</script", m.end())
        if end < 0:
            end = markup.find("</SCRIPT", m.end())
            if end < 0:
                break
        a = dict(_attrs(m.group(1)))
        parser._script_type = (a.get("type") or "").strip().lower()
        parser._script_parts = [markup[m.end():end]]
        parser._script_done()
        pos = end + 8
    for m in _DOI_RAW_RE.finditer(markup, start):
        if len(scan.swept_dois) > 1000:
            break
        scan.swept_dois.add(m.group(0).rstrip(".,;)").lower())
