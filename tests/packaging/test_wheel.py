"""``pip install`` of Refshelf (a wheel, not the editable checkout the README sets up,
nor the PyInstaller bundle): the wheel must carry what the program reads at run time,
``resources/`` (icons, translations, CSL styles, desktop entry) as ``app/resources``.

* pyproject's package list is the set of packages under app/, plus app.resources;
* its package data covers every file under resources/;
* a wheel built from the tracked files alone (a clean clone: no compiled .qm) runs:
  icons, Chinese interface, the extra CSL style and the user guide are all there.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# files under resources/ that the program never reads (notes for translators)
NOT_SHIPPED = {"i18n/README.md"}


def _tracked(folder: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", folder], cwd=ROOT, capture_output=True,
                         check=True, timeout=60).stdout.decode()
    return [p for p in out.split("\0") if p]


def test_package_list_is_every_package_under_app() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "app").rglob("__init__.py") if "__pycache__" not in p.parts}
    assert set(SETUPTOOLS["packages"]) == found | {"app.resources"}
    assert SETUPTOOLS["package-dir"] == {"app.resources": "resources"}


def test_package_data_covers_every_resource_file() -> None:
    globs = SETUPTOOLS["package-data"]["app.resources"]
    files = [p.removeprefix("resources/") for p in _tracked("resources")]
    assert len(files) > 20
    left_out = [f for f in files if f not in NOT_SHIPPED
                and not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert not left_out, f"add these to package-data in pyproject.toml: {left_out}"


CHECK = r"""
import sys
from pathlib import Path
site = Path(sys.argv[1])
import app
from app.core import paths
from app.core.citation import styles
assert Path(app.__file__).is_relative_to(site), app.__file__
res = paths.resources_dir()
assert res == site / "app" / "resources", res
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
qapp = QApplication([])
from app.gui import about, i18n, icons
assert {"import", "export", "copy-citation"} <= set(icons.icon_names()), icons.icon_names()
assert not icons.app_icon().isNull()
assert (styles.styles_dirs()[0] / "vancouver.csl").is_file()
i18n.install_translators(qapp, "zh_CN")
assert QCoreApplication.translate("MainWindow", "&File") != "&File", "no Chinese interface"
dialog = about.UserGuideDialog(None)
guide = dialog.browser.toPlainText()
assert "User guide" in guide and "not installed" not in guide, guide[:300]
print("ok")
"""


@pytest.mark.slow
def test_wheel_from_a_clean_checkout_runs(tmp_path: Path) -> None:
    clean = tmp_path / "src"
    for rel in _tracked("."):
        dest = clean / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / rel).is_file():
            shutil.copy2(ROOT / rel, dest)
    assert not list((clean / "resources" / "i18n").glob("*.qm"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(tmp_path / "dist"), str(clean)], capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("refshelf-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for want in ("app/resources/refshelf.desktop", "app/resources/styles/vancouver.csl",
                 "app/resources/i18n/refshelf_zh_CN.ts", "app/resources/icons/refshelf.svg",
                 "app/resources/icons/hicolor/256x256/apps/refshelf.png"):
        assert want in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen",
           "REFSHELF_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-c", CHECK, str(site)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stdout + run.stderr
