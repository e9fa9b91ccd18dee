"""The link index of a dataset: each hub's link counts and its links in a stable order, one SQLite file per hash.

A hub is a document with more than PAGE_SIZE inverse links, or a subject with more than PAGE_SIZE
values of one property (a municipality's prov:wasDerivedFrom, one per release). Its document is
paged: the index holds, per hub, the count of each property in each direction and the paged links
ranked by (property, object, subject) as N-Triples lines, so a page is one range read of a primary
key. At 10,000 releases `ORDER BY ?i LIMIT 200` over a role type's 6,980 inverse links took 784 ms
in pyoxigraph 0.5.13 and a COUNT 4.8 ms, both growing with the corpus; a range read here is under
a millisecond at any size. Everything is computed through SPARQL, so a remote store is indexed the
same way, once per content hash, like the search index (pressrum.search.index).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from pressrum.store.base import Store
from pressrum.store.sqlite_files import remove_others, write_atomically

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # links of each kind on one page (MAX_INVERSE_LINKS of pressrum.web.documents)
PREFIX, SUFFIX = "links-", ".sqlite"
OWN, INVERSE, KEPT = "own", "inverse", "kept"  # paged own values, paged inverse links, own properties not paged

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE count(doc TEXT, direction TEXT, predicate TEXT, n INTEGER,
  PRIMARY KEY(doc, direction, predicate)) WITHOUT ROWID;
CREATE TABLE link(doc TEXT, direction TEXT, rank INTEGER, line TEXT, PRIMARY KEY(doc, direction, rank)) WITHOUT ROWID;
"""


@dataclass
class Entry:
    """One document's counts: {direction: {predicate: n}}, and its paged links in order."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)  # direction → N-Triples lines, ranked

    def total(self, direction: str) -> int:
        """Return how many links of a direction there are."""
        return sum(self.counts.get(direction, {}).values())

    @property
    def pages(self) -> int:
        """Return how many pages the document has (at least one)."""
        return max(1, *(-(-self.total(d) // PAGE_SIZE) for d in (OWN, INVERSE)))


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ '):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return str(term)  # pyoxigraph writes a term in N-Triples syntax


def order(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> tuple[int, str, str]:
    """Return the sort key of a term: IRIs by their string, then literals by value, blank nodes last."""
    kind = 0 if isinstance(term, ox.NamedNode) else 1 if isinstance(term, ox.Literal) else 2
    return (kind, term.value, str(term))


def _in_space(var: str, prefixes: Sequence[str]) -> str:
    return " || ".join(f'STRSTARTS(STR(?{var}), "{p}")' for p in prefixes)


def roots_query(doc: str) -> str:
    """Return the SELECT of the IRIs a document describes: itself and its hash IRIs it links to (two steps)."""
    is_hash = 'isIRI(?{v}) && STRSTARTS(STR(?{v}), "' + doc + '#")'
    return f"""SELECT DISTINCT ?root WHERE {{
  {{ BIND({_iri(doc)} AS ?root) }}
  UNION {{ {_iri(doc)} ?h1 ?root . FILTER({is_hash.format(v="root")}) }}
  UNION {{ {_iri(doc)} ?h1 ?x . ?x ?h2 ?root . FILTER({is_hash.format(v="x")} && {is_hash.format(v="root")}) }}
}}"""


def entry_for(store: Store, doc: str, roots: Iterable[str] | None = None) -> Entry:
    """Return the entry of one document, read from the store: every count, and the links worth paging."""
    roots = sorted(set(roots) if roots is not None else {r["root"].value for r in store.query(roots_query(doc))})
    entry = Entry()
    # Inverse links: what points at the document's IRIs from elsewhere (its own hash IRIs excluded).
    inverse = [(r["p"].value, r["root"].value, r["s"]) for r in store.query(f"""
        SELECT ?s ?p ?root WHERE {{ VALUES ?root {{ {' '.join(_iri(r) for r in roots)} }} ?s ?p ?root .
          FILTER(!(isIRI(?s) && (?s = {_iri(doc)} || STRSTARTS(STR(?s), "{doc}#")))) }}""")]
    inverse.sort(key=lambda link: (link[0], link[1], order(link[2])))
    entry.counts[INVERSE] = _count(p for p, _, _ in inverse)
    if len(inverse) > PAGE_SIZE:
        entry.links[INVERSE] = [f"{_term(s)} <{p}> <{o}> ." for p, o, s in inverse]
    # Own values: a property with more than PAGE_SIZE values, none of them blank, is paged; the
    # others stay in every page (a blank node's closure cannot be read a page at a time).
    own = {r["p"].value: (int(r["n"].value), int(r["b"].value)) for r in store.query(f"""
        SELECT ?p (COUNT(*) AS ?n) (SUM(IF(isBlank(?o), 1, 0)) AS ?b) WHERE {{ {_iri(doc)} ?p ?o }} GROUP BY ?p""")}
    paged = sorted(p for p, (n, blank) in own.items() if n > PAGE_SIZE and not blank)
    entry.counts[OWN] = {p: own[p][0] for p in paged}
    entry.counts[KEPT] = {p: n for p, (n, _) in own.items() if p not in paged}
    lines = []
    for p in paged:
        values = sorted((r["o"] for r in store.query(f"SELECT ?o WHERE {{ {_iri(doc)} {_iri(p)} ?o }}")), key=order)
        lines += [f"<{doc}> <{p}> {_term(o)} ." for o in values]
    if lines:
        entry.links[OWN] = lines
    return entry


def _count(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def hubs(store: Store, prefixes: Sequence[str]) -> list[str]:
    """Return the documents (under the prefixes) that may have more than PAGE_SIZE inverse links or
    values of one property: a superset, since self-links count here (entry_for counts exactly).

    Two scans grouped by the store: 7 s and 10 s at 10,000 releases in pyoxigraph 0.5.13; grouping by
    the document (STRBEFORE of every object) took 72 s. A document whose hash IRIs together pass
    the mark, none alone, is not found here; pressrum.web.documents reads its entry live.
    """
    inverse = store.query(f"""SELECT ?o WHERE {{ ?s ?p ?o . FILTER(isIRI(?o) && ({_in_space("o", prefixes)})) }}
        GROUP BY ?o HAVING (COUNT(*) > {PAGE_SIZE})""")
    own = store.query(f"""SELECT DISTINCT ?s WHERE {{
          {{ SELECT ?s ?p WHERE {{ ?s ?p ?o . FILTER(isIRI(?s) && ({_in_space("s", prefixes)})) }}
             GROUP BY ?s ?p HAVING (COUNT(*) > {PAGE_SIZE}) }} }}""")
    found = {r["o"].value.split("#", 1)[0] for r in inverse} | {r["s"].value.split("#", 1)[0] for r in own}
    return sorted(found)


def write_links(entries: dict[str, Entry], path: Path, content_hash: str) -> None:
    """Write the entries to `path`, through a temporary file renamed into place."""
    def fill(db) -> None:
        for doc, entry in entries.items():
            db.executemany("INSERT INTO count VALUES (?, ?, ?, ?)",
                           ((doc, d, p, n) for d, counts in entry.counts.items() for p, n in counts.items()))
            db.executemany("INSERT INTO link VALUES (?, ?, ?, ?)",
                           ((doc, d, rank, line) for d, lines in entry.links.items()
                            for rank, line in enumerate(lines)))

    write_atomically(path, SCHEMA, content_hash, fill)


def links_path(build_dir: Path | str, content_hash: str) -> Path:
    """Return where the link index of the dataset with this content hash lives."""
    return Path(build_dir) / f"{PREFIX}{content_hash}{SUFFIX}"


def ensure_links(store: Store, build_dir: Path | str, content_hash: str | None,
                 prefixes: Sequence[str]) -> Path | None:
    """Build the link index for this content hash unless it exists; remove those of older datasets."""
    if content_hash is None:
        return None
    path = links_path(build_dir, content_hash)
    if path.exists():
        return path
    entries = {doc: entry_for(store, doc) for doc in hubs(store, prefixes)}
    write_links(entries, path, content_hash)
    log.info("link index for %s: %d hubs in %s", content_hash, len(entries), path)
    remove_others(build_dir, PREFIX, SUFFIX, path)
    return path


def build_in_background(store: Store, build_dir: Path | str, content_hash: str,
                        prefixes: Sequence[str]) -> threading.Thread:
    """Start building the link index in a thread; one process at a time builds it (a file lock).

    At 300,000 releases finding the hubs alone scans 37 M triples, so no request and no server start
    waits for it: documents read their links live until the file appears (pressrum.web.linked_data).
    """
    def build() -> None:
        lock_path = Path(build_dir) / f".{PREFIX}{content_hash}.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another process is building it
                return
            try:
                ensure_links(store, build_dir, content_hash, prefixes)
            except Exception as error:  # documents keep reading their links live; say why
                log.error("cannot build the link index in %s: %s", build_dir, error)

    thread = threading.Thread(target=build, name=f"link-index-{content_hash[:12]}", daemon=True)
    thread.start()
    return thread


def read_entry(path: Path, doc: str) -> Entry | None:
    """Return the counts of a hub (links not read), or None when the document is no hub."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT direction, predicate, n FROM count WHERE doc = ?", (doc,)).fetchall()
    if not rows:
        return None
    entry = Entry()
    for direction, predicate, n in rows:
        entry.counts.setdefault(direction, {})[predicate] = n
    return entry


def read_window(path: Path, doc: str, direction: str, page: int) -> list[str]:
    """Return the N-Triples lines of one page of a hub's paged links (a primary-key range)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return [line for (line,) in db.execute(
            "SELECT line FROM link WHERE doc = ? AND direction = ? AND rank >= ? AND rank < ? ORDER BY rank",
            (doc, direction, (page - 1) * PAGE_SIZE, page * PAGE_SIZE))]


def window_of(entry: Entry, direction: str, page: int) -> list[str]:
    """Return one page of an entry read from the store (entry_for), as read_window would."""
    return entry.links.get(direction, [])[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
