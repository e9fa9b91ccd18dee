"""Paged documents of hubs: stable order, next pages, counts from the link index, paging links, bad pages."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, URIRef

from pressrum.jsonld import parse_jsonld
from pressrum.store.links import PAGE_SIZE, entry_for, read_entry
from pressrum.web.documents import INVERSE, OWN, inverse_link_count

from .make_golden import BASE
from .test_pages import small_app, valid_html5

HYDRA = "http://www.w3.org/ns/hydra/core#"
HUB = f"{BASE}id/concept/roller/kso"
LINKS = PAGE_SIZE * 2 + 50  # three pages
G = f"<{BASE}graph/x>"


def hub_quads() -> list[str]:
    """Return a role type linked from LINKS roles and derived from LINKS releases, in shuffled order."""
    quads = [f'<{HUB}> <https://schema.org/name> "KSO"@sv {G} .',
             f"<{HUB}> <https://schema.org/identifier> _:id {G} .", f'_:id <https://schema.org/value> "k" {G} .']
    for i in sorted(range(LINKS), key=lambda i: (i * 7919) % LINKS):
        quads.append(f"<{BASE}id/role/r{i}> <https://w3id.org/pressrum/def/prog#roleType> <{HUB}> {G} .")
        quads.append(f'<{BASE}id/role/r{i}> <https://schema.org/roleName> "roll {i}" {G} .')
        quads.append(f"<{HUB}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}id/release/x{i}> {G} .")
    return quads


@pytest.fixture(scope="module")
def hub_app(tmp_path_factory):
    return small_app(tmp_path_factory.mktemp("hub"), hub_quads())


def turtle(client, url: str) -> Graph:
    response = client.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.data[:300]
    return Graph().parse(data=response.data, format="turtle")


def inverse_subjects(graph: Graph) -> list[str]:
    return sorted(str(s) for s, _, o in graph if str(o) == HUB and str(s).startswith(f"{BASE}id/role/"))


def test_count_equals_a_real_count(hub_app):
    store = hub_app.extensions["pressrum"].store
    entry = read_entry(next(hub_app.extensions["pressrum"].settings["build_dir"].glob("links-*.sqlite")), HUB)
    assert entry is not None and entry.total(INVERSE) == inverse_link_count(store, HUB) == LINKS
    real = int(next(iter(store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ <{HUB}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?o }}")))["n"].value)
    assert entry.total(OWN) == real == LINKS
    assert entry.counts == entry_for(store, HUB).counts  # the index says what the store says


def test_pages_are_stable_disjoint_and_cover_every_link(hub_app):
    client = hub_app.test_client()
    first = inverse_subjects(turtle(client, "/doc/concept/roller/kso"))
    again = inverse_subjects(turtle(hub_app.test_client(), "/doc/concept/roller/kso.ttl"))
    assert first == again and len(first) == PAGE_SIZE
    pages = [first] + [inverse_subjects(turtle(client, f"/doc/concept/roller/kso?page={n}")) for n in (2, 3)]
    every = [s for page in pages for s in page]
    assert len(every) == len(set(every)) == LINKS
    assert every == sorted(every)  # the index's order: by subject within one property
    derived = [str(o) for _, p, o in turtle(client, "/doc/concept/roller/kso?page=2")
               if str(p).endswith("wasDerivedFrom")]
    assert len(derived) == PAGE_SIZE


def test_the_order_is_the_same_in_another_server_process(hub_app, tmp_path):
    here = inverse_subjects(turtle(hub_app.test_client(), "/doc/concept/roller/kso?page=2"))
    build_dir = hub_app.extensions["pressrum"].settings["build_dir"]
    script = f"""
import sys
sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent.parent)!r})
from tests.test_pages import small_app
from tests.test_paged_documents import hub_quads
from pathlib import Path
app = small_app(Path({str(tmp_path)!r}), hub_quads())
sys.stdout.buffer.write(app.test_client().get("/doc/concept/roller/kso.ttl?page=2").data)
"""
    body = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout
    assert build_dir != tmp_path
    assert inverse_subjects(Graph().parse(data=body, format="turtle")) == here


def test_paging_links_in_turtle_jsonld_html_and_headers(hub_app):
    client = hub_app.test_client()
    doc = URIRef(f"{BASE}doc/concept/roller/kso")
    view = URIRef(f"{doc}?page=2")
    graph = turtle(client, "/doc/concept/roller/kso?page=2")
    assert (doc, URIRef(HYDRA + "view"), view) in graph
    assert (view, URIRef(HYDRA + "next"), URIRef(f"{doc}?page=3")) in graph
    assert (view, URIRef(HYDRA + "previous"), URIRef(f"{doc}?page=1")) in graph
    assert int(graph.value(doc, URIRef(HYDRA + "totalItems"))) == 2 * LINKS
    jsonld = parse_jsonld(client.get("/doc/concept/roller/kso.jsonld?page=2").data)
    assert (view, URIRef(HYDRA + "next"), URIRef(f"{doc}?page=3")) in jsonld
    response = client.get("/doc/concept/roller/kso.html?page=2&lang=en")
    assert response.status_code == 200
    valid_html5(response.data)
    body = response.get_data(as_text=True)
    assert 'rel="next" href="http://localhost/doc/concept/roller/kso.html?page=3"' in body
    assert 'rel="prev"' in body and f"Showing {PAGE_SIZE} of {LINKS}" in body
    link = response.headers["Link"]
    assert '<http://localhost/doc/concept/roller/kso.html?page=3>; rel="next"' in link
    assert 'rel="prev"' in link and ".ttl?page=2>" in link
    last = client.get("/doc/concept/roller/kso?page=3", headers={"Accept": "text/turtle"})
    assert 'rel="next"' not in last.headers["Link"]
    assert last.headers["ETag"] != client.get("/doc/concept/roller/kso?page=2",
                                              headers={"Accept": "text/turtle"}).headers["ETag"]


def test_a_small_document_has_no_paging(client):
    response = client.get("/doc/person/alexander-abenius", headers={"Accept": "text/turtle"})
    assert HYDRA not in response.get_data(as_text=True) and 'rel="next"' not in response.headers["Link"]
    assert client.get("/doc/person/alexander-abenius?page=2").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "", "99999999999", "٣"])
def test_a_bad_page_is_400(hub_app, page):
    assert hub_app.test_client().get(f"/doc/concept/roller/kso?page={page}").status_code == 400


@pytest.mark.parametrize("page", ["4", "999999999"])
def test_a_page_past_the_last_is_404(hub_app, page):
    assert hub_app.test_client().get(f"/doc/concept/roller/kso.ttl?page={page}").status_code == 404


def test_without_a_content_hash_the_links_are_read_live(tmp_path):
    app = small_app(tmp_path, hub_quads())
    app.extensions["pressrum"].loaded_hash = None
    client = app.test_client()
    assert inverse_subjects(turtle(client, "/doc/concept/roller/kso?page=3")) == sorted(
        f"{BASE}id/role/r{i}" for i in range(LINKS))[2 * PAGE_SIZE:]
