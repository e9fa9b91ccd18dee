"""Blueprint: /id → 303 /doc, /doc[.ext], /dataset, /def/prog, dumps and /context.jsonld."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from email.utils import format_datetime
from pathlib import Path

from flask import Blueprint, Flask, Response, redirect, request, send_file

from pressrum import jsonld
from pressrum.build import dumps
from pressrum.build.publication import publication_of
from pressrum.http_errors import HttpError
from pressrum.namespaces import KINDS
from pressrum.store import StoreError
from pressrum.store.links import build_in_background, ensure_links, links_path
from pressrum.web import description, documents
from pressrum.web.entity_pages import render_entity, render_ontology
from pressrum.web.representation import CACHE_CONTROL, not_modified, publication, represent, split_suffix

bp = Blueprint("linked_data", __name__)

_SEGMENT = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,198}[a-z0-9])?$")
CONTEXT_TYPE = "application/ld+json; charset=utf-8"


def entity_path(path: str) -> str:
    """Return a well-formed '{kind}/{slug}' (or 'concept/{scheme}/{slug}') or raise 404."""
    segments = path.split("/")
    kind = segments[0] if segments else ""
    expected = 3 if kind == "concept" else 2
    if kind not in KINDS or len(segments) != expected or not all(_SEGMENT.match(s) for s in segments[1:]):
        raise HttpError(404, f"No such resource: /{path[:200]} is not a {{kind}}/{{slug}} of this dataset.")
    return path


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
    # The same document answers every Accept, so the 303 does not vary; it may be cached like it.
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def link_index(pub) -> Path | None:
    """Return the link index of the dataset served, or None (links read live) while it is being built.

    A missing index is built in the background, once per dataset and process (store.links), never
    in a request: at 300,000 releases it takes longer than any client waits.
    """
    content_hash = pub.content_hash  # read once: a remote store is asked for it
    if content_hash is None:
        return None
    path = links_path(pub.settings["build_dir"], content_hash)
    if path.exists():
        return path
    if content_hash not in pub.index_builds:  # one try per dataset: a failure is logged, not repeated
        pub.index_builds[content_hash] = build_in_background(
            pub.store, pub.settings["build_dir"], content_hash, link_spaces(pub))
    return None


def link_spaces(pub) -> tuple[str, ...]:
    """Return the IRI spaces whose documents are paged: entities and named graphs."""
    return (pub.minter.id_space, pub.minter.base + "graph/")


def document_page_number(pages: int) -> int:
    """Return the ?page= asked for: 400 unless a positive whole number, 404 past the last page."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise HttpError(400, "?page= must be a positive whole number.")
    if int(raw) > pages:
        raise HttpError(404, f"No page {raw}: this document has {pages} page{'s' if pages > 1 else ''}.")
    return int(raw)


@bp.route("/doc/<path:path>", methods=["GET", "HEAD"])
def document(path: str) -> Response:
    """Answer one page of the document about one entity, in the negotiated or named format."""
    bare, suffix = split_suffix(path)
    bare = entity_path(bare)
    iri = entity_iri(bare)
    pub = publication()
    index = link_index(pub)
    pages = documents.page_count(pub.store, iri, index)
    page = document_page_number(pages)
    doc_url = pub.minter.base + "doc/" + bare
    built: dict[str, documents.DocumentPage] = {}

    def rdf() -> list:
        built["page"] = result = documents.document_page(pub.store, iri, page, index)
        total = sum(sum(counts.values()) for counts in result.counts.values())
        return result.triples + documents.paging_triples(doc_url, page, result.pages, total)

    here = request.base_url  # the suffix URL or the negotiated one, without the query
    links = [f'<{here}?page={n}>; rel="{rel}"' for rel, n in
             (("first", 1), ("prev", page - 1), ("next", page + 1), ("last", pages))
             if pages > 1 and 1 <= n <= pages and not (rel in ("first", "last") and n == page)]
    return represent("doc/" + bare, suffix, rdf,
                     lambda triples, lang: render_entity(pub, iri, triples, lang, built.get("page")),
                     query=f"?page={page}" if page > 1 else "", links=links)


# The named graphs of the dataset (dataset.py): one per release, per enrichment source, per ontology file.
GRAPH_FAMILIES = ("release", "enrichment", "ontology")


@bp.route("/graph/<path:path>", methods=["GET", "HEAD"])
def graph(path: str) -> Response:
    """Answer the description of a named graph (its provenance), negotiated like a document.

    A graph is an information resource, so its IRI answers 200 itself rather than 303.
    """
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
    body = jsonld.context_document_bytes()
    etag = hashlib.sha256(body).hexdigest()[:32]
    headers = {"ETag": f'"{etag}"', "Cache-Control": "public, max-age=3600",
               "Access-Control-Allow-Origin": "*",
               "Last-Modified": format_datetime(pub.modified, usegmt=True)}
    if not_modified(etag, pub):
        return Response(status=304, headers=headers)
    return Response(body, content_type=CONTEXT_TYPE, headers=headers)


def init_app(app: Flask) -> None:
    """Register the linked-data URL family; build the link index of the dataset served if it is missing.

    At the start, like the search index, so that the first documents are served from it; a restart
    over a store already indexed finds the file. A dataset that changes under a running server (a
    remote store reloaded elsewhere) gets its index from link_index, in the background.
    """
    pub = publication_of(app)
    try:  # ensure_links does nothing when the index of this hash exists
        ensure_links(pub.store, pub.settings["build_dir"], pub.content_hash, link_spaces(pub))
    except (OSError, StoreError, sqlite3.Error) as error:  # documents read their links live
        app.logger.error("cannot build the link index: %s", error)
    app.register_blueprint(bp)
