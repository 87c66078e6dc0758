"""Citation keys: family name + year + first title word, unique with a/b/c suffixes.

CJK authors and titles are spelled in pinyin, so every record gets a readable
ASCII key (王小明 2021 数字人文… -> ``Wang2021Shuzi``), never an empty one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container

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
    name = c.family or c.literal
    if has_cjk(name):
        if not c.family and c.literal:  # a whole CJK name: the family is its start
            name = split_chinese_name(c.literal)[0]
        return to_pinyin(name).capitalize()
    if not c.family and c.literal:  # an institution: its first significant word
        words = [w for w in re.findall(r"\w+", ascii_fold(name)) if w.lower() not in STOPWORDS]
        return words[0].capitalize() if words else ""
    # the last word of the family name ('van der Berg' -> 'Berg')
    words = re.findall(r"[A-Za-z0-9]+", ascii_fold(name))
    return words[-1][:1].upper() + words[-1][1:] if words else ""


def _title_part(rec: Record) -> str:
    title = rec.title or rec.container_title
    if not title:
        return ""
    for is_cjk, piece in split_cjk_runs(title):
        if is_cjk:
            return to_pinyin(piece[:2]).capitalize()
        for w in re.findall(r"[^\W_]+", ascii_fold(piece)):
            if w.lower() not in STOPWORDS and not w.isdigit():
                return w[:1].upper() + w[1:].lower()
    return ""


def key_base(rec: Record) -> str:
    """The key before it is made unique."""
    fam = _family_part(rec)
    year = str(rec.year) if rec.year else ""
    word = _title_part(rec)
    base = re.sub(r"[^A-Za-z0-9]", "", f"{fam}{year}{word}")
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


def generate_key(rec: Record, taken: Container[str]) -> str:
    return unique_key(key_base(rec), taken)
