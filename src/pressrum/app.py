"""create_app(config=None): settings → dataset → store → blueprints → errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

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
    return app


def publication_of(app: Flask) -> Publication:
    """Return the publication an app serves."""
    return app.extensions[EXTENSION]


def _register_blueprints(app: Flask) -> None:
    """Register each URL family that is present (one blueprint each)."""
    import importlib

    for module_name in ("pressrum.errors", "pressrum.linked_data", "pressrum.sparql", "pressrum.pages"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.init_app(app)
