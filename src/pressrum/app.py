"""create_app(config=None): settings → dataset → store → blueprints → errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response

from pressrum.publication import Publication, open_publication
from pressrum.settings import load_settings

EXTENSION = "pressrum"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the application; `config` overrides settings (see pressrum.settings)."""
    config = dict(config or {})
    publication = config.pop("publication", None)
    settings = load_settings(config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings["max_request_body"]
    app.json.ensure_ascii = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.extensions[EXTENSION] = publication or open_publication(settings)
    _register_blueprints(app)
    app.after_request(_security_headers)
    return app


def _security_headers(response: Response) -> Response:
    """Say nosniff on every answer, and give every HTML answer a Content-Security-Policy.

    In one place, so that no view (the query page, an error page, a future one) can forget them:
    a text/plain error that echoes `<script>` stays text, and no inline script ever runs on a page
    of ours, whatever a literal, a path or a query parameter holds.
    """
    from pressrum.linked_data import html_security_headers

    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        for name, value in html_security_headers().items():
            response.headers.setdefault(name, value)
    return response


def publication_of(app: Flask) -> Publication:
    """Return the publication an app serves."""
    return app.extensions[EXTENSION]


def _register_blueprints(app: Flask) -> None:
    """Register the error handlers and each URL family (one blueprint each)."""
    from pressrum import errors, linked_data, pages, sparql

    for module in (errors, linked_data, sparql, pages):
        module.init_app(app)
