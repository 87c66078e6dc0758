"""The record table view: uniform rows, movable columns, a column chooser,
selection by record id that survives re-sorting and re-searching."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from app.gui.table.model import RecordTableModel

log = logging.getLogger(__name__)


class RecordTableView(QTableView):
    """Shows a :class:`RecordTableModel`; emits the selected ids when they change."""

    #: the selected record ids, in table order
    ids_selected = Signal(list)

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordTable")
        self.setModel(model)
        self._model = model
        self._keep: tuple[list[int], int | None] = ([], None)
        self._pending_selection: tuple[list[int], int | None] | None = None
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setTabKeyNavigation(False)
        vh = self.verticalHeader()
        vh.hide()
        # fixed, uniform row heights: the view never measures 100,000 rows
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSortIndicatorShown(True)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.apply_default_columns()
        hh.setSortIndicator(model.sort_column, Qt.SortOrder.DescendingOrder if model.descending
                            else Qt.SortOrder.AscendingOrder)
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        model.completed.connect(self._completed)
        self.selectionModel().selectionChanged.connect(self._selection_changed)

    # ---------------------------------------------------------------- columns
    def apply_default_columns(self) -> None:
        hh = self.horizontalHeader()
        for i, col in enumerate(self._model.columns):
            hh.resizeSection(i, col.width)
            hh.setSectionHidden(i, not col.default)
            hh.moveSection(hh.visualIndex(i), i)
        att = self._model.column_index("attachments")
        hh.setSectionResizeMode(att, QHeaderView.ResizeMode.Fixed)

    def shown_columns(self) -> list[str]:
        """Keys of the shown columns, in visual order."""
        hh = self.horizontalHeader()
        logical = sorted(range(hh.count()), key=hh.visualIndex)
        return [self._model.columns[i].key for i in logical if not hh.isSectionHidden(i)]

    def set_column_shown(self, key: str, shown: bool) -> None:
        i = self._model.column_index(key)
        if not shown and len(self.shown_columns()) <= 1:
            return  # keep at least one column
        self.horizontalHeader().setSectionHidden(i, not shown)

    def column_menu(self) -> QMenu:
        """A menu of checkable columns (the column chooser)."""
        menu = QMenu(self.tr("Columns"), self)
        for col in self._model.columns:
            act = QAction(col.display_title(), menu)
            act.setCheckable(True)
            act.setChecked(col.key in self.shown_columns())
            act.toggled.connect(lambda on, k=col.key: self.set_column_shown(k, on))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.tr("Restore Default Columns"), self.apply_default_columns)
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))

    def save_header(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | bytes | None) -> bool:
        """Restore column order, widths, visibility and sort. False if *state* is unusable."""
        if not state:
            return False
        hh = self.horizontalHeader()
        if not hh.restoreState(QByteArray(state)) or hh.count() != self._model.columnCount():
            self.apply_default_columns()
            return False
        self._model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        return True

    # -------------------------------------------------------------- selection
    def selected_ids(self) -> list[int]:
        """Selected record ids in table order (cheap even for huge selections)."""
        rows: set[int] = set()
        for rng in self.selectionModel().selection():
            rows.update(range(rng.top(), rng.bottom() + 1))
        return [rid for r in sorted(rows) if (rid := self._model.id_at(r)) is not None]

    def current_id(self) -> int | None:
        idx = self.currentIndex()
        return self._model.id_at(idx.row()) if idx.isValid() else None

    def select_ids(self, ids: Iterable[int], *, current: int | None = None,
                   scroll: bool = True) -> None:
        """Select the rows of *ids* that are shown, make *current* (or the first) current."""
        ids = list(ids)
        rows = self._model.rows_of(ids)
        if len(rows) < len(ids) and not self._model.complete:
            self._model.ensure_complete()  # the ids may lie beyond the first page
            rows = self._model.rows_of(ids)
        sel = QItemSelection()
        last_col = self._model.columnCount() - 1
        start = prev = None
        for r in rows:
            if start is None:
                start = prev = r
            elif r == prev + 1:
                prev = r
            else:
                sel.select(self._model.index(start, 0), self._model.index(prev, last_col))
                start = prev = r
        if start is not None:
            sel.select(self._model.index(start, 0), self._model.index(prev, last_col))
        sm = self.selectionModel()
        cur_row = self._model.row_of(current) if current is not None else None
        if cur_row is None and rows:
            cur_row = rows[0]
        if cur_row is not None:
            sm.setCurrentIndex(self._model.index(cur_row, self._first_visible_column()),
                               QItemSelectionModel.SelectionFlag.NoUpdate)
            if scroll:
                self.scrollTo(self._model.index(cur_row, 0),
                              QAbstractItemView.ScrollHint.EnsureVisible)
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not rows:
            self._selection_changed()

    def _first_visible_column(self) -> int:
        hh = self.horizontalHeader()
        for v in range(hh.count()):
            li = hh.logicalIndex(v)
            if not hh.isSectionHidden(li):
                return li
        return 0

    def _remember_selection(self) -> None:
        if self._pending_selection is not None:  # still waiting for the last one
            self._keep = self._pending_selection
            self._pending_selection = None
            return
        self._keep = (self.selected_ids(), self.current_id())

    def _restore_selection(self) -> None:
        ids, cur = self._keep
        self._keep = ([], None)
        if not ids:
            # nothing was selected and nothing is: no news for the detail pane (a
            # search or sort would otherwise refill it on every keystroke)
            return
        found = self._model.rows_of(ids)
        if len(found) < len(ids) and not self._model.complete:
            # the rest may arrive with the full id list: select again then
            self._pending_selection = (ids, cur)
            sel_now = [self._model.id_at(r) for r in found]
            self._select_rows_only(sel_now, cur)
            return
        self.select_ids(ids, current=cur, scroll=True)

    def _select_rows_only(self, ids: list[int | None], cur: int | None) -> None:
        """Select ids already shown, without asking for the full list."""
        shown = [i for i in ids if i is not None]
        if shown:
            self.select_ids(shown, current=cur if cur in shown else None)
        else:
            self._selection_changed()

    def _completed(self) -> None:
        pending, self._pending_selection = self._pending_selection, None
        if pending is not None:
            ids, cur = pending
            self.select_ids(ids, current=cur, scroll=True)

    def _selection_changed(self, *_args: object) -> None:
        self.ids_selected.emit(self.selected_ids())
