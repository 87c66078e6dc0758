"""Every path Refshelf uses comes from here (platformdirs), overridable for tests.

- ``REFSHELF_HOME``: put data, config, logs and cache under one folder
  (portable use, and the test fixture).
- ``REFSHELF_LIBRARY``: the library file (the ``--library`` option wins over it).

The program's own files (icons, translations, CSL styles, the desktop entry, the
README) are found by :func:`resources_dir` and :func:`readme_path`, in each of the
three ways Refshelf runs: from the source tree, installed from a wheel (the
``resources`` folder is packaged as ``app/resources``) and as a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "refshelf"
LIBRARY_FILE = "library.sqlite"


_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the 'app' package


def _frozen_dir() -> Path | None:
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else None


def resources_dir() -> Path:
    """The ``resources`` folder: inside the frozen bundle, inside the installed
    package (``app/resources``, from a wheel), or at the source tree's root."""
    frozen = _frozen_dir()
    if frozen is not None:
        return frozen / "resources"
    installed = _PACKAGE_DIR / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "resources"


def readme_path() -> Path:
    """README.md: beside the frozen bundle's resources, or at the source tree's root.
    An installed wheel has no README file (its text is the package's description:
    see ``app.gui.about``), so the path returned then does not exist."""
    frozen = _frozen_dir()
    if frozen is not None:
        return frozen / "README.md"
    return _PACKAGE_DIR.parent / "README.md"


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
