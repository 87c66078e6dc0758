"""The record model: what CSL-JSON, BibTeX and RIS can say about a work.

A :class:`Record` is a plain dataclass. Anything a format carries that has no
field here goes into :attr:`Record.extra`, so that no import loses data.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# CSL item types are our vocabulary; formats map their own types onto these.
ITEM_TYPES: tuple[str, ...] = (
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "article",
    "book",
    "chapter",
    "paper-conference",
    "thesis",
    "report",
    "webpage",
    "post-weblog",
    "dataset",
    "patent",
    "standard",
    "manuscript",
    "map",
    "motion_picture",
    "broadcast",
    "song",
    "speech",
    "interview",
    "personal_communication",
    "legal_case",
    "legislation",
    "bill",
    "entry-dictionary",
    "entry-encyclopedia",
    "review",
    "review-book",
    "software",
    "graphic",
    "pamphlet",
    "classic",
    "document",
)

CREATOR_ROLES: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "composer",
    "director",
    "interviewer",
    "recipient",
    "reviewed-author",
    "illustrator",
    "contributor",
)

_CJK_RE = re.compile(
    "[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def has_cjk(text: str | None) -> bool:
    """True if *text* contains any CJK (Han, kana, hangul) character."""
    if not text or text.isascii():
        return False
    return _CJK_RE.search(text) is not None


def is_cjk_char(ch: str) -> bool:
    return _CJK_RE.match(ch) is not None


@dataclass(slots=True)
class Creator:
    """A person or body with a role.

    Either ``family`` (+ ``given``) or ``literal`` is set. CJK personal names
    may be stored either way; they are always displayed whole, family first.
    """

    family: str = ""
    given: str = ""
    literal: str = ""
    role: str = "author"

    @property
    def is_cjk(self) -> bool:
        return has_cjk(self.family + self.given + self.literal)

    def sort_name(self) -> str:
        """The family name, or the literal name, for sorting and keys."""
        return self.family or self.literal

    def display(self) -> str:
        """How the name reads in a list: 'Family, Given', or CJK whole."""
        if self.literal:
            return self.literal
        if self.is_cjk:
            return f"{self.family}{self.given}"
        if self.given:
            return f"{self.family}, {self.given}"
        return self.family

    def to_dict(self) -> dict[str, str]:
        d = {"role": self.role}
        if self.literal:
            d["literal"] = self.literal
        else:
            d["family"] = self.family
            if self.given:
                d["given"] = self.given
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Creator:
        get = d.get
        return cls(str(get("family") or ""), str(get("given") or ""),
                   str(get("literal") or ""), str(get("role") or "author"))


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that may lack its month or day; ``literal`` keeps unparsed text."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""

    def __post_init__(self) -> None:
        if self.month is not None and not 1 <= self.month <= 12:
            # seasons (21-24 in CSL) and nonsense are not months
            object.__setattr__(self, "month", None)
            object.__setattr__(self, "day", None)
        if self.day is not None and not 1 <= self.day <= 31:
            object.__setattr__(self, "day", None)

    @property
    def empty(self) -> bool:
        return self.year is None and not self.literal

    def iso(self) -> str:
        """'2023', '2023-06' or '2023-06-01'; the literal if there is no year."""
        if self.year is None:
            return self.literal
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def date_parts(self) -> list[int]:
        parts: list[int] = []
        if self.year is not None:
            parts.append(self.year)
            if self.month:
                parts.append(self.month)
                if self.day:
                    parts.append(self.day)
        return parts

    @classmethod
    def from_iso(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        m = _ISO_DATE_RE.fullmatch(text)
        if not m:
            return cls(literal=text.strip())
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)


_ISO_DATE_RE = re.compile(r"\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*")


def normalize_doi(value: str | None) -> str:
    """The comparable form of a DOI: lower case, no resolver or ``doi:`` prefix.

    Returns '' if *value* does not hold a DOI.
    """
    if not value:
        return ""
    m = DOI_RE.search(value.strip())
    if not m:
        return ""
    return clean_doi(m.group(0)).lower()


# A DOI is "10." + registrant + "/" + suffix (suffix is anything printable).
DOI_RE = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)


_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|DOI\s+)", re.I)


def clean_doi(value: str) -> str:
    """Strip prefixes and trailing punctuation, keeping the DOI's case."""
    v = value.strip()
    v = _DOI_PREFIX_RE.sub("", v)
    v = v.rstrip(".,;:)]}'\"")
    # a closing bracket that belongs to the DOI itself is kept
    if v.count("(") > v.count(")") and value.strip().rstrip(".,;:").endswith(")"):
        v += ")"
    return v


def extract_doi(value: str | None) -> str:
    """The DOI found in *value* with its original case, or ''."""
    if not value:
        return ""
    m = DOI_RE.search(value)
    return clean_doi(m.group(0)) if m else ""


_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                           "\u3099\u309a]")
_NON_ALNUM_RE = re.compile(r"[\W_]+")


def fold_text(text: str) -> str:
    """Case- and accent-folded text for comparisons (not for display)."""
    if text.isascii():
        return text.lower()
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.casefold()))


def normalize_title(title: str | None) -> str:
    """Title reduced to folded letters and digits, for duplicate detection."""
    if not title:
        return ""
    return _NON_ALNUM_RE.sub("", fold_text(title))


@dataclass(slots=True)
class Record:
    """One bibliographic record.

    Slotted (no ``__dict__``): 50,000 records in memory cost ~100 MB less.
    """

    id: int | None = None
    type: str = "article-journal"
    title: str = ""
    title_translated: str = ""
    title_short: str = ""
    creators: list[Creator] = field(default_factory=list)
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    container_title: str = ""
    container_title_short: str = ""
    collection_title: str = ""  # series
    volume: str = ""
    issue: str = ""
    pages: str = ""
    number: str = ""  # report/patent/standard number
    edition: str = ""
    publisher: str = ""
    place: str = ""
    genre: str = ""  # thesis type, report type
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    pmid: str = ""
    pmcid: str = ""
    arxiv: str = ""
    url: str = ""
    language: str = ""
    abstract: str = ""
    abstract_translated: str = ""
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    citation_key: str = ""
    tags: list[str] = field(default_factory=list)
    date_added: str = ""
    date_modified: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    # ----------------------------------------------------------------- helpers
    @property
    def authors(self) -> list[Creator]:
        return [c for c in self.creators if c.role == "author"]

    @property
    def first_creator(self) -> Creator | None:
        """The first author, else the first creator of any role."""
        for c in self.creators:
            if c.role == "author":
                return c
        return self.creators[0] if self.creators else None

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    @property
    def doi_normalized(self) -> str:
        return normalize_doi(self.doi)

    def creators_display(self, limit: int = 3) -> str:
        people = self.authors or self.creators
        names = "; ".join(c.display() for c in people[:limit])
        return names + "; …" if len(people) > limit else names

    def copy(self) -> Record:
        """A copy whose lists, creators and extra map can be changed independently."""
        new = dataclasses.replace(self)
        new.creators = [dataclasses.replace(c) for c in self.creators]
        for name in ("keywords", "notes", "attachments", "tags"):
            setattr(new, name, list(getattr(self, name)))
        new.extra = _deep_copy_json(self.extra)
        return new

    # ------------------------------------------------------------ (de)serialise
    def to_dict(self, *, copy: bool = True, compact: bool = False) -> dict[str, Any]:
        """A JSON-able dict of every field (our own storage form, not CSL).

        With ``copy=False`` lists and the extra map are shared, for serialising.
        With ``compact=True`` fields that hold their default value are left out
        (:meth:`from_dict` fills them in again), which is how the library stores
        records: half the JSON to write and to parse.
        """
        values = _GET_FIELDS(self)
        if compact:
            d = {name: v for name, v, default in zip(_FIELD_NAMES, values, _DEFAULT_VALUES)
                 if v != default}
        else:
            d = dict(zip(_FIELD_NAMES, values))
        if "creators" in d:
            d["creators"] = [c.to_dict() for c in self.creators]
        for name in ("issued", "accessed"):
            v = d.get(name)
            if v is not None:
                d[name] = {"year": v.year, "month": v.month, "day": v.day, "literal": v.literal}
        if copy:
            for name, v in d.items():
                if name != "creators" and isinstance(v, (list, dict)):
                    d[name] = _deep_copy_json(v)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, copy: bool = True) -> Record:
        """The record for *d*; with ``copy=False`` lists and maps of *d* are taken over
        (for a dict nobody else holds, such as freshly parsed JSON)."""
        names = _FIELD_SET
        kwargs: dict[str, Any] = {k: v for k, v in d.items() if k in names}
        if copy:
            for k, v in kwargs.items():
                if isinstance(v, (list, dict)):
                    kwargs[k] = _deep_copy_json(v)
        if "creators" in kwargs:
            make = Creator.from_dict
            kwargs["creators"] = [make(c) for c in (kwargs["creators"] or [])]
        for k in ("issued", "accessed"):
            if k in kwargs:
                v = kwargs[k]
                kwargs[k] = PartialDate(**v) if isinstance(v, dict) else None
        return cls(**kwargs)

    def is_empty(self) -> bool:
        """True if the record says nothing that identifies a work."""
        return not (self.title or self.creators or self.doi or self.url or self.isbn
                    or self.container_title)


def _deep_copy_json(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _deep_copy_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_deep_copy_json(x) for x in v]
    return v


_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Record))
_FIELD_SET = frozenset(_FIELD_NAMES)
# (name, default value) of every field; a default factory's value is made once
# here, for comparison only.
_DEFAULT_VALUES: tuple[Any, ...] = tuple(
    f.default_factory() if f.default_factory is not dataclasses.MISSING  # type: ignore[misc]
    else f.default
    for f in dataclasses.fields(Record))
_GET_FIELDS = operator.attrgetter(*_FIELD_NAMES)

# Fields that hold plain strings, in the order the detail pane shows them.
TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Record)
    if f.type in ("str", str) and f.name not in ("date_added", "date_modified")
)
