"""Blueprint: /id → 303 /doc, /doc[.ext], /dataset, /def/prog, dumps and /context.jsonld."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from email.utils import format_datetime

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, redirect, request, send_file
from werkzeug.http import parse_date

from pressrum import conneg, description, documents, dumps
from pressrum.errors import HttpError
from pressrum.formats import DOCUMENT_FORMATS, HTML, Format
from pressrum.labels import reader_language
from pressrum.namespaces import KINDS
from pressrum.publication import Publication

bp = Blueprint("linked_data", __name__)

CACHE_CONTROL = "public, max-age=300"
_SEGMENT = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,198}[a-z0-9])?$")
CONTEXT_TYPE = "application/ld+json; charset=utf-8"
DOCUMENT_CACHE = "pressrum.linked_data.documents"
NEGOTIATED = "pressrum.linked_data.negotiated"
ROOT_URLS = "pressrum.linked_data.root_urls"
# Bytes of serialised documents each server process keeps (a document is 2-40 KB: some thousands).
DOCUMENT_CACHE_BYTES = 64 << 20


def publication() -> Publication:
    """Return the publication this app serves."""
    return current_app.extensions["pressrum"]


def split_suffix(path: str) -> tuple[str, str | None]:
    """Split 'person/x.ttl' into ('person/x', 'ttl'); a path without a dot has no suffix."""
    head, dot, extension = path.rpartition(".")
    return (head, extension) if dot and "/" not in extension else (path, None)


def entity_path(path: str) -> str:
    """Return a well-formed '{kind}/{slug}' (or 'concept/{scheme}/{slug}') or raise 404."""
    segments = path.split("/")
    kind = segments[0] if segments else ""
    expected = 3 if kind == "concept" else 2
    if kind not in KINDS or len(segments) != expected or not all(_SEGMENT.match(s) for s in segments[1:]):
        raise HttpError(404, f"No such resource: /{path[:200]} is not a {{kind}}/{{slug}} of this dataset.")
    return path


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
    """Tell whether the request's validators match (If-None-Match wins, RFC 9110 §13.2.2)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/").strip('"') for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = parse_date(request.headers.get("If-Modified-Since"))
    return since is not None and int(pub.modified.timestamp()) <= int(since.timestamp())


def represent(path: str, suffix: str | None, build_rdf: Callable[[], list[ox.Triple]],
              build_html: Callable[[list[ox.Triple], str], str],
              offered: Sequence[Format] = DOCUMENT_FORMATS) -> Response:
    """Answer one resource in the negotiated format with every header the table implies."""
    pub = publication()
    fmt, negotiated = choose_format(suffix, offered)
    lang = reader_language(request.args.get("lang"), request.accept_languages) if fmt is HTML else None
    etag = etag_for(pub, path, fmt, lang)
    root = root_url().rstrip("/") + "/" + path
    headers = {
        "Vary": "Accept, Accept-Language",
        "ETag": f'"{etag}"',
        "Last-Modified": format_datetime(pub.modified, usegmt=True),
        "Cache-Control": CACHE_CONTROL,
        "Access-Control-Allow-Origin": "*",
        "Link": conneg.alternates_link(root, offered, fmt),
    }
    if negotiated:
        headers["Content-Location"] = f"{root}.{fmt.extension}"
    if not_modified(etag, pub):
        return Response(status=304, headers=headers)
    if fmt is HTML:
        headers.update(html_security_headers())
    cache = document_cache(current_app)
    key = (path, fmt.key, lang, request.script_root, pub.status)
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


def html_security_headers() -> dict[str, str]:
    """Return the headers every HTML answer carries (no inline script; no sniffing)."""
    return {"Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff"}


def turtle_prefixes(pub: Publication) -> dict[str, str]:
    """Return the prefixes Turtle is written with ('id:' would only escape slashes)."""
    return {k: v for k, v in pub.minter.prefixes().items() if k != "id"}


def context_url() -> str:
    """Return the URL of the dataset's JSON-LD context, under the dataset's base IRI."""
    return publication().minter.base + "context.jsonld"


def entity_iri(path: str) -> str:
    """Return the IRI an /id path names."""
    return publication().minter.base + "id/" + path


@bp.route("/id/<path:path>", methods=["GET", "HEAD"])
def identifier(path: str) -> Response:
    """Answer 303 See Other from a thing's IRI to the document that describes it."""
    path = entity_path(split_suffix(path)[0])
    iri = entity_iri(path)
    if not bool(publication().store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")):
        raise HttpError(404, f"No such resource: {iri} is not described in this dataset.")
    response = redirect(request.root_url + "doc/" + path, code=303)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/doc/<path:path>", methods=["GET", "HEAD"])
def document(path: str) -> Response:
    """Answer the document about one entity, in the negotiated or named format."""
    from pressrum.pages import render_entity

    bare, suffix = split_suffix(path)
    bare = entity_path(bare)
    iri = entity_iri(bare)
    return represent("doc/" + bare, suffix, lambda: documents.entity_document(publication().store, iri),
                     lambda triples, lang: render_entity(publication(), iri, triples, lang))


# The named graphs of the dataset (dataset.py): one per release, per enrichment source, per ontology file.
GRAPH_FAMILIES = ("release", "enrichment", "ontology")


@bp.route("/graph/<path:path>", methods=["GET", "HEAD"])
def graph(path: str) -> Response:
    """Answer the description of a named graph (its provenance), negotiated like a document.

    A graph is an information resource, so its IRI answers 200 itself rather than 303.
    """
    from pressrum.pages import render_entity

    bare, suffix = split_suffix(path)
    family, _, slug = bare.partition("/")
    if family not in GRAPH_FAMILIES or not _SEGMENT.match(slug):
        raise HttpError(404, f"No such graph: /graph/{bare[:200]} is not a named graph of this dataset.")
    iri = str(publication().minter.graph(family, slug))
    return represent("graph/" + bare, suffix, lambda: documents.entity_document(publication().store, iri),
                     lambda triples, lang: render_entity(publication(), iri, triples, lang))


@bp.route("/dataset", defaults={"suffix": None}, methods=["GET", "HEAD"])
@bp.route("/dataset.<suffix>", methods=["GET", "HEAD"])
def dataset(suffix: str | None) -> Response:
    """Answer the VoID and DCAT description of the dataset."""
    from pressrum.pages import render_entity

    pub = publication()
    iri = description.dataset_iri(pub.minter.base)
    return represent("dataset", suffix, lambda: description.describe_dataset(pub),
                     lambda triples, lang: render_entity(pub, iri, triples, lang))


@bp.route("/.well-known/void", methods=["GET", "HEAD"])
def well_known_void() -> Response:
    """Redirect the well-known VoID location (VoID §7.2) to the description."""
    response = redirect(request.root_url + "dataset", code=303)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/def/prog", defaults={"suffix": None}, methods=["GET", "HEAD"])
@bp.route("/def/prog.<suffix>", methods=["GET", "HEAD"])
def ontology(suffix: str | None) -> Response:
    """Answer the prog: vocabulary, as documentation or as RDF."""
    from pressrum.pages import render_ontology

    pub = publication()
    return represent("def/prog", suffix, lambda: description.ontology_graph(pub),
                     lambda triples, lang: render_ontology(pub, triples, lang))


@bp.route("/dumps/<name>", methods=["GET", "HEAD"])
def dump(name: str) -> Response:
    """Send one of the named dump files (nothing else in the folder is ever served)."""
    if name not in dumps.DUMP_FILES:
        raise HttpError(404, f"No dump named {name[:100]}; the dumps are {', '.join(dumps.DUMP_FILES)}.")
    path = dumps.dump_dir(publication().settings["build_dir"]) / name
    if not path.is_file():
        raise HttpError(404, f"The dump {name} has not been written yet (it is made at build).")
    response = send_file(path, mimetype=dumps.DUMP_FILES[name].content_type, conditional=True,
                         etag=True, max_age=300)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/context.jsonld", methods=["GET", "HEAD"])
def context() -> Response:
    """Send the dataset's JSON-LD context."""
    pub = publication()
    body = documents.context_document_bytes()
    etag = hashlib.sha256(body).hexdigest()[:32]
    headers = {"ETag": f'"{etag}"', "Cache-Control": "public, max-age=3600",
               "Access-Control-Allow-Origin": "*",
               "Last-Modified": format_datetime(pub.modified, usegmt=True)}
    if not_modified(etag, pub):
        return Response(status=304, headers=headers)
    return Response(body, content_type=CONTEXT_TYPE, headers=headers)


def init_app(app: Flask) -> None:
    """Register the linked-data URL family."""
    app.register_blueprint(bp)
