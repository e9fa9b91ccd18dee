"""The headers that keep a browser safe on every answer: nosniff everywhere, a CSP on HTML."""

from __future__ import annotations

from flask import Response, request

POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
# The query page's YASGUI bundle (column-resizer 1.4.0, in Yasr's table) appends one fixed <style>
# element. CSP Level 3 §8.3 lets a policy allow exactly that element by its hash, so the page needs
# neither 'unsafe-inline' nor 'unsafe-eval' (the bundle never calls eval or new Function at run time).
# The hash belongs to the vendored version: `make yasgui` to another one may change it
# (tests/test_workbench.py fails on any CSP report).
YASGUI_STYLE_HASH = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
QUERY_PAGE_POLICY = f"{POLICY}; style-src 'self' {YASGUI_STYLE_HASH}"
QUERY_PAGE_ENDPOINT = "sparql.sparql"


def html_security_headers() -> dict[str, str]:
    """Return the headers every HTML answer carries (no inline script; no sniffing)."""
    return {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff"}


def security_headers(response: Response) -> Response:
    """Say nosniff on every answer, and give every HTML answer a Content-Security-Policy.

    In one place, so that no view (the query page, an error page, a future one) can forget them:
    a text/plain error that echoes `<script>` stays text, and no inline script ever runs on a page
    of ours, whatever a literal, a path or a query parameter holds.
    """
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        if request and request.endpoint == QUERY_PAGE_ENDPOINT:
            response.headers.setdefault("Content-Security-Policy", QUERY_PAGE_POLICY)
        for name, value in html_security_headers().items():
            response.headers.setdefault(name, value)
    return response
