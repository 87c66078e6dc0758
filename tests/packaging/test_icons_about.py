"""app.gui.icons (palette-following, High-DPI action icons) and app.gui.about."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtSvg")

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QColor, QIcon, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import __version__  # noqa: E402
from app.gui import icons  # noqa: E402

pytestmark = pytest.mark.gui

ACTION_ICONS = ("import", "export", "copy-citation", "search", "trash", "undo", "redo", "add")


@pytest.fixture
def palette(qapp: QApplication):  # type: ignore[no-untyped-def]
    """Set a palette for the test and restore the original afterwards."""
    old = QApplication.palette()

    def set_text(color: str, disabled: str | None = None) -> None:
        pal = QPalette(old)
        pal.setColor(QPalette.ColorRole.WindowText, QColor(color))
        if disabled:
            pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText,
                         QColor(disabled))
        QApplication.setPalette(pal)

    yield set_text
    QApplication.setPalette(old)


def opaque_colors(ic: QIcon, size: int, mode: QIcon.Mode = QIcon.Mode.Normal,
                  scale: float = 1.0) -> tuple[set[str], int]:
    img = ic.pixmap(QSize(size, size), scale, mode).toImage()
    colors, best = set(), 0
    for y in range(img.height()):
        for x in range(img.width()):
            c = img.pixelColor(x, y)
            best = max(best, c.alpha())
            if c.alpha() == 255:
                colors.add(c.name())
    return colors, best


def test_every_toolbar_icon_exists(qapp: QApplication) -> None:
    assert set(ACTION_ICONS) <= set(icons.icon_names())
    for name in ACTION_ICONS:
        ic = icons.icon(name)
        assert not ic.isNull(), name
        colors, _ = opaque_colors(ic, 24)
        assert colors, f"{name} paints nothing"


@pytest.mark.parametrize("text", ["#000000", "#f0f0f0"])  # light palette, dark palette
def test_icons_are_drawn_in_the_palette_text_color(palette, text: str) -> None:  # type: ignore[no-untyped-def]
    palette(text)
    colors, _ = opaque_colors(icons.icon("search"), 32)
    assert colors == {text}


def test_icon_follows_a_palette_change_while_running(palette) -> None:  # type: ignore[no-untyped-def]
    ic = icons.icon("undo")
    palette("#000000")
    assert opaque_colors(ic, 24)[0] == {"#000000"}
    palette("#ffffff")
    assert opaque_colors(ic, 24)[0] == {"#ffffff"}


def test_disabled_icon_uses_the_disabled_color(palette) -> None:  # type: ignore[no-untyped-def]
    palette("#000000", disabled="#808080")
    colors, _ = opaque_colors(icons.icon("trash"), 24, QIcon.Mode.Disabled)
    assert colors == {"#808080"}
    palette("#000000")  # same colour for both groups: the disabled icon is dimmed instead
    _, normal_alpha = opaque_colors(icons.icon("trash"), 24)
    _, disabled_alpha = opaque_colors(icons.icon("trash"), 24, QIcon.Mode.Disabled)
    assert disabled_alpha < normal_alpha


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0, 3.0])
def test_icons_render_at_device_pixels_for_high_dpi(qapp: QApplication, scale: float) -> None:
    pm = icons.icon("import").pixmap(QSize(24, 24), scale)
    assert pm.devicePixelRatio() == scale
    assert pm.width() == round(24 * scale) and pm.height() == round(24 * scale)


def test_unknown_icon_is_null_not_an_error(qapp: QApplication,
                                           caplog: pytest.LogCaptureFixture) -> None:
    assert icons.icon("no-such-icon-xyz").isNull()
    assert "no-such-icon-xyz" in caplog.text


def test_app_icon_has_every_png_size(qapp: QApplication) -> None:
    sizes = {(s.width(), s.height()) for s in icons.app_icon().availableSizes()}
    assert {(n, n) for n in (16, 24, 32, 48, 64, 128, 256, 512)} <= sizes


# --------------------------------------------------------------------- about
def test_about_shows_version_library_and_log(qapp: QApplication, refshelf_home: Path) -> None:
    from app.core.log import log_file
    from app.gui.about import AboutDialog

    lib = refshelf_home / "我的 文献" / "library.sqlite"
    dlg = AboutDialog(None, lib)
    text = dlg.text()
    assert __version__ in text
    assert str(lib) in text
    assert str(log_file()) in text
    assert str(refshelf_home) in str(log_file())
    dlg.deleteLater()


def test_user_guide_section_is_cut_from_the_readme() -> None:
    from app.gui.about import user_guide_markdown

    readme = ("# Refshelf\nIntro.\n\n## Install\npip\n\n## User guide\n\nDrop pages.\n\n"
              "![Main window](docs/screenshots/main.png)\n\n### Citations\nCopy.\n\n"
              "## Development\ntests\n")
    guide = user_guide_markdown(readme)
    assert guide.startswith("## User guide")
    assert "### Citations" in guide and "docs/screenshots/main.png" in guide
    assert "Development" not in guide and "Install" not in guide
    assert user_guide_markdown("# Only\ntext\n") == "# Only\ntext\n"


def test_user_guide_dialog_renders_the_readme(qapp: QApplication, tmp_path: Path) -> None:
    from app.gui.about import UserGuideDialog

    (tmp_path / "README.md").write_text("# R\n\n## User guide\n\nImport a **.bib** file.\n"
                                        "\n## Other\nno\n", encoding="utf-8")
    dlg = UserGuideDialog(None, tmp_path / "README.md")
    plain = dlg.browser.toPlainText()
    assert "Import a .bib file." in plain and "Other" not in plain
    dlg.deleteLater()
