"""The English and Simplified Chinese interface (issue 9).

* the .ts file holds every string lupdate finds in app/, each one finished;
* translations keep their placeholders; app/gui/core_messages.py is current;
* no user-visible literal in app/gui escapes tr();
* the window, the import dialog and the welcome view speak Chinese under zh_CN
  and English under en_US; the language follows the system unless Preferences
  say otherwise;
* core messages (templates, f-string reasons, undo labels) are translated;
* the default citation style follows the language until the user chooses.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from app.core import settings
from app.core.records import has_cjk
from tests.conftest import ROOT

pytestmark = pytest.mark.gui

I18N = ROOT / "resources" / "i18n"
ZH_TS = I18N / "refshelf_zh_CN.ts"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing (it comes with PySide6)")
    return path


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .ts files compiled with pyside6-lrelease into a temporary folder."""
    out = tmp_path_factory.mktemp("qm")
    for ts in sorted(I18N.glob("*.ts")):
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm",
                        str(out / (ts.stem + ".qm"))], check=True, timeout=60)
    return out


@pytest.fixture
def use_language(qapp: QApplication, qm_dir: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``use_language("zh_CN")`` installs that interface language (through the
    settings, as a user's Preferences choice would); undone afterwards."""
    from app.gui import i18n

    monkeypatch.setattr(i18n, "translations_dir", lambda: qm_dir)
    before_locale = QLocale()
    before_font = qapp.font()

    def use(lang: str | None) -> str:
        settings.set("language", lang)
        i18n.install_translators(qapp)
        return i18n.interface_language()

    yield use
    i18n.remove_translators(qapp)
    QLocale.setDefault(before_locale)
    qapp.setFont(before_font)


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg
    return out


def _translations(msg: ET.Element) -> list[str]:
    tr = msg.find("translation")
    if tr is None:
        return []
    forms = tr.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [tr.text or ""]


# ----------------------------------------------------------- the .ts file
def test_ts_has_every_source_string_finished(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_tool("pyside6-lupdate"), "-silent", "-extensions", "py", "-locations",
                    "none", str(ROOT / "app"), "-ts", str(fresh)], check=True, timeout=120,
                   cwd=ROOT)
    wanted = _messages(fresh)
    assert len(wanted) > 300, "lupdate found suspiciously few strings"
    have = _messages(ZH_TS)
    missing = sorted(k for k in wanted if k not in have)
    assert not missing, ("strings missing from refshelf_zh_CN.ts (run pyside6-lupdate, "
                         f"see resources/i18n/README.md): {missing[:20]}")
    unfinished = []
    for key in wanted:
        msg = have[key]
        tr = msg.find("translation")
        state = tr.get("type") if tr is not None else "missing"
        if state in ("unfinished", "vanished", "obsolete", "missing") or not all(
                t.strip() for t in _translations(msg)) or not _translations(msg):
            unfinished.append(key)
    assert not unfinished, f"unfinished in zh_CN: {unfinished[:20]}"


def marked_texts(folder: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> place of every tr()/translate()/QT_TRANSLATE_NOOP call with
    literal text, read with ast (lupdate's Python parser misses some, e.g. a numerus
    count with a call in it: ``translate("C", "%n x", "", len(a))``)."""
    out: dict[tuple[str, str], str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, cls: str | None) -> None:
            for ch in ast.iter_child_nodes(node):
                inner = ch.name if isinstance(ch, ast.ClassDef) else cls
                if isinstance(ch, ast.Call):
                    f = ch.func
                    name = f.attr if isinstance(f, ast.Attribute) else (
                        f.id if isinstance(f, ast.Name) else "")
                    lits = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                            else None for a in ch.args[:2]]
                    where = f"{path.relative_to(ROOT)}:{ch.lineno}"
                    if name in ("tr", "QT_TR_NOOP") and lits and lits[0] and cls:
                        out[(cls, lits[0])] = where
                    elif (name in ("translate", "QT_TRANSLATE_NOOP") and len(lits) == 2
                          and lits[0] and lits[1]):
                        out[(lits[0], lits[1])] = where
                visit(ch, inner)

        visit(tree, None)
    return out


def test_ts_has_every_marked_literal() -> None:
    """What lupdate cannot see is missing from the .ts and never translated."""
    have = _messages(ZH_TS)
    marked = marked_texts(ROOT / "app")
    assert len(marked) > 300
    missing = [f"{where}: {key}" for key, where in marked.items() if key not in have]
    assert not missing, ("marked for translation but not in the .ts (lupdate cannot read "
                         "the call: give a numerus count as a plain name):\n"
                         + "\n".join(missing))


def test_ts_has_no_leftover_messages() -> None:
    root = ET.parse(ZH_TS).getroot()
    stale = [m.findtext("source") for m in root.iter("message")
             if (m.find("translation") is not None
                 and m.find("translation").get("type") in ("vanished", "obsolete"))]
    assert not stale, f"run pyside6-lupdate -no-obsolete: {stale[:10]}"


def _fields(text: str) -> list[str]:
    """Placeholders a translation must keep: {name}, {0}, %n, %1."""
    return sorted(re.findall(r"\{[A-Za-z_0-9]*\}|%n|%\d", text))


def test_translations_keep_placeholders_and_mnemonics() -> None:
    bad = []
    for (ctx, src), msg in _messages(ZH_TS).items():
        for t in _translations(msg):
            if _fields(src) != _fields(t):
                bad.append((ctx, src, t))
            # a mnemonic in the source keeps one in the translation ("文件(&F)")
            if re.search(r"&[^&\s]", src.replace("&&", "")) and not re.search(
                    r"&[^&\s]", t.replace("&&", "")):
                bad.append((ctx, src, t))
    assert not bad, bad[:10]


def test_chinese_translation_is_chinese() -> None:
    """Everything with words is translated into Chinese, not copied over."""
    keep = re.compile(r"^[\W\d_]*(Refshelf|DOI|ISBN|ISSN|PMID|PMCID|ID|YYYY-MM-DD|Nature|"
                      r"\{name\} — Refshelf)?[\W\d_]*$")
    copied = [(ctx, src) for (ctx, src), msg in _messages(ZH_TS).items()
              for t in _translations(msg)
              if re.search(r"[A-Za-z]{3}", src) and not keep.match(src) and not has_cjk(t)]
    assert not copied, copied[:10]


def test_core_messages_module_is_current() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "extract_core_messages.py"),
                          "--check"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def test_extract_core_messages_finds_templates_and_fstrings(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import extract_core_messages as ecm
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    core = tmp_path / "app" / "core"
    core.mkdir(parents=True)
    (core / "m.py").write_text(
        "class MyError(FormatError):\n    pass\n"
        "def f(n, exc):\n"
        "    raise MyError('the {thing} is broken', thing=n)\n"
        "def g(n, exc):\n"
        "    return Failure('s', 1, f'item {n}: {exc!r}')\n"
        "def h(v):\n"
        "    label = 'Do it' if v else 'Undo it'\n"
        "    raise UserError(v)\n"
        "def helper(source, none_found):\n"
        "    return Failure(source, 1, none_found)\n"
        "def reader(s):\n"
        "    return helper(s, 'no record found')\n"
        "def page(t):\n"
        "    return Extraction(None, reason='a page ({title}) of {title}'.format(title=t))\n",
        encoding="utf-8")
    found = ecm.scan(core)
    assert set(found.templates) == {"the {thing} is broken", "Do it", "Undo it",
                                    "no record found"}
    assert set(found.patterns) == {"item {0}: {1}", "a page ({title}) of {title}"}
    rx, _where = found.patterns["a page ({title}) of {title}"]
    assert re.match(rx, "a page (X) of X").groupdict() == {"title": "X"}
    rx, _where = found.patterns["item {0}: {1}"]
    assert re.match(rx, "item 3: bad").groups() == ("3", "bad")
    assert (0, "v") in found.forwarded["h"]  # UserError(v): what callers of h() pass
    text = ecm.render(found)
    assert 'QT_TRANSLATE_NOOP("core", "the {thing} is broken")' in text


# ------------------------------------------------- user-visible literals
TEXT_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis",
    "setPlaceholderText", "showMessage", "addMenu", "setTitle", "addTab", "setLabelText",
    "setHorizontalHeaderLabels", "setHeaderLabels", "setInformativeText",
    "setCancelButtonText", "QLabel", "QPushButton", "QAction", "QMenu", "QCheckBox",
    "QRadioButton", "QGroupBox", "QToolButton", "QCommandLinkButton", "QProgressDialog",
}
MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}


def _has_words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    return False


def unmarked_texts(folder: Path) -> list[str]:
    """Literal text handed to Qt widgets without tr(), and tr() calls lupdate cannot
    place in a context (``other.tr(...)``)."""
    bad = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else (
                func.id if isinstance(func, ast.Name) else "")
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            args = [*node.args, *(k.value for k in node.keywords)]
            is_box = (name in MESSAGE_BOX and isinstance(func, ast.Attribute)
                      and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox")
            if (name in TEXT_CALLS or is_box) and any(_has_words(a) for a in args):
                bad.append(f"{where}: {ast.unparse(node)[:80]}")
            # a label handed to the core (undo history) or a task is shown later
            if any(k.arg == "label" and _has_words(k.value) for k in node.keywords):
                bad.append(f"{where}: {ast.unparse(node)[:80]} (mark the label with "
                           "QT_TRANSLATE_NOOP(\"core\", ...))")
            if (name == "tr" and isinstance(func, ast.Attribute)
                    and not (isinstance(func.value, ast.Name) and func.value.id == "self")):
                bad.append(f"{where}: {ast.unparse(node)[:80]} (use "
                           "QCoreApplication.translate with a context)")
    return bad


def test_no_unmarked_user_visible_text() -> None:
    bad = unmarked_texts(ROOT / "app" / "gui")
    assert not bad, "\n".join(bad)


def test_unmarked_text_check_catches_literals(tmp_path: Path) -> None:
    (tmp_path / "w.py").write_text(
        "b = QPushButton('Save')\nw.setToolTip(f'Open {x}')\n"
        "QMessageBox.warning(p, self.tr('T'), 'Disk full')\nd.tr('Hi')\n"
        "log.warning('not for users %s', x)\nok = QPushButton(self.tr('Fine'))\n"
        "lib.import_records(r, label='Drop')\n"
        "lib.import_records(r, label=QT_TRANSLATE_NOOP('core', 'Drop'))\n",
        encoding="utf-8")
    import tests.gui.test_i18n as me

    old = me.ROOT
    me.ROOT = tmp_path
    try:
        bad = unmarked_texts(tmp_path)
    finally:
        me.ROOT = old
    assert [b.split(":")[1] for b in bad] == ["1", "2", "3", "4", "7"]


# ------------------------------------------------------ choosing the language
def test_language_follows_the_system_unless_preferences_say(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.gui import i18n

    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.interface_language() == "zh_CN"
    assert i18n.is_chinese()
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.interface_language() == "en_GB"
    monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    assert i18n.interface_language() == "zh_CN"
    settings.set("language", "en_US")  # the Preferences choice wins
    assert i18n.interface_language() == "en_US"
    assert not i18n.is_chinese()


def test_language_codes_normalized() -> None:
    from app.gui.i18n import normalize_language

    assert normalize_language("zh-CN") == "zh_CN"
    assert normalize_language("zh_CN.UTF-8") == "zh_CN"
    assert normalize_language("C") == "en_US"
    assert normalize_language("") == ""


def test_available_languages_lists_english_and_chinese() -> None:
    from app.gui.i18n import available_languages

    codes = dict(available_languages())
    assert "en_US" in codes and "zh_CN" in codes
    assert has_cjk(codes["zh_CN"])


def test_preferences_dialog_stores_the_language(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from app.gui.dialogs.preferences import PreferencesDialog

    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    assert dlg.chosen_language() is None  # first: follow the system
    dlg.language.setCurrentIndex(dlg.language.findData("zh_CN"))
    assert dlg.changed()
    dlg.save()
    assert settings.get("language") == "zh_CN"
    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.chosen_language() == "zh_CN"
    again.language.setCurrentIndex(0)
    again.save()
    assert settings.get("language") is None


# ---------------------------------------------------------------- the window
def _menu_titles(win) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in win.menuBar().actions()]


def test_window_in_chinese(use_language, make_window, empty_library) -> None:  # type: ignore[no-untyped-def]
    from app.gui.dialogs.import_dialog import ImportDialog
    from app.gui.dialogs.report import ReportDialog
    from app.core.formats import Failure
    from app.core.library import ImportReport

    assert use_language("zh_CN") == "zh_CN"
    win = make_window(empty_library)
    titles = " ".join(_menu_titles(win))
    assert "文件" in titles and "编辑" in titles, titles
    assert "&File" not in titles
    # the welcome view of an empty library
    assert win.showing_welcome()
    welcome = win.welcome
    assert has_cjk(welcome.heading.text()) and "Welcome" not in welcome.heading.text()
    assert "导入" in welcome.button.text()
    assert "文献库" in welcome.body.text()
    # the import dialog
    dlg = ImportDialog(win)
    assert dlg.windowTitle() == "导入"
    assert dlg.import_button.text() == "导入"
    assert all("题录" in rb.text() for rb in dlg.policy_buttons.values())
    assert "Cancel" not in [b.text() for b in dlg.buttons.buttons()]  # Qt's own: 取消
    assert "取消" in [b.text() for b in dlg.buttons.buttons()]
    dlg.deleteLater()
    # the import failure report, core reasons included
    report = ImportReport(failures=[Failure("a.ris", 3, "the file is empty"),
                                    Failure("b.json", 7, "item 2 is not an object")])
    rep = ReportDialog(report, win)
    text = rep.report_text()
    assert "a.ris:3: " in text and "the file is empty" not in text
    assert "b.json:7: " in text and "is not an object" not in text
    assert has_cjk(rep.windowTitle()) and has_cjk(rep.summary_label.text())
    rep.deleteLater()
    # the keyboard shortcut list
    sc = win.show_shortcuts()
    rows = sc.rows()
    assert rows and all(has_cjk(menu) for menu, _a, _k in rows)
    assert any(has_cjk(action) and "&" not in action and "(" not in action
               for _m, action, _k in rows)
    sc.close()


def test_window_in_english(use_language, make_window, empty_library) -> None:  # type: ignore[no-untyped-def]
    from app.gui.dialogs.import_dialog import ImportDialog

    assert use_language("en_US") == "en_US"
    win = make_window(empty_library)
    titles = _menu_titles(win)
    assert "&File" in titles and "&Edit" in titles
    assert win.welcome.heading.text() == "Welcome to Refshelf"
    dlg = ImportDialog(win)
    assert dlg.windowTitle() == "Import"
    assert "Cancel" in [b.text() for b in dlg.buttons.buttons()]
    dlg.deleteLater()
    assert not any(has_cjk(t) for t in titles)


def test_system_chinese_locale_gives_chinese_window(
        use_language, make_window, empty_library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert use_language(None) == "zh_CN"
    win = make_window(empty_library)
    assert "文件" in " ".join(_menu_titles(win))


# --------------------------------------------------------------- core messages
def test_core_templates_are_translated(use_language) -> None:  # type: ignore[no-untyped-def]
    from app.core.errors import FormatError, LibraryError
    from app.gui.i18n import translate_user_error
    from app.gui.tasks import user_message

    use_language("zh_CN")
    exc = LibraryError("the library {path} is read-only", path="/tmp/x.sqlite")
    text = translate_user_error(exc)
    assert "/tmp/x.sqlite" in text and has_cjk(text) and "read-only" not in text
    assert user_message(exc) == text
    fe = FormatError("the file is empty", source="refs.bib", line=4)
    text = translate_user_error(fe)
    assert text.startswith("refs.bib:4: ") and has_cjk(text)
    # a message the core built with an f-string, given as the template itself
    fe = FormatError("item 5: the JSON is nested too deeply to read")
    text = translate_user_error(fe)
    assert "5" in text and "nested" not in text and has_cjk(text)
    assert translate_user_error(ValueError("plain")) == "plain"


def test_core_fstring_messages_and_undo_labels(use_language) -> None:  # type: ignore[no-untyped-def]
    from app.core.formats import Failure
    from app.gui.i18n import translate_core, translate_failure
    from app.gui.undo import translate_label

    use_language("zh_CN")
    # "Import {0} files" is tried before the shorter "Import {0}"
    label = translate_label("Import 3 files")
    assert "3" in label and "files" not in label and has_cjk(label)
    label = translate_label("Import refs.ris")
    assert label.endswith("refs.ris") and has_cjk(label)
    assert has_cjk(translate_label("Move to trash"))
    # "Edit {field}": the field's name comes from the Fields context
    assert translate_label("Edit title") == translate_label("Edit {0}").replace(
        "{0}", QCoreApplication.translate("Fields", "Title"))
    assert has_cjk(translate_label("Edit title").replace("Edit", ""))
    # nested: the inner reason is a core message too
    text = translate_core("entry 'smith2020': record has no title, author or identifier")
    assert "smith2020" in text and "record has no" not in text
    assert translate_failure(Failure("x.ris", None, "no MEDLINE record found")) == (
        "x.ris: " + QCoreApplication.translate("core", "no MEDLINE record found"))
    # a reason the core made with str.format (named fields)
    text = translate_core("no bibliographic metadata and no usable title in the page "
                          "(no DOI)")
    assert "(no DOI)" not in text or has_cjk(text)
    assert has_cjk(text) and "no bibliographic" not in text
    # text the core does not know comes through unchanged
    assert translate_core("Unexpected token at 3") == "Unexpected token at 3"


def test_core_messages_untouched_in_english(use_language) -> None:  # type: ignore[no-untyped-def]
    from app.core.errors import LibraryError
    from app.gui.i18n import translate_core, translate_user_error

    use_language("en_US")
    assert translate_core("Import 3 files") == "Import 3 files"
    exc = LibraryError("the library {path} is read-only", path="/x")
    assert translate_user_error(exc) == "the library /x is read-only"


# ----------------------------------------------------- citation style default
def test_default_citation_style_follows_the_language(use_language) -> None:  # type: ignore[no-untyped-def]
    from app.gui import style_picker

    use_language("zh_CN")
    assert style_picker.default_style() == "china-national-standard-gb-t-7714-2015-numeric"
    use_language("en_US")
    assert style_picker.default_style() == "apa"
    use_language("zh_CN")
    settings.set("citation_style", "apa")  # the user's choice wins afterwards
    assert style_picker.default_style() == "apa"


def test_style_picker_in_a_chinese_window(use_language, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.gui.style_picker import StylePicker

    use_language("zh_CN")
    picker = StylePicker()
    qtbot.addWidget(picker)
    assert picker.current_style() == "china-national-standard-gb-t-7714-2015-numeric"
    assert "引文格式" in picker.toolTip()
    # the bundled styles' titles are translated: "GB/T 7714-2015 顺序编码制"
    assert "GB/T 7714-2015" in picker.currentText() and "China National" not in (
        picker.currentText())
    picker.set_style("ieee")
    again = StylePicker()
    qtbot.addWidget(again)
    assert again.current_style() == "ieee"


def test_cjk_font_fallback_installed(use_language, qapp) -> None:  # type: ignore[no-untyped-def]
    from app.gui.i18n import CJK_FAMILIES

    use_language("zh_CN")
    families = qapp.font().families()
    assert any(f in families for f in CJK_FAMILIES)


def test_latin_text_keeps_its_own_face_after_the_cjk_fallback(use_language, qapp) -> None:  # type: ignore[no-untyped-def]
    """Curly quotes in a Latin title are drawn by the Latin face, not as full-width
    CJK punctuation, while Chinese still gets a CJK face."""
    from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF

    from app.gui.i18n import CJK_FAMILIES
    from app.gui.panes.abstract import text_font

    use_language("zh_CN")
    font = qapp.font()
    if not any(f in CJK_FAMILIES for f in font.families()):
        pytest.skip("no CJK fallback installed")
    assert QFontInfo(font).family() not in CJK_FAMILIES
    for f in (font, text_font(font, cjk=False)):
        m = QFontMetricsF(f)
        assert m.horizontalAdvance("\u201c") < 0.6 * m.horizontalAdvance("中")
    cjk = QFontMetricsF(text_font(font, cjk=True))
    assert cjk.horizontalAdvance("\u201c") >= 0.9 * cjk.horizontalAdvance("中")
    bare = QFont(font)
    bare.setFamilies(CJK_FAMILIES)
    assert QFontInfo(bare).family() in CJK_FAMILIES


def test_translation_compiled_from_the_ts_when_no_qm_was_built(
        qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A checkout never set up, or a wheel built from a clean one, has the .ts
    sources only: the interface is still Chinese (compiled into the cache once)."""
    from app.gui import i18n

    only_ts = tmp_path / "i18n"
    only_ts.mkdir()
    shutil.copy(ZH_TS, only_ts)
    monkeypatch.setattr(i18n, "translations_dir", lambda: only_ts)
    before_locale = QLocale()
    try:
        i18n.install_translators(qapp, "zh_CN")
        assert QCoreApplication.translate("MainWindow", "&File") != "&File"
        compiled = i18n.compiled_translations_dir() / "refshelf_zh_CN.qm"
        assert compiled.is_file() and not list(only_ts.glob("*.qm"))
        stamp = compiled.stat().st_mtime_ns
        i18n.install_translators(qapp, "zh_CN")  # not compiled again while current
        assert compiled.stat().st_mtime_ns == stamp
    finally:
        i18n.remove_translators(qapp)
        QLocale.setDefault(before_locale)


def test_preferences_set_the_citation_language(qtbot, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Citations can be written in another language than the style's (APA's "n.d."
    becomes 不详 in zh-CN); the choice is stored and applied at once."""
    from app.gui.dialogs import preferences
    from app.gui.dialogs.preferences import PreferencesDialog

    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    assert dlg.chosen_citation_locale() is None
    dlg.citation_locale.setCurrentIndex(dlg.citation_locale.findData("zh-CN"))
    assert dlg.citation_locale_changed() and not dlg.changed()
    dlg.save()
    assert settings.get("citation_locale") == "zh-CN"
    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.chosen_citation_locale() == "zh-CN"

    # through show_preferences: the window is told at once, no restart notice
    def choose_english(self) -> int:  # type: ignore[no-untyped-def]
        self.citation_locale.setCurrentIndex(self.citation_locale.findData("en-GB"))
        return int(PreferencesDialog.DialogCode.Accepted)

    monkeypatch.setattr(PreferencesDialog, "exec", choose_english)
    told: list[str | None] = []
    monkeypatch.setattr(preferences.QMessageBox, "information",
                        lambda *a: pytest.fail("a citation language needs no restart"))
    assert preferences.show_preferences(None, told.append) is False
    assert told == ["en-GB"] and settings.get("citation_locale") == "en-GB"
