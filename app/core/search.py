"""The search language, compiled to SQL over the records table and its FTS5 index.

Any text a user types is a valid query: it never raises, it returns results or
none. The language:

- plain words match title, creators, container, abstract, keywords and notes,
  as prefixes, with accents folded ("muller" finds "Müller");
- ``"quoted phrase"`` matches the words in that order;
- two or more consecutive CJK characters match records holding them in a row;
- ``author:``, ``title:``, ``year:`` (``2019``, ``2019-2023``, ``>2019``,
  ``<=2000``), ``doi:``, ``tag:``, ``type:``, ``key:``, ``journal:``,
  ``abstract:`` narrow to one field;
- ``-word`` excludes, ``OR`` between two terms gives either.

Terms are combined with AND.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from app.core import cjk
from app.core.records import normalize_doi

log = logging.getLogger(__name__)

FTS_COLUMNS = ("title", "creators", "container", "abstract", "keywords", "notes")
_FIELD_COLUMNS = {
    "author": "creators",
    "creator": "creators",
    "au": "creators",
    "title": "title",
    "ti": "title",
    "journal": "container",
    "container": "container",
    "abstract": "abstract",
    "keyword": "keywords",
    "keywords": "keywords",
    "kw": "keywords",
    "note": "notes",
    "notes": "notes",
}
_SQL_FIELDS = {"year", "py", "doi", "tag", "type", "key"}
_TOKEN_RE = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))', re.UNICODE)
_MAX_TERMS = 32
_MAX_QUERY = 1000


@dataclass
class Term:
    text: str
    column: str | None = None  # FTS column, or None for all
    negate: bool = False
    phrase: bool = False


@dataclass
class CompiledQuery:
    """SQL fragments to AND into ``WHERE`` over ``records`` (aliased ``r``)."""

    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.where


def _fts_string(text: str) -> str:
    """*text* as an FTS5 string literal."""
    return '"' + text.replace('"', '""') + '"'


def term_to_fts(term: Term) -> str | None:
    """The FTS5 expression for one term, or None if it holds nothing searchable."""
    # Case and accents are folded by the FTS5 tokenizer (unicode61 remove_diacritics 2)
    # on both sides, so the text goes in as typed.
    text = term.text
    pieces: list[str] = []
    parts = cjk.split_cjk_runs(text)
    for i, (is_cjk, piece) in enumerate(parts):
        last = i == len(parts) - 1
        if is_cjk:
            if len(piece) == 1:
                pieces.append(_fts_string(piece) + "*")
            else:
                pieces.append(_fts_string(cjk.query_phrase(piece)))
        else:
            words = re.findall(r"[^\W_]+", piece)
            if not words:
                continue
            if term.phrase:
                s = _fts_string(" ".join(words))
                pieces.append(s + ("*" if last and not text.endswith(" ") else ""))
            else:
                for w in words:
                    pieces.append(_fts_string(w) + "*")
    if not pieces:
        return None
    expr = " AND ".join(pieces) if len(pieces) > 1 else pieces[0]
    if term.column:
        expr = f"{term.column} : ({expr})"
    return f"({expr})" if len(pieces) > 1 and not term.column else expr


def _sql_term(fieldname: str, value: str, negate: bool) -> tuple[str, list[object]] | None:
    value = value.strip()
    if not value:
        return None
    clause: str
    params: list[object]
    if fieldname in ("year", "py"):
        m = re.fullmatch(r"(\d{1,4})\s*(?:-|–|\.\.)\s*(\d{1,4})", value)
        open_range = re.fullmatch(r"(\d{1,4})\s*(?:-|–|\.\.)|(?:-|–|\.\.)\s*(\d{1,4})", value)
        if m:
            lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            clause, params = "r.year BETWEEN ? AND ?", [lo, hi]
        elif open_range:  # '2000-' (from 2000 on) or '-2000' (up to 2000), as typed
            if open_range.group(1):
                clause, params = "r.year >= ?", [int(open_range.group(1))]
            else:
                clause, params = "r.year <= ?", [int(open_range.group(2))]
        else:
            m = re.fullmatch(r"(<=|>=|<|>|=)?\s*(\d{1,4})", value)
            if not m:
                return ("r.id < 0", []) if not negate else None  # matches nothing
            op = m.group(1) or "="
            clause, params = f"r.year {op} ?", [int(m.group(2))]
    elif fieldname == "doi":
        norm = normalize_doi(value) or value.lower().strip()
        if norm.startswith("10."):  # a DOI's start: a range on the DOI index
            clause, params = "r.doi_norm >= ? AND r.doi_norm < ?", [norm, norm + "\uffff"]
        else:
            clause, params = "r.doi_norm LIKE ? ESCAPE '\\'", [f"%{_like_escape(norm)}%"]
    elif fieldname == "tag":
        clause = ("r.id IN (SELECT record_id FROM tags WHERE tag LIKE ? ESCAPE '\\' "
                  "COLLATE NOCASE)")
        params = [f"%{_like_escape(value)}%"]
    elif fieldname == "type":
        clause, params = "r.type LIKE ? ESCAPE '\\'", [f"%{_like_escape(value.lower())}%"]
    elif fieldname == "key":
        clause, params = "r.citation_key LIKE ? ESCAPE '\\'", [f"{_like_escape(value)}%"]
    else:  # pragma: no cover - guarded by _SQL_FIELDS
        return None
    if negate:
        clause = f"NOT ({clause})"
    return clause, params


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse(query: str) -> list[Term | str]:
    """Split *query* into terms and the word 'OR'. Never raises."""
    out: list[Term | str] = []
    query = (query or "")[:_MAX_QUERY].replace("\x00", " ")
    # lone surrogates (broken UTF-16 pasted from elsewhere) cannot reach SQLite
    query = query.encode("utf-8", "ignore").decode("utf-8")
    for m in _TOKEN_RE.finditer(query):
        neg, fieldname, quoted, bare = m.groups()
        if len(out) >= _MAX_TERMS:
            break
        if quoted is None and bare is None:
            continue
        text = quoted if quoted is not None else bare
        if fieldname is None and quoted is None and text == "OR":
            out.append("OR")
            continue
        fname = fieldname.lower() if fieldname else None
        if fname and fname not in _FIELD_COLUMNS and fname not in _SQL_FIELDS:
            # not a field we know: the whole thing is plain text
            text = f"{fieldname}:{text}"
            fname = None
        out.append(Term(text=text, column=fname, negate=bool(neg), phrase=quoted is not None))
    return out


def compile_query(query: str) -> CompiledQuery:
    """SQL conditions for *query*. An empty or unsearchable query gives no condition."""
    cq = CompiledQuery()
    positive: list[str] = []  # FTS expressions, with "OR" markers
    pending_or = False
    for item in parse(query):
        if item == "OR":
            pending_or = bool(positive)
            continue
        assert isinstance(item, Term)
        if item.column in _SQL_FIELDS:
            sql = _sql_term(item.column, item.text, item.negate)
            if sql:
                cq.where.append(sql[0])
                cq.params.extend(sql[1])
            pending_or = False
            continue
        col = _FIELD_COLUMNS.get(item.column or "")
        expr = term_to_fts(Term(item.text, col, item.negate, item.phrase))
        if expr is None:
            continue
        if item.negate:
            cq.where.append("r.id NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            cq.params.append(expr)
        elif pending_or and positive:
            positive[-1] = f"({positive[-1]} OR {expr})"
        else:
            positive.append(expr)
        pending_or = False
    if positive:
        cq.where.insert(0, "r.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
        cq.params.insert(0, " AND ".join(positive))
    return cq


def fts_document(title: str, creators: str, container: str, abstract: str, keywords: str,
                 notes: str) -> tuple[str, ...]:
    """The FTS row for a record: CJK runs as bigrams (the tokenizer folds case and accents)."""
    return tuple(cjk.index_text(v) if v else "" for v in (
        title, creators, container, abstract, keywords, notes))
