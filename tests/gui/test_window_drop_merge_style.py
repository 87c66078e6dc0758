"""Dropping an article already in the library selects it and offers to merge; a user's
own .csl style is added from the View menu and becomes the current style."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

from app.core import citation
from app.core.library import Library
from tests.conftest import CORPUS

SEED = CORPUS / "seed" / "000_c0116378fb088a26.txt"


def drop(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.import_mime(mime)


def test_dropping_a_duplicate_selects_it_and_merges_on_request(make_window, empty_library,
                                                               tmp_path):
    win = make_window(empty_library)
    first = tmp_path / "bare.json"
    first.write_text(json.dumps([{"type": "article-journal", "title": "Introduction",
                                  "author": [{"family": "Radchenko", "given": "S."}],
                                  "DOI": "10.1353/apr.2023.a905228"}]), encoding="utf-8")
    drop(win, first)
    (rid,) = empty_library.query_ids("")
    assert empty_library.get(rid).abstract == ""
    asked: list[str] = []
    win.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    drop(win, SEED)  # the same article, as a saved page with its abstract
    assert empty_library.query_ids("") == [rid]      # no second record
    assert asked and "already in the library" in asked[0]
    assert win.table.selected_ids() == [rid]
    merged = empty_library.get(rid)
    assert merged.abstract.startswith("On February 4, 2022")
    assert merged.container_title == "Asian Perspective"
    win.undo_stack.undo()                            # the merge is one undoable step
    assert empty_library.get(rid).abstract == ""


def test_declining_the_merge_changes_nothing(make_window, empty_library, tmp_path):
    win = make_window(empty_library)
    drop(win, SEED)
    (rid,) = empty_library.query_ids("")
    before = empty_library.get(rid).to_dict()
    win.confirm = lambda title, text: False  # type: ignore[method-assign]
    drop(win, SEED)
    assert empty_library.query_ids("") == [rid]
    assert empty_library.get(rid).to_dict() == before


def test_add_a_csl_style_from_the_view_menu(window, tmp_path):
    window.make_style_widgets()
    assert window.action("add_style") in window.view_menu.actions()
    # any CSL style file the user has: a shipped one copied under a new id
    src = Path(citation.resolve_style("apa").path).read_text(encoding="utf-8")
    mine = tmp_path / "my-lab-style.csl"
    mine.write_text(src.replace("<id>", "<id>x-my-lab-").replace(
        "<title>", "<title>My Lab "), encoding="utf-8")
    sid = window.add_style(str(mine))
    assert sid is not None
    assert window.style_picker.current_style() == sid
    assert any(s.id == sid for s in citation.available_styles())
    bad = tmp_path / "broken.csl"
    bad.write_text("<not a style/>", encoding="utf-8")
    errors: list[str] = []
    window.show_user_error = lambda exc: errors.append(str(exc))  # type: ignore[method-assign]
    assert window.add_style(str(bad)) is None and errors
    shutil.rmtree(tmp_path, ignore_errors=True)
