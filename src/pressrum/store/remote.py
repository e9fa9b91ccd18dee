"""A remote SPARQL 1.1 store: `--store sparql+http://host:port/path` (Oxigraph server, Fuseki, …).

The spec names the service; its three endpoints default to Oxigraph server's layout and can each be
overridden by a query parameter, relative to the service URL or absolute:

    sparql+http://localhost:7878                      Oxigraph server: /query, /update, /store
    sparql+http://localhost:3030/ds?gsp=data          Fuseki: /ds/query, /ds/update, /ds/data
    sparql+https://host/repositories/r?query=.&update=statements&gsp=rdf-graphs/service   (GraphDB)

Answers are parsed by pyoxigraph (parse_query_results, parse), so the web layer gets the same
objects as from the embedded store. A store that cannot be reached raises StoreError (→ 503 with
Retry-After).

Loading (`replace`): DROP ALL, one streamed POST of the N-Quads to the Graph Store endpoint (HTTP
chunked transfer; a single request, so blank nodes keep their identity across the whole file), then
the merge is materialised into the default graph by SPARQL Update, as in the embedded store. The
content hash of the loaded dataset is kept in a small JSON file in the build folder, one per
service URL (not in the store: a meta graph would show up in `GRAPH ?g` and make the backends
differ). Without that file the hash is unknown and the dataset is loaded again, which is safe.
The replacement is not atomic: queries during a load see part of the data.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from pressrum.store.base import MATERIALISE_DEFAULT_GRAPH, QueryResult, Store, StoreError

# An IRIREF without a scheme (SPARQL 1.1 Query §19.5; RFC 3986 §4.2: a relative reference).
RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\x00-\x20]*>")

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
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8")
CHUNK = 1 << 20


class RemoteStore(Store):
    """A SPARQL 1.1 service reached over HTTP: Protocol for queries, Update and Graph Store for loads."""

    kind = "remote"

    def __init__(self, url: str, query_url: str, update_url: str, gsp_url: str,
                 timeout: float = 30.0, meta_dir: Path | None = None) -> None:
        self.url, self.query_url, self.update_url, self.gsp_url = url, query_url, update_url, gsp_url
        self.timeout = timeout
        self.meta_path = None if meta_dir is None else Path(meta_dir) / (
            "remote-store-" + hashlib.sha256(url.encode()).hexdigest()[:16] + ".json")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "pressrum"
        self.progress = None  # a callable(bytes_sent) the load command sets

    @classmethod
    def from_spec(cls, spec: str, timeout: float = 30.0, meta_dir: Path | None = None) -> RemoteStore:
        """Return the store a `sparql+http(s)://…[?query=…&update=…&gsp=…]` spec names."""
        parts = urlsplit(spec.removeprefix("sparql+"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"{spec!r} is not a remote store spec; use sparql+http://host:port/path")
        url = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(options) - {"query", "update", "gsp"}
        if unknown:
            raise StoreError(f"unknown option(s) {', '.join(sorted(unknown))} in {spec!r}: "
                             "use query=, update= and gsp=")

        def endpoint(name: str, default: str) -> str:
            value = options.get(name, default)
            return url if value == "." else urljoin(url + "/", value)

        return cls(url, endpoint("query", "query"), endpoint("update", "update"), endpoint("gsp", "store"),
                   timeout, meta_dir)

    # --- queries ----------------------------------------------------------------------------------

    def _post(self, url: str, timeout: float, **kwargs) -> requests.Response:
        try:
            response = self.session.post(url, timeout=(min(timeout, 10.0), timeout), **kwargs)
        except requests.Timeout as error:
            raise StoreError(f"the store did not answer within {timeout:g} s (query_timeout / remote_timeout)",
                             f"{url}: {error}") from error
        except requests.RequestException as error:
            raise StoreError("the store cannot be reached just now", f"{url}: {error}") from error
        return response

    def query(self, sparql: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              timeout: float | None = None, base_iri: str | None = None) -> QueryResult:
        """Run a query on the remote service (SPARQL 1.1 Protocol §2.1.3) and parse its answer."""
        params = [("default-graph-uri", g) for g in default_graph or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        if base_iri and RELATIVE_IRI.search(sparql):
            # A BASE before the query's own prologue (a later BASE of the query still wins); only
            # where a relative IRI may need it, so that the store's error positions stay right.
            sparql = f"BASE <{base_iri}>\n{sparql}"
        response = self._post(self.query_url, limit, params=params, data=sparql.encode(),
                              headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                       "Accept": ACCEPT})
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if response.status_code == 400:
            raise SyntaxError(f"error reported by the remote store: {response.text.strip()[:500]}")
        if response.status_code != 200:
            raise StoreError(f"the store answered {response.status_code} to the query",
                             f"{self.query_url}: {response.text.strip()[:300]}")
        if media_type in RESULTS_TYPES:
            return ox.parse_query_results(response.content, format=RESULTS_TYPES[media_type])
        if media_type in GRAPH_TYPES:
            quads = ox.parse(response.content, format=GRAPH_TYPES[media_type])
            return _Triples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        raise StoreError("the store answered in a format pressrum cannot read",
                         f"{self.query_url} answered {media_type or 'no media type'}")

    # --- loading ----------------------------------------------------------------------------------

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Run a SPARQL Update on the remote service (loading only: the web layer never calls this)."""
        response = self._post(self.update_url, timeout or self.timeout, data=sparql.encode(),
                              headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        if response.status_code not in (200, 204):
            raise StoreError(f"the remote store {self.url} refused an update ({response.status_code}): "
                             f"{response.text.strip()[:300]}")

    def replace(self, source: bytes | IO[bytes] | Path, rdf_format: ox.RdfFormat,
                content_hash: str | None = None) -> None:
        """Drop everything, stream the quads to the Graph Store endpoint, then materialise the merge."""
        self._write_meta(None)  # a load that fails half-way leaves the hash unknown: reload next time
        load_timeout = max(self.timeout, 3600.0)
        self.update("DROP ALL", load_timeout)
        media_type = rdf_format.media_type
        body = self._chunks(source)
        response = self._post(self.gsp_url, load_timeout, data=body, headers={"Content-Type": media_type})
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"the remote store {self.url} refused the data ({response.status_code}): "
                             f"{response.text.strip()[:300]}")
        self.update(MATERIALISE_DEFAULT_GRAPH, load_timeout)
        self._write_meta(content_hash)

    def _chunks(self, source: bytes | IO[bytes] | Path) -> Iterator[bytes]:
        sent = 0
        if isinstance(source, bytes):
            source_file: IO[bytes] = io.BytesIO(source)
        elif isinstance(source, Path):
            source_file = source.open("rb")
        else:
            source_file = source
        try:
            while chunk := source_file.read(CHUNK):
                sent += len(chunk)
                if self.progress is not None:
                    self.progress(sent)
                yield chunk
        finally:
            if isinstance(source, Path):
                source_file.close()

    def _write_meta(self, content_hash: str | None) -> None:
        if self.meta_path is None:
            return
        self.meta_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"url": self.url, "content_hash": content_hash}))
        tmp.replace(self.meta_path)

    def content_hash(self) -> str | None:
        """Return the hash recorded when this service was last loaded from here, if known."""
        if self.meta_path is None or not self.meta_path.exists():
            return None
        try:
            return json.loads(self.meta_path.read_text()).get("content_hash")
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        """Close the HTTP connections."""
        self.session.close()


class _Triples:
    """The triples of a CONSTRUCT or DESCRIBE answer (iterable once, like pyoxigraph's QueryTriples)."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._triples

    def serialize(self, output=None, format: ox.RdfFormat | None = None):  # noqa: A002 (pyoxigraph's name)
        """Write the triples like QueryTriples.serialize (the query runner streams answers through it)."""
        return ox.serialize(self._triples, output, format=format)
