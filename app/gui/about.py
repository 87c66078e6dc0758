"""Help menu dialogs: About Refshelf, and the user guide from the README.

``show_about(parent, library_path)`` shows the version, the library file, the
log file and the versions of Qt and Python; its "User guide" button (and the
Help menu's own action) calls ``show_user_guide(parent)``, which displays the
"User guide" section of README.md, screenshots included, inside the program
(the README ships in the bundle), so help works offline.
"""

from __future__ import annotations

import html
import importlib.metadata
import logging
import os
import platform
import re
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.core import paths
from app.core.log import log_file
from app.gui.icons import app_icon

log = logging.getLogger(__name__)

USER_GUIDE_HEADING = "User guide"
PROJECT_URL = "https://github.com/refshelf/refshelf"
DISTRIBUTION = "refshelf"  # the name pip knows the package by


def readme_path() -> Path:
    """README.md: beside the frozen bundle's resources, or at the source tree's root."""
    return paths.readme_path()


def installed_readme() -> str | None:
    """The README as the installed package's description (a wheel has no README
    file, but its metadata holds the text); None when not installed that way."""
    try:
        meta = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    text = meta.get_payload()  # type: ignore[attr-defined]
    return text if isinstance(text, str) and text.strip() else None


def user_guide_markdown(readme: str) -> str:
    """The "User guide" section of *readme* (its heading down to the next heading
    of the same or a higher level); the whole text if it has no such section."""
    lines = readme.splitlines()
    start = level = None
    for i, line in enumerate(lines):
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        if start is None:
            if m.group(2).strip().lower() == USER_GUIDE_HEADING.lower():
                start, level = i, len(m.group(1))
        elif len(m.group(1)) <= (level or 0):
            return "\n".join(lines[start:i]).strip() + "\n"
    if start is None:
        return readme
    return "\n".join(lines[start:]).strip() + "\n"


def _path_html(path: Path | str) -> str:
    url = QUrl.fromLocalFile(str(Path(path).parent)).toString()
    return (f'<a href="{html.escape(url)}"><code>{html.escape(str(path))}</code></a>')


class AboutDialog(QDialog):
    """The About box: version, library file, log file, and library versions."""

    def __init__(self, parent: QWidget | None, library_path: str | os.PathLike[str] | None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("About", "About {app}").format(app=APP_NAME))
        self.setObjectName("aboutDialog")
        icon_label = QLabel()
        icon_label.setPixmap(app_icon().pixmap(96, 96))
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.library_path = str(library_path) if library_path else ""
        self.log_path = str(log_file())
        library_word = QCoreApplication.translate("About", "Library:")
        log_word = QCoreApplication.translate("About", "Log file:")
        built_word = QCoreApplication.translate("About", "Built with:")
        none_open = QCoreApplication.translate("About", "(none open)")
        rows = [
            f"<h2>{html.escape(APP_NAME)} {html.escape(__version__)}</h2>",
            "<p>" + html.escape(QCoreApplication.translate(
                "About", "A reference manager: collect, search and cite papers, books and "
                "web pages.")) + "</p>",
            "<table cellspacing='0' cellpadding='3'>",
            f"<tr><td><b>{html.escape(library_word)}</b></td><td>"
            + (_path_html(self.library_path) if self.library_path
               else html.escape(none_open)) + "</td></tr>",
            f"<tr><td><b>{html.escape(log_word)}</b></td><td>"
            + _path_html(self.log_path) + "</td></tr>",
            f"<tr><td><b>{html.escape(built_word)}</b></td><td>"
            + html.escape(f"Qt {qVersion()}, PySide6 {pyside_version}, "
                          f"Python {platform.python_version()}") + "</td></tr>",
            "</table>",
            f'<p><a href="{PROJECT_URL}">{html.escape(PROJECT_URL)}</a></p>',
        ]
        self.text_label = QLabel("\n".join(rows))
        self.text_label.setObjectName("aboutText")
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text_label.setOpenExternalLinks(True)
        self.text_label.setWordWrap(True)
        self.text_label.setMinimumWidth(420)

        top = QHBoxLayout()
        top.addWidget(icon_label)
        top.addWidget(self.text_label, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.guide_button = QPushButton(QCoreApplication.translate("About", "User guide"))
        buttons.addButton(self.guide_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.guide_button.clicked.connect(lambda: show_user_guide(self))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(buttons)

    def text(self) -> str:
        """The dialog's text without markup (for tests)."""
        return self.text_label.text()


class UserGuideDialog(QDialog):
    """The README's user guide, rendered from Markdown with its screenshots."""

    def __init__(self, parent: QWidget | None, readme: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("About", "{app} user guide").format(app=APP_NAME))
        self.setObjectName("userGuideDialog")
        self.resize(860, 680)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = readme or readme_path()
        text: str | None
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            text = installed_readme() if readme is None else None
            if text is None:
                log.warning("cannot read the user guide %s: %s", path, exc)
        if text is None:
            text = (f"# {USER_GUIDE_HEADING}\n\n"
                    + QCoreApplication.translate(
                        "About", "The user guide is not installed. Read it online:")
                    + f" <{PROJECT_URL}#user-guide>\n")
        self.browser.setSearchPaths([str(path.parent)])
        # relative links and images (docs/screenshots/...) resolve against the README's folder
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + os.sep))
        self.browser.setMarkdown(user_guide_markdown(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)


def show_about(parent: QWidget | None, library_path: str | os.PathLike[str] | None) -> None:
    """Show the About box (modal) for the library at *library_path*."""
    AboutDialog(parent, library_path).exec()


def show_user_guide(parent: QWidget | None) -> None:
    """Show the README's user guide (non-modal; it stays open beside the window)."""
    dlg = UserGuideDialog(parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()


def open_project_page() -> bool:
    """Open the project's web page in the browser."""
    return QDesktopServices.openUrl(QUrl(PROJECT_URL))
