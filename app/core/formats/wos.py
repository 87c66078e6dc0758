"""Web of Science tagged text (``FN Clarivate Analytics Web of Science``), read only.

The "plain text" / "Other file formats" export of Web of Science and its
sister databases (BIOSIS, CABI, Derwent, Zoological Record):

* a record is a run of lines ``XX value`` ending at ``ER``; ``FN``/``VR``
  head the file and ``EF`` ends it (both optional);
* a line that starts with spaces, or that does not start with a tag,
  continues the previous tag: one more name for name tags (AU, AF, BE …),
  one more line of text for the others;
* ``PT`` is the publication type (J journal, B book, S series, P patent) and
  ``DT`` the document type (``Proceedings Paper``); ``AF`` (full names) is
  used rather than ``AU``; ``PD`` (month, day, season) completes ``PY``; the
  pages are ``PS``, else ``BP``-``EP``, else the article number ``AR``;
  ``SN`` and ``EI`` are both ISSNs;
* every tag we do not map is kept in ``extra["wos:<TAG>"]``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from app.core.formats import Format, ReadResult, register
from app.core.formats.tagged import doi_of_field, read_tagged
from app.core.normalize.dates import parse_date
from app.core.normalize.pages import normalize_pages
from app.core.records import Creator, PartialDate, Record, has_cjk

log = logging.getLogger(__name__)

_LINE_RE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
# Tags whose every line is one value (a name, an address, a cited reference).
_LIST_TAGS = {"AU", "AF", "BA", "BF", "BE", "ED", "TR", "AA", "CA", "GP", "C1", "C3",
              "CR", "RI", "OI", "EM", "FU", "AE"}
_NAME_ROLES = {"BE": "editor", "ED": "editor", "TR": "translator", "AA": "contributor"}
_KEYWORD_TAGS = ("DE", "ID", "BD", "IP", "MC", "MQ", "OR")
_TYPES = {"J": "article-journal", "B": "book", "S": "chapter", "P": "patent"}
_MAPPED = {"PT", "DT", "AU", "AF", "BE", "ED", "TR", "AA", "TI", "SO", "SE", "JI", "LA",
           "AB", "DI", "BN", "SN", "EI", "PU", "PI", "PA", "VL", "IS", "PS", "BP", "EP",
           "AR", "PD", "PY", "PN", "PM", "UR", "AW", "CE", *_KEYWORD_TAGS}
_INITIALS_RE = re.compile(r"[A-Z]{1,4}")


class _Entry:
    """One record: its lines by tag (a tag may repeat over several lines)."""

    __slots__ = ("line", "tags", "raw_lines")

    def __init__(self, line: int) -> None:
        self.line = line
        self.tags: dict[str, list[str]] = {}
        self.raw_lines: list[str] = []


def parse_wos(text: str) -> list[_Entry]:
    """Split Web of Science tagged *text* into entries of tag -> lines."""
    entries: list[_Entry] = []
    cur: _Entry | None = None
    last = ""
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\ufeff", "").rstrip()
        if not line:
            continue
        m = _LINE_RE.match(line) if not line.startswith(" ") else None
        if m is None:  # a continuation line
            if cur is not None and last:
                cur.tags[last].append(line.strip())
                cur.raw_lines.append(raw)
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag in ("FN", "VR", "EF"):
            last = ""
            continue
        if tag == "ER":
            if cur is not None and cur.tags:
                entries.append(cur)
            cur, last = None, ""
            continue
        if cur is None or (tag == "PT" and "PT" in cur.tags):
            if cur is not None and cur.tags:
                entries.append(cur)  # a record without its ER
            cur = _Entry(lineno)
        cur.tags.setdefault(tag, [])
        if value:
            cur.tags[tag].append(value)
        cur.raw_lines.append(raw)
        last = tag
    if cur is not None and cur.tags:
        entries.append(cur)
    return entries


def wos_name(value: str, role: str) -> Creator:
    """'Family, Given' or 'FAMILY G' (initials) as a creator; initials get full stops."""
    v = re.sub(r"\([^)]*\)", "", value).strip().strip(",;").strip()
    if has_cjk(v) and "," not in v:
        return Creator(literal=v.replace(" ", ""), role=role)
    if "," in v:
        family, _, given = v.partition(",")
    elif " " in v:
        family, _, given = v.partition(" ")
    else:
        return Creator(family=v, role=role)
    given = given.strip()
    if _INITIALS_RE.fullmatch(given):  # 'JE' -> 'J. E.'
        given = " ".join(f"{ch}." for ch in given)
    return Creator(family=family.strip(), given=given, role=role)


def _date(pd: str, py: str) -> PartialDate | None:
    if pd and py and py not in pd:
        pd = f"{pd} {py}"
    text = pd or py
    if not text:
        return None
    d = parse_date(text)
    if d is not None and d.year is not None:
        return PartialDate(d.year, d.month, d.day)
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)  # a season ('SPR 2011'), a range
    return PartialDate(int(m.group(1))) if m else d


def _build(entry: _Entry) -> Record:
    tags = entry.tags
    extra: dict[str, Any] = {}

    def one(tag: str) -> str:
        return " ".join(" ".join(tags.get(tag, [])).split())

    rec = Record()
    pt, dt = one("PT").upper(), one("DT")
    rec.type = "paper-conference" if dt.upper() == "PROCEEDINGS PAPER" \
        else _TYPES.get(pt[:1], "article-journal")
    if pt:
        extra["wos:PT"] = [pt]
    if dt:
        extra["wos:DT"] = [dt]
    for v in tags.get("AF") or tags.get("AU", []):
        c = wos_name(v, "author")
        if c.family or c.literal:
            rec.creators.append(c)
    if tags.get("AF") and tags.get("AU"):
        extra["wos:AU"] = list(tags["AU"])
    for tag, role in _NAME_ROLES.items():
        for v in tags.get(tag, []):
            c = wos_name(v, role)
            if c.family or c.literal:
                rec.creators.append(c)
    rec.title = one("TI")
    source = one("SO")
    if rec.type == "book":
        if source:
            extra["wos:SO"] = [source]
    else:
        rec.container_title = source
    rec.collection_title = one("SE")
    rec.container_title_short = one("JI")
    rec.language = one("LA")
    rec.abstract = "\n".join(tags.get("AB", [])).strip()
    rec.issued = _date(one("PD"), one("PY"))
    rec.volume = one("VL")
    rec.issue = one("IS")
    pages, bp, ep, ar = one("PS"), one("BP"), one("EP"), one("AR")
    ar = re.sub(r"^UNSP\s+", "", ar)  # "UNSP 1722034": an unspecified-page article number
    if not pages and bp:
        pages = f"{bp}-{ep}" if ep else bp
    rec.pages = normalize_pages(pages or ar)
    if ar and pages:
        rec.number = ar
    doi = one("DI")
    rec.doi = doi_of_field(doi) if doi else ""
    if doi and not rec.doi:
        extra["wos:DI"] = [doi]
    rec.isbn = one("BN")
    rec.issn = ", ".join(v for t in ("SN", "EI") for v in tags.get(t, []) if v)
    rec.publisher = one("PU")
    rec.place = one("PI") or one("PA")
    rec.edition = one("CE")
    rec.url = one("UR") or one("AW")
    if rec.type == "patent":
        rec.number = one("PN")
    elif one("PN"):
        extra["wos:PN"] = [one("PN")]
    rec.pmid = one("PM")
    kws: list[str] = []
    for tag in _KEYWORD_TAGS:
        for kw in re.split(r";\s+|;$", one(tag)):
            kw = kw.strip()
            if kw and kw not in kws:
                kws.append(kw)
    rec.keywords = kws
    for tag, values in tags.items():
        if tag not in _MAPPED and values:
            extra[f"wos:{tag}"] = list(values)
    rec.extra = extra
    return rec


class WosFormat(Format):
    """Web of Science tagged text (read only)."""

    id = "wos"
    name = "Web of Science tagged"
    extensions = (".ciw", ".isi")
    mime_types = ()
    can_write = False

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff")
        if re.match(r"\s*FN [^\n]*(?:Web of|Thomson|Clarivate|ISI)", s):
            return 0.95
        if re.match(r"\s*(?:FN [^\n]*\n\s*VR [^\n]*\n\s*)?PT [JBSP]\s*\n", s) \
                and re.search(r"^(?:AU|TI|SO|UT) ", s, re.M):
            return 0.9
        return 0.0

    def read(self, text: str, source: str = "") -> ReadResult:
        return read_tagged(text, source, parse_wos, _build, "Web of Science",
                           "no Web of Science record found (no 'PT' or tagged lines)")

    def write(self, records: Iterable[Record], **options: object) -> str:
        raise NotImplementedError("Web of Science tagged text is read only")


register(WosFormat())
