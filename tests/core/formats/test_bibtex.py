"""BibTeX/BibLaTeX reading and writing: mapping, names, macros, crossref, raw LaTeX,
encodings and broken input. Expected values are written by hand from the BibTeX
and BibLaTeX documentation, or taken from the corpus' expected files."""

from __future__ import annotations

import json
import random

import pytest

from app.core.errors import FormatError
from app.core.formats import detect, get, read_bytes, read_path
from app.core.formats.bibtex import (
    ETAL_KEY,
    INHERITED_KEY,
    RAW_KEY,
    format_creator,
    parse_creator,
    parse_file_field,
    read_bibtex,
    split_name,
    split_name_list,
    write_bibtex,
)
from app.core.records import Creator, PartialDate, Record
from tests.conftest import CORPUS

BIB = CORPUS / "bibtex"
JABREF_ENC = BIB / "jabref/jablib/src/test/resources/org/jabref/logic/importer/fileformat"


def one(text: str) -> Record:
    result = read_bibtex(text, "t.bib")
    assert not result.failures, result.failures
    assert len(result.records) == 1
    return result.records[0]


def reread(records: list[Record], flavor: str = "bibtex", ascii: bool = False) -> list[Record]:
    out = write_bibtex(records, flavor=flavor, ascii=ascii)
    result = read_bibtex(out, "out.bib")
    assert not result.failures, (result.failures, out)
    return result.records


# ----------------------------------------------------------------- registry
def test_both_formats_are_registered_with_bib_extension() -> None:
    assert ".bib" in get("bibtex").extensions
    assert ".bib" in get("biblatex").extensions
    assert get("bibtex").can_write and get("biblatex").can_write


def test_sniffing_picks_biblatex_only_for_biblatex_content() -> None:
    plain = "@article{a,\n  journal = {J},\n  year = {2001},\n}\n"
    big = "@article{a,\n  journaltitle = {J},\n  date = {2001-05},\n}\n"
    online = "@online{a,\n  title = {T},\n  url = {http://x}\n}\n"
    assert detect("x.bib", plain).id == "bibtex"
    assert detect("x.bib", big).id == "biblatex"
    assert detect("x.bib", online).id == "biblatex"
    # content wins over a .txt extension
    assert detect("refs.txt", plain).id == "bibtex"


# -------------------------------------------------------------------- names
NAME_CASES = json.loads((BIB / "pybtex/pybtex_name_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", NAME_CASES, ids=[c["name"][:40] for c in NAME_CASES])
def test_bibtex_name_split_matches_pybtex_cases(case: dict) -> None:
    first, von, last, jr = split_name(case["name"])
    assert (first, von, last, jr) == (case["first"], case["prelast"], case["last"],
                                      case["lineage"])


def test_name_list_splits_on_and_at_brace_depth_zero_only() -> None:
    assert split_name_list("A and {Barnes and Noble, Inc.} AND C") == [
        "A", "{Barnes and Noble, Inc.}", "C"]
    assert split_name_list("Anderson, Brandon and Sandy") == ["Anderson, Brandon", "Sandy"]


@pytest.mark.parametrize("name,expected", [
    ("{Barnes and Noble, Inc.}", Creator(literal="Barnes and Noble, Inc.")),
    ("van der Berg, Jan", Creator(family="van der Berg", given="Jan")),
    ("Jan van der Berg", Creator(family="van der Berg", given="Jan")),
    ("Ford, Jr., Henry", Creator(family="Ford", given="Henry, Jr.")),
    ("Donald E. Knuth", Creator(family="Knuth", given="Donald E.")),
    ("M{\\\"u}ller, J{\\'e}r{\\^o}me", Creator(family="Müller", given="Jérôme")),
    ("王小明", Creator(literal="王小明")),
    ("王, 小明", Creator(family="王", given="小明")),
    ("{World Health Organization}", Creator(literal="World Health Organization")),
])
def test_name_to_creator(name: str, expected: Creator) -> None:
    assert parse_creator(name) == expected


def test_others_becomes_an_et_al_marker_and_is_written_back() -> None:
    rec = one("@article{k, author = {Smith, John and others}, title = {T}}")
    assert [c.family for c in rec.creators] == ["Smith"]
    assert rec.extra[ETAL_KEY] == ["author"]
    rec.extra.pop(RAW_KEY, None)  # write from the model, not the raw value
    assert "author = {Smith, John and others}" in write_bibtex([rec])


def test_cjk_names_survive_a_round_trip_whole() -> None:
    rec = one("@article{k, author = {王小明 and 李, 四}, title = {中文标题}}")
    assert rec.creators == [Creator(literal="王小明"), Creator(family="李", given="四")]
    assert reread([rec])[0].creators == rec.creators


def test_creators_written_from_the_model_read_back_the_same() -> None:
    people = [Creator(family="van der Berg", given="Jan"),
              Creator(family="Ford", given="Henry, Jr."),
              Creator(literal="Barnes and Noble, Inc."),
              Creator(family="O'Brien", given="Ann-Marie"),
              Creator(family="Müller", given="Jörg", role="editor"),
              Creator(family="张", given="三", role="translator")]
    rec = Record(type="book", title="T", creators=people, citation_key="k")
    assert reread([rec])[0].creators == people
    assert format_creator(Creator(family="Ford", given="Henry, Jr.")) == "Ford, Jr., Henry"


# ------------------------------------------------------- macros and values
def test_string_macros_concatenation_and_month_macros() -> None:
    rec = one('@String{jcp = "J. Chem. Phys."}\n@STRING(Pre = {Proc. })\n'
              '@article{k, title = pre # {Test} # " x", journal = JCP, year = 1999, month = sep}')
    assert rec.container_title == "J. Chem. Phys."
    assert rec.title == "Proc. Test x"
    assert rec.issued == PartialDate(1999, 9)


def test_undefined_macro_keeps_its_name() -> None:
    rec = one("@inproceedings{k, title = {T}, booktitle = crypto}")
    assert rec.container_title == "crypto"


def test_preamble_and_comments_are_read_past() -> None:
    text = ('@preamble{"\\newcommand{\\noopsort}[1]{}"}\n@comment{jabref-meta: x;}\n'
            "% a line comment\n@article{k, title = {T}}\n")
    assert one(text).title == "T"


def test_missing_comma_between_fields_is_recovered() -> None:
    rec = one("@article{k,\n  title = {A title}\n  year = {2001},\n  volume = {3}\n}")
    assert rec.title == "A title"
    assert rec.issued == PartialDate(2001)
    assert rec.volume == "3"


# ------------------------------------------------------------------ mapping
@pytest.mark.parametrize("entry,rtype", [
    ("article", "article-journal"), ("inproceedings", "paper-conference"),
    ("conference", "paper-conference"), ("incollection", "chapter"), ("inbook", "chapter"),
    ("phdthesis", "thesis"), ("mastersthesis", "thesis"), ("techreport", "report"),
    ("report", "report"), ("misc", "document"), ("online", "webpage"),
    ("electronic", "webpage"), ("www", "webpage"), ("dataset", "dataset"),
    ("patent", "patent"), ("standard", "standard"), ("book", "book"),
    ("booklet", "pamphlet"), ("proceedings", "book"), ("manual", "report"),
    ("unpublished", "manuscript"), ("software", "software"), ("somethingelse", "document"),
])
def test_entry_types(entry: str, rtype: str) -> None:
    assert one(f"@{entry}{{k, title = {{T}}}}").type == rtype


def test_thesis_genre_comes_from_the_entry_type_or_type_field() -> None:
    assert one("@phdthesis{k, title={T}}").genre == "PhD thesis"
    assert one("@mastersthesis{k, title={T}}").genre == "Master's thesis"
    assert one("@thesis{k, title={T}, type={phdthesis}}").genre == "PhD thesis"
    assert one("@techreport{k, title={T}, type={Internet-Draft}}").genre == "Internet-Draft"


def test_article_fields() -> None:
    rec = one(r"""@article{key1,
  author = {Smith, John and Doe, Jane},
  title = {A {DNA} study},
  journal = {Nature},
  year = {2020}, month = mar,
  volume = {5}, number = {2}, pages = {100--110},
  doi = {https://doi.org/10.1000/XYZ.1},
  issn = {1234-5678},
  url = {https://example.org/a\_b},
  keywords = {alpha, beta; gamma},
  abstract = {We \emph{show}.},
  note = {A note},
  language = {english},
  file = {:papers/a.pdf:PDF},
  eprint = {2101.00001}, archiveprefix = {arXiv},
  pmid = {123},
  urldate = {2021-02-03},
  mycustom = {kept}
}""")
    assert rec.type == "article-journal"
    assert rec.citation_key == "key1"
    assert rec.title == "A DNA study"
    assert rec.container_title == "Nature"
    assert rec.issued == PartialDate(2020, 3)
    assert (rec.volume, rec.issue, rec.number, rec.pages) == ("5", "2", "", "100-110")
    assert rec.doi == "10.1000/XYZ.1"
    assert rec.issn == "1234-5678"
    assert rec.url == "https://example.org/a_b"
    assert rec.keywords == ["alpha", "beta", "gamma"]
    assert rec.abstract == "We show."
    assert rec.notes == ["A note"]
    assert rec.language == "english"
    assert rec.attachments == ["papers/a.pdf"]
    assert rec.arxiv == "2101.00001"
    assert rec.pmid == "123"
    assert rec.accessed == PartialDate(2021, 2, 3)
    assert rec.extra["bibtex:mycustom"] == "kept"


def test_report_number_is_a_number_and_places_and_publishers() -> None:
    rec = one("@techreport{k, title={T}, number={TR-7}, institution={MIT}, address={Cambridge}}")
    assert (rec.number, rec.issue, rec.publisher, rec.place) == ("TR-7", "", "MIT", "Cambridge")
    rec = one("@phdthesis{k, title={T}, school={Uni}}")
    assert rec.publisher == "Uni"


def test_biblatex_fields_date_journaltitle_location() -> None:
    rec = one("@article{k, title={T}, journaltitle={J. Test}, date={2019-03-05}, "
              "location={Paris}, langid={french}}")
    assert rec.container_title == "J. Test"
    assert rec.issued == PartialDate(2019, 3, 5)
    assert rec.place == "Paris"
    assert rec.language == "french"


def test_biblatex_date_range_keeps_the_range_for_export() -> None:
    rec = one("@book{k, title={T}, date={1988/1992}}")
    assert rec.issued == PartialDate(1988)
    assert rec.extra["bibtex:date"] == "1988/1992"
    out = write_bibtex([rec], flavor="biblatex")
    assert "date = {1988/1992}" in out
    assert "1988}" not in out.replace("1988/1992", "")


def test_unknown_fields_survive_export() -> None:
    rec = one("@misc{k, title={T}, howpublished={Online}, groups={g1}, owner={me}}")
    out = write_bibtex([rec])
    for field in ("howpublished = {Online}", "groups = {g1}", "owner = {me}"):
        assert field in out


def test_file_field_forms() -> None:
    assert parse_file_field("Test:files/47/a.pdf:application/pdf;T2:b.pdf:PDF") == [
        "files/47/a.pdf", "b.pdf"]
    assert parse_file_field("Test:E\\:\\\\dir\\\\a.pdf:application/pdf") == ["E:\\dir\\a.pdf"]
    assert parse_file_field(":C$\\backslash$:/Users/x/a.pdf:pdf") == ["C:/Users/x/a.pdf"]


# --------------------------------------------------------- crossref, xdata
CROSSREF = """@inproceedings{child,
  author = {Smith, A.}, title = {Paper}, crossref = {parent}, pages = {1--2}}
@proceedings{parent,
  editor = {Doe, B.}, title = {Proceedings of X}, booktitle = {Proceedings of X},
  year = {2006}, month = oct, publisher = {ACM}}
"""


def test_crossref_fields_are_inherited_for_display() -> None:
    child, parent = read_bibtex(CROSSREF).records
    assert child.container_title == "Proceedings of X"
    assert child.issued == PartialDate(2006, 10)
    assert child.publisher == "ACM"
    assert [c.family for c in child.creators if c.role == "editor"] == ["Doe"]
    assert child.title == "Paper"  # the parent's title is not the child's
    assert child.extra["bibtex:crossref"] == "parent"
    assert "year" in child.extra[INHERITED_KEY]


def test_crossref_export_leaves_inherited_fields_to_the_parent() -> None:
    records = read_bibtex(CROSSREF).records
    out = write_bibtex(records)
    child_text = out.split("@proceedings")[0]
    assert "crossref = {parent}" in child_text
    assert "publisher" not in child_text and "year" not in child_text
    # exported alone, the child carries what it inherited
    alone = write_bibtex(records[:1])
    assert "publisher = {ACM}" in alone and "year = {2006}" in alone
    again = read_bibtex(out).records
    assert again[0].container_title == "Proceedings of X"
    assert again[0].issued == PartialDate(2006, 10)


def test_xdata_fields_are_inherited() -> None:
    text = ("@xdata{pub, publisher = {Springer}, location = {Berlin}}\n"
            "@book{b, title = {T}, xdata = {pub}}")
    result = read_bibtex(text)
    assert len(result.records) == 1  # the @xdata container is not a record
    assert (result.records[0].publisher, result.records[0].place) == ("Springer", "Berlin")


def test_crossref_cycles_do_not_hang() -> None:
    text = ("@book{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, crossref = {a}, "
            "publisher = {P}}")
    a, b = read_bibtex(text).records
    assert a.publisher == "P"


# ---------------------------------------------------------- raw LaTeX kept
RAW = r"""@article{raw,
  title = {The {\LaTeX} Companion and {DNA} with $\alpha_{i}+\frac{1}{2}$},
  author = {M{\"u}ller, J{\"o}rg and {\AA}ngstr{\"o}m, Anders},
  journal = {J. {\&} Co.},
  pages = {1--10},
}"""


def test_latex_is_decoded_for_display() -> None:
    rec = one(RAW)
    assert rec.title == r"The LaTeX Companion and DNA with $\alpha_{i}+\frac{1}{2}$"
    assert [c.family for c in rec.creators] == ["Müller", "Ångström"]
    assert rec.container_title == "J. & Co."
    assert rec.pages == "1-10"


@pytest.mark.parametrize("flavor", ["bibtex", "biblatex"])
def test_unedited_values_are_exported_byte_exactly(flavor: str) -> None:
    out = write_bibtex([one(RAW)], flavor=flavor)
    assert r"title = {The {\LaTeX} Companion and {DNA} with $\alpha_{i}+\frac{1}{2}$}," in out
    assert r"author = {M{\"u}ller, J{\"o}rg and {\AA}ngstr{\"o}m, Anders}," in out
    assert r"pages = {1--10}," in out
    assert r"{J. {\&} Co.}" in out


def test_edited_values_are_encoded_from_the_new_text() -> None:
    rec = one(RAW)
    rec.title = "A new title: 50% of {all} & more_"
    out = write_bibtex([rec])
    assert r"title = {A new title: 50\% of \{all\} \& more\_}," in out
    assert reread([rec])[0].title == rec.title


def test_ascii_export_uses_latex_escapes_and_reads_back_the_same() -> None:
    rec = Record(type="article-journal", title="Über Ærø — “quotes” ß", citation_key="k",
                 creators=[Creator(family="Dvořák", given="Antonín")],
                 container_title="Zeitschrift für Physik")
    out = write_bibtex([rec], ascii=True)
    assert out.isascii()
    back = reread([rec], ascii=True)[0]
    assert (back.title, back.creators, back.container_title) == (
        rec.title, rec.creators, rec.container_title)
    # raw values with non-ASCII letters are escaped too
    raw_rec = one("@article{k, title = {{DNA} in Zürich}}")
    out = write_bibtex([raw_rec], ascii=True)
    assert "{DNA} in Z{\\\"u}rich" in out


def test_writer_output_is_conventional() -> None:
    rec = Record(type="article-journal", title="T", container_title="J", volume="1",
                 issue="2", pages="3-4", issued=PartialDate(2001, 2), place="Here",
                 creators=[Creator(family="A", given="B")], citation_key="A2001")
    out = write_bibtex([rec])
    assert out.startswith("@article{A2001,\n  author = {A, B},\n  title = {T},\n  journal = {J},")
    assert "month = feb," in out and "year = {2001}" in out and "address = {Here}" in out
    big = write_bibtex([rec], flavor="biblatex")
    assert "journaltitle = {J}" in big and "date = {2001-02}" in big and "location = {Here}" in big
    web = Record(type="webpage", title="W", url="https://x.org/a_b%20c", citation_key="w")
    assert write_bibtex([web], flavor="biblatex").startswith("@online{w,")
    assert "url = {https://x.org/a_b%20c}" in write_bibtex([web])


def test_missing_and_duplicate_keys_are_made_unique() -> None:
    recs = [Record(title="Deep learning", creators=[Creator(family="LeCun", given="Y")],
                   issued=PartialDate(2015)),
            Record(title="Other", citation_key="dup"), Record(title="Other 2", citation_key="dup")]
    out = write_bibtex(recs)
    assert "@article{lecun2015deep," in out
    assert "@article{dup," in out and "@article{dupa," in out


# ---------------------------------------------------------------- failures
def test_broken_blocks_are_failures_with_their_line_and_the_rest_is_read() -> None:
    text = ("@article{good1, title = {One}}\n"
            "\n"
            "@article{broken, title = {unclosed\n"
            "@article{good2, title = {Two}}\n"
            "@article{good1, title = {Duplicate}}\n"
            "@article{empty,}\n")
    result = read_bibtex(text, "f.bib")
    assert [r.title for r in result.records] == ["One", "Two"]
    by_line = {f.line: f for f in result.failures}
    assert set(by_line) == {3, 5, 6}
    assert "duplicate" in by_line[5].reason and "line 1" in by_line[5].reason
    assert "good1" in by_line[5].raw
    assert str(by_line[3]).startswith("f.bib:3: ")
    assert result.lines == [1, 4]


def test_wrong_bib_from_bibtexparser_corpus() -> None:
    result = read_path(str(BIB / "python-bibtexparser/v1/bibtexparser/tests/data/wrong.bib"))
    assert [c.family or c.literal for r in result.records for c in r.creators] == [
        "wrong", "correct"]


@pytest.mark.parametrize("data", [
    b"", b"   \n", b"\x00\x01\x02\xff\xfe" * 200, b"@", b"@article{", b"@article{k,",
    b"@article{k, title = {" + b"{" * 5000 + b"}" * 4000, b"@string{a = a # a}\n@misc{k, t = a}",
    b"@article{k, title = \"unterminated", b"@comment{" * 300, b"}}}}@@@{{{",
    bytes(range(256)) * 50,
])
def test_malformed_input_never_crashes(data: bytes) -> None:
    try:
        result = read_bytes(data, "x.bib", format_id="bibtex")
    except FormatError:
        return
    for rec in result.records:
        write_bibtex([rec])


def test_truncated_files_never_crash() -> None:
    data = (CORPUS / "large/cdl.bib").read_bytes()[:200_000]
    rng = random.Random(7)
    for cut in sorted(rng.sample(range(1, len(data)), 25)):
        result = read_bytes(data[:cut], "cut.bib", format_id="bibtex")
        write_bibtex(result.records)


def test_deeply_nested_braces_are_read() -> None:
    rec = one("@article{k, title = {" + "{" * 3000 + "deep" + "}" * 3000 + "}}")
    assert rec.title == "deep"


# --------------------------------------------------------------- encodings
@pytest.mark.parametrize("name", [
    "encoding-utf-8-with-header.bib", "encoding-utf-8-without-header.bib",
    "encoding-utf-16BE-with-header.bib", "encoding-utf-16BE-without-header.bib",
    "encoding-utf-8-with-header-with-databasetypecomment.bib",
])
def test_jabref_encoding_cases_umlaut(name: str) -> None:
    result = read_path(str(JABREF_ENC / name))
    assert [r.title for r in result.records] == ["Ü ist ein Umlaut"]


@pytest.mark.parametrize("name", ["encoding-windows-1252-with-header.bib",
                                  "encoding-windows-1252-without-header.bib"])
def test_jabref_windows_1252_cases(name: str) -> None:
    result = read_path(str(JABREF_ENC / name))
    assert [r.abstract for r in result.records] == ["25° C"]


@pytest.mark.parametrize("name", ["tiny-BE-noBOM.bib", "tiny-BE-withBOM.bib",
                                  "tiny-LE-noBOM.bib", "tiny-LE-withBOM.bib"])
def test_jabref_utf16_cases(name: str) -> None:
    result = read_path(str(JABREF_ENC / name))
    assert len(result.records) == 1
    assert result.records[0].title.startswith("Investigation of the best suture pattern")
    assert result.records[0].container_title  # the @string macro resolved


def test_utf8_bom_and_latin1_bytes() -> None:
    text = "@article{k, title = {Café Zürich}}\n"
    for data in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp1252"),
                 text.encode("utf-16")):
        assert read_bytes(data, "x.bib").records[0].title == "Café Zürich"


# ------------------------------------------- pybtex parser cases (the corpus)
PYBTEX_CASES = {c["name"]: c for c in json.loads(
    (BIB / "pybtex/pybtex_parser_cases.json").read_text(encoding="utf-8"))}


def _pybtex(name: str) -> list[Record]:
    return read_bibtex("".join(PYBTEX_CASES[name]["input_strings"]), name).records


def test_pybtex_braces_and_quotes_cases() -> None:
    assert [r.title for r in _pybtex("BracesTest")] == ["Polluted with DDT."]
    assert [r.title for r in _pybtex("BracesAndQuotesTest")] == ['Nested braces and "quotes"']


def test_pybtex_macro_cases() -> None:
    (rec,) = _pybtex("CrossFileMacrosTest")
    assert rec.title == "I Am Jackie Chan: My Life in Action"
    assert rec.creators == [Creator(family="Chan", given="Jackie")]
    gsl = [r for r in _pybtex("MacrosTest") if r.citation_key == "gsl"][0]
    assert gsl.creators == [Creator(family="Gough", given="Brian"), Creator(literal="et al.")]


def test_pybtex_duplicate_fields_keep_the_first() -> None:
    assert [r.title for r in _pybtex("DuplicateFieldTest")] == ["Mastering Thesis Writing"]
    assert [c.family for r in _pybtex("DuplicatePersonFieldTest") for c in r.creators] == [
        "Nom de Plume"]


def test_pybtex_keyless_entries_are_read_with_generated_keys() -> None:
    result = read_bibtex("".join(PYBTEX_CASES["KeylessEntriesTest"]["input_strings"]))
    assert [r.title for r in result.records] == ["I Am Jackie Chan: My Life in Action",
                                                 "Der deutsche Jackie Chan Filmführer"]
    assert all(r.citation_key for r in result.records)
    # @BOOK() and @BOOK{} say nothing at all: reported, on their lines
    assert [f.line for f in result.failures] == [6, 7]


def test_pybtex_at_sign_and_case_insensitive_field_names() -> None:
    assert [r.title for r in _pybtex("AtTest")] == ["An @tey article", "A @tey short story"]
    (rec,) = _pybtex("CaseSensitivityTest")
    assert (rec.title, rec.issued, rec.extra["bibtex:notes"]) == (
        "To CamelCase or Under score", PartialDate(2009), "none")


def test_lenient_reads_are_noted_for_the_import_report() -> None:
    result = read_bibtex("@article{k,\n  title = {T}\n  year = 2001 x\n}\n"
                         "@article{d, title={A}, TITLE={B}}\n", "n.bib")
    assert [r.title for r in result.records] == ["T", "A"]
    said = [str(w) for w in result.warnings]
    assert any(n.startswith("n.bib:1: ") and "comma is missing" in n for n in said)
    assert any(n.startswith("n.bib:5: ") and "duplicate fields (title)" in n for n in said)


def test_an_unclosed_brace_ends_its_value_at_its_line_and_is_reported() -> None:
    text = ("@article{good1, title = {One}, year = 2020}\n\n"
            "@article{bad1,\n  author = {Smith, John},\n  title = {Unclosed brace title,\n"
            "  journal = {Nature},\n  year = 2019\n}\n\n"
            "@article{good2, title = {Two}, year = 2018}\n")
    result = read_bibtex(text, "broken.bib")
    assert [(r.citation_key, r.title) for r in result.records] == [
        ("good1", "One"), ("bad1", "Unclosed brace title"), ("good2", "Two")]
    bad = result.records[1]
    assert (bad.container_title, bad.issued) == ("Nature", PartialDate(2019))
    assert not result.failures
    (warning,) = result.warnings
    assert (warning.source, warning.line) == ("broken.bib", 3)
    assert "brace opened in field 'title' is not closed" in warning.reason and "bad1" in warning.reason


def test_a_broken_entry_with_comments_keeps_the_fields_after_them() -> None:
    # biber's xdata.bib: '% comments' after the fields make bibtexparser give up
    # the entry; the lenient reading skipped everything after the first comment
    path = CORPUS / "bibtex" / "biber" / "t" / "tdata" / "xdata.bib"
    result = read_bibtex(path.read_text(encoding="utf-8"), "xdata.bib")
    (rec,) = [r for r in result.records if r.citation_key == "gxd1g"]
    assert rec.title == "xdata=gxd4-title" and rec.publisher == "xdata=gxd2"
    assert [c.role for c in rec.creators].count("editor") == 1
    assert [(w.line, "gxd1g" in w.reason) for w in result.warnings] == [(68, True)]


def test_records_from_other_formats_keep_their_fields_through_bibtex() -> None:
    rec = Record(type="article-journal", title="中文标题", title_translated="A Chinese title",
                 abstract="摘要", abstract_translated="Abstract", citation_key="wang2020",
                 creators=[Creator(family="王", given="小明"), Creator(literal="中国科学院")],
                 container_title="计算机学报", issued=PartialDate(2020, 5, 6), volume="43",
                 issue="5", pages="1-9", doi="10.1000/x", isbn="978-7-111", pmid="1",
                 pmcid="PMC2", arxiv="2001.00001", url="https://x.cn/?a=1&b=2",
                 keywords=["深度学习", "CNN"], notes=["备注"], language="zh",
                 accessed=PartialDate(2021, 1, 2), publisher="科学出版社", place="北京",
                 edition="2", collection_title="丛书")
    for flavor in ("bibtex", "biblatex"):
        back = reread([rec], flavor)[0]
        assert back.to_dict() | {"extra": {}} == rec.to_dict() | {"extra": {}}, flavor


def test_css_at_rules_in_a_page_are_not_bibtex() -> None:
    css = "<style>\n@media (max-width: 600px) {\n  body {x: y}\n}\n@font-face {a: b}\n</style>"
    assert get("bibtex").sniff(css) == 0.0
    assert get("bibtex").sniff("@STRING{jan = {January}}") > 0.5


def test_crossref_parents_are_written_after_their_children() -> None:
    parent_first = CROSSREF.split("@proceedings")
    text = "@proceedings" + parent_first[1] + "\n" + parent_first[0]
    records = read_bibtex(text).records
    assert [r.citation_key for r in records] == ["parent", "child"]
    out = write_bibtex(records)
    assert out.index("@inproceedings{child,") < out.index("@proceedings{parent,")


def test_unwritable_field_names_are_cleaned_so_the_value_survives_export() -> None:
    rec = one("@misc{k, title = {T}, my field = {v}, odd(name) = {w}}")
    assert rec.extra["bibtex:my_field"] == "v"
    assert rec.extra["bibtex:odd_name"] == "w"
    assert reread([rec])[0].extra["bibtex:odd_name"] == "w"


def test_entry_whose_fields_say_nothing_is_a_failure() -> None:
    result = read_bibtex("@book{k9, author = {~}}\n@book{ok, title = {T}}\n", "e.bib")
    assert [r.citation_key for r in result.records] == ["ok"]
    assert [(f.line, "no usable fields" in f.reason) for f in result.failures] == [(1, True)]


def test_thesis_without_genre_stays_without_genre_through_bibtex() -> None:
    rec = one("@thesis{k, title = {T}, institution = {U}}")
    assert rec.genre == ""
    back = reread([rec], "bibtex")[0]
    assert (back.type, back.genre, back.publisher) == ("thesis", "", "U")


@pytest.mark.parametrize("date, issued", [
    ("199X", PartialDate(literal="199X")),  # EDTF: the 1990s, not the year 199
    ("19XX", PartialDate(literal="19XX")),
    ("2019-1X", PartialDate(2019)),  # an unspecified month is left out
    ("1999-XX-XX", PartialDate(1999)),
    ("2019-03-XX", PartialDate(2019, 3)),
    ("1984/1986", PartialDate(1984)),  # a range: its start (the field stays for export)
    ("2019-03~", PartialDate(2019, 3)),
    ("2019-22", PartialDate(2019)),  # EDTF season 22 (summer) is no month
    ("2019-02-30", PartialDate(2019, 2)),  # no such day
])
def test_biblatex_edtf_dates(date: str, issued: PartialDate) -> None:
    (rec,) = read_bibtex(f"@book{{k, title={{T}}, date={{{date}}}}}", "d.bib").records
    assert rec.issued == issued
    assert rec.extra.get("bibtex:date") == date


def test_number_in_a_series_is_the_collection_number() -> None:
    """btxdoc: 'number' of a book in a 'series' is its number in the series; Chicago
    prints it after the series' name ('Moreshet: Studies … 7'), not as 'No. 7'."""
    from app.core.citation import format_bibliography
    from app.core.formats import get

    text = ("@book{b, author={Averroes}, title={The Epistle}, year=1982, publisher={JTS},\n"
            "  series={Moreshet: Studies in Jewish History}, number={7}}\n"
            "@techreport{r, author={Doe, J.}, title={Report}, year=2001, institution={MIT},\n"
            "  series={Memos}, number={TR-99}}\n")
    book, report = read_bibtex(text, "s.bib").records
    assert (book.number, book.extra["csl:collection-number"]) == ("", "7")
    assert report.number == "TR-99"  # a report's own number stays its number
    (entry,) = format_bibliography([book], "chicago-author-date")
    assert "Moreshet: Studies in Jewish History 7." in entry and "No. 7" not in entry
    again = read_bibtex(get("bibtex").write([book, report]), "s2.bib").records
    assert [r.extra.get("csl:collection-number") for r in again] == ["7", None]
    assert "number = {7}" in get("bibtex").write([book])


def test_every_creator_role_comes_back_through_bibtex() -> None:
    from app.core.formats import get
    from app.core.records import Creator, Record

    roles = ["author", "editor", "translator", "container-author", "collection-editor",
             "composer", "director", "interviewer", "recipient", "reviewed-author",
             "illustrator", "contributor", "editorial-director", "original-author"]
    rec = Record(type="interview", title="T", creators=[
        Creator(family=f"Name{i}", given="A.", role=r) for i, r in enumerate(roles)])
    for fmt in ("bibtex", "biblatex"):
        (back,) = read_bibtex(get(fmt).write([rec]), "r.bib").records
        assert sorted((c.family, c.role) for c in back.creators) == sorted(
            (c.family, c.role) for c in rec.creators), fmt
