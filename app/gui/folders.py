"""The folder each kind of file dialog last used, kept in the GUI settings.

Import, export, citation styles and attachments each remember their own folder
(``folders/<kind>`` in ``gui.ini``); a dialog opens there, or in the home folder
the first time or once that folder is gone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

#: the kinds of file dialog with a folder of their own
KINDS = ("import", "export", "style", "attachment")


def _settings() -> QSettings:
    from app.gui.main_window import gui_settings

    return gui_settings()


def last_folder(kind: str) -> str:
    """The folder the *kind* dialog last used, if it still exists; else the home folder."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file dialog {kind!r}")
    value = _settings().value(f"folders/{kind}")
    if isinstance(value, str) and value and os.path.isdir(value):
        return value
    return str(Path.home())


def remember_folder(kind: str, paths: str | Iterable[str]) -> None:
    """Remember the folder of the (first of) *paths* the *kind* dialog returned."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file dialog {kind!r}")
    first = paths if isinstance(paths, str) else next(iter(paths), "")
    if not first:
        return
    folder = first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first))
    s = _settings()
    s.setValue(f"folders/{kind}", folder)
    s.sync()
    log.debug("%s dialogs now open in %s", kind, folder)
