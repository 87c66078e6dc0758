"""Compare our BibTeX import with Zotero's expected items (its BibTeX.js test cases).

Zotero's items are a peer's output, not ground truth, so the comparison folds
differences of *representation* that carry no bibliographic content, each one
named here and in docs/conformance/bibtex.md:

- Zotero stores titles as rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
  ``<span style="small-caps">``); our records hold plain text, so the tags are
  dropped from Zotero's value before comparing.
- Whitespace runs (including no-break spaces) compare as one space.
- Page ranges compare with any dash (``-``, ``–``, ``—``) as ``-``.
- Name parts compare case-sensitively but without spaces and full stops
  (Zotero writes initials "K. C." where the file says "KC").
- BibTeX's "First von Last" rule starts the family name at a lower-case
  particle ("American Rights at Work" -> family "at Work"); Zotero takes only
  the last word. A creator counts as the same when the words are the same, in
  the same order, and our family name starts with a lower-case particle.
- Zotero's schema has no DOI field for book sections and keeps it in
  ``extra`` ("DOI: ..."); that DOI is compared with ours.

Everything else (item type, title, every creator in order, date, container,
volume, issue, pages, DOI, ISBN/ISSN, abstract, keywords, URL) must be equal.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from app.core.records import Creator, Record

# Zotero item type -> our CSL type(s)
ZOTERO_TYPES: dict[str, tuple[str, ...]] = {
    "journalArticle": ("article-journal",),
    "magazineArticle": ("article-magazine",),
    "newspaperArticle": ("article-newspaper",),
    "book": ("book",),
    "bookSection": ("chapter",),
    "conferencePaper": ("paper-conference",),
    "thesis": ("thesis",),
    "report": ("report",),
    "webpage": ("webpage",),
    "document": ("document",),
    "manuscript": ("manuscript",),
    "patent": ("patent",),
    "dataset": ("dataset",),
    "computerProgram": ("software",),
    "standard": ("standard",),
}
_CONTAINER_FIELDS = ("publicationTitle", "proceedingsTitle", "bookTitle", "websiteTitle",
                     "blogTitle", "encyclopediaTitle", "dictionaryTitle", "forumTitle")
_TAG_RE = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>")


def _text(v: Any) -> str:
    s = unicodedata.normalize("NFC", str(v or ""))
    return " ".join(s.replace("\u00a0", " ").split())


def _rich(v: Any) -> str:
    return _text(_TAG_RE.sub("", str(v or "")))


def _pages(v: Any) -> str:
    return re.sub(r"\s*[-\u2013\u2014]+\s*", "-", _text(v))


def _name_key(v: str) -> str:
    return re.sub(r"[\s.]", "", _text(v))


def _particles(words: list[str]) -> bool:
    return bool(words) and all(w[:1].islower() for w in words)


def _same_creator(z: dict[str, Any], c: Creator) -> bool:
    if z.get("creatorType", "author") != c.role:
        return False
    if "name" in z or z.get("fieldMode") == 1:
        whole = z.get("name") or z.get("lastName", "")
        ours = c.literal or (f"{c.given} {c.family}".strip() if not c.is_cjk else c.family + c.given)
        return _name_key(whole) == _name_key(ours)
    zl, zf = z.get("lastName", ""), z.get("firstName", "")
    if c.literal:
        return _name_key(f"{zf}{zl}") == _name_key(c.literal)
    if _name_key(zl) == _name_key(c.family) and _name_key(zf) == _name_key(c.given):
        return True
    # the same words, split by BibTeX's von rule: our family name starts at a
    # lower-case particle ("at Work", "for Digital Scholarship"), Zotero's at the
    # last word
    fam_words = c.family.split()
    if (len(fam_words) > 1 and _particles(fam_words[:1])
            and (c.given + " " + c.family).split() == (zf + " " + zl).split()):
        return True
    return False


def compare(expected: dict[str, Any], rec: Record) -> list[str]:
    """The fields where *rec* differs from Zotero's *expected* item ([] = a match)."""
    diffs: list[str] = []
    ztype = expected.get("itemType", "")
    if rec.type not in ZOTERO_TYPES.get(ztype, (ztype,)):
        diffs.append(f"type: Zotero {ztype}, ours {rec.type}")
    if _rich(expected.get("title")) != _text(rec.title):
        diffs.append(f"title: Zotero {_rich(expected.get('title'))!r}, ours {rec.title!r}")
    zc = expected.get("creators") or []
    if len(zc) != len(rec.creators) or not all(
            _same_creator(z, c) for z, c in zip(zc, rec.creators)):
        ours = [c.to_dict() for c in rec.creators]
        diffs.append(f"creators: Zotero {zc}, ours {ours}")
    zdate = _text(expected.get("date"))
    odate = rec.issued.iso() if rec.issued else ""
    if zdate != odate:
        diffs.append(f"date: Zotero {zdate!r}, ours {odate!r}")
    zcont = next((_rich(expected[f]) for f in _CONTAINER_FIELDS if expected.get(f)), "")
    if zcont != _text(rec.container_title):
        diffs.append(f"container: Zotero {zcont!r}, ours {rec.container_title!r}")
    for zf, attr in (("volume", "volume"), ("issue", "issue"), ("ISBN", "isbn"),
                     ("ISSN", "issn"), ("url", "url")):
        if _text(expected.get(zf)) != _text(getattr(rec, attr)):
            diffs.append(f"{zf}: Zotero {expected.get(zf)!r}, ours {getattr(rec, attr)!r}")
    if _pages(expected.get("pages")) != _pages(rec.pages):
        diffs.append(f"pages: Zotero {expected.get('pages')!r}, ours {rec.pages!r}")
    zdoi = _text(expected.get("DOI"))
    if not zdoi:
        m = re.search(r"^DOI:\s*(\S+)", str(expected.get("extra") or ""), re.M)
        zdoi = m.group(1) if m else ""
    if zdoi.lower() != rec.doi.lower():
        diffs.append(f"DOI: Zotero {zdoi!r}, ours {rec.doi!r}")
    if _rich(expected.get("abstractNote")) != _text(rec.abstract):
        diffs.append("abstract differs")
    ztags = [t["tag"] if isinstance(t, dict) else t for t in expected.get("tags") or []]
    if [_text(t) for t in ztags] != [_text(k) for k in rec.keywords]:
        diffs.append(f"keywords: Zotero {ztags}, ours {rec.keywords}")
    return diffs
