"""No path traversal through attachment names: whatever a file is called, its stored
copy lands inside ``<library>.files/<record id>/`` under a name every file system takes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.fileio import safe_attachment_name
from app.core.library import Library

NAMERS: list[tuple[str, Callable[[str], str]]] = [
    ("fileio.safe_attachment_name", safe_attachment_name)]

HOSTILE = [
    "../../etc/passwd", "..\\..\\Windows\\system32\\evil.dll", "/etc/shadow",
    "C:\\Users\\x\\evil.pdf", "\\\\server\\share\\evil.pdf", "a/../../b.pdf", "..", ".",
    "...", "", " ", "/", "\\", "./.bashrc", "..\u2215..\u2215evil.pdf",  # division slash
    "evil\x00.pdf", "evil\n\r\t.pdf", "file:///etc/passwd", "%2e%2e%2fevil.pdf",
    "\u202eevil\u202dfdp.exe", "con", "NUL.txt", "aux.pdf", "~/.ssh/authorized_keys",
    "a" * 1000 + ".pdf", "论文" * 200 + ".pdf", "😀" * 100 + ".pdf", "name. . .",
]

# Bugs of the namer, if any are found:
# (namer, input) -> why. Strict: once fixed, remove the entry.
KNOWN_BROKEN: dict[tuple[str, str], str] = {}


def assert_safe(name: str, folder: Path) -> None:
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not any(ord(c) < 32 for c in name)
    assert len(name.encode("utf-8")) <= 255, f"{len(name.encode())} bytes"
    assert (folder / name).resolve().parent == folder.resolve()


def _params() -> list[object]:
    out = []
    for label, fn in NAMERS:
        for raw in HOSTILE:
            why = KNOWN_BROKEN.get((label, raw))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(fn, raw, marks=marks, id=f"{label}:{raw[:24]!r}"))
    return out


@pytest.mark.parametrize(("namer", "raw"), _params())
def test_hostile_names_stay_inside(namer: Callable[[str], str], raw: str,
                                   tmp_path: Path) -> None:
    assert_safe(namer(raw), tmp_path)


@pytest.mark.parametrize("namer", [fn for _, fn in NAMERS], ids=[n for n, _ in NAMERS])
@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(raw=st.text(alphabet=st.sampled_from("./\\:\x00\n a.论😀%~-_"), max_size=300) | st.text())
def test_any_name_stays_inside(namer: Callable[[str], str], raw: str,
                               tmp_path_factory: pytest.TempPathFactory) -> None:
    name = namer(raw)
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    folder = Path("/srv/storage/42")
    assert os.path.normpath(folder / name).startswith(str(folder) + os.sep)


@pytest.mark.parametrize("raw", [
    "..\\..\\escape.pdf",  # a legal POSIX name holding backslashes
    "evil\nname.pdf",
    " .. ",
    "..pdf",
    "论文" * 40 + ".pdf",  # 244 bytes: legal here
], ids=["backslashes", "newline", "dots-and-spaces", "dotdot-prefix", "long-cjk"])
def test_store_files_keeps_copies_inside_the_record_folder(raw: str, tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("these are POSIX file names")
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    src = src_dir / raw
    src.write_bytes(b"%PDF-1.4 attachment")
    with Library.open(tmp_path / "lib.sqlite") as lib:
        for _ in range(2):  # the second copy gets a new name, in the same folder
            rid = 7
            stored = lib._store_files(rid, [str(src)])
            folder = (lib.storage_dir / str(rid)).resolve()
            for p in stored:
                assert p.resolve().parent == folder
                assert p.read_bytes() == b"%PDF-1.4 attachment"
                assert_safe(p.name, folder)
        assert len(list(folder.iterdir())) == 2
    # nothing was written outside the storage folder
    assert sorted(x.name for x in src_dir.iterdir()) == [raw]
