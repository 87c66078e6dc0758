"""Starting the window: QApplication, logging, crash dialog, translations, palette,
one window per library, opening the library, files handed over from the desktop."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)

APP_NAME = "Refshelf"


def parse_args(args: Sequence[str]) -> tuple[str | None, bool, list[str]]:
    """(library path or None, verbose, files to import) from the GUI's arguments."""
    library: str | None = None
    verbose = False
    files: list[str] = []
    it = iter(args)
    for a in it:
        if a in ("-L", "--library"):
            library = next(it, None)
        elif a.startswith("--library="):
            library = a.split("=", 1)[1]
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a == "--":
            files += list(it)
        elif a.startswith("-") and len(a) > 1:
            log.warning("ignoring unknown option %s", a)
        else:
            files.append(a)
    return library, verbose, files


def interface_language() -> str:
    """The interface language: the Preferences choice, else the system locale."""
    from app.gui import i18n

    return i18n.interface_language()


def install_translators(app: QApplication, language: str | None = None) -> list[QTranslator]:
    """Load Refshelf's and Qt's own translations for *language* (e.g. ``zh_CN``),
    and the CJK font fallback (see :mod:`app.gui.i18n`)."""
    from app.gui import i18n

    return i18n.install_translators(app, language)


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(30, 30, 30), QColor(45, 45, 45), QColor(230, 230, 230)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(38, 38, 38))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, window)
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, window)
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(42, 110, 187))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(group, QPalette.ColorRole.Link, QColor(110, 170, 255))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140))
    disabled = QColor(127, 127, 127)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def follow_color_scheme(app: QApplication) -> None:
    """Follow the platform's light/dark setting (and its changes while running).

    Where the platform style already draws dark (macOS, Windows 11, KDE) nothing
    is changed; where it reports dark but paints light, Fusion with a dark palette
    is used.
    """
    hints = app.styleHints()
    default_style = app.style().name()

    def apply() -> None:
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
        painted_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        if dark and not painted_dark:
            app.setStyle("Fusion")
            app.setPalette(dark_palette())
        elif not dark and painted_dark and app.style().name().lower() == "fusion":
            app.setStyle(default_style)
            app.setPalette(app.style().standardPalette())

    apply()
    hints.colorSchemeChanged.connect(lambda _s: apply())


def make_app() -> QApplication:
    """The QApplication (created once), named, with High-DPI pass-through scaling."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([sys.argv[0] if sys.argv else "refshelf"])
    app.setApplicationName("refshelf")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("refshelf")
    app.setDesktopFileName("refshelf")
    try:
        from app.gui.icons import app_icon

        app.setWindowIcon(app_icon())
    except Exception:  # noqa: BLE001 - an icon never stops the start
        log.exception("no application icon")
    return app


@dataclass
class Launched:
    """What :func:`launch` started: the application, the window and its library."""

    app: QApplication
    window: Any
    library: Any
    single: Any
    timings: dict[str, float] = field(default_factory=dict)  # monotonic seconds


class _Opener(threading.Thread):
    """Opens the library while Qt starts (the integrity check of a big library
    takes a while; SQLite does it without holding the GIL)."""

    def __init__(self, path: Path, check_in_background: bool = True) -> None:
        super().__init__(name="refshelf-open", daemon=True)
        self.path = path
        # the integrity check reads the whole file: the rows are shown meanwhile, and
        # nothing is written before it has passed (Library.open)
        self.check_in_background = check_in_background
        self.library: Any = None
        self.error: BaseException | None = None
        self.started = self.imported = self.finished = 0.0

    def run(self) -> None:
        self.started = time.monotonic()
        try:
            from app.core.library import Library

            self.imported = time.monotonic()
            self.library = Library.open(self.path,
                                        check_in_background=self.check_in_background)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.error = exc
        self.finished = time.monotonic()


def launch(args: Sequence[str]) -> Launched | int:
    """Start everything up to the window shown; an exit code if there is no window
    (files handed to the running window, or the library cannot be opened)."""
    from app.core import paths
    from app.core.errors import DamagedLibraryError, UserError
    from app.core.log import setup_logging

    t0 = time.monotonic()
    library_arg, verbose, files = parse_args(args)
    files = [str(Path(f).expanduser().resolve()) for f in files]
    log_path = setup_logging(verbose, to_stderr=verbose)
    lib_path = paths.default_library_path(library_arg)
    app = make_app()
    from app.gui.single_instance import SingleInstance

    single = SingleInstance(lib_path)
    if single.try_handoff(files):
        log.info("another window has %s open; handed over %d file(s)", lib_path, len(files))
        return 0
    opener = _Opener(lib_path)
    opener.start()
    from app.gui.crash import install_excepthook

    install_excepthook(log_path)
    install_translators(app)
    follow_color_scheme(app)
    from app.gui.main_window import MainWindow
    from app.gui.tasks import user_message

    t_gui_ready = time.monotonic()
    opener.join()
    t_joined = time.monotonic()
    if isinstance(opener.error, DamagedLibraryError):
        from app.gui.backups import offer_recovery

        if offer_recovery(None, opener.error):  # the good backup is in place: open it
            opener = _Opener(lib_path, check_in_background=False)
            opener.run()
    if opener.error is not None:
        exc = opener.error
        single.close()
        if isinstance(exc, UserError):
            log.error("cannot open the library: %s", exc)
            QMessageBox.critical(None, APP_NAME, user_message(exc))
            return 1
        raise exc
    library = opener.library
    win = MainWindow(library)
    single.set_window(win)
    single.files_received.connect(lambda fs: win.import_files(fs) if fs else win.raise_window())
    win.show()
    log.info("window open on %s", lib_path)
    _watch_check(win, library, lib_path, single)
    from app.gui.backups import BackupScheduler

    win.backups = BackupScheduler(library, win.runner, win)  # start-up, then daily
    QTimer.singleShot(2000, win.backups, win.backups.start)
    win.destroyed.connect(win.backups.stop)
    if files:
        QTimer.singleShot(0, lambda: win.import_files(files))
    timings = {"launch": t0, "gui_ready": t_gui_ready, "joined": t_joined,
               "open_started": opener.started, "library_imported": opener.imported,
               "library_opened": opener.finished, "window_shown": time.monotonic()}
    log.debug("launch timings: %s", {k: round(v - t0, 3) for k, v in timings.items()})
    return Launched(app, win, library, single, timings)


def _watch_check(win: Any, library: Any, lib_path: Path, single: Any) -> None:
    """Wait for the library's background integrity check (Library.open). A damaged
    library is handled as one found at start-up: the window closes, the newest good
    backup is offered (the damaged file kept aside), and Refshelf starts again on it."""
    if library.check_result() == []:
        return
    timer = QTimer(win)
    timer.setInterval(200)

    def poll() -> None:
        problems = library.check_result()
        if problems is None:
            return
        timer.stop()
        if problems:
            _damaged_while_open(win, library, lib_path, single, problems)

    timer.timeout.connect(poll)
    timer.start()


def _damaged_while_open(win: Any, library: Any, lib_path: Path, single: Any,
                        problems: list[str]) -> None:
    from app.core import integrity
    from app.gui.backups import offer_recovery

    exc = integrity.damaged_error(lib_path, problems)
    win.close()
    library.close()  # before the file can be set aside
    if offer_recovery(None, exc):
        single.close()  # the new process must not hand its start to this one
        _start_again()
    QApplication.quit()


def _start_again() -> None:
    """Start Refshelf again with this process's arguments (after a recovery)."""
    from PySide6.QtCore import QProcess

    if getattr(sys, "frozen", False):
        program, args = sys.executable, sys.argv[1:]
    else:
        program, args = sys.executable, ["-m", "app", *sys.argv[1:]]
    if not QProcess.startDetached(program, args):
        log.error("could not start Refshelf again: %s %s", program, args)


def _quit_on_sigterm(win: Any) -> None:
    """SIGTERM (a logout, ``kill``) closes the window as Ctrl+Q does, so the library
    is closed cleanly and the exit status is 0. Python only runs signal handlers
    between bytecodes, so a timer wakes the interpreter while Qt's loop waits."""
    import signal

    def handler(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, win.close)

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (tests)
        return
    timer = QTimer(win)
    timer.start(250)
    timer.timeout.connect(lambda: None)


def run_gui(args: list[str]) -> int:
    """Open the window on the library (``--library PATH`` or the default);
    files among *args* are imported (or handed to the window already open)."""
    started = launch(args)
    if isinstance(started, int):
        return started
    _quit_on_sigterm(started.window)
    try:
        return started.app.exec()
    finally:
        started.single.close()
        started.library.close()
