"""Real clients against the production server (`pressrum serve`, gunicorn + gevent): SPARQLWrapper,
rdflib's SPARQLStore and requests for every Accept; answers equal pyoxigraph's on the same data."""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, XML, SPARQLWrapper

from pressrum.build.dataset import build_dataset
from pressrum.settings import PROJECT_ROOT
from pressrum.store import MATERIALISE_DEFAULT_GRAPH
from tests.test_sparql_protocol import GRAPHS
from tests.test_sparql_protocol import RESULTS as PROTOCOL_RESULTS

pytestmark = pytest.mark.slow

SELECT = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } "
          "ORDER BY ?s ?p ?o LIMIT 50")
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/NewsArticle> ; ?p ?o }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
# pyoxigraph parses results back from JSON, XML and TSV (not CSV), so those are the ones compared here.
RESULTS = {media: fmt for media, fmt in PROTOCOL_RESULTS.items() if fmt != ox.QueryResultsFormat.CSV}


@pytest.fixture(scope="module")
def endpoint(live_server) -> str:
    return live_server + "sparql"


@pytest.fixture(scope="module")
def reference(live_server) -> ox.Store:
    """The same data, built with the live server's base IRI and queried by pyoxigraph directly."""
    built = build_dataset(PROJECT_ROOT / "data", PROJECT_ROOT / "ontology", live_server)
    store = ox.Store()
    store.bulk_load(input=built.nquads(), format=ox.RdfFormat.N_QUADS)
    store.update(MATERIALISE_DEFAULT_GRAPH)
    return store


def expected_rows(reference: ox.Store, query: str = SELECT) -> list[tuple[str, ...]]:
    result = reference.query(query)
    names = [v.value for v in result.variables]
    return [tuple(str(row[n]) for n in names) for row in result]


def rdflib_term(term) -> str:
    """Return an rdflib term in N-Triples syntax, as str() gives for a pyoxigraph term."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return str(ox.Literal(str(term), language=term.language) if term.language else
                   ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or
                                                                   "http://www.w3.org/2001/XMLSchema#string"))))
    return str(term)


def test_sparqlwrapper_json(endpoint, reference):
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    got = [tuple(str(_from_json(b[n])) for n in ("s", "p", "o")) for b in bindings]
    assert got == expected_rows(reference)


def _from_json(binding: dict):
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    return ox.Literal(binding["value"], datatype=ox.NamedNode(
        binding.get("datatype", "http://www.w3.org/2001/XMLSchema#string")))


def test_sparqlwrapper_xml(endpoint, reference):
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT)
    client.setReturnFormat(XML)
    document = client.query().convert()  # an xml.dom.minidom Document
    rows = []
    for result in document.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            node = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            text = node.firstChild.data if node.firstChild else ""
            if node.tagName == "uri":
                row[binding.getAttribute("name")] = str(ox.NamedNode(text))
            elif node.getAttribute("xml:lang"):
                row[binding.getAttribute("name")] = str(ox.Literal(text, language=node.getAttribute("xml:lang")))
            else:
                datatype = node.getAttribute("datatype") or "http://www.w3.org/2001/XMLSchema#string"
                row[binding.getAttribute("name")] = str(ox.Literal(text, datatype=ox.NamedNode(datatype)))
        rows.append((row["s"], row["p"], row["o"]))
    assert rows == expected_rows(reference)


def test_sparqlwrapper_ask_and_post(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setMethod("POST")
    client.setQuery("ASK { ?s a <https://schema.org/NewsArticle> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_construct(endpoint, reference):
    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT)
    graph = client.query().convert()  # rdflib Graph, parsed from RDF/XML
    got = {(rdflib_term(s), rdflib_term(p), rdflib_term(o)) for s, p, o in graph}
    expected = {(str(t.subject), str(t.predicate), str(t.object)) for t in reference.query(CONSTRUCT)}
    assert got == expected and expected


def to_rdflib(term: ox.NamedNode | ox.Literal):
    """Return a pyoxigraph term as rdflib makes it (rdflib normalises some lexical forms, e.g. dateTime)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_rdflib_sparqlstore(endpoint, reference, return_format):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat=return_format))
    got = [tuple(rdflib_term(t) for t in row) for row in graph.query(SELECT)]
    expected = [tuple(rdflib_term(to_rdflib(row[n])) for n in ("s", "p", "o")) for row in reference.query(SELECT)]
    assert got == expected and got
    count = next(iter(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    assert int(count) == int(expected_rows(reference, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]
                             .split('"')[1])


@pytest.mark.parametrize("media_type", RESULTS)
def test_requests_every_results_accept(endpoint, reference, media_type):
    response = requests.get(endpoint, params={"query": SELECT}, headers={"Accept": media_type}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    parsed = ox.parse_query_results(response.content, format=RESULTS[media_type])
    assert [tuple(str(row[n]) for n in ("s", "p", "o")) for row in parsed] == expected_rows(reference)


def test_requests_csv(endpoint, reference):
    response = requests.post(endpoint, data={"query": SELECT}, headers={"Accept": "text/csv"}, timeout=30)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "s,p,o"


@pytest.mark.parametrize("media_type", GRAPHS)
def test_requests_every_graph_accept(endpoint, reference, media_type):
    response = requests.post(endpoint, data=CONSTRUCT.encode(), timeout=30,
                             headers={"Accept": media_type, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    got = {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(response.content,
                                                                                 format=GRAPHS[media_type])}
    assert got == {(str(t.subject), str(t.predicate), str(t.object)) for t in reference.query(CONSTRUCT)}


@pytest.mark.parametrize("media_type", GRAPHS)
def test_requests_service_description(endpoint, media_type):
    response = requests.get(endpoint, headers={"Accept": media_type}, timeout=30)
    assert response.status_code == 200
    graph = list(ox.parse(response.content, format=GRAPHS[media_type], base_iri=endpoint))
    assert any(q.predicate.value.endswith("#endpoint") and q.object.value == endpoint for q in graph)


def test_deadline_on_the_production_server(endpoint):
    started = time.monotonic()
    response = requests.post(endpoint, data={"query": EXPENSIVE, "timeout": "2"}, timeout=30)
    elapsed = time.monotonic() - started
    print(f"\nproduction server: limit 2 s -> 503 after {elapsed:.3f} s (overshoot {elapsed - 2:.3f} s)")
    assert response.status_code == 503 and "query_timeout" in response.text
    assert 2 <= elapsed < 2 + 3


def test_a_slow_query_does_not_hold_up_pages_or_cheap_queries(live_server, endpoint):
    slow: dict = {}

    def run_slow() -> None:
        slow["response"] = requests.post(endpoint, data={"query": EXPENSIVE, "timeout": "4"}, timeout=30)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    timings = []
    for url, params in ((endpoint, {"query": "ASK { ?s ?p ?o }"}), (live_server, {}), (endpoint, {})):
        started = time.monotonic()
        response = requests.get(url, params=params, timeout=30)
        timings.append(time.monotonic() - started)
        assert response.status_code == 200, url
    running = thread.is_alive()
    thread.join()
    assert running and max(timings) < 2.0, timings
    assert slow["response"].status_code == 503


def test_several_clients_at_once(endpoint):
    results: list = []

    def ask(index: int) -> None:
        query = f"SELECT (COUNT(*) AS ?n) (\"{index}\" AS ?i) WHERE {{ ?s ?p ?o }}"
        results.append((index, requests.get(endpoint, params={"query": query}, timeout=30)))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for _, r in results) == [200] * 16
    for index, response in results:
        assert response.json()["results"]["bindings"][0]["i"]["value"] == str(index)
