"""LaTeX -> Unicode (display/search) and Unicode -> LaTeX (ASCII BibTeX export).

Expected values follow the LaTeX accent and symbol commands of the LaTeX
manual (Lamport, Table 3.1/3.2) and the BibTeX conventions for special
characters; they are written by hand."""

from __future__ import annotations

import pytest

from app.core.normalize.latex import decode, encode, needs_decode, to_ascii


@pytest.mark.parametrize("latex,text", [
    (r'{\"u}ber', "über"), (r'\"{u}', "ü"), (r'\"u', "ü"), (r"\'{e}", "é"), (r"\'e", "é"),
    (r"{\'e}", "é"), (r"\`a", "à"), (r"\^o", "ô"), (r"\~n", "ñ"), (r"\={o}", "ō"),
    (r"\.{z}", "ż"), (r"\c{c}", "ç"), (r"\c c", "ç"), (r"\v{s}", "š"), (r"\u{g}", "ğ"),
    (r"\H{o}", "ő"), (r"\k{a}", "ą"), (r"\r{u}", "ů"), (r"\d{s}", "ṣ"),
    (r"\'{\i}", "í"), (r"{\'\i}", "í"), (r"\^{\d{e}}", "ệ"),
    (r"{\ss}", "ß"), (r"\o", "ø"), (r"{\O}", "Ø"), (r"{\aa}", "å"), (r"\AA{}", "Å"),
    (r"{\l}", "ł"), (r"{\L}", "Ł"), (r"{\ae}", "æ"), (r"{\oe}", "œ"), (r"\i", "ı"),
    (r"{\dh}", "ð"), (r"{\th}", "þ"),
    (r"Eli{\'a}{\v{s}}, Ji{\v{r}}{\'{\i}}", "Eliáš, Jiří"),
    (r"Bogus{\l}aw Jackowski", "Bogusław Jackowski"),
])
def test_accents_and_special_letters(latex: str, text: str) -> None:
    assert decode(latex) == text


@pytest.mark.parametrize("latex,text", [
    ("1--10", "1–10"), ("a---b", "a—b"), (r"A \& B", "A & B"), (r"50\%", "50%"),
    (r"\$5", "$5"), (r"\#1", "#1"), (r"a\_b", "a_b"), (r"\{x\}", "{x}"),
    ("Dr.~Who", "Dr.\u00a0Who"), (r"{DNA} and {RNA}", "DNA and RNA"),
    (r"{\LaTeX} and \TeX\ rocks", "LaTeX and TeX rocks"), (r"\LaTeX{} is", "LaTeX is"),
    (r"\textit{Homo sapiens}", "Homo sapiens"), (r"{\em emph} \textbf{bold}", "emph bold"),
    (r"{\noopsort{a}}Zeta", "Zeta"), (r"\url{http://x.org/a_b}", "http://x.org/a_b"),
    (r"\href{http://x.org}{the site}", "the site"),
    ("two\n   lines\t{joined}", "two lines joined"), (r"\textquotesingle", "'"),
    (r"\textendash{} \textemdash{} \ldots", "– — …"), (r"\copyright", "©"),
    (r"methodology\hyphen independent", "methodology-independent"),  # biblatex-examples
    (r"non\hyp{}linear", "non-linear"), (r"pre\nbhyphen{}war", "pre\u2011war"),
])
def test_commands_dashes_escapes_and_case_braces(latex: str, text: str) -> None:
    assert decode(latex) == text


@pytest.mark.parametrize("latex", [
    r"$x^2+\frac{a}{b}$", r"$\sqrt[3]{x}\mathbb{R}$", r"$$\int_0^1 f(x)\,dx \neq \hat{y}$$",
])
def test_math_that_is_not_simple_is_kept_as_written(latex: str) -> None:
    assert decode(f"see {latex} here") == f"see {latex} here"


@pytest.mark.parametrize("latex,text", [
    (r"$\Sigma^{0}$", "Σ⁰"), (r"H$_2$O", "H₂O"), (r"DNA$_{\textrm{2}}$", "DNA₂"),
    (r"$\alpha$-helix", "α-helix"), (r"$\beta \leq \gamma$", "β ≤ γ"), (r"$10^{-3}$", "10⁻³"),
])
def test_simple_math_becomes_unicode(latex: str, text: str) -> None:
    assert decode(latex) == text


def test_plain_values_are_returned_untouched() -> None:
    plain = "An ordinary title - with a hyphen, 50 % & CJK 中文"
    assert not needs_decode(plain)
    assert decode(plain) is plain


def test_unknown_commands_keep_their_argument() -> None:
    assert decode(r"\foo{bar} baz") == "bar baz"
    assert decode(r"x \unknowncmd y") == r"x \unknowncmd y"


def test_encode_escapes_bibtex_special_characters_and_round_trips() -> None:
    text = "50% of {a} & b_c #1 $5 ~ x^2 back\\slash"
    enc = encode(text)
    assert enc == (r"50\% of \{a\} \& b\_c \#1 \$5 \textasciitilde{} x\textasciicircum{}2 "
                   r"back\textbackslash{}slash")
    assert decode(enc) == text


@pytest.mark.parametrize("text,ascii", [
    ("é", r"{\'e}"), ("Ü", r'{\"U}'), ("ç", r"{\c{c}}"), ("š", r"{\v{s}}"), ("ß", r"{\ss}"),
    ("ø", r"{\o}"), ("Å", r"{\AA}"), ("ł", r"{\l}"), ("í", r"{\'{\i}}"), ("–", "--"),
    ("—", "---"), ("α", r"$\alpha$"),
])
def test_ascii_encoding(text: str, ascii: str) -> None:
    assert encode(text, ascii=True) == ascii
    assert decode(ascii) == text


def test_ascii_encoding_round_trips_a_sentence_and_keeps_cjk() -> None:
    text = "Ångström, Dvořák, Łódź and Nguyễn — “quoted” 中文"
    enc = encode(text, ascii=True)
    assert decode(enc) == text
    assert "中文" in enc  # no LaTeX form: kept as it is
    assert to_ascii("{DNA} in Zürich") == r'{DNA} in Z{\"u}rich'


@pytest.mark.parametrize("latex,text", [
    ("A package ``smuggler'' for data", "A package “smuggler” for data"),
    ("The ``Naturalistic Free Recall'' dataset", "The “Naturalistic Free Recall” dataset"),
    ("it's O'Brien's", "it's O'Brien's"),  # single quotes are apostrophes
])
def test_tex_quote_ligatures(latex: str, text: str) -> None:
    assert decode(latex) == text
