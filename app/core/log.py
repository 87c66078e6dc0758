"""Logging set-up: one file in the platformdirs log directory, one logger per module."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.core import paths

LOG_FILE_NAME = "refshelf.log"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(verbose: bool = False, *, to_stderr: bool = False) -> Path:
    """Send log records to the rotating log file (and stderr if asked). Returns the file."""
    root = logging.getLogger()
    path = log_file()
    if not any(getattr(h, "_refshelf", False) for h in root.handlers):
        try:
            fh: logging.Handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            fh = logging.NullHandler()
        fh.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        fh._refshelf = True  # type: ignore[attr-defined]
        root.addHandler(fh)
        if to_stderr:
            sh = logging.StreamHandler()
            sh.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
            sh.setLevel(logging.DEBUG if verbose else logging.WARNING)
            sh._refshelf = True  # type: ignore[attr-defined]
            root.addHandler(sh)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path
