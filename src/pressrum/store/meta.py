"""The metadata graph a remote store holds about the dataset loaded into it.

Written last by a load, after the data and its count check, and removed first: a store that holds
it holds that dataset, whole. It names the content hash, the triple count of the merge, and the
dataset's named graphs (so that queries can name them, and only them: Virtuoso keeps graphs of its
own). It is kept out of the merge and out of `GRAPH ?g`: it describes the load, not the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pyoxigraph as ox

META_GRAPH = "https://w3id.org/pressrum/store/meta"
HASH = "https://w3id.org/pressrum/store#contentHash"
GRAPH = "https://w3id.org/pressrum/store#graph"
TRIPLES = "http://rdfs.org/ns/void#triples"  # VoID §4.6: the number of triples
MODIFIED = "http://purl.org/dc/terms/modified"  # when this dataset was loaded (Last-Modified of every server)
DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


@dataclass(frozen=True)
class Meta:
    """What a store says it holds."""

    content_hash: str
    triples: int
    graphs: tuple[str, ...]
    loaded: datetime | None = None  # so that every server over the store says the same Last-Modified


def meta_ntriples(meta: Meta) -> bytes:
    """Return the metadata graph as N-Triples."""
    node = ox.NamedNode(META_GRAPH)
    triples = [ox.Triple(node, ox.NamedNode(HASH), ox.Literal(meta.content_hash)),
               ox.Triple(node, ox.NamedNode(TRIPLES), ox.Literal(str(meta.triples), datatype=ox.NamedNode(
                   "http://www.w3.org/2001/XMLSchema#integer")))]
    triples += [ox.Triple(node, ox.NamedNode(GRAPH), ox.NamedNode(g)) for g in meta.graphs]
    if meta.loaded is not None:
        triples.append(ox.Triple(node, ox.NamedNode(MODIFIED),
                                 ox.Literal(meta.loaded.isoformat(), datatype=ox.NamedNode(DATETIME))))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


READ_META = f"SELECT ?p ?o WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> ?p ?o }} }}"


def parse_meta(rows: Iterable) -> Meta | None:
    """Return the metadata from the rows of READ_META, or None when the store holds none."""
    content_hash, triples, graphs, loaded = None, None, [], None
    for row in rows:
        predicate, value = row["p"].value, row["o"].value
        if predicate == HASH:
            content_hash = value
        elif predicate == TRIPLES:
            triples = int(value)
        elif predicate == GRAPH:
            graphs.append(value)
        elif predicate == MODIFIED:
            try:
                loaded = datetime.fromisoformat(value)
            except ValueError:
                loaded = None
    if content_hash is None or triples is None:
        return None
    return Meta(content_hash, triples, tuple(sorted(graphs)), loaded)
