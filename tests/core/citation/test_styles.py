"""Finding, naming, adding and validating CSL styles; locales."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.core import paths
from app.core.citation import (
    SHIPPED_STYLE_IDS,
    add_user_style,
    available_locales,
    available_styles,
    default_locale,
    format_bibliography,
    normalize_locale,
    resolve_style,
    styles_dirs,
)
from app.core.errors import FormatError, UserError
from app.core.records import Creator, PartialDate, Record

_REQUIRED = (
    "apa", "modern-language-association", "chicago-author-date", "chicago-notes-bibliography",
    "ieee", "harvard-cite-them-right", "american-medical-association", "vancouver", "nature",
    "china-national-standard-gb-t-7714-2015-numeric",
    "china-national-standard-gb-t-7714-2015-author-date",
)


def _rec() -> Record:
    return Record(type="article-journal", title="A study", creators=[Creator("Doe", "Jane")],
                  container_title="Journal", volume="3", pages="10-20", issued=PartialDate(2020))


def test_every_required_style_is_shipped() -> None:
    ids = [s.id for s in available_styles()]
    assert ids == list(_REQUIRED) == list(SHIPPED_STYLE_IDS)
    for s in available_styles():
        assert Path(s.path).is_file() and s.title


def test_numeric_flag() -> None:
    by_id = {s.id: s for s in available_styles()}
    for sid in ("ieee", "american-medical-association", "vancouver", "nature",
                "china-national-standard-gb-t-7714-2015-numeric"):
        assert by_id[sid].numeric, sid
    for sid in ("apa", "modern-language-association", "chicago-author-date",
                "harvard-cite-them-right", "china-national-standard-gb-t-7714-2015-author-date"):
        assert not by_id[sid].numeric, sid


@pytest.mark.parametrize("alias, sid", [
    ("mla", "modern-language-association"),
    ("MLA", "modern-language-association"),
    ("chicago", "chicago-author-date"),
    ("chicago-notes", "chicago-notes-bibliography"),
    ("harvard", "harvard-cite-them-right"),
    ("ama", "american-medical-association"),
    ("gbt7714", "china-national-standard-gb-t-7714-2015-numeric"),
    ("gb-t-7714", "china-national-standard-gb-t-7714-2015-numeric"),
    ("GB/T 7714", "china-national-standard-gb-t-7714-2015-numeric"),
    ("gbt7714-author-date", "china-national-standard-gb-t-7714-2015-author-date"),
    ("http://www.zotero.org/styles/apa", "apa"),
    ("ieee", "ieee"),
])
def test_aliases(alias: str, sid: str) -> None:
    assert resolve_style(alias).id == sid


def test_any_installed_style_by_id() -> None:
    # not in the menu, but the style package has it
    assert resolve_style("elsevier-harvard").id == "elsevier-harvard"


def test_unknown_style_is_a_user_error() -> None:
    with pytest.raises(UserError, match="Unknown citation style"):
        resolve_style("no-such-style")
    with pytest.raises(UserError, match="not found"):
        resolve_style("/nowhere/x.csl")
    with pytest.raises(UserError):
        resolve_style("../../etc/passwd")


def test_path_to_csl_file(tmp_path: Path) -> None:
    src = Path(resolve_style("apa").path)
    copy = tmp_path / "my.csl"
    shutil.copyfile(src, copy)
    info = resolve_style(str(copy))
    assert info.path == str(copy) and info.id == "apa"


def test_default_locales() -> None:
    assert default_locale("gbt7714") == "zh-CN"
    assert default_locale("china-national-standard-gb-t-7714-2015-author-date") == "zh-CN"
    assert default_locale("harvard") == "en-GB"
    assert default_locale("apa") == "en-US"
    assert default_locale("nature") == "en-GB"
    assert default_locale("vancouver") == "en-US"


def test_locale_names() -> None:
    assert normalize_locale("zh_cn") == "zh-CN"
    assert normalize_locale("zh") == "zh-CN"
    assert normalize_locale("en") == "en-US"
    assert normalize_locale("de") == "de-DE"
    assert normalize_locale("en-gb") == "en-GB"
    assert {"en-US", "en-GB", "zh-CN", "zh-TW", "ja-JP", "de-DE", "fr-FR"} <= set(
        available_locales())
    with pytest.raises(UserError, match="Unknown citation locale"):
        normalize_locale("xx-YY")


def test_locale_changes_terms() -> None:
    rec = _rec()
    rec.creators = [Creator("Doe", "Jane"), Creator("Roe", "Rick"), Creator("Poe", "Edgar")]
    en = format_bibliography([rec], "mla", "en-US")[0]
    fr = format_bibliography([rec], "mla", "fr-FR")[0]
    assert "et al." in en and "vol. 3" in en
    assert "et al." in fr  # French MLA keeps the Latin abbreviation ...
    assert "« A study »" in fr.replace("\u202f", " ").replace("\u00a0", " ")  # ... but French quotes


def test_styles_dirs() -> None:
    dirs = styles_dirs()
    assert dirs[0].name == "styles" and (dirs[0] / "vancouver.csl").is_file()
    assert any((d / "apa.csl").is_file() for d in dirs)


def test_vancouver_is_resolved_to_its_local_parent() -> None:
    entry = format_bibliography([_rec()], "vancouver")[0]
    # NLM/Vancouver: "1. Doe J. A study. Journal. 2020;3:10–20."
    assert entry.startswith("1. Doe J. A study. Journal. 2020;3:10")


def _make_style(tmp_path: Path, sid: str, title: str, base: str = "apa") -> Path:
    text = Path(resolve_style(base).path).read_text(encoding="utf-8")
    text = re.sub(r"<id>[^<]*</id>", f"<id>http://www.zotero.org/styles/{sid}</id>", text, 1)
    text = re.sub(r"<title>[^<]*</title>", f"<title>{title}</title>", text, 1)
    p = tmp_path / f"{sid}-download.csl"
    p.write_text(text, encoding="utf-8")
    return p


def test_add_user_style(tmp_path: Path) -> None:
    src = _make_style(tmp_path, "my-lab", "My Lab Style")
    info = add_user_style(str(src))
    assert info.id == "my-lab" and info.title == "My Lab Style"
    assert Path(info.path).parent == paths.user_styles_dir()
    assert Path(info.path).is_file()
    assert [s.id for s in available_styles()][-1] == "my-lab"
    assert resolve_style("my-lab").path == info.path
    assert format_bibliography([_rec()], "my-lab")[0].startswith("Doe, J. (2020).")


def test_user_style_replaces_shipped_one_of_same_id(tmp_path: Path) -> None:
    src = _make_style(tmp_path, "ieee", "My IEEE", base="apa")
    add_user_style(str(src))
    styles = available_styles()
    assert [s.id for s in styles].count("ieee") == 1
    assert next(s for s in styles if s.id == "ieee").title == "My IEEE"


@pytest.mark.parametrize("content, message", [
    ("this is not xml", "malformed"),
    ("<html><body/></html>", "root element"),
    ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>x</title>'
     "</info></style>", "no <id>"),
    ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>x</title>'
     "<id>x</id></info></style>", "neither"),
])
def test_add_user_style_rejects_non_styles(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.csl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as err:
        add_user_style(str(p))
    assert str(p) in err.value.message
    assert list(paths.user_styles_dir().glob("*.csl")) == []


@pytest.mark.parametrize("layout, message", [
    ('<text macro="missing-macro"/>', "undefined macro"),
    ("<bogus/>", "bogus"),
])
def test_add_user_style_rejects_style_pandoc_cannot_use(tmp_path: Path, layout: str,
                                                        message: str) -> None:
    p = tmp_path / "broken.csl"
    p.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
                 "<info><title>Broken</title><id>broken</id></info>"
                 f"<citation><layout>{layout}</layout></citation></style>", encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        add_user_style(str(p))
    assert list(paths.user_styles_dir().glob("*.csl")) == []


def test_dependent_style_needs_a_local_parent(tmp_path: Path) -> None:
    dep = ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
           "<info><title>Some Journal</title><id>http://www.zotero.org/styles/some-journal</id>"
           '<link href="http://www.zotero.org/styles/{parent}" rel="independent-parent"/>'
           '<category citation-format="numeric"/></info></style>')
    missing = tmp_path / "some-journal.csl"
    missing.write_text(dep.format(parent="not-installed-anywhere"), encoding="utf-8")
    with pytest.raises(UserError, match="not-installed-anywhere"):
        add_user_style(str(missing))
    ok = tmp_path / "some-journal-ieee.csl"
    ok.write_text(dep.format(parent="ieee"), encoding="utf-8")
    info = add_user_style(str(ok))
    assert info.numeric and info.title == "Some Journal"
    assert format_bibliography([_rec()], "some-journal")[0].startswith("[1] J. Doe,")
