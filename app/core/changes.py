"""What an operation changed, so views refresh only that (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Changes:
    label: str = ""
    added: set[int] = field(default_factory=set)
    modified: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)  # trashed, restored-away or deleted
    restored: set[int] = field(default_factory=set)  # back from the trash
    collections: bool = False
    tags: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.modified or self.removed or self.restored
                    or self.collections or self.tags)

    @property
    def membership(self) -> bool:
        """True if the set of rows in some view may differ (not just their contents)."""
        return bool(self.added or self.removed or self.restored or self.collections)

    def merge(self, other: Changes) -> None:
        self.added |= other.added
        self.modified |= other.modified
        self.removed |= other.removed
        self.restored |= other.restored
        self.collections |= other.collections
        self.tags |= other.tags


@dataclass
class OpResult(Generic[T]):
    value: T
    changes: Changes
