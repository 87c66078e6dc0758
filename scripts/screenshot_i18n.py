#!/usr/bin/env python3
"""Screenshot of the window in a given interface language, on a mixed library.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_i18n.py \
        zh_CN docs/screenshots/refshelf-zh_CN.png

Builds a throw-away library (Chinese and English records) in a temporary folder,
opens the main window in the language given (compiling the .ts first), selects
a Chinese record and saves a picture of the window. Needs a CJK font
(fonts-noto-cjk) for the Chinese glyphs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def records() -> list:
    """A mixed Chinese/English library."""
    from app.core.records import Creator, PartialDate, Record

    return [
        Record(type="article-journal", title="基于深度学习的中文分词方法研究",
               creators=[Creator(literal="王小明"), Creator(literal="李华")],
               issued=PartialDate(2021, 6), container_title="计算机学报", volume="44",
               issue="6", pages="1123-1140", tags=["自然语言处理"], language="zh",
               abstract="本文提出一种基于深度学习的中文分词方法，在多个公开数据集上取得了"
               "较好的效果。", doi="10.11897/SP.J.1016.2021.01123",
               date_added="2024-03-01T09:00:00Z"),
        Record(type="article-journal", title="Attention Is All You Need",
               creators=[Creator("Vaswani", "Ashish"), Creator("Shazeer", "Noam"),
                         Creator("Parmar", "Niki")], issued=PartialDate(2017),
               container_title="Advances in Neural Information Processing Systems",
               tags=["自然语言处理", "transformer"], date_added="2024-03-01T09:01:00Z"),
        Record(type="book", title="中国古代文学史", creators=[Creator(literal="袁行霈")],
               issued=PartialDate(1999), publisher="高等教育出版社", place="北京",
               language="zh", date_added="2024-03-01T09:02:00Z"),
        Record(type="thesis", title="黄河流域生态保护与高质量发展研究",
               creators=[Creator(literal="张伟")], issued=PartialDate(2022),
               publisher="北京大学", genre="博士学位论文", language="zh",
               date_added="2024-03-01T09:03:00Z"),
        Record(type="book", title="Deep Learning",
               creators=[Creator("Goodfellow", "Ian"), Creator("Bengio", "Yoshua"),
                         Creator("Courville", "Aaron")], issued=PartialDate(2016),
               publisher="MIT Press", place="Cambridge, MA", date_added="2024-03-01T09:04:00Z"),
        Record(type="paper-conference", title="大语言模型在文献检索中的应用",
               creators=[Creator(literal="陈静"), Creator("Smith", "John")],
               issued=PartialDate(2023), container_title="第十届全国信息检索学术会议论文集",
               language="zh", abstract="大语言模型（LLM）为文献检索带来了新的可能。本文比较了"
               "几种检索增强方法在中英文文献上的表现。", abstract_translated="Large "
               "language models open new possibilities for literature retrieval.",
               date_added="2024-03-01T09:05:00Z"),
    ]


def main(argv: list[str]) -> int:
    lang = argv[1] if len(argv) > 1 else "zh_CN"
    out = Path(argv[2] if len(argv) > 2 else ROOT / "docs" / "screenshots"
               / f"refshelf-{lang}.png").resolve()
    home = Path(tempfile.mkdtemp(prefix="refshelf-shot-"))
    os.environ["REFSHELF_HOME"] = str(home)
    qm = home / "i18n"
    qm.mkdir()
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    for ts in (ROOT / "resources" / "i18n").glob("*.ts"):
        subprocess.run([lrelease or "pyside6-lrelease", "-silent", str(ts), "-qm",
                        str(qm / (ts.stem + ".qm"))], check=True)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from app.core import settings
    from app.core.library import Library
    from app.gui import i18n
    from app.gui.application import make_app
    from app.gui.main_window import MainWindow
    from app.gui.tasks import SyncTaskRunner

    settings.set("language", lang)
    app = make_app()
    i18n.translations_dir = lambda: qm  # type: ignore[assignment]
    i18n.install_translators(app)
    lib = Library.open(home / "library.sqlite")
    lib.import_records(records(), policy="import")
    win = MainWindow(lib, runner=SyncTaskRunner(),
                     settings=QSettings(str(home / "gui.ini"), QSettings.Format.IniFormat))
    win.resize(1360, 780)
    win.show()

    def shoot() -> None:
        win.make_style_widgets()
        win.table.selectRow(0)
        QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        win.grab().save(str(out))
        print(f"wrote {out}")
        win.close()
        app.quit()

    QTimer.singleShot(1500, shoot)
    app.exec()
    lib.close()
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
