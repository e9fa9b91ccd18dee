"""Build the search index of a dataset from its store: one SQLite FTS5 file per content hash.

The index holds one row per release (headline and body) and one per quotation (its text), with
the release's date and publisher and the quotation's speaker for filtering. FTS5 indexes the
Snowball stems (pressrum.search.stemming), so inflected forms meet; the original texts are kept
beside it for snippets. The file is written under a temporary name and renamed into place
(os.replace is atomic on POSIX), so a reader sees the old index or the new one, never half of one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox

from pressrum.search.stemming import stemmed
from pressrum.store import Store
from pressrum.store.sqlite_files import remove_others, write_atomically

log = logging.getLogger(__name__)

PREFIX = "search-"
SUFFIX = ".sqlite"

RELEASES = """PREFIX schema: <https://schema.org/>
SELECT ?r (SAMPLE(?h) AS ?headline) (SAMPLE(?b) AS ?body) (MIN(SUBSTR(STR(?d), 1, 10)) AS ?date)
       (SAMPLE(?p) AS ?publisher) (SAMPLE(?pn) AS ?publisherName) WHERE {
  ?r a schema:NewsArticle ; schema:headline ?h ; schema:articleBody ?b .
  OPTIONAL { ?r schema:datePublished ?d }
  OPTIONAL { ?r schema:publisher ?p OPTIONAL { ?p schema:name ?pn FILTER(LANG(?pn) IN ("sv", "")) } }
} GROUP BY ?r"""

QUOTATIONS = """PREFIX schema: <https://schema.org/>
SELECT ?q (SAMPLE(?r) AS ?release) (SAMPLE(?t) AS ?text) (SAMPLE(?s) AS ?speaker) (SAMPLE(?sn) AS ?speakerName)
WHERE {
  ?q a schema:Quotation ; schema:isPartOf ?r ; schema:text ?t .
  ?r a schema:NewsArticle .
  OPTIONAL { ?q schema:author ?s OPTIONAL { ?s schema:name ?sn } }
} GROUP BY ?q"""

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE doc(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, iri TEXT NOT NULL, release TEXT NOT NULL,
  headline TEXT NOT NULL, text TEXT NOT NULL, date TEXT, publisher TEXT, publisher_slug TEXT,
  publisher_name TEXT, speaker TEXT, speaker_slug TEXT, speaker_name TEXT);
-- Contentless (FTS5 §4.4.4): the stems are indexed, the texts live in `doc`.
-- remove_diacritics 0: å, ä and ö are letters of their own in Swedish, not a with marks.
CREATE VIRTUAL TABLE fts USING fts5(headline, text, content='', tokenize='unicode61 remove_diacritics 0');
"""
INDEXES = """
CREATE INDEX doc_date ON doc(date);
CREATE INDEX doc_publisher ON doc(publisher_slug);
CREATE INDEX doc_speaker ON doc(speaker_slug);
"""


def index_path(build_dir: Path | str, content_hash: str) -> Path:
    """Return where the index of the dataset with this content hash lives."""
    return Path(build_dir) / f"{PREFIX}{content_hash}{SUFFIX}"


def _value(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def _slug(iri: str | None) -> str | None:
    return None if iri is None else iri.rstrip("/").rsplit("/", 1)[-1]


def documents(store: Store) -> list[tuple]:
    """Return the rows to index: releases first, then quotations, with their release's facets."""
    releases: dict[str, tuple] = {}
    for row in store.query(RELEASES):
        iri = row["r"].value
        releases[iri] = (_value(row["headline"]) or "", _value(row["body"]) or "", _value(row["date"]),
                         _value(row["publisher"]), _value(row["publisherName"]))
    docs = []
    for iri, (headline, body, date, publisher, publisher_name) in sorted(releases.items()):
        docs.append(("release", iri, iri, headline, body, date, publisher, _slug(publisher), publisher_name,
                     None, None, None))
    for row in store.query(QUOTATIONS):
        release = row["release"].value
        headline, _, date, publisher, publisher_name = releases[release]
        speaker = _value(row["speaker"])
        docs.append(("quotation", row["q"].value, release, headline, _value(row["text"]) or "", date,
                     publisher, _slug(publisher), publisher_name, speaker, _slug(speaker),
                     _value(row["speakerName"])))
    return docs


def write_index(docs: list[tuple], path: Path, content_hash: str) -> None:
    """Write an index of `docs` to `path`, through a temporary file renamed into place."""
    def fill(db) -> None:
        db.executemany("INSERT INTO doc VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany(
            "INSERT INTO fts(rowid, headline, text) VALUES (?, ?, ?)",
            ((n, stemmed(d[3]) if d[0] == "release" else "", stemmed(d[4])) for n, d in enumerate(docs, 1)))
        db.executescript(INDEXES)
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    write_atomically(path, SCHEMA, content_hash, fill)


def ensure_index(store: Store, build_dir: Path | str, content_hash: str | None) -> Path | None:
    """Build the index for this content hash unless it exists; remove the indexes of older datasets."""
    if content_hash is None:
        return None
    path = index_path(build_dir, content_hash)
    if path.exists():
        return path
    docs = documents(store)
    write_index(docs, path, content_hash)
    log.info("search index for %s: %d documents in %s", content_hash, len(docs), path)
    remove_others(build_dir, PREFIX, SUFFIX, path)
    return path
