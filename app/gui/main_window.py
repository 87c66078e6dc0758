"""The main window: sources | record table | detail over abstract.

Everything the user changes goes through :class:`~app.gui.operations.Operations`
(one undo command each, Changes announced to every view). Long work (import,
export, big copies) runs on the :class:`~app.gui.tasks.TaskRunner`. Layout,
columns and sort are kept in QSettings (``gui.ini`` in the config folder).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QMimeData, QObject, QSettings, Qt, QTimer
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)

from app.core import paths
from app.core.changes import Changes, OpResult
from app.core.errors import UserError
from app.core.library import ImportReport, Library
from app.core.records import Record
from app.gui.operations import Operations
from app.gui.panes.abstract import AbstractPane
from app.gui.panes.detail import DetailPane
from app.gui.panes.sources import SourceList
from app.gui.panes.welcome import WelcomeView
from app.gui.shortcuts import ShortcutsDialog, shortcut_rows
from app.gui.table.model import RECORD_IDS_MIME, RecordTableModel, Source
from app.gui.table.view import RecordTableView
from app.gui.tasks import BaseTaskRunner, TaskRunner, user_message
from app.gui.undo import UndoStack

log = logging.getLogger(__name__)

#: delay before a typed search runs; 0: as soon as the event loop is free (keys that
#: arrive together, as a paste or an input method's commit, give one search)
SEARCH_DELAY_MS = 0
MAX_PREVIEW_RECORDS = 20
SETTINGS_VERSION = 1


def gui_settings() -> QSettings:
    """The window's QSettings: ``gui.ini`` in the config folder (isolated in tests)."""
    return QSettings(str(paths.config_dir() / "gui.ini"), QSettings.Format.IniFormat)


def _icon(name: str) -> QIcon:
    try:
        from app.gui.icons import icon

        return icon(name)
    except Exception:  # noqa: BLE001 - an icon never stops the window
        return QIcon()


class _FirstPaint(QObject):
    """Calls *callback* once, after *widget* first paints (then removes itself)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        # if the window is never shown (tests), do it anyway soon
        QTimer.singleShot(1500, self._fire)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        cb, self._callback = self._callback, None
        if cb is not None:
            self._widget.removeEventFilter(self)
            cb()


class MainWindow(QMainWindow):
    """One library's window."""

    def __init__(self, library: Library, *, runner: BaseTaskRunner | None = None,
                 settings: QSettings | None = None, citation_preview: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.library = library
        self.settings = settings or gui_settings()
        self.runner = runner or TaskRunner(self, dialog_parent=self)
        if getattr(self.runner, "dialog_parent", None) is None:
            self.runner.dialog_parent = self
        self.undo_stack = UndoStack(library, self)
        self.ops = Operations(library, self.undo_stack, self)
        self.last_error = ""
        self._closed = False
        self.actions_by_name: dict[str, QAction] = {}

        self.model = RecordTableModel(library, self)
        self.model.drag_text = self._drag_text
        self.table = RecordTableView(self.model)
        self.welcome = WelcomeView()
        self.center = QStackedWidget()
        self.center.addWidget(self.table)
        self.center.addWidget(self.welcome)
        self.sources = SourceList(self.ops)
        self.detail = DetailPane(self.ops)
        self.abstract = AbstractPane()
        self.style_picker: Any = None
        self.preview: Any = None
        self._with_preview = citation_preview

        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("rightSplitter")
        self.right.addWidget(self.detail)
        self.right.addWidget(self.abstract)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 1)
        # the editable fields get three quarters; the read-only abstract the rest
        # (without sizes, the abstract's larger size hint took two thirds)
        self.right.setSizes([600, 200])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sources)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([180, 740, 440])
        self.setCentralWidget(self.splitter)

        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search (author:, title:, year:, tag:…)"))
        self.search.setToolTip(self.tr(
            "Words match titles, creators, publications, abstracts, keywords and notes.\n"
            "author:, title:, journal:, year:2019-2023, doi:, tag:, type:, key: narrow to one "
            "field; \"quoted phrase\"; -word excludes; OR gives either."))
        self.search.setMinimumWidth(260)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self._search_waiting = False  # typed while a search ran: search again after it
        self.search.textChanged.connect(self._search_typed)
        self.search.returnPressed.connect(self.apply_search)
        self.model.requeried.connect(self._search_caught_up)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_add_actions()

        self.table.ids_selected.connect(self._selection_changed)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(lambda _i: self.detail.setFocus())
        self.sources.source_selected.connect(self._source_selected)
        self.sources.empty_trash_requested.connect(self.empty_trash)
        self.ops.changed.connect(self._on_changes)
        self.ops.failed.connect(self.show_error)
        self.welcome.import_requested.connect(lambda: self.import_files())
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.model.requeried.connect(self._update_count)
        self.model.requeried.connect(self._update_welcome)
        self.model.completed.connect(self._update_count)

        self.setAcceptDrops(True)
        if library.read_only:
            self.setWindowTitle(self.tr("{name} (read-only) — Refshelf").format(
                name=self.library_name()))
            reason = getattr(library, "read_only_reason", "")
            self.statusBar().showMessage(
                self.tr("This library is open read-only: {reason}").format(
                    reason=QCoreApplication.translate("core", reason) if reason else ""))
        else:
            self.setWindowTitle(self.tr("{name} — Refshelf").format(name=self.library_name()))
        self.resize(1340, 820)
        self.restore_layout()
        self._update_count()
        self._update_welcome()
        self._update_actions()
        self._selection_changed(self.table.selected_ids())
        self.apply_tab_order()
        # the style list is read once the table has painted its first rows
        self._first_paint = _FirstPaint(self.table.viewport(), self._after_first_paint)

    # ------------------------------------------------------------------ parts
    def library_name(self) -> str:
        return self.library.path.stem

    def _after_first_paint(self) -> None:
        QTimer.singleShot(0, self.make_style_widgets)

    def make_style_widgets(self) -> None:
        """The style picker (toolbar and View menu) and the citation preview.

        Made just after the window first paints: listing the styles takes a moment.
        """
        if self.style_picker is not None or self._closed:
            return
        try:
            from app.gui.style_picker import StylePicker

            self.style_picker = StylePicker(self)
            self.style_picker.setObjectName("stylePicker")
        except Exception:  # noqa: BLE001 - the window works without citations
            log.exception("the style picker is not available")
            self.style_picker = None
            return
        self.toolbar.insertWidget(self._style_anchor, self.style_picker)
        self.apply_tab_order()
        self.view_menu.addMenu(self.style_picker.make_menu(self))
        self.view_menu.addAction(self.action("add_style"))
        if not self._with_preview:
            return
        from app.gui.citation_preview import CitationPreview

        self.preview = CitationPreview(self, style=self.style_picker.current_style(),
                                       locale=self._citation_locale(), runner=self.runner)
        self.preview.setObjectName("citationPreview")
        self.preview.setMaximumHeight(140)
        self.style_picker.style_changed.connect(self.preview.set_style)
        self.detail.set_preview_widget(self.preview)
        self.preview.set_records(self.library.get_many(
            self.table.selected_ids()[:MAX_PREVIEW_RECORDS]))

    def _act(self, name: str, text: str, slot: Callable[[], Any],
             shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
             icon: str | None = None, tip: str | None = None) -> QAction:
        act = QAction(text, self)
        act.setObjectName(f"action_{name}")
        keys: list[QKeySequence] = []
        for s in shortcuts:
            seqs = (QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey)
                    else [QKeySequence(s)])
            for k in seqs:
                if not k.isEmpty() and k not in keys:
                    keys.append(k)
        if keys:
            act.setShortcuts(keys)
        if icon:
            act.setIcon(_icon(icon))
        if tip:
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        self.actions_by_name[name] = act
        return act

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey  # noqa: N806
        a = self._act
        a("import", self.tr("&Import…"), lambda: self.import_files(), ["Ctrl+I"], "import",
          self.tr("Import references from files"))
        a("export", self.tr("&Export…"), self.export, ["Ctrl+E"], "export",
          self.tr("Export references to a file"))
        a("new_collection", self.tr("New &Collection…"),
          lambda: self.sources.prompt_new_collection(None), ["Ctrl+Shift+N"], "add")
        a("restore_backup", self.tr("Restore from &Backup…"), self.restore_backup)
        a("preferences", self.tr("&Preferences…"), self.show_preferences, [K.Preferences])
        a("quit", self.tr("&Quit"), self.close, [K.Quit, "Ctrl+Q"])
        undo = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setObjectName("action_undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        undo.setIcon(_icon("undo"))
        redo = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setObjectName("action_redo")
        keys = [QKeySequence("Ctrl+Shift+Z")]
        keys += [k for k in QKeySequence.keyBindings(K.Redo) if k not in keys]
        redo.setShortcuts(keys)
        redo.setIcon(_icon("redo"))
        undo.setProperty("shortcutName", self.tr("Undo"))  # its text names the operation
        redo.setProperty("shortcutName", self.tr("Redo"))
        for act in (undo, redo):
            self.addAction(act)
        self.actions_by_name["undo"] = undo
        self.actions_by_name["redo"] = redo
        a("copy_citation", self.tr("Copy &Citation"), lambda: self.copy_citation(False),
          ["Ctrl+Shift+C"], "copy-citation",
          self.tr("Copy the bibliography of the selected records"))
        a("copy_in_text", self.tr("Copy &In-text Citation"), lambda: self.copy_citation(True),
          ["Ctrl+Shift+A"])
        a("copy_bibtex", self.tr("Copy as &BibTeX"), self.copy_bibtex, ["Ctrl+Shift+B"])
        a("copy_key", self.tr("Copy Citation &Key"), self.copy_keys, ["Ctrl+Shift+K"])
        a("select_all", self.tr("Select &All"), self.select_all, [K.SelectAll])
        a("find", self.tr("&Find"), self.focus_search, [K.Find, "Ctrl+F"], "search")
        a("trash", self.tr("Move to &Trash"), self.trash_selected,
          [K.Delete, "Ctrl+Backspace"], "trash")
        a("restore", self.tr("&Restore to Library"), self.restore_selected)
        a("empty_trash", self.tr("&Empty Trash…"), self.empty_trash)
        a("merge", self.tr("&Merge Selected Records"), self.merge_selected, ["Ctrl+Shift+M"])
        a("add_tag", self.tr("Add &Tag…"), self.prompt_add_tag, ["Ctrl+T"])
        a("edit_record", self.tr("Edit Record"), self.focus_detail, ["Ctrl+Return"])
        a("show_all", self.tr("Show &All Records"), lambda: self.sources.select_source(Source()),
          ["Ctrl+1"])
        a("next_pane", self.tr("Next Pane"), lambda: self.cycle_pane(1), ["F6"])
        a("previous_pane", self.tr("Previous Pane"), lambda: self.cycle_pane(-1), ["Shift+F6"])
        a("shortcuts", self.tr("&Keyboard Shortcuts"), self.show_shortcuts,
          [K.HelpContents, "Ctrl+/"])
        a("user_guide", self.tr("&User Guide"), self.show_user_guide)
        a("add_style", self.tr("Add Citation &Style…"), lambda: self.add_style())
        a("about", self.tr("&About Refshelf"), self.show_about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        A = self.action  # noqa: N806
        file = mb.addMenu(self.tr("&File"))
        file.addActions([A("import"), A("export")])
        file.addSeparator()
        file.addAction(A("new_collection"))
        file.addSeparator()
        file.addAction(A("restore_backup"))
        file.addSeparator()
        A("quit").setMenuRole(QAction.MenuRole.QuitRole)
        file.addAction(A("quit"))
        edit = mb.addMenu(self.tr("&Edit"))
        edit.addActions([A("undo"), A("redo")])
        edit.addSeparator()
        edit.addActions([A("copy_citation"), A("copy_in_text"), A("copy_bibtex"),
                         A("copy_key")])
        edit.addSeparator()
        edit.addActions([A("select_all"), A("find")])
        edit.addSeparator()
        edit.addActions([A("edit_record"), A("add_tag"), A("merge")])
        edit.addSeparator()
        edit.addActions([A("trash"), A("restore"), A("empty_trash")])
        edit.addSeparator()
        A("preferences").setMenuRole(QAction.MenuRole.PreferencesRole)
        edit.addAction(A("preferences"))
        view = mb.addMenu(self.tr("&View"))
        self.view_menu = view
        view.addAction(A("show_all"))
        view.addActions([A("next_pane"), A("previous_pane")])
        self.columns_menu = view.addMenu(self.tr("&Columns"))
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        help_menu = mb.addMenu(self.tr("&Help"))
        help_menu.addActions([A("shortcuts"), A("user_guide")])
        help_menu.addSeparator()
        A("about").setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(A("about"))

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for act in self.table.column_menu().actions():
            act.setParent(self.columns_menu)
            self.columns_menu.addAction(act)

    def _build_toolbar(self) -> None:
        tb = QToolBar(self.tr("Main Toolbar"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.addActions([self.action("import"), self.action("export")])
        tb.addSeparator()
        tb.addActions([self.action("undo"), self.action("redo")])
        tb.addSeparator()
        tb.addAction(self.action("copy_citation"))
        self._style_anchor = tb.addSeparator()  # the style picker goes before it
        self.toolbar = tb
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addWidget(self.search)
        self.addToolBar(tb)

    # ------------------------------------------------------------- the views
    def _source_selected(self, source: Source) -> None:
        self.model.set_source(source)
        self._update_welcome()
        self._update_actions()

    def _search_typed(self, _text: str) -> None:
        """Search as the user types: at once if no search is running; else the text
        typed meanwhile is searched when that search's rows are shown (the keys in
        between are never searched, so searches never queue up)."""
        if self.model.searching:
            self._search_waiting = True
        else:
            self._search_timer.start()

    def _search_caught_up(self) -> None:
        if self._search_waiting:
            self._search_waiting = False
            self._search_timer.start()

    def apply_search(self) -> None:
        """Filter the table by the search field now (normally as the user types)."""
        self._search_timer.stop()
        self._search_waiting = False
        # the search runs on the query thread: typing never waits for it
        self.model.set_query(self.search.text(), wait=False)
        self._update_welcome()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def panes(self) -> list[QWidget]:
        """The panes F6 moves between, in order."""
        center = self.welcome.button if self.showing_welcome() else self.table
        return [self.search, self.sources, center, self.detail, self.abstract.text]

    def cycle_pane(self, step: int) -> None:
        """Move the keyboard focus to the next (or previous) pane."""
        panes = self.panes()
        focus = QApplication.focusWidget()
        idx = -1
        for i, p in enumerate(panes):
            if focus is not None and (focus is p or p.isAncestorOf(focus)):
                idx = i
                break
        target = panes[(idx + step) % len(panes)]
        if target is self.detail and self.detail.record is not None:
            self.focus_detail()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def apply_tab_order(self) -> None:
        """Tab goes as the window reads: the style picker and the search field (the
        toolbar), the sources, the table, the detail pane (which keeps its own
        order), the abstract."""
        chain: list[QWidget] = [w for w in (self.style_picker, self.search) if w is not None]
        chain += [self.sources, self.table, self.welcome.button, *self.detail.tab_chain(),
                  self.abstract.toggle, self.abstract.text]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def focus_detail(self) -> None:
        if self.detail.record is not None and "title" in self.detail._editors:
            self.detail.editor("title").setFocus()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus():
            self.search.clear()
            self.apply_search()
            self.table.setFocus()
            return
        super().keyPressEvent(event)

    def _selection_changed(self, ids: list[int]) -> None:
        self.detail.set_ids(ids)
        self.abstract.set_record(self.detail.record)
        if self.preview is not None:
            self.preview.set_records(self.library.get_many(ids[:MAX_PREVIEW_RECORDS]))
        self._update_actions()

    def restore_backup(self) -> None:
        """File › Restore from Backup…: the library's content is replaced by a backup."""
        from app.gui.backups import show_restore_dialog

        show_restore_dialog(self, self.library, self.runner, self._after_restore)

    def _after_restore(self, pre_restore: object) -> None:
        everything = {rid for (rid,) in self.library.conn.execute("SELECT id FROM records")}
        self.undo_stack.clear()  # the undo history is the backup's own now
        self._on_changes(Changes(label=QT_TRANSLATE_NOOP("core", "Restore from backup"),
                                 added=everything,
                                 collections=True, tags=True))
        self.statusBar().showMessage(self.tr("Backup restored; the library as it was is "
                                             "kept in %1").replace("%1", str(pre_restore)))

    def show_preferences(self) -> None:
        from app.gui.dialogs.preferences import show_preferences

        def citation_locale(locale: str | None) -> None:
            if self.preview is not None:
                self.preview.set_locale(locale)

        show_preferences(self, citation_locale)

    def _on_changes(self, changes: Changes) -> None:
        self.model.apply_changes(changes)
        self.sources.refresh(changes)
        self.detail.on_changes(changes)
        if self.detail.record is not None:
            self.abstract.set_record(self.detail.record)
        self._update_count()
        self._update_welcome()
        self._update_actions()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%n record(s)", "", n))

    def _update_welcome(self) -> None:
        empty = (self.model.source == Source() and not self.model.query
                 and self.model.rowCount() == 0 and self.library.count() == 0)
        self.center.setCurrentWidget(self.welcome if empty else self.table)

    def showing_welcome(self) -> bool:
        return self.center.currentWidget() is self.welcome

    def _undo_index_changed(self, _index: int) -> None:
        if not self._closed:
            self._update_actions()

    def _update_actions(self) -> None:
        ids = self.table.selected_ids()
        in_trash = self.model.source.scope == "trash"
        has = bool(ids)
        for name in ("copy_citation", "copy_in_text", "copy_bibtex", "copy_key", "add_tag"):
            self.action(name).setEnabled(has and not in_trash)
        self.action("trash").setEnabled(has)
        self.action("trash").setText(self.tr("Delete Permanently…") if in_trash
                                     else self.tr("Move to &Trash"))
        self.action("restore").setEnabled(has and in_trash)
        self.action("merge").setEnabled(len(ids) >= 2 and not in_trash)
        self.action("empty_trash").setEnabled(self.library.count(trash=True) > 0)
        self.action("export").setEnabled(self.library.count() > 0)

    # --------------------------------------------------------------- errors
    def show_error(self, text: str) -> None:
        """A user-facing error: in the status bar and a (non-blocking) message box."""
        self.last_error = text
        log.info("user error shown: %s", text)
        self.statusBar().showMessage(text, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Refshelf"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_user_error(self, exc: UserError) -> None:
        self.show_error(user_message(exc))

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ selection
    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def selected_records(self) -> list[Record]:
        return self.library.get_many(self.table.selected_ids())

    def select_all(self) -> None:
        self.model.ensure_complete()
        self.table.selectAll()

    def show_ids(self, ids: Sequence[int]) -> None:
        """Select *ids* in the table (switching to All Records and clearing the search
        if they are not shown) and show them in the detail pane."""
        ids = list(ids)
        if not ids:
            return
        if not self.model.rows_of(ids):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.model.set_query("")
            self.sources.select_source(Source())
            self.model.set_source(Source())
            self._update_welcome()
        self.table.select_ids(ids, current=ids[0])
        self.table.setFocus()

    # ------------------------------------------------------------- trash
    def trash_selected(self) -> None:
        ids = self.table.selected_ids()
        if not ids:
            return
        if self.model.source.scope == "trash":
            if self.confirm(self.tr("Delete Permanently"),
                            self.tr("Delete %n record(s) permanently? This cannot be undone "
                                    "once the undo history moves on.", "", len(ids))):
                self.ops.empty_trash(ids)
            return
        first = self.model.row_of(ids[0]) or 0
        res = self.ops.trash(ids)
        if res is not None and self.model.rowCount():
            nxt = self.model.id_at(min(first, self.model.rowCount() - 1))
            if nxt is not None:
                self.table.select_ids([nxt])
        if res is not None:
            self.statusBar().showMessage(
                self.tr("Moved %n record(s) to the Trash.", "", res.value), 5000)

    def restore_selected(self) -> None:
        ids = self.table.selected_ids()
        if ids and self.model.source.scope == "trash":
            res = self.ops.restore(ids)
            if res is not None:
                self.statusBar().showMessage(
                    self.tr("Restored %n record(s).", "", res.value), 5000)

    def empty_trash(self) -> None:
        n = self.library.count(trash=True)
        if not n:
            return
        if self.confirm(self.tr("Empty Trash"),
                        self.tr("Permanently delete the %n record(s) in the Trash?", "", n)):
            self.ops.empty_trash()

    # ------------------------------------------------------------- editing
    def merge_selected(self) -> int | None:
        """Edit › Merge Selected Records: the merge dialog (the master record, the value
        of each differing field), then one undoable merge. The id kept, None if cancelled."""
        from app.gui.dialogs.merge_dialog import run_merge_dialog

        ids = self.table.selected_ids()
        if len(ids) < 2 or self.model.source.scope == "trash":
            return None
        records = self.library.get_many(ids)
        if len(records) < 2:  # gone meanwhile (another window, the command line)
            return None
        picked = run_merge_dialog(records, self)
        if picked is None:
            return None
        keep, others, chosen = picked
        if self.ops.merge(keep, others, chosen) is None:
            return None
        self.table.select_ids([keep])
        merged = len(others) + 1
        self.statusBar().showMessage(self.tr("Merged %n record(s) into one.", "", merged), 5000)
        return keep

    def prompt_add_tag(self) -> None:
        ids = self.table.selected_ids()
        if not ids:
            return
        text, ok = QInputDialog.getText(self, self.tr("Add Tag"), self.tr("Tag:"))
        if ok and text.strip():
            from app.gui.panes.detail import split_list

            self.ops.add_tags(ids, split_list(text))

    def _table_menu(self, pos: Any) -> None:
        self.table_menu().exec(self.table.viewport().mapToGlobal(pos))

    def table_menu(self) -> QMenu:
        """The record table's context menu for the current selection."""
        menu = QMenu(self)
        A = self.action  # noqa: N806
        if self.model.source.scope == "trash":
            menu.addActions([A("restore"), A("trash")])
            return menu
        menu.addActions([A("copy_citation"), A("copy_in_text"), A("copy_bibtex"),
                         A("copy_key")])
        menu.addSeparator()
        ids = self.table.selected_ids()
        coll = menu.addMenu(self.tr("Add to Collection"))
        coll.setEnabled(bool(ids))
        for cid, name, parent in self.library.collections():
            act = coll.addAction(name if parent is None else f"  {name}")
            act.triggered.connect(lambda _c=False, c=cid: self.ops.add_to_collection(
                c, self.table.selected_ids()))
        coll.addSeparator()
        coll.addAction(self.tr("New Collection…"), self._add_to_new_collection)
        src = self.model.source
        if src.collection is not None:
            menu.addAction(self.tr("Remove from Collection"),
                           lambda: self.ops.remove_from_collection(
                               src.collection, self.table.selected_ids()))  # type: ignore
        if src.tag is not None:
            menu.addAction(self.tr("Remove Tag “{tag}”").format(tag=src.tag),
                           lambda: self.ops.remove_tags(self.table.selected_ids(),
                                                        [src.tag]))  # type: ignore
        menu.addAction(A("add_tag"))
        menu.addAction(A("merge"))
        menu.addSeparator()
        menu.addAction(A("trash"))
        return menu

    def _add_to_new_collection(self) -> None:
        ids = self.table.selected_ids()
        cid = self.sources.prompt_new_collection(None)
        if cid is not None and ids:
            self.ops.add_to_collection(cid, ids)

    # --------------------------------------------------------- import/export
    def import_files(self, files: Sequence[str] | None = None) -> ImportReport | None:
        """File › Import (Ctrl+I), the welcome button, a second instance's files."""
        from app.gui.dialogs.import_dialog import run_import_dialog

        report = run_import_dialog(self, self.library, self.runner,
                                   list(files) if files is not None else None)
        self.after_import(report)
        return report

    def after_import(self, report: ImportReport | None) -> None:
        """Announce an import, select what it added (or the duplicates it found)."""
        if report is None:
            return
        self.ops.imported(report)
        ids = list(report.added) + list(report.merged)
        if not ids:
            ids = [existing for _rec, existing in report.skipped]
        self.statusBar().showMessage(self._import_summary(report), 8000)
        self._tell_doi_only(report)
        if ids:
            self.show_ids(list(dict.fromkeys(ids)))

    def _import_summary(self, report: ImportReport) -> str:
        return self.tr("Imported: {added} added, {skipped} duplicates skipped, {merged} "
                       "merged, {failed} failed.").format(
            added=len(report.added), skipped=len(report.skipped),
            merged=len(report.merged), failed=len(report.failures))

    def export(self) -> None:
        """File › Export (Ctrl+E): selection, collection, search result or everything."""
        self.detail.commit_pending()
        from app.gui.dialogs.export_dialog import run_export_dialog

        path = run_export_dialog(self, self.library, self.runner, self.table.selected_ids(),
                          self.model.source.collection, self.model.query)
        if path:
            self.statusBar().showMessage(self.tr("Exported to {path}.").format(path=path), 8000)

    # ------------------------------------------------------------- clipboard
    def current_style(self) -> str:
        if self.style_picker is not None:
            return str(self.style_picker.current_style())
        from app.gui.style_picker import default_style

        return default_style()

    def _citation_locale(self) -> str | None:
        from app.core import settings

        loc = settings.get("citation_locale")
        return str(loc) if loc else None

    def copy_citation(self, in_text: bool = False) -> None:
        """Copy the selection's bibliography (or in-text citation) in the current style."""
        self.detail.commit_pending()
        recs = self.selected_records()
        if not recs:
            return
        from app.gui import clipboard

        clipboard.copy_citation(recs, self.current_style(), self._citation_locale(), in_text,
                                runner=self.runner, on_done=lambda _c: self._copied(len(recs)),
                                on_error=self._copy_failed)

    def copy_bibtex(self) -> None:
        self.detail.commit_pending()
        recs = self.selected_records()
        if not recs:
            return
        from app.gui import clipboard

        clipboard.copy_bibtex(recs, runner=self.runner, on_done=lambda _c: self._copied(
            len(recs)), on_error=self._copy_failed)

    def copy_keys(self) -> None:
        self.detail.commit_pending()
        recs = self.selected_records()
        if recs:
            from app.gui import clipboard

            clipboard.copy_keys(recs)
            self._copied(len(recs))

    def _copied(self, n: int) -> None:
        self.statusBar().showMessage(self.tr("Copied %n record(s) to the clipboard.", "", n),
                                     4000)

    def _copy_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.show_user_error(exc)
        else:
            log.error("copying failed", exc_info=exc)
            self.show_error(self.tr("Copying failed: {error}").format(error=str(exc)))

    def _drag_text(self, ids: list[int]) -> str:
        """Records dragged out of the table become formatted citations (plain text)."""
        from app.gui.clipboard import citation_text

        return citation_text(self.library.get_many(ids[:200]), self.current_style(),
                             self._citation_locale()).plain

    # ------------------------------------------------- adding records: paste, new
    def _build_add_actions(self) -> None:
        """File › New Record (Ctrl+N) and Edit › Paste (Ctrl+V on the record table)."""
        new = self._act("new_record", self.tr("&New Record"), self.new_record, ["Ctrl+N"],
                        "add", self.tr("Add an empty journal article and type its fields"))
        paste = self._act("paste", self.tr("Pa&ste"), self.paste,
                          [QKeySequence.StandardKey.Paste], None, self.tr(
                              "Import what the clipboard holds: BibTeX or RIS text, DOIs, "
                              "copied files or a saved page"))
        # Ctrl+V imports only where the focus is on the records (the table, or the
        # welcome view of an empty library): a text field pastes text into itself
        self.removeAction(paste)
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(paste)
        self.welcome.addAction(paste)
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            acts = menu.actions()
            if self.action("import") in acts:
                menu.insertAction(self.action("import"), new)
                menu.insertSeparator(self.action("import"))
            if self.action("copy_key") in acts:
                after = acts[acts.index(self.action("copy_key")) + 1:]
                if after:
                    menu.insertAction(after[0], paste)
                else:
                    menu.addAction(paste)
        self.toolbar.insertAction(self.action("import"), new)
        self.action("new_record").setEnabled(not self.library.read_only)
        self.action("paste").setEnabled(not self.library.read_only)

    def new_record(self) -> int | None:
        """File › New Record: an empty journal article (one undoable step), selected,
        with the keyboard in its Title field. Returns its id (None if refused)."""
        res = self.ops.add_record(Record(type="article-journal"))
        if res is None:
            return None
        rid = res.value
        self.show_ids([rid])
        self.focus_detail()
        self.statusBar().showMessage(self.tr("Added an empty record: type its title."), 5000)
        return rid

    def paste(self) -> Any:
        """Edit › Paste: text into the focused text field, else import the clipboard."""
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QPlainTextEdit, QTextEdit)) and not focus.isReadOnly():
            focus.paste()
            return None
        return self.paste_records()

    def paste_records(self) -> Any:
        """Import the clipboard as a drop of the same content would be (same report,
        one undo step). Returns the task handle, or None if there was nothing to import."""
        from app.gui import dragdrop

        mime = QApplication.clipboard().mimeData()
        if mime is None or not dragdrop.can_import(mime):
            self._nothing_pasted()
            return None
        handle = dragdrop.import_drop(self.library, mime, self.runner, self._paste_done,
                                      on_error=self._drop_failed)
        if handle is None:
            self._nothing_pasted()
        return handle

    def _nothing_pasted(self) -> None:
        self.statusBar().showMessage(self.tr(
            "Nothing to paste: the clipboard holds no BibTeX or RIS text, DOI, link, file "
            "or saved page."), 8000)

    def _paste_done(self, report: ImportReport) -> None:
        """As a drop, except that clipboard text from which nothing could be read is
        said in the status bar (with the reader's reason), not in a report window."""
        from app.gui.dragdrop import DROPPED_TEXT_SOURCE
        from app.gui.i18n import translate_reason

        failures = report.failures
        if (failures and not report.added and not report.skipped and not report.merged
                and all(getattr(f, "source", "") == DROPPED_TEXT_SOURCE for f in failures)):
            first = failures[0]
            reason = translate_reason(str(getattr(first, "reason", first)))
            line = getattr(first, "line", None)
            if line:
                reason = self.tr("line {line}: {reason}").format(line=line, reason=reason)
            self.statusBar().showMessage(self.tr(
                "Nothing was imported from the clipboard: {reason}").format(reason=reason),
                10000)
            return
        self._drop_done(report)

    def _tell_doi_only(self, report: ImportReport) -> None:
        """Records added with a DOI and no title (a dropped or pasted DOI): say that
        nothing was looked up (Refshelf works offline) and what the user can do."""
        if not report.added:
            return
        rows = self.library.rows(report.added, ["title", "doi_norm"])
        n = sum(1 for title, doi in rows.values() if doi and not (title or "").strip())
        if not n:
            return
        log.info("%d record(s) added with only a DOI", n)
        self.statusBar().showMessage(self._import_summary(report) + " " + self.tr(
            "Only the DOI was stored for %n record(s): Refshelf does not look DOIs up "
            "online. Fill in the fields, or import the publisher's page or a .bib/.ris "
            "file.", "", n), 20000)

    # ------------------------------------------------------------ drag & drop
    def _wants_drop(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        if mime.hasFormat(RECORD_IDS_MIME):
            return False  # our own rows: only the source list takes them
        from app.gui.dragdrop import can_import

        return can_import(mime)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self._wants_drop(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if self._wants_drop(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        if not self._wants_drop(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.import_mime(event.mimeData())

    def import_mime(self, mime: QMimeData) -> Any:
        """Import dropped files, links or text off the GUI thread; then select what
        was added. Returns the task handle (None if the drop held nothing usable)."""
        from app.gui import dragdrop

        handle = dragdrop.import_drop(self.library, mime, self.runner, self._drop_done,
                                      on_error=self._drop_failed)
        if handle is None:
            self.statusBar().showMessage(self.tr("Nothing to import in what was dropped."),
                                         5000)
        return handle

    def add_style(self, path: str | None = None) -> str | None:
        """View › Add Citation Style…: any .csl file; it becomes the current style."""
        from app.core import citation

        if path is None:
            from app.gui.folders import last_folder, remember_folder

            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Add Citation Style"), last_folder("style"),
                self.tr("CSL citation styles (*.csl)"))
            if not path:
                return None
            remember_folder("style", path)
        try:
            info = citation.add_user_style(path)
        except UserError as exc:
            self.show_user_error(exc)
            return None
        if self.style_picker is not None:
            self.style_picker.reload()
            self.style_picker.set_style(info.id)
        self.statusBar().showMessage(self.tr("Added the citation style {title}.").format(
            title=info.title), 8000)
        return info.id

    def _drop_done(self, report: ImportReport) -> None:
        self.after_import(report)
        if report.skipped:
            self.offer_merge(report)
        if report.failures or report.warnings:
            from app.gui.dialogs.report import show_report

            show_report(report, self, modal=False)

    def offer_merge(self, report: ImportReport) -> None:
        """A dropped article was already in the library: it is selected, and what the
        drop read can be merged into it (one undoable step)."""
        n = len(report.skipped)
        if not self.confirm(self.tr("Already in the library"), self.tr(
                "%n dropped record(s) are already in the library and are selected. Merge "
                "what was read from the drop into them?", "", n)):
            return
        records = [rec for rec, _existing in report.skipped]
        res = self.ops.run(lambda: _as_op(self.library.import_records(
            records, policy="merge",
            label=QT_TRANSLATE_NOOP("core", "Merge dropped records"))))
        if res is not None:
            self.show_ids(list(dict.fromkeys(res.value.merged)))

    def _drop_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.show_user_error(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # ----------------------------------------------------------- help
    def show_shortcuts(self) -> ShortcutsDialog:
        dlg = ShortcutsDialog(shortcut_rows(self.menuBar()), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def show_user_guide(self) -> None:
        from app.gui.about import show_user_guide

        show_user_guide(self)

    def show_about(self) -> None:
        from app.gui.about import show_about

        show_about(self, self.library.path)

    # -------------------------------------------------------- persistence
    def save_layout(self) -> None:
        s = self.settings
        s.setValue("window/version", SETTINGS_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/right_splitter", self.right.saveState())
        s.setValue("table/header", self.table.save_header())
        s.sync()

    def restore_layout(self) -> None:
        s = self.settings
        if s.value("window/version") is None:
            return

        def get(key: str) -> QByteArray | None:
            v = s.value(key)
            return v if isinstance(v, QByteArray) and not v.isEmpty() else None

        if (g := get("window/geometry")) is not None:
            self.restoreGeometry(g)
        if (st := get("window/state")) is not None:
            self.restoreState(st)
        if (sp := get("window/splitter")) is not None:
            self.splitter.restoreState(sp)
        if (rs := get("window/right_splitter")) is not None:
            self.right.restoreState(rs)
        if (h := get("table/header")) is not None:
            self.table.restore_header(h)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        user_work = [h for h in self.runner.active()
                     if getattr(h, "_show_progress", True)]  # not previews
        if user_work and not self.confirm(
                self.tr("Quit"), self.tr("Work is still running. Cancel it and quit?")):
            event.ignore()
            return
        self.save_layout()
        self._closed = True
        if getattr(self, "backups", None) is not None:
            self.backups.stop()
        self.model.close()
        self.sources.close_readers()
        self.runner.cancel_all()
        self.runner.shutdown(wait=True)
        super().closeEvent(event)

    def raise_window(self) -> None:
        """Bring the window to the front (a second instance handed us files)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        QApplication.alert(self)


def _as_op(report: ImportReport) -> OpResult[ImportReport]:
    return OpResult(report, report.changes)
