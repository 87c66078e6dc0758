"""The command line: ``refshelf [--library PATH] COMMAND …``, on the same core as the GUI."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from app import __version__
from app.core import formats
from app.core.csl import record_to_csl
from app.core.errors import UserError
from app.core.library import Library
from app.core.log import setup_logging
from app.core.records import Record

log = logging.getLogger(__name__)

COMMANDS = ("import", "export", "list", "search", "show", "delete", "trash", "restore", "undo",
            "redo", "duplicates", "merge", "cite", "styles", "formats", "backup", "tag",
            "collection")


def wants_cli(args: Sequence[str]) -> bool:
    """True if *args* name a sub-command (or ask for help/version)."""
    skip_next = False
    for a in args:
        if skip_next:
            skip_next = False
            continue
        if a in ("--library", "-L"):
            skip_next = True
            continue
        if a in ("-h", "--help", "--version"):
            return True
        if a.startswith("-"):
            continue
        return a in COMMANDS
    return False


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="refshelf",
        description="Refshelf reference manager. Without a command, opens the window.")
    p.add_argument("--version", action="version", version=f"refshelf {__version__}")
    p.add_argument("-L", "--library", metavar="PATH",
                   help="library file (default: $REFSHELF_LIBRARY or the user data folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("import", help="import files (BibTeX, RIS, EndNote, NoteExpress, "
                       "CSL-JSON, saved pages, PDFs)")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--format", "-f", help="format id (default: detect)")
    s.add_argument("--duplicates", choices=("skip", "import", "merge"), default="skip",
                   help="what to do with records already in the library (default: skip)")

    s = sub.add_parser("export", help="export records")
    s.add_argument("--format", "-f", required=True, help="format id, e.g. bibtex, ris, csljson")
    s.add_argument("--query", "-q", default="", help="export only what this search finds")
    s.add_argument("--ids", nargs="+", type=int, help="export only these record ids")
    s.add_argument("-o", "--output", help="output file (default: standard output)")
    s.add_argument("--ascii", action="store_true", help="BibTeX: pure ASCII with LaTeX escapes")
    s.add_argument("--collection", "-c", metavar="COLLECTION",
                   help="export only this collection (and its subcollections): its id, "
                        "name or path (Parent/Child)")

    for name, hlp in (("list", "list records"), ("search", "search records")):
        s = sub.add_parser(name, help=hlp)
        if name == "search":
            s.add_argument("query")
        s.add_argument("--json", action="store_true", help="print CSL-JSON")
        s.add_argument("--sort", default="date_added",
                       help="title, creators, year, container, type, date_added, citation_key")
        s.add_argument("--desc", action="store_true", help="descending order")
        s.add_argument("--limit", type=int)
        s.add_argument("--trash", action="store_true", help="the trash instead of the library")
        s.add_argument("--collection", "-c", metavar="COLLECTION",
                       help="only this collection (and its subcollections): id, name or path")

    s = sub.add_parser("show", help="show one record")
    s.add_argument("id", type=int)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("delete", help="move records to the trash")
    s.add_argument("ids", nargs="+", type=int)

    s = sub.add_parser("trash", help="list the trash, or empty it")
    s.add_argument("--empty", action="store_true", help="delete everything in the trash")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("restore", help="restore records from the trash")
    s.add_argument("ids", nargs="+", type=int)

    sub.add_parser("undo", help="undo the last change")
    sub.add_parser("redo", help="redo the last undone change")

    s = sub.add_parser("duplicates", help="list groups of duplicate records")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("merge", help="merge the other records into the first")
    s.add_argument("keep", type=int)
    s.add_argument("other", type=int, nargs="+")

    s = sub.add_parser("tag", help="add (or with --remove, remove) a tag")
    s.add_argument("tag")
    s.add_argument("ids", nargs="+", type=int)
    s.add_argument("--remove", action="store_true")

    s = sub.add_parser("cite", help="format citations")
    s.add_argument("ids", nargs="+", type=int)
    s.add_argument("--style", "-s", default="apa", help="style id, alias or .csl file")
    s.add_argument("--locale", "-l", help="citation locale, e.g. en-US, zh-CN")
    s.add_argument("--html", action="store_true", help="HTML instead of plain text")
    s.add_argument("--in-text", action="store_true", help="the in-text citation")

    s = sub.add_parser("collection", help="list collections, create one, add or remove records")
    s.add_argument("action", choices=("list", "create", "add", "remove"))
    s.add_argument("name", nargs="?", help="the collection: id, name or path (Parent/Child); "
                   "for create, the new collection's name")
    s.add_argument("ids", nargs="*", type=int, help="record ids (add, remove)")
    s.add_argument("--parent", help="create: the parent collection")

    sub.add_parser("styles", help="list citation styles")
    sub.add_parser("formats", help="list import/export formats")

    s = sub.add_parser("backup", help="library backups")
    s.add_argument("action", choices=("list", "create", "restore"))
    s.add_argument("name", nargs="?", help="backup to restore (from 'backup list')")
    return p


def _out() -> TextIO:
    return sys.stdout


def _print_records(recs: Sequence[Record], as_json: bool) -> None:
    out = _out()
    if as_json:
        json.dump([record_to_csl(r) for r in recs], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for r in recs:
        year = str(r.year or "")
        out.write(f"{r.id}\t{year}\t{r.creators_display()}\t{r.title}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    setup_logging(args.verbose, to_stderr=True)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return _run(args)
    except UserError as exc:
        print(f"refshelf: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _run(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "formats":
        for f in formats.all_formats():
            rw = ("r" if f.can_read else "-") + ("w" if f.can_write else "-")
            print(f"{f.id}\t{rw}\t{' '.join(f.extensions)}\t{f.name}")
        return 0
    if cmd == "styles":
        from app.core import citation

        for st in citation.available_styles():
            print(f"{st.id}\t{st.title}")
        return 0
    if cmd == "backup":
        # by path, not through an open library: a damaged library can still be restored
        from app.core import backup
        from app.core.paths import default_library_path

        return backup.cli_path(default_library_path(args.library), args.action, args.name)
    with Library.open(args.library) as lib:
        return _run_on(lib, args)


def _run_on(lib: Library, args: argparse.Namespace) -> int:
    cmd = args.command
    err = sys.stderr
    if cmd == "import":
        report = lib.import_files(args.files, policy=args.duplicates, format_id=args.format)
        for f in report.failures:
            print(str(f), file=err)
        for f in report.warnings:
            print(f"{f} (imported; check it)", file=err)
        for rec, existing in report.skipped:
            print(f"skipped duplicate of #{existing}: {rec.title[:80]}", file=err)
        print(report.summary())
        return report.exit_code
    if cmd == "export":
        fmt = formats.get(args.format)
        if not fmt.can_write:
            print(f"refshelf: the {fmt.name} format cannot be written", file=err)
            return 2
        count = 0
        ids = args.ids
        if args.collection:
            ids = lib.query_ids(args.query, collection=_collection_id(lib, args.collection),
                                sort="citation_key")
            if args.ids:
                wanted = set(args.ids)
                ids = [i for i in ids if i in wanted]

        def records() -> Iterator[Record]:  # loaded a chunk at a time, counted
            nonlocal count
            for rec in lib.iter_export(ids, query=args.query):
                count += 1
                yield rec

        opts: dict[str, object] = {}
        if args.ascii:
            opts["ascii"] = True
        text = fmt.write(records(), **opts)
        if args.output:
            from app.core.fileio import atomic_write_text

            atomic_write_text(args.output, text)
            print(f"{count} records written to {args.output}", file=err)
        else:
            _out().write(text)
        return 0
    if cmd in ("list", "search"):
        cid = _collection_id(lib, args.collection) if args.collection else None
        ids = lib.query_ids(getattr(args, "query", ""), sort=args.sort, descending=args.desc,
                            scope="trash" if args.trash else "all", collection=cid,
                            limit=args.limit)
        _print_records(lib.get_many(ids), args.json)
        return 0
    if cmd == "show":
        rec = lib.get(args.id)
        if args.json:
            _print_records([rec], True)
        else:
            for k, v in record_to_csl(rec).items():
                print(f"{k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}")
        return 0
    if cmd == "delete":
        res = lib.trash(args.ids)
        print(f"{res.value} moved to the trash")
        return 0 if res.value == len(set(args.ids)) else 1
    if cmd == "trash":
        if args.empty:
            print(f"{lib.empty_trash().value} deleted for good")
            return 0
        _print_records(lib.get_many(lib.trash_ids()), args.json)
        return 0
    if cmd == "restore":
        res = lib.restore(args.ids)
        print(f"{res.value} restored")
        return 0 if res.value == len(set(args.ids)) else 1
    if cmd in ("undo", "redo"):
        label = (lib.undo() if cmd == "undo" else lib.redo()).value
        if label is None:
            print(f"nothing to {cmd}", file=err)
            return 1
        print(f"{cmd}: {label}")
        return 0
    if cmd == "duplicates":
        groups = lib.duplicate_groups()
        if args.json:
            json.dump(groups, _out())
            _out().write("\n")
        else:
            for g in groups:
                recs = lib.get_many(g)
                print(" = ".join(f"#{r.id} {r.title[:60]}" for r in recs))
        return 0
    if cmd == "merge":
        res = lib.merge(args.keep, args.other)
        print(f"merged {', '.join(f'#{o}' for o in args.other)} into #{args.keep}")
        return 0 if res.value else 1
    if cmd == "tag":
        if args.remove:
            lib.remove_tags(args.ids, [args.tag])
        else:
            lib.add_tags(args.ids, [args.tag])
        return 0
    if cmd == "cite":
        from app.core import citation

        recs = lib.get_many(args.ids)
        missing = set(args.ids) - {r.id for r in recs}
        if missing:
            print(f"refshelf: no record with id {', '.join(map(str, sorted(missing)))}", file=err)
            return 2
        if args.in_text:
            print(citation.format_citation(recs, args.style, args.locale, html=args.html))
        else:
            print("\n".join(citation.format_bibliography(recs, args.style, args.locale,
                                                         html=args.html)))
        return 0
    if cmd == "collection":
        return _collection_command(lib, args)
    raise AssertionError(cmd)  # pragma: no cover


def _collection_paths(lib: Library) -> dict[int, str]:
    """id -> "Parent/Child" path of every collection."""
    rows = {cid: (name, parent) for cid, name, parent in lib.collections()}

    def path(cid: int, seen: frozenset[int] = frozenset()) -> str:
        name, parent = rows[cid]
        if parent is None or parent not in rows or parent in seen:
            return name
        return path(parent, seen | {cid}) + "/" + name

    return {cid: path(cid) for cid in rows}


def _collection_id(lib: Library, spec: str) -> int:
    """The collection *spec* names: an id, a path ("Parent/Child") or a name that only
    one collection has. Raises UserError otherwise."""
    paths = _collection_paths(lib)
    spec = spec.strip()
    if spec.isdigit() and int(spec) in paths:
        return int(spec)
    by_path = [cid for cid, p in paths.items() if p == spec]
    if len(by_path) == 1:
        return by_path[0]
    by_name = [cid for cid, p in paths.items() if p.rsplit("/", 1)[-1] == spec]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise UserError("several collections are named {name}: {paths}; give the path or the id",
                        name=spec, paths=", ".join(sorted(paths[c] for c in by_name)))
    raise UserError("no collection {name} (refshelf collection list shows them)", name=spec)


def _collection_command(lib: Library, args: argparse.Namespace) -> int:
    if args.action == "list":
        counts = {cid: len(lib.query_ids(collection=cid)) for cid, _n, _p in lib.collections()}
        for cid, path in sorted(_collection_paths(lib).items(), key=lambda kv: kv[1].lower()):
            print(f"{cid}\t{counts[cid]}\t{path}")
        return 0
    if not args.name:
        raise UserError("collection {action} needs a collection name", action=args.action)
    if args.action == "create":
        if args.ids:
            raise UserError("collection create takes a name only; add records with "
                            "'refshelf collection add NAME IDS'")
        parent = _collection_id(lib, args.parent) if args.parent else None
        cid = lib.create_collection(args.name, parent).value
        print(f"created collection {cid}: {_collection_paths(lib)[cid]}")
        return 0
    cid = _collection_id(lib, args.name)
    if not args.ids:
        raise UserError("collection {action} needs record ids", action=args.action)
    present = {r.id for r in lib.get_many(args.ids)}
    missing = sorted(set(args.ids) - present)
    if missing:
        raise UserError("no record with id {ids}", ids=", ".join(map(str, missing)))
    if args.action == "add":
        lib.add_to_collection(cid, args.ids)
    else:
        lib.remove_from_collection(cid, args.ids)
    print(f"{len(set(args.ids))} records {'added to' if args.action == 'add' else 'removed from'}"
          f" {_collection_paths(lib)[cid]}")
    return 0
