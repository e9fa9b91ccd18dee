"""Cross-origin access (the Fetch standard's CORS protocol): every answer is public and readable.

The dataset and the endpoint are public and read-only, and no answer depends on cookies or other
credentials, so any origin may read any answer (`Access-Control-Allow-Origin: *`, Fetch §3.2.3).
A preflight (an OPTIONS request with `Access-Control-Request-Method`, Fetch §3.2.2) is answered
with the methods and the request headers a client may use, e.g. `Content-Type:
application/sparql-query` for a POSTed query.
"""

from __future__ import annotations

from flask import Response, request

ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
# Request headers a script may send beyond the CORS-safelisted ones (Fetch §2.2.2).
ALLOWED_HEADERS = ("accept", "accept-language", "content-type", "if-modified-since", "if-none-match",
                   "cache-control", "x-requested-with")
# Response headers a script may read beyond the safelisted ones (Fetch §2.2.6): validators, links
# to other representations, the row cap's notice, and when to come back.
EXPOSED_HEADERS = "ETag, Link, Content-Location, Content-Disposition, X-Pressrum-Truncated, Retry-After"
PREFLIGHT_MAX_AGE = "86400"


def cors_headers(response: Response) -> Response:
    """Let any origin read the answer; answer a preflight with what it may send."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        asked = [h.strip().lower() for h in request.headers.get("Access-Control-Request-Headers", "").split(",")]
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ", ".join(h for h in asked if h in ALLOWED_HEADERS)
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
