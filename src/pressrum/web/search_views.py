"""Blueprint: full-text search at {base}search?q=…, as an HTML page or JSON (Accept or format=json)."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request

from pressrum.build.publication import Publication, publication_of
from pressrum.formats import HTML
from pressrum.http_errors import HttpError
from pressrum.languages import reader_language, word
from pressrum.search.index import ensure_index, index_path
from pressrum.search.query import Filters, SearchError, search
from pressrum.web.security import html_security_headers

bp = Blueprint("search", __name__)
MAX_QUERY = 500     # characters of q; longer is refused with 413
PAGE_SIZE = 20
MAX_PAGE = 500


def _publication() -> Publication:
    return publication_of(current_app)


def _date(name: str) -> str | None:
    value = request.args.get(name) or None
    if value is not None:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise HttpError(400, f"{name} must be a date (YYYY-MM-DD), not {value[:40]!r}") from None
    return value


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise HttpError(400, f"page must be a whole number from 1 to {MAX_PAGE}, not {raw[:20]!r}")
    return int(raw)


def _wants_json() -> bool:
    named = request.args.get("format")
    if named:
        if named not in ("json", "html"):
            raise HttpError(400, "format must be json or html")
        return named == "json"
    best = request.accept_mimetypes.best_match([HTML.media_type, "application/json"], default=HTML.media_type)
    return best == "application/json"


def _local(iri: str | None) -> str | None:
    """Link our own IRIs on the server that answers (as the query page does)."""
    base = _publication().minter.base
    return request.url_root + iri[len(base):] if iri and iri.startswith(base) else iri


@bp.route("/search")
def search_page() -> Response:
    """Search headlines, bodies and quotations; page through the hits."""
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY:
        raise HttpError(413, f"q is {len(q)} characters long; at most {MAX_QUERY} are searched")
    filters = Filters(request.args.get("publisher") or None, request.args.get("speaker") or None,
                      _date("from"), _date("to"))
    page, as_json = _page(), _wants_json()
    publication = _publication()
    message, results = None, None
    if not q.strip():
        if as_json:
            raise HttpError(400, "q is empty: give the words to search for")
        message = word("search_empty", reader_language(request.args.get("lang"), request.accept_languages))
    else:
        path = ensure_index(publication.store, publication.settings["build_dir"], publication.content_hash)
        if path is None:
            raise HttpError(503, "there is no dataset to search yet")
        try:
            results = search(path, q, filters, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        except SearchError as error:
            raise HttpError(400, str(error)) from None
    if as_json:
        hits = [{**asdict(h), "href": _local(h.iri), "headline": str(h.headline), "snippet": str(h.snippet)}
                for h in results.hits]
        response = jsonify({"q": q, "page": page, "pageSize": PAGE_SIZE, "total": results.total, "hits": hits})
    else:
        lang = reader_language(request.args.get("lang"), request.accept_languages)
        args = {k: v for k, v in request.args.items() if k != "page"}
        pages = max(1, -(-results.total // PAGE_SIZE)) if results else 1
        link = {n: f"{request.base_url}?{urlencode({**args, 'page': n})}" for n in (page - 1, page + 1)}
        json_link = f"{request.base_url}?{urlencode({**request.args, 'format': 'json'})}"
        response = Response(render_template(
            "search.html", lang=lang, word=word, title=word("search", lang), q=q, filters=filters,
            results=results, message=message, page=page, pages=pages, link=link, local=_local,
            alternates=[{"type": "application/json", "href": json_link, "label": "JSON"}] if results else []),
            content_type=HTML.content_type)
        response.headers.update(html_security_headers())
    response.headers["Vary"] = "Accept"
    return response


def init_app(app: Flask) -> None:
    """Register the search page; build the index of the dataset served if it is missing."""
    publication = publication_of(app)
    if publication.content_hash and not index_path(publication.settings["build_dir"],
                                                   publication.content_hash).exists():
        try:
            ensure_index(publication.store, publication.settings["build_dir"], publication.content_hash)
        except Exception as error:  # the rest of the site serves without search; the page retries
            app.logger.error("cannot build the search index: %s", error)
    prefix = urlsplit(publication.minter.base).path.rstrip("/")
    app.register_blueprint(bp, url_prefix=prefix or None)
