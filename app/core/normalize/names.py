"""Personal and corporate names: one name (:func:`parse_name`) or several (:func:`split_names`).

Conventions
-----------
* "Family, Given" and "Given Family" are both read. A lower-case particle
  before the family name ("Ludwig van Beethoven") stays with the family name.
* "Smith JA" (family first, then initials without dots, as PubMed writes it)
  gives family "Smith", given "J. A.".
* CJK personal names are kept whole: ``Creator(literal="王小明")``, with any
  spaces inside removed. Only a CJK name written with a comma ("王, 小明")
  is split into family and given (and still displays with no space).
* Corporate names (braced ``{Barnes and Noble, Inc.}``, or names holding
  words such as "University", "Institute", "Inc.", "研究所") are literals.
* Affiliation markers are not part of a name: superscript digits, trailing
  footnote digits, "*", "†", "‡" and e-mail addresses are stripped.
"""

from __future__ import annotations

import logging
import re

from app.core.records import Creator, has_cjk

log = logging.getLogger(__name__)

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵃᵇᶜᵈᵉᶠ"
_MARKERS_RE = re.compile(r"[\*\u2020\u2021\u00a7\u00b6#" + _SUPERSCRIPTS + r"]+")
_TRAILING_FOOTNOTE_RE = re.compile(r"(?<=[^\d\s,])\s*\d+(?:\s*[,，]\s*\d+)*\s*$")
_EMAIL_RE = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
              "la", "le", "ter", "ten", "zu", "af", "av", "al", "el", "bin", "ibn", "st."}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"}

# Words that mark an institution someone is affiliated with.
_AFFIL_WORDS_RE = re.compile(
    r"\b(?:universit\w*|univ\.|universidad\w*|universit\u00e4t|institut\w*|department|dept\.?|"
    r"laborator\w*|hospital|college|school|faculty|cent(?:er|re)|clinic|academy|division)\b",
    re.IGNORECASE,
)
# Words that mark an organisation (a corporate author) rather than a person.
_ORG_WORDS_RE = re.compile(
    r"\b(?:company|corporation|corp\.|inc\.?|ltd\.?|llc|gmbh|"
    r"association|society|ministry|agency|council|committee|organi[sz]ation|foundation|"
    r"group|consortium|office|bureau|team|network|press|publish\w*|"
    r"library|museum|government|board|commission|federation|union|trust|service|"
    r"collaborat\w*|investigators|task force|working party|alliance|initiative|"
    r"administration|authority|secretariat|parliament|programme)(?!\w)",
    re.IGNORECASE,
)
_CJK_ORG_RE = re.compile(
    "(?:大学|学院|研究所|研究院|研究中心|医院|公司|中心|实验室|委员会|协会|学会|出版社|"
    "编辑部|局|部|厅|所|校|院|集团|小组|课题组|办公室|基金会)$|(?:大学|学院|研究所|研究院|医院|公司)"
)


def _strip_markers(text: str) -> str:
    if "@" in text:
        text = _EMAIL_RE.sub("", text)
    text = _MARKERS_RE.sub("", text)
    text = _TRAILING_FOOTNOTE_RE.sub("", text)
    text = re.sub(r"^\s*\d+\s+(?=\D)", "", text)  # a leading footnote number
    return re.sub(r"\s+", " ", text).strip(" \t,;")


def looks_like_organization(text: str) -> bool:
    """True if *text* names a body (university, company, 研究所 …), not a person."""
    t = text.strip()
    if not t:
        return False
    if has_cjk(t):
        return len(t) > 4 and _CJK_ORG_RE.search(t) is not None
    return _ORG_WORDS_RE.search(t) is not None or _AFFIL_WORDS_RE.search(t) is not None


def looks_like_affiliation(text: str) -> bool:
    """True if *text* is an address or affiliation line rather than a name.

    Institutions (university, department, 大学, 研究所 …) count, and so do
    strings with postcodes, e-mail addresses or many words. Corporate authors
    ("World Health Organization") do not.
    """
    t = text.strip()
    if not t:
        return False
    if ("@" in t and _EMAIL_RE.search(t)) or _AFFIL_WORDS_RE.search(t):
        return True
    if has_cjk(t) and len(t) > 4 and re.search(
            "大学|学院|研究所|研究院|医院|实验室|研究中心|系$|科$", t):
        return True
    # a postcode; but not the year in a corporate author ("GBD 2019 Collaborators")
    if re.search(r"\d{4,}", t) and not _ORG_WORDS_RE.search(t):
        return True
    return not has_cjk(t) and len(t.split()) > 6


def _is_initials(token: str) -> bool:
    return re.fullmatch(r"[A-Z]{1,3}", token) is not None


def _spaced_initials(token: str) -> str:
    return " ".join(f"{ch}." for ch in token)


def parse_name(text: str, role: str = "author") -> Creator:
    """One name as a :class:`Creator`; see the module docstring for the rules.

    An empty or blank *text* gives an empty ``Creator``.
    """
    raw = (text or "").strip()
    if raw.startswith("{") and raw.endswith("}") and raw.count("{") == 1:
        return Creator(literal=raw[1:-1].strip(), role=role)
    t = _strip_markers(raw)
    if not t:
        return Creator(role=role)
    if has_cjk(t):
        parts = [p.strip() for p in re.split(r"[,，]", t) if p.strip()]
        if len(parts) == 2 and not looks_like_organization(t):
            return Creator(family=parts[0].replace(" ", ""), given=parts[1].replace(" ", ""),
                           role=role)
        if re.fullmatch(r"[^\x00-\x7f]+(?:\s+[^\x00-\x7f]+)*", t):
            t = t.replace(" ", "")
        return Creator(literal=t, role=role)
    if looks_like_organization(t):
        return Creator(literal=t, role=role)
    if "," in t:
        parts = [p.strip() for p in t.split(",")]
        parts = [p for p in parts if p]
        if not parts:
            return Creator(role=role)
        family = parts[0]
        rest = parts[1:]
        if len(rest) >= 2 and rest[0].lower() in _SUFFIXES:
            # BibTeX "von Last, Jr, First"
            return Creator(family=family, given=", ".join(rest[1:] + rest[:1]), role=role)
        return Creator(family=family, given=", ".join(rest), role=role)
    words = t.split()
    if len(words) == 1:
        return Creator(family=words[0], role=role)
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(",") in _SUFFIXES:
        suffix = words.pop().rstrip(",")
    if len(words) >= 2 and _is_initials(words[-1]) and not _is_initials(words[0]) \
            and not words[0].endswith("."):
        # "Smith JA" / "van der Berg AB"
        given = _spaced_initials(words[-1])
        if suffix:
            given += f", {suffix}"
        return Creator(family=" ".join(words[:-1]), given=given, role=role)
    # "Given [particles] Family"
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    family = " ".join(words[i:])
    given = " ".join(words[:i])
    if suffix:
        given += f", {suffix}"
    return Creator(family=family, given=given, role=role)


# Applied after horizontal whitespace is collapsed to single spaces, so that no
# pattern meets a long run of blanks (which would make them quadratic).
_PRIMARY_SEP_RE = re.compile(r" ?(?:;|；|、|，|\n) ?")
_AND_SEP_RE = re.compile(r" ?,? and |,? ?& ?", re.IGNORECASE)
_ET_AL_RE = re.compile(r"[,;]? ?(?:et al\.?|等)$", re.IGNORECASE)
_HSPACE_RE = re.compile(r"[^\S\n]+")


def _words(token: str) -> int:
    return len(token.split())


def _looks_given(token: str) -> bool:
    """A token after 'Family,' that holds given names or initials."""
    if not token:
        return False
    if re.fullmatch(r"(?:[A-Z]\.?[\s-]*){1,4}", token):
        return True
    ws = token.split()
    return len(ws) <= 3 and all(w[:1].isupper() or w[:1] in "(-" for w in ws)


def _split_commas(chunk: str) -> list[str]:
    """Split a comma list into names, pairing 'Family, Given' parts."""
    parts = [p.strip() for p in chunk.split(",") if p.strip()]
    if len(parts) <= 1:
        return parts
    if all(has_cjk(p) for p in parts):
        if all(len(p.replace(" ", "")) >= 2 for p in parts):
            return parts
    elif all(_words(p) >= 2 for p in parts) and not any(
            parts[i][:1].islower() for i in range(0, len(parts), 2)):
        # "John Smith, Jane Doe" (each part a whole name); "Smith J, Doe K" too
        if len(parts) == 2 and _looks_given(parts[1]) and not _is_initials(parts[0].split()[-1]) \
                and _words(parts[1]) == 1:
            return [chunk]
        if len(parts) == 2 and not _is_initials(parts[0].split()[-1]) and \
                not _is_initials(parts[1].split()[-1]) and \
                parts[0].split()[0].lower() in _PARTICLES:
            return [chunk]
        return parts
    if len(parts) % 2 == 0 and all(_looks_given(parts[i]) for i in range(1, len(parts), 2)):
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    if len(parts) == 2:
        return [chunk]
    return parts


def split_names(text: str, role: str = "author") -> list[Creator]:
    """Several names packed into one field, as a list of :class:`Creator`.

    Separators: ";", "；", "、", "，", newlines, " and " / "&", and ", "
    between names ("Smith, J., Doe, K." is two names, "Radchenko, S." one).
    Affiliations (addresses, institutions) and empty parts are dropped.
    """
    if not text or not text.strip():
        return []
    out: list[Creator] = []
    text = _HSPACE_RE.sub(" ", text.replace("\r", "\n")).strip()
    text = _ET_AL_RE.sub("", text).strip()
    for chunk in _PRIMARY_SEP_RE.split(text):
        if not chunk:
            continue
        if not chunk.startswith("{") and looks_like_affiliation(chunk) and (
                "," not in chunk or _AFFIL_WORDS_RE.search(chunk) or _EMAIL_RE.search(chunk)):
            log.debug("dropped affiliation %r", chunk)
            continue
        if (chunk.startswith("{") and chunk.endswith("}")
                or "," not in chunk and looks_like_organization(chunk)):
            pieces = [chunk]  # "… Diseases and Injuries Collaborators" is one name
        else:
            pieces = []
            for sub in _AND_SEP_RE.split(chunk):
                pieces += _split_commas(sub) if sub else []
        for piece in pieces:
            cleaned = _strip_markers(piece)
            if not cleaned or looks_like_affiliation(cleaned) and not piece.startswith("{"):
                if cleaned:
                    log.debug("dropped affiliation-like name part %r", cleaned)
                continue
            c = parse_name(piece, role)
            if c.family or c.literal:
                out.append(c)
    return out
