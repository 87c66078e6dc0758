"""CJK helpers: search tokens for FTS5, pinyin for keys and sort order.

SQLite's unicode61 tokenizer keeps a run of Han characters as one token, so
"人文" would not find "数字人文研究". Before text goes into the FTS index every
CJK run is rewritten as its overlapping bigrams plus the run's last character
("数字人文" -> "数字 字人 人文 文"); a query of two or more CJK characters
becomes the phrase of its bigrams, which matches exactly the records that hold
those characters consecutively. A single character matches as a prefix, since
every character of a run begins one of the run's tokens.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import operator
import os
import re
import unicodedata
from functools import lru_cache

from app.core.records import _CJK_RE, has_cjk

log = logging.getLogger(__name__)

_CJK_RUN = re.compile(f"(?:{_CJK_RE.pattern})+")


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(text: str | None) -> str:
    """*text* with each CJK run replaced by its bigram tokens, for the FTS index."""
    if not text:
        return ""
    if not has_cjk(text):
        return text
    return _CJK_RUN.sub(_bigram_tokens, text)


def _bigram_tokens(m: re.Match[str]) -> str:
    """' 数字 字人 人文 文 ' for the run '数字人文' (what _bigrams gives, spaced)."""
    run = m.group(0)
    if len(run) == 1:
        return f" {run} "
    return f" {' '.join(map(operator.add, run, run[1:]))} {run[-1]} "


def query_phrase(run: str) -> str:
    """The FTS5 phrase (without quotes) that matches the CJK run *run*."""
    if len(run) == 1:
        return run
    return " ".join(run[i:i + 2] for i in range(len(run) - 1))


def split_cjk_runs(text: str) -> list[tuple[bool, str]]:
    """Split *text* into (is_cjk, piece) parts."""
    parts: list[tuple[bool, str]] = []
    pos = 0
    for m in _CJK_RUN.finditer(text):
        if m.start() > pos:
            parts.append((False, text[pos:m.start()]))
        parts.append((True, m.group(0)))
        pos = m.end()
    if pos < len(text):
        parts.append((False, text[pos:]))
    return parts


# Two-character Chinese surnames, so that keys and sorting take the whole family name.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫 西门 "
    "万俟 闻人 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 呼延 赫连 拓跋".split()
)


_KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def cjk_language(text: str) -> str:
    """The language of CJK *text* by its script: ``ja`` with kana, ``ko`` with
    hangul, else ``zh``."""
    if _KANA_RE.search(text):
        return "ja"
    if _HANGUL_RE.search(text):
        return "ko"
    return "zh"


def split_chinese_name(name: str) -> tuple[str, str]:
    """('王', '小明') from '王小明'; compound surnames are kept together."""
    name = name.strip().replace(" ", "")
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


_READINGS: dict[int, str] | None = None


def _readings() -> dict[int, str]:
    """pypinyin's table of single-character readings (code point -> 'pīn,pìn'),
    read from its JSON file without importing pypinyin: the package loads its
    phrase dictionary on import (~0.3 s and 50 MB), which single characters never
    use. Empty if the file is not where pypinyin 0.4x-0.5x keeps it."""
    global _READINGS
    if _READINGS is None:
        table: dict[int, str] = {}
        try:
            spec = importlib.util.find_spec("pypinyin")
            locations = list(spec.submodule_search_locations or []) if spec else []
            if locations:
                with open(os.path.join(locations[0], "pinyin_dict.json"),
                          encoding="utf-8") as fh:
                    table = {int(k): v for k, v in json.load(fh).items()}
        except (OSError, ValueError, AttributeError) as exc:
            log.info("pypinyin's reading table not read (%s); using pypinyin itself", exc)
        _READINGS = table
    return _READINGS


@lru_cache(maxsize=None)
def _char_pinyin(ch: str) -> str:
    """The toneless pinyin of one character, as ``lazy_pinyin(ch, Style.NORMAL,
    errors='ignore')`` gives it: the first reading, tone marks dropped, ü as v."""
    table = _readings()
    if table:
        reading = table.get(ord(ch))
        if not reading:
            return ""
        text = unicodedata.normalize("NFKD", reading.split(",")[0])
        text = text.replace("u\u0308", "v").replace("U\u0308", "V")
        return "".join(c for c in text if not unicodedata.combining(c))
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return ""
    syl = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return syl[0] if syl else ""


@lru_cache(maxsize=65536)
def to_pinyin(text: str, capitalize: bool = False) -> str:
    """ASCII pinyin (no tones) of the CJK characters in *text*; other text is ASCII-folded.

    Characters are read one at a time (cached), which is fast enough for sort
    keys and search over 100,000 records; polyphones take their common reading.
    """
    out: list[str] = []
    for is_cjk, piece in split_cjk_runs(text):
        if is_cjk:
            syllables = [_char_pinyin(ch) for ch in piece]
            if capitalize:
                syllables = [s.capitalize() for s in syllables]
            out.append("".join(syllables))
        else:
            out.append(ascii_fold(piece))
    return "".join(out)


def ascii_fold(text: str) -> str:
    """Latin text without accents ('Müller' -> 'Muller'); non-Latin letters are dropped."""
    if text.isascii():
        return text
    special = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
               "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ı": "i"}
    text = "".join(special.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)
