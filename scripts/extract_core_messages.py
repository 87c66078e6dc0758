#!/usr/bin/env python3
"""Collect the core's user-facing messages so Qt's lupdate can see them.

The core (``app/core``) never imports Qt, so its messages cannot be wrapped in
``tr()``. This script reads ``app/core`` with :mod:`ast` and collects:

* the template (first argument, or ``template=``/``reason=``) of every call to
  :class:`~app.core.errors.UserError` and its subclasses (``FormatError``,
  ``LibraryError`` ...), including subclasses defined anywhere in the core;
* the reason (third argument, or ``reason=``) of every ``Failure(...)``;
* the undo labels of library operations (``label = "..."``, ``label="..."``
  arguments and ``label`` parameter defaults).

It writes ``app/gui/core_messages.py``: one ``QT_TRANSLATE_NOOP("core", ...)``
per message, which ``pyside6-lupdate`` extracts into the "core" context.

A message built with an f-string has no fixed text. Such a message is turned
into a template with numbered fields (``f"item {i + 1}: {exc}"`` becomes
``"item {0}: {1}"``) plus a regular expression that recognises the finished
text, so the GUI can still translate it (see ``app.gui.i18n``). They are listed
with ``--report`` so they can be turned into templates with named parameters in
the core later.

Usage::

    .venv/bin/python scripts/extract_core_messages.py            # write the module
    .venv/bin/python scripts/extract_core_messages.py --check    # exit 1 if stale
    .venv/bin/python scripts/extract_core_messages.py --report   # list f-strings
"""

from __future__ import annotations

import argparse
import ast
import re
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "app" / "core"
OUTPUT = ROOT / "app" / "gui" / "core_messages.py"

BASE_ERRORS = {"UserError", "FormatError"}  # app/core/errors.py
FAILURE = "Failure"


@dataclass
class Found:
    """What the scan found: fixed templates and f-string patterns, with where."""

    templates: dict[str, list[str]] = field(default_factory=dict)
    # template -> (regex, [places])
    patterns: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    # places where the text is neither a literal nor an f-string (a variable)
    dynamic: list[str] = field(default_factory=list)
    # function name -> (position, name) of parameters that carry a message
    forwarded: dict[str, set[tuple[int | None, str]]] = field(default_factory=dict)


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """UserError and every class in the core deriving from it (by name)."""
    names = set(BASE_ERRORS)
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    if any(_name(b) in names for b in node.bases):
                        names.add(node.name)
                        changed = True
    return names


def _constant(node: ast.expr) -> str | None:
    """The text of a string literal (or a + of literals); None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _constant(node.left), _constant(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def fstring_template(node: ast.JoinedStr) -> tuple[str, str]:
    """(template with {0}, {1}..., anchored regex matching the finished text)."""
    template: list[str] = []
    regex: list[str] = []
    n = 0
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            template.append(part.value.replace("{", "{{").replace("}", "}}"))
            regex.append(re.escape(part.value))
        else:
            template.append("{%d}" % n)
            regex.append("(.*?)")
            n += 1
    return "".join(template), "^" + "".join(regex) + "$"


def format_regex(template: str) -> str | None:
    """Anchored regex matching ``template.format(name=...)`` with named groups; None
    if the template has positional or formatted fields."""
    out: list[str] = []
    seen: set[str] = set()
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, field_name, spec, conversion in parts:
        out.append(re.escape(literal))
        if field_name is None:
            continue
        if not field_name.isidentifier() or spec or conversion:
            return None
        out.append(f"(?P={field_name})" if field_name in seen else f"(?P<{field_name}>.*?)")
        seen.add(field_name)
    return "^" + "".join(out) + "$"


def _text_arg(call: ast.Call, position: int, keywords: tuple[str, ...]) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in keywords:
            return kw.value
    if len(call.args) > position and not any(isinstance(a, ast.Starred)
                                             for a in call.args[:position + 1]):
        return call.args[position]
    return None


def _add(found: Found, node: ast.expr | None, where: str,
         fn: ast.FunctionDef | ast.AsyncFunctionDef | None = None) -> None:
    if node is None:
        return
    if isinstance(node, ast.IfExp):
        _add(found, node.body, where, fn)
        _add(found, node.orelse, where, fn)
        return
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and _constant(node.func.value) is not None):
        # "... {title} ...".format(title=...): the finished text is matched back
        template = _constant(node.func.value) or ""
        regex = format_regex(template)
        if regex is not None:
            found.patterns.setdefault(template, (regex, []))[1].append(where)
            return
    if isinstance(node, ast.Name) and fn is not None:
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        kwonly = [a.arg for a in fn.args.kwonlyargs]
        if node.id in params or node.id in kwonly:
            # a parameter: the messages are what the callers pass (second pass)
            index = params.index(node.id) if node.id in params else None
            found.forwarded.setdefault(fn.name, set()).add((index, node.id))
            return
    text = _constant(node)
    if text is not None:
        if text.strip():
            found.templates.setdefault(text, []).append(where)
        return
    if isinstance(node, ast.JoinedStr):
        template, regex = fstring_template(node)
        entry = found.patterns.setdefault(template, (regex, []))
        entry[1].append(where)
        return
    found.dynamic.append(f"{where}: {ast.unparse(node)[:70]}")


def scan(core: Path = CORE) -> Found:
    """Scan every module under *core*."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p))
             for p in sorted(core.rglob("*.py"))}
    errors = error_classes(trees)
    found = Found()
    for path, tree in trees.items():
        rel = path.relative_to(core.parent.parent).as_posix()
        enclosing: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for fn_node in ast.walk(tree):
            if isinstance(fn_node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(fn_node):
                    enclosing[id(inner)] = fn_node  # innermost wins: walked later
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            fn = enclosing.get(id(node))
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in errors:
                    _add(found, _text_arg(node, 0, ("template", "reason")), where, fn)
                elif name == FAILURE:
                    _add(found, _text_arg(node, 2, ("reason",)), where, fn)
                else:
                    for kw in node.keywords:
                        if kw.arg in ("label", "reason"):  # Extraction(reason=...) too
                            _add(found, kw.value, where, fn)
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == "label" for t in node.targets):
                    _add(found, node.value, where, fn)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                positional = args.posonlyargs + args.args
                defaults = dict(zip([a.arg for a in positional[len(positional)
                                                             - len(args.defaults):]],
                                    args.defaults))
                defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults)
                                 if d is not None})
                if "label" in defaults:
                    _add(found, defaults["label"], where)
        # _import_label() and the like: what functions named *_label return
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.name.endswith("_label"):
                for ret in ast.walk(fn):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        _add(found, ret.value, f"{rel}:{ret.lineno}")
    # second pass: what callers pass to a parameter that ends up as a message
    # (read_tagged(..., "no MEDLINE record found", ...) -> Failure(..., none_found))
    done: set[str] = set()
    while set(found.forwarded) - done:
        for fname in sorted(set(found.forwarded) - done):
            done.add(fname)
            for path, tree in trees.items():
                rel = path.relative_to(core.parent.parent).as_posix()
                for node in ast.walk(tree):
                    if isinstance(node, ast.Call) and _name(node.func) == fname:
                        for index, pname in found.forwarded[fname]:
                            arg = _text_arg(node, index if index is not None else 10**6,
                                            (pname,))
                            if arg is not None:
                                _add(found, arg, f"{rel}:{node.lineno}")
    return found


def render(found: Found) -> str:
    """The text of app/gui/core_messages.py."""
    out = [
        '"""The core\'s user-facing messages, for Qt\'s lupdate (context "core").',
        "",
        "GENERATED by scripts/extract_core_messages.py from app/core: do not edit;",
        "run the script again after changing a message in the core.",
        "",
        "``PATTERNS`` recognises messages the core builds with f-strings: each",
        "regular expression matches the finished text and gives the values of the",
        "numbered fields of its template.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "MESSAGES: tuple[str, ...] = (",
    ]
    for text in sorted(found.templates):
        out.append(f'    QT_TRANSLATE_NOOP("core", {_literal(text)}),')
    out.append(")")
    out.append("")
    out.append("PATTERNS: tuple[tuple[str, str], ...] = (")
    for template in sorted(found.patterns):
        regex, _where = found.patterns[template]
        out.append(f"    ({_literal(regex)},")
        out.append(f'     QT_TRANSLATE_NOOP("core", {_literal(template)})),')
    out.append(")")
    return "\n".join(out) + "\n"


def _literal(text: str) -> str:
    """A double-quoted Python literal (lupdate reads plain double-quoted strings)."""
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))
    return f'"{body}"'


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the module is stale")
    ap.add_argument("--report", action="store_true",
                    help="list the messages built with f-strings or variables")
    ns = ap.parse_args(argv)
    found = scan()
    text = render(found)
    if ns.report:
        print(f"{len(found.templates)} fixed templates, {len(found.patterns)} f-strings, "
              f"{len(found.dynamic)} computed elsewhere")
        print("\nf-strings (translated through PATTERNS; better as templates + params):")
        for template, (_regex, where) in sorted(found.patterns.items()):
            print(f"  {template!r}  at {', '.join(where)}")
        print("\nnot literals (the text comes from elsewhere):")
        for d in found.dynamic:
            print(f"  {d}")
        return 0
    if ns.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(found.templates)} messages, "
          f"{len(found.patterns)} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
