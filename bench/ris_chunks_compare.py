"""RIS read in chunks against RIS read whole, over every file of the shared corpus.

For every text file under the corpus (``../shared/corpus``), every ``input`` of the
Zotero translator test cases there, and any files named on the command line, each
also rewritten with CRLF line ends, with lone CR line ends, with a BOM and without
its final ``ER`` line, and with an empty record (a failure) before every third
record, this reads the text with ``RisFormat.read`` and with
``RisFormat.read_chunks`` (2,000, 3 and 1 records a chunk) and checks that the
chunks together hold the records (as dicts), the failures (source, line, reason,
raw text) and the record lines of the whole read.

It prints one line per input: its name, a digest of the whole read and the chunk
sizes and progress fractions, so that two versions of the reader can be compared
by running this in each tree and diffing the outputs::

    python -m bench.ris_chunks_compare /tmp/refshelf-bench-formats/gen-50000.ris > new.txt

Exit status 1 if any input's chunks differ from its whole read.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.formats import ReadResult, get
from app.core.textio import decode_bytes

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
RIS = get("ris")
_LAST_ER_RE = re.compile(r"\n[ \t]*ER {1,2}-[^\n]*\s*\Z")
_TY_RE = re.compile(r"^TY  - ", re.M)
_EMPTY = "TY  - GEN\nN1  - \nER  - \n"


def _inputs(extra: list[str]) -> Iterator[tuple[str, str]]:
    for p in sorted(CORPUS.resolve().rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue  # binary
        text, _ = decode_bytes(data)
        name = str(p.relative_to(CORPUS.resolve()))
        yield name, text
        if p.suffix == ".json":
            try:
                cases = json.loads(text)
            except ValueError:
                continue
            if isinstance(cases, list):
                for i, case in enumerate(cases):
                    if isinstance(case, dict) and isinstance(case.get("input"), str):
                        yield f"{name}#{i}", case["input"]
    for f in extra:
        yield f, decode_bytes(Path(f).read_bytes())[0]


def _variants(name: str, text: str) -> Iterator[tuple[str, str]]:
    yield name, text
    lf = text.replace("\r\n", "\n")
    yield f"{name} [crlf]", lf.replace("\n", "\r\n")
    yield f"{name} [cr]", lf.replace("\n", "\r")
    yield f"{name} [bom]", "\ufeff" + text
    no_er = _LAST_ER_RE.sub("\n", text)
    if no_er != text:
        yield f"{name} [no final ER]", no_er
    starts = [m.start() for m in _TY_RE.finditer(text)]
    if starts:  # an empty record (a failure) before every third record
        cut = [0] + starts[::3] + [len(text)]
        yield f"{name} [empty records]", _EMPTY.join(text[a:b] for a, b in zip(cut, cut[1:]))


def _joined(chunks: list[ReadResult]) -> tuple[list[dict[str, Any]], list[Any], list[Any]]:
    return ([r.to_dict() for c in chunks for r in c.records],
            [(f.source, f.line, f.reason, f.raw) for c in chunks for f in c.failures],
            [n for c in chunks for n in c.lines])


def main(argv: list[str]) -> int:
    bad = 0
    n = 0
    big = set(argv)
    for name, text in _inputs(argv):
        variants = _variants(name, text)
        if name in big:  # the original and the one with failures
            variants = (v for v in variants if v[0] in (name, f"{name} [empty records]"))
        for vname, vtext in variants:
            n += 1
            whole = RIS.read(vtext, name)
            want = _joined([whole])
            digest = hashlib.sha256(json.dumps(want, sort_keys=True, default=str)
                                    .encode()).hexdigest()[:16]
            shapes = []
            for size in ((2000,) if name in big else (2000, 3, 1)):
                chunks = list(RIS.read_chunks(vtext, name, chunk_records=size))
                if _joined(chunks) != want:
                    bad += 1
                    print(f"DIFFERS: {vname} ({size} a chunk)", file=sys.stderr)
                shapes.append([(len(c.records), len(c.failures), round(c.done_fraction, 6))
                               for c in chunks])
            shape = hashlib.sha256(repr(shapes).encode()).hexdigest()[:16]
            print(f"{vname}\t{len(whole.records)} records\t{len(whole.failures)} failures"
                  f"\t{digest}\t{shape}")
    print(f"{n} inputs, {bad} differing", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
