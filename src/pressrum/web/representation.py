"""One resource in the negotiated format: format choice, validators, headers, cached bodies.

The linked-data views (pressrum.web.linked_data) name a resource and how to build its RDF and its
HTML; `represent` does the rest, the same way for every resource.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from email.utils import format_datetime

import pyoxigraph as ox
from flask import Flask, Response, current_app, request
from werkzeug.http import is_resource_modified

from pressrum import conneg
from pressrum.build.publication import Publication, publication_of
from pressrum.formats import DOCUMENT_FORMATS, HTML, Format
from pressrum.http_errors import HttpError
from pressrum.languages import reader_language
from pressrum.web import documents
from pressrum.web.security import html_security_headers

CACHE_CONTROL = "public, max-age=300"
DOCUMENT_CACHE = "pressrum.linked_data.documents"
NEGOTIATED = "pressrum.linked_data.negotiated"
ROOT_URLS = "pressrum.linked_data.root_urls"
# Bytes of serialised documents each server process keeps (a document is 2-40 KB: some thousands).
DOCUMENT_CACHE_BYTES = 64 << 20


def publication() -> Publication:
    """Return the publication this app serves."""
    return publication_of(current_app)


def split_suffix(path: str) -> tuple[str, str | None]:
    """Split 'person/x.ttl' into ('person/x', 'ttl'); a path without a dot has no suffix."""
    head, dot, extension = path.rpartition(".")
    return (head, extension) if dot and "/" not in extension else (path, None)


def choose_format(suffix: str | None, offered: Sequence[Format] = DOCUMENT_FORMATS) -> tuple[Format, bool]:
    """Return the format a request asks for and whether it was negotiated (not named in the URL)."""
    if suffix is not None:
        fmt = conneg.by_suffix(suffix, offered)
        if fmt is None:
            raise HttpError(404, f"No representation with the suffix .{suffix[:20]}; "
                                 + conneg.offered_list(offered))
        return fmt, False
    name = request.args.get("format")
    fmt = conneg.by_name(name, offered) if name else _negotiated(request.headers.get("Accept"), offered)
    if fmt is None:
        raise HttpError(406, conneg.offered_list(offered),
                        {"Link": conneg.alternates_link(request.base_url, offered), "Vary": "Accept"})
    return fmt, True


def _negotiated(accept: str | None, offered: Sequence[Format]) -> Format | None:
    """Return conneg.negotiate's choice, remembered per Accept header (a bounded table per app:
    clients send a handful of Accept values, and parsing one is a tenth of a cached answer)."""
    memo = _bounded(NEGOTIATED)
    key = (accept, tuple(f.key for f in offered))
    if key not in memo:
        memo[key] = conneg.negotiate(accept, offered)
    return memo[key]


def root_url() -> str:
    """Return request.root_url, remembered per scheme, host and script root (werkzeug rebuilds and
    IRI-decodes it on every access: a fifth of a cached answer's time in the view)."""
    environ = request.environ
    key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
           environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME", ""))
    memo = _bounded(ROOT_URLS)
    if key not in memo:
        memo[key] = request.root_url  # raises for an untrusted host, and nothing is remembered
    return memo[key]


def _bounded(name: str, size: int = 256) -> dict:
    """Return a per-app memo table, emptied when it reaches `size` entries (keys come from clients)."""
    memo = current_app.extensions.setdefault(name, {})
    if len(memo) >= size:
        memo.clear()
    return memo


def etag_for(pub: Publication, path: str, fmt: Format, lang: str | None) -> str:
    """Return the strong ETag of one representation of one resource."""
    seed = f"{pub.content_hash}\0{path}\0{fmt.key}\0{lang or ''}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def not_modified(etag: str, pub: Publication) -> bool:
    """Tell whether the request's validators match, by werkzeug's RFC 9110 §13.1 evaluation.

    If-None-Match, when sent, decides alone (weak comparison, `*` matches); else If-Modified-Since
    against the dataset's modification time, to the second.
    """
    return not is_resource_modified(request.environ, etag=etag, last_modified=pub.modified)


def represent(path: str, suffix: str | None, build_rdf: Callable[[], list[ox.Triple]],
              build_html: Callable[[list[ox.Triple], str], str],
              offered: Sequence[Format] = DOCUMENT_FORMATS, query: str = "",
              links: Sequence[str] = ()) -> Response:
    """Answer one resource in the negotiated format with every header the table implies.

    `query` ("?page=2") names one page of the resource: it is part of the ETag, the cache key and
    every URL of the headers. `links` are more Link header values (rel="next" and the like).
    """
    pub = publication()
    fmt, negotiated = choose_format(suffix, offered)
    lang = reader_language(request.args.get("lang"), request.accept_languages) if fmt is HTML else None
    etag = etag_for(pub, path + query, fmt, lang)
    root = root_url().rstrip("/") + "/" + path
    headers = {
        "ETag": f'"{etag}"',
        "Last-Modified": format_datetime(pub.modified, usegmt=True),
        "Cache-Control": CACHE_CONTROL,
        "Access-Control-Allow-Origin": "*",
        "Link": ", ".join([conneg.alternates_link(root, offered, fmt, query), *links]),
    }
    # Vary names what changed this answer (RFC 9110 §12.5.5): Accept where the format was
    # negotiated, Accept-Language where the body is a page in the reader's language. A suffix URL's
    # RDF varies on nothing, so a cache keeps one copy of it.
    vary = (["Accept"] if negotiated else []) + (["Accept-Language"] if fmt is HTML else [])
    if vary:
        headers["Vary"] = ", ".join(vary)
    if fmt is HTML:
        headers["Content-Language"] = lang
    if negotiated:
        headers["Content-Location"] = f"{root}.{fmt.extension}{query}"
    if not_modified(etag, pub):
        return Response(status=304, headers=headers)
    if fmt is HTML:
        headers.update(html_security_headers())
    cache = document_cache(current_app)
    key = (path + query, fmt.key, lang, request.script_root, pub.status)
    body = cache.get(pub.content_hash, key)
    if body is None:
        triples = build_rdf()
        if not triples:
            raise HttpError(404, f"Nothing is known about {path}.")
        if fmt is HTML:
            body = build_html(triples, lang).encode("utf-8")
        else:
            body = documents.serialise(triples, fmt, turtle_prefixes(pub), context_url())
        cache.put(pub.content_hash, key, body)
    return Response(body, status=200, content_type=fmt.content_type, headers=headers)


class DocumentCache:
    """The serialised representations of this process, least recently used first, at most `limit` bytes.

    The dataset does not change between rebuilds, and a representation is a function of the content
    hash (as its ETag already says), the path, format and language, and the script root its links
    start with; a new content hash empties the cache. Without a content hash nothing is kept.
    """

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self.generation: str | None = None
        self.entries: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, generation: str | None, key: tuple) -> bytes | None:
        """Return the body kept for a key of this generation, if any."""
        if generation is None:
            return None
        with self.lock:
            if generation != self.generation:
                return None
            body = self.entries.get(key)
            if body is not None:
                self.entries.move_to_end(key)
            return body

    def put(self, generation: str | None, key: tuple, body: bytes) -> None:
        """Keep a body, dropping the least recently used ones beyond the limit."""
        if generation is None or len(body) > self.limit // 8:
            return
        with self.lock:
            if generation != self.generation:
                self.entries.clear()
                self.generation, self.size = generation, 0
            previous = self.entries.pop(key, None)
            self.size += len(body) - (len(previous) if previous is not None else 0)
            self.entries[key] = body
            while self.size > self.limit:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)


def document_cache(app: Flask) -> DocumentCache:
    """Return the app's cache of serialised representations (one per app and process)."""
    cache = app.extensions.get(DOCUMENT_CACHE)
    if cache is None:
        cache = app.extensions[DOCUMENT_CACHE] = DocumentCache(DOCUMENT_CACHE_BYTES)
    return cache


def turtle_prefixes(pub: Publication) -> dict[str, str]:
    """Return the prefixes Turtle is written with ('id:' would only escape slashes)."""
    return {k: v for k, v in pub.minter.prefixes().items() if k != "id"}


def context_url() -> str:
    """Return the URL of the dataset's JSON-LD context, under the dataset's base IRI."""
    return publication().minter.base + "context.jsonld"
