"""On a real X server: a Qt process copies a citation; xclip reads back both flavours.

Expected texts come from ../shared/spec/citations.json.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.conftest import SPEC
from tests.gui.helpers.xserver import QtProcess, child_env, require, xvfb

pytestmark = pytest.mark.xvfb

GBT = "china-national-standard-gb-t-7714-2015-numeric"


def _case(record: str, style: str) -> dict:
    spec = json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))
    return next(c for c in spec["cases"] if c["record"] == record and c["style"] == style)


def _xclip(display: str, target: str) -> str:
    out = subprocess.run(["xclip", "-selection", "clipboard", "-t", target, "-o"],
                         env={"DISPLAY": display, "PATH": "/usr/bin:/bin:/usr/local/bin"},
                         capture_output=True, timeout=10, check=True)
    return out.stdout.decode("utf-8")


def _targets(display: str) -> set[str]:
    return set(_xclip(display, "TARGETS").split())


@pytest.mark.parametrize(("record", "style"), [("seed", "apa"), ("zh2", GBT)])
def test_xclip_reads_html_and_plain_text(tmp_path, record, style):
    require("Xvfb", "xclip")
    case = _case(record, style)
    with xvfb() as display:
        owner = QtProcess("clip_owner.py", [str(tmp_path / "lib.sqlite"), record, style],
                          child_env(display, tmp_path / "home"))
        try:
            owner.wait_line("READY", timeout=60)
            targets = _targets(display)
            assert {"text/html", "UTF8_STRING"} <= targets
            plain = _xclip(display, "UTF8_STRING")
            html = _xclip(display, "text/html")
        finally:
            owner.stop()
    assert plain == case["bibliography"]
    assert "<" not in plain
    for text in case["italic"]:
        assert re.search(rf"<(i|em)>{re.escape(text)}</(i|em)>", html), html
    if record == "zh2":
        assert "王小明, 李华" in html  # CJK survives the X selection as UTF-8
    assert html != plain and "<" in html
