"""pressrum: Swedish municipal press releases published as Linked Open Data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "create_app"]

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the pressrum Flask application (imported lazily to keep the CLI light)."""
    from pressrum.app import create_app as _create_app

    return _create_app(config)
