"""PDF: the file becomes an attachment; DOI and title from metadata and the first page."""

from __future__ import annotations

import pytest

from app.core.errors import FormatError
from app.core.formats import detect, get, read_bytes, read_path


def make_pdf(lines: list[tuple[int, str]], info: dict[str, str] | None = None,
             raw_info: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF written by hand: Helvetica text runs of the given sizes.
    *raw_info* is the Info dictionary's body as PDF syntax; *extra* objects are
    numbered 6, 7… (before the Info dictionary)."""
    y = 750
    ops = []
    for size, text in lines:
        t = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 {size} Tf 72 {y} Td ({t}) Tj ET")
        y -= size + 12
    stream = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objs += extra
    trailer_extra = b""
    if info or raw_info:
        items = raw_info or " ".join(f"/{k} ({v})" for k, v in (info or {}).items()) \
            .encode("latin-1")
        objs.append(b"<< " + items + b" >>")
        trailer_extra = b" /Info %d 0 R" % len(objs)
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, trailer_extra, xref)
    return out


def test_pdf_registered_and_sniffed() -> None:
    fmt = get("pdf")
    assert fmt.extensions == (".pdf",) and fmt.binary and not fmt.can_write
    assert detect("x.bin", "%PDF-1.7\n%...").id == "pdf"  # type: ignore[union-attr]


def test_title_and_doi_from_first_page(tmp_path) -> None:
    p = tmp_path / "paper.pdf"
    p.write_bytes(make_pdf([(24, "Deep Learning for Bibliographies"), (11, "Jane Doe"),
                            (9, "https://doi.org/10.1234/abc.5678.")],
                           info={"Title": "Microsoft Word - draft3.docx"}))
    res = read_path(str(p))
    assert res.format_id == "pdf" and res.attach_source
    rec = res.records[0]
    assert rec.title == "Deep Learning for Bibliographies"  # the Info title is junk
    assert rec.doi == "10.1234/abc.5678"
    assert rec.type == "article-journal"
    assert "page 1" in res.notes[0]


def test_title_doi_and_authors_from_document_info() -> None:
    data = make_pdf([(10, "body text only")],
                    info={"Title": "A Real Title From Metadata", "Author": "Doe, Jane; Roe, Rick",
                          "Subject": "Journal X, doi:10.5555/meta.9"})
    rec = read_bytes(data, source="x.pdf").records[0]
    assert rec.title == "A Real Title From Metadata"
    assert rec.doi == "10.5555/meta.9"
    assert [c.family for c in rec.authors] == ["Doe", "Roe"]


def test_pdf_without_metadata_is_named_after_the_file() -> None:
    res = read_bytes(make_pdf([(10, "x")]), source="/some/dir/My_Scan_2021.pdf")
    assert res.records[0].title == "My Scan 2021"
    assert "file name" in res.notes[0]


def test_broken_pdf_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        read_bytes(b"%PDF-1.4\n garbage " * 10, source="bad.pdf")
    with pytest.raises(FormatError):
        get("pdf").read_bytes(b"not a pdf at all", "x.pdf")


def test_xmp_metadata_comes_first() -> None:
    import io

    from pypdf import PdfWriter
    from pypdf.xmp import XmpInformation

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.add_metadata({"/Title": "Info title that loses", "/Subject": "doi:10.5555/info.1"})
    x = XmpInformation.create()
    x.dc_title = {"x-default": "XMP Title of the Paper"}
    x.dc_identifier = "doi:10.5555/xmp.42"
    x.dc_creator = ["Doe, Jane", "Roe, Rick"]
    w.xmp_metadata = x
    buf = io.BytesIO()
    w.write(buf)
    res = read_bytes(buf.getvalue(), source="x.pdf")
    rec = res.records[0]
    assert (rec.title, rec.doi) == ("XMP Title of the Paper", "10.5555/xmp.42")
    assert [c.family for c in rec.authors] == ["Doe", "Roe"]
    assert "XMP" in res.notes[0]


def test_info_values_that_are_not_strings_are_not_text() -> None:
    """An Info /Title that is an array, an /Author that is a dictionary, a /Subject
    that is a name: none becomes record text (ISO 32000-1 14.3.3: these are text strings)."""
    data = make_pdf([(24, "The Title Printed On Page One"), (10, "body")],
                    raw_info=b"/Title [(Array) (Title)] /Author << /Name (Doe, Jane) >> "
                             b"/Subject /doi:10.5555/name.1 /Keywords 42")
    res = read_bytes(data, source="x.pdf")
    rec = res.records[0]
    assert rec.title == "The Title Printed On Page One"
    assert rec.creators == [] and rec.doi == ""
    text = str(rec.to_dict())
    assert "Array" not in text and "Jane" not in text and "name.1" not in text


def test_info_title_given_by_reference_is_read() -> None:
    data = make_pdf([(10, "body text only")], raw_info=b"/Title 6 0 R /Author 7 0 R",
                    extra=(b"(A Title Given By Reference)", b"(Doe, Jane; Roe, Rick)"))
    rec = read_bytes(data, source="x.pdf").records[0]
    assert rec.title == "A Title Given By Reference"
    assert [c.family for c in rec.authors] == ["Doe", "Roe"]


def test_author_names_left_out_are_counted_in_the_notes() -> None:
    data = make_pdf([(10, "body")], info={
        "Title": "A Real Title From Metadata",
        "Author": "Doe, Jane; Roe, Rick; Department of Physics, University of Ulm, 89081 Ulm"})
    res = read_bytes(data, source="x.pdf")
    assert [c.family for c in res.records[0].authors] == ["Doe", "Roe"]
    assert "kept 2 of 3 authors" in res.notes[0]


def test_no_author_note_when_every_name_is_kept() -> None:
    data = make_pdf([(10, "body")], info={"Title": "A Real Title From Metadata",
                                          "Author": "Jane Doe and Rick Roe"})
    res = read_bytes(data, source="x.pdf")
    assert len(res.records[0].authors) == 2 and "kept" not in res.notes[0]
