"""Errors meant for the user, kept apart from bugs.

A :class:`UserError` carries a message *template* and its parameters, so that
the GUI can translate the template (``QCoreApplication.translate("core", t)``)
without the core importing Qt. Any other exception is a bug and reaches the
crash dialog.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Something the user can act on: bad file, locked library, and so on."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.template


class FormatError(UserError):
    """A file (or part of one) could not be read: says file, line and reason."""

    def __init__(self, reason: str, *, source: str = "", line: int | None = None,
                 **params: Any) -> None:
        self.source = source
        self.line = line
        self.reason_template = reason
        super().__init__(reason, **params)

    @property
    def reason(self) -> str:
        """The reason alone, without file and line."""
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.template

    @property
    def message(self) -> str:
        reason = self.reason
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {reason}"


class LibraryError(UserError):
    """The library cannot be opened or written (locked, read-only, damaged, full)."""


class LibraryLockedError(LibraryError):
    pass


class ReadOnlyLibraryError(LibraryError):
    pass


class DamagedLibraryError(LibraryError):
    pass


class NotFoundError(UserError):
    pass
