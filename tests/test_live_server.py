"""A real server (`pressrum serve`, gunicorn) over a real socket: every format, the same graph."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from pressrum.formats import RDF_FORMATS
from pressrum.jsonld import parse_jsonld

from .make_golden import ANNOTATION, PERSON, QUOTATION, RELEASE

pytestmark = pytest.mark.timeout(180)


def fetch(url: str, accept: str) -> requests.Response:
    response = requests.get(url, headers={"Accept": accept}, timeout=30)
    response.raise_for_status()
    return response


@pytest.mark.parametrize("path", [RELEASE, QUOTATION, ANNOTATION, PERSON])
def test_every_format_over_http_parses_to_the_same_graph(live_server, path):
    graphs = {}
    for fmt in RDF_FORMATS:
        response = fetch(f"{live_server}id/{path}", fmt.media_type)  # follows the 303
        assert response.history and response.history[0].status_code == 303
        assert response.headers["Content-Type"] == fmt.content_type
        assert response.headers["Content-Location"].endswith(f"/doc/{path}.{fmt.extension}")
        if fmt.key == "jsonld":
            graphs[fmt.key] = parse_jsonld(response.content)
        else:
            graphs[fmt.key] = Graph().parse(data=response.content, format=fmt.rdflib)
    reference = graphs["turtle"]
    assert len(reference) > 5
    for key, graph in graphs.items():
        assert isomorphic(graph, reference), key


def test_html_conditional_and_head_over_http(live_server):
    url = f"{live_server}doc/{PERSON}"
    page = requests.get(url, timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Alexander Abenius" in page.text
    again = requests.get(url, headers={"If-None-Match": page.headers["ETag"]}, timeout=30)
    assert again.status_code == 304
    head = requests.head(url, timeout=30)
    assert head.status_code == 200 and head.content == b""


def test_dataset_dumps_and_errors_over_http(live_server):
    description = Graph().parse(data=fetch(f"{live_server}.well-known/void", "text/turtle").content,
                                format="turtle")
    assert len(description) > 50
    dump = requests.get(f"{live_server}dumps/pressrum.trig", timeout=30)
    assert dump.status_code == 200 and dump.headers["ETag"]
    missing = requests.get(f"{live_server}doc/person/nobody", headers={"Accept": "text/turtle"}, timeout=30)
    assert missing.status_code == 404 and missing.headers["Content-Type"].startswith("text/turtle")
    refused = requests.get(f"{live_server}doc/{PERSON}", headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406
