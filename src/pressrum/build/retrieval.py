"""Where a harvested release came from, as provenance: the page, when it was retrieved, the feed.

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
    retrieved = record.get("retrieved")
    if isinstance(retrieved, str):
        try:
            when = datetime.fromisoformat(retrieved.replace("Z", "+00:00"))
        except ValueError:
            raise ReleaseFormatError(str(record_path), 1,
                                     f"'retrieved' is not an ISO 8601 time: {retrieved!r}") from None
        graph.add((release, PAV.retrievedOn, Literal(when.isoformat(), datatype=XSD.dateTime)))
