"""THE format table: media type ↔ extension ↔ kind ↔ serialiser.

Negotiation, `Link rel=alternate`, HTML `<link>` tags and 406 lists all derive from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One representation pressrum can write."""

    key: str                 # short name for ?format= and the CLI
    media_type: str          # the canonical media type (sent in Content-Type)
    extension: str           # the URL suffix that selects it, without the dot
    kind: str                # "rdf", "html" or "results"
    label: str               # what people call it
    aliases: tuple[str, ...] = ()  # other media types accepted in Accept
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    rdflib: str | None = None      # rdflib serializer/parser name
    textual: bool = True

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value, with charset for text."""
        return f"{self.media_type}; charset=utf-8" if self.textual else self.media_type

    def matches(self, media_type: str) -> bool:
        """Tell whether a media type (without parameters) names this format."""
        return media_type == self.media_type or media_type in self.aliases


HTML = Format("html", "text/html", "html", "html", "HTML", ("application/xhtml+xml",))
# Turtle is a subset of N3 (RDF 1.1 Turtle §1), so a client that accepts N3 reads Turtle.
TURTLE = Format("turtle", "text/turtle", "ttl", "rdf", "Turtle",
                ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
                ox.RdfFormat.TURTLE, "turtle")
JSONLD = Format("jsonld", "application/ld+json", "jsonld", "rdf", "JSON-LD", ("application/json",),
                ox.RdfFormat.JSON_LD, "json-ld")
RDFXML = Format("rdfxml", "application/rdf+xml", "rdf", "rdf", "RDF/XML", (),
                ox.RdfFormat.RDF_XML, "xml")
# text/plain was N-Triples' media type before RDF 1.1 registered application/n-triples (RDF 1.1
# N-Triples, Appendix A); rdflib asks for N-Triples as `text/plain, */*;q=0.1`.
NTRIPLES = Format("ntriples", "application/n-triples", "nt", "rdf", "N-Triples", ("text/plain",),
                  ox.RdfFormat.N_TRIPLES, "nt")

SPARQL_JSON = Format("json", "application/sparql-results+json", "srj", "results", "SPARQL JSON",
                     ("application/json",), ox.QueryResultsFormat.JSON)
SPARQL_XML = Format("xml", "application/sparql-results+xml", "srx", "results", "SPARQL XML",
                    ("application/xml", "text/xml"), ox.QueryResultsFormat.XML)
CSV = Format("csv", "text/csv", "csv", "results", "CSV", (), ox.QueryResultsFormat.CSV)
TSV = Format("tsv", "text/tab-separated-values", "tsv", "results", "TSV", (),
             ox.QueryResultsFormat.TSV)

# What an entity document, the dataset description and the ontology offer; HTML first, so that
# `*/*`, a browser's Accept and a missing Accept get HTML.
DOCUMENT_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSONLD, RDFXML, NTRIPLES)
RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, RDFXML, NTRIPLES)
RESULT_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)

BY_EXTENSION = {f.extension: f for f in DOCUMENT_FORMATS}
BY_KEY = {f.key: f for f in DOCUMENT_FORMATS + RESULT_FORMATS}
