"""Drops onto the window: files, links and text become records.

- Local files (saved pages ``.html``/``.mhtml``/``.txt``, ``.bib``, ``.ris``,
  ``.enw``, ``.json``, ``.nbib``, PDFs…) go through ``Library.import_files``,
  i.e. the format registry; a folder stands for the files inside it.
- Dragged text holding a DOI, BibTeX or RIS, and dragged http(s) links, go
  through ``app.core.extract.read_dropped_text`` and ``Library.import_records``.
  Nothing is fetched from the network.

The import runs on the task runner (progress with Cancel for a big drop) and
ends with one :class:`ImportReport`. Duplicates create no second record: the
report's ``skipped`` list names the existing record, so the window can select it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QMimeData,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from app.core import settings
from app.core.library import ImportReport, Library
from app.core.records import Record
from app.gui.tasks import BaseTaskRunner, TaskHandle

log = logging.getLogger(__name__)

# A dropped folder is walked for files; never more than this many.
MAX_FOLDER_FILES = 5000
DROPPED_TEXT_SOURCE = "<dropped text>"
_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
#: GNOME Files (and file managers copying it) put copied files here as
#: ``copy``/``cut`` followed by one ``file://`` URL a line, sometimes without text/uri-list
GNOME_COPIED_FILES = "x-special/gnome-copied-files"


@dataclass(frozen=True)
class DropSource:
    """One thing that was dropped: ``kind`` is ``file``, ``url`` or ``text``."""

    kind: str
    value: str


def _folder_files(folder: str) -> list[str]:
    out: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            out.append(os.path.join(root, name))
            if len(out) >= MAX_FOLDER_FILES:
                log.warning("dropped folder %s: only the first %d files", folder, len(out))
                return out
    return out


def sources_from_mime(mime: QMimeData) -> list[DropSource]:
    """What a drag carries, in order: local files (folders expanded), http(s)
    links, and text (left out when it only repeats the links)."""
    out: list[DropSource] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            out.append(DropSource(kind, value))

    url_texts: set[str] = set()
    if mime.hasUrls() or mime.hasFormat(GNOME_COPIED_FILES):
        for url in mime.urls() or _gnome_copied_files(mime):
            if url.isLocalFile():
                path = url.toLocalFile()
                url_texts.update({url.toString(), path})
                if os.path.isdir(path):
                    for f in _folder_files(path):
                        add("file", f)
                else:
                    add("file", path)
            elif url.scheme().lower() in ("http", "https"):
                text = url.toString()
                url_texts.add(text)
                add("url", text)
    if mime.hasText():
        text = mime.text().strip()
        if text:
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            if all(ln in url_texts for ln in lines):
                return out  # the text only repeats the links
            if all(ln.startswith("file://") for ln in lines):
                for ln in lines:
                    add("file", QUrl(ln).toLocalFile())
            elif len(lines) == 1 and _URL_RE.match(lines[0]):
                add("url", lines[0])
            else:
                add("text", text)
    elif mime.hasHtml() and not out:
        # HTML without a plain-text flavour (a saved page's source copied as HTML)
        html = mime.html().strip()
        if html:
            add("text", html)
    return out


def _gnome_copied_files(mime: QMimeData) -> list[QUrl]:
    """The file URLs of GNOME's copied-files clipboard format (empty if none)."""
    if not mime.hasFormat(GNOME_COPIED_FILES):
        return []
    raw = bytes(mime.data(GNOME_COPIED_FILES).data()).decode("utf-8", "replace")
    return [QUrl(ln.strip()) for ln in raw.splitlines()[1:] if ln.strip().startswith("file:")]


def can_import(mime: QMimeData) -> bool:
    """Cheap check for dragEnterEvent and paste: files, http(s) links, text or HTML."""
    urls = mime.urls() if mime.hasUrls() else _gnome_copied_files(mime)
    if any(u.isLocalFile() or u.scheme().lower() in ("http", "https") for u in urls):
        return True
    if mime.hasText():
        return bool(mime.text().strip())
    return mime.hasHtml() and bool(mime.html().strip())


def read_dropped(text: str) -> object:
    """A ReadResult for dragged text or a link (DOI, BibTeX, RIS, URL…)."""
    try:
        from app.core.extract import read_dropped_text
    except ImportError:
        read_dropped_text = None  # type: ignore[assignment]
    if read_dropped_text is not None:
        return read_dropped_text(text)
    return _fallback_read(text)


def _fallback_read(text: str) -> object:
    """Used only while app.core.extract has no read_dropped_text: the registry for
    BibTeX/RIS/CSL-JSON text, a bare web-page record for a link."""
    from datetime import date

    from app.core import formats
    from app.core.errors import FormatError
    from app.core.records import PartialDate

    s = text.strip()
    if _URL_RE.match(s):
        today = date.today()
        rec = Record(type="webpage", title=s, url=s,
                     accessed=PartialDate(today.year, today.month, today.day))
        return formats.ReadResult(records=[rec])
    try:
        return formats.read_text(s, DROPPED_TEXT_SOURCE)
    except FormatError as exc:
        return formats.ReadResult(failures=[formats.Failure(
            DROPPED_TEXT_SOURCE, exc.line, exc.reason, s[:500])])


def merge_reports(into: ImportReport, other: ImportReport) -> ImportReport:
    into.added += other.added
    into.skipped += other.skipped
    into.merged += other.merged
    into.failures += other.failures
    into.warnings += other.warnings
    into.changes.merge(other.changes)
    return into


def import_sources(library: Library, sources: Sequence[DropSource], policy: str,
                   progress: Callable[[int, int], bool] | None = None) -> ImportReport:
    """Import dropped *sources* (no Qt: runs on the worker). One report for all."""
    from app.core.errors import FormatError

    report = ImportReport()
    files = [s.value for s in sources if s.kind == "file"]
    texts = [s.value for s in sources if s.kind in ("url", "text")]
    if files:
        merge_reports(report, library.import_files(files, policy=policy, progress=progress))
    records: list[Record] = []
    failures: list[object] = []
    warnings: list[object] = []
    for text in texts:
        try:
            res = read_dropped(text)
        except FormatError as exc:
            failures.append(_failure(exc.reason))
            continue
        got = list(getattr(res, "records", []))
        records += got
        warnings += list(getattr(res, "warnings", []))
        failures += list(getattr(res, "failures", [])) or ([] if got else [
            _failure(QT_TRANSLATE_NOOP("core", "no reference found in the dropped text"))])
    if records:
        # one import (one undo step) for every dropped text and link together
        merge_reports(report, library.import_records(
            records, policy=policy, label=QT_TRANSLATE_NOOP("core", "Drop"), failures=failures))
        report.warnings += warnings
    else:
        report.failures += failures
    return report


def _failure(reason: str) -> object:
    from app.core.formats import Failure

    return Failure(DROPPED_TEXT_SOURCE, None, reason)


def import_drop(library: Library, mime: QMimeData, runner: BaseTaskRunner,
                on_done: Callable[[ImportReport], None], *, policy: str | None = None,
                on_error: Callable[[BaseException], None] | None = None,
                ) -> TaskHandle | None:
    """Import what *mime* carries, off the GUI thread; *on_done(report)* on the GUI
    thread. Returns the task handle, or None if the drop holds nothing usable."""
    sources = sources_from_mime(mime)  # reads the QMimeData now, on the GUI thread
    if not sources:
        return None
    pol = policy or settings.get("duplicate_policy") or "skip"
    n = len(sources)
    label = QCoreApplication.translate("dragdrop", "Importing %n dropped item(s)…", "", n)
    log.info("drop: %d source(s), policy %s", n, pol)

    def work(progress: Callable[[int, int], bool]) -> ImportReport:
        progress(0, 0)
        return import_sources(library, sources, pol, progress)

    return runner.submit(work, label=label, on_done=on_done, on_error=on_error)


class DropFilter(QObject):
    """An event filter that makes any widget a drop target for imports.

    ``widget.setAcceptDrops(True); widget.installEventFilter(DropFilter(lib, runner))``;
    ``imported(report)`` is emitted when a drop has been imported.
    """

    imported = Signal(object)
    failed = Signal(object)

    def __init__(self, library: Library, runner: BaseTaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """QObject.eventFilter: accept importable drags, import on drop."""
        t = event.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if can_import(event.mimeData()):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
            return False
        if t == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            mime = event.mimeData()
            if not can_import(mime):
                return False
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            handle = import_drop(self.library, mime, self.runner, self.imported.emit,
                                 on_error=self.failed.emit)
            if handle is None:
                log.info("drop held nothing to import")
            return True
        return False
