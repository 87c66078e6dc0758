"""A live preview of the selected record(s) formatted in the current style."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.errors import UserError
from app.core.records import Record
from app.gui.tasks import BaseTaskRunner, TaskCancelled, user_message

log = logging.getLogger(__name__)

# More than this many selected records are not previewed (the copy still takes all).
MAX_PREVIEW = 20


class CitationPreview(QTextBrowser):
    """Shows the bibliography entries and the in-text citation of the records, as HTML.

    With a *runner* the formatting happens off the GUI thread; a result that
    arrives after the selection changed again is dropped.
    """

    def __init__(self, parent: QWidget | None = None, *, style: str = "apa",
                 locale: str | None = None, runner: BaseTaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setReadOnly(True)
        self._records: list[Record] = []
        self._style = style
        self._locale = locale
        self._runner = runner
        self._generation = 0
        self._warmed: set[tuple[str, str | None]] = set()
        self.setPlaceholderText(self.tr("Select a record to see its citation."))
        self.setAccessibleName(self.tr("Citation preview"))
        self._refresh()

    # ----------------------------------------------------------------- public
    def set_records(self, records: Sequence[Record]) -> None:
        """Preview *records* (the current selection)."""
        self._records = list(records)
        self._refresh()

    def set_style(self, style: str) -> None:
        """Format in *style* (an id or a path to a .csl file) from now on."""
        if style != self._style:
            self._style = style
            self._refresh()

    def set_locale(self, locale: str | None) -> None:
        if locale != self._locale:
            self._locale = locale
            self._refresh()

    @property
    def style(self) -> str:
        return self._style

    # -------------------------------------------------------------- internals
    def _warm_up(self) -> None:
        """Prepare the style in the background, so the first Ctrl+Shift+C is fast."""
        key = (self._style, self._locale)
        if self._runner is None or key in self._warmed:
            return
        self._warmed.add(key)
        style, locale = key

        def work(_progress: object = None) -> None:
            from app.core.citation import warm_up

            warm_up(style, locale)

        self._runner.submit(work, on_error=lambda exc: log.info("warm-up of %s failed: %s",
                                                                style, exc),
                            show_progress=False)

    def _refresh(self) -> None:
        self._generation += 1
        gen = self._generation
        if not self._records:
            self.clear()
            self._warm_up()
            return
        recs = self._records[:MAX_PREVIEW]
        style, locale = self._style, self._locale
        extra = len(self._records) - len(recs)

        def work(_progress: object = None) -> tuple[list[str], str]:
            from app.core.citation import format_all

            if gen != self._generation:
                raise TaskCancelled()  # the selection moved on before this ran

            res = format_all(recs, style, locale)
            return list(res.bibliography_html), res.citation_html

        def done(result: tuple[list[str], str]) -> None:
            if gen == self._generation:
                self._show(*result, extra=extra)

        def failed(exc: BaseException) -> None:
            if gen != self._generation:
                return
            if not isinstance(exc, UserError):
                log.error("citation preview failed", exc_info=exc)
            self._show_error(exc)

        if self._runner is None:
            try:
                done(work())
            except Exception as exc:  # noqa: BLE001 - shown in the pane, never a crash
                failed(exc)
        else:
            self._runner.submit(work, on_done=done, on_error=failed, show_progress=False)

    def _show(self, entries: list[str], citation: str, *, extra: int = 0) -> None:
        parts = ['<div class="csl-bib-body">']
        parts += [f'<p class="csl-entry">{e}</p>' for e in entries]
        parts.append("</div>")
        if extra > 0:
            parts.append("<p><i>" + html.escape(
                self.tr("…and %n more record(s)", "", extra)) + "</i></p>")
        parts.append("<hr><p>" + html.escape(self.tr("In text:")) + " " + citation + "</p>")
        self.setHtml("".join(parts))

    def _show_error(self, exc: BaseException) -> None:
        msg = user_message(exc) if isinstance(exc, UserError) else self.tr(
            "This style could not format the record.")
        self.setHtml('<p style="color:#a00">' + html.escape(msg) + "</p>")
