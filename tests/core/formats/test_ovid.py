"""Ovid tagged reader.

Expected values are written by hand from the inputs shown, following Ovid's
field guides: SO is the source citation (its form differs by database), AU
the authors with role annotations in brackets, PT/DT the publication type,
YR the year, IS/IB the ISSN/ISBN, DO/DI the DOI, KW the author keywords.
"""

from __future__ import annotations

import random

import pytest

from app.core.formats import detect, get, read_bytes
from app.core.formats.ovid import clean_title, ovid_name, parse_chapter_source, parse_source
from app.core.records import PartialDate

OVID = get("ovid")

BIOSIS = """<1. >
VN  - Ovid Technologies
DB  - BIOSIS Previews
AN  - PREV200400473722
AU  - Werner, S. M. [Author, Reprint Author; E-mail: sw@example.org]
AU  - Nordheim, E. V. [Author]
TI  - Comparison of methods for sampling Thysanoptera on basswood
      (Tilia americana L.) trees
SO  - Forest Ecology & Management. 201(2-3):327-334, November 15, 2004.
PT  - Article
IS  - 0378-1127 (ISSN print)
LG  - English
MC  - Forestry
YR  - 2004
XL  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=PREV200400473722

<2. >
VN  - Ovid Technologies
DB  - BIOSIS Previews
AN  - PREV200400474164
AU  - Walsdorf, Neill B. [Inventor, Reprint Author]
AU  - Wabner, Cindy L. [Inventor]
TI  - Dietary supplements containing calcium citrate
SO  - Official Gazette of the United States Patent & Trademark Office Patents.
      1288(3), Nov. 16, 2004.
PT  - Patent
PN  - US 6818228
DG  - November 16, 2004
PA  - Mission Pharmacal Company
YR  - 2004
"""


def _one(text: str) -> object:
    res = OVID.read(text, "t.txt")
    assert res.failures == []
    assert len(res.records) == 1
    return res.records[0]


def test_biosis_article_and_patent() -> None:
    res = OVID.read(BIOSIS, "biosis.txt")
    assert res.failures == []
    art, pat = res.records
    assert res.lines == [1, 17]
    assert art.type == "article-journal"
    # the continuation line joins the title; the role annotations and e-mail go
    assert art.title == ("Comparison of methods for sampling Thysanoptera on basswood "
                         "(Tilia americana L.) trees")
    assert [(c.family, c.given) for c in art.creators] == [("Werner", "S. M."),
                                                           ("Nordheim", "E. V.")]
    assert (art.container_title, art.volume, art.issue, art.pages) == (
        "Forest Ecology & Management", "201", "2-3", "327-334")
    assert art.issued == PartialDate(2004, 11, 15)
    assert art.issn == "0378-1127"
    assert art.language == "English"
    assert art.url == ""  # XL is Ovid's link, kept in extra like Zotero does
    assert art.extra["ovid:AN"] == ["PREV200400473722"]
    assert art.extra["ovid:MC"] == ["Forestry"]
    assert art.extra["ovid:XL"] == ["http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=PREV200400473722"]
    assert art.keywords == []

    assert pat.type == "patent"
    assert pat.number == "US 6818228"
    assert pat.issued == PartialDate(2004, 11, 16)  # the grant date DG
    assert [(c.family, c.given, c.role) for c in pat.creators] == [
        ("Walsdorf", "Neill B.", "author"), ("Wabner", "Cindy L.", "author")]
    assert pat.extra["ovid:PA"] == ["Mission Pharmacal Company"]


def test_crlf_gives_the_same_records() -> None:
    lf = OVID.read(BIOSIS, "a")
    crlf = OVID.read(BIOSIS.replace("\n", "\r\n"), "a")
    assert [r.to_dict() for r in crlf.records] == [r.to_dict() for r in lf.records]
    assert crlf.lines == lf.lines


JOURNALS_AT_OVID = """
<6. >
VN  - Ovid Technologies
DB  - Journals@Ovid
AN  - 01445365-201506000-00011.
AU  - Lefkowitz, Rafael Y. MD, MPH 1
AU  - Zhang, Weijia 1,2,+
AU  - Peterson, James A. Ph.D., FACSM
AU  - Gazic, Barbara MD, PhD *
TI  - "Injury, Illness, and Work Restriction in Merchant Seafarers".  [Article]
SO  - American Journal Of Industrial Medicine June 2015;58(6):688-696
KW  - seafarers;  disability;  telemedicine
LG  - English.
DT  - Research Articles.
IS  - 0271-3586
DI  - 10.1002/ajim.22459
"""


def test_journals_at_ovid() -> None:
    rec = _one(JOURNALS_AT_OVID)
    assert rec.title == "Injury, Illness, and Work Restriction in Merchant Seafarers"
    assert rec.extra["ovid:TI-label"] == "Article"
    # degrees and affiliation marks are not part of the names
    assert [(c.family, c.given) for c in rec.creators] == [
        ("Lefkowitz", "Rafael Y."), ("Zhang", "Weijia"), ("Peterson", "James A."),
        ("Gazic", "Barbara")]
    assert (rec.container_title, rec.volume, rec.issue, rec.pages) == (
        "American Journal Of Industrial Medicine", "58", "6", "688-696")
    assert rec.issued == PartialDate(2015, 6)
    assert rec.keywords == ["seafarers", "disability", "telemedicine"]
    assert rec.doi == "10.1002/ajim.22459"
    assert rec.issn == "0271-3586"
    assert rec.language == "English"


# PsycINFO indents every line by one space; IN holds blank-line separated paragraphs
# whose lines are indented further; GS continues on lines that are not tags.
PSYCINFO = """ <7. >
 VN  - Ovid Technologies
 DB  - PsycINFO
 AN  - Peer Reviewed Journal: 2015-33942-012.
 TI  - A comparison of reassurance seeking in OCD and depression. [References].
 DP  - Sep 2015
 YR  - 2015
 AU  - Kobori, Osamu
 AU  - Iyo, Masaomi
 IN  - Kobori, Osamu: Chiba University, Chiba, Japan
 
       Iyo, Masaomi: Chiba University, Chiba, Japan
 SO  - Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634. 
 IS  - 1352-4658
 IT  - 1469-1833
 PU  - Cambridge University Press; United Kingdom
 PT  - Journal
 DT  - Journal Article
 DO  - http://dx.doi.org/10.1017/S1352465814000277
 PM  - 24892981
 ID  - Obsessive-compulsive disorder, reassurance seeking
 MH  - *Major Depression
 GS  - <b>Sponsor: </b>Japan Society for the Promotion of Science
 <b>Recepient: </b>No recipient indicated
 JN  - Behavioural and Cognitive Psychotherapy
 VO  - 43
 IP  - 5
 PG  - 623-634
"""


def test_psycinfo_article() -> None:
    rec = _one(PSYCINFO)
    assert rec.title == "A comparison of reassurance seeking in OCD and depression"
    assert rec.extra["ovid:TI-label"] == "References"
    assert [(c.family, c.given) for c in rec.creators] == [("Kobori", "Osamu"),
                                                           ("Iyo", "Masaomi")]
    assert rec.issued == PartialDate(2015, 9)
    assert (rec.container_title, rec.volume, rec.issue, rec.pages) == (
        "Behavioural and Cognitive Psychotherapy", "43", "5", "623-634")
    assert rec.doi == "10.1017/S1352465814000277"
    assert rec.pmid == "24892981"
    assert rec.issn == "1352-4658"
    assert rec.extra["ovid:IT"] == ["1469-1833"]
    assert (rec.publisher, rec.place) == ("Cambridge University Press", "United Kingdom")
    # subject terms are kept, not made keywords (as Zotero reads Ovid)
    assert rec.keywords == []
    assert rec.extra["ovid:MH"] == ["*Major Depression"]
    assert rec.extra["ovid:ID"] == ["Obsessive-compulsive disorder, reassurance seeking"]
    assert rec.extra["ovid:IN"] == ["Kobori, Osamu: Chiba University, Chiba, Japan\n"
                                    "Iyo, Masaomi: Chiba University, Chiba, Japan"]
    assert rec.extra["ovid:GS"] == ["<b>Sponsor: </b>Japan Society for the Promotion of "
                                    "Science <b>Recepient: </b>No recipient indicated"]


@pytest.mark.parametrize("so, expected", [
    # BIOSIS / Ovid MEDLINE
    ("Forest Ecology & Management. 201(2-3):327-334, November 15, 2004.",
     ("Forest Ecology & Management", "201", "2-3", "327-334", "November 15, 2004")),
    ("Proc. Natl. Acad. Sci. U. S. A. 100(3):1000-5, 2003 Feb 4.",
     ("Proc. Natl. Acad. Sci. U. S. A", "100", "3", "1000-1005", "2003 Feb 4")),
    # Journals@Ovid
    ("Acta Chirurgica Belgica November/December 2010;6:611-613",
     ("Acta Chirurgica Belgica", "6", "", "611-613", "November/December 2010")),
    ("A Journal of Therapy: With a Subtitle June 2019;1(6):123-456",
     ("A Journal of Therapy: With a Subtitle", "1", "6", "123-456", "June 2019")),
    # PsycINFO
    ("Dissertation Abstracts International. Vol.75(2-A(E)),2014, pp. No Pagination Specified.",
     ("Dissertation Abstracts International", "75", "2-A(E)", "", "2014")),
    # Embase
    ("Lancet. 385 (9963) (pp 117-171), 2015. Date of Publication: 10 Jan 2015.",
     ("Lancet", "385", "9963", "117-171", "10 Jan 2015")),
    # Zoological Record: a page count is not a page range
    ("Hydrobiologia. 2007 15 June; 433-441.", ("Hydrobiologia", "", "", "433-441", "2007 15 June")),
    ("Association of Zoos and Aquariums Regional Meetings Proceedings. 2005; 9pp..",
     ("Association of Zoos and Aquariums Regional Meetings Proceedings", "", "", "", "2005")),
    # International Political Science Abstracts
    ("Journal of Political Studies 12, Winter 2007: 7-14.",
     ("Journal of Political Studies", "12", "", "7-14", "Winter 2007")),
    ("Journal of Current Southeast Asian Affairs, 2013(1): 3-28.",
     ("Journal of Current Southeast Asian Affairs", "2013", "1", "3-28", "")),
])
def test_source_styles(so: str, expected: tuple[str, ...]) -> None:
    s = parse_source(so)
    assert (s.journal, s.volume, s.issue, s.pages, s.date) == expected


def test_chapter_sources() -> None:
    s = parse_chapter_source(
        "Kamp, Roza Maria [Editor, Reprint Author], Calvete, Juan J. [Editor]. Methods in "
        "proteome and protein analysis.:371-397, 2004. Series Information:  Principles and "
        "Practice.")
    assert s.editors == ["Kamp, Roza Maria", "Calvete, Juan J."]
    assert (s.book, s.pages, s.date, s.series) == (
        "Methods in proteome and protein analysis", "371-397", "2004", "Principles and Practice")
    s = parse_chapter_source(
        "Neenan, Michael [Ed]; Palmer, Stephen [Ed]. (2012). Cognitive behavioural coaching in "
        "practice: An evidence based approach. (pp. 11-31). xvii, 254 pp. New York, NY, US: "
        "Routledge/Taylor & Francis Group; US.")
    assert s.editors == ["Neenan, Michael", "Palmer, Stephen"]
    assert (s.book, s.pages, s.date, s.place) == (
        "Cognitive behavioural coaching in practice: An evidence based approach", "11-31",
        "2012", "New York, NY, US")
    # Zoological Record: the bracketed (translated) book title, the chapter's own pages
    s = parse_chapter_source(
        "Guliaev, V.D. [Ed.]. [Parasitological research in Siberia.] [Parazitologicheskie "
        "issledovaniya.] ISiEZH SO RAN, Novosibirsk. 2002: 1-234. Chapter pagination: 214-218.")
    assert s.editors == ["Guliaev, V.D."]
    assert (s.book, s.pages, s.date) == ("[Parasitological research in Siberia.]", "214-218",
                                         "2002")


NEENAN_SO = ("Neenan, Michael [Ed]; Palmer, Stephen [Ed]. (2012). Cognitive behavioural "
             "coaching in practice: An evidence based approach. (pp. 11-31). xvii, 254 pp. "
             "New York, NY, US: Routledge/Taylor & Francis Group; US.")
CHAPTERS = f"""<1. >
VN - Ovid Technologies
DB - PsycINFO
AN - Book: 2011-27892-001.
TI - Understanding and tackling procrastination. [References].

DP - 2012
AU - Neenan, Michael
SO - {NEENAN_SO}
IB - 978-0-415-47263-0 (Paperback), 978-0-415-47262-3 (Hardcover)
PU - Routledge/Taylor & Francis Group; US
PT - Book
PT - Edited Book
DT - Chapter
PG - 11-31

<53. >
VN - Ovid Technologies
DB - PsycINFO
TI - Academic procrastination in college students.
AU - Sudler, Eric L
IN - Sudler, Eric L.: St. John's U. (New York), US
PU - ProQuest Information & Learning; US
PT - Dissertation Abstract
DT - Dissertation
YR - 2014
"""


def test_psycinfo_chapter_and_thesis() -> None:
    res = OVID.read(CHAPTERS, "c.txt")
    assert res.failures == []
    ch, th = res.records
    assert ch.type == "chapter"  # DT Chapter wins over PT Book
    assert ch.title == "Understanding and tackling procrastination"
    assert [(c.family, c.given, c.role) for c in ch.creators] == [
        ("Neenan", "Michael", "author"), ("Neenan", "Michael", "editor"),
        ("Palmer", "Stephen", "editor")]
    assert ch.container_title == ("Cognitive behavioural coaching in practice: "
                                  "An evidence based approach")
    assert ch.pages == "11-31"
    assert ch.issued == PartialDate(2012)
    assert ch.isbn == "978-0-415-47263-0"
    assert ch.extra["ovid:IB"] == ["978-0-415-47262-3 (Hardcover)"]
    assert (ch.publisher, ch.place) == ("Routledge/Taylor & Francis Group", "US")

    assert th.type == "thesis"
    assert [(c.family, c.given) for c in th.creators] == [("Sudler", "Eric L.")]
    assert th.publisher == "St. John's U. (New York), US"  # the university, from IN
    assert th.extra["ovid:PU"] == ["ProQuest Information & Learning; US"]
    assert th.issued == PartialDate(2014)


BOOKS = """<1. >
VN  - Ovid Technologies
DB  - Books@Ovid
SCORE  - *****
ED  - McGarry, John W.;  Elsheikha, Hany M.;  Taylor, Suzanne
ET  - 1st Edition
TI  - Colour Atlas of Companion Animal Parasites, A: Life Cycles
PU  - CABI Publishing
LC  - London, UK.
LG  - ENGLISH
IB  - 978-1-80062-734-5
PT  - Text/Reference
YR  - 2024
"""


def test_books_at_ovid() -> None:
    rec = _one(BOOKS)
    assert rec.type == "book"
    assert [(c.family, c.given, c.role) for c in rec.creators] == [
        ("McGarry", "John W.", "editor"), ("Elsheikha", "Hany M.", "editor"),
        ("Taylor", "Suzanne", "editor")]
    assert rec.title == "Colour Atlas of Companion Animal Parasites, A: Life Cycles"
    assert (rec.edition, rec.publisher, rec.place) == ("1st", "CABI Publishing", "London, UK")
    assert rec.isbn == "978-1-80062-734-5"
    assert rec.issued == PartialDate(2024)
    assert rec.extra["ovid:SCORE"] == ["*****"]


ZOOLOGICAL = """<697. >
VN  - Ovid Technologies
DB  - Zoological Record
TI  - Key to the herpetofauna of Fiji.
AU  - Marusik, YuM
AU  - Logunov, DV
AU  - AHMED, Mughees.
AU  - WIJERS, Gea D M.
PB  - International Sakhalin Island Project, place of publication not given
PT  - Book
SY  - Aranei, http://www.organismnames.com/namedetails.htm?lsid=574767, (Araneae)

      Bathyphantes gracilis (Blackwall 1841), (Araneae): Syn nov
"""


def test_zoological_record_book_and_names() -> None:
    rec = _one(ZOOLOGICAL)
    assert rec.type == "book"
    assert rec.title == "Key to the herpetofauna of Fiji"
    # initials get full stops; a mixed-case given name stays; capitals become title case
    assert [(c.family, c.given) for c in rec.creators] == [
        ("Marusik", "YuM"), ("Logunov", "D. V."), ("Ahmed", "Mughees"), ("Wijers", "Gea D. M.")]
    assert (rec.publisher, rec.place) == ("International Sakhalin Island Project", "")
    assert rec.issued is None  # no YR, and a book's source is not parsed for one
    assert rec.extra["ovid:SY"] == [
        "Aranei, http://www.organismnames.com/namedetails.htm?lsid=574767, (Araneae)\n"
        "Bathyphantes gracilis (Blackwall 1841), (Araneae): Syn nov"]


OVID_MEDLINE = """Database: Ovid MEDLINE(R) <1946 to Present>
Search Strategy:
--------------------------------------------------------------------------------
1     heart failure.mp. (123)

<1>
VN  - Ovid Technologies
DB  - Ovid MEDLINE(R)
UI  - 12748633
AU  - Smith JA
AU  - van der Berg AB
FA  - Smith, John A
FA  - van der Berg, Anna B
TI  - A study of something.
SO  - Nature. 423(6937):337-42, 2003 May 15.
MH  - Heart Failure
PT  - Journal Article
"""


def test_ovid_medline_header_full_names_and_ui() -> None:
    res = OVID.read(OVID_MEDLINE, "m.txt")
    assert res.failures == []
    assert res.lines == [6]  # the search strategy before the first mark is skipped
    rec = res.records[0]
    assert [(c.family, c.given) for c in rec.creators] == [("Smith", "John A."),
                                                           ("van der Berg", "Anna B.")]
    assert rec.extra["ovid:AU"] == ["Smith JA", "van der Berg AB"]
    assert rec.pmid == "12748633"
    assert (rec.container_title, rec.volume, rec.issue, rec.pages) == (
        "Nature", "423", "6937", "337-342")
    assert rec.issued == PartialDate(2003, 5, 15)


def test_names_without_comma() -> None:
    c = ovid_name("Smith JA", "author")
    assert c is not None and (c.family, c.given) == ("Smith", "J. A.")
    c = ovid_name("World Health Organization", "author")
    assert c is not None and c.literal == "World Health Organization"
    assert ovid_name("[Anonymous]", "author") is None


def test_title_cleaning() -> None:
    assert clean_title("Take Ten: Facts About Breast Cancer.  [Miscellaneous]") == (
        "Take Ten: Facts About Breast Cancer", "Miscellaneous")
    # a title in brackets (a translation) keeps them; an abbreviation keeps its stop
    assert clean_title("[Parasitic copepods of Sakhalin Island.]") == (
        "[Parasitic copepods of Sakhalin Island.]", "")
    assert clean_title("Growth of Tilia americana L.") == ("Growth of Tilia americana L.", "")


def test_records_without_marks_split_at_vn() -> None:
    text = ("VN  - Ovid Technologies\nTI  - First\nAU  - Doe, J.\n"
            "VN  - Ovid Technologies\nTI  - Second\nAU  - Roe, R.\n")
    res = OVID.read(text, "x")
    assert [r.title for r in res.records] == ["First", "Second"]
    assert res.lines == [1, 4]


def test_bad_record_is_a_failure_with_its_line() -> None:
    # BIOSIS ends at line 30 (YR); a blank line 31, the mark at 32
    text = BIOSIS + "\n<3. >\nVN  - Ovid Technologies\nDB  - BIOSIS Previews\nAN  - X1\n"
    res = OVID.read(text, "bad.txt")
    assert len(res.records) == 2
    assert [str(f) for f in res.failures] == [
        "bad.txt:32: record has no title, author or identifier"]
    assert "AN  - X1" in res.failures[0].raw


def test_text_without_records_is_one_failure() -> None:
    res = OVID.read("just some words\nand more\n", "n.txt")
    assert res.records == []
    assert [str(f) for f in res.failures] == [
        "n.txt:1: no Ovid record found (no '<1. >' marks or 'TAG  - value' lines)"]


def test_never_raises() -> None:
    assert OVID.read("", "e").records == []
    rnd = random.Random(7)
    for _ in range(200):
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 2000)))
        OVID.read_bytes(data, "bin")
    for text in (BIOSIS, PSYCINFO, CHAPTERS, OVID_MEDLINE):
        for cut in range(0, len(text), 7):
            OVID.read(text[:cut], "t")
            OVID.read(text[cut:], "t")


def test_sniffing() -> None:
    fmt = detect("export.txt", BIOSIS)
    assert fmt is not None and fmt.id == "ovid"
    fmt = detect("export.txt", PSYCINFO)  # every line indented by one space
    assert fmt is not None and fmt.id == "ovid"
    # marks and Ovid tags without the VN line
    fmt = detect("export.txt", "<1. >\nTI  - A title\nAU  - Doe, J.\nSO  - J. 1(2):3-4, 2004.\n")
    assert fmt is not None and fmt.id == "ovid"
    # Ovid's RIS export numbers its records before TY: still RIS
    ris = ("1.\nTY  - JOUR\nID  - 20203152553\nT1  - Detection of trees.\n"
           "A1  - Holmstrom, E.\nER  - \n")
    fmt = detect("export.txt", ris)
    assert fmt is not None and fmt.id == "ris"
    fmt = detect("pubmed.txt", "PMID- 123\nOWN - NLM\nTI  - x\nAU  - Smith J\n")
    assert fmt is not None and fmt.id == "nbib"


def test_read_bytes_through_the_registry() -> None:
    res = read_bytes(BIOSIS.replace("\n", "\r\n").encode("utf-8"), "export.txt")
    assert res.format_id == "ovid"
    assert len(res.records) == 2


# Ovid's long field names ("Complete Reference"), as in JabRef's OvidImporter cases
LONG_FORM = """<8>
Score
  *****
Accession Number
  01445406-201509000-00006.
Author
  Kohler, Lars 1;  Leuschner, Christoph 1
Title
  Cloud water interception differs between Norway spruce stands
  in Harz Mountains, Germany.[Article]
Source
  Ecohydrology.   8(6):1048-1064, September 2015.
Author Keywords
  alpine treeline;  canopy cover;  throughfall.
References
  Aber JD. 1989. Nitrogen saturation. Bioscience 39: 378-386.

  Acker K. 1998. Investigations. Fresenius Journal 361: 59-64.
Publication Type
  Journal Article
  Review
Entry Date
  20150901

<9>
Author
  Neenan M  Palmer S
Chapter Title
  Understanding and tackling procrastination.
Title
  Cognitive behavioural coaching in practice.
Publication Type
  Book
"""


def test_long_field_names() -> None:
    fmt = detect("export.txt", LONG_FORM)
    assert fmt is not None and fmt.id == "ovid"
    res = OVID.read(LONG_FORM, "long.txt")
    assert res.failures == []
    assert res.lines == [1, 25]  # the marks
    art, ch = res.records
    assert art.type == "article-journal"
    assert art.title == ("Cloud water interception differs between Norway spruce stands "
                         "in Harz Mountains, Germany")
    assert [(c.family, c.given) for c in art.creators] == [("Kohler", "Lars"),
                                                           ("Leuschner", "Christoph")]
    assert (art.container_title, art.volume, art.issue, art.pages) == (
        "Ecohydrology", "8", "6", "1048-1064")
    assert art.issued == PartialDate(2015, 9)
    assert art.keywords == ["alpine treeline", "canopy cover", "throughfall"]
    assert art.extra["ovid:AN"] == ["01445406-201509000-00006."]
    assert art.extra["ovid:PT"] == ["Journal Article", "Review"]  # one value a line
    assert art.extra["ovid:RF"] == ["Aber JD. 1989. Nitrogen saturation. Bioscience 39: "
                                    "378-386.\nAcker K. 1998. Investigations. Fresenius "
                                    "Journal 361: 59-64."]
    assert art.extra["ovid:Entry Date"] == ["20150901"]  # a label we do not map

    assert ch.type == "chapter"
    assert ch.title == "Understanding and tackling procrastination"
    assert ch.container_title == "Cognitive behavioural coaching in practice"
    # names without ';' are separated by two spaces
    assert [(c.family, c.given) for c in ch.creators] == [("Neenan", "M."), ("Palmer", "S.")]


EMBASE = """<1>
VN  - Ovid Technologies
DB  - Embase
AN  - 601234567
TI  - Global burden of disease.
AU  - van der Berg A.B.
AU  - Smith J.-P.
AU  - Collaborative Group A
SO  - Lancet. 385 (9963) (pp 117-171), 2015. Date of Publication: 10 Jan 2015.
PT  - Journal: Article
"""


def test_embase_names_and_source() -> None:
    rec = _one(EMBASE)
    assert rec.type == "article-journal"
    # 'Family I.I.' without a comma; a body stays whole
    assert [(c.family, c.given, c.literal) for c in rec.creators] == [
        ("van der Berg", "A. B.", ""), ("Smith", "J.-P.", ""),
        ("", "", "Collaborative Group A")]
    assert (rec.container_title, rec.volume, rec.issue, rec.pages) == (
        "Lancet", "385", "9963", "117-171")
    assert rec.issued == PartialDate(2015, 1, 10)
    assert rec.extra["ovid:AN"] == ["601234567"]


def test_a_year_that_disagrees_is_kept() -> None:
    rec = _one("<1. >\nTI  - T\nAU  - Doe, J.\nSO  - Nature. 423(6937):337-42, 2003 May 15.\n"
               "YR  - 2004\nMO  - May\n")
    assert rec.issued == PartialDate(2003, 5, 15)  # the source's full date
    assert rec.extra["ovid:YR"] == ["2004"]
    assert "ovid:MO" not in rec.extra  # the same month as the date's


def test_af_full_names_win_unless_they_are_affiliations() -> None:
    rec = _one("<1. >\nTI  - T\nAU  - Smith JA\nAF  - Smith, John A.\n")
    assert [(c.family, c.given) for c in rec.creators] == [("Smith", "John A.")]
    assert rec.extra["ovid:AU"] == ["Smith JA"]
    rec = _one("<1. >\nTI  - T\nAU  - Smith JA\nAF  - Department of Surgery, University of X\n")
    assert [(c.family, c.given) for c in rec.creators] == [("Smith", "J. A.")]
    assert rec.extra["ovid:AF"] == ["Department of Surgery, University of X"]


def test_a_second_place_is_kept() -> None:
    rec = _one("<1. >\nTI  - T\nPT  - Book\nPB  - Springer, Berlin\nPL  - Germany\n")
    assert (rec.publisher, rec.place) == ("Springer", "Berlin")
    assert rec.extra["ovid:PL"] == ["Germany"]
