"""The VoID + DCAT description of the dataset, computed from the store; the ontology graph."""

from __future__ import annotations

from datetime import UTC

import pyoxigraph as ox

from pressrum.build.dumps import DUMP_FILES, read_manifest
from pressrum.build.publication import Publication
from pressrum.sparql.canned import catalogue_triples
from pressrum.web.documents import construct

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOCABULARIES = ("https://schema.org/", "https://w3id.org/pressrum/def/prog#", "http://www.w3.org/ns/oa#",
                "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/")
TITLE = {"sv": "pressrum: pressmeddelanden som länkade data",
         "en": "pressrum: press releases as Linked Data"}
DESCRIPTION = {
    "sv": "Kommunala pressmeddelanden med rubrik, text, citat och talare, program, deltagande och "
          "roller, beskrivna med schema.org, Web Annotation, PROV, SKOS och vokabulären prog:.",
    "en": "Municipal press releases with headline, text, quotations and speakers, programmes, "
          "participation and roles, described with schema.org, Web Annotation, PROV, SKOS and "
          "the prog: vocabulary.",
}


def dataset_iri(base: str) -> str:
    """Return the IRI of the dataset (a hash IRI: the document at {base}dataset describes it)."""
    return base + "dataset#dataset"


def ontology_graph_name(base: str) -> str:
    """Return the name of the named graph that holds the prog: vocabulary."""
    return base + "graph/ontology/programme"


def ontology_graph(pub: Publication) -> list[ox.Triple]:
    """Return the triples of the ontology graph."""
    name = ontology_graph_name(pub.minter.base)
    return construct(pub.store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")


def _n(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def _count(pub: Publication, sparql: str) -> int:
    row = next(iter(pub.store.query(sparql)), None)
    return int(row["n"].value) if row is not None and row["n"] is not None else 0


def _rows(pub: Publication, sparql: str) -> list:
    return list(pub.store.query(sparql))


def describe_dataset(pub: Publication) -> list[ox.Triple]:
    """Return the description of the dataset: counts, partitions, dumps, endpoint, subsets."""
    base, id_space = pub.minter.base, pub.minter.id_space
    ds = _n(dataset_iri(base))
    out: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        out.append(ox.Triple(s, _n(p), o))

    add(ds, RDF + "type", _n(VOID + "Dataset"))
    add(ds, RDF + "type", _n(DCAT + "Dataset"))
    for lang in ("sv", "en"):
        add(ds, DCT + "title", ox.Literal(TITLE[lang], language=lang))
        add(ds, DCT + "description", ox.Literal(DESCRIPTION[lang], language=lang))
    add(ds, DCT + "license", _n(pub.settings["license"]))
    publisher = _n(base + "dataset#publisher")
    add(ds, DCT + "publisher", publisher)
    add(publisher, RDF + "type", _n(FOAF + "Agent"))
    add(publisher, RDF + "type", _n(SCHEMA + "Organization"))
    add(publisher, FOAF + "name", ox.Literal(pub.settings["publisher"]))
    add(publisher, SCHEMA + "name", ox.Literal(pub.settings["publisher"]))
    modified = pub.modified.astimezone(UTC).replace(microsecond=0).isoformat()
    add(ds, DCT + "modified", ox.Literal(modified, datatype=_n(XSD + "dateTime")))
    issued = next(iter(pub.store.query(
        "SELECT (MIN(?t) AS ?n) WHERE { ?g <http://www.w3.org/ns/prov#generatedAtTime> ?t }")), None)
    add(ds, DCT + "issued", issued["n"] if issued is not None and issued["n"] is not None
        else ox.Literal(modified, datatype=_n(XSD + "dateTime")))
    add(ds, SCHEMA + "creativeWorkStatus", ox.Literal(pub.status))
    if pub.content_hash:
        add(ds, SCHEMA + "version", ox.Literal(pub.content_hash))

    add(ds, VOID + "triples", _int(_count(pub, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    add(ds, VOID + "entities", _int(_count(pub, (
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o . "
        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{id_space}\")) }}"))))
    add(ds, VOID + "classes", _int(_count(pub, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")))
    add(ds, VOID + "properties", _int(_count(pub, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")))
    add(ds, VOID + "uriSpace", ox.Literal(id_space))
    for vocabulary in VOCABULARIES:
        add(ds, VOID + "vocabulary", _n(vocabulary))
    for row in _rows(pub, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
                          "GROUP BY ?c ORDER BY ?c"):
        part = ox.BlankNode()
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", row["c"])
        add(part, VOID + "entities", _int(int(row["n"].value)))
    for row in _rows(pub, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = ox.BlankNode()
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", row["p"])
        add(part, VOID + "triples", _int(int(row["n"].value)))
    for row in _rows(pub, "SELECT ?r WHERE { ?r a <https://schema.org/NewsArticle> } ORDER BY ?r LIMIT 3"):
        add(ds, VOID + "exampleResource", row["r"])

    endpoint = _n(base + "sparql")
    add(ds, VOID + "sparqlEndpoint", endpoint)
    for triple in catalogue_triples(ds, base + "queries"):  # the canned queries (SHACL executables)
        add(triple.subject, triple.predicate.value, triple.object)
    service = _n(base + "dataset#sparql-service")
    add(service, RDF + "type", _n(DCAT + "DataService"))
    add(service, DCAT + "endpointURL", endpoint)
    add(service, DCAT + "servesDataset", ds)
    add(service, DCT + "conformsTo", _n("https://www.w3.org/TR/sparql11-protocol/"))
    add(service, DCT + "title", ox.Literal("SPARQL 1.1 endpoint", language="en"))

    for name, info in read_manifest(pub.settings["build_dir"]).items():
        dump = DUMP_FILES[name]
        url = _n(base + "dumps/" + name)
        dist = _n(base + "dataset#dump-" + name.replace(".", "-"))
        add(ds, VOID + "dataDump", url)
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", _n(DCAT + "Distribution"))
        add(dist, DCT + "title", ox.Literal(dump.label))
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "accessURL", url)
        add(dist, DCAT + "mediaType", _n("https://www.iana.org/assignments/media-types/" + dump.media_type))
        if dump.compress_format:
            add(dist, DCAT + "compressFormat",
                _n("https://www.iana.org/assignments/media-types/" + dump.compress_format))
        add(dist, DCAT + "byteSize", ox.Literal(str(info["bytes"]), datatype=_n(XSD + "nonNegativeInteger")))
        checksum = ox.BlankNode()
        add(dist, SPDX + "checksum", checksum)
        add(checksum, RDF + "type", _n(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", _n(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", ox.Literal(info["sha256"], datatype=_n(XSD + "hexBinary")))

    for row in _rows(pub, "SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?src) AS ?source) WHERE { GRAPH ?g { ?s ?p ?o } "
                          "OPTIONAL { GRAPH ?g { ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?src } } } "
                          "GROUP BY ?g ORDER BY ?g"):
        subset = row["g"]
        add(ds, VOID + "subset", subset)
        add(subset, RDF + "type", _n(VOID + "Dataset"))
        add(subset, VOID + "triples", _int(int(row["n"].value)))
        if row["source"] is not None:
            add(subset, DCT + "source", row["source"])
    return out
