"""User preferences, declared once, stored as JSON in the config folder.

Window geometry and header state are not here: they live in QSettings on the
GUI side. Read with ``settings.get("citation_style")``, write with ``set``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from app.core import paths
from app.core.fileio import atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pref:
    key: str
    default: Any
    help: str


PREFS: tuple[Pref, ...] = (
    Pref("citation_style", None, "Citation style id; None: GB/T 7714 for a Chinese "
         "interface on first run, APA otherwise"),
    Pref("citation_locale", None, "Citation locale; None: the style's default"),
    Pref("language", None, "Interface language (e.g. 'zh_CN'); None: the system locale"),
    Pref("duplicate_policy", "skip", "Import: skip, import or merge duplicates"),
    Pref("backup_daily_keep", 7, "How many daily backups to keep"),
    Pref("backup_weekly_keep", 4, "How many weekly backups to keep"),
    Pref("bibtex_ascii", False, "Export BibTeX as pure ASCII with LaTeX escapes"),
    Pref("recent_libraries", [], "Recently opened library files"),
)
_DEFAULTS = {p.key: p.default for p in PREFS}


def _load() -> dict[str, Any]:
    f = paths.settings_file()
    if not f.exists():
        return {}
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable settings file %s: %s", f, exc)
        return {}


def get(key: str) -> Any:
    if key not in _DEFAULTS:
        raise KeyError(f"unknown preference {key!r}")
    return _load().get(key, _DEFAULTS[key])


def is_set(key: str) -> bool:
    """True if the user (or a first run) stored a value for *key*."""
    return key in _load()


def set(key: str, value: Any) -> None:  # noqa: A001 - the natural name
    if key not in _DEFAULTS:
        raise KeyError(f"unknown preference {key!r}")
    data = _load()
    data[key] = value
    atomic_write_text(paths.settings_file(), json.dumps(data, ensure_ascii=False, indent=2))


def all_values() -> dict[str, Any]:
    data = _load()
    return {k: data.get(k, d) for k, d in _DEFAULTS.items()}
