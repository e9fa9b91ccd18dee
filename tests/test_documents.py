"""What a document holds, and that it is the same graph in every RDF format; golden files."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF

from pressrum.formats import RDF_FORMATS
from pressrum.jsonld import jsonld, parse_jsonld
from pressrum.web.documents import entity_document, to_rdflib

from .make_golden import ANNOTATION, BASE, GOLDEN, GOLDEN_DIR, PERSON, QUOTATION, RELEASE, golden_documents

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def iri(path: str) -> URIRef:
    return URIRef(f"{BASE}id/{path}")


def parse(response, fmt) -> Graph:
    if fmt.key == "jsonld":
        return parse_jsonld(response.data)
    return Graph().parse(data=response.data, format=fmt.rdflib)


@pytest.fixture(scope="module")
def publication(app):
    return app.extensions["pressrum"]


def document(publication, path) -> Graph:
    return to_rdflib(entity_document(publication.store, str(iri(path))))


@pytest.mark.parametrize("path", [RELEASE, QUOTATION, ANNOTATION, PERSON, "organisation/lerums-kommun"])
def test_every_format_gives_the_same_graph(client, path):
    graphs = {fmt.key: parse(client.get(f"/doc/{path}.{fmt.extension}"), fmt) for fmt in RDF_FORMATS}
    reference = graphs["turtle"]
    assert len(reference) > 5
    for key, graph in graphs.items():
        assert isomorphic(graph, reference), f"{key} differs from Turtle"


def test_person_document(publication):
    graph = document(publication, PERSON)
    person = iri(PERSON)
    assert (person, SCHEMA.name, Literal("Alexander Abenius")) in graph
    # labels and types of what it links to
    party = iri("organisation/moderaterna")
    assert (person, SCHEMA.affiliation, party) in graph
    assert (party, SCHEMA.name, Literal("Moderaterna", lang="sv")) in graph
    assert (party, RDF.type, SCHEMA.PoliticalParty) in graph
    # inverse links, with the linking subject's type
    quotation = iri(QUOTATION)
    assert (quotation, SCHEMA.author, person) in graph
    assert (quotation, RDF.type, SCHEMA.Quotation) in graph
    # and its text, which is how a nameless quotation is labelled (documents.LABEL_PREDICATES) ...
    assert (quotation, SCHEMA.text, None) in graph
    # but not the linking subject's other facts
    assert (quotation, SCHEMA.inLanguage, None) not in graph
    # nor the linked thing's other facts
    assert (party, SCHEMA.alternateName, None) not in graph


def test_hash_iris_resolve_with_their_document(publication):
    graph = document(publication, ANNOTATION)
    annotation = iri(ANNOTATION)
    pos, quote, target = (URIRef(f"{annotation}#{f}") for f in ("pos", "quote", "target"))
    assert (annotation, OA.hasTarget, target) in graph
    assert (target, OA.hasSelector, pos) in graph
    assert (pos, RDF.type, OA.TextPositionSelector) in graph
    assert (pos, OA.start, None) in graph and (pos, OA.end, None) in graph
    assert (quote, OA.exact, None) in graph


def test_blank_node_closure(publication):
    graph = document(publication, "programme/svenskt-naringsliv-utvecklingsprogram-2020")
    audiences = list(graph.objects(iri("programme/svenskt-naringsliv-utvecklingsprogram-2020"), SCHEMA.audience))
    assert len(audiences) == 2
    for audience in audiences:
        assert (audience, SCHEMA.audienceType, None) in graph
        assert (audience, RDF.type, SCHEMA.Audience) in graph


def test_release_document_links_its_quotations(publication):
    graph = document(publication, RELEASE)
    release = iri(RELEASE)
    assert (release, SCHEMA.articleBody, None) in graph
    quotations = set(graph.objects(release, SCHEMA.hasPart))
    assert len(quotations) >= 3
    assert all((q, RDF.type, SCHEMA.Quotation) in graph for q in quotations)
    assert (None, PROV.wasQuotedFrom, release) in graph


def test_unknown_entity_has_an_empty_document(publication):
    assert entity_document(publication.store, f"{BASE}id/person/nobody") == []


def test_document_refuses_a_bad_iri(publication):
    with pytest.raises(ValueError):
        entity_document(publication.store, BASE + "id/person/x> } DROP ALL { <y")


def test_jsonld_is_compacted_with_our_context():
    triples = [ox.Triple(ox.NamedNode(f"{BASE}id/person/a"), ox.NamedNode("https://schema.org/name"),
                         ox.Literal("A", language="sv"))]
    data = jsonld(triples, BASE + "context.jsonld")
    assert b'"name"' in data and b"https://schema.org/name" not in data
    assert isomorphic(parse_jsonld(data), to_rdflib(triples))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_documents(publication, name):
    expected = Graph().parse(GOLDEN_DIR / name, format="turtle")
    actual = Graph().parse(data=golden_documents(publication)[name].decode(), format="turtle")
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"{name} differs (regenerate with `python -m tests.make_golden` if on purpose):\n"
                    f"only in golden:\n{only_expected.serialize(format='nt')}\n"
                    f"only now:\n{only_actual.serialize(format='nt')}")
