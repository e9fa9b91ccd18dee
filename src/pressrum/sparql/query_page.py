"""The query page: a form with example queries, the answer as a table with links, or the error in place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import current_app, render_template, request

from pressrum.build.publication import publication_of
from pressrum.formats import NTRIPLES, RDF_FORMATS, RESULT_FORMATS, SPARQL_JSON, Format
from pressrum.languages import reader_language, word
from pressrum.namespaces import PREFIXES
from pressrum.sparql.execute import Answer
from pressrum.sparql.protocol import ALLOW


@dataclass(frozen=True)
class Example:
    """An example query for the query page, answering one competency question."""

    title: str
    query: str


EXAMPLES = (
    Example("Press releases: headline and date (CQ 1, 2)",
            "SELECT ?release ?headline ?published WHERE {\n  ?release a schema:NewsArticle ;\n"
            "    schema:headline ?headline ;\n    schema:datePublished ?published .\n}\nORDER BY ?published"),
    Example("How many quotations does each release contain? (CQ 7)",
            "SELECT ?release (COUNT(?quotation) AS ?quotations) WHERE {\n  ?release a schema:NewsArticle .\n"
            "  OPTIONAL { ?quotation a schema:Quotation ; schema:isPartOf ?release . }\n}\nGROUP BY ?release"),
    Example("Who said what? (quotations with their speaker)",
            "SELECT ?quotation ?speaker ?name ?text WHERE {\n  ?quotation a schema:Quotation ;\n"
            "    schema:author ?speaker ;\n    schema:text ?text .\n  ?speaker schema:name ?name .\n}"),
    Example("Who organises the programme, and who takes part? (CQ 10, 15, 18)",
            "SELECT ?programme ?organizer ?participant ?count WHERE {\n  ?programme a prog:DevelopmentProgramme ;\n"
            "    schema:organizer ?organizer .\n  OPTIONAL { ?programme prog:participant ?participant }\n"
            "  OPTIONAL { ?programme prog:numberOfParticipants ?count }\n}"),
    Example("Which graphs hold how many triples?",
            "SELECT ?graph (COUNT(*) AS ?triples) WHERE {\n  GRAPH ?graph { ?s ?p ?o }\n}\nGROUP BY ?graph\n"
            "ORDER BY DESC(?triples)"),
    Example("Describe the programme (a graph: Turtle, JSON-LD, RDF/XML, N-Triples)",
            "CONSTRUCT { ?programme ?p ?o } WHERE {\n  ?programme a prog:DevelopmentProgramme ; ?p ?o .\n}"),
)


LOCATION = re.compile(r"line (\d+), column (\d+)")


def download_headers(fmt: Format) -> dict[str, str]:
    """Return Content-Disposition for an answer asked for with download=1 (RFC 6266 §4)."""
    if request.values.get("download") != "1":
        return {}
    return {"Content-Disposition": f'attachment; filename="pressrum-results.{fmt.extension}"'}


def error_place(query: str, message: str) -> dict | None:
    """Return the line and column an error message names, with the line's text, or None."""
    found = LOCATION.search(message)
    if found is None:
        return None
    line, column = int(found[1]), int(found[2])
    lines = query.splitlines()
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    return {"line": line, "column": column, "text": text, "before": text[:max(column - 1, 0)],
            "after": text[max(column - 1, 0):]}


def prefix_block() -> str:
    """Return the PREFIX lines the query page starts with."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def _link(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> dict | None:
    """Return how the page shows a term: text, and a link for IRIs (entity pages for our own)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        base = publication_of(current_app).minter.base
        href = term.value
        if href.startswith(base):  # our own entities: link them on the server that is answering
            href = request.url_root + href[len(base):]
        if not href.lower().startswith(("http://", "https://")):  # javascript:, data:…: shown, never linked
            return {"text": term.value, "kind": "other"}
        return {"text": term.value, "href": href, "kind": "iri"}
    if isinstance(term, ox.Literal):
        suffix = f"@{term.language}" if term.language else ""
        if not term.language and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            suffix = f"^^{_short(term.datatype.value)}"
        return {"text": term.value, "suffix": suffix, "kind": "literal"}
    return {"text": str(term), "kind": "other"}


def _short(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return f"<{iri}>"


def query_page(query: str | None, answer: Answer | None, error: str | None = None) -> str:
    """Render the query page, with the results of `query`, or the error it met, in place."""
    settings = publication_of(current_app).settings
    table: dict | None = None
    if answer is not None:
        if answer.form == "ask":
            table = {"boolean": b"true" in answer.body}
        elif answer.form == "select":
            parsed = ox.parse_query_results(answer.body, format=SPARQL_JSON.oxigraph)
            variables = [v.value for v in parsed.variables]
            rows = [[_link(row[v]) for v in variables] for row in parsed]
            table = {"variables": variables, "rows": rows}
        else:
            triples = ox.parse(answer.body, format=NTRIPLES.oxigraph)
            rows = [[_link(t.subject), _link(t.predicate), _link(t.object)] for t in triples]
            table = {"variables": ["subject", "predicate", "object"], "rows": rows}
    endpoint = request.base_url
    description = [(f.label, f"{endpoint}?{urlencode({'format': f.key})}") for f in RDF_FORMATS]
    downloads = []
    if query is not None:
        kinds = RESULT_FORMATS if answer is None or answer.form != "graph" else RDF_FORMATS
        downloads = [(f.label, f.extension,
                      f"{endpoint}?{urlencode({'query': query, 'format': f.key, 'download': 1})}") for f in kinds]
    alternates = [{"type": f.media_type, "href": href, "label": f"SPARQL service description ({f.label})"}
                  for f, (_, href) in zip(RDF_FORMATS, description, strict=True)]
    lang = reader_language(request.args.get("lang"), request.accept_languages)
    return render_template(
        "sparql.html", lang=lang, error=error, place=error_place(query, error) if query and error else None,
        results_formats=[(f.key, f.label) for f in RESULT_FORMATS],
        graph_formats=[(f.key, f.label) for f in RDF_FORMATS],
        word=word, title="SPARQL", alternates=alternates,
        query=query if query is not None else prefix_block() + "\n" + EXAMPLES[0].query,
        prefixes=prefix_block(), examples=EXAMPLES, answer=answer, table=table, downloads=downloads,
        endpoint=endpoint, max_rows=settings["max_rows"], query_timeout=settings["query_timeout"],
        description=description, run_in_editor=answer is not None,
        prefixes_url=f"{request.script_root}/prefixes.json",
        allow=ALLOW, path=urlsplit(endpoint).path)
