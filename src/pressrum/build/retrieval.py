"""Where a harvested release came from, as provenance: the page, when it was retrieved, its versions.

From the source record beside release.txt (harvest writes it): the release was retrieved from its
page (pav:retrievedFrom, a sub-property of prov:wasDerivedFrom, PAV 2.3), on a date and time
(pav:retrievedOn, xsd:dateTime), and the page is the release's schema:url. A record without a URL
(a release written by hand) adds nothing.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from pressrum.namespaces import PAV, SCHEMA
from pressrum.text.errors import ReleaseFormatError


def _web_iri(value: object) -> str | None:
    """Return an http(s) URL fit to be an IRI, else None."""
    if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
        return None
    return None if any(c in value for c in ' <>"{}|^`\\\n\t') else value


def add_retrieval(graph: Graph, release: URIRef, record_path: Path) -> None:
    """Add the page a release was retrieved from, and when, to the release's graph."""
    if not record_path.is_file():
        return
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ReleaseFormatError(str(record_path), 1, "not a JSON source record") from None
    url = _web_iri(record.get("url")) if isinstance(record, dict) else None
    if url is None:
        if isinstance(record, dict) and record.get("url") is not None:
            raise ReleaseFormatError(str(record_path), 1, f"'url' is not an http(s) URL: {record['url']!r}")
        return
    page = URIRef(url)
    graph.add((page, RDF.type, PROV.Entity))  # the web page: a source outside the dataset's IRIs
    graph.add((release, SCHEMA.url, page))
    graph.add((release, PROV.wasDerivedFrom, page))
    graph.add((release, PAV.retrievedFrom, page))
    retrieved = _time(record.get("retrieved"), record_path)
    if retrieved is not None:
        graph.add((release, PAV.retrievedOn, retrieved))
    add_versions(graph, release, page, record, record_path, retrieved)


def add_versions(graph: Graph, release: URIRef, page: URIRef, record: dict, record_path: Path,
                 retrieved: Literal | None) -> None:
    """State the earlier versions of a corrected release: each a revision of the one before.

    The release as published now says when it was modified (schema:dateModified, the retrieval of
    the corrected page) and that it is a revision of the version before it (prov:wasRevisionOf,
    PROV-O §3.3); each earlier version is a hash IRI of the release, with the time it was retrieved.
    """
    versions = [v for v in record.get("versions") or () if isinstance(v, dict) and v.get("retrieved")]
    if not versions:
        return
    newer = release
    for version in sorted(versions, key=lambda v: str(v["retrieved"]), reverse=True):
        when = _time(version["retrieved"], record_path)
        node = URIRef(f"{release}#version-{str(version.get('path', '')).rsplit('/', 1)[-1] or when}")
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, PAV.retrievedFrom, page))
        if when is not None:
            graph.add((node, PAV.retrievedOn, when))
        graph.add((newer, PROV.wasRevisionOf, node))
        newer = node
    if retrieved is not None:
        graph.add((release, SCHEMA.dateModified, retrieved))


def _time(value: object, record_path: Path) -> Literal | None:
    """Return an ISO 8601 time of the record as xsd:dateTime (None when absent)."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReleaseFormatError(str(record_path), 1, f"not an ISO 8601 time: {value!r}") from None
    return Literal(when.isoformat(), datatype=XSD.dateTime)
