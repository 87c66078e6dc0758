"""LaTeX <-> Unicode for BibTeX values.

:func:`decode` turns the LaTeX found in BibTeX field values into plain Unicode
text for display and search: accents (``{\\"u}``, ``\\'{e}``, ``\\c{c}``),
special letters (``\\ss``, ``\\o``, ``\\aa``, ``\\l``), escaped characters
(``\\&``, ``\\%``), dashes (``--``, ``---``), ties (``~``), text-formatting
commands (``\\emph``, ``\\textbf``) and case-protection braces. Simple math
(Greek letters, digit super/subscripts) becomes Unicode; any other math is
kept as it was written, ``$`` signs included. Unknown commands are kept.

:func:`encode` does the reverse for BibTeX export: it escapes the characters
BibTeX treats specially and, with ``ascii=True``, writes non-ASCII letters as
LaTeX escapes.

Both are pure functions of strings. :func:`decode` returns its input unchanged
(without any work) unless it holds a backslash, a brace, ``~``, ``$`` or ``--``.
"""

from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger(__name__)

# accent command -> combining character
_ACCENTS: dict[str, str] = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    "u": "\u0306", ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b",
    "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328", "b": "\u0331",
}
# what an accent on nothing (``\\~{}``) prints
_BARE_ACCENT: dict[str, str] = {
    "`": "`", "'": "\u00b4", "^": "^", "~": "~", "=": "\u00af", "u": "\u02d8",
    ".": "\u02d9", '"': "\u00a8", "r": "\u02da", "H": "\u02dd", "v": "\u02c7",
    "c": "\u00b8", "k": "\u02db", "d": "", "b": "",
}

# control words that stand for a character or a word
_SYMBOLS: dict[str, str] = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "copyright": "©", "textcopyright": "©", "textregistered": "®",
    "texttrademark": "™", "dag": "†", "ddag": "‡", "textdagger": "†",
    "textdaggerdbl": "‡", "S": "§", "P": "¶", "textsection": "§", "textparagraph": "¶",
    "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textyen": "¥",
    "textcent": "¢", "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
    "textquoteright": "’", "textquotesingle": "'", "textquotedblleft": "“",
    "textquotedblright": "”", "textquotedbl": '"', "quotedblbase": "„",
    "quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»",
    "guilsinglleft": "‹", "guilsinglright": "›", "flqq": "«", "frqq": "»",
    "ldots": "…", "dots": "…", "textellipsis": "…", "cdots": "⋯",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$",
    "textdegree": "°", "textmu": "µ", "textperiodcentered": "·", "textbullet": "•",
    "textexclamdown": "¡", "textquestiondown": "¿", "textonehalf": "½",
    "textonequarter": "¼", "textthreequarters": "¾", "texttimes": "×", "textdiv": "÷",
    "textpm": "±", "textordfeminine": "ª", "textordmasculine": "º", "textnumero": "№",
    "textasteriskcentered": "*", "textvisiblespace": "␣", "textminus": "−",
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "TeX": "TeX", "BibTeX": "BibTeX",
    "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX",
    "AmS": "AmS", "AMS": "AMS", "ConTeXt": "ConTeXt", "METAFONT": "METAFONT",
    "MF": "METAFONT", "MP": "MetaPost", "eTeX": "eTeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "BibLaTeX": "BibLaTeX",
    "par": " ", "newline": " ", "linebreak": " ", "quad": " ", "qquad": " ",
    "space": " ", "enspace": " ", "thinspace": " ", "nobreakspace": "\u00a0",
    "slash": "/", "hyphen": "-", "hyp": "-", "nbhyphen": "\u2011", "textnbhyphen": "\u2011",
    "relax": "", "protect": "", "nolinkurl": "", "hspace": "",
    "vspace": "", "allowbreak": "", "break": "", "noindent": "", "ignorespaces": "",
    "unskip": "",
    # Greek and a few common math symbols, also seen outside math mode
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "equiv": "≡", "infty": "∞", "rightarrow": "→", "to": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "uparrow": "↑",
    "downarrow": "↓", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏",
    "int": "∫", "sqrt": "√", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀", "exists": "∃",
    "neg": "¬", "wedge": "∧", "vee": "∨", "oplus": "⊕", "otimes": "⊗", "circ": "∘",
    "bullet": "•", "star": "⋆", "ast": "∗", "prime": "′", "hbar": "ℏ", "ell": "ℓ",
    "aleph": "ℵ", "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}",
    "backslash": "\\", "vert": "|", "mid": "|", "ll": "≪", "gg": "≫", "propto": "∝",
    "perp": "⊥", "parallel": "∥", "angle": "∠", "degree": "°", "deg": "deg",
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan",
    "max": "max", "min": "min", "lim": "lim",
}

# commands whose argument is shown as plain text (the command itself vanishes)
_TEXT_COMMANDS = frozenset((
    "emph", "textit", "textbf", "textsc", "textrm", "textsf", "texttt", "textsl",
    "textup", "textmd", "textnormal", "mathrm", "mathit", "mathbf", "mathsf", "mathtt",
    "mathcal", "mathbb", "boldsymbol", "text", "mbox", "hbox", "fbox", "underline",
    "uline", "textsuperscript", "textsubscript", "enquote", "url", "path", "uppercase",
    "lowercase", "MakeUppercase", "MakeLowercase", "ensuremath", "textenglish",
    "foreignlanguage", "NoCaseChange", "nocase", "em", "it", "bf", "sc", "rm", "sl", "sf",
    "tt", "itshape", "bfseries", "scshape", "upshape", "slshape", "mdseries",
    "normalfont", "rmfamily", "sffamily", "ttfamily", "small", "footnotesize",
    "scriptsize", "tiny", "large", "Large", "LARGE", "huge", "Huge", "normalsize",
    "selectfont", "displaystyle", "textstyle",
))
# commands whose single argument is dropped with them (sort-key tricks)
_DROP_WITH_ARG = frozenset(("noopsort", "noop", "sortnoop", "SortNoop", "nocite", "label",
                            "index", "hphantom", "vphantom", "phantom"))

_SUPERSCRIPTS = str.maketrans("0123456789+-=()niI", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᴵ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUP_CHARS = frozenset("0123456789+-=()niI")
_SUB_CHARS = frozenset("0123456789+-=()aeoxhklmnpst")

# A backslash, brace, tie or dollar, or "--", "``", "''". Written to start with one
# character class (then a look back at it), so that re scans for it fast: the plain
# alternation "[...]|--|``|''" tries every branch at every character (4x slower on
# an abstract).
_NEEDS_DECODE = re.compile(r"[-\\{}~$`'](?:(?<=[\\{}~$])|(?<=-)-|(?<=`)`|(?<=')')")
NEEDS_DECODE_RE = _NEEDS_DECODE  # what needs_decode() looks for
_ARG = r"(?:\\[ij](?![a-zA-Z])|[^\W\d_])"
# Both patterns start with a look-ahead for their first character: Python's re
# tries every alternative at every position otherwise (4x slower on long text).
_ACC_RE = re.compile(
    r"(?=\\)(?:(?P<bs>\\\\)|(?P<acc>\\[`'^\"~=.])\s*(?:\{\s*(?P<a1>" + _ARG + r")\s*\}|(?P<a2>" + _ARG + r"))"
    r"|(?P<lacc>\\[uvHckbdr])(?:\s*\{\s*(?P<a3>" + _ARG + r")\s*\}|\s+(?P<a4>[a-zA-Z])))")
_TOKEN = re.compile(
    r"(?=[\\${}~-])(?:(?P<acc>\\[`'^\"~=.])\s*(?:\{\s*(?P<a1>" + _ARG + r")?\s*\}|(?P<a2>" + _ARG + r"))"
    r"|(?P<lacc>\\[uvHckbdr])(?:\s*\{\s*(?P<a3>" + _ARG + r")?\s*\}|\s+(?P<a4>[a-zA-Z]))"
    r"|\\(?P<href>href)\s*\{[^{}]*\}"
    r"|\\(?P<drop>noopsort|noop|sortnoop|SortNoop|nocite|label|index|[hv]?phantom)\s*\{[^{}]*\}"
    r"|\\(?P<word>[a-zA-Z]+)\*?(?P<after>\{\}|[ \t\r\n]*)"
    r"|\\(?P<sym>[^a-zA-Z])"
    r"|(?P<math>\$\$?)(?P<mbody>(?:[^$\\]|\\.)+?)\$\$?"
    r"|(?P<dash>---?)"
    r"|(?P<tie>~)"
    r"|(?P<brace>[{}]))",
    re.S,
)
_SYM: dict[str, str] = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\ue000", "}": "\ue001",
    " ": " ", "\t": " ", "\n": " ", "\r": " ", ",": "\u2009", ";": " ", ":": " ", "!": "",
    "-": "", "/": "", "@": "", "\\": " ", "|": "‖", ">": " ",
}
_WS = re.compile(r"[ \t\r\n\f\v]+")
WS_RE = _WS  # the blanks decode() folds into one space (then it strips the ends)
_MATH_TOKEN = re.compile(
    r"\\(?P<word>[a-zA-Z]+)|(?P<script>[\^_])\s*(?:\{(?P<sarg>(?:[^{}]|\{[^{}]*\})*)\}|(?P<schar>\\[a-zA-Z]+|.))"
    r"|\\(?P<sym>[^a-zA-Z])|(?P<brace>[{}])", re.S)


# in math, only these commands are "simple" text wrappers; structures are kept as written
_MATH_TEXT = frozenset(("textrm", "mathrm", "text", "mathit", "mathbf", "mathsf", "mathtt",
                        "textit", "textbf", "rm", "it", "bf", "mbox", "boldsymbol"))
_MATH_STRUCTURE = frozenset(("sqrt", "sum", "prod", "int", "lim", "log", "ln", "exp", "sin",
                             "cos", "tan", "max", "min", "deg"))


def needs_decode(value: str) -> bool:
    """True if *value* holds anything :func:`decode` would change."""
    return _NEEDS_DECODE.search(value) is not None


def decode(value: str) -> str:
    """Plain Unicode text for a BibTeX/LaTeX *value* (for display and search)."""
    if not value or _NEEDS_DECODE.search(value) is None:
        return value
    text = value
    if "\\" in text:
        for _ in range(3):  # nested accents (\\^{\\d{e}}) resolve inside out
            text, n = _ACC_RE.subn(_replace, text)
            if not n or "\\" not in text:
                break
    if "\\" in text or "$" in text or "~" in text:
        text = _TOKEN.sub(_replace, text)
    else:  # only dashes and braces are left for _TOKEN to find, and they do not overlap
        if "--" in text:
            text = text.replace("---", "\u2014").replace("--", "\u2013")
        if "{" in text or "}" in text:
            text = text.replace("{", "").replace("}", "")
    if "``" in text or "''" in text:  # TeX's quote ligatures
        text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = text.replace("\ue000", "{").replace("\ue001", "}")
    if "\ue002" in text:
        text = text.replace("\ue002", "$")
    text = _WS.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def _accent(cmd: str, arg: str | None) -> str:
    if arg is None:
        return _BARE_ACCENT.get(cmd, "")
    if arg in ("\\i", "\\j"):
        arg = arg[1]
    return unicodedata.normalize("NFC", arg + _ACCENTS[cmd])


def _replace(m: re.Match[str]) -> str:
    kind = m.lastgroup
    g = m.group
    if kind == "bs":
        return "\\\\"
    if g("acc") is not None:
        arg = g("a1") if g("a1") is not None else g("a2")
        return _accent(g("acc")[1], arg)
    if g("lacc") is not None:
        arg = g("a3") if g("a3") is not None else g("a4")
        return _accent(g("lacc")[1], arg)
    if g("href") is not None:
        return ""
    if g("drop") is not None:
        return ""
    word = g("word")
    if word is not None:
        if word in _SYMBOLS:
            sym_text = _SYMBOLS[word]
            after = g("after")
            if len(sym_text) > 1 and sym_text.isalpha() and after and after != "{}":
                return sym_text + " "  # \\LaTeX is -> "LaTeX is"
            return sym_text
        if word in _TEXT_COMMANDS:
            return ""
        if word in _DROP_WITH_ARG:
            return ""
        # unknown command: its argument is shown; without one it is kept
        after = g("after")
        end = m.end()
        if after == "{}" or (end < len(m.string) and m.string[end] == "{"):
            return ""
        return "\\" + word + (" " if after and after != "{}" else after)
    sym = g("sym")
    if sym is not None:
        if sym in _SYM:
            return _SYM[sym]
        return _BARE_ACCENT.get(sym, "\\" + sym)
    if g("math") is not None:
        return _math(m.group(0), g("mbody"))
    if g("dash") is not None:
        return "—" if len(g("dash")) == 3 else "–"
    if g("tie") is not None:
        return "\u00a0"
    if kind == "brace":
        return ""
    return m.group(0)


def _math(whole: str, body: str) -> str:
    """Unicode for simple math; the math as written (``$`` kept) if it is not simple."""
    failed = False

    def sub(m: re.Match[str]) -> str:
        nonlocal failed
        if m.group("word") is not None:
            w = m.group("word")
            if w in _SYMBOLS and w not in _MATH_STRUCTURE:
                return _SYMBOLS[w]
            if w in _MATH_TEXT:
                return ""
            failed = True
            return m.group(0)
        if m.group("script") is not None:
            arg = m.group("sarg") if m.group("sarg") is not None else m.group("schar")
            arg = _MATH_TOKEN.sub(sub, arg) if "\\" in arg or "{" in arg else arg
            chars = _SUP_CHARS if m.group("script") == "^" else _SUB_CHARS
            table = _SUPERSCRIPTS if m.group("script") == "^" else _SUBSCRIPTS
            if arg and all(c in chars for c in arg):
                return arg.translate(table)
            return arg
        if m.group("sym") is not None:
            s = m.group("sym")
            if s in "&%$#_{}":
                return s
            if s in ",;:! ":
                return " " if s != "!" else ""
            failed = True
            return m.group(0)
        return ""

    if "[" in body or "&" in body.replace("\\&", ""):
        failed = True
    out = _MATH_TOKEN.sub(sub, body)
    if failed:
        # keep the math exactly; protect its '$' from the final clean-up
        return whole.replace("$", "\ue002").replace("{", "\ue000").replace("}", "\ue001")
    return out


# ------------------------------------------------------------------ encoding
_ESCAPE = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%",
           "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
           "^": "\\textasciicircum{}", "\u00a0": "~"}
_ESCAPE_RE = re.compile(r"[\\{}&%$#_~^\u00a0]")
_COMBINING_TO_CMD = {v: k for k, v in _ACCENTS.items()}
_REVERSE_SYMBOLS: dict[str, str] = {}
for _k, _v in _SYMBOLS.items():
    if len(_v) == 1 and ord(_v) > 127 and _v not in _REVERSE_SYMBOLS:
        _REVERSE_SYMBOLS[_v] = _k
_GREEK_AND_MATH = set("αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ≤≥≠≈∼≃≡∞→←⇒⇐↔↑↓∂∇∑∏∫√∈∉⊂⊆∪∩∅∀∃¬∧∨⊕⊗∘⋆∗′ℏℓℵ⟨⟩≪≫∝⊥∥∠∓")
_EXTRA_ASCII = {"–": "--", "—": "---", "‘": "\\textquoteleft{}", "’": "\\textquoteright{}",
                "“": "\\textquotedblleft{}", "”": "\\textquotedblright{}",
                "\u2009": "\\,", "\u00b7": "\\textperiodcentered{}", "×": "\\texttimes{}",
                "±": "\\textpm{}", "µ": "\\textmu{}", "°": "\\textdegree{}", "ı": "\\i{}",
                "…": "\\ldots{}", "−": "\\textminus{}"}


def encode(text: str, ascii: bool = False) -> str:
    """BibTeX field text for Unicode *text*: special characters escaped.

    With *ascii*, letters with accents become ``{\\'e}``-style escapes and other
    known characters LaTeX commands. Characters with no LaTeX form (CJK, for
    example) are kept as they are.
    """
    if not text:
        return text
    out = _ESCAPE_RE.sub(lambda m: _ESCAPE[m.group(0)], text)
    if not ascii or out.isascii():
        return out
    return "".join(_ascii_char(ch) if ord(ch) > 127 else ch
                   for ch in unicodedata.normalize("NFC", out))


def _ascii_char(ch: str) -> str:
    if ch in _EXTRA_ASCII:
        return _EXTRA_ASCII[ch]
    if ch in _GREEK_AND_MATH and ch in _REVERSE_SYMBOLS:
        return "$\\" + _REVERSE_SYMBOLS[ch] + "$"
    if ch in _REVERSE_SYMBOLS:
        name = _REVERSE_SYMBOLS[ch]
        return "{\\" + name + "}"
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) >= 2 and decomposed[0].isascii():
        base = decomposed[0]
        if base == "i" and decomposed[1] != "\u0327":
            base = "\\i"
        elif base == "j":
            base = "\\j"
        result = base
        for mark in decomposed[1:]:
            cmd = _COMBINING_TO_CMD.get(mark)
            if cmd is None:
                return ch
            if cmd.isalpha():
                result = "\\" + cmd + "{" + result + "}"
            else:
                result = "\\" + cmd + ("{" + result + "}" if result.startswith("\\") else result)
        return "{" + result + "}"
    return ch


def to_ascii(text: str) -> str:
    """*text* (already LaTeX) with its non-ASCII characters written as LaTeX escapes."""
    if not text or text.isascii():
        return text
    return "".join(_ascii_char(ch) if ord(ch) > 127 else ch
                   for ch in unicodedata.normalize("NFC", text))
