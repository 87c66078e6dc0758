"""Edit › Merge Selected Records: choose the master record and each differing field's value.

As in Zotero's merge view: the records are listed (title, first author, year, date
added, attachments, notes) with a choice of the master record, the oldest added by
default; below, each field in which they differ offers every record's value, the
master's chosen (or, where the master has none, the first record's that has one: what
:func:`~app.core.library.merge_records` keeps). Tags, notes, attachments, keywords and
collections are united; values not chosen are kept in the record's extra data. The
dialog only chooses: :meth:`MergeDialog.choice` is what
:meth:`~app.core.library.Library.merge` takes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.library import MERGE_FIELDS
from app.core.records import Record

log = logging.getLogger(__name__)

#: the order the fields are offered in: the head of the detail pane first
FIELD_ORDER: tuple[str, ...] = tuple(dict.fromkeys(
    ("type", "title", "creators", "issued", *MERGE_FIELDS)))
#: characters of a value shown in a choice (the whole value is its tooltip)
PREVIEW_CHARS = 90


def value_text(rec: Record, name: str) -> str:
    """The value of the field *name* of *rec* as one line of text ("" if empty)."""
    v = getattr(rec, name)
    if name == "creators":
        return "; ".join(c.display() for c in v)
    if name in ("issued", "accessed"):
        return v.iso() if v is not None else ""
    if name == "type":
        from app.gui.table.columns import type_label

        return type_label(v) if v else ""
    return " ".join(str(v or "").split())


def oldest_first(records: Sequence[Record]) -> list[Record]:
    """*records* by date added, oldest first (undated last, then by id)."""
    return sorted(records, key=lambda r: (not r.date_added, r.date_added, r.id or 0))


def _label(name: str, item_type: str) -> str:
    if name == "type":
        return QCoreApplication.translate("DetailPane", "Item Type")
    from app.gui.panes.detail import field_label

    return field_label(name, item_type)


class MergeDialog(QDialog):
    """The records to merge, the master's choice and the choice of each differing field."""

    def __init__(self, records: Sequence[Record], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if len(records) < 2:
            raise ValueError("a merge needs two records or more")
        self.records = oldest_first(records)
        self.setWindowTitle(self.tr("Merge Records"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Choose the master record: the others are merged into it and moved to the "
            "Trash.")))
        layout.addWidget(self._record_table())

        self.fields_label = QLabel()
        self.fields_label.setWordWrap(True)
        layout.addWidget(self.fields_label)
        self.form_widget = QWidget()
        self.form = QFormLayout(self.form_widget)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_widget)
        layout.addWidget(scroll, 1)
        note = QLabel(self.tr(
            "Tags, notes, attachments, keywords and collections of all the records are "
            "kept. The values not chosen are kept in the merged record's extra data."))
        note.setWordWrap(True)
        layout.addWidget(note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.combos: dict[str, QComboBox] = {}
        self._build_fields()
        self.master_group.idToggled.connect(self._master_toggled)
        self.resize(760, 560)

    # ------------------------------------------------------------------ public
    def master_id(self) -> int:
        """The id of the record the others are merged into."""
        return self.records[max(self.master_group.checkedId(), 0)].id  # type: ignore

    def set_master(self, rid: int) -> None:
        for row, rec in enumerate(self.records):
            if rec.id == rid:
                self.master_group.button(row).setChecked(True)
                return
        raise KeyError(rid)

    def other_ids(self) -> list[int]:
        """The ids merged into the master, in the list's order."""
        master = self.master_id()
        return [r.id for r in self.records if r.id != master]  # type: ignore[misc]

    def fields(self) -> list[str]:
        """The fields in which the records differ (each with a choice)."""
        return list(self.combos)

    def choose(self, name: str, rid: int) -> None:
        """Take the value of field *name* from record *rid* (one with a value)."""
        combo = self.combos[name]
        for i in range(combo.count()):
            if rid in combo.itemData(i):
                combo.setCurrentIndex(i)
                return
        raise KeyError(rid)

    def chosen_id(self, name: str) -> int:
        """The id of the record whose value of *name* is chosen (the master's if it has
        that value)."""
        ids: list[int] = self.combos[name].currentData()
        master = self.master_id()
        return master if master in ids else ids[0]

    def choice(self) -> dict[str, int]:
        """Field -> id of the record whose value the merged record takes."""
        return {name: self.chosen_id(name) for name in self.combos}

    # --------------------------------------------------------------- internals
    def _record_table(self) -> QTableWidget:
        master = self.tr("Master")
        first_author = self.tr("First Author")
        headers = [master,
                   QCoreApplication.translate("Columns", "Title"),
                   first_author,
                   QCoreApplication.translate("Columns", "Year"),
                   QCoreApplication.translate("Columns", "Date Added"),
                   QCoreApplication.translate("DetailPane", "Attachments"),
                   QCoreApplication.translate("DetailPane", "Notes")]
        table = QTableWidget(len(self.records), len(headers))
        table.setObjectName("records")
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.master_group = QButtonGroup(self)
        for row, rec in enumerate(self.records):
            radio = QRadioButton()
            radio.setObjectName(f"master_{rec.id}")
            radio.setAccessibleName(self.tr("Master: {title}").format(title=rec.title))
            self.master_group.addButton(radio, row)
            table.setCellWidget(row, 0, radio)
            first = rec.first_creator
            cells = [rec.title, first.display() if first else "",
                     str(rec.year or ""), rec.date_added[:10],
                     str(len(rec.attachments)), str(len(rec.notes))]
            for col, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col >= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, col, item)
        self.master_group.button(0).setChecked(True)  # the oldest added, as Zotero
        head = table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(min(60 + 30 * len(self.records), 260))
        return table

    def _build_fields(self) -> None:
        """One combo per field with two or more different values; each item is one
        value, its data the ids of the records that hold it (in the list's order)."""
        item_type = self.records[0].type
        for name in FIELD_ORDER:
            values: dict[str, list[int]] = {}
            for rec in self.records:
                text = value_text(rec, name)
                if text:
                    values.setdefault(text, []).append(rec.id)  # type: ignore[arg-type]
            if len(values) < 2:
                continue
            combo = QComboBox()
            combo.setObjectName(f"field_{name}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)
            for text, ids in values.items():
                rows = ", ".join(str(self._row_of(i) + 1) for i in ids)
                shown = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS - 1] + "…"
                combo.addItem(f"{shown}  [{rows}]", ids)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            self.combos[name] = combo
            self.form.addRow(_label(name, item_type), combo)
        self.fields_label.setText(
            self.tr("The records differ in these fields: choose the value to keep. "
                    "The numbers are the records' rows above.") if self.combos else
            self.tr("The records do not differ in any field with a choice."))
        self._set_defaults()

    def _row_of(self, rid: int) -> int:
        return next(i for i, r in enumerate(self.records) if r.id == rid)

    def _set_defaults(self) -> None:
        """The master's value, or the first (in the list's order) of the others' where
        the master has none."""
        master = self.master_id()
        for combo in self.combos.values():
            index = next((i for i in range(combo.count()) if master in combo.itemData(i)),
                         0)
            combo.setCurrentIndex(index)

    def _master_toggled(self, _row: int, checked: bool) -> None:
        if checked:
            self._set_defaults()


def run_merge_dialog(records: Sequence[Record], parent: QWidget | None = None
                     ) -> tuple[int, list[int], dict[str, Any]] | None:
    """Show the dialog; (master id, the other ids, the choice) on Merge, None on Cancel."""
    dlg = MergeDialog(records, parent)
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.master_id(), dlg.other_ids(), dlg.choice()
    finally:
        dlg.deleteLater()
