"""Each metadata vocabulary, the merge precedence and the normalisation rules,
on small hand-written pages (expected values written from the standards)."""

from __future__ import annotations

import json

from app.core.extract import extract_html, extract_text
from app.core.records import Record


def page(head: str, body: str = "", lang: str = "") -> str:
    la = f' lang="{lang}"' if lang else ""
    return (f"<!DOCTYPE html><html{la}><head><meta charset='utf-8'>{head}</head>"
            f"<body>{body}</body></html>")


def rec_of(markup: str) -> Record:
    ext = extract_html(markup)
    assert ext.record is not None, ext.reason
    return ext.record


def meta(name: str, content: str, attr: str = "name") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


# ------------------------------------------------------------------ Highwire
def test_highwire_full_record() -> None:
    r = rec_of(page(
        meta("citation_title", "A &lt;i&gt;study&lt;/i&gt; of things")
        + meta("citation_author", "Smith, John")
        + meta("citation_author", "Jane Q. Public")
        + meta("citation_journal_title", "Journal of Things")
        + meta("citation_volume", "12") + meta("citation_issue", "3")
        + meta("citation_firstpage", "341") + meta("citation_lastpage", "347")
        + meta("citation_publication_date", "2019/03/01")
        + meta("citation_doi", "doi:10.1000/xyz.123.")
        + meta("citation_language", "En")))
    assert r.title == "A study of things"
    assert [(c.family, c.given) for c in r.authors] == [("Smith", "John"), ("Public", "Jane Q.")]
    assert (r.container_title, r.volume, r.issue, r.pages) == ("Journal of Things", "12", "3",
                                                                "341-347")
    assert r.issued is not None and r.issued.iso() == "2019-03-01"
    assert r.doi == "10.1000/xyz.123"
    assert r.language == "en"
    assert r.type == "article-journal"


def test_highwire_packed_authors_and_conference_type() -> None:
    r = rec_of(page(meta("citation_title", "Talk")
                    + meta("citation_authors", "Doe, Jane; Roe, Richard; 王小明")
                    + meta("citation_conference_title", "Conf 2020")
                    + meta("citation_date", "Dec 20, 2006")))
    assert [c.display() for c in r.authors] == ["Doe, Jane", "Roe, Richard", "王小明"]
    assert r.type == "paper-conference"
    assert r.issued is not None and r.issued.iso() == "2006-12-20"


def test_highwire_affiliation_is_not_an_author() -> None:
    r = rec_of(page(meta("citation_title", "T") + meta("citation_author", "Ann Lee")
                    + meta("citation_author_institution", "University of Somewhere")
                    + meta("citation_journal_title", "J")))
    assert len(r.authors) == 1 and r.authors[0].family == "Lee"


def test_volume_with_issue_is_split() -> None:
    r = rec_of(page(meta("citation_title", "T") + meta("citation_volume", "47 1")
                    + meta("citation_journal_title", "J")))
    assert (r.volume, r.issue) == ("47", "1")


def test_reference_citations_are_ignored() -> None:
    r = rec_of(page(meta("citation_title", "Main")
                    + meta("citation_reference", "citation_title=Other; citation_doi=10.9/zz")
                    + meta("citation_journal_title", "J")))
    assert r.title == "Main" and r.doi == ""


# --------------------------------------------------------------- Dublin Core
def test_dublin_core_all_spellings_and_ojs_source_fields() -> None:
    r = rec_of(page(
        meta("DC.Title", "Dublin title") + meta("dc.creator", "Müller, Anna")
        + meta("DCTERMS.issued", "24 Apr 2013")
        + '<meta name="DC.Identifier" scheme="publisher-id" content="788745">'
        + '<meta name="dc.identifier.doi" content="https://doi.org/10.5555/ojs.1">'
        + meta("DC.Source", "Journal of OJS") + meta("DC.Source.Volume", "5")
        + meta("DC.Source.Issue", "2") + meta("DC.Identifier.pageNumber", "10 - 20")
        + meta("dcterms.abstract", "An abstract.") + meta("DC.Language", "de")))
    assert r.title == "Dublin title"
    assert r.authors[0].family == "Müller"
    assert r.issued is not None and r.issued.iso() == "2013-04-24"
    assert r.doi == "10.5555/ojs.1"  # the article number is not a DOI
    assert (r.container_title, r.volume, r.issue, r.pages) == ("Journal of OJS", "5", "2",
                                                                "10-20")
    assert r.abstract == "An abstract."
    assert r.language == "de"


def test_dc_creator_with_affiliation_keeps_only_the_name() -> None:
    r = rec_of(page(meta("DC.title", "X") + meta("DC.creator",
                                                 "Andy Powell, UKOLN, University of Bath")))
    assert len(r.authors) == 1
    assert (r.authors[0].family, r.authors[0].given) == ("Powell", "Andy")


# ------------------------------------------------------- PRISM/bepress/EPrints
def test_prism_fills_journal_fields() -> None:
    r = rec_of(page(meta("dc.title", "P") + meta("prism.publicationName", "PRISM Journal")
                    + meta("prism.volume", "8") + meta("prism.number", "4")
                    + meta("prism.startingPage", "100") + meta("prism.endingPage", "110")
                    + meta("prism.doi", "10.1234/prism")
                    + meta("prism.publicationDate", "2021/6")))
    assert (r.container_title, r.volume, r.issue, r.pages, r.doi) == (
        "PRISM Journal", "8", "4", "100-110", "10.1234/prism")
    assert r.issued is not None and r.issued.iso() == "2021-06"


def test_bepress_and_eprints() -> None:
    r = rec_of(page(meta("bepress_citation_title", "B title")
                    + meta("bepress_citation_author", "Lee, Kim")
                    + meta("bepress_citation_date", "2012")))
    assert (r.title, r.authors[0].family, r.year) == ("B title", "Lee", 2012)
    r = rec_of(page(meta("eprints.title", "E title")
                    + meta("eprints.creators_name", "Ng, Andrew")
                    + meta("eprints.creators_name", "Lo, Bo")
                    + meta("eprints.date", "2012 Nov 26") + meta("eprints.type", "article")
                    + meta("eprints.publication", "E Journal")
                    + meta("eprints.pagerange", "5--9")))
    assert r.title == "E title" and [c.family for c in r.authors] == ["Ng", "Lo"]
    assert r.issued is not None and r.issued.iso() == "2012-11-26"
    assert (r.container_title, r.pages) == ("E Journal", "5-9")


# ------------------------------------------------------------------- JSON-LD
def test_jsonld_graph_with_ispartof_chain() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": "ScholarlyArticle", "@id": "#a", "headline": "LD <b>title</b>",
         "author": [{"@type": "Person", "givenName": "Ada", "familyName": "Lovelace"},
                    {"@type": "Person", "name": "Charles Babbage"}],
         "datePublished": "2020-05-04", "pageStart": "7", "pageEnd": "9",
         "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.4321/ld"},
         "isPartOf": {"@id": "#issue"}},
        {"@type": "PublicationIssue", "@id": "#issue", "issueNumber": "2",
         "isPartOf": {"@type": "PublicationVolume", "volumeNumber": "33",
                      "isPartOf": {"@type": "Periodical", "name": "LD Journal"}}},
    ]}
    r = rec_of(page(f'<script type="application/ld+json">{json.dumps(data)}</script>'))
    assert r.title == "LD title"
    assert [c.family for c in r.authors] == ["Lovelace", "Babbage"]
    assert (r.container_title, r.volume, r.issue, r.pages, r.doi) == (
        "LD Journal", "33", "2", "7-9", "10.4321/ld")
    assert r.type == "article-journal"


def test_jsonld_thesis_and_book_types() -> None:
    for ld_type, csl in (("Thesis", "thesis"), ("Book", "book"), ("Chapter", "chapter")):
        data = {"@context": "https://schema.org", "@type": ld_type, "name": f"A {ld_type}"}
        r = rec_of(page(f'<script type="application/ld+json">{json.dumps(data)}</script>'))
        assert (r.title, r.type) == (f"A {ld_type}", csl)


def test_jsonld_organization_only_is_not_scholarly() -> None:
    data = {"@context": "https://schema.org", "@type": "Organization", "name": "Org"}
    ext = extract_html(page(f'<script type="application/ld+json">{json.dumps(data)}</script>'
                            "<title>Org home</title>"))
    assert ext.record is not None and ext.record.type == "webpage"


# --------------------------------------------------------------------- COinS
COINS = ("ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal"
         "&amp;rft.atitle=Coins+Title&amp;rft.jtitle=Coins+Journal&amp;rft.volume=5"
         "&amp;rft.issue=11&amp;rft.spage=1&amp;rft.epage=3&amp;rft.date=2008"
         "&amp;rft.aulast=Carberry&amp;rft.aufirst=Josiah"
         "&amp;rft_id=info%3Adoi%2F10.5555%2F12345678")


def test_single_coins_span_is_read() -> None:
    r = rec_of(page("<title>x</title>", f'<span class="Z3988" title="{COINS}"></span>'))
    assert (r.title, r.container_title, r.volume, r.issue, r.pages, r.year, r.doi) == (
        "Coins Title", "Coins Journal", "5", "11", "1-3", 2008, "10.5555/12345678")
    assert r.authors[0].family == "Carberry"


def test_several_coins_spans_are_a_reference_list_and_ignored() -> None:
    other = COINS.replace("Coins+Title", "Other")
    ext = extract_html(page("<title>Some page</title>",
                            f'<span class="Z3988" title="{COINS}"></span>'
                            f'<span class="Z3988" title="{other}"></span>'))
    assert ext.record is not None
    assert ext.record.type == "webpage" and ext.record.doi == ""


# ---------------------------------------------------------------- precedence
def test_precedence_highwire_over_dc_over_og() -> None:
    r = rec_of(page(meta("og:title", "OG title", "property") + meta("dc.title", "DC title")
                    + meta("citation_title", "HW title") + meta("dc.creator", "Dc, Person")
                    + meta("citation_author", "Hw, Person")))
    assert r.title == "HW title"
    assert [c.family for c in r.authors] == ["Hw"]  # author lists are not mixed


def test_invalid_doi_falls_through_to_next_source() -> None:
    r = rec_of(page(meta("citation_title", "T") + meta("citation_doi", "ade/1391109086")
                    + '<meta name="dc.Identifier" scheme="doi" content="10.57262/ade/1">'))
    assert r.doi == "10.57262/ade/1"


def test_truncated_abstract_gives_way_to_full_one() -> None:
    full = "This paper studies many things in great depth and concludes."
    r = rec_of(page(meta("citation_title", "T")
                    + meta("dc.description", "This paper studies many things...")
                    + meta("citation_abstract", "")
                    + meta("og:description", full, "property")))
    assert r.abstract == full


def test_og_and_description_are_last_resort() -> None:
    r = rec_of(page(meta("og:title", "Only OG", "property")
                    + meta("description", "Only OG: a description of it")
                    + meta("citation_doi", "10.1000/abc")))
    assert r.title == "Only OG"
    assert r.abstract == "Only OG: a description of it"
    assert r.doi == "10.1000/abc"


def test_boilerplate_description_is_not_an_abstract() -> None:
    r = rec_of(page(meta("citation_title", "Quantitative easing in Australia")
                    + meta("description", "Founded in 1920, the NBER is a private organization")))
    assert r.abstract == ""


# ---------------------------------------------------------- text, language
def test_entities_and_tags_removed_from_title_and_abstract() -> None:
    r = rec_of(page(meta("citation_title", "Caf&amp;eacute; &lt;sup&gt;2&lt;/sup&gt; &amp; tea")
                    + meta("citation_abstract", "<p>First &amp; <b>bold</b>.</p>")))
    assert r.title == "Café 2 & tea"
    assert r.abstract == "First & bold."


def test_language_from_html_lang_and_cjk_ui_language_is_not_trusted() -> None:
    assert rec_of(page(meta("citation_title", "Titre"), lang="fr-FR")).language == "fr-FR"
    r = rec_of(page(meta("citation_title", "An English title")
                    + meta("citation_abstract", "We show that the method is good and that "
                           "the results of the study are robust in the data."), lang="zh-CN"))
    assert r.language == "en"


def test_translated_title_in_two_languages_kept_apart() -> None:
    r = rec_of(page('<meta name="citation_title" lang="zh" content="深度学习研究">'
                    '<meta name="citation_title" lang="en" content="A study of deep learning">'
                    + meta("citation_language", "zh")))
    assert r.title == "深度学习研究"
    assert r.title_translated == "A study of deep learning"
    assert r.language == "zh"


def test_cjk_authors_kept_whole() -> None:
    r = rec_of(page(meta("citation_title", "中文标题") + meta("citation_author", "王 小明")
                    + meta("citation_author", "欧阳修")))
    assert [c.display() for c in r.authors] == ["王小明", "欧阳修"]


# ------------------------------------------------------------------ blobs
def test_json_state_blob_in_script_is_parsed_not_run() -> None:
    blob = {"paper": {"title": "Blob title", "authors": [{"name": "Li Wei"}, "Zhang, San"],
                      "doi": "10.7777/blob", "abstract": "Blob abstract that is long enough.",
                      "journal": {"name": "Blob J", "volume": "3 2", "pages": "5 - 8"},
                      "publicationDate": "2021-06-01"}}
    js = f"window.__STATE__ = {json.dumps(blob)};"
    r = rec_of(page("<title>site</title>", f"<script>{js}</script>"))
    assert (r.title, r.doi, r.container_title, r.volume, r.issue, r.pages) == (
        "Blob title", "10.7777/blob", "Blob J", "3", "2", "5-8")
    assert [c.family for c in r.authors] == ["Wei", "Zhang"]


def test_blob_for_another_paper_is_ignored() -> None:
    blob = {"title": "Recommended paper", "doi": "10.1000/other", "authors": "A. B",
            "abstract": "x", "journal": "J"}
    r = rec_of(page(meta("citation_title", "Main") + meta("citation_doi", "10.1000/main"),
                    f"<script>var s = {json.dumps(blob)};</script>"))
    assert r.title == "Main" and r.doi == "10.1000/main" and r.container_title == ""


def test_script_text_is_not_markup() -> None:
    js = "document.write('<meta name=\"citation_title\" content=\"Injected\">');"
    ext = extract_html(page("<title>Real page title</title>", f"<script>{js}</script>"))
    assert ext.record is not None and ext.record.title == "Real page title"


def test_text_page_without_blob_but_doi() -> None:
    ext = extract_text("A paper title\nSome words\ndoi: 10.1234/text.page.\n")
    assert ext.record is not None
    assert ext.record.doi == "10.1234/text.page"


# ------------------------------------------------------- webpage fallback
def test_webpage_record_with_url_and_date_saved() -> None:
    html = ("<!-- saved from url=(0030)https://example.org/a/post -->"
            + page("<title>A good post title | Example Blog</title>"
                   + meta("og:site_name", "Example Blog", "property")))
    r = rec_of(html)
    assert (r.type, r.title, r.url) == ("webpage", "A good post title",
                                        "https://example.org/a/post")


def test_page_without_title_or_metadata_is_a_failure() -> None:
    ext = extract_html(page("<title>Untitled</title>", "<p>hello</p>"))
    assert ext.record is None
    assert "no usable title" in ext.reason


def test_bot_challenge_with_markers() -> None:
    ext = extract_html(page("<title>Attention Required! | Cloudflare</title>",
                            "<script>window._cf_chl_opt={}</script>"))
    assert ext.record is None and ext.bot_challenge
    # a real article that merely embeds a challenge script is kept
    ext = extract_html(page("<title>Just a moment...</title>" + meta("citation_title", "Real")
                            + meta("citation_doi", "10.1000/real")))
    assert ext.record is not None and ext.record.title == "Real"


def test_summary_says_what_was_and_was_not_found() -> None:
    ext = extract_html(page(meta("citation_title", "T") + meta("citation_author", "A, B")))
    assert "Highwire" in ext.summary
    assert "not found" in ext.summary and "DOI" in ext.summary


def test_comparison_signs_in_abstract_are_not_taken_for_tags() -> None:
    r = rec_of(page(meta("citation_title", "T")
                    + meta("citation_abstract", "Effects were small (p &lt; 0.05 and d &gt; 1); "
                           "H<sub>2</sub>O")))
    assert r.abstract == "Effects were small (p < 0.05 and d > 1); H2O"


# ------------------------------------------- literature-search site, as HTML
ABSTRACT = ("On February 4, 2022, two leaders gave their blessing to a joint statement. "
            "Even against the backdrop of increasingly close relations, this statement raised "
            "eyebrows among seasoned experts, and the rest of this abstract is long enough.")
ZH_ABSTRACT = ("即使在中俄关系日益密切的背景下,这一声明也让经验丰富的专家感到惊讶。"
               "声明表明,两国关系正朝着类似于完全联盟的方向发展。")


def test_literature_site_html_blob_and_translation() -> None:
    blob = {"title": "Introduction", "authors": "S. Radchenko", "doi": "10.1353/apr.2023.a905228",
            "abstract": ABSTRACT, "journal": {"name": "Asian Perspective", "volume": "47 1",
                                              "pages": "341 - 347"},
            "publicationDate": "2023-06-01", "TitleCN": None, "AbstractTextCN": None}
    html = ('<!DOCTYPE html><html lang="zh-CN"><head><title>Introduction - 学术</title></head>'
            "<body><div class=nav>首页 期刊 登录</div><h1>Introduction</h1>"
            f"<div class=abs><h3>Abstract</h3><p>{ABSTRACT}</p></div>"
            f"<div class=tr><h3>介绍</h3><p>{ZH_ABSTRACT}</p>"
            "<p>本文章由计算机程序翻译,如有差异,请以英文原文为准。</p></div>"
            f"<script>window.__NUXT__={json.dumps(blob, ensure_ascii=False)};</script>"
            "</body></html>")
    r = rec_of(html)
    assert (r.title, r.doi, r.container_title, r.volume, r.issue, r.pages) == (
        "Introduction", "10.1353/apr.2023.a905228", "Asian Perspective", "47", "1", "341-347")
    assert r.authors[0].family == "Radchenko"
    assert r.issued is not None and r.issued.iso() == "2023-06-01"
    assert r.abstract == ABSTRACT
    assert r.abstract_translated == ZH_ABSTRACT and r.title_translated == "介绍"
    assert r.language == "en"  # the site's zh-CN interface is not the paper's language


def test_translation_keys_in_the_blob() -> None:
    blob = {"title": "English title", "TitleCN": "中文标题", "authors": ["A. Author"],
            "doi": "10.1000/tr", "abstract": ABSTRACT, "AbstractTextCN": ZH_ABSTRACT}
    r = rec_of(page("", f"<script>var d = {json.dumps(blob, ensure_ascii=False)}</script>"))
    assert (r.title_translated, r.abstract_translated) == ("中文标题", ZH_ABSTRACT)


def test_chinese_article_page() -> None:
    r = rec_of(page(meta("citation_title", "基于深度学习的文献检索研究")
                    + meta("citation_author", "张三") + meta("citation_author", "李 四")
                    + meta("citation_journal_title", "图书情报工作")
                    + meta("citation_date", "2021/6") + meta("citation_volume", "65 12"),
                    "", lang="zh-CN"))
    assert [c.display() for c in r.authors] == ["张三", "李四"]
    assert r.language == "zh-CN"
    assert (r.volume, r.issue, r.container_title) == ("65", "12", "图书情报工作")
    assert r.issued is not None and r.issued.iso() == "2021-06"


def test_english_translation_after_a_chinese_abstract() -> None:
    zh = "本文研究了深度学习方法在文献检索中的应用,提出了一种新的模型,并在三个数据集上进行了实验,结果表明该方法有效。" * 2
    en = ("This paper studies deep learning for literature retrieval, proposes a new model and "
          "evaluates it on three data sets; the results show that the method is effective.")
    blob = {"title": "深度学习文献检索", "authors": "张三, 李四", "doi": "10.1000/zh.1",
            "abstract": zh, "journal": {"name": "图书情报工作"}}
    text = ("深度学习文献检索\n" + json.dumps(blob, ensure_ascii=False) + "\n摘要\n" + zh
            + "\nDeep learning for literature retrieval\n" + en + "\n")
    ext = extract_text(text)
    r = ext.record
    assert r is not None
    assert [c.display() for c in r.authors] == ["张三", "李四"]
    assert r.abstract == zh and r.abstract_translated == en
    assert r.title_translated == "Deep learning for literature retrieval"
    assert r.language == "zh"
