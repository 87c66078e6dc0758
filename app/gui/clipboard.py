"""Copying records to the clipboard: formatted citations, BibTeX, citation keys.

A formatted citation goes on the clipboard as two separate flavours:
``text/plain`` (the text alone, never any markup) and ``text/html`` (italics,
bold, small caps where the style asks). Word processors take the HTML, plain
editors the text.

The formatting may take a while for a large selection (the engine runs
pandoc), so with a *runner* it happens on the worker thread and only the
clipboard is touched on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication

from app.core.records import Record
from app.gui.tasks import BaseTaskRunner, TaskHandle

log = logging.getLogger(__name__)


@dataclass
class ClipText:
    """What goes on the clipboard: the plain text and, optionally, the HTML."""

    plain: str
    html: str = ""


def _html_document(fragment: str) -> str:
    """Wrap an HTML fragment so that word processors and browsers read it as UTF-8."""
    return ("<html><head><meta charset=\"utf-8\"></head><body>"
            f"<!--StartFragment-->{fragment}<!--EndFragment--></body></html>")


def citation_text(records: Sequence[Record], style: str, locale: str | None = None,
                  in_text: bool = False) -> ClipText:
    """Format *records* in *style*: the bibliography (one entry a line) or, with
    *in_text*, the in-text citation. No Qt: safe on the worker thread."""
    from app.core.citation import format_all

    res = format_all(list(records), style, locale)
    if in_text:
        return ClipText(res.citation, _html_document(f"<span>{res.citation_html}</span>"))
    plain = "\n".join(res.bibliography)
    entries = "".join(f'<div class="csl-entry">{e}</div>' for e in res.bibliography_html)
    return ClipText(plain, _html_document(f'<div class="csl-bib-body">{entries}</div>'))


def bibtex_text(records: Sequence[Record]) -> ClipText:
    """The records as BibTeX (plain text only: BibTeX has no rich form)."""
    from app.core import formats

    return ClipText(formats.get("bibtex").write(list(records)))


def keys_text(records: Sequence[Record]) -> ClipText:
    """The citation keys, comma-separated, ready for ``\\cite{…}``."""
    return ClipText(",".join(r.citation_key for r in records if r.citation_key))


def make_mime(clip: ClipText) -> QMimeData:
    """QMimeData with text/plain and (if any) text/html as separate flavours."""
    mime = QMimeData()
    mime.setText(clip.plain)
    if clip.html:
        mime.setHtml(clip.html)
    return mime


def set_clipboard(clip: ClipText) -> QMimeData:
    """Put *clip* on the system clipboard (GUI thread only)."""
    mime = make_mime(clip)
    QGuiApplication.clipboard().setMimeData(mime)
    log.debug("copied %d characters to the clipboard", len(clip.plain))
    return mime


def _copy(make: Callable[[], ClipText], label: str, runner: BaseTaskRunner | None,
          on_done: Callable[[ClipText], None] | None,
          on_error: Callable[[BaseException], None] | None) -> TaskHandle | ClipText:
    if runner is None:
        clip = make()
        set_clipboard(clip)
        if on_done is not None:
            on_done(clip)
        return clip

    def done(clip: ClipText) -> None:
        set_clipboard(clip)
        if on_done is not None:
            on_done(clip)

    return runner.submit(lambda progress: make(), label=label, on_done=done,
                         on_error=on_error)


def copy_citation(records: Sequence[Record], style: str, locale: str | None = None,
                  in_text: bool = False, *, runner: BaseTaskRunner | None = None,
                  on_done: Callable[[ClipText], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None,
                  ) -> TaskHandle | ClipText:
    """Copy the bibliography of *records* (or with *in_text* their in-text
    citation) in *style* to the clipboard, as text/plain and text/html.

    With a *runner* the formatting runs off the GUI thread (with the runner's
    delayed progress dialog) and the handle is returned; otherwise it runs
    inline and the copied :class:`ClipText` is returned.
    """
    recs = list(records)
    if in_text:
        label = QCoreApplication.translate("clipboard", "Formatting the citation…")
    else:
        n = len(recs)  # a plain name: lupdate skips a numerus argument with a call in it
        label = QCoreApplication.translate("clipboard", "Formatting %n reference(s)…", "", n)
    return _copy(lambda: citation_text(recs, style, locale, in_text), label, runner,
                 on_done, on_error)


def copy_bibtex(records: Sequence[Record], *, runner: BaseTaskRunner | None = None,
                on_done: Callable[[ClipText], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None,
                ) -> TaskHandle | ClipText:
    """Copy *records* as BibTeX (text/plain)."""
    recs = list(records)
    label = QCoreApplication.translate("clipboard", "Writing BibTeX…")
    return _copy(lambda: bibtex_text(recs), label, runner, on_done, on_error)


def copy_keys(records: Sequence[Record]) -> ClipText:
    """Copy the citation keys of *records* (comma-separated)."""
    clip = keys_text(records)
    set_clipboard(clip)
    return clip

