"""Run one query on a store, here, and serialise its answer with the engine's own writers, capped."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pyoxigraph as ox

from pressrum.formats import BY_KEY, NTRIPLES, TSV
from pressrum.store import Store, StoreError


@dataclass(frozen=True)
class Job:
    """One query to run, with the formats each query form may be written in."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    results_format: str | None = "json"   # a key of formats.BY_KEY, for SELECT and ASK
    graph_format: str | None = "turtle"   # for CONSTRUCT and DESCRIBE
    max_rows: int = 10000
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None           # resolves relative IRIs in the query (the endpoint's IRI)


@dataclass(frozen=True)
class Answer:
    """A serialised answer: its form ('select', 'ask' or 'graph'), format key and body."""

    form: str
    format: str
    body: bytes
    rows: int
    truncated: bool


class NotAcceptable(Exception):
    """The query form has no format the client accepts."""

    def __init__(self, form: str) -> None:
        super().__init__(form)
        self.form = form


def execute(store: Store, job: Job, timeout: float | None = None) -> Answer:
    """Run a job on a store and serialise the answer (pyoxigraph's serialisers), capped at max_rows.

    No Python object per row: the engine writes the answer as TSV (SELECT) or N-Triples (graphs),
    one solution or triple per line, into a writer that stops the evaluation at line max_rows + 1;
    the first max_rows lines are then parsed and written in the asked format by pyoxigraph (or sent
    as they are, when the format is the line format itself).
    """
    result = store.query(job.query, default_graph=job.default_graphs, named_graphs=job.named_graphs,
                         timeout=timeout, base_iri=job.base_iri,
                         limit=job.max_rows + 1)
    if isinstance(result, ox.QueryBoolean):
        fmt = _format(job.results_format, "ask")
        return Answer("ask", fmt.key, result.serialize(format=fmt.oxigraph), 1, False)
    if isinstance(result, ox.QuerySolutions):
        fmt = _format(job.results_format, "select")
        # N-Triples term syntax is valid SPARQL TSV term syntax (SPARQL 1.1 CSV/TSV §3.2): the
        # capped TSV round-trips into a QuerySolutions pyoxigraph can write in any results format.
        tsv, rows, truncated = _capped_lines(result, TSV.oxigraph, job.max_rows, header=True)
        if fmt is not TSV or truncated:
            tsv = ox.parse_query_results(tsv, format=TSV.oxigraph).serialize(format=fmt.oxigraph)
        return Answer("select", fmt.key, tsv, rows, truncated)
    fmt = _format(job.graph_format, "graph")
    lines, rows, truncated = _capped_lines(result, NTRIPLES.oxigraph, job.max_rows, header=False)
    if fmt is NTRIPLES:
        return Answer("graph", fmt.key, lines, rows, truncated)
    triples = ox.parse(lines, format=NTRIPLES.oxigraph)
    body = ox.serialize(triples, format=fmt.oxigraph, prefixes=job.prefixes or None)
    return Answer("graph", fmt.key, body, rows, truncated)


class _Capped(Exception):
    """The answer has more lines than the row cap (raised from inside pyoxigraph's serialiser)."""


class _LineCap(io.RawIOBase):
    """A binary writer that keeps what it is given and stops the writer after `limit` newlines."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.buffer, self.limit, self.lines = bytearray(), limit, 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        self.lines += data.count(b"\n") if isinstance(data, bytes) else bytes(data).count(b"\n")
        if self.lines > self.limit:
            raise _Capped
        return len(data)


def _capped_lines(result: ox.QuerySolutions | ox.QueryTriples, fmt, max_rows: int,
                  header: bool) -> tuple[bytes, int, bool]:
    """Serialise a line-per-row answer, stopping the engine after max_rows rows (+ a header line)."""
    limit = max_rows + (1 if header else 0)
    sink = _LineCap(limit)
    try:
        result.serialize(sink, format=fmt)
    except _Capped:
        data = bytes(sink.buffer)
        end = -1
        for _ in range(limit):
            end = data.index(b"\n", end + 1)
        return data[:end + 1], max_rows, True
    data = bytes(sink.buffer)
    return data, data.count(b"\n") - (1 if header else 0), False


def _format(key: str | None, form: str):
    if key is None:
        raise NotAcceptable(form)
    return BY_KEY[key]


def run_inline(store: Store, job: Job, timeout: float | None = None) -> Answer | BaseException:
    """Run a job here and return its answer, or the exception that stopped it."""
    try:
        return execute(store, job, timeout)
    except (SyntaxError, NotAcceptable, StoreError, OSError, ValueError) as error:
        return error
