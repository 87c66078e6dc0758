"""Icons from ``resources/icons``: toolbar action icons and the application icon.

The action icons are line drawings in SVG that paint with ``currentColor``.
:func:`icon` wraps one in an icon engine that substitutes the palette's text
colour at paint time, so the icons follow a light or dark palette (and a
palette change while running), and renders the SVG at the exact device pixel
size asked for, so they stay crisp at any High-DPI scale factor.

Usage::

    from app.gui.icons import icon, app_icon
    action.setIcon(icon("import"))
    QApplication.setWindowIcon(app_icon())

Names: see :func:`icon_names` (add, copy-citation, export, import, redo,
search, trash, undo).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.core.paths import resources_dir

log = logging.getLogger(__name__)

APP_ICON_NAME = "refshelf"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icons_dir() -> Path:
    return resources_dir() / "icons"


def icon_names() -> list[str]:
    """The action icon names available (SVG files in ``resources/icons``, minus the app icon)."""
    return sorted(p.stem for p in icons_dir().glob("*.svg") if p.stem != APP_ICON_NAME)


@lru_cache(maxsize=64)
def _svg_source(name: str) -> bytes | None:
    path = icons_dir() / f"{name}.svg"
    try:
        return path.read_bytes()
    except OSError:
        return None


def _palette_color(mode: QIcon.Mode) -> QColor:
    """The colour an icon is drawn in for *mode*, from the application palette."""
    pal = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        c = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if c == pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText):
            c = QColor(c)
            c.setAlphaF(0.4)
        return c
    if mode == QIcon.Mode.Selected:
        return pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


class SvgIconEngine(QIconEngine):
    """Renders a ``currentColor`` SVG in the palette's colour at any size.

    Overrides QIconEngine's ``paint``, ``pixmap``, ``scaledPixmap``,
    ``actualSize``, ``clone`` and ``key``.
    """

    def __init__(self, svg: bytes, name: str = "") -> None:
        super().__init__()
        self._svg = svg
        self._name = name
        self._renderers: dict[str, QSvgRenderer] = {}
        self._cache: dict[tuple[int, int, int, str], QPixmap] = {}

    def _renderer(self, color: QColor) -> QSvgRenderer:
        key = color.name(QColor.NameFormat.HexArgb)
        r = self._renderers.get(key)
        if r is None:
            rgb = color.name(QColor.NameFormat.HexRgb).encode("ascii")
            data = self._svg.replace(b"currentColor", rgb)
            if color.alphaF() < 1.0:
                # QtSvg ignores #AARRGGBB; dim the whole drawing instead
                data = data.replace(b"<svg ", f'<svg opacity="{color.alphaF():.2f}" '.encode(), 1)
            r = QSvgRenderer(QByteArray(data))
            if not r.isValid():
                log.warning("icon %s: the SVG does not render", self._name)
            self._renderers[key] = r
        return r

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:  # noqa: N802 - Qt override
        """QIconEngine.paint override: draw the SVG into *rect*."""
        self._renderer(_palette_color(mode)).render(painter, QRectF(rect))

    def _render(self, size: QSize, mode: QIcon.Mode, scale: float) -> QPixmap:
        w = max(1, round(size.width() * scale))
        h = max(1, round(size.height() * scale))
        color = _palette_color(mode)
        key = (w, h, int(mode.value), color.name(QColor.NameFormat.HexArgb))
        pm = self._cache.get(key)
        if pm is None:
            pm = QPixmap(w, h)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer(color).render(p, QRectF(0, 0, w, h))
            p.end()
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = pm
        out = QPixmap(pm)
        out.setDevicePixelRatio(scale)
        return out

    def pixmap(self, size: QSize, mode: QIcon.Mode,
               state: QIcon.State) -> QPixmap:  # noqa: N802 - Qt override
        """QIconEngine.pixmap override: a pixmap of exactly *size* device pixels."""
        return self._render(size, mode, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        """QIconEngine.scaledPixmap override: *size* logical pixels at device ratio *scale*."""
        return self._render(size, mode, scale or 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode,  # noqa: N802 - Qt override
                   state: QIcon.State) -> QSize:
        """QIconEngine.actualSize override: a scalable icon fills any size."""
        return QSize(size)

    def clone(self) -> QIconEngine:
        """QIconEngine.clone override."""
        return SvgIconEngine(self._svg, self._name)

    def key(self) -> str:
        """QIconEngine.key override."""
        return "refshelf-svg"

    def iconName(self) -> str:  # noqa: N802 - Qt override
        """QIconEngine.iconName override."""
        return self._name


def icon(name: str) -> QIcon:
    """The action icon *name* (``resources/icons/<name>.svg``), drawn in the palette's colour.

    An unknown name logs a warning and returns the theme icon of that name if
    there is one, else a null QIcon: a missing icon never stops the program.
    """
    svg = _svg_source(name)
    if svg is None:
        log.warning("no icon named %r in %s", name, icons_dir())
        return QIcon.fromTheme(name)
    return QIcon(SvgIconEngine(svg, name))


def app_icon() -> QIcon:
    """The application icon, from the PNG renderings of ``refshelf.svg`` (every size)."""
    ic = QIcon()
    for s in APP_ICON_SIZES:
        p = icons_dir() / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ICON_NAME}.png"
        if p.is_file():
            ic.addFile(str(p), QSize(s, s))
    if ic.isNull():
        svg = icons_dir() / f"{APP_ICON_NAME}.svg"
        if svg.is_file():
            ic.addFile(str(svg))
        else:
            log.warning("the application icon is missing from %s", icons_dir())
    return ic


def icon_image(name: str, size: int, mode: QIcon.Mode = QIcon.Mode.Normal,
               scale: float = 1.0) -> QPixmap:
    """A pixmap of the action icon *name* at *size* logical pixels (for tests and previews)."""
    return icon(name).pixmap(QSize(size, size), scale, mode)


__all__ = ["icon", "app_icon", "icon_names", "icons_dir", "resources_dir", "SvgIconEngine",
           "icon_image"]
