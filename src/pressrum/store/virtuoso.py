"""What a remote store does differently: the SPARQL 1.1 dialect of Oxigraph server and Fuseki, and
Virtuoso's (OpenLink Virtuoso 7.2, Debian's `virtuoso-opensource`).

Virtuoso, as found on 7.2.5 (`Server: Virtuoso/07.20.3229`):
- POST application/sparql-query is never answered; GET and form POST are (Protocol §2.1.1-2), so
  every remote store is asked by form POST.
- Its default graph is the union of every graph, its own among them (DAV, virtrdf#, …): as on
  every remote store, the merge is a graph of its own (MERGE_GRAPH), the `default-graph-uri` of
  every query, and `GRAPH ?g` sees only the dataset's graphs, named by `named-graph-uri`.
- An N-Quads POST to the Graph Store endpoint answers 200 and stores nothing; N-Triples per graph
  through /sparql-graph-crud (`graph-uri=`) is stored. DROP ALL does nothing: CLEAR GRAPH per graph.
- `timeout` (milliseconds) ends a query early with a partial "anytime" answer, 200 with
  `X-SQL-State: S1TAT` (Virtuoso docs, "Anytime Queries"): that is a timeout, never an answer.
- `ResultSetMaxRows` in virtuoso.ini [SPARQL] silently truncates answers (10,000 in Debian's file).
"""

from __future__ import annotations

from urllib.parse import urljoin

import requests

MERGE_GRAPH = "https://w3id.org/pressrum/store/merge"


class Dialect:
    """SPARQL 1.1 Protocol, Update and Graph Store as Oxigraph server (and Fuseki) speak them."""

    name = "sparql"
    # The merge lives in a graph of its own, named as `default-graph-uri` of every query: naming
    # the dataset's graphs by `named-graph-uri` makes the default graph of the query empty unless
    # one is named too (Protocol §2.1.4), and Virtuoso's own default graph is every graph.
    merge_graph = MERGE_GRAPH
    update_param = "update"         # SPARQL 1.1 Protocol §2.2.1
    graph_param = "graph"           # SPARQL 1.1 Graph Store Protocol §4.2
    quads_upload = True             # one N-Quads POST of the whole dataset
    defaults = ("query", "update", "store")

    def endpoints(self, url: str, options: dict[str, str]) -> tuple[str, str, str]:
        """Return the query, update and Graph Store URLs (spec options override the defaults)."""
        def endpoint(name: str, default: str) -> str:
            value = options.get(name, default)
            return url if value == "." else urljoin(url + "/", value)

        return tuple(endpoint(n, d) for n, d in zip(("query", "update", "gsp"), self.defaults, strict=True))

    def limit_params(self, seconds: float) -> list[tuple[str, str]]:
        """Return the request parameters that make the store stop the query itself (none here)."""
        return []

    def partial(self, response: requests.Response) -> str | None:
        """Return the store's message if the answer is cut short by its own time limit."""
        return None

    def timed_out(self, response: requests.Response) -> str | None:
        """Return the store's message if an error answer says its own time limit stopped the query."""
        return None


class Fuseki(Dialect):
    """Apache Jena Fuseki: `timeout` in seconds per query (Fuseki docs, "Query timeout")."""

    name = "fuseki"
    defaults = ("query", "update", "data")

    def limit_params(self, seconds: float) -> list[tuple[str, str]]:
        return [("timeout", f"{seconds:g}")]


class Virtuoso(Dialect):
    """OpenLink Virtuoso 7: one /sparql endpoint, /sparql-graph-crud, the merge in a graph."""

    name = "virtuoso"
    update_param = "query"     # Virtuoso's /sparql takes an update in `query`
    graph_param = "graph-uri"  # Virtuoso's /sparql-graph-crud
    quads_upload = False

    def endpoints(self, url: str, options: dict[str, str]) -> tuple[str, str, str]:
        query = urljoin(url + "/", options["query"]) if "query" in options else url
        update = urljoin(url + "/", options["update"]) if "update" in options else query
        return query, update, urljoin(url + "/", options.get("gsp", "/sparql-graph-crud"))

    def limit_params(self, seconds: float) -> list[tuple[str, str]]:
        return [("timeout", str(max(int(seconds * 1000), 1)))]  # milliseconds

    def partial(self, response: requests.Response) -> str | None:
        if response.headers.get("X-SQL-State", "").strip() == "S1TAT":
            return response.headers.get("X-SQL-Message", "incomplete results")
        return None

    def timed_out(self, response: requests.Response) -> str | None:
        # With nothing to give yet, the timeout is an error answer instead: SQLSTATE S1T00,
        # "SR171: Transaction timed out" (Virtuoso's error codes).
        head = response.text[:500]
        return head.strip() if "S1T00" in head or "SR171" in head else None


DIALECTS = {d.name: d for d in (Dialect(), Fuseki(), Virtuoso())}


def recognise(server_header: str) -> Dialect:
    """Return the dialect a `Server` response header names."""
    if server_header.startswith("Virtuoso"):
        return DIALECTS["virtuoso"]
    if "fuseki" in server_header.lower():
        return DIALECTS["fuseki"]
    return DIALECTS["sparql"]
