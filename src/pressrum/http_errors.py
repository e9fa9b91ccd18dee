"""The one exception a view or the query pipeline raises to answer the client with an error status.

A shared table rather than part of the web room: the SPARQL room below the web room raises it too,
and the web room's handlers (pressrum.web.errors) render it in the negotiated format.
"""

from __future__ import annotations


class HttpError(Exception):
    """An error with the status and message the client should get."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})
