"""The table's columns, declared as data (as Picard's ``ui/columns.py`` does).

A column says where its value comes from (a column of ``Library.rows``), how
it is titled, how wide and how aligned it is, which sort key ``query_ids``
uses for it, and whether it is shown by default. Titles are marked with
``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` finds them; they are translated
when shown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

log = logging.getLogger(__name__)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """One table column."""

    key: str  # stable identifier (saved in settings)
    title: str  # untranslated; see :meth:`display_title`
    source: str  # column name for Library.rows ("id" is the record id itself)
    sort: str  # sort key for Library.query_ids
    width: int
    align: Qt.AlignmentFlag = LEFT
    default: bool = True

    def display_title(self) -> str:
        return QCoreApplication.translate("Columns", self.title)


COLUMNS: tuple[Column, ...] = (
    Column("attachments", QT_TRANSLATE_NOOP("Columns", "Attachment"), "has_attachment",
           "attachments", 28, CENTER),
    Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), "title", "title", 420),
    Column("creators", QT_TRANSLATE_NOOP("Columns", "Creators"), "creators_display",
           "creators", 200),
    Column("year", QT_TRANSLATE_NOOP("Columns", "Year"), "year", "year", 56, RIGHT),
    Column("container", QT_TRANSLATE_NOOP("Columns", "Publication"), "container",
           "container", 200),
    Column("type", QT_TRANSLATE_NOOP("Columns", "Item Type"), "type", "type", 120),
    Column("date_added", QT_TRANSLATE_NOOP("Columns", "Date Added"), "date_added",
           "date_added", 100),
    Column("citation_key", QT_TRANSLATE_NOOP("Columns", "Citation Key"), "citation_key",
           "citation_key", 140),
    Column("date_modified", QT_TRANSLATE_NOOP("Columns", "Date Modified"), "date_modified",
           "date_modified", 100, default=False),
    Column("id", QT_TRANSLATE_NOOP("Columns", "ID"), "id", "id", 60, RIGHT, default=False),
)

COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)


def column(key: str) -> Column:
    """The column with *key*. Raises KeyError."""
    for c in COLUMNS:
        if c.key == key:
            return c
    raise KeyError(key)


def row_sources() -> list[str]:
    """The ``Library.rows`` columns the model fetches (one tuple per record)."""
    return [c.source for c in COLUMNS if c.source != "id"]


# CSL item types as the table and the detail pane name them.
TYPE_LABELS: dict[str, str] = {
    "article-journal": QT_TRANSLATE_NOOP("ItemTypes", "Journal Article"),
    "article-magazine": QT_TRANSLATE_NOOP("ItemTypes", "Magazine Article"),
    "article-newspaper": QT_TRANSLATE_NOOP("ItemTypes", "Newspaper Article"),
    "article": QT_TRANSLATE_NOOP("ItemTypes", "Preprint"),
    "book": QT_TRANSLATE_NOOP("ItemTypes", "Book"),
    "chapter": QT_TRANSLATE_NOOP("ItemTypes", "Book Section"),
    "paper-conference": QT_TRANSLATE_NOOP("ItemTypes", "Conference Paper"),
    "thesis": QT_TRANSLATE_NOOP("ItemTypes", "Thesis"),
    "report": QT_TRANSLATE_NOOP("ItemTypes", "Report"),
    "webpage": QT_TRANSLATE_NOOP("ItemTypes", "Web Page"),
    "post-weblog": QT_TRANSLATE_NOOP("ItemTypes", "Blog Post"),
    "dataset": QT_TRANSLATE_NOOP("ItemTypes", "Dataset"),
    "patent": QT_TRANSLATE_NOOP("ItemTypes", "Patent"),
    "standard": QT_TRANSLATE_NOOP("ItemTypes", "Standard"),
    "manuscript": QT_TRANSLATE_NOOP("ItemTypes", "Manuscript"),
    "map": QT_TRANSLATE_NOOP("ItemTypes", "Map"),
    "motion_picture": QT_TRANSLATE_NOOP("ItemTypes", "Film"),
    "broadcast": QT_TRANSLATE_NOOP("ItemTypes", "Broadcast"),
    "song": QT_TRANSLATE_NOOP("ItemTypes", "Audio Recording"),
    "speech": QT_TRANSLATE_NOOP("ItemTypes", "Presentation"),
    "interview": QT_TRANSLATE_NOOP("ItemTypes", "Interview"),
    "personal_communication": QT_TRANSLATE_NOOP("ItemTypes", "Letter"),
    "legal_case": QT_TRANSLATE_NOOP("ItemTypes", "Case"),
    "legislation": QT_TRANSLATE_NOOP("ItemTypes", "Statute"),
    "bill": QT_TRANSLATE_NOOP("ItemTypes", "Bill"),
    "entry-dictionary": QT_TRANSLATE_NOOP("ItemTypes", "Dictionary Entry"),
    "entry-encyclopedia": QT_TRANSLATE_NOOP("ItemTypes", "Encyclopedia Article"),
    "review": QT_TRANSLATE_NOOP("ItemTypes", "Review"),
    "review-book": QT_TRANSLATE_NOOP("ItemTypes", "Book Review"),
    "software": QT_TRANSLATE_NOOP("ItemTypes", "Software"),
    "graphic": QT_TRANSLATE_NOOP("ItemTypes", "Artwork"),
    "pamphlet": QT_TRANSLATE_NOOP("ItemTypes", "Pamphlet"),
    "classic": QT_TRANSLATE_NOOP("ItemTypes", "Classic"),
    "document": QT_TRANSLATE_NOOP("ItemTypes", "Document"),
}


def type_label(item_type: str) -> str:
    """The translated name of a CSL item type (the id itself if unknown)."""
    label = TYPE_LABELS.get(item_type)
    return QCoreApplication.translate("ItemTypes", label) if label else item_type
