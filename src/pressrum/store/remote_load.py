"""Load a dataset into a remote store, check what it then holds, and write the metadata graph last.

1. The quads are read into an in-memory pyoxigraph store (staging): it tells each graph's triple
   count and the merge's, and writes each graph as N-Triples.
2. The metadata graph goes first, so that a load that fails half-way leaves no hash saying it
   succeeded; then the old data: DROP ALL (Oxigraph, Fuseki), or CLEAR GRAPH per graph the old and
   new metadata name (Virtuoso: its DROP ALL does nothing, and its own graphs must stay).
3. The data: one streamed N-Quads POST (a single request, so blank nodes keep their identity), or,
   for Virtuoso, N-Triples per graph through the Graph Store Protocol, a graph without blank nodes
   in bounded requests (PUT, then POST to add).
4. The merge: SPARQL Update into the merge graph (store/virtuoso.py: MERGE_GRAPH), each triple once.
5. The count check: each graph, and the merge, as the store now counts them, against staging.
6. The metadata graph (hash, merge count, graphs), PUT, then read back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from pressrum.store.base import StoreError
from pressrum.store.embedded import materialise_merge
from pressrum.store.meta import META_GRAPH, Meta, meta_ntriples

LOAD_TIMEOUT = 3600.0
CHUNK_TRIPLES = 50_000  # triples per Graph Store request for a graph without blank nodes
GRAPHS_PER_UPDATE = 100
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
TOTAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def replace(store, source: bytes | IO[bytes] | Path, rdf_format: ox.RdfFormat, content_hash: str | None) -> None:
    """Replace the remote store's dataset with the quads of `source` (see the module's steps)."""
    staging = ox.Store()
    if isinstance(source, Path):
        staging.bulk_load(path=str(source), format=rdf_format)
    else:
        data = source if isinstance(source, bytes) else source.read()
        staging.bulk_load(input=data, format=rdf_format)
        source = data
    graphs = sorted(g.value for g in staging.named_graphs())
    expected = {row["g"].value: int(row["n"].value) for row in staging.query(COUNTS)}
    materialise_merge(staging)
    total = int(next(iter(staging.query(TOTAL)))["n"].value)

    dialect = store.dialect
    old = store.meta(fresh=True)
    if dialect.quads_upload:
        store.update("DROP ALL", LOAD_TIMEOUT)
        store.put_graph(None, store.chunks(source), rdf_format.media_type, method="POST")
        store.update(f"INSERT {{ GRAPH <{dialect.merge_graph}> {{ ?s ?p ?o }} }} "
                     "WHERE { GRAPH ?g { ?s ?p ?o } }", LOAD_TIMEOUT)
    else:
        store.update(f"CLEAR SILENT GRAPH <{META_GRAPH}>", LOAD_TIMEOUT)
        for graph in sorted({*graphs, *(old.graphs if old else ()), dialect.merge_graph}):
            store.update(f"CLEAR SILENT GRAPH <{graph}>", LOAD_TIMEOUT)
        for graph in graphs:
            _upload_graph(store, staging, graph)
        for start in range(0, len(graphs), GRAPHS_PER_UPDATE):
            values = " ".join(f"<{g}>" for g in graphs[start:start + GRAPHS_PER_UPDATE])
            store.update(f"INSERT {{ GRAPH <{dialect.merge_graph}> {{ ?s ?p ?o }} }} "
                         f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}", LOAD_TIMEOUT)
    _check(store, graphs, expected, total)
    loaded = datetime.now(tz=UTC).replace(microsecond=0)
    store.put_graph(META_GRAPH, meta_ntriples(Meta(content_hash or "", total, tuple(graphs), loaded)),
                    "application/n-triples")
    written = store.meta(fresh=True)
    if written is None or written.content_hash != (content_hash or ""):
        raise StoreError("the store did not keep the metadata graph", f"read back: {written}")


def _upload_graph(store, staging: ox.Store, graph: str) -> None:
    """Send one graph as N-Triples, in bounded requests where no blank node spans them."""
    node = ox.NamedNode(graph)
    quads = list(staging.quads_for_pattern(None, None, None, node))
    blank = any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)
    size = len(quads) if blank else CHUNK_TRIPLES
    for number, start in enumerate(range(0, max(len(quads), 1), max(size, 1))):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads[start:start + size]]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        store.put_graph(graph, body, "application/n-triples", method="PUT" if number == 0 else "POST",
                        timeout=LOAD_TIMEOUT)
        if store.progress is not None:
            store.progress(start + len(triples))


def _check(store, graphs: list[str], expected: dict[str, int], total: int) -> None:
    """Raise StoreError unless the store counts each graph, and the merge, as staging does."""
    seconds = max(store.timeout, 600.0)
    held: dict[str, int] = {}
    for start in range(0, len(graphs), GRAPHS_PER_UPDATE):
        part = graphs[start:start + GRAPHS_PER_UPDATE]
        held |= {row["g"].value: int(row["n"].value) for row in store._query(COUNTS, None, part, seconds)}
    wrong = [f"{g}: {held.get(g, 0)} of {n}" for g, n in expected.items() if held.get(g, 0) != n]
    merged = int(next(iter(store._query(TOTAL, [store.dialect.merge_graph], None, seconds)))["n"].value)
    if wrong or merged != total:
        raise StoreError(f"the store does not hold what was sent: {len(wrong)} graph(s) differ, "
                         f"merge {merged} of {total} triples", "; ".join(wrong[:5]))
