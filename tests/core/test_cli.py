"""The command line, run as a user would: a real `refshelf` process per command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ITEMS = [
    {"id": "seed", "type": "article-journal", "title": "Introduction",
     "author": [{"family": "Radchenko", "given": "S."}], "container-title": "Asian Perspective",
     "volume": "47", "issue": "1", "page": "341-347", "issued": {"date-parts": [[2023, 6, 1]]},
     "DOI": "10.1353/apr.2023.a905228", "URL": "https://doi.org/10.1353/apr.2023.a905228",
     "language": "en", "original-publisher": "kept through the extra map"},
    {"id": "zh2", "type": "article-journal", "language": "zh-CN", "title": "数字人文研究方法综述",
     "author": [{"family": "王", "given": "小明"}, {"family": "李", "given": "华"}],
     "container-title": "中国图书馆学报", "volume": "47", "issue": "2", "page": "12-25",
     "issued": {"date-parts": [[2021, 3]]}, "keyword": "数字人文, 方法"},
    {"id": "en4", "type": "book", "title": "Deep Learning", "publisher": "MIT Press",
     "publisher-place": "Cambridge, MA", "issued": {"date-parts": [[2016]]},
     "author": [{"family": "Goodfellow", "given": "Ian"}, {"family": "Bengio", "given": "Yoshua"},
                {"family": "Courville", "given": "Aaron"}, {"literal": "OpenAI Team"}],
     "editor": [{"family": "Müller", "given": "Jürgen"}]},
]


def run(*args: str, lib: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "app", "--library", str(lib), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def comparable(item: dict) -> dict:
    """A CSL item without our own keys and with library-made fields dropped."""
    return {k: v for k, v in item.items()
            if k not in ("id", "citation-key") and not k.startswith("x-")}


def test_csljson_import_export_gives_back_the_same_records(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    lib = tmp_path / "x.sqlite"
    proc = run("import", str(src), lib=lib)
    assert "3 added, 0 skipped as duplicates, 0 merged, 0 failed" in proc.stdout
    out = run("export", "--format", "csljson", lib=lib).stdout
    exported = json.loads(out)
    assert [comparable(i) for i in exported] == [comparable(i) for i in ITEMS] or \
        sorted(json.dumps(comparable(i), sort_keys=True) for i in exported) == \
        sorted(json.dumps(comparable(i), sort_keys=True) for i in ITEMS)
    # and the exported file imports again to the same records
    again = tmp_path / "again.json"
    again.write_text(out, encoding="utf-8")
    lib2 = tmp_path / "y.sqlite"
    run("import", str(again), lib=lib2)
    out2 = json.loads(run("export", "--format", "csljson", lib=lib2).stdout)
    assert [comparable(i) for i in out2] == [comparable(i) for i in exported]


def test_import_summary_failures_and_exit_codes(tmp_path: Path) -> None:
    lib = tmp_path / "x.sqlite"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(ITEMS[:1]), encoding="utf-8")
    partial = tmp_path / "partial.json"
    partial.write_text('[\n{"type": "book", "title": "Fine"},\n42,\n{"type": "book"}\n]\n',
                       encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[{\"title\": ", encoding="utf-8")

    assert run("import", str(good), lib=lib).returncode == 0
    proc = run("import", str(good), lib=lib, check=False)  # again: a duplicate
    assert proc.returncode == 0
    assert "0 added, 1 skipped as duplicates" in proc.stdout

    proc = run("import", str(partial), lib=lib, check=False)
    assert proc.returncode == 1
    assert "1 added" in proc.stdout and "2 failed" in proc.stdout
    assert f"{partial}:3: item 2 is not an object" in proc.stderr
    assert f"{partial}:4: item 3 has no title" in proc.stderr

    proc = run("import", str(bad), lib=lib, check=False)
    assert proc.returncode == 2
    assert f"{bad}:1: not valid JSON" in proc.stderr
    proc = run("import", str(tmp_path / "missing.bib"), lib=lib, check=False)
    assert proc.returncode == 2 and "missing.bib" in proc.stderr


def test_list_search_show_delete_trash_restore_undo_redo(tmp_path: Path) -> None:
    lib = tmp_path / "x.sqlite"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    run("import", str(src), lib=lib)
    listed = json.loads(run("list", "--json", "--sort", "title", lib=lib).stdout)
    assert [i["title"] for i in listed] == ["Deep Learning", "Introduction", "数字人文研究方法综述"]
    assert all("citation-key" in i and "id" in i for i in listed)
    found = json.loads(run("search", "人文", "--json", lib=lib).stdout)
    assert [i["title"] for i in found] == ["数字人文研究方法综述"]
    assert found[0]["citation-key"] == "Wang2021Shuzi"
    zh_id = found[0]["id"]
    shown = json.loads(run("show", str(zh_id), "--json", lib=lib).stdout)
    assert shown[0]["container-title"] == "中国图书馆学报"
    assert run("search", "muller", lib=lib).stdout.count("\n") == 1  # editor Müller

    run("delete", str(zh_id), lib=lib)
    assert "数字人文" not in run("list", lib=lib).stdout
    assert "数字人文" in run("trash", lib=lib).stdout
    run("restore", str(zh_id), lib=lib)
    assert "数字人文" in run("list", lib=lib).stdout
    assert "undo: Restore from trash" in run("undo", lib=lib).stdout
    assert "数字人文" not in run("list", lib=lib).stdout
    assert "redo: Restore from trash" in run("redo", lib=lib).stdout
    assert "数字人文" in run("list", lib=lib).stdout
    proc = run("show", "999", lib=lib, check=False)
    assert proc.returncode == 2 and "no record with id 999" in proc.stderr


def test_duplicates_and_merge(tmp_path: Path) -> None:
    lib = tmp_path / "x.sqlite"
    a = dict(ITEMS[0])
    b = dict(ITEMS[0], abstract="An abstract", DOI="https://doi.org/10.1353/APR.2023.A905228")
    src = tmp_path / "d.json"
    src.write_text(json.dumps([a, b]), encoding="utf-8")
    run("import", "--duplicates", "import", str(src), lib=lib)
    groups = json.loads(run("duplicates", "--json", lib=lib).stdout)
    assert groups == [[1, 2]]
    run("merge", "1", "2", lib=lib)
    merged = json.loads(run("show", "1", "--json", lib=lib).stdout)[0]
    assert merged["abstract"] == "An abstract"
    assert json.loads(run("duplicates", "--json", lib=lib).stdout) == []
    # several at once
    run("import", "--duplicates", "import", str(src), lib=lib)
    out = run("merge", "1", "3", "4", lib=lib).stdout
    assert "merged #3, #4 into #1" in out
    assert json.loads(run("duplicates", "--json", lib=lib).stdout) == []
    assert len(json.loads(run("trash", "--json", lib=lib).stdout)) == 3


def test_export_query_and_output_file(tmp_path: Path) -> None:
    lib = tmp_path / "x.sqlite"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    run("import", str(src), lib=lib)
    out = tmp_path / "out.json"
    exp = run("export", "--format", "csljson", "--query", "year:2016", "-o", str(out), lib=lib)
    assert [i["title"] for i in json.loads(out.read_text(encoding="utf-8"))] == ["Deep Learning"]
    assert f"1 records written to {out}" in exp.stderr
    proc = run("export", "--format", "nope", lib=lib, check=False)
    assert proc.returncode == 2 and "unknown format 'nope'" in proc.stderr


def test_collections_create_add_list_export_remove(tmp_path: Path) -> None:
    lib = tmp_path / "x.sqlite"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    run("import", str(src), lib=lib)
    ids = {line.split("\t")[3]: line.split("\t")[0]
           for line in run("list", lib=lib).stdout.splitlines()}
    assert "created collection" in run("collection", "create", "论文", lib=lib).stdout
    run("collection", "create", "Chapter 2", "--parent", "论文", lib=lib)
    run("collection", "create", "Book", lib=lib)
    run("collection", "create", "Chapter 2", "--parent", "Book", lib=lib)  # the same name
    run("collection", "add", "论文", ids["Introduction"], lib=lib)
    run("collection", "add", "论文/Chapter 2", ids["数字人文研究方法综述"], lib=lib)
    listed = [line.split("\t") for line in run("collection", "list", lib=lib).stdout.splitlines()]
    assert [(n, p) for _cid, n, p in listed] == [("0", "Book"), ("0", "Book/Chapter 2"),
                                                  ("2", "论文"), ("1", "论文/Chapter 2")]
    # a collection's export and listing include its subcollections
    out = tmp_path / "out.json"
    run("export", "-f", "csljson", "--collection", "论文", "-o", str(out), lib=lib)
    titles = sorted(i["title"] for i in json.loads(out.read_text(encoding="utf-8")))
    assert titles == ["Introduction", "数字人文研究方法综述"]
    got = run("list", "--collection", "论文/Chapter 2", lib=lib).stdout
    assert [line.split("\t")[3] for line in got.splitlines()] == ["数字人文研究方法综述"]
    got = run("search", "Introduction", "--collection", listed[2][0], lib=lib).stdout
    assert [line.split("\t")[3] for line in got.splitlines()] == ["Introduction"]
    # an ambiguous name, an unknown one and a missing record are errors that say so
    proc = run("list", "--collection", "Chapter 2", lib=lib, check=False)
    assert proc.returncode == 2 and "several collections are named Chapter 2" in proc.stderr
    assert "Book/Chapter 2, 论文/Chapter 2" in proc.stderr
    proc = run("export", "-f", "ris", "--collection", "Nope", lib=lib, check=False)
    assert proc.returncode == 2 and "no collection Nope" in proc.stderr
    proc = run("collection", "add", "论文", "999", lib=lib, check=False)
    assert proc.returncode == 2 and "no record with id 999" in proc.stderr
    run("collection", "remove", "论文", ids["Introduction"], lib=lib)
    got = run("list", "--collection", "论文", lib=lib).stdout
    assert [line.split("\t")[3] for line in got.splitlines()] == ["数字人文研究方法综述"]
    assert run("undo", lib=lib).stdout.strip() == "undo: Remove from collection"


def test_library_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "env.sqlite"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(ITEMS[:1]), encoding="utf-8")
    env_run = subprocess.run([sys.executable, "-m", "app", "import", str(src)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120,
                             env={**__import__("os").environ, "REFSHELF_LIBRARY": str(lib)})
    assert env_run.returncode == 0, env_run.stderr
    assert lib.exists()
