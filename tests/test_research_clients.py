"""The clients researchers use, as they send requests, against the production server (gunicorn).

SPARQLWrapper in every return format (it sends `format`, `output` and `results`, some twice);
rdflib reading documents and its SPARQLStore asking a graph with a results type; a query with
relative IRIs; CORS preflights; the cache headers a shared cache relies on.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import requests
import SPARQLWrapper
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper2

from .make_golden import PERSON

pytestmark = pytest.mark.slow

SELECT = ("SELECT ?release ?headline WHERE { ?release a <https://schema.org/NewsArticle> ; "
          "<https://schema.org/headline> ?headline }")
CONSTRUCT = ("CONSTRUCT { ?release <https://schema.org/headline> ?headline } WHERE { "
             "?release a <https://schema.org/NewsArticle> ; <https://schema.org/headline> ?headline }")

RDFLIB_PARSERS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                  "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def endpoint(live_server) -> str:
    return live_server + "sparql"


def wrapper(endpoint: str, query: str, return_format: str) -> SPARQLWrapper.SPARQLWrapper:
    client = SPARQLWrapper.SPARQLWrapper(endpoint, agent="pressrum-tests")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_results_format(endpoint, return_format):
    result = wrapper(endpoint, SELECT, return_format).query()
    assert result.response.status == 200
    converted = result.convert()
    if return_format == JSON:
        rows = converted["results"]["bindings"]
        assert rows and rows[0]["headline"]["xml:lang"] == "sv"
    elif return_format == XML:  # a DOM of SPARQL XML results
        assert converted.getElementsByTagName("result").length >= 1
    else:
        text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
        header, *rows = [line for line in text.splitlines() if line]
        assert "headline" in header and rows


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD, XML, JSON])
def test_sparqlwrapper_construct_in_every_rdf_format(endpoint, return_format):
    result = wrapper(endpoint, CONSTRUCT, return_format).query()
    assert result.response.status == 200
    graph = result.convert()
    media_type = result.response.headers["Content-Type"].split(";")[0]
    # SPARQLWrapper hands over an rdflib Graph (RDF/XML, N3, JSON-LD), raw bytes (Turtle) or parsed JSON.
    if isinstance(graph, bytes):
        graph = Graph().parse(data=graph.decode("utf-8"), format=RDFLIB_PARSERS[media_type])
    elif not isinstance(graph, Graph):
        graph = Graph().parse(data=json.dumps(graph), format="json-ld")
    headlines = [str(o) for o in graph.objects(None, URIRef("https://schema.org/headline"))]
    assert any(h.startswith("Lerum deltar") for h in headlines)


def test_sparqlwrapper2_bindings(endpoint):
    client = SPARQLWrapper2(endpoint)
    client.setQuery(SELECT)
    bindings = client.query().bindings
    assert bindings and bindings[0]["headline"].lang == "sv"


@pytest.mark.parametrize("rdf_format", ["nt", "turtle", "xml", "json-ld"])
def test_rdflib_reads_an_entity_iri_in_each_format(live_server, rdf_format):
    # rdflib follows the 303 with its own Accept for the format (N-Triples: "text/plain, */*;q=0.1").
    graph = Graph().parse(f"{live_server}id/{PERSON}", format=rdf_format)
    names = {str(o) for o in graph.objects(URIRef(f"{live_server}id/{PERSON}"), URIRef("https://schema.org/name"))}
    assert names == {"Alexander Abenius"}


def test_rdflibs_ntriples_accept_gets_ntriples(live_server):
    response = requests.get(f"{live_server}doc/{PERSON}", headers={"Accept": "text/plain, */*;q=0.1"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-triples")
    assert list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_sparqlstore_asks_a_graph_with_a_results_type(endpoint, return_format):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat=return_format))
    result = graph.query(CONSTRUCT)
    headlines = [str(t[2]) for t in result]
    assert any(h.startswith("Lerum deltar") for h in headlines)


def test_relative_iris_resolve_against_the_endpoint(endpoint):
    # As in the W3C SPARQL 1.1 protocol tests: the query's base is the endpoint's IRI.
    response = requests.get(endpoint, params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                            headers={"Accept": "application/n-triples"}, timeout=10)
    assert response.status_code == 200, response.text
    (triple,) = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
    assert triple.subject == ox.NamedNode(endpoint.rsplit("/", 1)[0] + "/s")
    own_base = "BASE <http://example.org/> ASK { FILTER(<x> = <http://example.org/x>) }"
    ask = requests.get(endpoint, params={"query": own_base},
                       headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert ask.json()["boolean"] is True  # the query's own BASE wins


def test_cors_preflight_for_a_posted_query(endpoint):
    response = requests.options(endpoint, headers={
        "Origin": "http://127.0.0.2:9", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-not-allowed"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_scripts_may_read_the_validators_links_and_the_row_cap(endpoint, live_server):
    answer = requests.post(endpoint, data="SELECT * WHERE { ?s ?p ?o }",
                           headers={"Content-Type": "application/sparql-query", "Origin": "http://127.0.0.2:9"},
                           timeout=10)
    exposed = {h.strip().lower() for h in answer.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "link", "x-pressrum-truncated"} <= exposed
    document = requests.get(f"{live_server}doc/{PERSON}.ttl", timeout=10)
    assert "etag" in document.headers["Access-Control-Expose-Headers"].lower()


def test_cache_headers(live_server):
    see_other = requests.get(f"{live_server}id/{PERSON}", allow_redirects=False,
                             headers={"Accept": "text/turtle"}, timeout=10)
    assert see_other.status_code == 303 and "max-age" in see_other.headers["Cache-Control"]
    suffix = requests.get(f"{live_server}doc/{PERSON}.ttl", timeout=10)
    assert "Vary" not in suffix.headers  # the same Turtle whatever the request's headers
    negotiated = requests.get(f"{live_server}doc/{PERSON}", headers={"Accept": "text/turtle"}, timeout=10)
    assert negotiated.headers["Vary"] == "Accept"
    page = requests.get(f"{live_server}doc/{PERSON}.html", headers={"Accept-Language": "en"}, timeout=10)
    assert page.headers["Vary"] == "Accept-Language" and page.headers["Content-Language"] == "en"
    home = requests.get(live_server, timeout=10)
    assert home.headers["Content-Language"] == "sv"
    missing = requests.get(f"{live_server}doc/person/nobody-at-all", headers={"Accept": "text/html"}, timeout=10)
    assert missing.status_code == 404 and missing.headers["Content-Language"] == "sv"


def test_favicon(live_server):
    response = requests.get(live_server + "favicon.ico", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header (one image follows)
    assert b"PNG" in io.BytesIO(response.content).read(64)
