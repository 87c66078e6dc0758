"""Dates in every form exporters and pages write, as :class:`PartialDate`.

Read forms (month and day optional where it makes sense):

* ISO: ``2023-06-01``, ``2023-06``, ``2023``, ``2021-03-05T10:00:00Z``
* slashes: ``2019/03/01``, ``2019///``, ``2019/03//``, ``2019/03/01/Spring`` (RIS),
  ``2021/6``; ``01/03/2019`` is read month first unless the first number is
  over 12 (then day first)
* dots: ``2019.03.01``, ``01.03.2019`` (day first)
* words: ``24 Apr 2013``, ``Dec 20, 2006``, ``2012 Nov 26``, ``June 2023``,
  ``2012 Nov-Dec`` (first month), ``Spring 2020`` (year only)
* Chinese/Japanese: ``2021年3月5日``, ``2021年3月``, ``2021年``
* compact ``20210305``

Anything else gives ``PartialDate(literal=text)``; text that holds a single
plausible year among other words keeps that year and the literal text.
"""

from __future__ import annotations

import logging
import re

from app.core.records import PartialDate

log = logging.getLogger(__name__)

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate((
        ("january", "jan", "janvier", "januar", "enero"),
        ("february", "feb", "février", "fevrier", "februar", "febrero"),
        ("march", "mar", "mars", "märz", "marz", "marzo"),
        ("april", "apr", "avril", "abril"),
        ("may", "mai", "mayo"),
        ("june", "jun", "juin", "juni", "junio"),
        ("july", "jul", "juillet", "juli", "julio"),
        ("august", "aug", "août", "aout", "agosto"),
        ("september", "sep", "sept", "septembre", "septiembre"),
        ("october", "oct", "octobre", "oktober", "octubre", "okt"),
        ("november", "nov", "novembre", "noviembre"),
        ("december", "dec", "décembre", "decembre", "dezember", "diciembre", "dez"),
), start=1):
    for _n in _names:
        _MONTHS[_n] = _i

_SEASONS = {"spring", "summer", "autumn", "fall", "winter", "printemps", "été", "automne",
            "hiver", "frühling", "sommer", "herbst", "春", "夏", "秋", "冬", "1st quarter",
            "2nd quarter", "3rd quarter", "4th quarter", "first quarter", "second quarter",
            "third quarter", "fourth quarter"}

_YEAR = r"(1[0-9]{3}|20[0-9]{2}|2100)"
_ISO_RE = re.compile(_YEAR + r"-(\d{1,2})(?:-(\d{1,2}))?(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_SLASH_YMD_RE = re.compile(_YEAR + r"\s*/\s*(\d{0,2})\s*(?:/\s*(\d{0,2})\s*(?:/(.*))?)?")
_DMY_NUM_RE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _YEAR)
_DOT_YMD_RE = re.compile(_YEAR + r"\.(\d{1,2})(?:\.(\d{1,2}))?\.?")
_CJK_RE = re.compile(_YEAR + r"\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?)?")
_COMPACT_RE = re.compile(_YEAR + r"(0[1-9]|1[0-2])([0-2][0-9]|3[01])")
_WS_RE = re.compile(r"\s+")
_FAST_RE = re.compile(r"((?:1[0-9]|20)[0-9]{2})(?:[/-](0?[1-9]|1[0-2])?(?:[/-](0?[1-9]|[12][0-9]|3[01])?)?/?)?")
_WORD_RE = re.compile(r"[^\W\d_]+\.?|\d+", re.UNICODE)


def days_in_month(year: int, month: int) -> int:
    """Days in *month* (1-12) of *year* (proleptic Gregorian)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_of_parts(y: str | int, m: str | int | None = None,
                  d: str | int | None = None) -> PartialDate:
    """The date of year *y*, month *m* and day *d* (numbers or digit strings; None
    or '' for a part not given). A month outside 1-12 (a season, a typo) is left
    out with its day, and so is a day the month does not have (2005-02-29)."""
    year = int(y)
    month = int(m) if m not in (None, "") else None
    day = int(d) if d not in (None, "") and month else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and month is not None and not 1 <= day <= days_in_month(year, month):
        day = None
    return PartialDate(year, month, day)


def _month_of(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTHS:
        return _MONTHS[w]
    if len(w) >= 3 and w[:3] in _MONTHS and any(n.startswith(w) for n in _MONTHS):
        return _MONTHS[w[:3]]
    return None


def _from_words(text: str) -> PartialDate | None:
    """Dates written with month names: '24 Apr 2013', 'Dec 20, 2006', '2012 Nov 26'."""
    tokens = _WORD_RE.findall(text)
    if not tokens:
        return None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    leftovers: list[str] = []
    seen_month = False
    for tok in tokens:
        if tok.isdigit():
            if len(tok) > 4:
                leftovers.append(tok)
                continue
            n = int(tok)
            if len(tok) == 4 and 1000 <= n <= 2100 and year is None:
                year = n
            elif len(tok) <= 2 and 1 <= n <= 31 and day is None and (seen_month or year is None):
                day = n
            elif len(tok) <= 2 and 1 <= n <= 31 and day is None:
                day = n
            else:
                leftovers.append(tok)
            continue
        m = _month_of(tok)
        if m is not None:
            if not seen_month:
                month = m
                seen_month = True
            continue  # "Nov-Dec": the first month counts
        low = tok.lower().rstrip(".")
        if low in _SEASONS or low in ("st", "nd", "rd", "th", "of", "the", "quarter",
                                      "first", "second", "third", "fourth", "1st", "2nd",
                                      "3rd", "4th", "ed", "published", "online", "epub"):
            continue
        leftovers.append(tok)
    if year is None:
        return None
    if leftovers:
        return None
    if month is None:
        day = None
    return PartialDate(year, month, day)


def parse_date(text: str | None) -> PartialDate | None:
    """A :class:`PartialDate` from *text*; None for blank input.

    See the module docstring for the forms read. Unreadable text is kept
    as ``PartialDate(literal=text)``.
    """
    if text is None:
        return None
    t = str(text).strip()
    if len(t) == 4 and t.isdigit() and 1000 <= int(t) <= 2100:
        return PartialDate(int(t))  # the common cases first
    m = _FAST_RE.fullmatch(t)
    if m:
        return date_of_parts(*m.groups())
    t = _WS_RE.sub(" ", t).strip(",; ")
    if not t or t.strip("/ -.") == "":
        return None
    if len(t) > 200:  # no date is this long: keep the text as it is
        return PartialDate(literal=t)
    m = _ISO_RE.fullmatch(t)
    if m:
        return date_of_parts(*m.groups())
    if re.fullmatch(_YEAR, t):
        return PartialDate(int(t))
    m = _SLASH_YMD_RE.fullmatch(t)
    if m:
        y, mo, d, _rest = m.groups()
        return date_of_parts(y, mo or None, d or None)
    m = _DMY_NUM_RE.fullmatch(t)
    if m:
        a, sep, b, y = m.groups()
        first, second = int(a), int(b)
        if sep == "." or first > 12:
            return date_of_parts(y, second, first)
        return date_of_parts(y, first, second)
    m = re.fullmatch(r"(\d{1,2})\s*/\s*" + _YEAR, t)
    if m:
        return date_of_parts(m.group(2), m.group(1))
    m = _DOT_YMD_RE.fullmatch(t)
    if m:
        return date_of_parts(*m.groups())
    m = _CJK_RE.match(t)
    if m and not t[m.end():].strip(" ,.;()（）"):
        return date_of_parts(*m.groups())
    m = _COMPACT_RE.fullmatch(t)
    if m:
        return date_of_parts(*m.groups())
    m = re.fullmatch(r"[\[(]?(?:c|ca\.|circa|©)?\s*" + _YEAR + r"[a-z]?[\])]?\.?", t, re.I)
    if m:
        return PartialDate(int(m.group(1)))
    m = re.match(_ISO_RE.pattern, t)
    if m and re.fullmatch(r"[\s/(].*", t[m.end():] or " "):
        return date_of_parts(*m.groups())
    found = _from_words(t)
    if found is not None:
        return found
    years = re.findall(r"(?<!\d)" + _YEAR + r"(?!\d)", t)
    if len(set(years)) == 1:
        return PartialDate(int(years[0]), literal=t)
    if years:  # a range such as 1998-2000: the first year
        return PartialDate(int(years[0]), literal=t)
    return PartialDate(literal=t)


def format_ris_date(d: PartialDate | None) -> str:
    """RIS ``DA``/``PY`` form: '2019/03/01', '2019/03/', '2019///'; the literal if no year."""
    if d is None or d.empty:
        return ""
    if d.year is None:
        return d.literal
    mo = f"{d.month:02d}" if d.month else ""
    day = f"{d.day:02d}" if d.month and d.day else ""
    return f"{d.year:04d}/{mo}/{day}/"
