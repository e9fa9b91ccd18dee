"""The dataset description (VoID + DCAT, counted from the store), the dumps and the ontology."""

from __future__ import annotations

import gzip
import hashlib
import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID

from pressrum.build.dumps import DUMP_FILES, dump_dir, read_manifest
from pressrum.jsonld import load_context, parse_jsonld

from .make_golden import BASE, RELEASE

SPDX = Namespace("http://spdx.org/rdf/terms#")
SCHEMA = Namespace("https://schema.org/")
DATASET = URIRef(BASE + "dataset#dataset")


@pytest.fixture(scope="module")
def description(app) -> Graph:
    client = app.test_client()
    return Graph().parse(data=client.get("/dataset.ttl").get_data(as_text=True), format="turtle")


def count(app, sparql: str) -> int:
    return int(next(iter(app.extensions["pressrum"].store.query(sparql)))["n"].value)


def test_dataset_is_void_and_dcat(description):
    assert (DATASET, RDF.type, VOID.Dataset) in description
    assert (DATASET, RDF.type, DCAT.Dataset) in description
    for predicate in (DCTERMS.title, DCTERMS.description):
        languages = {o.language for o in description.objects(DATASET, predicate)}
        assert languages == {"sv", "en"}
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in description
    assert description.value(DATASET, DCTERMS.publisher) is not None
    assert description.value(DATASET, DCTERMS.issued) is not None
    assert description.value(DATASET, DCTERMS.modified) is not None
    assert str(description.value(DATASET, SCHEMA.creativeWorkStatus)) == "ok"


def test_counts_come_from_the_store(app, description):
    assert description.value(DATASET, VOID.triples).toPython() == count(
        app, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert description.value(DATASET, VOID.classes).toPython() == count(
        app, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert description.value(DATASET, VOID.properties).toPython() == count(
        app, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert description.value(DATASET, VOID.entities).toPython() > 20


def test_partitions(app, description):
    classes = {description.value(p, VOID["class"]): description.value(p, VOID.entities).toPython()
               for p in description.objects(DATASET, VOID.classPartition)}
    assert classes[SCHEMA.NewsArticle] == count(
        app, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://schema.org/NewsArticle> }")
    assert classes[SCHEMA.Person] >= 4
    properties = {description.value(p, VOID.property): description.value(p, VOID.triples).toPython()
                  for p in description.objects(DATASET, VOID.propertyPartition)}
    assert properties[SCHEMA.name] == count(
        app, "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://schema.org/name> ?o }")
    assert len(properties) == description.value(DATASET, VOID.properties).toPython()


def test_uri_space_vocabularies_examples_endpoint(description):
    assert str(description.value(DATASET, VOID.uriSpace)) == BASE + "id/"
    vocabularies = set(description.objects(DATASET, VOID.vocabulary))
    assert URIRef("https://schema.org/") in vocabularies
    assert URIRef("https://w3id.org/pressrum/def/prog#") in vocabularies
    assert URIRef(BASE + "id/" + RELEASE) in set(description.objects(DATASET, VOID.exampleResource))
    endpoint = URIRef(BASE + "sparql")
    assert (DATASET, VOID.sparqlEndpoint, endpoint) in description
    service = description.value(predicate=DCAT.endpointURL, object=endpoint)
    assert (service, RDF.type, DCAT.DataService) in description
    assert (service, DCAT.servesDataset, DATASET) in description


def test_distributions(description):
    dumps = set(description.objects(DATASET, VOID.dataDump))
    assert dumps == {URIRef(BASE + "dumps/" + name) for name in DUMP_FILES}
    for distribution in description.objects(DATASET, DCAT.distribution):
        assert (distribution, RDF.type, DCAT.Distribution) in description
        assert description.value(distribution, DCAT.downloadURL) in dumps
        assert description.value(distribution, DCAT.mediaType) is not None
        assert description.value(distribution, DCAT.byteSize).toPython() > 0
        checksum = description.value(distribution, SPDX.checksum)
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert len(str(description.value(checksum, SPDX.checksumValue))) == 64


def test_a_subset_per_release_graph(description):
    subsets = set(description.objects(DATASET, VOID.subset))
    release_graphs = {s for s in subsets if "/graph/release/" in str(s)}
    assert release_graphs
    for graph in release_graphs:
        assert description.value(graph, VOID.triples).toPython() > 0
        assert description.value(graph, DCTERMS.source) == URIRef(BASE + "id/" + RELEASE)


def test_description_is_the_same_graph_in_every_format(client):
    turtle = Graph().parse(data=client.get("/dataset.ttl").data, format="turtle")
    assert isomorphic(turtle, parse_jsonld(client.get("/dataset.jsonld").data))
    assert isomorphic(turtle, Graph().parse(data=client.get("/dataset.rdf").data, format="xml"))
    assert isomorphic(turtle, Graph().parse(data=client.get("/dataset.nt").data, format="nt"))


def test_dumps_hold_the_whole_dataset(app):
    folder = dump_dir(app.extensions["pressrum"].settings["build_dir"])
    manifest = read_manifest(app.extensions["pressrum"].settings["build_dir"])
    assert set(manifest) == set(DUMP_FILES)
    for name, info in manifest.items():
        data = (folder / name).read_bytes()
        assert info["bytes"] == len(data) and info["sha256"] == hashlib.sha256(data).hexdigest()
    quads = list(ox.parse(gzip.decompress((folder / "pressrum.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    trig = Dataset().parse(folder / "pressrum.trig", format="trig")
    assert len(quads) == len(trig)
    document = json.loads((folder / "pressrum.jsonld").read_text())
    assert document["@context"] == BASE + "context.jsonld"
    document["@context"] = load_context()
    from_jsonld = Dataset().parse(data=json.dumps(document), format="json-ld")
    assert len(from_jsonld) == len(quads)
    assert not list(folder.glob("*.tmp"))


def test_ontology_in_rdf(client):
    graph = Graph().parse(data=client.get("/def/prog.ttl").data, format="turtle")
    prog = Namespace("https://w3id.org/pressrum/def/prog#")
    assert (URIRef("https://w3id.org/pressrum/def/prog"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) \
        in graph
    assert (prog.Municipality, RDFS.label, Literal("kommun", lang="sv")) in graph
    assert isomorphic(graph, parse_jsonld(client.get("/def/prog.jsonld").data))


def test_ontology_documentation(client, app):
    body = client.get("/def/prog?lang=en").get_data(as_text=True)
    assert '<section class="term" id="Municipality">' in body
    assert "municipality" in body and "kommun" in body
    used = count(app, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/pressrum/def/prog#Municipality> }")
    section = body.split('id="Municipality"', 1)[1].split("</section>", 1)[0]
    assert f"<strong>{used}</strong>" in section
    assert "subclass of" in section
    assert 'id="numberOfParticipants"' in body and "domain includes" in body
