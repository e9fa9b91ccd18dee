"""The headers that keep a browser safe on every answer: nosniff everywhere, a CSP on HTML."""

from __future__ import annotations

from flask import Response


def html_security_headers() -> dict[str, str]:
    """Return the headers every HTML answer carries (no inline script; no sniffing)."""
    return {"Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff"}


def security_headers(response: Response) -> Response:
    """Say nosniff on every answer, and give every HTML answer a Content-Security-Policy.

    In one place, so that no view (the query page, an error page, a future one) can forget them:
    a text/plain error that echoes `<script>` stays text, and no inline script ever runs on a page
    of ours, whatever a literal, a path or a query parameter holds.
    """
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        for name, value in html_security_headers().items():
            response.headers.setdefault(name, value)
    return response
