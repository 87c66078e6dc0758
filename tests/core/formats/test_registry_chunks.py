"""The registry's streamed read: the same records as a whole read, and the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import formats
from app.core.errors import FormatError

RIS = "TY  - JOUR\nTI  - One\nER  - \n\nTY  - BOOK\nTI  - Two\nER  - \n"


def test_chunks_hold_the_records_of_a_whole_read(tmp_path: Path) -> None:
    p = tmp_path / "refs.txt"
    p.write_text(RIS, encoding="utf-8")
    chunks = list(formats.read_path_chunks(str(p)))
    whole = formats.read_path(str(p))
    assert [r.title for c in chunks for r in c.records] == [r.title for r in whole.records]
    assert all(c.format_id == "ris" for c in chunks)
    assert chunks[-1].done_fraction == 1.0


@pytest.mark.parametrize("content, reason", [(b"  \n", "the file is empty"),
                                             (b"\x00\x01\x02 nothing", "not a format")])
def test_unreadable_file_raises_on_first_chunk(tmp_path: Path, content: bytes,
                                               reason: str) -> None:
    p = tmp_path / "bad.dat"
    p.write_bytes(content)
    with pytest.raises(FormatError, match=reason):
        next(formats.read_path_chunks(str(p)))


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        next(formats.read_path_chunks(str(tmp_path / "gone.bib")))
    assert "gone.bib" in str(info.value)
