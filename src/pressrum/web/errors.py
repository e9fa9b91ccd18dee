"""Error handlers: every error is answered with its status in the negotiated format, never a 500 page of ours."""

from __future__ import annotations

import logging

import pyoxigraph as ox
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from pressrum.conneg import negotiate
from pressrum.formats import DOCUMENT_FORMATS, HTML
from pressrum.http_errors import HttpError
from pressrum.languages import reader_language
from pressrum.store import StoreError
from pressrum.web.documents import serialise

log = logging.getLogger("pressrum.errors")


def plain_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Return an error as text/plain (the fallback every client can read)."""
    response = Response(message.rstrip("\n") + "\n", status=status,
                        content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def _log(status: int, message: str) -> None:
    level = logging.ERROR if status >= 500 else logging.INFO
    log.log(level, "%s %s -> %d: %s", request.method, request.full_path.rstrip("?"), status, message)


# The URL families whose errors are documents like their answers (HTML or RDF, negotiated); the
# SPARQL endpoint answers its errors as text/plain, as the SPARQL 1.1 Protocol's clients expect.
NEGOTIATED_BLUEPRINTS = frozenset({"linked_data", "pages"})


def render_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Render an error in the format the request negotiates, or as text/plain."""
    _log(status, message)
    if request.blueprint in NEGOTIATED_BLUEPRINTS or (
            request.blueprint is None and status in (400, 404, 405)):  # a path no blueprint knows
        return negotiated_error(status, message, headers)
    return plain_error(status, message, headers)


def negotiated_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Render an error as HTML, or as a small RDF graph in the RDF format the client accepts.

    A 406 (nothing acceptable), or an Accept no document format satisfies, gets text/plain.
    """

    fmt = None if status == 406 else negotiate(request.headers.get("Accept"), DOCUMENT_FORMATS)
    if fmt is None:
        return plain_error(status, message, headers)
    try:
        if fmt is HTML:
            lang = reader_language(request.args.get("lang"), request.accept_languages)
            body = render_template("error.html", status=status, message=message, lang=lang,
                                   reason=HTTP_STATUS_CODES.get(status, "Error"))
        else:
            body = _rdf_error(status, message, fmt)
    except Exception:  # an error page must never fail: fall back to text
        log.exception("cannot render the %d error as %s", status, fmt.media_type)
        return plain_error(status, message, headers)
    response = Response(body, status=status, content_type=fmt.content_type)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.vary.add("Accept")
    if fmt is HTML:
        response.headers["Content-Language"] = lang
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _rdf_error(status: int, message: str, fmt) -> bytes:
    """Describe the error in RDF with the W3C HTTP vocabulary (a blank node for the response)."""

    http, rdfs = "http://www.w3.org/2011/http#", "http://www.w3.org/2000/01/rdf-schema#"
    node = ox.BlankNode("error")
    triples = [
        ox.Triple(node, ox.NamedNode(http + "statusCodeValue"),
                  ox.Literal(str(status), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int"))),
        ox.Triple(node, ox.NamedNode(http + "reasonPhrase"), ox.Literal(HTTP_STATUS_CODES.get(status, "Error"))),
        ox.Triple(node, ox.NamedNode(rdfs + "comment"), ox.Literal(message, language="en")),
        ox.Triple(node, ox.NamedNode(http + "requestURI"), ox.Literal(request.url)),
        ox.Triple(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode(http + "Response")),
    ]
    context = request.root_url + "context.jsonld"
    prefixes = {"http": http, "rdfs": rdfs, "xsd": "http://www.w3.org/2001/XMLSchema#"}
    return serialise(triples, fmt, prefixes, context)


def init_app(app: Flask) -> None:
    """Install the error handlers."""

    @app.errorhandler(HttpError)
    def _http_error(error: HttpError) -> Response:
        return render_error(error.status, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def _werkzeug_error(error: HTTPException) -> Response:
        headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
        return render_error(error.code or 500, error.description or error.name, headers)

    @app.errorhandler(StoreError)
    def _store_error(error: StoreError) -> Response:
        # The store is gone or refusing (a remote store down, a timeout): a passing state, not a
        # bug. Every view that reads the store (documents, pages, /id) answers 503 with Retry-After.
        if error.detail:
            log.error("store error on %s %s: %s", request.method, request.path, error.for_operator())
        return render_error(503, f"the store cannot answer: {error}", {"Retry-After": "10"})

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return render_error(500, "internal error; it has been logged")
