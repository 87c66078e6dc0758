"""A separate Refshelf process for the crash, lock and concurrency tests.

    python tests/core/safety/child.py MODE LIBRARY [ARGS...]

Prints one line per committed step (flushed), so the parent knows what was
committed before it kills or stops this process.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.core import backup  # noqa: E402
from app.core.errors import LibraryLockedError  # noqa: E402
from app.core.library import Library  # noqa: E402
from app.core.records import Creator, PartialDate, Record  # noqa: E402


def make(i: int, tag: str) -> Record:
    return Record(title=f"{tag} {i}", creators=[Creator(family=f"Writer{i}", given="B.")],
                  issued=PartialDate(1900 + i % 120), container_title="Crash Journal",
                  abstract="y" * 300, tags=[tag])


def say(*parts: object) -> None:
    """One write per line, so a kill cannot split it (print() writes each part
    separately, and each is its own syscall when PYTHONUNBUFFERED is set)."""
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    mode, lib_path, *rest = argv
    if mode == "writer":  # N single-record transactions
        n, tag = int(rest[0]), rest[1]
        with Library.open(lib_path) as lib:
            say("ready")
            sys.stdin.readline()  # "go": start together with the other writer
            for i in range(n):
                try:
                    lib.add(make(i, tag))
                    say("ok", i)
                except LibraryLockedError as exc:
                    say("locked", i, exc.message)
        say("done")
    elif mode == "hold":  # hold the write lock until stdin closes
        with Library.open(lib_path) as lib, lib.transaction():
            lib.conn.execute("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
            say("holding")
            sys.stdin.read()
    elif mode == "import":  # batches of one import transaction each
        total, batch, tag = int(rest[0]), int(rest[1]), rest[2]
        recs = [make(i, tag) for i in range(total)]
        with Library.open(lib_path) as lib:
            say("ready")
            for start in range(0, total, batch):
                lib.import_records(recs[start:start + batch], policy="import")
                say("committed", min(start + batch, total))
        say("done")
    elif mode == "backup-loop":
        with Library.open(lib_path) as lib:
            say("ready")
            while True:
                say("made", backup.create_backup(lib, "manual").name)
    elif mode == "restore-loop":
        names = rest
        with Library.open(lib_path) as lib:
            say("ready")
            k = 0
            while True:
                backup.restore_into(lib, names[k % len(names)])
                say("restored", names[k % len(names)])
                k += 1
    elif mode == "open-at":  # open when the clock reaches rest[0] (several at once)
        import time

        start = float(rest[0])
        while time.time() < start:
            pass
        try:
            with Library.open(lib_path) as lib:
                say("ok", lib.count())
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            say("error", type(exc).__name__, getattr(exc, "message", str(exc)),
                "| cause:", repr(exc.__cause__))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
