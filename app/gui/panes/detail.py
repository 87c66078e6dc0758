"""The detail pane: every field of the selected record, editable.

The form fits the item type (a journal article asks for the journal, volume,
issue and pages; a thesis for the university and thesis type), every other
field is under "More Fields". An edit is saved when it is committed (Enter,
or leaving the field), as one undoable operation through
:class:`~app.gui.operations.Operations`. The creators editor adds, removes
and reorders names, each as family/given or as one single field (CJK names
and organisations). DOI and URL open in the browser; attachments open with
the system application. The citation preview is placed with
:meth:`DetailPane.set_preview_widget`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.cjk import split_chinese_name
from app.core.errors import NotFoundError
from app.core.normalize.dates import parse_date
from app.core.normalize.names import parse_name
from app.core.records import (
    CREATOR_ROLES,
    ITEM_TYPES,
    TEXT_FIELDS,
    Creator,
    PartialDate,
    Record,
    extract_doi,
    has_cjk,
)
from app.gui.operations import Operations
from app.gui.panes.abstract import text_font
from app.gui.table.columns import type_label
from app.gui.undo import pass_undo_through

log = logging.getLogger(__name__)

# ----------------------------------------------------------------- field data
FIELD_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("Fields", "Title"),
    "title_translated": QT_TRANSLATE_NOOP("Fields", "Translated Title"),
    "title_short": QT_TRANSLATE_NOOP("Fields", "Short Title"),
    "creators": QT_TRANSLATE_NOOP("Fields", "Creators"),
    "issued": QT_TRANSLATE_NOOP("Fields", "Date"),
    "accessed": QT_TRANSLATE_NOOP("Fields", "Accessed"),
    "container_title": QT_TRANSLATE_NOOP("Fields", "Publication"),
    "container_title_short": QT_TRANSLATE_NOOP("Fields", "Journal Abbreviation"),
    "collection_title": QT_TRANSLATE_NOOP("Fields", "Series"),
    "volume": QT_TRANSLATE_NOOP("Fields", "Volume"),
    "issue": QT_TRANSLATE_NOOP("Fields", "Issue"),
    "pages": QT_TRANSLATE_NOOP("Fields", "Pages"),
    "number": QT_TRANSLATE_NOOP("Fields", "Number"),
    "edition": QT_TRANSLATE_NOOP("Fields", "Edition"),
    "publisher": QT_TRANSLATE_NOOP("Fields", "Publisher"),
    "place": QT_TRANSLATE_NOOP("Fields", "Place"),
    "genre": QT_TRANSLATE_NOOP("Fields", "Genre"),
    "doi": QT_TRANSLATE_NOOP("Fields", "DOI"),
    "isbn": QT_TRANSLATE_NOOP("Fields", "ISBN"),
    "issn": QT_TRANSLATE_NOOP("Fields", "ISSN"),
    "pmid": QT_TRANSLATE_NOOP("Fields", "PMID"),
    "pmcid": QT_TRANSLATE_NOOP("Fields", "PMCID"),
    "arxiv": QT_TRANSLATE_NOOP("Fields", "arXiv ID"),
    "url": QT_TRANSLATE_NOOP("Fields", "URL"),
    "language": QT_TRANSLATE_NOOP("Fields", "Language"),
    "abstract": QT_TRANSLATE_NOOP("Fields", "Abstract"),
    "abstract_translated": QT_TRANSLATE_NOOP("Fields", "Translated Abstract"),
    "keywords": QT_TRANSLATE_NOOP("Fields", "Keywords"),
    "citation_key": QT_TRANSLATE_NOOP("Fields", "Citation Key"),
    "tags": QT_TRANSLATE_NOOP("Fields", "Tags"),
}

# Labels that depend on the item type.
TYPE_LABELS: dict[tuple[str, str], str] = {
    ("article-journal", "container_title"): QT_TRANSLATE_NOOP("Fields", "Journal"),
    ("article-magazine", "container_title"): QT_TRANSLATE_NOOP("Fields", "Magazine"),
    ("article-newspaper", "container_title"): QT_TRANSLATE_NOOP("Fields", "Newspaper"),
    ("chapter", "container_title"): QT_TRANSLATE_NOOP("Fields", "Book Title"),
    ("entry-encyclopedia", "container_title"): QT_TRANSLATE_NOOP("Fields", "Encyclopedia"),
    ("entry-dictionary", "container_title"): QT_TRANSLATE_NOOP("Fields", "Dictionary"),
    ("paper-conference", "container_title"): QT_TRANSLATE_NOOP("Fields", "Proceedings Title"),
    ("webpage", "container_title"): QT_TRANSLATE_NOOP("Fields", "Website"),
    ("post-weblog", "container_title"): QT_TRANSLATE_NOOP("Fields", "Blog"),
    ("thesis", "publisher"): QT_TRANSLATE_NOOP("Fields", "University"),
    ("report", "publisher"): QT_TRANSLATE_NOOP("Fields", "Institution"),
    ("patent", "publisher"): QT_TRANSLATE_NOOP("Fields", "Issuer"),
    ("thesis", "genre"): QT_TRANSLATE_NOOP("Fields", "Thesis Type"),
    ("report", "genre"): QT_TRANSLATE_NOOP("Fields", "Report Type"),
    ("report", "number"): QT_TRANSLATE_NOOP("Fields", "Report Number"),
    ("patent", "number"): QT_TRANSLATE_NOOP("Fields", "Patent Number"),
    ("standard", "number"): QT_TRANSLATE_NOOP("Fields", "Standard Number"),
}

_JOURNAL = ["container_title", "volume", "issue", "pages", "container_title_short", "issn",
            "doi", "url"]
_PERIODICAL = ["container_title", "volume", "issue", "pages", "issn", "doi", "url"]
_BOOK = ["publisher", "place", "edition", "collection_title", "volume", "isbn", "doi", "url"]
_PART = ["container_title", "publisher", "place", "edition", "pages", "isbn", "doi", "url"]
_WEB = ["container_title", "url", "accessed"]
_DEFAULT = ["container_title", "publisher", "place", "pages", "doi", "url"]

# The main fields of each item type, after title, creators and date.
TYPE_FIELDS: dict[str, list[str]] = {
    "article-journal": _JOURNAL,
    "article-magazine": _PERIODICAL,
    "article-newspaper": _PERIODICAL,
    "review": _PERIODICAL,
    "review-book": _PERIODICAL,
    "article": ["publisher", "number", "doi", "arxiv", "url"],
    "book": _BOOK,
    "classic": _BOOK,
    "chapter": _PART,
    "entry-encyclopedia": _PART,
    "entry-dictionary": _PART,
    "paper-conference": ["container_title", "publisher", "place", "pages", "isbn", "doi",
                         "url"],
    "thesis": ["genre", "publisher", "place", "doi", "url"],
    "report": ["genre", "number", "publisher", "place", "collection_title", "pages", "doi",
               "url"],
    "webpage": _WEB,
    "post-weblog": _WEB,
    "patent": ["number", "publisher", "place", "url"],
    "standard": ["number", "publisher", "place", "url"],
    "dataset": ["publisher", "doi", "url"],
    "software": ["publisher", "place", "url", "doi"],
}
HEAD_FIELDS = ["title", "title_translated", "creators", "issued"]
TAIL_FIELDS = ["language", "citation_key", "keywords", "tags"]
MULTILINE = {"title", "title_translated", "abstract", "abstract_translated"}
LIST_FIELDS = {"keywords", "tags"}
DATE_FIELDS = {"issued", "accessed"}
LINK_FIELDS = {"doi", "url"}
ALL_FIELDS = [*TEXT_FIELDS, "issued", "accessed", "keywords", "tags"]


def fields_for(item_type: str) -> tuple[list[str], list[str]]:
    """(main fields, other fields) of the form for *item_type*."""
    main = [*HEAD_FIELDS, *TYPE_FIELDS.get(item_type, _DEFAULT), *TAIL_FIELDS]
    main = list(dict.fromkeys(main))
    rest = [f for f in ALL_FIELDS if f not in main and f not in ("type", "creators")]
    return main, rest


def field_label(name: str, item_type: str = "") -> str:
    text = TYPE_LABELS.get((item_type, name)) or FIELD_LABELS.get(name) or name
    return QCoreApplication.translate("Fields", text)


def split_list(text: str) -> list[str]:
    """'a; b, c' -> ['a', 'b', 'c'] (also full-width separators), duplicates dropped."""
    parts = [p.strip() for p in re.split(r"[;,；，、\n]", text)]
    return list(dict.fromkeys(p for p in parts if p))


def field_text(rec: Record, name: str) -> str:
    """The value of field *name* as the form shows it."""
    v = getattr(rec, name)
    if name in DATE_FIELDS:
        return v.iso() if isinstance(v, PartialDate) else ""
    if name == "keywords":
        return "; ".join(v)
    if name == "tags":
        return ", ".join(v)
    return str(v or "")


def parse_field(name: str, text: str) -> Any:
    """The stored value of *name* for the form's *text*."""
    if name in DATE_FIELDS:
        return parse_date(text) if text.strip() else None
    if name in LIST_FIELDS:
        return split_list(text)
    if name in MULTILINE:
        return text.strip()
    return text.strip()


def link_url(name: str, value: str) -> QUrl | None:
    """The web address a DOI or URL field opens, or None."""
    value = value.strip()
    if not value:
        return None
    if name == "doi":
        doi = extract_doi(value)
        return QUrl("https://doi.org/" + doi) if doi else None
    url = QUrl.fromUserInput(value)
    return url if url.isValid() and url.scheme() in ("http", "https", "ftp", "file") else None


# ---------------------------------------------------------------- editors
class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that commits when it loses focus."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.committed.emit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.setPlainText(text)


class CreatorRow(QWidget):
    """One creator: role, family + given (or one single field), move and remove."""

    committed = Signal()
    move_requested = Signal(object, int)  # row, -1 up / +1 down
    remove_requested = Signal(object)

    def __init__(self, creator: Creator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.role = QComboBox()
        self.role.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role.setMinimumContentsLength(4)
        for r in CREATOR_ROLES:
            self.role.addItem(role_label(r), r)
        self.family = QLineEdit()
        self.given = QLineEdit()
        for ed in (self.family, self.given):
            ed.setMinimumWidth(40)
            pass_undo_through(ed)
        self.switch = QToolButton()
        self.switch.setObjectName("creatorSwitch")
        self.up = QToolButton()
        self.up.setText("↑")
        self.up.setToolTip(self.tr("Move Up"))
        self.down = QToolButton()
        self.down.setText("↓")
        self.down.setToolTip(self.tr("Move Down"))
        self.remove = QToolButton()
        self.remove.setText("−")
        self.remove.setToolTip(self.tr("Remove Creator"))
        for b in (self.switch, self.up, self.down, self.remove):
            b.setAutoRaise(True)
            b.setFixedWidth(20)
        for w in (self.role, self.family, self.given, self.switch, self.up, self.down,
                  self.remove):
            lay.addWidget(w)
        lay.setStretch(1, 3)
        lay.setStretch(2, 2)
        self.single = False
        self.set_creator(creator)
        self.role.currentIndexChanged.connect(lambda _i: self.committed.emit())
        self.family.editingFinished.connect(self._edited)
        self.given.editingFinished.connect(self._edited)
        self.switch.clicked.connect(self.toggle_single)
        self.up.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_creator(self, c: Creator, single: bool | None = None) -> None:
        self.role.blockSignals(True)
        i = self.role.findData(c.role)
        if i < 0:
            self.role.addItem(c.role, c.role)
            i = self.role.count() - 1
        self.role.setCurrentIndex(i)
        self.role.blockSignals(False)
        self._set_single(bool(c.literal) if single is None else single)
        self.family.setText(c.literal or c.family)
        self.given.setText("" if c.literal else c.given)
        self.family.setModified(False)
        self.given.setModified(False)
        f = text_font(self.font(), c.is_cjk)
        self.family.setFont(f)
        self.given.setFont(f)

    def _set_single(self, single: bool) -> None:
        self.single = single
        self.given.setVisible(not single)
        self.family.setPlaceholderText(self.tr("Name") if single else self.tr("Family name"))
        self.given.setPlaceholderText(self.tr("Given name"))
        self.switch.setText("⇆")
        self.switch.setToolTip(self.tr("Switch to Two Fields") if single
                               else self.tr("Switch to Single Field"))

    def creator(self) -> Creator:
        role = str(self.role.currentData() or "author")
        if self.single:
            return Creator(literal=self.family.text().strip(), role=role)
        return Creator(family=self.family.text().strip(), given=self.given.text().strip(),
                       role=role)

    def is_empty(self) -> bool:
        c = self.creator()
        return not (c.family or c.given or c.literal)

    def toggle_single(self) -> None:
        """Family/given <-> one field, keeping the name."""
        c = self.creator()
        single = not self.single
        if self.single:
            text = c.literal
            if has_cjk(text):
                fam, given = split_chinese_name(text)
                new = Creator(family=fam, given=given, role=c.role)
            else:
                p = parse_name(text, c.role)
                new = Creator(family=p.family or p.literal, given=p.given, role=c.role)
        else:
            if c.is_cjk:
                lit = c.family + c.given
            else:
                lit = " ".join(x for x in (c.given, c.family) if x)
            new = Creator(literal=lit, role=c.role)
        self.set_creator(new, single=single)
        self.committed.emit()

    def _edited(self) -> None:
        if self.family.isModified() or self.given.isModified():
            self.family.setModified(False)
            self.given.setModified(False)
            self.committed.emit()


def role_label(role: str) -> str:
    labels = {
        "author": QT_TRANSLATE_NOOP("Roles", "Author"),
        "editor": QT_TRANSLATE_NOOP("Roles", "Editor"),
        "translator": QT_TRANSLATE_NOOP("Roles", "Translator"),
        "container-author": QT_TRANSLATE_NOOP("Roles", "Book Author"),
        "collection-editor": QT_TRANSLATE_NOOP("Roles", "Series Editor"),
        "composer": QT_TRANSLATE_NOOP("Roles", "Composer"),
        "director": QT_TRANSLATE_NOOP("Roles", "Director"),
        "interviewer": QT_TRANSLATE_NOOP("Roles", "Interviewer"),
        "recipient": QT_TRANSLATE_NOOP("Roles", "Recipient"),
        "reviewed-author": QT_TRANSLATE_NOOP("Roles", "Reviewed Author"),
        "illustrator": QT_TRANSLATE_NOOP("Roles", "Illustrator"),
        "contributor": QT_TRANSLATE_NOOP("Roles", "Contributor"),
    }
    return QCoreApplication.translate("Roles", labels.get(role, role))


class CreatorsEditor(QWidget):
    """Add, remove and reorder creators; emits the whole list when it changes."""

    committed = Signal(list)
    #: rows were added, removed or moved (the Tab order must follow)
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("creatorsEditor")
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(2)
        self.rows: list[CreatorRow] = []
        self.add_button = QPushButton(self.tr("Add Creator"))
        self.add_button.setObjectName("addCreator")
        self.add_button.clicked.connect(lambda: self.add_row(Creator(), focus=True))
        self._lay.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_creators(self, creators: list[Creator]) -> None:
        if [c.to_dict() for c in creators] == [c.to_dict() for c in self.creators()] and \
                len(self.rows) == len(creators):
            return
        for r in self.rows:
            r.setParent(None)
            r.deleteLater()
        self.rows = []
        for c in creators:
            self._add_row(c)
        self.rows_changed.emit()

    def add_row(self, creator: Creator, focus: bool = False) -> CreatorRow:
        row = self._add_row(creator)
        self.rows_changed.emit()
        if focus:
            row.family.setFocus()
        return row

    def tab_chain(self) -> list[QWidget]:
        """The editor's widgets in Tab order: each row left to right, then Add."""
        out: list[QWidget] = []
        for r in self.rows:
            out += [r.role, r.family, r.given, r.switch, r.up, r.down, r.remove]
        return [*out, self.add_button]

    def _add_row(self, creator: Creator) -> CreatorRow:
        row = CreatorRow(creator, self)
        row.committed.connect(self._commit)
        row.move_requested.connect(self.move)
        row.remove_requested.connect(self.remove)
        self.rows.append(row)
        self._lay.insertWidget(len(self.rows) - 1, row)
        return row

    def creators(self) -> list[Creator]:
        return [r.creator() for r in self.rows if not r.is_empty()]

    def move(self, row: CreatorRow, step: int) -> None:
        i = self.rows.index(row)
        j = i + step
        if not 0 <= j < len(self.rows):
            return
        self.rows[i], self.rows[j] = self.rows[j], self.rows[i]
        self._lay.removeWidget(row)
        self._lay.insertWidget(j, row)
        self.rows_changed.emit()
        self._commit()

    def remove(self, row: CreatorRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.rows_changed.emit()
        self._commit()

    def _commit(self) -> None:
        self.committed.emit(self.creators())


class ListBox(QWidget):
    """A list with buttons (notes, attachments)."""

    def __init__(self, buttons: list[tuple[str, str, Callable[[], None]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, fn in buttons:
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(fn)
            row.addWidget(b)
            self.buttons[name] = b
        row.addStretch(1)
        lay.addLayout(row)


# ---------------------------------------------------------------- the pane
class DetailPane(QScrollArea):
    """The selected record's fields, editable; a summary when several are selected."""

    #: emitted with the record shown (None when none or several)
    record_shown = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.ops = ops
        self.library = ops.library
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.record: Record | None = None
        self.ids: list[int] = []
        self._form_type: str | None = None
        self._form_id: int | None = None
        self._editors: dict[str, QLineEdit | CommitTextEdit] = {}
        self._links: dict[str, QToolButton] = {}
        self._main_fields: list[str] = []
        self._more_fields: list[str] = []
        self._more_box: QGroupBox | None = None

        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        self.message = QLabel()
        self.message.setObjectName("detailMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        self.page = QWidget()
        page = QVBoxLayout(self.page)
        page.setContentsMargins(0, 0, 0, 0)
        self.preview_box = QVBoxLayout()
        page.addLayout(self.preview_box)
        head = QFormLayout()
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeCombo")
        for t in sorted(ITEM_TYPES, key=type_label):
            self.type_combo.addItem(type_label(t), t)
        self.type_combo.activated.connect(self._type_chosen)
        head.addRow(self.tr("Item Type"), self.type_combo)
        page.addLayout(head)
        self.form_host = QWidget()
        self.form_lay = QVBoxLayout(self.form_host)
        self.form_lay.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.form_host)
        self.creators = CreatorsEditor()
        self.creators.committed.connect(self._creators_committed)
        self.creators.rows_changed.connect(self.apply_tab_order)

        self.notes = ListBox([
            ("addNote", self.tr("Add Note…"), self.add_note),
            ("editNote", self.tr("Edit…"), self.edit_note),
            ("removeNote", self.tr("Remove"), self.remove_note),
        ])
        self.notes.list.itemDoubleClicked.connect(lambda _i: self.edit_note())
        notes_box = QGroupBox(self.tr("Notes"))
        QVBoxLayout(notes_box).addWidget(self.notes)
        page.addWidget(notes_box)
        self.attachments = ListBox([
            ("openAttachment", self.tr("Open"), self.open_attachment),
            ("addAttachment", self.tr("Add…"), self.add_attachment),
            ("removeAttachment", self.tr("Remove"), self.remove_attachment),
        ])
        self.attachments.list.itemActivated.connect(lambda _i: self.open_attachment())
        att_box = QGroupBox(self.tr("Attachments"))
        QVBoxLayout(att_box).addWidget(self.attachments)
        page.addWidget(att_box)
        self.info = QLabel()
        self.info.setObjectName("detailInfo")
        self.info.setEnabled(False)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        page.addWidget(self.info)
        outer.addWidget(self.page)
        outer.addStretch(1)
        self.set_ids([])

    # ------------------------------------------------------------- public API
    def set_preview_widget(self, widget: QWidget) -> None:
        """Put the citation preview at the top of the pane (replacing any previous one)."""
        while self.preview_box.count():
            old = self.preview_box.takeAt(0).widget()
            if old is not None and old is not widget:
                old.setParent(None)
        self.preview_box.addWidget(widget)
        self.apply_tab_order()

    def tab_chain(self) -> list[QWidget]:
        """The pane's widgets in Tab order: item type, the fields as the form shows
        them (title, creators, date, the type's fields, tags), More Fields and its
        fields, notes, attachments, then the citation preview."""
        chain: list[QWidget] = [self.type_combo]

        def field(name: str) -> None:
            if name == "creators":
                chain.extend(self.creators.tab_chain())
            elif name in self._editors:
                chain.append(self._editors[name])
                if name in self._links:
                    chain.append(self._links[name])

        for name in self._main_fields:
            field(name)
        if self._more_box is not None:
            chain.append(self._more_box)
        for name in self._more_fields:
            field(name)
        for box in (self.notes, self.attachments):
            chain += [box.list, *box.buttons.values()]
        for i in range(self.preview_box.count()):
            w = self.preview_box.itemAt(i).widget()
            if w is not None:
                chain.append(w)
        return chain

    def apply_tab_order(self) -> None:
        """Put the pane's widgets in :meth:`tab_chain` order in the focus chain
        (the form's widgets are made anew per record, at the end of the chain)."""
        chain = self.tab_chain()
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def set_ids(self, ids: list[int]) -> None:
        """Show the record if exactly one is selected (an edit still in a field of
        the record shown is saved first)."""
        if list(ids) != self.ids:
            self.commit_pending()
        self.ids = list(ids)
        if len(ids) == 1:
            try:
                rec = self.library.get(ids[0])
            except NotFoundError:
                rec = None
            self._show_record(rec)
            return
        self.record = None
        self._form_id = None
        if not ids:
            self.message.setText(self.tr("No record selected"))
        else:
            self.message.setText(self.tr("{n} records selected").format(n=len(ids)))
        self._show_page(False)
        self.record_shown.emit(None)

    def on_changes(self, changes: Changes) -> None:
        """Reload the shown record if an operation touched it."""
        if self.record is None or self.record.id is None:
            if len(self.ids) == 1 and self.ids[0] in (changes.added | changes.restored):
                self.set_ids(self.ids)
            return
        rid = self.record.id
        if rid in (changes.modified | changes.removed | changes.restored | changes.added):
            try:
                rec = self.library.get(rid)
            except NotFoundError:
                self.set_ids([])
                return
            self._show_record(rec)

    def _show_page(self, page: bool) -> None:
        self.message.setVisible(not page)
        self.page.setVisible(page)

    def showing_form(self) -> bool:
        return not self.page.isHidden()

    def editor(self, name: str) -> QLineEdit | CommitTextEdit:
        """The editor of field *name* (for tests and keyboard focus)."""
        return self._editors[name]

    def link_button(self, name: str) -> QToolButton:
        return self._links[name]

    def commit(self, name: str) -> None:
        """Save field *name* from its editor if it changed (one undoable edit)."""
        rec = self.record
        if rec is None or rec.id is None or name not in self._editors:
            return
        text = self._editors[name].text()
        if text.strip() == field_text(rec, name).strip():
            return
        value = parse_field(name, text)
        if name in DATE_FIELDS and value is not None and not isinstance(value, PartialDate):
            value = PartialDate(literal=text.strip())
        self.ops.set_field(rec.id, name, value)

    def commit_pending(self) -> None:
        """Save an edit still in its field (the cursor has not left it yet), so that
        copying, exporting or switching records sees what the user sees."""
        rec = self.record
        if rec is None or rec.id is None or not self.showing_form():
            return
        for name in list(self._editors):
            self.commit(name)
        self._creators_committed(self.creators.creators())

    # -------------------------------------------------------------- the form
    def _show_record(self, rec: Record | None) -> None:
        if rec is None:
            self.set_ids([])
            return
        self.record = rec
        if rec.type != self._form_type or rec.id != self._form_id:
            self._build_form(rec)
        self._fill(rec)
        self._show_page(True)
        self.apply_tab_order()
        self.record_shown.emit(rec)

    def _build_form(self, rec: Record) -> None:
        focused = self._focused_field()
        while self.form_lay.count():
            item = self.form_lay.takeAt(0)
            w = item.widget()
            if w is not None and w is not self.creators:
                w.setParent(None)
                w.deleteLater()
        self.creators.setParent(None)
        self._editors = {}
        self._links = {}
        self._form_type = rec.type
        self._form_id = rec.id
        main, rest = fields_for(rec.type)
        self._main_fields, self._more_fields = main, rest
        main_box = QWidget()
        form = QFormLayout(main_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # a narrow pane puts long labels above their fields instead of clipping
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name in main:
            if name == "creators":
                form.addRow(field_label("creators", rec.type), self.creators)
            else:
                form.addRow(field_label(name, rec.type), self._make_editor(name))
        self.form_lay.addWidget(main_box)
        more = QGroupBox(self.tr("More Fields"))
        more.setObjectName("moreFields")
        more.setCheckable(True)
        more.setChecked(False)
        self._more_box = more
        inner = QWidget()
        more_form = QFormLayout(inner)
        more_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        more_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name in rest:
            more_form.addRow(field_label(name, rec.type), self._make_editor(name))
        QVBoxLayout(more).addWidget(inner)
        inner.setVisible(False)
        more.toggled.connect(inner.setVisible)
        self.form_lay.addWidget(more)
        if focused and focused in self._editors:
            self._editors[focused].setFocus()

    def _make_editor(self, name: str) -> QWidget:
        ed: QLineEdit | CommitTextEdit
        if name in MULTILINE:
            ed = CommitTextEdit()
            ed.committed.connect(lambda n=name: self.commit(n))
        else:
            ed = QLineEdit()
            ed.editingFinished.connect(lambda n=name: self.commit(n))
            if name in DATE_FIELDS:
                ed.setPlaceholderText(self.tr("YYYY-MM-DD"))
            elif name == "tags":
                ed.setPlaceholderText(self.tr("tag, another tag"))
            elif name == "keywords":
                ed.setPlaceholderText(self.tr("keyword; another keyword"))
        ed.setObjectName(f"field_{name}")
        pass_undo_through(ed)
        self._editors[name] = ed
        if name not in LINK_FIELDS:
            return ed
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(ed, 1)
        btn = QToolButton()
        btn.setObjectName(f"open_{name}")
        btn.setText("↗")
        btn.setToolTip(self.tr("Open in Browser"))
        btn.clicked.connect(lambda _c=False, n=name: self.open_link(n))
        lay.addWidget(btn)
        self._links[name] = btn
        return box

    def _fill(self, rec: Record) -> None:
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(rec.type), 0))
        for name, ed in self._editors.items():
            text = field_text(rec, name)
            if ed.text() != text and not (ed.hasFocus() and ed.text().strip() == text.strip()):
                if isinstance(ed, QLineEdit):
                    ed.setText(text)
                    ed.setCursorPosition(0)
                    ed.setModified(False)
                else:
                    ed.setText(text)
            ed.setFont(text_font(self.font(), has_cjk(text[:100])))
            if name in self._links:
                self._links[name].setEnabled(link_url(name, text) is not None)
        self.creators.set_creators(rec.creators)
        self.notes.list.clear()
        for n in rec.notes:
            it = QListWidgetItem(n.splitlines()[0][:120] if n.strip() else "…")
            it.setToolTip(n[:1000])
            self.notes.list.addItem(it)
        self.attachments.list.clear()
        for a in rec.attachments:
            it = QListWidgetItem(os.path.basename(a) or a)
            it.setToolTip(a)
            it.setData(Qt.ItemDataRole.UserRole, a)
            self.attachments.list.addItem(it)
        self.info.setText(self.tr("Added {added} · Modified {modified}").format(
            added=rec.date_added[:10], modified=rec.date_modified[:10]))

    def _focused_field(self) -> str | None:
        for name, ed in self._editors.items():
            if ed.hasFocus():
                return name
        return None

    # ----------------------------------------------------------- commits
    def _type_chosen(self, _index: int) -> None:
        rec = self.record
        new = self.type_combo.currentData()
        if rec is None or rec.id is None or not new or new == rec.type:
            return
        self.ops.set_field(rec.id, "type", new)

    def _creators_committed(self, creators: list[Creator]) -> None:
        rec = self.record
        if rec is None or rec.id is None:
            return
        if [c.to_dict() for c in creators] == [c.to_dict() for c in rec.creators]:
            return
        self.ops.set_field(rec.id, "creators", creators)

    def open_link(self, name: str) -> bool:
        rec = self.record
        if rec is None:
            return False
        url = link_url(name, field_text(rec, name))
        return bool(url) and QDesktopServices.openUrl(url)

    # ---------------------------------------------------------------- notes
    def _set_notes(self, notes: list[str]) -> None:
        if self.record is not None and self.record.id is not None:
            self.ops.set_field(self.record.id, "notes", notes)

    def add_note(self, text: str | None = None) -> None:
        if self.record is None:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, self.tr("Add Note"),
                                                     self.tr("Note:"), "")
            if not ok:
                return
        if text.strip():
            self._set_notes([*self.record.notes, text.strip()])

    def edit_note(self) -> None:
        rec = self.record
        row = self.notes.list.currentRow()
        if rec is None or not 0 <= row < len(rec.notes):
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Edit Note"), self.tr("Note:"),
                                                 rec.notes[row])
        if ok and text.strip() != rec.notes[row]:
            notes = list(rec.notes)
            if text.strip():
                notes[row] = text.strip()
            else:
                del notes[row]
            self._set_notes(notes)

    def remove_note(self) -> None:
        rec = self.record
        row = self.notes.list.currentRow()
        if rec is not None and 0 <= row < len(rec.notes):
            self._set_notes([n for i, n in enumerate(rec.notes) if i != row])

    # ---------------------------------------------------------- attachments
    def attachment_path(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() else self.library.storage_dir / p

    def open_attachment(self) -> bool:
        item = self.attachments.list.currentItem()
        if item is None:
            return False
        path = self.attachment_path(str(item.data(Qt.ItemDataRole.UserRole)))
        if not path.exists():
            self.ops.failed.emit(self.tr("The attachment {path} is missing.").format(
                path=str(path)))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def add_attachment(self, files: list[str] | None = None) -> None:
        rec = self.record
        if rec is None or rec.id is None:
            return
        if files is None:
            from app.gui.folders import last_folder, remember_folder

            files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add Attachments"),
                                                    last_folder("attachment"))
            remember_folder("attachment", files)
        files = [os.path.abspath(f) for f in files if f]
        new = [f for f in files if f not in rec.attachments]
        if new:
            self.ops.set_field(rec.id, "attachments", [*rec.attachments, *new])

    def remove_attachment(self) -> None:
        rec = self.record
        row = self.attachments.list.currentRow()
        if rec is not None and rec.id is not None and 0 <= row < len(rec.attachments):
            self.ops.set_field(rec.id, "attachments",
                               [a for i, a in enumerate(rec.attachments) if i != row])
