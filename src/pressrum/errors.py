"""Error types and handlers: every error is answered with its status, never a 500 page of ours."""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("pressrum.errors")


class HttpError(Exception):
    """An error with the status and message the client should get."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


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


def render_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Render an error in the format the request negotiates (the linked-data layer may override)."""
    _log(status, message)
    renderer = getattr(request, "pressrum_error_renderer", None)
    if renderer is not None:
        return renderer(status, message, headers)
    return plain_error(status, message, headers)


def init_app(app: Flask) -> None:
    """Install the error handlers."""

    @app.errorhandler(HttpError)
    def _http_error(error: HttpError) -> Response:
        return render_error(error.status, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def _werkzeug_error(error: HTTPException) -> Response:
        headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
        return render_error(error.code or 500, error.description or error.name, headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return render_error(500, "internal error; it has been logged")
