"""Blueprint: the HTML pages of the dataset as a whole: home, the list of releases, lists by kind."""

from __future__ import annotations

import json
import math
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, render_template, request, send_from_directory

from pressrum.build.publication import Publication, publication_of
from pressrum.http_errors import HttpError
from pressrum.languages import WORDS, reader_language, word
from pressrum.namespaces import KINDS, PREFIXES
from pressrum.web.charts import charts, svg
from pressrum.web.describer import href_for
from pressrum.web.labels import local_name, pick, store_labels
from pressrum.web.memo import once_per_dataset
from pressrum.web.security import html_security_headers

bp = Blueprint("pages", __name__)
COUNT_RELEASES = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://schema.org/NewsArticle> }"
EXAMPLE_QUERIES = (
    ("Citat och talare", "Quotations and their speakers",
     "PREFIX schema: <https://schema.org/>\nSELECT ?quotation ?name ?text WHERE {\n"
     "  ?quotation a schema:Quotation ; schema:author ?person ; schema:text ?text .\n"
     "  ?person schema:name ?name .\n}"),
    ("Pressmeddelanden efter datum", "Releases by date",
     "PREFIX schema: <https://schema.org/>\nSELECT ?release ?date ?headline WHERE {\n"
     "  ?release a schema:NewsArticle ; schema:datePublished ?date ; schema:headline ?headline .\n"
     "} ORDER BY DESC(?date)"),
    ("Entiteter per klass", "Entities per class",
     "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"),
)


def publication() -> Publication:
    """Return the publication this app serves."""
    return publication_of(current_app)


def count(pub: Publication, sparql: str) -> int:
    """Return the ?n of a one-row SELECT (once per dataset)."""
    def compute() -> int:
        row = next(iter(pub.store.query(sparql)), None)
        return int(row["n"].value) if row is not None and row["n"] is not None else 0
    return once_per_dataset(pub, ("count", sparql), compute)


def kind_counts(pub: Publication) -> list[tuple[str, int]]:
    """Return how many entities of each kind the store holds (once per dataset)."""
    return once_per_dataset(pub, ("kinds",), lambda: _kind_counts(pub))


def _kind_counts(pub: Publication) -> list[tuple[str, int]]:
    """Return how many entities of each kind the store holds (by their IRI's kind segment)."""
    space = pub.minter.id_space
    rows = pub.store.query(
        f"SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o . FILTER(isIRI(?s) && "
        f"STRSTARTS(STR(?s), \"{space}\") && !CONTAINS(STR(?s), \"#\"))\n"
        f"BIND(STRBEFORE(STRAFTER(STR(?s), \"{space}\"), \"/\") AS ?kind) }} "
        f"GROUP BY ?kind ORDER BY ?kind")
    return [(row["kind"].value, int(row["n"].value)) for row in rows if row["kind"].value in KINDS]


def releases(pub: Publication, limit: int, offset: int, lang: str) -> list[dict]:
    """Return a page of releases, newest first."""
    rows = pub.store.query(
        "PREFIX schema: <https://schema.org/> SELECT ?r ?date (SAMPLE(?h) AS ?headline) WHERE { "
        "?r a schema:NewsArticle . OPTIONAL { ?r schema:datePublished ?date } "
        "OPTIONAL { ?r schema:headline ?h } } GROUP BY ?r ?date "
        f"ORDER BY DESC(?date) ?r LIMIT {int(limit)} OFFSET {int(offset)}")
    return [{"href": href_for(row["r"].value, pub), "date": row["date"].value if row["date"] else "",
             "label": row["headline"].value if row["headline"] else local_name(row["r"].value)} for row in rows]


def page_number() -> int:
    """Return the ?page= asked for (1 when missing; 400 when not a positive number)."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 1_000_000:
        raise HttpError(400, "?page= must be a positive whole number.")
    return int(raw)


def html(body: str, lang: str) -> Response:
    """Return an HTML answer in a language, with the security headers."""
    response = Response(body, content_type="text/html; charset=utf-8", headers=html_security_headers())
    response.headers["Vary"] = "Accept-Language"
    response.headers["Content-Language"] = lang
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def lang_now() -> str:
    """Return the reader's language for this request."""
    return reader_language(request.args.get("lang"), request.accept_languages)


@bp.route("/", methods=["GET", "HEAD"])
def home() -> Response:
    """Show the dataset at a glance: counts, releases, kinds of entity, example queries."""
    pub, lang = publication(), lang_now()
    counts = {"triples": count(pub, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
              "releases": count(pub, COUNT_RELEASES)}
    examples = [{"label": en if lang == "en" else sv, "query": q,
                 "href": f"{request.script_root}/sparql?query={quote(q)}"} for sv, en, q in EXAMPLE_QUERIES]
    return html(render_template("home.html", lang=lang, title=word("site", lang), counts=counts,
                                kinds=kind_counts(pub), releases=releases(pub, pub.settings["page_size"], 0, lang),
                                examples=examples, charts=charts(pub, lang), page_path=""), lang)


@bp.route("/releases", methods=["GET", "HEAD"])
def release_list() -> Response:
    """List the releases, newest first, a page at a time."""
    pub, lang, page = publication(), lang_now(), page_number()
    size = pub.settings["page_size"]
    total = count(pub, COUNT_RELEASES)
    return _list_page(word("releases", lang), releases(pub, size, (page - 1) * size, lang), total, page, size, lang)


@bp.route("/kinds/<kind>", methods=["GET", "HEAD"])
def kind_list(kind: str) -> Response:
    """List the entities of one kind, a page at a time."""
    if kind not in KINDS:
        raise HttpError(404, f"No kind of entity named {kind[:50]}.")
    pub, lang, page = publication(), lang_now(), page_number()
    size = pub.settings["page_size"]
    prefix = f"{pub.minter.id_space}{kind}/"
    where = f"?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{prefix}\") && !CONTAINS(STR(?s), \"#\"))"
    # Every page of a kind needs the same scan of the store: do it once per dataset and slice.
    every = once_per_dataset(pub, ("kind", kind), lambda: [
        row["s"].value for row in pub.store.query(f"SELECT DISTINCT ?s WHERE {{ {where} }} ORDER BY ?s")])
    total = len(every)
    iris = every[(page - 1) * size:page * size]
    labels = store_labels(pub.store, iris)
    items = [{"href": href_for(i, pub), "label": pick(labels.get(i), lang) or local_name(i), "date": ""}
             for i in iris]
    return _list_page(kind, items, total, page, size, lang)


def _list_page(title: str, items: list[dict], total: int, page: int, size: int, lang: str) -> Response:
    pages = max(1, math.ceil(total / size))
    if page > pages:
        raise HttpError(404, f"There are only {pages} pages.")
    return html(render_template("list.html", lang=lang, title=title, items=items, total=total, page=page,
                                pages=pages, page_path=request.path.lstrip("/")), lang)


@bp.route("/favicon.ico", methods=["GET", "HEAD"])
def favicon() -> Response:
    """Send the site's icon (browsers ask for /favicon.ico whatever the page says)."""
    response = send_from_directory(Path(current_app.static_folder), "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=86400)
    return response


@bp.route("/prefixes.json", methods=["GET", "HEAD"])
def prefixes() -> Response:
    """Return the dataset's prefixes as {prefix: namespace}: the query editor's prefix completion."""
    response = Response(json.dumps(PREFIXES, ensure_ascii=False), content_type="application/json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def init_app(app: Flask) -> None:
    """Register the pages and the template helpers."""
    app.register_blueprint(bp)
    app.jinja_env.globals["word"] = word
    app.jinja_env.globals["words"] = WORDS
    app.jinja_env.globals["chart_svg"] = svg
