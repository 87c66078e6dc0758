"""Write generated BibTeX and RIS files of N realistic entries for the format benchmark.

The records come from :func:`bench.generate.make_records` (mixed Latin/CJK, 1-8
authors, abstracts); this module serialises them itself, *not* through
Refshelf's writers, so the input looks like what other tools write and the
peers (JabRef, bibutils, bibtexparser) read the very same files:

BibTeX: varied entry types (article, book, incollection, inproceedings,
phdthesis, mastersthesis, techreport, misc), names as "Family, Given" or
"Given Family", "von" parts, a corporate ``{Barnes and Noble, Inc.}``, LaTeX
accents in both styles (``{\\"u}``, ``\\'{e}``, ``{\\o}``, ``\\v{s}``), ``\\&``,
``--`` page ranges, ``{DNA}`` case protection, a little math, month macros and
``@string`` journal macros; CJK names kept whole.

RIS: the same records with the tags real exporters write (TY, AU/A2, T1/TI,
JO/T2, PY with ``2019///`` dates, DA, SP/EP, VL, IS, DO, UR, SN, PB, CY, AB/N2,
KW), CRLF line endings, UTF-8.

    .venv/bin/python bench/gen_files.py --n 10000 --out /tmp/bench   # gen-10000.bib, gen-10000.ris
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.records import Creator, Record, has_cjk  # noqa: E402
from bench.generate import make_records  # noqa: E402

# Two spellings per accented letter, so both ``{\"u}`` and ``\"{u}`` styles occur.
ACCENTS: dict[str, tuple[str, str]] = {
    "ü": ('{\\"u}', '\\"{u}'), "ö": ('{\\"o}', '\\"{o}'), "ä": ('{\\"a}', '\\"{a}'),
    "é": ("{\\'e}", "\\'{e}"), "á": ("{\\'a}", "\\'{a}"), "í": ("{\\'i}", "\\'{\\i}"),
    "ñ": ("{\\~n}", "\\~{n}"), "è": ("{\\`e}", "\\`{e}"), "ç": ("{\\c c}", "\\c{c}"),
    "š": ("{\\v s}", "\\v{s}"), "ø": ("{\\o}", "{\\o}"),
    "Ø": ("{\\O}", "{\\O}"), "É": ("{\\'E}", "\\'{E}"), "ã": ("{\\~a}", "\\~{a}"),
    "ó": ("{\\'o}", "\\'{o}"), "Ö": ('{\\"O}', '\\"{O}'), "Ü": ('{\\"U}', '\\"{U}'),
    "Ł": ("{\\L}", "{\\L}"), "å": ("{\\aa}", "{\\aa}"),
}
VON = ("van der", "de la", "von", "di", "van")
CORPORATE = ("{Barnes and Noble, Inc.}", "{World Health Organization}",
             "{IEEE Computer Society}")
ACRONYMS = ("DNA", "RNA", "COVID-19", "GPU", "MRI", "NLP", "CRISPR", "BRCA1")
MATH = ("$\\alpha$", "$O(n \\log n)$", "$^{13}$C", "$\\beta$-catenin")
AMP_JOURNALS = ("Journal of Science \\& Technology", "Research \\& Development",
                "Brain \\& Language")
STRING_MACROS = {"natphys": "Nature Physics", "jbc": "Journal of Biological Chemistry",
                 "plos": "PLOS ONE", "tlg": "中国图书馆学报"}
PUBLISHERS = ("Springer", "Elsevier", "Oxford University Press", "Cambridge University Press",
              "科学出版社", "高等教育出版社", "MIT Press", "Wiley")
PLACES = ("Berlin", "Amsterdam", "Oxford", "Cambridge", "北京", "上海", "New York", "Zürich")
SCHOOLS = ("Universität Tübingen", "École Polytechnique", "北京大学", "清华大学",
           "University of São Paulo", "ETH Zürich")
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
BIB_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection",
             "paper-conference": "inproceedings", "report": "techreport"}
RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP",
             "paper-conference": "CONF", "thesis": "THES", "report": "RPRT", "misc": "GEN"}


def latex(text: str, rng: random.Random) -> str:
    """*text* with accented Latin letters as LaTeX accents (CJK left as UTF-8)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        forms = ACCENTS.get(ch)
        out.append(forms[rng.random() < 0.5] if forms else ch)
    return "".join(out)


def bib_name(c: Creator, rng: random.Random) -> str:
    if c.literal:
        return "{" + c.literal + "}"
    if has_cjk(c.family):
        # as CNKI/Chinese JabRef users write them: whole, or "Family, Given"
        return "{" + c.family + c.given + "}" if rng.random() < 0.5 else f"{c.family}, {c.given}"
    fam, giv = latex(c.family, rng), latex(c.given, rng)
    r = rng.random()
    if r < 0.05:
        return f"{giv} {rng.choice(VON)} {fam}"
    if r < 0.6:
        return f"{fam}, {giv}"
    if r < 0.8:
        return f"{fam}, {giv[0]}."
    return f"{giv} {fam}"


def decorate_title(title: str, rng: random.Random) -> str:
    if has_cjk(title):
        return title
    title = latex(title, rng)
    r = rng.random()
    if r < 0.15:
        title += " in {" + rng.choice(ACRONYMS) + "}"
    elif r < 0.2:
        title += " with " + rng.choice(MATH)
    elif r < 0.25:
        title = "{" + title.split(" ", 1)[0] + "} " + title.split(" ", 1)[-1]
    return title


def add_creators(recs: list[Record], rng: random.Random) -> None:
    """Sprinkle corporate authors and editors (the generator gives plain authors)."""
    for rec in recs:
        if rng.random() < 0.02:
            rec.creators[0] = Creator(literal=rng.choice(CORPORATE)[1:-1])
        if rec.type == "chapter":
            rec.creators.append(Creator(family=rng.choice(("Smith", "Müller", "陈")),
                                        given=rng.choice(("Anna", "Jörg", "静")), role="editor"))


def retype(recs: list[Record], rng: random.Random) -> None:
    for rec in recs:
        if rec.type == "thesis" and rng.random() < 0.4:
            rec.genre = "Master's thesis"
        elif rng.random() < 0.03:
            rec.type = "misc"


def bib_entries(recs: list[Record], rng: random.Random) -> Iterator[str]:
    yield "% Generated by bench/gen_files.py for the Refshelf format benchmark\n\n"
    for key, value in STRING_MACROS.items():
        yield f"@string{{{key} = {{{value}}}}}\n"
    yield "\n@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n\n"
    macro_of = {v: k for k, v in STRING_MACROS.items()}
    for i, rec in enumerate(recs):
        authors = [c for c in rec.creators if c.role == "author"]
        editors = [c for c in rec.creators if c.role == "editor"]
        if rec.type == "thesis":
            etype = "mastersthesis" if rec.genre else "phdthesis"
        else:
            etype = BIB_TYPES.get(rec.type, "misc")
        fam = authors[0].family if authors else ""
        stem = unicodedata.normalize("NFKD", fam).encode("ascii", "ignore").decode()
        stem = "".join(ch for ch in stem if ch.isalnum()) or "zh"
        key = f"{stem}{rec.issued.year if rec.issued else ''}x{i}"
        f: list[tuple[str, str]] = [
            ("author", " and ".join(bib_name(c, rng) for c in authors)),
            ("title", decorate_title(rec.title, rng)),
        ]
        if editors:
            f.append(("editor", " and ".join(bib_name(c, rng) for c in editors)))
        cont = rec.container_title
        if etype == "article":
            if cont in macro_of and rng.random() < 0.5:
                f.append(("journal", "\x00" + macro_of[cont]))
            elif rng.random() < 0.05:
                f.append(("journal", rng.choice(AMP_JOURNALS)))
            else:
                f.append(("journal", latex(cont, rng)))
            f += [("volume", rec.volume), ("number", rec.issue)]
        elif etype in ("incollection", "inproceedings"):
            f.append(("booktitle", "Proceedings of the " + latex(cont, rng) + " Conference"
                      if etype == "inproceedings" else "Handbook of " + latex(cont, rng)))
        if etype in ("book", "incollection"):
            f += [("publisher", rng.choice(PUBLISHERS)), ("address", latex(rng.choice(PLACES), rng)),
                  ("isbn", f"978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-"
                           f"{rng.randint(10000, 99999)}-{rng.randint(0, 9)}")]
        if etype in ("phdthesis", "mastersthesis"):
            f.append(("school", latex(rng.choice(SCHOOLS), rng)))
        if etype == "techreport":
            f += [("institution", latex(rng.choice(SCHOOLS), rng)),
                  ("number", f"TR-{rng.randint(1, 999)}")]
        if rec.issued:
            f.append(("year", str(rec.issued.year)))
            if rec.issued.month and rng.random() < 0.7:
                f.append(("month", "\x00" + MONTHS[rec.issued.month - 1]))
        if etype not in ("book", "phdthesis", "mastersthesis", "techreport", "misc"):
            f.append(("pages", rec.pages.replace("-", "--")))
        f.append(("doi", rec.doi))
        if rng.random() < 0.3:
            f.append(("url", f"https://doi.org/{rec.doi}"))
        if rec.abstract:
            f.append(("abstract", latex(rec.abstract, rng)))
        if rec.keywords:
            f.append(("keywords", ", ".join(dict.fromkeys(rec.keywords))))
        if rec.language and rng.random() < 0.5:
            f.append(("language", "chinese" if rec.language.startswith("zh") else "english"))
        lines = [f"@{etype}{{{key},"]
        for name, value in f:
            if not value:
                continue
            if value.startswith("\x00"):
                lines.append(f"  {name} = {value[1:]},")
            elif rng.random() < 0.1 and '"' not in value and "{" not in value:
                lines.append(f'  {name} = "{value}",')
            else:
                lines.append(f"  {name} = {{{value}}},")
        lines[-1] = lines[-1].rstrip(",")
        yield "\n".join(lines) + "\n}\n\n"


def ris_name(c: Creator) -> str:
    if c.literal:
        return c.literal
    if has_cjk(c.family):
        return c.family + c.given
    return f"{c.family}, {c.given}"


def ris_entries(recs: list[Record], rng: random.Random) -> Iterator[str]:
    for rec in recs:
        ty = RIS_TYPES.get(rec.type, "GEN")
        t: list[tuple[str, str]] = [("TY", ty)]
        t += [("AU" if rng.random() < 0.8 else "A1", ris_name(c))
              for c in rec.creators if c.role == "author"]
        t += [("A2", ris_name(c)) for c in rec.creators if c.role == "editor"]
        t.append(("TI" if rng.random() < 0.5 else "T1", rec.title))
        if ty == "JOUR":
            t.append((rng.choice(("JO", "T2", "JF")), rec.container_title))
            t += [("VL", rec.volume), ("IS", rec.issue)]
        elif ty in ("CHAP", "CONF"):
            t.append(("T2", rec.container_title))
        if ty in ("BOOK", "CHAP"):
            t += [("PB", rng.choice(PUBLISHERS)), ("CY", rng.choice(PLACES)),
                  ("SN", f"978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-"
                         f"{rng.randint(10000, 99999)}-{rng.randint(0, 9)}")]
        if ty == "THES":
            t.append(("PB", rng.choice(SCHOOLS)))
        if rec.issued:
            y, m = rec.issued.year, rec.issued.month
            if rng.random() < 0.5:
                t.append(("PY", f"{y}///"))
                if m:
                    t.append(("DA", f"{y}/{m:02d}//"))
            else:
                t.append(("PY", str(y)))
        if ty in ("JOUR", "CHAP", "CONF") and "-" in rec.pages:
            sp, ep = rec.pages.split("-", 1)
            t += [("SP", sp), ("EP", ep)]
        t.append(("DO", rec.doi))
        if rng.random() < 0.3:
            t.append(("UR", f"https://doi.org/{rec.doi}"))
        if rec.abstract:
            t.append(("AB" if rng.random() < 0.7 else "N2", rec.abstract))
        t += [("KW", k) for k in dict.fromkeys(rec.keywords)]
        if rec.language:
            t.append(("LA", "Chinese" if rec.language.startswith("zh") else "English"))
        t.append(("ER", ""))
        yield "".join(f"{tag}  - {v}\r\n" for tag, v in t if v or tag == "ER") + "\r\n"


def generate(n: int, out: Path, seed: int = 42) -> tuple[Path, Path]:
    """Write ``gen-<n>.bib`` and ``gen-<n>.ris`` into *out*; returns both paths."""
    out.mkdir(parents=True, exist_ok=True)
    recs = make_records(n, seed)
    rng = random.Random(seed + 1)
    add_creators(recs, rng)
    retype(recs, rng)
    bib, ris = out / f"gen-{n}.bib", out / f"gen-{n}.ris"
    with open(bib, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(bib_entries(recs, random.Random(seed + 2)))
    with open(ris, "w", encoding="utf-8", newline="") as fh:
        fh.writelines(ris_entries(recs, random.Random(seed + 3)))
    return bib, ris


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--out", type=Path, default=Path("/tmp/refshelf-bench-formats"))
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    for n in args.n:
        for p in generate(n, args.out, args.seed):
            print(f"{p}  {p.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
