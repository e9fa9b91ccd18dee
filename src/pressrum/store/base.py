"""The store interface every backend implements, its result type and its one error."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

# The default graph every query sees is the RDF merge of the named graphs, each triple once,
# materialised at load (pyoxigraph 0.5.13's union default graph counts a triple once per graph
# holding it: oxigraph issue 1919). SPARQL 1.1 Query §13.1: the default graph may be any graph.
MATERIALISE_DEFAULT_GRAPH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class StoreError(Exception):
    """The store cannot answer (gone, corrupt, or refusing); the web layer answers 503.

    `str(error)` names the problem for the public ("the store did not answer within 30 s
    (remote_timeout)"); `detail` holds the plumbing (the store's address, the client library's
    exception), which goes to the log only.
    """

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail

    def for_operator(self) -> str:
        """Return the message with its detail, for a log line or the command line."""
        return f"{self} ({self.detail})" if self.detail else str(self)


class Store(ABC):
    """Read queries over the published dataset, and loading a whole new dataset."""

    kind: str = "abstract"

    @abstractmethod
    def query(self, sparql: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              timeout: float | None = None, base_iri: str | None = None,
              limit: int | None = None) -> QueryResult:
        """Run a SPARQL query (never an update) and return pyoxigraph results.

        `limit` is how many rows the caller will read at most: a backend may stop reading there.

        `base_iri` resolves the query's relative IRIs (SPARQL 1.1 Query §4.1.1.1), as a BASE would.
        """

    @abstractmethod
    def replace(self, source: bytes | IO[bytes] | Path, rdf_format: ox.RdfFormat,
                content_hash: str | None = None) -> None:
        """Replace the whole dataset with the quads of `source`, then materialise the merge."""

    @abstractmethod
    def content_hash(self) -> str | None:
        """Return the content hash of the dataset last loaded, if known."""

    def close(self) -> None:
        """Release the store's resources."""
