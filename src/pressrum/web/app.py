"""create_app(config=None): settings → dataset → store → blueprints → errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from pressrum.build.publication import EXTENSION, open_publication
from pressrum.settings import load_settings
from pressrum.sparql import canned_views, endpoint
from pressrum.web import cache_tags, errors, linked_data, pages, search_views
from pressrum.web.cors import cors_headers
from pressrum.web.security import security_headers

# Each URL family is one blueprint; the error handlers come first, so that every family has them.
URL_FAMILIES = (errors, linked_data, endpoint, canned_views, pages, search_views)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the application; `config` overrides settings (see pressrum.settings)."""
    config = dict(config or {})
    publication = config.pop("publication", None)
    cache_address = config.pop("cache_address", None)  # set by `pressrum serve` when Varnish is in front
    settings = load_settings(config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings["max_request_body"]
    app.json.ensure_ascii = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.extensions[EXTENSION] = publication or open_publication(settings)
    for family in URL_FAMILIES:
        family.init_app(app)
    app.after_request(security_headers)
    app.after_request(cors_headers)
    if cache_address is not None:
        cache_tags.init_app(app, cache_address)
    return app
