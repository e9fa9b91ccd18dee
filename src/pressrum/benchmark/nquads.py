"""N-Quads terms written as strings: the generator writes 1.5 M quads, too many for rdflib objects."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SCHEMA = "https://schema.org/"


def iri(value: str) -> str:
    """Return an IRI as an N-Quads term."""
    return f"<{value}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """Return a literal as an N-Quads term (N-Quads §: ECHAR escapes)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{body}"@{lang}'
    if datatype and datatype != XSD + "string":
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def term(node) -> str:
    """Return an rdflib term as an N-Quads term."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, BNode):
        return f"_:o{node}"
    if isinstance(node, Literal):
        return lit(str(node), node.language, str(node.datatype) if node.datatype else None)
    raise TypeError(f"not an RDF term: {node!r}")
