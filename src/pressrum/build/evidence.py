"""Complete the evidence a curator points at: the words of the body that state a curated fact.

A curated.ttl names the words, and only the words, in the Web Annotation vocabulary:

    [] oa:hasBody <id/participation/…> ;
       oa:hasTarget [ oa:hasSelector [ oa:exact "vi blivit utvalda" ] ] .

The build finds those words in the release body and replaces the sketch with a full annotation
(`id/annotation/{release}-e{n}`, motivated by oa:describing, with TextPositionSelector and
TextQuoteSelector), so that every curated fact points back to the words it came from and the
offsets are computed, never typed. An optional oa:prefix on the sketch picks one of several
occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from pressrum.namespaces import OA, SCHEMA, Minter
from pressrum.text.annotations import annotate_span


class EvidenceError(ValueError):
    """A curated evidence sketch whose words are not (once) in the body."""


@dataclass(frozen=True)
class _Sketch:
    node: Node | None  # the sketch to replace; None for a claim, which needs no sketch
    described: Node
    exact: str
    prefix: str


def _sketches(graph: Graph) -> list[_Sketch]:
    """Return the annotations the curator sketched with a blank node and an oa:exact, and the claims.

    A schema:Claim's text is itself the evidence: its words are located as they are.
    """
    sketches = [_Sketch(None, claim, str(text), "") for claim in graph.subjects(None, SCHEMA.Claim)
                for text in graph.objects(claim, SCHEMA.text)]
    for node, described in graph.subject_objects(OA.hasBody):
        target = graph.value(node, OA.hasTarget)
        selector = graph.value(target, OA.hasSelector) if target is not None else None
        exact = graph.value(selector, OA.exact) if selector is not None else None
        if isinstance(node, BNode) and exact is not None:
            prefix = graph.value(selector, OA.prefix)
            sketches.append(_Sketch(node, described, str(exact), str(prefix or "")))
    return sketches


def locate(body: str, exact: str, prefix: str = "") -> int:
    """Return where `exact` starts in the body, after `prefix` if one is given; it must be unique."""
    needle = prefix + exact
    first = body.find(needle)
    if first < 0:
        raise EvidenceError(f"the words {exact!r} do not occur in the body")
    if body.find(needle, first + 1) >= 0:
        raise EvidenceError(f"the words {exact!r} occur more than once in the body; "
                            "add an oa:prefix with the words just before them")
    return first + len(prefix)


def _remove_sketch(graph: Graph, node: Node) -> None:
    """Remove a sketch and the blank nodes it holds."""
    for _, _, child in list(graph.triples((node, None, None))):
        if isinstance(child, BNode):
            _remove_sketch(graph, child)
    graph.remove((node, None, None))


def complete_evidence(graph: Graph, minter: Minter, release: URIRef, slug: str, body: str) -> int:
    """Replace each evidence sketch with a full annotation of the body; return how many."""
    located = sorted(((locate(body, s.exact, s.prefix), s) for s in _sketches(graph)),
                     key=lambda pair: (pair[0], str(pair[1].described)))
    for n, (start, sketch) in enumerate(located, start=1):
        if sketch.node is not None:
            _remove_sketch(graph, sketch.node)
        annotation = minter.id("annotation", f"{slug}-e{n}")
        annotate_span(graph, annotation, sketch.described, release, body, start, start + len(sketch.exact),
                      OA.describing)
    return len(located)
