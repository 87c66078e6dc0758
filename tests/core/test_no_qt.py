"""app.core must run without Qt: importing every core module loads no PySide6."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_core_imports_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import app.core\n"
        "from app.core import formats\n"
        "formats.load_builtin_formats()\n"
        "names = [m.name for m in pkgutil.walk_packages(app.core.__path__, 'app.core.')]\n"
        "for n in names: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(len(names)); print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    count = int(proc.stdout.splitlines()[0])
    assert count >= 10  # the walk really imported the core's modules
