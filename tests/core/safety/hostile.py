"""Hostile inputs and seeds for the reader tests (see test_hostile_input.py)."""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable
from pathlib import Path

from app.core.formats import Format

from tests.conftest import CORPUS

SECRET = "REFSHELF-XXE-SECRET-7f3a"


def nested_and_broken() -> dict[str, bytes]:
    """Inputs that no reader may crash or hang on, whatever its format."""
    deep = 100_000
    return {
        "nested-braces": b"@article{k, title = " + b"{" * deep + b"x" + b"}" * deep + b"}\n",
        "unclosed-braces": b"@article{k, author = {A and " + b"{" * (2 * deep),
        "nested-brackets": b"[" * deep + b"]" * deep,
        "nested-objects": b'[{"title":' * (deep // 2) + b'"x"' + b"}]" * (deep // 2),
        "nested-tags": b"<html><head><title>" + b"<div>" * deep + b"x</title></head>",
        "nested-comments": b"<!--" * deep + b"<meta name='citation_title' content='x'>",
        "at-signs": b"@" * 500_000,
        "no-comma-entry": b"@article{" + b"a" * 500_000,
        "ris-tag-spaces": b"TY  - JOUR\n" + b"AU  - " + b" " * 500_000 + b"\nER  - \n",
        "refer-commas": b"%0 Journal Article\n%A " + b"a," * 250_000 + b"\n%T t\n",
        "noteexpress-semicolons": (b"{Reference Type}: Journal Article\n{Author}: "
                                   + b";" * 500_000 + b"\n{Title}: t\n"),
        "nbib-continuations": b"PMID- 1\nTI  - t\n" + b"      x\n" * 200_000,
        "invalid-utf8": (b"TY  - JOUR\nTI  - \xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\nER  - \n"
                         b"@article{k, title={\xed\xa0\x80\xf0\x28\x8c\xbc}}\n"
                         b"%0 Journal Article\n%T \xc0\xaf\xf8\x88\x80\x80\x80\n"
                         b'[{"title": "\xff\xff"}]\n<meta name="citation_title" '
                         b'content="\xfe\xfe">\n'),
        "nul-bytes": b"\x00" * 65_536,
        "nul-in-entries": (b"TY  - JO\x00UR\nTI  - a\x00b\nER  - \n@article{k\x00, title={t\x00}}\n"
                           b"%0 Jour\x00nal\n%T t\x00\n{Title}: \x00\n"
                           b'[{"title":"a\\u0000b","type":"book"}]\n'
                           b"<meta name=\"citation_title\" content=\"a\x00b\">"),
        "lone-surrogate-escapes": b'[{"type":"book","title":"\\ud800\\udfff\\ud800",'
                                  b'"author":[{"family":"\\udc00"}]}]',
        "utf16-without-bom": "TY  - JOUR\nTI  - 中文标题\nER  - \n".encode("utf-16-le"),
        "utf32": "\ufeff@article{k, title={Ünïcødé}}".encode("utf-32"),
        "only-bom": b"\xef\xbb\xbf",
        "cr-only": b"TY  - JOUR\rTI  - t\rER  - \r%0 Book\r%T t\r{Title}: t\r",
        "long-line": b"TI  - " + b"A" * (4 * 1024 * 1024),
        "many-blank-lines": b"\n" * 2_000_000 + b"TY  - JOUR\nER  - \n",
        "many-tiny-entries": b"@misc{k,}\n" * 50_000,
        "huge-numbers": (b'[{"type":"book","issued":{"date-parts":[[99999999999999999999999,'
                         b'-5,1e308]]},"page":"1-99999999999999999999"}]\n'
                         b"PY  - 99999999999999999999/13/45\nDA  - -0001///\n"),
        "control-chars": bytes(range(0, 32)) * 2000,
    }


def truncations(seed: bytes) -> list[bytes]:
    """*seed* cut at a few places, as a half-written or half-downloaded file."""
    n = len(seed)
    return [seed[:k] for k in sorted({1, n // 7, n // 3, n // 2, n - 1}) if 0 < k < n]


def _xml_bomb(secret_file: Path) -> str:
    laughs = "\n".join(
        f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            "<!DOCTYPE html [\n"
            f' <!ENTITY secret SYSTEM "{secret_file.as_uri()}">\n'
            ' <!ENTITY remote SYSTEM "http://127.0.0.1:9/dtd">\n'
            ' <!ENTITY % param SYSTEM "http://127.0.0.1:9/param.dtd">\n'
            ' <!ENTITY lol0 "lol">\n' + laughs + "\n]>\n")


def xml_attacks(secret_file: Path) -> dict[str, bytes]:
    """XXE and billion-laughs documents in every XML shape a reader might take."""
    head = _xml_bomb(secret_file)
    xhtml = (head + '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
             "<title>&secret;&lol9;</title>"
             '<meta name="citation_title" content="&secret;"/>'
             '<meta name="citation_author" content="&lol9;"/>'
             '<meta name="dc.title" content="&remote;"/></head><body>&lol9;</body></html>')
    endnote = (head + "<xml><records><record><ref-type name=\"Journal Article\">17</ref-type>"
               "<contributors><authors><author>&lol9;</author></authors></contributors>"
               "<titles><title>&secret;</title></titles></record></records></xml>")
    plist = (head.replace("<!DOCTYPE html", "<!DOCTYPE plist")
             + '<plist version="1.0"><dict><key>WebMainResource</key><dict>'
             "<key>WebResourceData</key><string>&secret;&lol9;</string>"
             "<key>WebResourceMIMEType</key><string>text/html</string>"
             "<key>WebResourceURL</key><string>http://example.org/&remote;</string>"
             "</dict></dict></plist>")
    svg = (head.replace("<!DOCTYPE html", "<!DOCTYPE svg")
           + '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;&lol9;</text></svg>')
    mhtml = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n"
             "--b\r\nContent-Type: application/xhtml+xml\r\nContent-Location: "
             "http://example.org/\r\n\r\n" + xhtml + "\r\n--b--\r\n")
    return {"xhtml": xhtml.encode(), "endnote-xml": endnote.encode(),
            "plist": plist.encode(), "svg": svg.encode(), "mhtml": mhtml.encode()}


# --------------------------------------------------------------- author bombs
def _bibtex(n: int) -> bytes:
    names = " and ".join(f"Author{i}, A." for i in range(n))
    return f"@article{{bomb, author = {{{names}}}, title = {{Many authors}}, year = 2020}}\n" \
        .encode()


def _ris(n: int) -> bytes:
    return ("TY  - JOUR\nTI  - Many authors\n" + "".join(f"AU  - Author{i}, A.\n"
                                                         for i in range(n)) + "ER  - \n").encode()


def _refer(n: int) -> bytes:
    return ("%0 Journal Article\n%T Many authors\n"
            + "".join(f"%A Author{i}, A.\n" for i in range(n))).encode()


def _refworks(n: int) -> bytes:
    return ("RT Journal Article\nT1 Many authors\n"
            + "".join(f"A1 Author{i},A.\n" for i in range(n)) + "YR 2020\n").encode()


def _noteexpress(n: int) -> bytes:
    return ("{Reference Type}: Journal Article\n{Title}: Many authors\n{Author}: "
            + ";".join(f"作者{i}" for i in range(n)) + ";\n").encode()


def _nbib(n: int) -> bytes:
    return ("PMID- 1\nTI  - Many authors\n"
            + "".join(f"FAU - Author{i}, A\nAU  - Author{i} A\n" for i in range(n))).encode()


def _wos(n: int) -> bytes:
    # Web of Science: one AF tag, then one name per continuation line
    names = "".join(f"   Author{i}, A.\n" for i in range(1, n))
    return ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAF Author0, A.\n"
            + names + "TI Many authors\nPY 2020\nER\n\nEF\n").encode()


def _endnotexml(n: int) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><xml><records><record>'
            '<ref-type name="Journal Article">17</ref-type><contributors><authors>'
            + "".join(f"<author>Author{i}, A.</author>" for i in range(n))
            + "</authors></contributors><titles><title>Many authors</title></titles>"
              "</record></records></xml>\n").encode()


def _ovid(n: int) -> bytes:
    return ("<1. >\nVN  - Ovid Technologies\nDB  - Ovid MEDLINE(R)\n"
            + "".join(f"AU  - Author{i} A\n" for i in range(n))
            + "TI  - Many authors\nSO  - Journal of Tests. 1(2):3-4, 2020.\n").encode()


def _csljson(n: int) -> bytes:
    return json.dumps([{"id": "bomb", "type": "article-journal", "title": "Many authors",
                        "author": [{"family": f"Author{i}", "given": "A."}
                                   for i in range(n)]}]).encode()


def _page(n: int) -> bytes:
    return ("<!DOCTYPE html><html><head><meta name=\"citation_title\" content=\"Many authors\">"
            + "".join(f'<meta name="citation_author" content="Author{i}, A.">'
                      for i in range(n)) + "</head><body></body></html>").encode()


def _pdf(n: int) -> bytes:
    names = "; ".join(f"Author{i} A" for i in range(n)).encode()
    return pdf_doc([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [] /Count 0 >>",
                    b"<< /Title (Many authors) /Author (" + names + b") >>"], info=3)


AUTHOR_BOMBS: dict[str, Callable[[int], bytes]] = {
    "pdf": _pdf,
    "bibtex": _bibtex, "biblatex": _bibtex, "ris": _ris, "enw": _refer,
    "refworks": _refworks, "noteexpress": _noteexpress, "nbib": _nbib,
    "csljson": _csljson, "page": _page, "wos": _wos, "endnotexml": _endnotexml,
    "ovid": _ovid,
}


# ---------------------------------------------------------------------- seeds
_ZOTERO = {
    "ris": "RIS_import_tests.json", "bibtex": "BibTeX_import_tests.json",
    "biblatex": "BibTeX_import_tests.json",
    "csljson": "other_import_formats/CSL_JSON_import_tests.json",
    "nbib": "other_import_formats/MEDLINEnbib_import_tests.json",
    "enw": "other_import_formats/ReferBibIX_import_tests.json",
    "refworks": "other_import_formats/RefWorks_Tagged_import_tests.json",
    "endnotexml": "other_import_formats/Endnote_XML_import_tests.json",
    "ovid": "other_import_formats/OVID_Tagged_import_tests.json",
}
MAX_SEED_BYTES = 64 * 1024


def seeds(fmt: Format, limit: int = 12) -> list[bytes]:
    """Real files of *fmt* from ../shared/corpus (by extension and Zotero's test inputs)."""
    out: list[bytes] = []
    zfile = _ZOTERO.get(fmt.id)
    if zfile and (CORPUS / "zotero-translators" / zfile).exists():
        cases = json.loads((CORPUS / "zotero-translators" / zfile).read_text(encoding="utf-8"))
        out += [c["input"].encode("utf-8") for c in cases
                if isinstance(c.get("input"), str) and c["input"].strip()]
    exts = {e for e in fmt.extensions if e not in (".txt", ".json")}
    if fmt.id == "csljson":
        exts.add(".json")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in exts
                   and 0 < p.stat().st_size <= MAX_SEED_BYTES * 8)
    rnd = random.Random(fmt.id)
    rnd.shuffle(files)
    out += [p.read_bytes()[:MAX_SEED_BYTES] for p in files[:limit]]
    if ".pdf" in fmt.extensions:
        out.insert(0, pdf_seed())
    rnd.shuffle(out)
    return out[:limit] or [b"x"]


# ------------------------------------------------------------------------ PDF
def pdf_doc(objects: list[bytes], info: int | None = None, root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root {root} 0 R"
    if info:
        trailer += f" /Info {info} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(data)).encode() + extra + b" >>\nstream\n" + data + \
        b"\nendstream"


@functools.lru_cache(maxsize=2)
def _flate_bomb(mb: int) -> bytes:
    """*mb* megabytes of content stream, deflated to about 1/1000 of that."""
    import zlib

    z = zlib.compressobj(9)
    chunk = b"0 0 m " * (1024 * 1024 // 6)
    parts = [z.compress(chunk) for _ in range(mb)]
    return b"".join(parts) + z.flush()


def pdf_attacks(secret_file: Path) -> dict[str, bytes]:
    """PDFs built to hang, blow up or leak: XMP bombs, cycles, nesting, a zip bomb."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>"
    text = _stream(b"BT /F1 12 Tf 72 720 Td (Hostile title) Tj ET")
    xmp_doc = (_xml_bomb(secret_file).replace("<!DOCTYPE html", "<!DOCTYPE x:xmpmeta")
               + '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
               '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li '
               'xml:lang="x-default">&secret;&lol9;</rdf:li></rdf:Alt></dc:title>'
               "<dc:creator><rdf:Seq><rdf:li>&lol9;</rdf:li></rdf:Seq></dc:creator>"
               "</rdf:Description></rdf:RDF></x:xmpmeta>").encode()
    xmp = _stream(xmp_doc, b" /Type /Metadata /Subtype /XML")
    info_loop = b"<< /Title 6 0 R /Author (A) >>"
    deep = b"[" * 50_000 + b"]" * 50_000
    bomb = _flate_bomb(300)
    return {
        "xmp-bomb": pdf_doc([catalog, pages, page, xmp, text]),
        "info-cycle": pdf_doc([catalog, pages, page, xmp, text, info_loop], info=6),
        "page-tree-cycle": pdf_doc([b"<< /Type /Catalog /Pages 2 0 R >>",
                                    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 999999999 >>",
                                    page, b"<< >>", text]),
        "deep-arrays": pdf_doc([b"<< /Type /Catalog /Pages 2 0 R >>", pages, page, b"<< >>",
                                text, b"<< /Title " + deep + b" >>"], info=6),
        "flate-bomb": pdf_doc([b"<< /Type /Catalog /Pages 2 0 R >>", pages, page, b"<< >>",
                               _stream(bomb, b" /Filter /FlateDecode")]),
        "xref-out-of-range": pdf_doc([catalog, pages, page, xmp, text])
        .replace(b"startxref\n", b"startxref\n99999999"),
        "truncated-stream": pdf_doc([catalog, pages, page, xmp, text])[:400],
    }


def pdf_seed() -> bytes:
    """A small valid PDF with Info and a page of text (a mutation seed)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    text = _stream(b"BT /F1 18 Tf 72 720 Td (A Study of Seeds) Tj 0 -30 Td "
                   b"(doi:10.1234/seed.5678) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    info = b"<< /Title (A Study of Seeds) /Author (Ann Example; Bo Sample) >>"
    return pdf_doc([catalog, pages, page, text, font, info], info=6)
