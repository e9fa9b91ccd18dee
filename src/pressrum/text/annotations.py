"""Web Annotations that tie a resource to the words of a release body that state it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from pressrum.namespaces import OA

# Code points of context on a TextQuoteSelector (modelling.md §4; Web Annotation §4.2.4).
CONTEXT = 32


def annotate_span(graph: Graph, annotation: URIRef, body: URIRef, release: URIRef, text: str,
                  start: int, end: int, motivation: URIRef) -> None:
    """Add an annotation whose body is `body` and whose target is text[start:end] of the release.

    Offsets are 0-based code points with the end exclusive, as Web Annotation's
    TextPositionSelector defines them (§4.2.1); selectors get hash IRIs #target, #pos, #quote.
    """
    annotate_segments(graph, annotation, body, release, text, ((start, end),), motivation)


def annotate_segments(graph: Graph, annotation: URIRef, body: URIRef, release: URIRef, text: str,
                      segments: tuple[tuple[int, int], ...], motivation: URIRef) -> None:
    """Add an annotation with one target per segment text[start:end] (a quotation interrupted
    by its attribution); the first gets #target, #pos, #quote, the n-th #target-n, #pos-n, #quote-n.
    """
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.motivatedBy, motivation))
    graph.add((annotation, OA.hasBody, body))
    for n, (start, end) in enumerate(segments, 1):
        suffix = "" if n == 1 else f"-{n}"
        _target(graph, annotation, suffix, release, text, start, end)


# Offsets are xsd:integer, not oa:start's declared range xsd:nonNegativeInteger: Oxigraph stores every
# integer-derived datatype as xsd:integer, so a nonNegativeInteger came back from the embedded store
# (and from Oxigraph server) as xsd:integer while other stores kept it, and the same document differed
# by backend. "572"^^xsd:integer denotes a non-negative integer, so the range still holds (RDF 1.1
# Semantics, D-entailment); the shapes add sh:minInclusive 0.


def _target(graph: Graph, annotation: URIRef, n: str, release: URIRef, text: str,
            start: int, end: int) -> None:
    """Add one SpecificResource target with its position and quote selectors."""
    target, pos, quote = (URIRef(f"{annotation}#{part}{n}") for part in ("target", "pos", "quote"))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, release))
    graph.add((target, OA.hasSelector, pos))
    graph.add((target, OA.hasSelector, quote))
    graph.add((pos, RDF.type, OA.TextPositionSelector))
    graph.add((pos, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((pos, OA.end, Literal(end, datatype=XSD.integer)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[start:end])))
    prefix, suffix = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    if prefix:
        graph.add((quote, OA.prefix, Literal(prefix)))
    if suffix:
        graph.add((quote, OA.suffix, Literal(suffix)))
