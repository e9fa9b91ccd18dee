"""Parse a SPARQL 1.1 Protocol query request (§2.1) into a QueryRequest, or raise the right error.

Three ways to send a query (SPARQL 1.1 Protocol §2.1.1–2.1.3): GET ?query=, POST
application/x-www-form-urlencoded with query= in the body (decoded once, by Werkzeug), and POST
application/sparql-query with the query as the UTF-8 body. Every protocol error is a 400, 405, 413
or 415 whose message names the problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

from pressrum.conneg import negotiate
from pressrum.formats import (
    BY_EXTENSION,
    BY_KEY,
    HTML,
    JSONLD,
    RDF_FORMATS,
    RDFXML,
    RESULT_FORMATS,
    SPARQL_JSON,
    SPARQL_XML,
    Format,
)
from pressrum.http_errors import HttpError

ALLOW = "GET, HEAD, POST, OPTIONS"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
# Parameters of the update operation (SPARQL 1.1 Protocol §2.2): never accepted here.
PAIRED = {"json": JSONLD, "xml": RDFXML, "jsonld": SPARQL_JSON, "rdfxml": SPARQL_XML}
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
# Parameters clients use to name the answer's format (Virtuoso's `format`, sparqler's `output`, …).
HINT_PARAMETERS = ("format", "output", "results")
# SPARQLWrapper's names for its return formats that are neither our keys nor media types.
# N3 readers read Turtle (Turtle is a subset of N3: RDF 1.1 Turtle, §1).
CLIENT_NAMES = {"rdf+xml": "rdfxml", "json-ld": "jsonld", "n3": "turtle"}


@dataclass(frozen=True)
class QueryRequest:
    """What a protocol request asks: the query, its dataset, the formats and the time limit."""

    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    results_format: Format | None   # for SELECT / ASK (HTML for a browser)
    graph_format: Format | None     # for CONSTRUCT / DESCRIBE (HTML for a browser)
    timeout: float


def _utf8(raw: bytes, where: str) -> None:
    """Raise 400 unless the percent-decoded bytes are UTF-8 (checked once; Werkzeug decodes)."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"the {where} is not UTF-8 after percent-decoding (byte {error.start}): "
                             "SPARQL 1.1 Protocol §2.1 requires UTF-8") from None


def _one(values: Sequence[str], name: str) -> str | None:
    if len(values) > 1:
        raise HttpError(400, f"the request carries {len(values)} `{name}` parameters; "
                             "the SPARQL 1.1 Protocol allows exactly one")
    return values[0] if values else None


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    return request.mimetype, {k.lower(): v for k, v in request.mimetype_params.items()}


def parse_request(request: Request, settings: dict) -> QueryRequest:
    """Return the QueryRequest of a GET or POST to the query endpoint; raise HttpError otherwise."""
    if request.method not in ("GET", "HEAD", "POST"):
        raise HttpError(405, f"{request.method} is not allowed: this endpoint answers SPARQL queries "
                             f"by GET or POST and is read-only", {"Allow": ALLOW})
    _utf8(request.query_string, "URL query string")
    args = request.args
    body_query: str | None = None
    form_values: dict[str, list[str]] = {}
    if request.method == "POST":
        media_type, params = _media_type(request)
        limit = settings["max_request_body"]
        if request.content_length is not None and request.content_length > limit:
            raise HttpError(413, f"the request body has {request.content_length} bytes; the "
                                 f"`max_request_body` setting allows at most {limit}")
        if not media_type:
            raise HttpError(415, "a POST needs a Content-Type: application/x-www-form-urlencoded or "
                                 "application/sparql-query (SPARQL 1.1 Protocol §2.1.2, §2.1.3)")
        try:
            if media_type == FORM:
                _utf8(request.get_data(cache=True), "form body")
                form_values = {k: request.form.getlist(k) for k in request.form}
                if "query" in form_values and "query" in args:
                    raise HttpError(400, "the query is given twice, in the URL and in the body; send one")
                body_query = _one(form_values.get("query", []), "query")
            elif media_type == SPARQL_QUERY:
                charset = params.get("charset", "utf-8").lower()
                if charset not in ("utf-8", "utf8"):
                    raise HttpError(415, f"the body is declared as {charset}; application/sparql-query "
                                         "must be UTF-8 (SPARQL 1.1 Protocol §2.1.3)")
                raw = request.get_data(cache=True)
                try:
                    body_query = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise HttpError(400, f"the query body is not UTF-8 (byte {error.start})") from None
                if "query" in args:
                    raise HttpError(400, "the query is given twice, in the URL and in the body; send one")
            elif media_type == SPARQL_UPDATE:
                raise HttpError(400, "SPARQL Update is refused: this endpoint is read-only and answers "
                                     "queries only")
            else:
                raise HttpError(415, f"{media_type} is not a query body; POST "
                                     "application/x-www-form-urlencoded or application/sparql-query")
        except RequestEntityTooLarge:
            raise HttpError(413, f"the request body is larger than the `max_request_body` setting "
                                 f"({limit} bytes)") from None

    def values(name: str) -> list[str]:
        return args.getlist(name) + form_values.get(name, [])

    for name in UPDATE_PARAMETERS:
        if values(name):
            raise HttpError(400, f"the `{name}` parameter asks for SPARQL Update, which is refused: "
                                 "this endpoint is read-only")
    query = body_query if body_query is not None else _one(args.getlist("query"), "query")
    default_graphs = tuple(values("default-graph-uri")) or None
    named_graphs = tuple(values("named-graph-uri")) or None
    for graph in (default_graphs or ()) + (named_graphs or ()):
        if not graph.strip() or any(c in graph for c in ' <>"{}|^`\\'):
            raise HttpError(400, f"{graph!r} is not an IRI (default-graph-uri / named-graph-uri)")
    results_format, graph_format = negotiate_query(request, format_hint(values))
    return QueryRequest(query, default_graphs, named_graphs, results_format, graph_format,
                        request_timeout(_one(values("timeout"), "timeout"), settings["query_timeout"]))


def request_timeout(value: str | None, setting: float) -> float:
    """Return the time limit: the `timeout` parameter may lower the setting, never raise it."""
    if value is None or not value.strip():
        return setting
    try:
        seconds = float(value)
    except ValueError:
        raise HttpError(400, f"timeout={value!r} is not a number of seconds") from None
    if not seconds > 0:
        raise HttpError(400, f"timeout={value!r} must be a positive number of seconds")
    return min(seconds, setting)


def format_by_name(name: str) -> Format | None:
    """Return the format a short name, a suffix or a media type names (SPARQLWrapper's names too)."""
    name = name.strip().lower()
    name = CLIENT_NAMES.get(name, name)
    if name in BY_KEY:
        return BY_KEY[name]
    if name in BY_EXTENSION:
        return BY_EXTENSION[name]
    for fmt in (HTML, *RESULT_FORMATS, *RDF_FORMATS):
        if fmt.matches(name.split(";")[0].strip()) or fmt.extension == name:
            return fmt
    return None


def format_hint(values: Callable[[str], list[str]]) -> str | None:
    """Return the one format the `format`, `output` and `results` parameters agree on, if any.

    The SPARQL 1.1 Protocol defines none of them; clients send them as hints. SPARQLWrapper sends
    all three, some twice (its short name and the media type, `format=tsv&format=text/tab-separated-values`).
    Hints that name one format are honoured (download links rely on `format=`); hints that disagree
    are ignored, and Accept decides. A single hint naming no format at all is the client's error (400).
    """
    hints = [v for name in HINT_PARAMETERS for v in values(name) if v.strip()]
    if not hints:
        return None
    known = {fmt for fmt in map(format_by_name, hints) if fmt is not None}
    if len(known) == 1:
        return next(v for v in hints if format_by_name(v) is not None)
    if not known and len(set(hints)) == 1:
        return hints[0]  # one name, unknown: negotiate_query says which names there are
    return None


def best_format(request: Request, formats: Sequence[Format]) -> Format | None:
    """Return the format the Accept header prefers (q-values; ties go to the earlier format)."""
    return negotiate(request.headers.get("Accept"), formats)


def negotiate_query(request: Request, format_param: str | None) -> tuple[Format | None, Format | None]:
    """Return the formats for a results answer and for a graph answer (HTML for a browser)."""
    if format_param:
        chosen = format_by_name(format_param)
        if chosen is None:
            names = ", ".join(f.key for f in (*RESULT_FORMATS, *RDF_FORMATS, HTML))
            raise HttpError(400, f"format={format_param!r} is not a format of this endpoint; use one of {names}")
        if chosen is HTML:
            return HTML, HTML
        # format=json / format=xml (SPARQLWrapper sends them for every query form) also name the
        # graph format of the same family: JSON-LD, RDF/XML.
        if chosen.kind == "results":
            graph = PAIRED.get(chosen.key) or best_format(request, RDF_FORMATS) or RDF_FORMATS[0]
            return chosen, graph
        results = PAIRED.get(chosen.key) or best_format(request, RESULT_FORMATS) or RESULT_FORMATS[0]
        return results, chosen
    results = best_format(request, (*RESULT_FORMATS, HTML))
    graph = best_format(request, (*RDF_FORMATS, HTML))
    if results is None and graph is None:
        offered = ", ".join(f.media_type for f in (*RESULT_FORMATS, *RDF_FORMATS, HTML))
        raise HttpError(406, f"no format you accept is offered; this endpoint writes {offered}")
    if graph is None:
        # Only results types are acceptable (rdflib's SPARQLStore(returnFormat="json") asks so for
        # every query form): a CONSTRUCT or DESCRIBE gets the default RDF format rather than 406,
        # as RFC 9110 §12.5.1 allows ("disregard the header field ... as if not subject to it").
        graph = RDF_FORMATS[0]
    return results, graph
