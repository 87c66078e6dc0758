"""Pandoc's JSON AST (inlines of a citation or a bibliography entry) -> text.

Both flavours come from the same tree, so the plain text never carries
markup and the HTML differs from it only by tags and entities:

- plain: the text, with spaces collapsed;
- HTML: ``<i>``, ``<b>``, small caps as ``<span style="font-variant:small-caps">``,
  ``<sup>``, ``<sub>``, ``<u>``, links as ``<a href>``.
"""

from __future__ import annotations

import html
import re
from typing import Any

_WS = re.compile(r"[ \t\r\n]+")

_TAGS: dict[str, tuple[str, str]] = {
    "Emph": ("<i>", "</i>"),
    "Strong": ("<b>", "</b>"),
    "Underline": ("<u>", "</u>"),
    "Strikeout": ("<s>", "</s>"),
    "Superscript": ("<sup>", "</sup>"),
    "Subscript": ("<sub>", "</sub>"),
    "SmallCaps": ('<span style="font-variant:small-caps">', "</span>"),
}
_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def _blocks_inlines(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The inline runs of *blocks*, one per paragraph-like block."""
    runs: list[list[dict[str, Any]]] = []
    for b in blocks:
        t = b.get("t")
        if t in ("Para", "Plain"):
            runs.append(b["c"])
        elif t == "Div":
            runs.extend(_blocks_inlines(b["c"][1]))
        elif t in ("BlockQuote",):
            runs.extend(_blocks_inlines(b["c"]))
        elif t == "LineBlock":
            runs.extend(b["c"])
    return runs


def _walk(inlines: list[dict[str, Any]], out: list[str], as_html: bool) -> None:
    for node in inlines:
        t = node.get("t")
        c = node.get("c")
        if t == "Str":
            out.append(html.escape(c, quote=False) if as_html else c)
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("<br>" if as_html else " ")
        elif t in _TAGS:
            if as_html:
                out.append(_TAGS[t][0])
                _walk(c, out, as_html)
                out.append(_TAGS[t][1])
            else:
                _walk(c, out, as_html)
        elif t == "Span":
            attrs, content = c
            classes = attrs[1]
            _walk(content, out, as_html)
            if "csl-left-margin" in classes:
                out.append(" ")
            elif "csl-block" in classes or "csl-indent" in classes:
                out.append(" ")
        elif t == "Link":
            _attrs, content, (url, _title) = c
            if as_html and url:
                out.append(f'<a href="{html.escape(url, quote=True)}">')
                _walk(content, out, as_html)
                out.append("</a>")
            else:
                _walk(content, out, as_html)
        elif t == "Quoted":
            q_open, q_close = _QUOTES.get(c[0].get("t"), ("\u201c", "\u201d"))
            out.append(q_open)
            _walk(c[1], out, as_html)
            out.append(q_close)
        elif t == "Cite":
            _walk(c[1], out, as_html)
        elif t == "Note":
            for i, run in enumerate(_blocks_inlines(c)):
                if i:
                    out.append(" ")
                _walk(run, out, as_html)
        elif t in ("Code", "Math"):
            text = c[1]
            out.append(html.escape(text, quote=False) if as_html else text)
        elif t == "RawInline":
            fmt, text = c
            if as_html and fmt == "html":
                out.append(text)
        elif t == "Image":
            _walk(c[1], out, as_html)
        # anything else carries no text


def _tidy(text: str) -> str:
    return _WS.sub(" ", text).strip()


def inlines_to_text(inlines: list[dict[str, Any]]) -> str:
    """Plain text of *inlines*, whitespace collapsed."""
    out: list[str] = []
    _walk(inlines, out, False)
    return _tidy("".join(out))


def inlines_to_html(inlines: list[dict[str, Any]]) -> str:
    """An HTML fragment (inline markup only) for *inlines*."""
    out: list[str] = []
    _walk(inlines, out, True)
    return _tidy("".join(out))


def blocks_to_text(blocks: list[dict[str, Any]]) -> str:
    return " ".join(inlines_to_text(run) for run in _blocks_inlines(blocks)).strip()


def blocks_to_html(blocks: list[dict[str, Any]]) -> str:
    return " ".join(inlines_to_html(run) for run in _blocks_inlines(blocks)).strip()
