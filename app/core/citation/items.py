"""Records -> the CSL-JSON items handed to the citation processor.

Two CJK rules are applied here, before any style sees the data:

- a CJK personal name becomes a CSL *literal* name, family name first with
  no space (王小明, 山田太郎, 김민수). A processor then prints it whole in
  every style and every position: no initials, no comma between family and
  given name, no uppercasing, no stray period;
- each item is classified as CJK-language or not (see :func:`is_cjk_item`),
  and CJK-language items carry the flag variable :data:`CJK_FLAG`, which the
  prepared GB/T 7714 styles test to print "等" instead of "et al.", and a
  language (the record's, else ``zh``/``ja``/``ko`` from the script) so that no
  style title-cases the Latin letters inside a CJK title.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from typing import Any

from app.core.cjk import cjk_language
from app.core.csl import record_to_csl
from app.core.records import Record, has_cjk

log = logging.getLogger(__name__)

# A variable name no CSL style uses; the prepared styles test it with <if variable=...>.
CJK_FLAG = "refshelf-cjk-language"

_NAME_ROLES = (
    "author", "editor", "translator", "container-author", "collection-editor",
    "composer", "director", "interviewer", "recipient", "reviewed-author",
    "illustrator", "contributor", "editorial-director", "original-author",
)
_CJK_LANGS = ("zh", "ja", "ko", "cmn", "yue", "lzh", "jpn", "kor", "chi", "zho")
# keys our mapping adds that a processor must not see (notes are the user's own)
_DROP_KEYS = ("note", "citation-key", "keyword")


def _lang_primary(language: str) -> str:
    return language.strip().lower().replace("_", "-").split("-", 1)[0]


def is_cjk_item(rec: Record) -> bool:
    """True if *rec* is a Chinese, Japanese or Korean-language work.

    The record's language decides when it is set (``zh-CN``, ``ja``,
    ``Chinese``…); when it is not, the script of the title decides, then
    that of the container title, then that of the first creator's name.
    """
    lang = (rec.language or "").strip()
    if lang:
        primary = _lang_primary(lang)
        if primary in _CJK_LANGS:
            return True
        low = lang.lower()
        if any(w in low for w in ("chinese", "japanese", "korean", "中文", "汉语", "漢語",
                                  "日本語", "日语", "한국어", "韩语")):
            return True
        if has_cjk(lang):  # "中" or some other CJK spelling of a CJK language
            return True
        return False
    for text in (rec.title, rec.container_title):
        if text:
            return has_cjk(text)
    first = rec.first_creator
    return bool(first and first.is_cjk)


def _cjk_literal(name: dict[str, Any]) -> dict[str, Any] | None:
    """The literal form of a CJK personal name, or None if *name* is not one."""
    if "literal" in name:
        lit = str(name.get("literal") or "")
        return {"literal": lit.strip()} if has_cjk(lit) else None
    family = str(name.get("family") or "").strip()
    given = str(name.get("given") or "").strip()
    if not (has_cjk(family) or has_cjk(given)):
        return None
    return {"literal": f"{family}{given}"}


def record_to_item(rec: Record, item_id: str) -> dict[str, Any]:
    """The CSL-JSON item for *rec* under the id *item_id*, CJK rules applied."""
    item = record_to_csl(rec, own_keys=False)
    for k in _DROP_KEYS:
        item.pop(k, None)
    item["id"] = item_id
    for role in _NAME_ROLES:
        names = item.get(role)
        if not isinstance(names, list):
            continue
        out = []
        for n in names:
            if isinstance(n, dict):
                lit = _cjk_literal(n)
                out.append(lit if lit is not None else n)
            else:
                out.append(n)
        item[role] = out
    if is_cjk_item(rec):
        item[CJK_FLAG] = "true"
        # a processor title-cases items it takes for English ones, which turns the
        # Latin letters inside a Chinese title to lower case (基于GA-BP -> 基于ga-Bp)
        if not item.get("language"):
            item["language"] = cjk_language(" ".join((rec.title, rec.container_title)))
    return item


# U+2060 WORD JOINER: invisible, and ignored by Unicode collation, so a marked
# name sorts and disambiguates exactly as it would unmarked.
LITERAL_MARK = "\u2060"
_MARKED = re.compile(f"{LITERAL_MARK}([^{LITERAL_MARK}]*){LITERAL_MARK}")


def mark_literal_names(items: list[dict[str, Any]]) -> dict[str, str]:
    """Wrap each literal (organisation) name of *items* in :data:`LITERAL_MARK`, in place.

    pandoc's citeproc applies the family name-part's ``text-case`` to
    literal names, so GB/T 7714's upper-cased surnames turned "World Health
    Organization" into "WORLD HEALTH ORGANIZATION", which the standard does
    not do (GB/T 7714-2015 §8.1.2 and its examples: "World Health
    Organization. Factors regulating the immune response…[R]"). The marks let
    :func:`restore_literal_names` find such a name in the output and give it
    back its own case. CJK names (literal here too) are left alone: case does
    not touch them. Returns the marked names, keyed by their case-folded form.
    """
    originals: dict[str, str] = {}
    for role in _NAME_ROLES:
        for name in item_names(items, role):
            lit = name.get("literal")
            if not isinstance(lit, str) or not lit or has_cjk(lit):
                continue
            if lit.upper() == lit and lit.lower() == lit:
                continue  # no letter whose case could change
            originals.setdefault(lit.casefold(), lit)
            name["literal"] = f"{LITERAL_MARK}{lit}{LITERAL_MARK}"
    return originals


def item_names(items: list[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    """The name objects of *role* over all *items*."""
    return [n for it in items if isinstance(it.get(role), list)
            for n in it[role] if isinstance(n, dict)]


def restore_literal_names(text: str, originals: dict[str, str], as_html: bool = False) -> str:
    """*text* (plain, or an HTML fragment) with each marked literal name back in
    its own case and every mark removed (see :func:`mark_literal_names`)."""
    if LITERAL_MARK not in text:
        return text

    def put_back(m: re.Match[str]) -> str:
        shown = m.group(1)
        plain = html.unescape(shown) if as_html else shown
        if as_html and "<" in shown:
            return shown  # the name carries markup of its own: leave it as styled
        orig = originals.get(plain.casefold())
        if orig is None:
            return shown
        return html.escape(orig, quote=False) if as_html else orig

    return _MARKED.sub(put_back, text).replace(LITERAL_MARK, "")


def records_to_items(records: Sequence[Record]) -> list[dict[str, Any]]:
    """Items ``r0``, ``r1``… for *records*, in selection order."""
    return [record_to_item(r, f"r{i}") for i, r in enumerate(records)]
