"""Validate a generated corpus the way `pressrum validate` validates data/: SHACL over the merge."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from pressrum.build.validation import Report, validate_graph


def union_of_nquads(path: Path) -> Graph:
    """Return the RDF merge of every graph in an N-Quads file, each triple once."""
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    merged = Graph()
    for graph in dataset.graphs():
        merged += graph
    return merged


def validate_nquads(path: Path, shapes: Graph) -> tuple[Report, int]:
    """Validate the merge of the corpus against the shapes; return the report and its triple count."""
    merged = union_of_nquads(path)
    return validate_graph(merged, shapes), len(merged)
