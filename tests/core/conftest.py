"""Fixtures shared by the core's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.library import Library


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    """A new, empty library in the test's own folder; closed afterwards. Modules that
    need a filled library shared by their tests define their own ``lib``."""
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()
