"""A remote SPARQL 1.1 store: `--store sparql+http://host:port/path[?dialect=…]`.

    sparql+http://localhost:7878                      Oxigraph server: /query, /update, /store
    sparql+http://localhost:3030/ds?gsp=data          Fuseki: /ds/query, /ds/update, /ds/data
    sparql+http://localhost:8890/sparql               Virtuoso: /sparql, /sparql-graph-crud
    sparql+https://host/repositories/r?query=.&update=statements&gsp=rdf-graphs/service   (GraphDB)

The dialect (store/virtuoso.py) is recognised from the `Server` header of a first request, or named
by `dialect=sparql|fuseki|virtuoso`. Queries go by form POST (SPARQL 1.1 Protocol §2.1.2) with an
Accept for what the query form returns, the store's own time limit where it has one, and the
dataset's graphs named (`named-graph-uri`) when the query has a GRAPH: only they are visible.
Answers are read as a stream and only up to the row cap, then the connection is closed.
Whether the store holds the dataset is what it says: the metadata graph (store/meta.py).
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from pressrum.store.base import QueryResult, Store, StoreError
from pressrum.store.meta import META_GRAPH, READ_META, Meta, parse_meta
from pressrum.store.queryform import query_form
from pressrum.store.virtuoso import DIALECTS, Dialect, recognise

# An IRIREF without a scheme (SPARQL 1.1 Query §19.5; RFC 3986 §4.2: a relative reference).
RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\x00-\x20]*>")
# IRIs, strings and comments, where the word GRAPH is not the keyword (SPARQL 1.1 Query §19.8).
NOT_KEYWORDS = re.compile(r"""<[^<>\s]*>|'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\""""
                          r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|#[^\n]*""")
GRAPH_KEYWORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)
RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
META_TTL = 3.0  # seconds the store's word on what it holds is trusted without asking again
# After the store failed to say, its last word stands this long: a store that hangs would otherwise
# cost every request a wait for the metadata before its own query's wait (measured: 4.5 s, not 3 s,
# per document with remote_timeout 3). Queries still go to the store, so a recovery shows at once.
META_HOLD_AFTER_FAILURE = 30.0
NO_GRAPH = META_GRAPH + "#none"  # names no graph: nothing is visible to GRAPH ?g


class RemoteStore(Store):
    """A SPARQL 1.1 service reached over HTTP: Protocol for queries, Update and Graph Store for loads."""

    kind = "remote"

    def __init__(self, url: str, options: dict[str, str] | None = None, timeout: float = 30.0) -> None:
        self.url, self.options, self.timeout = url, dict(options or {}), timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "pressrum"
        self.progress = None  # a callable(bytes_sent) the load command sets
        self._dialect: Dialect | None = DIALECTS[self.options["dialect"]] if "dialect" in self.options else None
        self._meta: tuple[float, Meta | None] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_spec(cls, spec: str, timeout: float = 30.0) -> RemoteStore:
        """Return the store a `sparql+http(s)://…[?dialect=…&query=…&update=…&gsp=…]` spec names."""
        parts = urlsplit(spec.removeprefix("sparql+"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"{spec!r} is not a remote store spec; use sparql+http://host:port/path")
        url = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(options) - {"query", "update", "gsp", "dialect"}
        if unknown:
            raise StoreError(f"unknown option(s) {', '.join(sorted(unknown))} in {spec!r}: "
                             "use dialect=, query=, update= and gsp=")
        if options.get("dialect", "sparql") not in DIALECTS:
            raise StoreError(f"unknown dialect {options['dialect']!r}; use one of {', '.join(DIALECTS)}")
        return cls(url, options, timeout)

    # --- the dialect and the endpoints ------------------------------------------------------------

    @property
    def dialect(self) -> Dialect:
        """Return the store's dialect, asking the store once when the spec does not name it."""
        if self._dialect is None:
            try:
                response = self.session.get(self.url, params={"query": "ASK {}"}, timeout=(5, 10))
            except requests.RequestException as error:
                raise StoreError("the store cannot be reached just now", f"{self.url}: {error}") from error
            response.close()
            self._dialect = recognise(response.headers.get("Server", ""))
        return self._dialect

    @property
    def endpoints(self) -> tuple[str, str, str]:
        """Return the query, update and Graph Store URLs."""
        return self.dialect.endpoints(self.url, self.options)

    def request(self, method: str, url: str, timeout: float, **kwargs) -> requests.Response:
        """Send one request; a store gone or too slow is a StoreError (the public message has no address)."""
        try:
            return self.session.request(method, url, timeout=(min(timeout, 10.0), timeout), **kwargs)
        except requests.Timeout as error:
            raise StoreError(f"the store did not answer within {timeout:g} s (query_timeout / remote_timeout)",
                             f"{url}: {error}") from error
        except requests.RequestException as error:
            raise StoreError("the store cannot be reached just now", f"{url}: {error}") from error

    # --- queries ----------------------------------------------------------------------------------

    def query(self, sparql: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, timeout: float | None = None,
              base_iri: str | None = None, limit: int | None = None) -> QueryResult:
        """Run a query (Protocol §2.1.2) and parse its answer, reading at most `limit` rows."""
        dialect, seconds = self.dialect, self.timeout if timeout is None else min(timeout, self.timeout)
        if default_graph is None:
            default_graph = [dialect.merge_graph]
        if named_graphs is None and uses_graphs(sparql):
            named_graphs = self.dataset_graphs()
        elif named_graphs is not None and self.meta() is not None:
            named_graphs = [g for g in named_graphs if g in self.dataset_graphs()]
        return self._query(sparql, default_graph, named_graphs, seconds, base_iri, limit)

    def _query(self, sparql: str, default_graph: Sequence[str] | None, named_graphs: Sequence[str] | None,
               seconds: float, base_iri: str | None = None, limit: int | None = None) -> QueryResult:
        if base_iri and RELATIVE_IRI.search(sparql):
            # A BASE before the query's own prologue (a later BASE of the query still wins); only
            # where a relative IRI may need it, so that the store's error positions stay right.
            sparql = f"BASE <{base_iri}>\n{sparql}"
        form = [("query", sparql), *(("default-graph-uri", g) for g in default_graph or ())]
        if named_graphs is not None:
            form += [("named-graph-uri", g) for g in named_graphs or (NO_GRAPH,)]
        # Half the time for the store: Virtuoso returns its partial answer about twice its `timeout` late.
        form += self.dialect.limit_params(seconds / 2)
        accept = GRAPH_ACCEPT if query_form(sparql) in ("construct", "describe") else RESULTS_ACCEPT
        url = self.endpoints[0]
        response = self.request("POST", url, seconds, data=form, stream=True, headers={"Accept": accept})
        try:
            return self._answer(response, url, seconds, limit, query_form(sparql))
        except requests.RequestException as error:
            raise StoreError(f"the store's answer did not arrive within {seconds:g} s", f"{url}: {error}") from error
        finally:
            response.close()  # an answer read only up to the cap: the connection goes, not back to the pool

    def _answer(self, response: requests.Response, url: str, seconds: float, limit: int | None,
                form: str | None) -> QueryResult:
        if response.status_code == 400:
            raise SyntaxError(f"error reported by the remote store: {response.text.strip()[:500]}")
        stopped = self.dialect.timed_out(response) if response.status_code != 200 else self.dialect.partial(response)
        if stopped is not None:  # the store's own limit: an "anytime" answer cut short, or its timeout error
            raise StoreError(f"the query ran longer than {seconds:g} s and was stopped by the store "
                             "(the `query_timeout` setting, or a lower `timeout` parameter)", stopped[:300])
        if response.status_code != 200:
            raise StoreError(f"the store answered {response.status_code} to the query",
                             f"{url}: {response.text.strip()[:300]}")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        response.raw.decode_content = True
        if media_type in RESULTS_TYPES:
            results = ox.parse_query_results(response.raw, format=RESULTS_TYPES[media_type])
            if form == "ask" and isinstance(results, ox.QuerySolutions):
                return _boolean(results)  # Virtuoso with `timeout`: ASK as a SELECT of ?__ASK_RETVAL
            if isinstance(results, ox.QueryBoolean) or limit is None:
                return results if isinstance(results, ox.QueryBoolean) else _reparse(results, None)
            return _reparse(results, limit)
        if media_type in GRAPH_TYPES:
            quads = ox.parse(response.raw, format=GRAPH_TYPES[media_type])
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q, _ in zip(quads, _upto(limit), strict=False)]
            return _Triples(iter(triples))
        raise StoreError("the store answered in a format pressrum cannot read",
                         f"{url} answered {media_type or 'no media type'}")

    # --- what the store holds ---------------------------------------------------------------------

    def meta(self, fresh: bool = False) -> Meta | None:
        """Return the store's metadata graph (cached META_TTL s); the last known if it cannot answer."""
        with self._lock:
            cached = self._meta
        if cached is not None and not fresh and time.monotonic() - cached[0] < META_TTL:
            return cached[1]
        try:  # a short wait: a request that asks this still has its own query to run
            meta = parse_meta(self._query(READ_META, None, [META_GRAPH], min(self.timeout / 2, 5.0)))
        except StoreError:
            if cached is None or fresh:
                raise
            with self._lock:  # the last word stands: no second wait per request
                self._meta = (time.monotonic() + META_HOLD_AFTER_FAILURE - META_TTL, cached[1])
            return cached[1]
        with self._lock:
            self._meta = (time.monotonic(), meta)
        return meta

    def dataset_graphs(self) -> list[str]:
        """Return the dataset's named graphs, as the store's metadata graph lists them."""
        meta = self.meta()
        return list(meta.graphs) if meta is not None else []

    def _meta_or_none(self) -> Meta | None:
        """Return the store's metadata graph, or None when there is none or the store cannot say."""
        try:
            return self.meta()
        except StoreError:
            return None

    def content_hash(self) -> str | None:
        """Return the content hash the store's metadata graph holds (None: no complete load)."""
        meta = self._meta_or_none()
        return meta.content_hash if meta is not None else None

    def loaded_at(self) -> datetime | None:
        """Return when the dataset the store holds was loaded, as its metadata graph says."""
        meta = self._meta_or_none()
        return meta.loaded if meta is not None else None

    def forget(self) -> None:
        """Drop the cached metadata (after a load)."""
        with self._lock:
            self._meta = None

    # --- loading ----------------------------------------------------------------------------------

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Run a SPARQL Update (loading only: the web layer never calls this)."""
        url = self.endpoints[1]
        response = self.request("POST", url, timeout or self.timeout, data={self.dialect.update_param: sparql})
        if response.status_code not in (200, 204):
            raise StoreError(f"the remote store refused an update ({response.status_code})",
                             f"{url}: {response.text.strip()[:300]}")

    def put_graph(self, graph: str | None, body, media_type: str, method: str = "PUT",
                  timeout: float = 3600.0) -> None:
        """Send RDF to the Graph Store endpoint (GSP §5.3 PUT, §5.5 POST); anything but success fails."""
        url = self.endpoints[2]
        params = {self.dialect.graph_param: graph} if graph else {}  # none: a quads upload (N-Quads)
        response = self.request(method, url, timeout, params=params, data=body,
                                headers={"Content-Type": media_type})
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"the remote store refused the data ({response.status_code})",
                             f"{url} {graph or 'default graph'}: {response.text.strip()[:300]}")

    def replace(self, source: bytes | IO[bytes] | Path, rdf_format: ox.RdfFormat,
                content_hash: str | None = None) -> None:
        """Replace the dataset, check what the store then holds, and write the metadata graph last."""
        from pressrum.store.remote_load import replace  # the loader, only when loading

        try:
            replace(self, source, rdf_format, content_hash)
        finally:
            self.forget()

    def chunks(self, source: bytes | IO[bytes] | Path) -> Iterator[bytes]:
        """Yield the bytes of a source in blocks, telling the progress callback."""
        sent = 0
        own = isinstance(source, (bytes, Path))
        source_file: IO[bytes] = (io.BytesIO(source) if isinstance(source, bytes)
                                  else source.open("rb") if isinstance(source, Path) else source)
        try:
            while chunk := source_file.read(1 << 20):
                sent += len(chunk)
                if self.progress is not None:
                    self.progress(sent)
                yield chunk
        finally:
            if own:
                source_file.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self.session.close()


def uses_graphs(sparql: str) -> bool:
    """Tell whether a query has the keyword GRAPH (outside IRIs, strings and comments)."""
    return GRAPH_KEYWORD.search(NOT_KEYWORDS.sub(" ", sparql)) is not None


def _upto(limit: int | None) -> Iterator[None]:
    return iter(int, 1) if limit is None else iter([None] * limit)


def _boolean(results: ox.QuerySolutions) -> ox.QueryBoolean:
    row = next(iter(results), None)
    value = row[0].value if row is not None and row[0] is not None else "0"
    answer = b"true" if value in ("1", "true") else b"false"
    return ox.parse_query_results(b'{"head":{},"boolean":' + answer + b"}", format=ox.QueryResultsFormat.JSON)


def _reparse(results: ox.QuerySolutions, limit: int | None) -> ox.QuerySolutions:
    """Read the streamed solutions up to `limit` and return them as an in-memory QuerySolutions."""
    variables = results.variables
    lines = ["\t".join(str(v) for v in variables)]
    for row, _ in zip(results, _upto(limit), strict=False):
        lines.append("\t".join("" if row[v] is None else str(row[v]) for v in variables))
    return ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)


class _Triples:
    """The triples of a CONSTRUCT or DESCRIBE answer (iterable once, like pyoxigraph's QueryTriples)."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._triples

    def serialize(self, output=None, format: ox.RdfFormat | None = None):  # noqa: A002 (pyoxigraph's name)
        """Write the triples like QueryTriples.serialize (the query runner streams answers through it)."""
        return ox.serialize(self._triples, output, format=format)
