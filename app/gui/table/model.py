"""The record table model: ids in the order the core gives them, rows fetched lazily.

The model never loads the library. It holds the ordered record ids that
``Library.query_ids`` returns for the current search, source and sort (the
core sorts and filters in SQL/FTS5), and reads display columns with
``Library.rows`` in batches around the rows the view asks for. After each
operation, :meth:`RecordTableModel.apply_changes` drops only what changed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from app.core.changes import Changes
from app.core.library import Library
from app.gui.table.columns import COLUMNS, Column, row_sources, type_label

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID = int(ID_ROLE)
RECORD_IDS_MIME = "application/x-refshelf-record-ids"

AnyIndex = QModelIndex | QPersistentModelIndex


class _InterruptedFilter(logging.Filter):
    """Hide the core's warning for a search this model interrupted on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(a, sqlite3.OperationalError) and "interrupt" in str(a)
                       for a in args)


logging.getLogger("app.core.library").addFilter(_InterruptedFilter())


class _Bridge(QObject):
    """Carries a background query's result to the GUI thread."""

    first = Signal(int, object)  # generation, (the first page of ids, query args)
    delivered = Signal(int, object)  # generation, ids (None: failed)


def open_reader(library: Library) -> Library | None:
    """A second, read-only handle on *library* for background queries (WAL lets it
    read while the window writes). None if it cannot be opened."""
    if not Path(library.path).exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{Path(library.path).as_posix()}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False, timeout=5)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA cache_size=-16000")
        conn.execute("PRAGMA temp_store=MEMORY")
        return Library(Path(library.path), sqlite_utils.Database(conn), read_only=True)
    except sqlite3.Error as exc:
        log.warning("no background reader for %s: %s", library.path, exc)
        return None


@dataclass(frozen=True)
class Source:
    """Which records the table shows: a scope of ``Library.query_ids`` and a narrowing."""

    scope: str = "all"  # all, trash, duplicates, unfiled
    collection: int | None = None
    tag: str | None = None


class RecordTableModel(QAbstractTableModel):
    """A table over record ids with a lazy, batched row cache."""

    BATCH = 100  # rows fetched per Library.rows call (a screenful or two)
    CACHE_MAX = 5000  # cached rows before the cache is dropped

    #: emitted after the id list was replaced (search, source, sort, membership change)
    requeried = Signal()
    #: emitted when every id of the current query is in the model
    completed = Signal()
    FIRST_PAGE = 400  # ids shown at once; the rest follow from a background query
    FULL_DELAY_MS = 80  # the full list is read this long after the first page
    #: the same after a typed search (``wait=False``): while the user types on, the next
    #: keystroke comes first and the full list of this one is never read
    SEARCH_FULL_DELAY_MS = 300
    #: SQLite VM steps between two checks whether a background query became stale
    PROGRESS_STEPS = 100_000  # a few milliseconds of a search

    def __init__(self, library: Library, parent: Any = None, *,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.library = library
        self.background = background
        self.complete = True
        self._generation = 0
        self._lanes: dict[str, tuple[ThreadPoolExecutor, Library]] = {}
        self._inflight: dict[str, int] = {}  # lane -> generation of its running query
        self._reader_failed = False
        self._bridge = _Bridge(self)
        self._bridge.delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self._bridge.first.connect(self._on_first, Qt.ConnectionType.QueuedConnection)
        self.searching = False  # a background search has not delivered its first page
        self.columns: tuple[Column, ...] = COLUMNS
        # the DOI stands in for a missing title (a dropped or pasted DOI)
        self._sources = [*row_sources(), "doi_norm"]
        self._source_pos = {s: i for i, s in enumerate(self._sources)}
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        #: id -> (display strings, has attachments, the title shown is a stand-in)
        self._cache: dict[int, tuple[tuple[str, ...], bool, bool]] = {}
        self._ncols = len(self.columns)
        self._aligns = [int(c.align.value) for c in self.columns]
        self._attach_col = self.column_index("attachments")
        self._title_col = self.column_index("title")
        self._standin_font: QFont | None = None
        self._flags = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                       | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)
        self._empty_row: tuple[Any, ...] = tuple(None for _ in self._sources)
        self.query = ""
        self.source = Source()
        self.sort_key = "date_added"
        self.descending = True
        self._sort_column = self.column_index("date_added")
        self._attach_icon: QIcon | None = None
        #: turns records into text for drags (set by the window: formatted citations)
        self.drag_text: Callable[[list[int]], str] | None = None
        self.fetches = 0  # Library.rows calls, for tests and the benchmark
        self.aborted = 0  # stale background queries stopped by the progress handler
        self.requery()

    # ----------------------------------------------------------------- state
    def column_index(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def set_query(self, text: str, *, wait: bool = True) -> None:
        """Filter by the core's search language (empty: everything in the source).

        With ``wait=False`` (search-as-you-type) even the first page is read on the
        background connection: the GUI thread never waits for the search, the
        current rows stay until the new ones arrive (:attr:`requeried`).
        """
        text = text.strip()
        if text == self.query:
            return
        self.query = text
        self.requery(wait=wait)

    def set_source(self, source: Source) -> None:
        if source == self.source:
            return
        self.source = source
        self.requery()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by *column* (done by the core in SQL)."""
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].sort
        desc = order == Qt.SortOrder.DescendingOrder
        if key == self.sort_key and desc == self.descending and column == self._sort_column:
            return
        self._sort_column = column
        self.sort_key, self.descending = key, desc
        self.requery()

    def requery(self, *, wait: bool = True) -> None:
        """Ask the core again for the ordered ids (cached rows stay: they are still valid).

        Two steps, so that a sort or a keystroke shows rows at once at any library
        size: the first :attr:`FIRST_PAGE` ids (SQLite walks the sort index and
        stops), then the whole list, read on a background thread through a
        read-only connection and appended (it starts with the same ids). With
        ``wait=False`` the first step runs in the background too.
        """
        self._generation += 1
        gen = self._generation
        self._interrupt_stale()
        args = (self.query, self.sort_key, self.descending, self.source)
        lane = self._lane("first") if self.background else None
        if lane is not None and not wait:
            self.searching = True
            lane[0].submit(self._first_work, lane[1], gen, args)
            return
        first = self._query(self.library, *args, limit=self.FIRST_PAGE)
        self._show_first(gen, first)
        self._start_full(gen, args)

    def _start_full(self, gen: int, args: tuple[Any, ...], delay_ms: int | None = None
                    ) -> None:
        """After the first page: the whole list, on its own lane (so that the next
        keystroke's first page never waits behind it)."""
        if self.complete:
            return
        lane = self._lane("full") if self.background else None
        if lane is None:
            self._deliver(gen, self._query(self.library, *args))
            return

        def submit() -> None:
            if gen == self._generation and lane is not None:
                lane[0].submit(self._full_work, lane[1], gen, args)

        # Start once the first rows are painted: reading 100,000 ids passes the GIL
        # back and forth with the GUI thread and would slow that first paint down.
        QTimer.singleShot(self.FULL_DELAY_MS if delay_ms is None else delay_ms, submit)

    def _first_work(self, reader: Library, gen: int, args: tuple[Any, ...]) -> None:
        """On the first-page thread."""
        # announced before the check: either this sees the newer generation or the
        # GUI thread sees this query running (and the progress handler stops it)
        self._inflight["first"] = gen
        if gen != self._generation:
            self._inflight["first"] = 0
            return  # superseded before it started
        try:
            first = self._query(reader, *args, limit=self.FIRST_PAGE)
        except Exception as exc:  # noqa: BLE001 - fall back to the GUI thread
            log.warning("background query failed (%s); querying again", exc)
            self._bridge.delivered.emit(gen, None)
            return
        finally:
            self._inflight["first"] = 0
        if gen == self._generation:  # an interrupted (superseded) query is dropped
            self._bridge.first.emit(gen, (first, args))

    def _full_work(self, reader: Library, gen: int, args: tuple[Any, ...]) -> None:
        """On the full-list thread."""
        self._inflight["full"] = gen
        if gen != self._generation:
            self._inflight["full"] = 0
            return
        try:
            ids: list[int] | None = self._query(reader, *args)
        except Exception as exc:  # noqa: BLE001 - fall back to the GUI thread
            log.warning("background query failed (%s); querying again", exc)
            ids = None
        finally:
            self._inflight["full"] = 0
        if gen == self._generation:
            self._bridge.delivered.emit(gen, ids)

    def _interrupt_stale(self) -> None:
        """Stop background queries of an older search or sort (SQLite's interrupt
        ends only the statement running now; the lane's next query runs normally)."""
        for name, (_pool, reader) in self._lanes.items():
            if self._stale(name):
                reader.conn.interrupt()

    def _stale(self, lane: str) -> bool:
        """True if *lane* is running a query of an older search or sort."""
        running = self._inflight.get(lane, 0)
        return bool(running) and running != self._generation

    def _progress(self, lane: str) -> int:
        """SQLite's progress handler on *lane*'s connection: a non-zero answer stops
        the statement. It catches a query that started just after the GUI thread's
        interrupt (which only reaches statements already running)."""
        if self._stale(lane):
            self.aborted += 1
            return 1
        return 0

    def _on_first(self, gen: int, payload: tuple[list[int], tuple[Any, ...]]) -> None:
        if gen != self._generation:
            return
        first, args = payload
        self._show_first(gen, first)
        self._start_full(gen, args, self.SEARCH_FULL_DELAY_MS)

    def _show_first(self, gen: int, first: list[int]) -> None:
        self.searching = False
        self.beginResetModel()
        self._ids = first
        self._row_of = None
        self.complete = len(first) < self.FIRST_PAGE
        self.endResetModel()
        self.requeried.emit()
        if self.complete:
            self.completed.emit()

    @staticmethod
    def _query(lib: Library, query: str, sort: str, desc: bool, source: Source,
               limit: int | None = None) -> list[int]:
        return lib.query_ids(query, sort=sort, descending=desc, scope=source.scope,
                             collection=source.collection, tag=source.tag, limit=limit)

    def _on_delivered(self, gen: int, ids: list[int] | None) -> None:
        if gen != self._generation:
            return  # a newer search or sort has started
        if ids is None:
            ids = self._query(self.library, self.query, self.sort_key, self.descending,
                              self.source)
            if self.searching:
                self._show_first(gen, ids[:self.FIRST_PAGE])
        self._deliver(gen, ids)

    def _deliver(self, gen: int, ids: list[int]) -> None:
        if gen != self._generation or self.complete:
            return
        n = len(self._ids)
        if ids[:n] != self._ids:
            # the library changed in between: start over with the full list
            self.beginResetModel()
            self._ids = ids
            self._row_of = None
            self.complete = True
            self.endResetModel()
            self.requeried.emit()
        else:
            if len(ids) > n:
                self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
                self._ids = ids
                self._row_of = None
                self.complete = True
                self.endInsertRows()
            self.complete = True
        self.completed.emit()

    def ensure_complete(self) -> None:
        """Make every id of the current query available now (Select All, selecting ids)."""
        if self.searching:
            self._generation += 1
            self._show_first(self._generation, self._query(
                self.library, self.query, self.sort_key, self.descending, self.source,
                limit=self.FIRST_PAGE))
        if not self.complete:
            self._deliver(self._generation, self._query(
                self.library, self.query, self.sort_key, self.descending, self.source))

    def _lane(self, name: str) -> tuple[ThreadPoolExecutor, Library] | None:
        """A worker thread with its own read-only connection; None if unavailable."""
        if name not in self._lanes and not self._reader_failed:
            reader = open_reader(self.library)
            if reader is None:
                self._reader_failed = True
                return None
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"refshelf-{name}")
            reader.conn.set_progress_handler(lambda n=name: self._progress(n),
                                             self.PROGRESS_STEPS)
            self._lanes[name] = (pool, reader)
        return self._lanes.get(name)

    def close(self) -> None:
        """Stop the background readers (the window calls this when it closes)."""
        self._generation += 1
        self._interrupt_stale()  # do not wait for a search nobody will see
        for pool, reader in self._lanes.values():
            pool.shutdown(wait=True)
            try:
                reader.conn.close()
            except sqlite3.Error:
                pass
        self._lanes.clear()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh after an operation: only what *changes* names."""
        if changes.empty:
            return
        stale = changes.modified | changes.added | changes.removed | changes.restored
        for rid in stale:
            self._cache.pop(rid, None)
        if (changes.membership or self.source.scope == "duplicates"
                or (changes.tags and self.source.tag is not None)):
            self.requery()
            return
        if not changes.modified:
            return
        last = self.columnCount() - 1
        if len(changes.modified) > 50:
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last))
            return
        for rid in changes.modified:
            row = self.row_of(rid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # ------------------------------------------------------------- id access
    def ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def ids_in_rows(self, first: int, last: int) -> list[int]:
        return self._ids[max(first, 0):last + 1]

    def row_of(self, rid: int) -> int | None:
        if self._row_of is None:
            self._row_of = {r: i for i, r in enumerate(self._ids)}
        return self._row_of.get(rid)

    def rows_of(self, ids: Iterable[int]) -> list[int]:
        """Rows of the *ids* that are shown, sorted."""
        out = (self.row_of(r) for r in ids)
        return sorted(r for r in out if r is not None)

    def cached_count(self) -> int:
        return len(self._cache)

    # ------------------------------------------------------------ row cache
    # The cache holds, per id, the display strings of every column (formatted once)
    # and whether the record has attachments.
    def _row(self, row: int) -> tuple[tuple[str, ...], bool, bool]:
        rid = self._ids[row]
        entry = self._cache.get(rid)
        if entry is None:
            self._fetch_around(row)
            entry = self._cache.get(rid) or self._format(rid, self._empty_row)
        return entry

    def _fetch_around(self, row: int) -> None:
        start = row - row % self.BATCH
        want = [r for r in self._ids[start:start + self.BATCH] if r not in self._cache]
        if len(self._cache) + len(want) > self.CACHE_MAX:
            self._cache.clear()
            want = self._ids[start:start + self.BATCH]
        got = self.library.rows(want, self._sources)
        self.fetches += 1
        for rid in want:
            self._cache[rid] = self._format(rid, got.get(rid, self._empty_row))

    def _format(self, rid: int, values: tuple[Any, ...]) -> tuple[tuple[str, ...], bool, bool]:
        out: list[str] = []
        pos = self._source_pos
        standin = False
        for col in self.columns:
            if col.source == "id":
                out.append(str(rid))
                continue
            v = values[pos[col.source]]
            if col.key == "title" and v is not None and not str(v).strip():
                # no title yet (a DOI-only drop, a new record): show something the row
                # can be found by, drawn as a stand-in (the field itself stays empty)
                out.append(self.untitled_text(values[pos["doi_norm"]] or ""))
                standin = True
            elif v is None or col.key == "attachments":
                out.append("")
            elif col.key == "type":
                out.append(type_label(str(v)))
            elif col.key in ("date_added", "date_modified"):
                out.append(str(v)[:10])
            else:
                out.append(str(v))
        return tuple(out), bool(values[pos["has_attachment"]]), standin

    @staticmethod
    def untitled_text(doi: str) -> str:
        """What the Title column shows for a record without a title: its DOI, else a
        note that it has no title."""
        if doi:
            return QCoreApplication.translate("RecordTableModel", "DOI {doi}").format(doi=doi)
        return QCoreApplication.translate("RecordTableModel", "(no title)")

    def is_standin(self, row: int) -> bool:
        """True if the Title cell of *row* shows a stand-in (the record has no title)."""
        return 0 <= row < len(self._ids) and self._row(row)[2]

    def _display(self, row: int, col: Column) -> str:
        return self._row(row)[0][self.columns.index(col)]

    # --------------------------------------------------------------- Qt API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return self._flags if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        # Called thousands of times per paint: plain ints, the common roles first.
        row, c = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= c < self._ncols):
            return None
        if role == _DISPLAY:
            return self._row(row)[0][c]
        if role == _ALIGN:
            return self._aligns[c]
        if role == _ID:
            return self._ids[row]
        if role == _DECORATION:
            if c == self._attach_col and self._row(row)[1]:
                return self._icon()
            return None
        if role == _TOOLTIP:
            if c == self._attach_col:
                return (QCoreApplication.translate("RecordTableModel", "Has attachments")
                        if self._row(row)[1] else None)
            text = self._row(row)[0][c]
            return text if len(text) > 40 else None
        if role == _FONT or role == _FOREGROUND:
            if c == self._title_col and self._row(row)[2]:
                return self._standin_style(role)
        return None

    def _standin_style(self, role: int) -> QFont | QBrush:
        """Italic, in the placeholder colour: the title cell shows a stand-in."""
        if role == _FONT:
            if self._standin_font is None:
                self._standin_font = QFont()
                self._standin_font.setItalic(True)
            return self._standin_font
        return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if col.key == "attachments" else col.display_title()
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.display_title()
        if role == Qt.ItemDataRole.DecorationRole and col.key == "attachments":
            return self._icon()
        return None

    def _icon(self) -> QIcon:
        if self._attach_icon is None:
            style = QApplication.style()
            self._attach_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return self._attach_icon

    # ------------------------------------------------------------ drag out
    def mimeTypes(self) -> list[str]:
        return [RECORD_IDS_MIME, "text/plain"]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._ids[r] for r in rows if 0 <= r < len(self._ids)]
        mime = QMimeData()
        mime.setData(RECORD_IDS_MIME, QByteArray(json.dumps(ids).encode()))
        text = ""
        if self.drag_text is not None:
            try:
                text = self.drag_text(ids)
            except Exception:  # a failed formatting must not break the drag
                log.exception("formatting dragged records failed")
        if not text:
            text = "\n".join(str(self._display(r, self.columns[self.column_index("title")]))
                             for r in rows)
        mime.setText(text)
        return mime


def ids_from_mime(mime: QMimeData) -> list[int]:
    """Record ids dragged out of a record table, or []."""
    if not mime.hasFormat(RECORD_IDS_MIME):
        return []
    try:
        data = json.loads(bytes(mime.data(RECORD_IDS_MIME).data()).decode())
        return [int(x) for x in data]
    except (ValueError, TypeError):
        return []
