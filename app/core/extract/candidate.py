"""What one metadata source on a page says, before the sources are merged.

Every vocabulary reader (Highwire, Dublin Core, JSON-LD, a JSON state blob…)
fills a :class:`Candidate`; :mod:`app.core.extract.merge` picks each field
from the first source, in precedence order, that has a usable value. The
helpers here clean single values the same way for every source.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from app.core.normalize.dates import parse_date
from app.core.normalize.names import looks_like_affiliation, looks_like_organization, \
    parse_name, split_names
from app.core.records import Creator, PartialDate, extract_doi, has_cjk

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """The fields one source gives. Empty string / None / [] mean 'not given'."""

    source: str
    type: str = ""
    title: str = ""
    title_translated: str = ""
    authors: list[Creator] = field(default_factory=list)
    editors: list[Creator] = field(default_factory=list)
    container: str = ""
    container_short: str = ""
    collection: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    first_page: str = ""
    last_page: str = ""
    number: str = ""
    issued: PartialDate | None = None
    online: PartialDate | None = None
    doi: str = ""
    url: str = ""
    abstract: str = ""
    abstract_translated: str = ""
    publisher: str = ""
    place: str = ""
    institution: str = ""
    issn: str = ""
    isbn: str = ""
    pmid: str = ""
    pmcid: str = ""
    arxiv: str = ""
    language: str = ""
    genre: str = ""
    keywords: list[str] = field(default_factory=list)
    #: author values the source gave that were not names (addresses, links…)
    authors_dropped: int = 0

    def field_names(self) -> list[str]:
        """Names of the fields this candidate fills (for the summary)."""
        out = []
        for k, v in self.__dict__.items():
            if k not in ("source", "authors_dropped") and v:
                out.append(k)
        return out


# ------------------------------------------------------------------ cleaning
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]{0,2000})?/?>|<!--.*?-->", re.S)
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code dfn em font i kbd mark q s samp small span "
                         "strong sub sup tt u var wbr".split())


def _tag_sub(m: re.Match[str]) -> str:
    name = (m.group(2) or "").lower()
    if name in _INLINE_TAGS or name.startswith(("mml:", "m:")):
        return ""
    return " "
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_URL_RE = re.compile(r"^(?:https?:|ftp:|www\.|mailto:|//)", re.I)


def clean_text(value: object, *, keep_newlines: bool = False, limit: int = 200_000) -> str:
    """Plain text: tags removed, entities decoded (twice-escaped too), spaces collapsed."""
    if value is None:
        return ""
    s = str(value)[:limit]
    if "<" in s:
        s = _TAG_RE.sub(_tag_sub, s)
    for _ in range(2):
        if "&" not in s:
            break
        s = html.unescape(s)
    if "<" in s:  # tags that were themselves escaped: &lt;i&gt;
        s = _TAG_RE.sub(_tag_sub, s)
    s = s.replace("\x00", "")
    s = "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if keep_newlines:
        lines = [_WS_RE.sub(" ", ln).strip() for ln in s.splitlines()]
        out: list[str] = []
        for ln in lines:
            if ln or (out and out[-1]):
                out.append(ln)
        return "\n".join(out).strip()
    s = _WS_RE.sub(" ", s.replace("\n", " "))
    # tags removed next to punctuation leave a stray space: "word , word"
    return re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", s).strip()


def clean_title(value: object) -> str:
    """A title: plain text, one line, no trailing full stop from a meta tag."""
    s = clean_text(value, limit=5000)
    return s


def clean_abstract(value: object) -> str:
    """An abstract: plain text; paragraphs kept; leading 'Abstract' label dropped."""
    s = clean_text(value, keep_newlines=True)
    s = re.sub(r"^(?:abstract|summary|摘要)\s*[:：.]?\s*(?=\S)", "", s, flags=re.I)
    return s.strip()


def is_url(value: str) -> bool:
    """True if *value* is a web address (http, ftp, www., mailto, //)."""
    return bool(_URL_RE.match(value.strip()))


def clean_doi_value(value: object) -> str:
    """The DOI in *value* ('doi:', resolver prefixes and trailing punctuation gone), or ''.

    A value that holds no DOI (``ade/1391109086``, an article number, a
    handle) gives ''.
    """
    if not value:
        return ""
    s = clean_text(value, limit=2000)
    return extract_doi(s) if "10." in s else ""


def clean_date(value: object) -> PartialDate | None:
    """A partial date from any form the corpus shows; None if there is no year."""
    if not value:
        return None
    s = clean_text(value, limit=200)
    if not s:
        return None
    d = parse_date(s)
    if d is None:
        m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", s)
        return PartialDate(int(m.group(1))) if m else None
    if d.year is None:
        m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", s)
        return PartialDate(int(m.group(1))) if m else None
    return d


def clean_plain(value: object, limit: int = 1000) -> str:
    """A short one-line value (journal, volume, ISSN…) as plain text."""
    return clean_text(value, limit=limit)


def person(value: object, role: str = "author") -> Creator | None:
    """One person from a meta value such as 'Given Family', 'Family, Given' or
    'Andy Powell, UKOLN, University of Bath' (the affiliation is dropped).
    URLs, e-mail-only values and affiliations are not names."""
    s = clean_text(value, limit=500).strip(" ,;")
    # "Jean Paul Malrieu, and" / "and Daniel Maynau": list glue is not a name
    s = re.sub(r"(?:^(?:and|&)\s+)|(?:[,;]?\s+(?:and|&)$)", "", s).strip(" ,;")
    if not s or is_url(s) or "@" in s and " " not in s:
        return None
    if s.startswith("@"):
        return None
    if not has_cjk(s) and "," in s:
        parts = [p.strip() for p in s.split(",") if p.strip()]
        # "Name, UNIT, University of X": keep the name, drop the affiliation parts
        if len(parts) >= 2 and any(_affiliation_like(p) for p in parts[1:]):
            keep = [parts[0]]
            if len(parts) >= 3 and not _affiliation_like(parts[1]) and \
                    len(parts[1].split()) <= 3 and not _affiliation_like(parts[0]):
                keep.append(parts[1])  # "Family, Given, Affiliation"
            s = ", ".join(keep)
    if looks_like_affiliation(s) and not looks_like_organization(s):
        return None
    # "Kraus D.", "Saykally R.J.": family name, then initials with dots
    m = _FAMILY_INITIALS_RE.match(s)
    if m and "," not in s:
        s = f"{m.group(1)}, {m.group(2)}"
    try:
        c = parse_name(s, role)
    except Exception:  # noqa: BLE001 - a name we cannot parse is kept whole
        log.debug("name not parsed: %r", s)
        c = Creator(literal=s, role=role)
    if not (c.family or c.given or c.literal):
        return None
    return c


_FAMILY_INITIALS_RE = re.compile(r"^([^\W\d][\w'’\-]+(?:\s+[^\W\d][\w'’\-]+)*)\s+"
                                 r"((?:[A-Z]\.\s?-?)+)$")


def _affiliation_like(part: str) -> bool:
    if looks_like_affiliation(part) or looks_like_organization(part):
        return True
    # an all-capitals acronym such as UKOLN, CNRS
    return bool(re.fullmatch(r"[A-Z][A-Z&\-]{2,}", part))


def people(values: list[str], role: str = "author", packed: bool = False) -> list[Creator]:
    """Names from several values, one name each; a value holding several names
    (';' or ' and ' between them, or *packed*) is split."""
    return people_counted(values, role, packed)[0]


def people_counted(values: list[str], role: str = "author",
                   packed: bool = False) -> tuple[list[Creator], int]:
    """:func:`people`, and how many of the names given were left out because
    they are not names (an address, an affiliation, a link, an e-mail)."""
    out: list[Creator] = []
    dropped = 0
    for v in values:
        s = clean_text(v, limit=20_000)
        if not s:
            continue
        items = [x.strip() for x in re.split(r"[;,]", s) if x.strip()]
        if len(items) > 1 and all(_FAMILY_INITIALS_RE.match(x) for x in items):
            got = [c for c in (person(x, role) for x in items) if c]
            dropped += len(items) - len(got)
            out += got
            continue
        if packed or ";" in s or " and " in s or "；" in s or "、" in s or (
                has_cjk(s) and ("，" in s or "," in s)):
            try:
                got = split_names(s, role)
            except Exception:  # noqa: BLE001
                got = []
            kept = 0
            for c in got:
                text = c.literal or f"{c.given} {c.family}"
                if c.literal and (is_url(c.literal) or _affiliation_like(c.literal)
                                  and not has_cjk(c.literal)):
                    dropped += 1
                    continue
                if not text.strip():
                    continue
                out.append(c)
                kept += 1
            if not got:
                dropped += 1
            continue
        c = person(s, role)
        if c is not None:
            out.append(c)
        else:
            dropped += 1
    return out, dropped
