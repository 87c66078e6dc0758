"""The citation processor: pandoc's citeproc, run once per selection.

Why pandoc: its citeproc (the Haskell ``citeproc`` library) passes the CSL
test suite far better than citeproc-py, which on this project's spec put
punctuation outside quotes in MLA/Chicago, dropped the space after IEEE's
``[1]``, garbled CJK names and lost GB/T 7714's ``[J]``. pandoc is a real
binary shipped by the PyPI package ``pypandoc-binary``; it carries every CSL
locale built in and never touches the network here (a dependent style is
resolved to its local parent before pandoc sees it).

One call formats a whole selection: the document is a single citation
cluster citing every record in selection order, so pandoc returns both the
in-text citation and the bibliography (in the style's order, numbered as the
style numbers them). We ask for pandoc's JSON AST and render plain text and
HTML from the same tree (see :mod:`render`).

GB/T 7714 "等" / "et al.": the official styles take the term from the
locale, so a zh-CN rendering prints "等" for Western works too (a known gap
in Zotero and the official style). We prepare a copy of the style in which
every ``<names>`` element is wrapped in
``<choose><if variable="refshelf-cjk-language">`` … ``<et-al term="and others"/>``
and define "and others" as 等 and, in Chinese locales, "et-al" as "et al.";
CJK-language items carry that flag variable (see :mod:`items`). In a Chinese
locale, Western works are moreover rendered in English (Vol., ed., trans.),
as the official style's commented-out CSL-M ``layout locale="en"`` intends.

Speed: pandoc takes ~40 ms for one record, ~3 ms a record more, but styles
that disambiguate by adding names or given names (APA, Chicago author-date,
GB/T author-date…) grow quadratically with the selection (500 records in APA:
4 CPU-s). When only the bibliography is wanted, the records are split into
groups that can never be confused with each other (no shared family name)
and the groups run in parallel, with one cheap run of a sorting-only copy of
the style for the order: the same entries, exactly, at a fraction of the
cost (500 records in APA: 1.7 CPU-s).
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.citation import render
from app.core.citation.items import (
    CJK_FLAG,
    mark_literal_names,
    records_to_items,
    restore_literal_names,
)
from app.core.citation.styles import (
    CSL_NS,
    StyleInfo,
    _StyleMeta,
    default_locale,
    independent_path,
    resolve_style,
)
from app.core.errors import FormatError, UserError
from app.core.records import Creator, PartialDate, Record, fold_text

log = logging.getLogger(__name__)

PANDOC_TIMEOUT_S = 300

# Locales shipped in the CSL locales repository (pandoc embeds them all).
CSL_LOCALES: tuple[str, ...] = (
    "af-ZA", "ar", "bal-PK", "bg-BG", "brh-PK", "ca-AD", "cs-CZ", "cy-GB", "da-DK",
    "de-AT", "de-CH", "de-DE", "el-GR", "en-GB", "en-US", "es-CL", "es-ES", "es-MX",
    "et-EE", "eu", "fa-IR", "fi-FI", "fr-CA", "fr-FR", "he-IL", "hi-IN", "hr-HR",
    "hu-HU", "id-ID", "is-IS", "it-IT", "ja-JP", "km-KH", "ko-KR", "la", "lij-IT",
    "lt-LT", "lv-LV", "mn-MN", "ms-MY", "nb-NO", "nl-NL", "nn-NO", "pa-PK", "pl-PL",
    "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI", "sr-RS", "sv-SE", "th-TH",
    "tr-TR", "uk-UA", "vi-VN", "zh-CN", "zh-TW",
)
# a bare language picks its primary dialect
_PRIMARY: dict[str, str] = {
    "en": "en-US", "zh": "zh-CN", "de": "de-DE", "fr": "fr-FR", "es": "es-ES",
    "pt": "pt-PT", "nb": "nb-NO", "no": "nb-NO", "nn": "nn-NO",
}


def available_locales() -> list[str]:
    """The citation locales one can choose (CSL locale tags)."""
    return list(CSL_LOCALES)


def normalize_locale(locale: str) -> str:
    """The CSL locale tag for *locale* ('zh_cn' -> 'zh-CN', 'de' -> 'de-DE').

    Raises UserError for a locale no CSL locale file covers.
    """
    raw = (locale or "").strip().replace("_", "-")
    if not raw:
        raise UserError("No citation locale given.")
    by_lower = {loc.lower(): loc for loc in CSL_LOCALES}
    low = raw.lower()
    if low in by_lower:
        return by_lower[low]
    if low in ("zh-hans", "zh-sg", "zh-hans-cn"):
        return "zh-CN"
    if low in ("zh-hant", "zh-hk", "zh-mo", "zh-hant-tw"):
        return "zh-TW"
    primary = low.split("-", 1)[0]
    if primary in _PRIMARY:
        return _PRIMARY[primary]
    for loc in CSL_LOCALES:
        if loc.lower().split("-", 1)[0] == primary:
            return loc
    raise UserError("Unknown citation locale: {locale}. Known locales: {known}",
                    locale=locale, known=", ".join(CSL_LOCALES))


# -------------------------------------------------------------------- pandoc
_pandoc_lock = threading.Lock()
_pandoc_cached: str | None = None


def pandoc_path() -> str:
    """The pandoc binary: ``$REFSHELF_PANDOC``, the frozen bundle's, pypandoc-binary's, or PATH's."""
    global _pandoc_cached
    env = os.environ.get("REFSHELF_PANDOC")
    if env:
        return env
    if _pandoc_cached:
        return _pandoc_cached
    exe = "pandoc.exe" if sys.platform == "win32" else "pandoc"
    candidates: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates += [Path(frozen) / "pypandoc" / "files" / exe, Path(frozen) / exe]
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(loc) / "files" / exe for loc in spec.submodule_search_locations]
    for c in candidates:
        if c.is_file():
            _pandoc_cached = str(c)
            return _pandoc_cached
    which = shutil.which("pandoc")
    if which:
        _pandoc_cached = which
        return which
    raise UserError("The citation engine (pandoc) is not installed. "
                    "Reinstall Refshelf, or install pypandoc-binary.")


_work_dir: str | None = None


def _workdir() -> Path:
    """A private temporary folder for prepared styles and item files (removed at exit)."""
    global _work_dir
    with _pandoc_lock:
        if _work_dir is None or not os.path.isdir(_work_dir):
            _work_dir = tempfile.mkdtemp(prefix="refshelf-cite-")
            atexit.register(shutil.rmtree, _work_dir, True)
        return Path(_work_dir)


def _run_pandoc(doc: str, items: list[dict[str, Any]], style_path: Path, locale: str,
                source: str, warnings: list[str] | None = None) -> dict[str, Any]:
    """Run pandoc --citeproc over *doc* and return its JSON AST.

    pandoc's warnings are logged, and appended to *warnings* when given.
    """
    fd, bib = tempfile.mkstemp(suffix=".json", dir=_workdir())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(items, fh, ensure_ascii=False)
        args = [pandoc_path(), "-f", "markdown", "-t", "json", "--citeproc",
                "--bibliography", bib, "--csl", str(style_path), "-M", f"lang={locale}"]
        kwargs: dict[str, Any] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            proc = subprocess.run(args, input=doc.encode("utf-8"), capture_output=True,
                                  timeout=PANDOC_TIMEOUT_S, check=False, **kwargs)
        except subprocess.TimeoutExpired:
            raise UserError("Formatting the citations took too long (over {seconds} s).",
                            seconds=PANDOC_TIMEOUT_S) from None
        except OSError as exc:
            raise UserError("The citation engine (pandoc) could not be started: {detail}",
                            detail=str(exc)) from None
    finally:
        try:
            os.unlink(bib)
        except OSError:
            pass
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        first = "\n".join(line for line in err.splitlines()
                          if "backtrace" not in line.lower() and not line.startswith("  "))
        raise FormatError("the citation style could not be applied: {detail}",
                          source=source, detail=first[:500] or f"exit {proc.returncode}")
    if err:
        log.debug("pandoc: %s", err[:2000])
        if warnings is not None:
            warnings.extend(line for line in err.splitlines() if line.strip())
    result: dict[str, Any] = json.loads(proc.stdout.decode("utf-8"))
    return result


# ------------------------------------------------------------ style preparing
def _q(tag: str) -> str:
    return f"{{{CSL_NS}}}{tag}"


def _wants_etal_rule(info: StyleInfo, parent: Path, locale: str) -> bool:
    ids = f"{info.id} {parent.stem} {info.title}".lower()
    return ("gb-t-7714" in ids or "gb/t 7714" in ids or "gb/t7714" in ids
            or locale.lower().startswith("zh"))


def _transform_etal(root: ET.Element, chinese_locale: bool) -> None:
    """Wrap each <names> in a choice on the CJK flag (see the module docstring)."""
    parents = {child: p for p in root.iter() for child in p}

    def inside_substitute(el: ET.Element) -> bool:
        p = parents.get(el)
        while p is not None:
            if p.tag == _q("substitute"):
                return True
            p = parents.get(p)
        return False

    for names in [el for el in root.iter(_q("names")) if not inside_substitute(el)]:
        parent = parents[names]
        idx = list(parent).index(names)
        cjk = copy.deepcopy(names)
        cjk.tail = None
        etal = cjk.find(_q("et-al"))
        if etal is None:
            etal = ET.Element(_q("et-al"))
            name = cjk.find(_q("name"))
            pos = list(cjk).index(name) + 1 if name is not None else 0
            cjk.insert(pos, etal)
        etal.set("term", "and others")
        western_etal = names.find(_q("et-al"))
        if western_etal is not None and western_etal.get("term") == "and others":
            western_etal.set("term", "et-al")
        choose = ET.Element(_q("choose"))
        choose.tail = names.tail
        names.tail = None
        ET.SubElement(choose, _q("if"), {"variable": CJK_FLAG}).append(cjk)
        ET.SubElement(choose, _q("else")).append(names)
        parent.remove(names)
        parent.insert(idx, choose)

    if chinese_locale:
        # "2版", not "2 版": GB/T 7714-2015 §8.4 writes the edition number against its term
        for group in root.iter(_q("group")):
            kids = list(group)
            if (group.get("delimiter") == " " and len(kids) == 2
                    and all(k.get("variable") == "edition" for k in kids)
                    and {k.tag for k in kids} == {_q("number"), _q("label")}):
                group.set("delimiter", "")

    overridden = {"and others"} | ({"et-al"} if chinese_locale else set())
    locales = root.findall(_q("locale"))
    for loc in locales:
        terms = loc.find(_q("terms"))
        if terms is None:
            continue
        for term in list(terms):
            if term.get("name") in overridden:
                terms.remove(term)
    terms = _neutral_terms(root)
    ET.SubElement(terms, _q("term"), {"name": "and others"}).text = "等"
    if chinese_locale:
        ET.SubElement(terms, _q("term"), {"name": "et-al"}).text = "et al."


def _name_before_bare_label(root: ET.Element) -> bool:
    """Give each ``<names>`` that has a ``<label>`` but no ``<name>`` an empty ``<name/>``
    before its label; True if the style was changed.

    The CSL specification's default for a missing ``<name>`` is a plain
    ``<name/>``, with the label after the names. pandoc's citeproc instead
    prints such a label *before* the names: AMA's "In: White R, Black S, eds."
    came out as "In, eds.White R, Black S" (american-medical-association.csl
    and nlm-citation-sequence.csl, Vancouver's parent, have this shape).
    A ``<names>`` inside ``<substitute>`` is left alone: pandoc gives it the
    ``<name>`` of the ``<names>`` it substitutes for, label after.
    """
    substituted = {el for sub in root.iter(_q("substitute")) for el in sub.iter(_q("names"))}
    changed = False
    for names in list(root.iter(_q("names"))):
        if names in substituted:
            continue
        kids = list(names)
        label = names.find(_q("label"))
        if label is None or names.find(_q("name")) is not None:
            continue
        name = ET.Element(_q("name"))
        name.tail = label.tail
        names.insert(kids.index(label), name)
        changed = True
    return changed


# Terms a shipped style lacks that its manual requires, by the file name of the
# independent style. NLM's Citing Medicine (Vancouver): page ranges take a
# hyphen ("N Engl J Med. 2002 Jul 25;347(4):284-7."), not CSL's default en dash.
_TERM_FIXES: dict[str, dict[str, str]] = {
    "nlm-citation-sequence": {"page-range-delimiter": "-"},
}


def _neutral_terms(root: ET.Element) -> ET.Element:
    """The ``<terms>`` of the style's language-neutral ``<locale>`` (made if missing,
    the locale right after ``<info>``)."""
    generic = next((loc for loc in root.findall(_q("locale"))
                    if not loc.get("{http://www.w3.org/XML/1998/namespace}lang")), None)
    if generic is None:
        generic = ET.Element(_q("locale"))
        info = root.find(_q("info"))
        root.insert(list(root).index(info) + 1 if info is not None else 0, generic)
    terms = generic.find(_q("terms"))
    if terms is None:
        terms = ET.SubElement(generic, _q("terms"))
    return terms


def _add_terms(root: ET.Element, terms: dict[str, str]) -> bool:
    """Define *terms* in the style's language-neutral ``<locale>`` unless the style
    defines them already; True if the style was changed."""
    defined = {t.get("name") for t in root.iter(_q("term"))}
    wanted = {k: v for k, v in terms.items() if k not in defined}
    if not wanted:
        return False
    block = _neutral_terms(root)
    for name, text in wanted.items():
        ET.SubElement(block, _q("term"), {"name": name}).text = text
    return True


_prepared: dict[tuple[str, int, bool, bool], Path] = {}


def prepared_style(info: StyleInfo, locale: str) -> Path:
    """The style file pandoc should read for *info* in *locale* (cached).

    Every style gets the ``<name/>`` a bare label needs
    (:func:`_name_before_bare_label`), a few shipped styles the terms their
    manual requires (:data:`_TERM_FIXES`); GB/T 7714 styles and Chinese locales
    get the "等" / "et al." rule (:func:`_transform_etal`). A style needing
    neither is read as it is.
    """
    parent = independent_path(info)
    etal = _wants_etal_rule(info, parent, locale)
    chinese = etal and locale.lower().startswith("zh")
    st = parent.stat()
    key = (str(parent), st.st_mtime_ns, etal, chinese)
    with _pandoc_lock:
        hit = _prepared.get(key)
    if hit is not None and hit.is_file():
        return hit
    ET.register_namespace("", CSL_NS)
    try:
        tree = ET.parse(parent)
    except ET.ParseError as exc:
        raise FormatError("not a CSL style: the XML is malformed ({detail})",
                          source=str(parent), detail=str(exc)) from None
    changed = _name_before_bare_label(tree.getroot())
    if parent.stem in _TERM_FIXES:
        changed = _add_terms(tree.getroot(), _TERM_FIXES[parent.stem]) or changed
    if etal:
        _transform_etal(tree.getroot(), chinese)
    if changed or etal:
        digest = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]
        out = _workdir() / f"{parent.stem}-{digest}.csl"
        tree.write(out, encoding="utf-8", xml_declaration=True)
    else:
        out = parent
    with _pandoc_lock:
        _prepared[key] = out
    return out


# -------------------------------------------------------------------- results
@dataclass
class Formatted:
    """A selection formatted in one style: both flavours of both outputs.

    ``order[i]`` is the index (in the input sequence) of the record that
    ``bibliography[i]`` formats. ``omitted`` lists the records the style
    deliberately leaves out of a bibliography (Chicago notes-bibliography
    omits unpublished documents, conference papers, personal
    communications…); they are cited in notes only.
    """

    bibliography: list[str] = field(default_factory=list)
    bibliography_html: list[str] = field(default_factory=list)
    citation: str = ""
    citation_html: str = ""
    order: list[int] = field(default_factory=list)
    omitted: list[int] = field(default_factory=list)


_CACHE_SIZE = 64
_cache: OrderedDict[str, Formatted] = OrderedDict()


def _parse_ast(ast: dict[str, Any], n: int) -> Formatted:
    res = Formatted()
    blocks = ast.get("blocks", [])
    entries: list[tuple[int, list[dict[str, Any]]]] = []
    cites: list[dict[str, Any]] = []

    def find_cites(inlines: list[dict[str, Any]]) -> None:
        for node in inlines:
            if node.get("t") == "Cite":
                cites.append(node)

    for b in blocks:
        if b.get("t") in ("Para", "Plain"):
            find_cites(b["c"])
        elif b.get("t") == "Div" and b["c"][0][0] == "refs":
            for entry in b["c"][1]:
                if entry.get("t") != "Div":
                    continue
                eid = entry["c"][0][0]
                if eid.startswith("ref-r") and eid[5:].isdigit():
                    entries.append((int(eid[5:]), entry["c"][1]))
    if cites:
        first = cites[0]["c"][1]
        res.citation = render.inlines_to_text(first)
        res.citation_html = render.inlines_to_html(first)
    for idx, eblocks in entries:
        if 0 <= idx < n:
            text = render.blocks_to_text(eblocks)
            if not text:
                res.omitted.append(idx)  # the style leaves this work out of a bibliography
                continue
            res.order.append(idx)
            res.bibliography.append(text)
            res.bibliography_html.append(render.blocks_to_html(eblocks))
    return res


# records above this many take the partitioned path (bibliography only)
PARTITION_MIN = 120
# largest group of records formatted in one pandoc run on that path
BIN_SIZE = 100


def _is_dual(info: StyleInfo, locale: str) -> bool:
    """GB/T 7714 in a Chinese locale: Western works take English terms (Vol., ed., et al.)."""
    ids = f"{info.id} {info.title} {Path(info.path).stem}".lower()
    return locale.lower().startswith("zh") and ("gb-t-7714" in ids or "gb/t 7714" in ids)


_slow_cache: dict[str, bool] = {}


def _slow_disambiguation(style_path: Path) -> bool:
    """True if the style disambiguates by adding names or given names (costly in bulk)."""
    key = str(style_path)
    if key not in _slow_cache:
        try:
            cit = ET.parse(style_path).getroot().find(_q("citation"))
        except ET.ParseError:
            cit = None
        _slow_cache[key] = cit is not None and any(
            cit.get(a) == "true"
            for a in ("disambiguate-add-givenname", "disambiguate-add-names"))
    return _slow_cache[key]


def _order_style(style_path: Path) -> Path:
    """A cheap copy of the style that only sorts the bibliography (no rendering, no
    disambiguation): entries come out in the style's order with a dummy text."""
    st = style_path.stat()
    digest = hashlib.sha1(f"{style_path}|{st.st_mtime_ns}".encode("utf-8")).hexdigest()[:16]
    out = _workdir() / f"{style_path.stem}-{digest}-order.csl"
    if out.is_file():
        return out
    ET.register_namespace("", CSL_NS)
    tree = ET.parse(style_path)
    root = tree.getroot()
    for tag in ("citation", "bibliography"):
        el = root.find(_q(tag))
        if el is None:
            if tag == "bibliography":
                continue
            el = ET.SubElement(root, _q(tag))
        for attr in list(el.attrib):
            if attr.startswith(("disambiguate", "givenname", "subsequent-author", "collapse",
                                "cite-group", "year-suffix", "after-collapse")):
                del el.attrib[attr]
        for child in list(el):
            if child.tag == _q("layout"):
                el.remove(child)
        layout = ET.SubElement(el, _q("layout"))
        ET.SubElement(layout, _q("text"), {"value": "x"})
    tmp = out.with_suffix(".tmp")
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, out)
    return out


def _components(records: Sequence[Record]) -> list[list[int]]:
    """Groups of records that could be confused with each other in a citation.

    Two works can only need disambiguation (year suffix, more names, given
    names of the primary name) if their first names share a family name, so
    records are joined by the family names of the first creator of each role;
    records without any creator are all put together.
    """
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, rec in enumerate(records):
        keys: set[str] = set()
        seen_roles: set[str] = set()
        for c in rec.creators:
            if c.role in seen_roles:
                continue
            seen_roles.add(c.role)
            name = (c.family or c.literal or c.given).strip()
            if name:
                keys.add(fold_text(name))
        if not keys:
            keys.add("\x00no-creator")
        for k in keys:
            if k in owner:
                a, b = find(owner[k]), find(i)
                if a != b:
                    parent[b] = a
            else:
                owner[k] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(records)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _bins(components: list[list[int]], size: int) -> list[list[int]]:
    bins: list[list[int]] = []
    for comp in sorted(components, key=len, reverse=True):
        for b in bins:
            if len(b) + len(comp) <= size:
                b.extend(comp)
                break
        else:
            bins.append(list(comp))
    return [sorted(b) for b in bins]


def _render(items: list[dict[str, Any]], n: int, primary: Path, western: Path | None,
            loc: str, source: str) -> Formatted:
    """One run over *items* (ids r<i> of a selection of *n*); plus the English
    run for the Western entries of a dual-locale GB/T rendering."""
    ids = [it["id"] for it in items]
    doc = "[" + "; ".join(f"@{i}" for i in ids) + "]\n"
    res = _parse_ast(_run_pandoc(doc, items, primary, loc, source), n)
    if not res.order and not res.omitted:
        # a style without a <bibliography>: each record's own citation stands in
        doc2 = "\n\n".join(f"[@{i}]" for i in ids) + "\n"
        ast2 = _run_pandoc(doc2, items, primary, loc, source)
        per = [c for b in ast2.get("blocks", []) if b.get("t") in ("Para", "Plain")
               for c in b["c"] if c.get("t") == "Cite"]
        for it, node in zip(items, per):
            res.order.append(int(it["id"][1:]))
            res.bibliography.append(render.inlines_to_text(node["c"][1]))
            res.bibliography_html.append(render.inlines_to_html(node["c"][1]))
        return res
    western_idx = {int(it["id"][1:]) for it in items if CJK_FLAG not in it}
    if western is not None and western_idx and res.order:
        # numbered entries need every item for their numbers; author-date ones
        # need only the Western items (a Western and a CJK name never collide)
        sub = items if _numbers_entries(western) else [
            it for it in items if int(it["id"][1:]) in western_idx]
        sub_doc = "[" + "; ".join(f"@{it['id']}" for it in sub) + "]\n"
        alt = _parse_ast(_run_pandoc(sub_doc, sub, western, "en-US", source), n)
        by_idx = {i: (t, h) for i, t, h in zip(alt.order, alt.bibliography,
                                                alt.bibliography_html)}
        for pos, idx in enumerate(res.order):
            if idx in western_idx and idx in by_idx:
                res.bibliography[pos], res.bibliography_html[pos] = by_idx[idx]
    return res


_case_cache: dict[str, bool] = {}


def _cases_family_names(style_path: Path) -> bool:
    """True if the style changes the case of family names (GB/T 7714 upper-cases them)."""
    key = f"{style_path}|{style_path.stat().st_mtime_ns}"
    if key not in _case_cache:
        root = ET.parse(style_path).getroot()
        _case_cache[key] = any(part.get("name") == "family" and part.get("text-case")
                               for part in root.iter(_q("name-part")))
    return _case_cache[key]


def _restore_literals(res: Formatted, originals: dict[str, str]) -> None:
    """Literal names back in their own case in every output of *res*, in place."""
    res.bibliography = [restore_literal_names(t, originals) for t in res.bibliography]
    res.bibliography_html = [restore_literal_names(h, originals, as_html=True)
                             for h in res.bibliography_html]
    res.citation = restore_literal_names(res.citation, originals)
    res.citation_html = restore_literal_names(res.citation_html, originals, as_html=True)


_numbers_cache: dict[str, bool] = {}


def _numbers_entries(style_path: Path) -> bool:
    """True if the style prints citation numbers in its bibliography."""
    key = str(style_path)
    if key not in _numbers_cache:
        root = ET.parse(style_path).getroot()
        bib = root.find(_q("bibliography"))
        text = ET.tostring(bib, encoding="unicode") if bib is not None else ""
        used = "citation-number" in text
        if not used and bib is not None:
            # through a macro
            macros = {m.get("name"): m for m in root.findall(_q("macro"))}
            todo = [e.get("macro") for e in bib.iter() if e.get("macro")]
            seen: set[str] = set()
            while todo and not used:
                name = todo.pop()
                if not name or name in seen or name not in macros:
                    continue
                seen.add(name)
                body = ET.tostring(macros[name], encoding="unicode")
                used = "citation-number" in body
                todo += [e.get("macro") for e in macros[name].iter() if e.get("macro")]
        _numbers_cache[key] = used
    return _numbers_cache[key]


def _bibliography_only(records: Sequence[Record], items: list[dict[str, Any]],
                       primary: Path, western: Path | None, loc: str,
                       source: str) -> Formatted:
    """The bibliography alone, in as many independent pandoc runs as useful.

    - GB/T in a Chinese locale (author-date): CJK works are run in Chinese,
      Western works in English, each only once;
    - a large selection in a style with costly disambiguation: records are
      split into groups that can never be confused (:func:`_components`) and
      the groups run in parallel; the entries are exactly those of one run.

    When there is more than one run, one cheap run of a sorting-only copy of
    the style gives the style's order of all the entries.
    """
    n = len(items)
    numbered = _numbers_entries(primary)
    split = western is not None and not numbered
    if split:
        groups = [([i for i, it in enumerate(items) if CJK_FLAG in it], primary, loc),
                  ([i for i, it in enumerate(items) if CJK_FLAG not in it], western, "en-US")]
    else:
        groups = [(list(range(n)), primary, loc)]
    jobs: list[tuple[list[dict[str, Any]], Path, str, Path | None]] = []
    for idxs, style_path, job_loc in groups:
        if not idxs:
            continue
        alt = None if split else western
        if (not numbered and len(idxs) >= PARTITION_MIN
                and _slow_disambiguation(style_path)):
            comps = _components([records[i] for i in idxs])
            for b in _bins([[idxs[j] for j in comp] for comp in comps], BIN_SIZE):
                jobs.append(([items[i] for i in b], style_path, job_loc, alt))
        else:
            jobs.append(([items[i] for i in idxs], style_path, job_loc, alt))
    if len(jobs) == 1:
        sub, style_path, job_loc, alt = jobs[0]
        return _render(sub, n, style_path, alt, job_loc, source)

    order_style = _order_style(primary)

    def order_job() -> list[int]:
        doc = "[" + "; ".join(f"@{it['id']}" for it in items) + "]\n"
        return _parse_ast(_run_pandoc(doc, items, order_style, loc, source), n).order

    workers = max(1, min(len(jobs) + 1, os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        fut_order = pool.submit(order_job)
        futs = [pool.submit(_render, sub, n, style_path, alt, job_loc, source)
                for sub, style_path, job_loc, alt in jobs]
        parts = [f.result() for f in futs]
        order = fut_order.result()
    entries: dict[int, tuple[str, str]] = {}
    omitted = sorted({i for part in parts for i in part.omitted})
    for part in parts:
        for idx, text, html_ in zip(part.order, part.bibliography, part.bibliography_html):
            entries[idx] = (text, html_)
    res = Formatted(omitted=omitted)
    placed: set[int] = set()
    for idx in order + sorted(entries):
        if idx in entries and idx not in placed:
            placed.add(idx)
            res.order.append(idx)
            res.bibliography.append(entries[idx][0])
            res.bibliography_html.append(entries[idx][1])
    return res


def format_records(records: Sequence[Record], style: str, locale: str | None = None,
                   *, citation: bool = True) -> Formatted:
    """Format *records* in *style*: bibliography entries and the in-text citation.

    *locale* defaults to the style's own (:func:`default_locale`). With
    ``citation=False`` only the bibliography is wanted, which lets the engine
    split the work into independent runs (see :func:`_bibliography_only`:
    exactly the same entries, much faster for large selections); the
    returned ``citation`` is then empty. Results of recent calls are cached.
    """
    info = resolve_style(style)
    loc = normalize_locale(locale) if locale else normalize_locale(default_locale(info.path))
    if not records:
        return Formatted()
    items = records_to_items(records)
    primary = prepared_style(info, loc)
    western = None
    if _is_dual(info, loc):
        if all(CJK_FLAG not in it for it in items):
            # only Western works: the English rendering is the whole answer
            primary, loc = prepared_style(info, "en-US"), "en-US"
        elif any(CJK_FLAG not in it for it in items):
            western = prepared_style(info, "en-US")
    # a style that upper-cases family names leaves organisations in their own case
    originals = (mark_literal_names(items)
                 if any(_cases_family_names(p) for p in (primary, western) if p) else {})
    st = primary.stat()
    key = hashlib.sha1(json.dumps(
        [str(primary), st.st_mtime_ns, loc, str(western), citation, items],
        ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    with _pandoc_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return copy.deepcopy(hit)
    if citation:
        res = _render(items, len(items), primary, western, loc, info.path)
    else:
        res = _bibliography_only(records, items, primary, western, loc, info.path)
    if originals:
        _restore_literals(res, originals)
    with _pandoc_lock:
        _cache[key] = res
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return copy.deepcopy(res)


def warm_up(style: str, locale: str | None = None) -> None:
    """Prepare *style* and run pandoc once, so that the user's first copy is fast.

    Meant for a background thread at start-up or when the style picker changes.
    """
    sample = Record(type="article-journal", title="Warm-up", creators=[Creator("Doe", "Jane")],
                    issued=PartialDate(2020), container_title="Journal")
    format_records([sample], style, locale)


def check_style(path: Path, meta: _StyleMeta) -> None:
    """Render a sample record with the style at *path*; FormatError if pandoc rejects it."""
    info = meta.info
    loc = "en-US"
    try:
        loc = normalize_locale(default_locale(str(path)))
    except UserError:
        pass
    sample = Record(type="article-journal", title="Sample title",
                    creators=[Creator(family="Doe", given="Jane")],
                    issued=PartialDate(2020), container_title="Journal", volume="1",
                    pages="1-2")
    items = records_to_items([sample])
    try:
        style_path = prepared_style(info, loc)
    except FormatError:
        raise
    except UserError as exc:
        raise FormatError(exc.template, source=str(path), **exc.params) from None
    warnings: list[str] = []
    ast = _run_pandoc("[@r0]\n", items, style_path, loc, str(path), warnings)
    bad = [w for w in warnings if "undefined macro" in w or "no printed form" in w]
    if bad or not _parse_ast(ast, 1).citation:
        raise FormatError("the style cannot format a citation: {detail}", source=str(path),
                          detail="; ".join(w.replace("[WARNING] Citeproc: ", "")
                                           for w in bad) or "empty citation")
