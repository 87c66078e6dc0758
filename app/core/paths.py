"""Every path Refshelf uses comes from here (platformdirs), overridable for tests.

- ``REFSHELF_HOME``: put data, config, logs and cache under one folder
  (portable use, and the test fixture).
- ``REFSHELF_LIBRARY``: the library file (the ``--library`` option wins over it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "refshelf"
LIBRARY_FILE = "library.sqlite"


def _home() -> Path | None:
    h = os.environ.get("REFSHELF_HOME")
    return Path(h) if h else None


def _dir(kind: str) -> Path:
    home = _home()
    if home is not None:
        p = home / kind
    else:
        getter = {
            "data": platformdirs.user_data_dir,
            "config": platformdirs.user_config_dir,
            "log": platformdirs.user_log_dir,
            "cache": platformdirs.user_cache_dir,
        }[kind]
        p = Path(getter(APP_DIR_NAME, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def data_dir() -> Path:
    return _dir("data")


def config_dir() -> Path:
    return _dir("config")


def log_dir() -> Path:
    return _dir("log")


def cache_dir() -> Path:
    return _dir("cache")


def default_library_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The library file: *override* (``--library``), ``REFSHELF_LIBRARY``, or the data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("REFSHELF_LIBRARY")
    if env:
        return Path(env).expanduser()
    return data_dir() / LIBRARY_FILE


def storage_dir_for(library_path: str | os.PathLike[str]) -> Path:
    """Where a library keeps its attachment copies: ``<library>.files/`` beside it."""
    p = Path(library_path)
    return p.with_name(p.name + ".files")


def backup_dir_for(library_path: str | os.PathLike[str]) -> Path:
    p = Path(library_path)
    return p.with_name(p.name + ".backups")


def user_styles_dir() -> Path:
    p = data_dir() / "styles"
    p.mkdir(parents=True, exist_ok=True)
    return p


def settings_file() -> Path:
    return config_dir() / "settings.json"
