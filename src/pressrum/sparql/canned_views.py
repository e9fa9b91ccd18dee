"""Blueprint: the canned queries at {base}queries and {base}queries/{name}[.json|.csv|.tsv|.xml|.html]."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request

from pressrum.build.publication import publication_of
from pressrum.formats import CSV, HTML, RESULT_FORMATS, SPARQL_JSON, SPARQL_XML, TSV
from pressrum.http_errors import HttpError
from pressrum.languages import reader_language, word
from pressrum.sparql.canned import CannedQuery, bind, load_catalogue
from pressrum.sparql.execute import Job
from pressrum.sparql.protocol import best_format
from pressrum.sparql.query_page import _link
from pressrum.sparql.runner import runner_of

bp = Blueprint("canned", __name__, template_folder="templates")
SUFFIXES = {"json": SPARQL_JSON, "xml": SPARQL_XML, "csv": CSV, "tsv": TSV, "html": HTML}
CONTROL = ("lang",)  # query-string keys that are not parameters of a query


def _query(name: str) -> CannedQuery:
    query = load_catalogue().get(name)
    if query is None:
        raise HttpError(404, f"there is no canned query named {name[:80]!r}; see the list at queries")
    return query


def _lang() -> str:
    return reader_language(request.args.get("lang"), request.accept_languages)


@bp.route("/queries")
def catalogue() -> Response:
    """List the canned queries with their descriptions (HTML, or JSON by Accept)."""
    queries = list(load_catalogue().values())
    best = request.accept_mimetypes.best_match([HTML.media_type, "application/json"], default=HTML.media_type)
    if best == "application/json" or request.args.get("format") == "json":
        response = jsonify([{"name": q.name, "title": q.title, "description": q.description, "url": request.base_url
                             + "/" + q.name, "competencyQuestion": q.cq, "sparql": q.sparql,
                             "parameters": [{"name": p.name, "type": p.type, "default": p.default}
                                            for p in q.parameters]} for q in queries])
    else:
        response = Response(render_template("canned.html", lang=_lang(), word=word, title=word("queries", _lang()),
                                            queries=queries, query=None), content_type=HTML.content_type)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/queries/<name>")
def run(name: str) -> Response:
    """Run a canned query with the parameters given (defaults otherwise), in the negotiated format."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in SUFFIXES:
        query, fmt = _query(stem), SUFFIXES[suffix]
    else:
        query = _query(name)
        fmt = best_format(request, (HTML, *RESULT_FORMATS))
        if fmt is None:
            raise HttpError(406, "the canned queries answer in " + ", ".join(
                f.media_type for f in (HTML, *RESULT_FORMATS)))
    publication = publication_of(current_app)
    settings = publication.settings
    args = {k: v for k, v in request.args.items() if k not in CONTROL}
    text = bind(query, args, publication.minter.base)
    html = fmt is HTML
    job = Job(text, None, None, SPARQL_JSON.key if html else fmt.key, "turtle", settings["max_rows"])
    answer = runner_of(current_app).run(job, settings["query_timeout"])
    if not html:
        response = Response(answer.body, content_type=fmt.content_type)
    else:
        table = None
        if answer.form == "ask":
            table = {"boolean": b"true" in answer.body}
        elif answer.form == "select":
            parsed = ox.parse_query_results(answer.body, format=SPARQL_JSON.oxigraph)
            variables = [v.value for v in parsed.variables]
            table = {"variables": variables, "rows": [[_link(row[v]) for v in variables] for row in parsed]}
        values = {p.name: args.get(p.name, p.default) for p in query.parameters}
        base_url = request.base_url.removesuffix(".html")
        downloads = [(f.label, f"{base_url}.{ext}?{urlencode(values)}") for ext, f in SUFFIXES.items() if f is not HTML]
        response = Response(render_template(
            "canned.html", lang=_lang(), word=word, title=query.title.get(_lang(), query.name), query=query,
            values=values, table=table, downloads=downloads, sparql=text), content_type=HTML.content_type)
    if answer.truncated:
        response.headers["X-Pressrum-Truncated"] = f"max_rows={settings['max_rows']}"
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def init_app(app: Flask) -> None:
    """Register the canned queries under the base IRI's path (the runner is the endpoint's)."""
    load_catalogue()  # a broken catalogue stops the app at start, not at the first request
    prefix = urlsplit(publication_of(app).minter.base).path.rstrip("/")
    app.register_blueprint(bp, url_prefix=prefix or None)
