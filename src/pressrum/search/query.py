"""Search an index: parse the reader's words and phrases, filter, rank (BM25), page and highlight."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from pressrum.search.stemming import WORD, stem, words

# A phrase in double quotation marks (also typographic ones), or a run of anything else.
_PART = re.compile(r'["“”]([^"“”]*)["“”]|([^"“”\s]+)')
SNIPPET_WORDS = 30


class SearchError(ValueError):
    """The search cannot be run as asked; the message names what is wrong."""


@dataclass(frozen=True)
class Filters:
    """What narrows a search: a publisher, a speaker (IRI or slug) and a date range (ISO dates)."""

    publisher: str | None = None
    speaker: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class Hit:
    """One document found: a release or a quotation, with its highlighted headline and snippet."""

    kind: str
    iri: str
    release: str
    headline: Markup
    snippet: Markup
    date: str | None
    publisher: str | None
    publisher_name: str | None
    speaker: str | None
    speaker_name: str | None


@dataclass(frozen=True)
class Results:
    """One page of hits and the number of all of them."""

    total: int
    hits: list[Hit] = field(default_factory=list)


def parse(q: str) -> tuple[str, frozenset[str]]:
    """Return the FTS5 MATCH expression for a query, and the stems to highlight.

    Every word and phrase becomes a quoted FTS5 string of stems (FTS5 §3.1: a string in double
    quotes is a phrase), joined by implicit AND. Stems hold only letters and digits, so no
    character of the reader's reaches FTS5's query syntax: `*`, `(`, `NEAR`, `"` are words or
    separators here, never operators.
    """
    phrases: list[str] = []
    for phrase, bare in _PART.findall(q):
        stems = [stem(w) for w in WORD.findall(phrase or bare)]
        if stems:
            phrases.append(" ".join(stems))
    if not phrases:
        raise SearchError("q has no words to search for")
    return " ".join(f'"{p}"' for p in phrases), frozenset(" ".join(phrases).split())


def highlight(text: str, stems: frozenset[str], limit: int | None = None) -> Markup:
    """Return the text escaped, with the words whose stems were sought in <mark>, cut to `limit` words."""
    spans = list(words(text))
    start, end = 0, len(text)
    if limit is not None and len(spans) > limit:
        first = next((n for n, (_, _, s) in enumerate(spans) if s in stems), 0)
        begin = max(0, first - limit // 3)
        chosen = spans[begin:begin + limit]
        start, end = chosen[0][0], chosen[-1][1]
    out, position = [], start
    for a, b, s in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[position:a]))
        out.append(Markup("<mark>{}</mark>").format(text[a:b]) if s in stems else escape(text[a:b]))
        position = b
    out.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup(prefix) + Markup("").join(out) + Markup(suffix)


def _where(filters: Filters) -> tuple[str, list[str]]:
    clauses, values = ["fts MATCH ?"], []
    for column, value in (("publisher", filters.publisher), ("speaker", filters.speaker)):
        if value:
            clauses.append(f"({column} = ? OR {column}_slug = ?)")
            values += [value, value]
    if filters.date_from:
        clauses.append("date >= ?")
        values.append(filters.date_from)
    if filters.date_to:
        clauses.append("date <= ?")
        values.append(filters.date_to)
    return " AND ".join(clauses), values


def search(path: Path, q: str, filters: Filters = Filters(), offset: int = 0, limit: int = 20) -> Results:
    """Return one page of what matches `q` in the index at `path`, best first (BM25, headlines × 4)."""
    match, stems = parse(q)
    where, values = _where(filters)
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        total = db.execute(f"SELECT count(*) FROM fts JOIN doc ON doc.id = fts.rowid WHERE {where}",
                           [match, *values]).fetchone()[0]
        rows = db.execute(
            "SELECT kind, iri, release, doc.headline, doc.text, date, publisher, publisher_name, speaker, speaker_name "
            f"FROM fts JOIN doc ON doc.id = fts.rowid WHERE {where} ORDER BY bm25(fts, 4.0, 1.0), doc.id "
            "LIMIT ? OFFSET ?", [match, *values, limit, offset]).fetchall()
    hits = [Hit(kind, iri, release, highlight(headline, stems), highlight(text, stems, SNIPPET_WORDS),
                date, publisher, publisher_name, speaker, speaker_name)
            for kind, iri, release, headline, text, date, publisher, publisher_name, speaker, speaker_name in rows]
    return Results(total, hits)
