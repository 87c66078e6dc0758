"""Citation keys: family name + year + first title word, unique with a/b/c suffixes.

CJK authors and titles are spelled in pinyin, so every record gets a readable
ASCII key (王小明 2021 数字人文… -> ``Wang2021Shuzi``), never an empty one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container
from functools import lru_cache

from app.core.cjk import ascii_fold, split_chinese_name, split_cjk_runs, to_pinyin
from app.core.records import Record, has_cjk

log = logging.getLogger(__name__)

STOPWORDS = frozenset(
    "a an the of on in at to for and or but with from by as is are was were be "
    "der die das ein eine le la les un une des du de el los las".split()
)


def _family_part(rec: Record) -> str:
    c = rec.first_creator
    if c is None:
        return ""
    return _name_part(c.family, c.literal)


@lru_cache(maxsize=32768)
def _name_part(family: str, literal: str) -> str:
    """The key's name part for a first creator (names repeat: cached)."""
    name = family or literal
    if has_cjk(name):
        if not family and literal:  # a whole CJK name: the family is its start
            name = split_chinese_name(literal)[0]
        return to_pinyin(name).capitalize()
    if not family and literal:  # an institution: its first significant word
        words = [w for w in re.findall(r"\w+", ascii_fold(name)) if w.lower() not in STOPWORDS]
        return words[0].capitalize() if words else ""
    # the last word of the family name ('van der Berg' -> 'Berg')
    words = _LATIN_WORD_RE.findall(ascii_fold(name))
    return words[-1][:1].upper() + words[-1][1:] if words else ""


_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_WORD_RE = re.compile(r"[^\W_]+")
_NOT_KEY_CHAR_RE = re.compile(r"[^A-Za-z0-9]")


def _first_word(text: str) -> str:
    """The first word of non-CJK *text* that is no stop word or number, capitalised."""
    for m in _WORD_RE.finditer(ascii_fold(text)):
        w = m.group(0)
        if w.lower() not in STOPWORDS and not w.isdigit():
            return w[:1].upper() + w[1:].lower()
    return ""


def _title_part(rec: Record) -> str:
    title = rec.title or rec.container_title
    if not title:
        return ""
    if title.isascii():
        return _first_word(title)
    for is_cjk, piece in split_cjk_runs(title):
        if is_cjk:
            return to_pinyin(piece[:2]).capitalize()
        word = _first_word(piece)
        if word:
            return word
    return ""


def key_base(rec: Record) -> str:
    """The key before it is made unique."""
    fam = _family_part(rec)
    year = str(rec.year) if rec.year else ""
    word = _title_part(rec)
    base = _NOT_KEY_CHAR_RE.sub("", f"{fam}{year}{word}")
    return base or "ref"


def unique_key(base: str, taken: Container[str]) -> str:
    """*base*, or base + 'a', 'b', … 'z', 'aa', … whichever is free."""
    if base not in taken:
        return base
    n = 0
    while True:
        suffix = ""
        k = n
        while True:
            suffix = chr(ord("a") + k % 26) + suffix
            k = k // 26 - 1
            if k < 0:
                break
        if base + suffix not in taken:
            return base + suffix
        n += 1


def is_complete(rec: Record) -> bool:
    """True if *rec*'s key can have its author and its year: a key made before
    that ('ref' for a new empty record, 'Deep' for one with only a title) is
    provisional and is made again as the fields are filled in."""
    return bool(_family_part(rec) and rec.year)


def generate_key(rec: Record, taken: Container[str]) -> str:
    return unique_key(key_base(rec), taken)
