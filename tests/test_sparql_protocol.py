"""The SPARQL 1.1 Protocol query operation at /sparql, through the Flask test client.

Also holds the helpers the other SPARQL tests import (an app over the built dataset, a reference
store queried directly, a listener that records connections)."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from pressrum.build.dataset import BuiltDataset
from pressrum.build.publication import Publication
from pressrum.namespaces import Minter
from pressrum.settings import load_settings
from pressrum.store import MATERIALISE_DEFAULT_GRAPH, EmbeddedStore

BASE = "http://localhost:8080/"


def make_app(built: BuiltDataset, build_dir: Path, **overrides: Any):
    """Return an app serving `built` from memory (loaded directly: the SPARQL layer is under test)."""
    from pressrum.web.app import create_app

    settings = load_settings({"base_uri": BASE, "store": "memory", "build": False,
                              "build_dir": build_dir, **overrides})
    store = EmbeddedStore()
    store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
    publication = Publication(settings, Minter(BASE), store, built.content_hash)
    app = create_app({"publication": publication})
    app.config["TESTING"] = True
    return app


def reference_store(built: BuiltDataset) -> ox.Store:
    """Return a pyoxigraph store holding the same data as the app, queried directly."""
    store = ox.Store()
    store.bulk_load(input=built.nquads(), format=ox.RdfFormat.N_QUADS)
    store.update(MATERIALISE_DEFAULT_GRAPH)
    return store


def triple_count(app) -> int:
    """Return the number of quads in the app's store, read directly (not through HTTP)."""
    from pressrum.build.publication import publication_of

    store = publication_of(app).store
    return len(list(store.oxigraph.quads_for_pattern(None, None, None)))


class Listener:
    """A TCP listener on a free loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- fixtures ------------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o LIMIT 40"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/NewsArticle> ; ?p ?o }"
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@pytest.fixture(scope="module")
def sparql_app(built, tmp_path_factory):
    application = make_app(built, tmp_path_factory.mktemp("sparql"))
    yield application
    application.extensions["pressrum.query_runner"].close()


@pytest.fixture()
def http(sparql_app):
    return sparql_app.test_client()


@pytest.fixture(scope="module")
def reference(built):
    return reference_store(built)


def plain(term):
    """Return a term with blank nodes made comparable (their labels differ between two loads)."""
    return "_:blank" if isinstance(term, ox.BlankNode) else term


def solutions(body: bytes, fmt: ox.QueryResultsFormat = ox.QueryResultsFormat.JSON) -> list[dict]:
    parsed = ox.parse_query_results(body, format=fmt)
    names = [v.value for v in parsed.variables]
    return [{n: plain(row[n]) for n in names} for row in parsed]


def direct(store: ox.Store, query: str, **kwargs) -> list[dict]:
    result = store.query(query, **kwargs)
    names = [v.value for v in result.variables]
    return [{n: plain(row[n]) for n in names} for row in result]


def triples(items) -> set[tuple]:
    return {(plain(t.subject), t.predicate, plain(t.object)) for t in items}


def count_of(response) -> int:
    assert response.status_code == 200, response.data
    return int(solutions(response.data)[0]["n"].value)


# --- the three ways to send a query (§2.1.1–2.1.3) ---------------------------------------------

def test_get_form_post_and_direct_post_answer_alike(http, reference):
    expected = direct(reference, SELECT)
    by_get = http.get("/sparql", query_string={"query": SELECT})
    by_form = http.post("/sparql", data={"query": SELECT})
    by_body = http.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.data
        assert response.mimetype == "application/sparql-results+json"
        assert solutions(response.data) == expected
    assert len(expected) == 40


def test_the_default_graph_is_the_merge_each_triple_once(http, reference):
    quads = {(q.subject, q.predicate, q.object) for q in reference.quads_for_pattern(None, None, None)
             if q.graph_name != ox.DefaultGraph()}
    assert count_of(http.get("/sparql", query_string={"query": COUNT})) == len(quads)


def test_a_form_body_is_decoded_once(http):
    # "%2541" is "%41" after one decoding and "A" after two (the peers' double-decoding bug).
    body = "query=" + quote('SELECT ?x WHERE { BIND("%41 + å" AS ?x) }', safe="")
    response = http.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    assert solutions(response.data)[0]["x"].value == "%41 + å"


def test_a_direct_post_body_is_utf8(http):
    query = 'SELECT ?x WHERE { BIND("Rättvik" AS ?x) }'
    response = http.post("/sparql", data=query.encode(), content_type="application/sparql-query; charset=UTF-8")
    assert solutions(response.data)[0]["x"].value == "Rättvik"


# --- the dataset: default-graph-uri, named-graph-uri, FROM (§2.1.4) -----------------------------

def _graphs(reference) -> list[str]:
    return sorted(row["g"].value for row in direct(reference, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"))


def test_default_graph_uri_selects_a_graph(http, reference):
    graph = next(g for g in _graphs(reference) if "/graph/release/" in g)
    expected = len(list(reference.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    response = http.get("/sparql", query_string={"query": COUNT, "default-graph-uri": graph})
    assert count_of(response) == expected


def test_named_graph_uri_selects_the_named_graphs(http, reference):
    graphs = _graphs(reference)[:2]
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    response = http.get("/sparql", query_string=[("query", query)] + [("named-graph-uri", g) for g in graphs])
    assert [row["g"].value for row in solutions(response.data)] == graphs


def test_dataset_iris_are_never_fetched(http):
    with Listener() as listener:
        queries = [
            ("get", {"query": f"SELECT (COUNT(*) AS ?n) FROM <{listener.url}> WHERE {{ ?s ?p ?o }}"}),
            ("get", {"query": f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
            ("get", {"query": COUNT, "default-graph-uri": listener.url}),
            ("get", {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": listener.url}),
        ]
        for _, params in queries:
            response = http.get("/sparql", query_string=params)
            assert response.status_code == 200, response.data
            assert solutions(response.data) in ([], [{"n": ox.Literal("0", datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer"))}])
        threading.Event().wait(0.5)
        assert listener.connections == 0


# --- result formats: Accept (q-values) and ?format= ----------------------------------------------

@pytest.mark.parametrize("media_type", RESULTS)
def test_select_in_every_results_format(http, reference, media_type):
    response = http.get("/sparql", query_string={"query": SELECT}, headers={"Accept": media_type})
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    if media_type == "text/csv":  # CSV loses term kinds by design (SPARQL 1.1 CSV/TSV §2): compare text
        rows = list(csv.reader(io.StringIO(response.data.decode())))
        assert rows[0] == ["s", "p", "o"] and len(rows) == 41
        assert rows[1] == [str(t.value) for t in direct(reference, SELECT)[0].values()]
        return
    assert solutions(response.data, RESULTS[media_type]) == direct(reference, SELECT)


@pytest.mark.parametrize("media_type", RESULTS)
def test_ask_in_every_results_format(http, media_type):
    response = http.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    if media_type in ("application/sparql-results+json", "application/sparql-results+xml"):
        assert bool(ox.parse_query_results(response.data, format=RESULTS[media_type])) is True


@pytest.mark.parametrize("media_type", GRAPHS)
def test_construct_in_every_rdf_format(http, reference, media_type):
    response = http.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": media_type})
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    got = triples(ox.parse(response.data, format=GRAPHS[media_type]))
    expected = triples(reference.query(CONSTRUCT))
    assert got == expected and expected


@pytest.mark.parametrize("media_type", GRAPHS)
def test_describe_in_every_rdf_format(http, media_type):
    query = "DESCRIBE ?r WHERE { ?r a <https://schema.org/NewsArticle> }"
    response = http.get("/sparql", query_string={"query": query}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    assert list(ox.parse(response.data, format=GRAPHS[media_type]))


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("text/turtle, text/csv;q=0.5", "text/csv"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
])
def test_select_negotiation_table(http, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", query_string={"query": COUNT}, headers=headers)
    assert response.status_code == 200 and response.mimetype == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("html", "text/html"),
])
def test_format_parameter_overrides_accept(http, name, expected):
    response = http.get("/sparql", query_string={"query": COUNT, "format": name}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("turtle", "text/turtle"), ("jsonld", "application/ld+json"), ("rdfxml", "application/rdf+xml"),
    ("ntriples", "application/n-triples"),
])
def test_format_parameter_for_graphs(http, name, expected):
    response = http.post("/sparql", data={"query": CONSTRUCT, "format": name})
    assert response.status_code == 200 and response.mimetype == expected


@pytest.mark.parametrize(("name", "expected"), [("xml", "application/rdf+xml"), ("json", "application/ld+json")])
def test_format_json_and_xml_name_a_graph_format_of_the_same_family(http, name, expected):
    # SPARQLWrapper sends format=xml (or json) whatever the query form.
    response = http.get("/sparql", query_string={"query": CONSTRUCT, "format": name, "output": name})
    assert response.status_code == 200 and response.mimetype == expected


def test_unacceptable_formats_get_406(http):
    response = http.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = http.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = http.get("/sparql", query_string={"query": "SELECT * {}"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406 and b"SELECT" in response.data


@pytest.mark.parametrize("accept", ["text/csv", "application/sparql-results+json", "application/sparql-results+xml"])
def test_a_graph_asked_for_with_only_results_types_gets_the_default_rdf_format(http, accept):
    # rdflib's SPARQLStore(returnFormat="json") sends a results type for every query form; RFC 9110
    # §12.5.1 lets the server answer in its default rather than 406.
    response = http.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    assert http.get("/sparql", query_string={"query": COUNT, "format": "png"}).status_code == 400


def test_results_keep_datatypes_and_language_tags(http):
    query = 'SELECT ?a ?b ?c ?d WHERE { BIND("x"@sv AS ?a) BIND(1.5 AS ?b) BIND("t\\tab\\nline" AS ?c) }'
    for media_type, fmt in RESULTS.items():
        if media_type == "text/csv":
            continue
        response = http.get("/sparql", query_string={"query": query}, headers={"Accept": media_type})
        row = solutions(response.data, fmt)[0]
        assert row["a"] == ox.Literal("x", language="sv")
        assert row["b"] == ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        assert row["c"] == ox.Literal("t\tab\nline")
        assert row["d"] is None


# --- protocol errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_method_is_405_with_allow(http, method):
    response = getattr(http, method)("/sparql", query_string={"query": COUNT})
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"] and "GET" in response.headers["Allow"]
    assert method.upper().encode() in response.data


def test_two_query_strings_are_400(http):
    twice = http.get("/sparql", query_string=[("query", COUNT), ("query", COUNT)])
    assert twice.status_code == 400 and b"2 `query` parameters" in twice.data
    both = http.post("/sparql?" + "query=" + quote(COUNT), data={"query": COUNT})
    assert both.status_code == 400 and b"twice" in both.data
    direct_and_url = http.post("/sparql?query=" + quote(COUNT), data=COUNT, content_type="application/sparql-query")
    assert direct_and_url.status_code == 400 and b"twice" in direct_and_url.data
    form_twice = http.post("/sparql", data="query=ASK%7B%7D&query=ASK%7B%7D",
                           content_type="application/x-www-form-urlencoded")
    assert form_twice.status_code == 400


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json", "application/sparql-results+json"])
def test_wrong_or_missing_media_type_is_415(http, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = http.post("/sparql", data=COUNT.encode(), headers=headers)
    assert response.status_code == 415, response.data
    assert b"application/sparql-query" in response.data


def test_a_declared_charset_other_than_utf8_is_415(http):
    response = http.post("/sparql", data=COUNT.encode("latin-1"),
                         content_type="application/sparql-query; charset=latin1")
    assert response.status_code == 415 and b"UTF-8" in response.data


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_non_utf8_is_400(http, how):
    if how == "get":
        response = http.get("/sparql?query=ASK%7B%FF%7D")
    elif how == "form":
        response = http.post("/sparql", data=b"query=ASK%7B%FF%7D", content_type="application/x-www-form-urlencoded")
    else:
        response = http.post("/sparql", data='ASK { FILTER("ö") }'.encode("latin-1"),
                             content_type="application/sparql-query")
    assert response.status_code == 400 and b"UTF-8" in response.data


def test_syntax_error_is_400_with_line_and_column(http):
    response = http.get("/sparql", query_string={"query": "SELECT *\nWHERE { ?s ?p }"})
    assert response.status_code == 400
    assert b"syntax error" in response.data and b"line 2, column" in response.data


def test_a_post_without_query_is_400(http):
    assert http.post("/sparql", data={"format": "json"}).status_code == 400
    assert http.post("/sparql", data=b"", content_type="application/sparql-query").status_code == 400


@pytest.mark.parametrize("value", ["abc", "-1", "0", "nan"])
def test_bad_timeout_parameter_is_400(http, value):
    response = http.get("/sparql", query_string={"query": COUNT, "timeout": value})
    assert response.status_code == 400 and b"timeout" in response.data


def test_a_larger_timeout_parameter_does_not_raise_the_setting():
    from pressrum.sparql.protocol import request_timeout

    assert request_timeout("1000", 10.0) == 10.0
    assert request_timeout("2.5", 10.0) == 2.5
    assert request_timeout(None, 10.0) == 10.0


# --- read-only: no update ever reaches the store ------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "CREATE GRAPH <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "MOVE DEFAULT TO <http://example.org/g>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "PREFIX ex: <http://example.org/>\nwith ex:g delete { ?s ?p ?o } where { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_every_route_and_the_store_is_untouched(sparql_app, http, update):
    before = triple_count(sparql_app)
    routes = [
        http.get("/sparql", query_string={"query": update}),
        http.post("/sparql", data={"query": update}),
        http.post("/sparql", data=update.encode(), content_type="application/sparql-query"),
        http.post("/sparql", data={"update": update}),
        http.get("/sparql", query_string={"update": update}),
        http.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
        http.put("/sparql", data=update.encode(), content_type="application/sparql-update"),
        http.delete("/sparql"),
    ]
    for response in routes:
        assert response.status_code in (400, 405), (response.status_code, response.data)
    assert b"read-only" in routes[0].data
    assert triple_count(sparql_app) == before


# --- SERVICE and sizes ----------------------------------------------------------------------------

def test_service_is_refused_and_never_contacted(http):
    with Listener() as listener:
        for query in (
            f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
            f"PREFIX r: <http://127.0.0.1:{listener.port}/>\nSELECT * WHERE {{ service r:sparql {{ ?s ?p ?o }} }}",
            "SELECT * WHERE { BIND(<" + listener.url + "> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        ):
            for response in (http.get("/sparql", query_string={"query": query}),
                             http.post("/sparql", data=query, content_type="application/sparql-query")):
                assert response.status_code == 400, response.data
                assert b"service_allowlist" in response.data
        threading.Event().wait(0.5)
        assert listener.connections == 0


def test_too_long_query_is_413_naming_the_setting(sparql_app, http):
    limit = sparql_app.extensions["pressrum"].settings["max_query_length"]
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * limit
    response = http.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 413 and b"max_query_length" in response.data


def test_too_large_body_is_413_naming_the_setting(sparql_app, http):
    limit = sparql_app.extensions["pressrum"].settings["max_request_body"]
    response = http.post("/sparql", data=b"#" * (limit + 1), content_type="application/sparql-query")
    assert response.status_code == 413 and b"max_request_body" in response.data
    response = http.post("/sparql", data={"query": "#" * (limit + 1)})
    assert response.status_code == 413 and b"max_request_body" in response.data


def test_deep_nesting_is_refused_before_the_parser(http):
    for query in ("SELECT * WHERE " + "{" * 5000 + "}" * 5000,
                  "SELECT * WHERE { FILTER(" + "!" * 15000 + "true) }",
                  "ASK { FILTER(" + "-" * 15000 + "1) }"):
        response = http.post("/sparql", data=query, content_type="application/sparql-query")
        assert response.status_code == 400 and b"max_query_nesting" in response.data
    assert count_of(http.get("/sparql", query_string={"query": COUNT})) > 0  # still alive


# --- the row cap --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def capped_app(built, tmp_path_factory):
    application = make_app(built, tmp_path_factory.mktemp("capped"), max_rows=7)
    yield application
    application.extensions["pressrum.query_runner"].close()


def test_row_cap_is_stated_in_a_header(capped_app, reference):
    http = capped_app.test_client()
    query = SELECT.replace(" LIMIT 40", "")
    for media_type, fmt in RESULTS.items():
        response = http.get("/sparql", query_string={"query": query}, headers={"Accept": media_type})
        assert response.headers["X-Pressrum-Truncated"] == "max_rows=7"
        if media_type != "text/csv":
            assert solutions(response.data, fmt) == direct(reference, query)[:7]
    graph = http.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                     headers={"Accept": "application/n-triples"})
    assert graph.headers["X-Pressrum-Truncated"] == "max_rows=7" and len(list(ox.parse(
        graph.data, format=ox.RdfFormat.N_TRIPLES))) == 7
    small = http.get("/sparql", query_string={"query": query + " LIMIT 7"})
    assert "X-Pressrum-Truncated" not in small.headers


def test_row_cap_is_stated_on_the_results_page(capped_app):
    response = capped_app.test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "lang": "en"},
        headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert b"Truncated" in response.data and b"max_rows" in response.data


# --- the service description and the query page -----------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize("media_type", GRAPHS)
def test_service_description_by_negotiation(http, reference, media_type):
    response = http.get("/sparql", headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    store = ox.Store()
    store.load(response.data, format=GRAPHS[media_type], base_iri="http://localhost/sparql")
    ask = lambda q: bool(store.query(f"PREFIX sd: <{SD}>\nASK {{ {q} }}"))  # noqa: E731
    assert ask("?s a sd:Service ; sd:endpoint <http://localhost/sparql> ; sd:supportedLanguage sd:SPARQL11Query")
    formats = direct(store, f"PREFIX sd: <{SD}> SELECT ?f WHERE {{ ?s sd:resultFormat ?f }}")
    assert {row["f"].value.rsplit("/", 1)[1] for row in formats} == {
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "JSON-LD", "RDF_XML", "N-Triples"}
    names = direct(store, f"PREFIX sd: <{SD}> SELECT ?g WHERE {{ ?s sd:defaultDataset/sd:namedGraph/sd:name ?g }}")
    assert sorted(row["g"].value for row in names) == _graphs(reference)
    assert ask("?s sd:defaultDataset/sd:defaultGraph ?g . ?s sd:feature ?f")
    assert ask("?s <https://w3id.org/pressrum/def/limits#queryTimeout> ?t ; "
               "<https://w3id.org/pressrum/def/limits#maxRows> ?r")


def test_service_description_by_format_parameter(http):
    response = http.get("/sparql?format=ntriples")
    assert response.mimetype == "application/n-triples"
    assert http.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_browsers_get_the_query_page(http):
    response = http.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    assert '<form method="post"' in page and 'name="query"' in page
    assert "PREFIX schema: &lt;https://schema.org/&gt;" in page  # prefixes prefilled
    assert page.count("format=html") >= 5  # example queries


@pytest.mark.parametrize("params", [
    {}, {"query": "SELECT * WHERE { ?s ?p ?o }", "format": "html"}, {"query": "ASK { ?s ?p ?o }", "format": "html"},
    {"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "html"},
])
def test_query_pages_are_strict_html5(capped_app, params):
    import html5lib

    response = capped_app.test_client().get("/sparql", query_string=params, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    html5lib.HTMLParser(strict=True).parse(response.data)


def test_every_example_query_answers(http):
    from pressrum.sparql.query_page import EXAMPLES, prefix_block

    for example in EXAMPLES:
        response = http.get("/sparql", query_string={"query": prefix_block() + example.query},
                            headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
        assert response.status_code == 200, (example.title, response.data)
        if response.mimetype == "text/turtle":
            assert list(ox.parse(response.data, format=ox.RdfFormat.TURTLE)), example.title
        else:
            assert solutions(response.data), example.title


def test_results_page_links_iris_to_entity_pages(http):
    query = "SELECT ?release ?headline WHERE { ?release a <https://schema.org/NewsArticle> ; " \
            "<https://schema.org/headline> ?headline }"
    page = http.post("/sparql", data={"query": query, "format": "html"}).data.decode()
    assert '<a href="http://localhost/id/release/' in page  # our IRIs point at this server
    assert "<table>" in page and "@sv" in page
    for label in ("SPARQL JSON", "SPARQL XML", "CSV", "TSV"):
        assert f">{label}</a>" in page  # download links
    construct = http.post("/sparql", data={"query": CONSTRUCT, "format": "html"}).data.decode()
    assert ">Turtle</a>" in construct and ">JSON-LD</a>" in construct


def test_cors_and_vary(http):
    response = http.get("/sparql", query_string={"query": COUNT})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Vary"] == "Accept"


def test_results_json_is_valid_json(http):
    response = http.get("/sparql", query_string={"query": SELECT})
    assert json.load(io.BytesIO(response.data))["head"]["vars"] == ["s", "p", "o"]
