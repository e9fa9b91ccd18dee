"""Blueprint: the SPARQL 1.1 Protocol query operation at {base}sparql, and its service description.

A thin view: protocol.parse_request → query_guard.check_query → QueryRunner.run → response. The
endpoint is read-only; the runner enforces the time limit and the row cap (settings).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request

from pressrum.errors import HttpError
from pressrum.formats import HTML, NTRIPLES, RDF_FORMATS, RESULT_FORMATS, SPARQL_JSON, Format
from pressrum.namespaces import PREFIXES
from pressrum.protocol import ALLOW, best_format, format_by_name, parse_request
from pressrum.query_guard import check_query
from pressrum.query_runner import Answer, Job, QueryRunner

RUNNER = "pressrum.query_runner"
GUARD_PASSED = "pressrum.sparql.guard_passed"
GUARD_PASSED_SIZE = 512  # query texts (each at most `max_query_length` characters)
TRUNCATED_HEADER = "X-Pressrum-Truncated"
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

bp = Blueprint("sparql", __name__)


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


def prefix_block() -> str:
    """Return the PREFIX lines the query page starts with."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def runner_of(app: Flask) -> QueryRunner:
    """Return the app's query runner (one per app, in app.extensions)."""
    return app.extensions[RUNNER]


def _publication():
    from pressrum.app import publication_of

    return publication_of(current_app)


@bp.route("/sparql", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def sparql() -> Response:
    """Answer a SPARQL query, or describe the service when there is none."""
    settings = _publication().settings
    parsed = parse_request(request, settings)
    if parsed.query is None:
        if request.method == "POST":
            raise HttpError(400, "the request has no `query` parameter or query body")
        return service_description()
    check_guarded(parsed.query, settings)
    html = parsed.results_format is HTML or parsed.graph_format is HTML
    job = Job(parsed.query, parsed.default_graphs, parsed.named_graphs,
              SPARQL_JSON.key if html else _key(parsed.results_format),
              NTRIPLES.key if html else _key(parsed.graph_format),
              settings["max_rows"], dict(PREFIXES))
    answer = runner_of(current_app).run(job, parsed.timeout)
    if html:
        response = Response(query_page(parsed.query, answer), content_type=HTML.content_type)
    else:
        fmt = next(f for f in (*RESULT_FORMATS, *RDF_FORMATS) if f.key == answer.format)
        response = Response(answer.body, content_type=fmt.content_type)
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = f"max_rows={settings['max_rows']}"
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def check_guarded(query: str, settings: dict) -> None:
    """Run the query guard, remembering (per process, bounded) the texts that passed it.

    The guard lexes the query three times in Python (0.2-0.3 ms for a 500-character query, a fifth
    of a small query's whole answer); clients and the query page repeat the same texts. A text
    that passed with the same limits passes again, so a remembered pass skips only repeated work.
    """
    passed = current_app.extensions.setdefault(GUARD_PASSED, OrderedDict())
    key = (query, settings["max_query_length"], settings["max_query_nesting"],
           tuple(settings.get("service_allowlist") or ()))
    if key in passed:
        passed.move_to_end(key)
        return
    check_query(query, settings)  # raises HttpError when the query is refused
    passed[key] = True
    while len(passed) > GUARD_PASSED_SIZE:
        passed.popitem(last=False)


def _key(fmt: Format | None) -> str | None:
    return None if fmt is None else fmt.key


def service_description() -> Response:
    """Return the SPARQL 1.1 Service Description (negotiated), or the query page for a browser."""
    named = request.args.get("format")
    fmt = format_by_name(named) if named else best_format(request, (*RDF_FORMATS, HTML))
    if fmt is None or fmt.kind == "results":
        offered = ", ".join(f.media_type for f in (*RDF_FORMATS, HTML))
        raise HttpError(406, f"the service description is offered as {offered}")
    if fmt is HTML:
        response = Response(query_page(None, None), content_type=HTML.content_type)
    else:
        prefixes = {"sd": SD, "formats": W3C_FORMATS, "limits": LIMITS, "void": "http://rdfs.org/ns/void#"}
        triples = sorted(description_triples(), key=lambda t: (str(t.subject), str(t.predicate)))
        body = ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
        response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def graph_counts() -> tuple[int, list[tuple[str, int]]]:
    """Return the triples in the default graph and in each named graph (cached per content hash)."""
    publication = _publication()
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
    settings = _publication().settings
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
    from pressrum.settings import SETTINGS

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
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# --- the query page ----------------------------------------------------------------------------

def _link(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> dict | None:
    """Return how the page shows a term: text, and a link for IRIs (entity pages for our own)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        base = _publication().minter.base
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


def query_page(query: str | None, answer: Answer | None) -> str:
    """Render the query page, with the results of `query` when there are any."""
    settings = _publication().settings
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
        downloads = [(f.label, f"{endpoint}?{urlencode({'query': query, 'format': f.key})}") for f in kinds]
    from pressrum.labels import reader_language, word

    alternates = [{"type": f.media_type, "href": href, "label": f"Service description ({f.label})"}
                  for f, (_, href) in zip(RDF_FORMATS, description, strict=True)]
    return render_template(
        "sparql.html", lang=reader_language(request.args.get("lang"), request.accept_languages),
        word=word, title="SPARQL", alternates=alternates,
        query=query if query is not None else prefix_block() + "\n" + EXAMPLES[0].query,
        prefixes=prefix_block(), examples=EXAMPLES, answer=answer, table=table, downloads=downloads,
        endpoint=endpoint, max_rows=settings["max_rows"], query_timeout=settings["query_timeout"],
        description=description,
        allow=ALLOW, path=urlsplit(endpoint).path)


def init_app(app: Flask) -> None:
    """Register the endpoint under the base IRI's path and give the app its query runner."""
    from pressrum.app import publication_of

    publication = publication_of(app)
    app.extensions[RUNNER] = QueryRunner(publication.store, publication.settings)
    prefix = urlsplit(publication.minter.base).path.rstrip("/")
    app.register_blueprint(bp, url_prefix=prefix or None)
