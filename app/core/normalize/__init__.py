"""Small pure clean-up functions for names, dates, pages and identifiers.

Each function takes text and returns a normalised value; none touches the
library or the network. DOIs live in :mod:`app.core.records`.
"""

from __future__ import annotations

from app.core.normalize.dates import format_ris_date, parse_date
from app.core.normalize.names import (
    looks_like_affiliation,
    looks_like_organization,
    parse_name,
    split_names,
)
from app.core.normalize.pages import first_page, last_page, normalize_pages, split_volume_issue
from app.core.records import clean_doi, extract_doi, normalize_doi

__all__ = [
    "clean_doi",
    "extract_doi",
    "first_page",
    "format_ris_date",
    "last_page",
    "looks_like_affiliation",
    "looks_like_organization",
    "normalize_doi",
    "normalize_pages",
    "parse_date",
    "parse_name",
    "split_names",
    "split_volume_issue",
]
