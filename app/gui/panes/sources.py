"""The source list: All Records, Unfiled, Collections (nested), Tags, Duplicates, Trash.

Selecting an entry emits the :class:`~app.gui.table.model.Source` the table
should show. Records dragged from the table onto a collection are added to it,
onto a tag are tagged, onto the Trash are trashed.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.core.changes import Changes
from app.core.library import Library
from app.gui.operations import Operations
from app.gui.table.model import RECORD_IDS_MIME, Source, ids_from_mime, open_reader

log = logging.getLogger(__name__)

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

ALL, UNFILED, COLLECTIONS, COLLECTION, TAGS, TAG, DUPLICATES, TRASH = (
    "all", "unfiled", "collections", "collection", "tags", "tag", "duplicates", "trash")


class _TagBridge(QObject):
    ready = Signal(int, object)  # generation, [(tag, count)] or None


class SourceList(QTreeWidget):
    """The left-hand list of sources."""

    source_selected = Signal(object)  # Source
    #: the user asked to empty the trash (the window asks for confirmation)
    empty_trash_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceList")
        self.ops = ops
        self.library = ops.library
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        # the tag list is read after the window first paints, and again (coalesced)
        # after operations that may change tags: at 100,000 records it takes a while
        self._tags_timer = QTimer(self)
        self._tags_timer.setSingleShot(True)
        self._tags_timer.setInterval(0)
        self._tags_timer.timeout.connect(self._fill_tags_in_background)
        self._tag_gen = 0
        self._applied_gen = 0
        self._tag_lane: tuple[ThreadPoolExecutor, Library] | None = None
        self._tag_bridge = _TagBridge(self)
        self._tag_bridge.ready.connect(self._tags_ready, Qt.ConnectionType.QueuedConnection)
        self._build()
        self.currentItemChanged.connect(self._current_changed)
        self.setCurrentItem(self._items[ALL])

    # --------------------------------------------------------------- building
    def _make(self, parent: QTreeWidget | QTreeWidgetItem, text: str, kind: str,
              source: Source | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, KIND_ROLE, kind)
        item.setData(0, SOURCE_ROLE, source)
        if source is None:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _build(self) -> None:
        self._items = {
            ALL: self._make(self, self.tr("All Records"), ALL, Source()),
            UNFILED: self._make(self, self.tr("Unfiled"), UNFILED, Source(scope="unfiled")),
            COLLECTIONS: self._make(self, self.tr("Collections"), COLLECTIONS, None),
            TAGS: self._make(self, self.tr("Tags"), TAGS, None),
            DUPLICATES: self._make(self, self.tr("Duplicates"), DUPLICATES,
                                   Source(scope="duplicates")),
            TRASH: self._make(self, self.tr("Trash"), TRASH, Source(scope="trash")),
        }
        self._fill_collections()
        self._tags_timer.start(30)
        self._items[COLLECTIONS].setExpanded(True)
        self._update_counts()

    def _fill_collections(self) -> None:
        root = self._items[COLLECTIONS]
        root.takeChildren()
        by_id: dict[int, QTreeWidgetItem] = {}
        rows = self.library.collections()
        pending = list(rows)
        # parents before children, whatever the stored order
        while pending:
            rest = []
            for cid, name, parent in pending:
                if parent is None or parent in by_id or parent not in {r[0] for r in rows}:
                    holder = by_id.get(parent, root) if parent is not None else root
                    item = self._make(holder, name, COLLECTION, Source(collection=cid))
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled)
                    by_id[cid] = item
                else:
                    rest.append((cid, name, parent))
            if len(rest) == len(pending):
                break
            pending = rest

    def fill_tags(self) -> None:
        """(Re)read the tags with their counts now, keeping the selection."""
        self._tags_timer.stop()
        self._tag_gen += 1
        self._apply_tags(self.library.all_tags())

    def _fill_tags_in_background(self) -> None:
        """Read the tags on a worker with its own read-only connection (at 100,000
        records this takes a moment), then show them."""
        if self._tag_lane is None:
            reader = open_reader(self.library)
            if reader is None:
                self.fill_tags()
                return
            self._tag_lane = (ThreadPoolExecutor(max_workers=1,
                                                 thread_name_prefix="refshelf-tags"), reader)
        self._tag_gen += 1
        gen = self._tag_gen
        pool, reader = self._tag_lane

        def work() -> None:
            if gen != self._tag_gen:
                return
            try:
                tags: list[tuple[str, int]] | None = reader.all_tags()
            except Exception as exc:  # noqa: BLE001 - read them on the GUI thread then
                log.warning("reading the tags in the background failed: %s", exc)
                tags = None
            self._tag_bridge.ready.emit(gen, tags)

        pool.submit(work)

    def _tags_ready(self, gen: int, tags: list[tuple[str, int]] | None) -> None:
        if gen != self._tag_gen:
            return
        self._apply_tags(tags if tags is not None else self.library.all_tags())

    def close_readers(self) -> None:
        """Stop the background tag reader (the window calls this when it closes)."""
        self._tags_timer.stop()
        self._tag_gen += 1
        if self._tag_lane is not None:
            pool, reader = self._tag_lane
            pool.shutdown(wait=True)
            try:
                reader.conn.close()
            except Exception:  # noqa: BLE001 - closing anyway
                pass
            self._tag_lane = None

    def _apply_tags(self, tags: list[tuple[str, int]]) -> None:
        self._applied_gen = self._tag_gen
        current = self.current_source()
        root = self._items[TAGS]
        expanded = root.isExpanded()
        self.blockSignals(True)
        try:
            self._fill_tags(tags)
            root.setExpanded(expanded)
            if current.tag is not None:
                target = self.item_for(current)
                self.setCurrentItem(target or self._items[ALL])
        finally:
            self.blockSignals(False)
        if self.current_source() != current:
            self.source_selected.emit(self.current_source())

    def _fill_tags(self, tags: list[tuple[str, int]]) -> None:
        root = self._items[TAGS]
        root.takeChildren()
        for tag, n in tags:
            item = self._make(root, f"{tag} ({n})", TAG, Source(tag=tag))
            item.setData(0, Qt.ItemDataRole.ToolTipRole, tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled)

    def _update_counts(self) -> None:
        n_trash = self.library.count(trash=True)
        trash = self._items[TRASH]
        trash.setText(0, self.tr("Trash") + (f" ({n_trash})" if n_trash else ""))
        trash.setFlags(trash.flags() | Qt.ItemFlag.ItemIsDropEnabled)

    def refresh(self, changes: Changes | None = None) -> None:
        """Rebuild what *changes* touched, keeping the selection and expansion."""
        if changes is not None and not (changes.collections or changes.tags
                                        or changes.removed or changes.restored):
            return
        current = self.current_source()
        expanded = {self._key(it) for it in self._walk() if it.isExpanded()}
        self.blockSignals(True)
        try:
            if changes is None or changes.collections:
                self._fill_collections()
            if changes is None or changes.tags:
                self._tags_timer.start(0)
            self._update_counts()
            for it in self._walk():
                if self._key(it) in expanded:
                    it.setExpanded(True)
            target = self.item_for(current) or self._items[ALL]
            self.setCurrentItem(target)
        finally:
            self.blockSignals(False)
        if self.current_source() != current:
            self.source_selected.emit(self.current_source())

    def _walk(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            it = stack.pop()
            out.append(it)
            stack += [it.child(i) for i in range(it.childCount())]
        return out

    @staticmethod
    def _key(item: QTreeWidgetItem) -> tuple[str, Any]:
        return (item.data(0, KIND_ROLE), item.data(0, SOURCE_ROLE))

    # -------------------------------------------------------------- selection
    def item_for(self, source: Source) -> QTreeWidgetItem | None:
        for it in self._walk():
            if it.data(0, SOURCE_ROLE) == source:
                return it
        return None

    def current_source(self) -> Source:
        it = self.currentItem()
        src = it.data(0, SOURCE_ROLE) if it is not None else None
        return src if isinstance(src, Source) else Source()

    def select_source(self, source: Source) -> bool:
        it = self.item_for(source)
        if it is None:
            return False
        self.setCurrentItem(it)
        return True

    def collection_item(self, cid: int) -> QTreeWidgetItem | None:
        return self.item_for(Source(collection=cid))

    def tag_item(self, tag: str) -> QTreeWidgetItem | None:
        return self.item_for(Source(tag=tag))

    def _current_changed(self, cur: QTreeWidgetItem | None, _prev: Any) -> None:
        if cur is None:
            return
        src = cur.data(0, SOURCE_ROLE)
        if isinstance(src, Source):
            self.source_selected.emit(src)

    # ---------------------------------------------------------- context menu
    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        menu = self.menu_for(item)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))

    def menu_for(self, item: QTreeWidgetItem | None) -> QMenu:
        menu = QMenu(self)
        kind = item.data(0, KIND_ROLE) if item is not None else None
        if kind in (COLLECTIONS, None, ALL):
            menu.addAction(self.tr("New Collection…"), lambda: self.prompt_new_collection(None))
        elif kind == COLLECTION:
            cid = item.data(0, SOURCE_ROLE).collection  # type: ignore[union-attr]
            menu.addAction(self.tr("New Subcollection…"), lambda: self.prompt_new_collection(cid))
            menu.addAction(self.tr("Rename Collection…"), lambda: self.prompt_rename(cid))
            menu.addAction(self.tr("Move to Top Level"),
                           lambda: self.ops.move_collection(cid, None))
            menu.addSeparator()
            menu.addAction(self.tr("Delete Collection…"), lambda: self.confirm_delete(cid))
        elif kind == TRASH:
            menu.addAction(self.tr("Empty Trash…"), self.empty_trash_requested.emit)
        return menu

    def prompt_new_collection(self, parent: int | None) -> int | None:
        name, ok = QInputDialog.getText(self, self.tr("New Collection"), self.tr("Name:"),
                                        QLineEdit.EchoMode.Normal, "")
        if not ok or not name.strip():
            return None
        res = self.ops.create_collection(name.strip(), parent)
        if res is None:
            return None
        self.select_source(Source(collection=res.value))
        return res.value

    def prompt_rename(self, cid: int) -> None:
        item = self.collection_item(cid)
        old = item.text(0) if item else ""
        name, ok = QInputDialog.getText(self, self.tr("Rename Collection"), self.tr("Name:"),
                                        QLineEdit.EchoMode.Normal, old)
        if ok and name.strip() and name.strip() != old:
            self.ops.rename_collection(cid, name.strip())

    def confirm_delete(self, cid: int) -> None:
        item = self.collection_item(cid)
        name = item.text(0) if item else ""
        answer = QMessageBox.question(
            self, self.tr("Delete Collection"),
            self.tr("Delete the collection “{name}” and its subcollections? "
                    "The records stay in the library.").format(name=name))
        if answer == QMessageBox.StandardButton.Yes:
            self.ops.delete_collection(cid)

    # ------------------------------------------------------------ drag & drop
    def mimeTypes(self) -> list[str]:
        return [RECORD_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def _drop_target(self, pos: QPoint) -> QTreeWidgetItem | None:
        item = self.itemAt(pos)
        if item is not None and item.data(0, KIND_ROLE) in (COLLECTION, TAG, TRASH):
            return item
        return None

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasFormat(RECORD_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if (event.mimeData().hasFormat(RECORD_IDS_MIME)
                and self._drop_target(event.position().toPoint()) is not None):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        ids = ids_from_mime(event.mimeData())
        item = self._drop_target(event.position().toPoint())
        if not ids or item is None:
            event.ignore()
            return
        self.drop_ids(item, ids)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def drop_ids(self, item: QTreeWidgetItem, ids: list[int]) -> None:
        """Records dropped on *item*: add to a collection, tag, or trash them."""
        kind = item.data(0, KIND_ROLE)
        src: Source = item.data(0, SOURCE_ROLE)
        if kind == COLLECTION and src.collection is not None:
            self.ops.add_to_collection(src.collection, ids)
        elif kind == TAG and src.tag is not None:
            self.ops.add_tags(ids, [src.tag])
        elif kind == TRASH:
            self.ops.trash(ids)
