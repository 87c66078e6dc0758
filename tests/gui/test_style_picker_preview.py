"""Style picker (remembered choice, language default) and the citation preview."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QLocale

from app.core import settings
from app.core.csl import record_from_csl
from app.gui.citation_preview import CitationPreview
from app.gui.style_picker import APA, GBT_NUMERIC, StylePicker, default_style
from app.gui.tasks import TaskRunner
from tests.conftest import SPEC

pytestmark = pytest.mark.gui


@pytest.fixture
def restore_locale():
    old = QLocale()
    yield
    QLocale.setDefault(old)


def _spec():
    return json.loads((SPEC / "citations.json").read_text(encoding="utf-8"))


def test_default_is_apa_for_english(qtbot, restore_locale):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert default_style() == APA
    p = StylePicker()
    qtbot.addWidget(p)
    assert p.current_style() == APA


def test_default_is_gbt_for_chinese(qtbot, restore_locale):
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    assert default_style() == GBT_NUMERIC
    settings.set("language", "en_US")  # the preference wins over the system locale
    assert default_style() == APA
    settings.set("language", "zh_CN")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert default_style() == GBT_NUMERIC


def test_choice_is_remembered_and_wins(qtbot, restore_locale):
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    p = StylePicker()
    qtbot.addWidget(p)
    assert p.current_style() == GBT_NUMERIC
    with qtbot.waitSignal(p.style_changed) as sig:
        assert p.set_style("ieee")
    assert sig.args == ["ieee"]
    assert settings.get("citation_style") == "ieee"
    p2 = StylePicker()
    qtbot.addWidget(p2)
    assert p2.current_style() == "ieee"
    assert not p2.set_style("no-such-style")


def test_long_style_titles_are_shown_whole(qtbot):
    """The closed box is 18 characters wide; the drop-down list is as wide as the
    longest title, every item's tip is its title, and the box's tip names the choice."""
    from PySide6.QtCore import Qt

    p = StylePicker(remember=False)
    qtbot.addWidget(p)
    titles = [p.itemText(i) for i in range(p.count())]
    longest = max(titles, key=len)
    assert len(longest) > 40  # e.g. "China National Standard GB/T 7714-2015 (numeric, 中文)"
    metrics = p.view().fontMetrics()
    assert p.view().minimumWidth() >= metrics.horizontalAdvance(longest)
    assert p.view().minimumWidth() > p.sizeHint().width()
    assert [p.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(p.count())] == titles
    p.set_style(GBT_NUMERIC)
    assert p.currentText() in p.toolTip()
    p.set_style(APA)
    assert p.currentText() in p.toolTip() and "GB/T" not in p.toolTip()


def test_menu_follows_picker_and_drives_it(qtbot):
    p = StylePicker()
    qtbot.addWidget(p)
    menu = p.make_menu()
    checked = [a.data() for a in menu.actions() if a.isChecked()]
    assert checked == [p.current_style()]
    assert len(menu.actions()) == p.count() >= 11
    p.set_style("modern-language-association")
    assert [a.data() for a in menu.actions() if a.isChecked()] == ["modern-language-association"]
    gbt = next(a for a in menu.actions() if a.data() == GBT_NUMERIC)
    gbt.trigger()
    assert p.current_style() == GBT_NUMERIC
    assert settings.get("citation_style") == GBT_NUMERIC


def test_preview_shows_formatted_record(qtbot):
    spec = _spec()
    rec = record_from_csl(spec["records"]["seed"])
    rec.id = 1
    view = CitationPreview(style="apa", locale="en-US")
    qtbot.addWidget(view)
    assert view.toPlainText() == ""
    view.set_records([rec])
    case = next(c for c in spec["cases"] if c["record"] == "seed" and c["style"] == "apa")
    text = view.toPlainText()
    assert case["bibliography"] in text
    assert case["citation"] in text
    assert 'font-style:italic;">Asian Perspective</span>' in view.toHtml()
    view.set_style(GBT_NUMERIC)
    gbt = next(c for c in spec["cases"] if c["record"] == "seed" and c["style"] == GBT_NUMERIC)
    assert gbt["bibliography"] in view.toPlainText()
    view.set_records([])
    assert view.toPlainText() == ""


def test_preview_async_and_bad_style(qtbot):
    spec = _spec()
    rec = record_from_csl(spec["records"]["zh2"])
    rec.id = 3
    runner = TaskRunner()
    try:
        view = CitationPreview(style=GBT_NUMERIC, runner=runner)
        qtbot.addWidget(view)
        view.set_records([rec])
        qtbot.waitUntil(lambda: "王小明, 李华" in view.toPlainText(), timeout=20000)
        view.set_style("no-such-style")
        qtbot.waitUntil(lambda: "no-such-style" in view.toPlainText(), timeout=20000)
    finally:
        runner.shutdown()


def test_preview_warms_each_style_once_in_the_background(qtbot, monkeypatch):
    """So that the first Ctrl+Shift+C does not pay for loading the style."""
    from app.core import citation
    from app.gui.tasks import SyncTaskRunner

    warmed: list[tuple[str, str | None]] = []
    monkeypatch.setattr(citation, "warm_up", lambda style, locale=None: warmed.append(
        (style, locale)))
    preview = CitationPreview(style=APA, runner=SyncTaskRunner())
    qtbot.addWidget(preview)
    assert warmed == [(APA, None)]
    preview.set_style(GBT_NUMERIC)
    preview.set_records([])
    preview.set_style(APA)
    assert warmed == [(APA, None), (GBT_NUMERIC, None)]
