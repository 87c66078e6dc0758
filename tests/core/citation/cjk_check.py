"""The CJK name rule, as a check usable on any formatted entry.

CJK personal names print whole, family name first, with no space, no
initials and no stray punctuation between the parts of the name.
"""

from __future__ import annotations

import re

from app.core.records import Creator, Record


def whole_name(c: Creator) -> str:
    return c.literal or f"{c.family}{c.given}"


def name_problems(c: Creator, text: str) -> list[str]:
    """What is wrong with how *text* writes the CJK name *c* (empty if nothing)."""
    problems: list[str] = []
    fam, giv = c.family, c.given
    if c.literal or not (fam and giv):
        return problems
    for bad in (f"{fam}, {giv}", f"{fam} {giv}", f"{giv} {fam}", f"{giv}{fam}",
                f"{fam}.{giv}", f"{fam}, {giv[0]}.", f"{giv[0]}. {fam}", f"{fam} {giv[0]}",
                f". {giv} .", f"{giv} ."):
        if bad in text:
            problems.append(f"{bad!r} in {text!r}")
    # an initial: the given name's first character followed by a period, not inside a name
    if re.search(rf"(?<!\w){re.escape(giv[0])}\.", text):
        problems.append(f"initial {giv[0]}. in {text!r}")
    if re.search(rf"{re.escape(fam + giv)}\.,", text):
        problems.append(f"stray period after {fam + giv} in {text!r}")
    return problems


def check_entry(rec: Record, entry: str) -> list[str]:
    """Problems of *entry* (a bibliography entry for *rec*) with the CJK name rule.

    The first creator of the record must appear whole (every style prints the
    first author); no CJK creator may be split, initialised or punctuated.
    """
    problems: list[str] = []
    cjk = [c for c in rec.creators if c.is_cjk]
    if not cjk:
        return problems
    first = rec.first_creator
    if first is not None and first.is_cjk and whole_name(first) not in entry:
        problems.append(f"first creator {whole_name(first)!r} not whole in {entry!r}")
    for c in cjk:
        problems += name_problems(c, entry)
    return problems
