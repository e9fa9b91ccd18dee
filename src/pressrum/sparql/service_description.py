"""The SPARQL 1.1 Service Description of the endpoint (§3), with its limits and graph sizes as data."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
from flask import current_app, request

from pressrum.build.publication import publication_of
from pressrum.formats import RDF_FORMATS, RESULT_FORMATS, SPARQL_JSON
from pressrum.settings import SETTINGS
from pressrum.sparql.canned import catalogue_triples
from pressrum.sparql.execute import Job
from pressrum.sparql.runner import runner_of

SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
LIMITS = "https://w3id.org/pressrum/def/limits#"   # the limits of this service, stated as data
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
# The W3C's IRIs for formats (https://www.w3.org/ns/formats/), by format key.
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
    "ntriples": "N-Triples",
}
LIMIT_SETTINGS = ("query_timeout", "max_rows", "max_query_length", "max_request_body", "max_query_nesting")
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def graph_counts() -> tuple[int, list[tuple[str, int]]]:
    """Return the triples in the default graph and in each named graph (cached per content hash)."""
    publication = publication_of(current_app)
    cache = current_app.extensions.setdefault("pressrum.sparql.counts", {})
    key = publication.store.content_hash()
    if key is None or key not in cache:
        runner, timeout, rows = runner_of(current_app), publication.settings["query_timeout"], 1_000_000
        graphs = runner.run(Job(GRAPH_COUNTS, results_format="json", max_rows=rows), timeout)
        total = runner.run(Job(DEFAULT_COUNT, results_format="json", max_rows=1), timeout)
        parsed = ox.parse_query_results(graphs.body, format=SPARQL_JSON.oxigraph)
        counts = [(row["g"].value, int(row["n"].value)) for row in parsed]
        default = int(next(iter(ox.parse_query_results(total.body, format=SPARQL_JSON.oxigraph)))["n"].value)
        cache.clear()
        cache[key] = (default, counts)
        if key is None:
            return cache.pop(key)
    return cache[key]


def description_triples() -> list[ox.Triple]:
    """Return the service description (SPARQL 1.1 Service Description §3) as triples."""
    settings = publication_of(current_app).settings
    endpoint = ox.NamedNode(request.base_url)
    service = ox.NamedNode(request.base_url + "#service")
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), endpoint),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        # The default graph is the RDF merge of the named graphs (materialised at load).
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
    ]
    if settings["service_allowlist"]:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    for fmt in (*RESULT_FORMATS, *RDF_FORMATS):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(W3C_FORMATS + FORMAT_IRIS[fmt.key])))
    help_text = {s.name: s.help for s in SETTINGS}
    for name in LIMIT_SETTINGS:
        prop = ox.NamedNode(LIMITS + _camel(name))
        value = settings[name]
        literal = ox.Literal(str(value), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#" + ("decimal" if isinstance(value, float) else "integer")))
        triples.append(ox.Triple(service, prop, literal))
        triples.append(ox.Triple(prop, RDFS_COMMENT, ox.Literal(f"{help_text[name]} (setting `{name}`)",
                                                                   language="en")))
    dataset = ox.NamedNode(request.base_url + "#dataset")
    default_graph = ox.NamedNode(request.base_url + "#default-graph")
    default, counts = graph_counts()
    triples += [
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
        ox.Triple(default_graph, VOID_TRIPLES, _integer(default)),
    ]
    for name, count in counts:
        named = ox.NamedNode(request.base_url + "#graph-" + quote(name, safe=""))
        graph = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(name)),
            ox.Triple(named, sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, sd("Graph")),
            ox.Triple(graph, VOID_TRIPLES, _integer(count)),
        ]
    triples += catalogue_triples(service, request.base_url.removesuffix("sparql") + "queries")
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
