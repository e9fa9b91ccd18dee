"""The HTML pages: valid HTML5, escaped literals, languages, the release text, home and lists."""

from __future__ import annotations

import re

import html5lib
import pyoxigraph as ox
import pytest

from pressrum.build.publication import Publication
from pressrum.namespaces import Minter
from pressrum.settings import load_settings
from pressrum.store import EmbeddedStore
from pressrum.web.entity_pages import cut_paragraphs

from .make_golden import ANNOTATION, BASE, CONCEPT, PERSON, QUOTATION, RELEASE

PAGES = ["/", "/releases", "/kinds/person", "/kinds/organisation", "/dataset", "/def/prog",
         f"/doc/{RELEASE}", f"/doc/{QUOTATION}", f"/doc/{ANNOTATION}", f"/doc/{PERSON}", f"/doc/{CONCEPT}",
         "/doc/person/nobody", "/no/such/page", f"/doc/{PERSON}?lang=en", "/releases?page=1"]


def valid_html5(data: bytes) -> None:
    html5lib.HTMLParser(strict=True).parse(data)


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_valid_html5(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code in (200, 404)
    assert response.mimetype == "text/html"
    valid_html5(response.data)
    body = response.get_data(as_text=True)
    assert "<script" not in body  # works without JavaScript; nothing inline for the CSP to block
    assert " style=" not in body


def test_release_page_highlights_quotations_by_offsets(client, app):
    body = client.get(f"/doc/{RELEASE}").get_data(as_text=True)
    marks = re.findall(r'<a class="quote" href="([^"]+)"><mark>(.*?)</mark></a>'
                       r'<small class="speaker"> — <a href="([^"]+)">([^<]+)</a>', body, re.S)
    assert len(marks) >= 3
    store = app.extensions["pressrum"].store
    for href, text, speaker_href, _ in marks:
        quotation = BASE + "id/" + href.removeprefix("/doc/")
        exact = next(iter(store.query(
            f"SELECT ?t WHERE {{ <{quotation}> <https://schema.org/text> ?t }}")))["t"].value
        assert text == exact.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert speaker_href.startswith("/doc/person/")
    assert tuple(m[0] for m in marks[:1]) == ("/doc/" + QUOTATION, )
    assert marks[0][2] == f"/doc/{PERSON}" and marks[0][3] == "Alexander Abenius"


def test_page_shows_types_properties_inverse_formats_and_iri(client):
    body = client.get(f"/doc/{PERSON}").get_data(as_text=True)
    assert "<h1>Alexander Abenius</h1>" in body
    assert "Person" in body
    assert ">efternamn<" in body                       # schema:familyName by its Swedish label
    assert "Nämns i" in body                           # the inverse links
    assert f'href="/doc/{QUOTATION}"' in body
    assert f'value="{BASE}id/{PERSON}"' in body          # the IRI to copy
    for suffix in ("ttl", "jsonld", "rdf", "nt"):
        assert '<link rel="alternate" type=' in body and f"/doc/{PERSON}.{suffix}" in body


def test_prog_properties_are_labelled_from_the_ontology(client):
    body = client.get(f"/doc/{CONCEPT}?lang=sv").get_data(as_text=True)
    assert "rolltyp" in body.lower() or "roll" in body.lower()
    body = client.get("/doc/programme/svenskt-naringsliv-utvecklingsprogram-2020?lang=en").get_data(as_text=True)
    assert 'href="/def/prog#numberOfParticipants"' in body


@pytest.mark.parametrize(("headers", "query", "lang", "title"), [
    ({}, "", "sv", "Lerums kommun"),
    ({"Accept-Language": "en-GB,en;q=0.9"}, "", "en", "Lerum Municipality"),
    ({"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}, "", "sv", "Lerums kommun"),
    ({"Accept-Language": "de"}, "", "sv", "Lerums kommun"),
    ({"Accept-Language": "en"}, "?lang=sv", "sv", "Lerums kommun"),
    ({}, "?lang=en", "en", "Lerum Municipality"),
    ({}, "?lang=xx", "sv", "Lerums kommun"),
])
def test_title_in_the_readers_language(client, headers, query, lang, title):
    body = client.get(f"/doc/organisation/lerums-kommun{query}", headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in body
    assert f"<h1>{title}</h1>" in body
    assert "Mentioned in" in body if lang == "en" else "Nämns i" in body


def test_home_page(client, app):
    response = client.get("/")
    body = response.get_data(as_text=True)
    store = app.extensions["pressrum"].store
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    assert f"<strong>{triples}</strong>" in body
    assert f'href="/doc/{RELEASE}"' in body
    assert 'href="/kinds/person"' in body
    assert 'href="/sparql?query=' in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_lists_are_paged(client):
    first = client.get("/kinds/organisation").get_data(as_text=True)
    assert "/doc/organisation/lerums-kommun" in first
    assert client.get("/kinds/organisation?page=999").status_code == 404
    assert client.get("/kinds/organisation?page=0").status_code == 400
    assert client.get("/kinds/organisation?page=abc").status_code == 400
    assert client.get("/kinds/nonsense").status_code == 404
    assert "/doc/release/" in client.get("/releases").get_data(as_text=True)


def test_paging_with_a_small_page_size(tmp_path):
    app = small_app(tmp_path, [f'<{BASE}id/person/p{i}> <https://schema.org/name> "P{i}" <{BASE}graph/x> .'
                               for i in range(5)], page_size=2)
    client = app.test_client()
    page1, page3 = client.get("/kinds/person").get_data(as_text=True), client.get("/kinds/person?page=3")
    assert page1.count("/doc/person/p") == 2 and 'rel="next"' in page1
    body3 = page3.get_data(as_text=True)
    assert body3.count("/doc/person/p") == 1 and 'rel="next"' not in body3 and 'rel="prev"' in body3


def small_app(tmp_path, nquads: list[str], page_size: int = 50):
    """Return an app over a tiny in-memory store (no build)."""
    from pressrum.web.app import create_app

    settings = load_settings({"base_uri": BASE, "build": False, "build_dir": tmp_path, "page_size": page_size})
    store = EmbeddedStore()
    store.replace("\n".join(nquads).encode(), ox.RdfFormat.N_QUADS, "test")
    publication = Publication(settings, Minter(BASE), store, "test")
    return create_app({"publication": publication, "base_uri": BASE, "build": False, "build_dir": str(tmp_path)})


def test_every_literal_is_escaped(tmp_path):
    evil = "<script>alert(1)</script>"
    app = small_app(tmp_path, [
        f'<{BASE}id/person/evil> <https://schema.org/name> "{evil}" <{BASE}graph/x> .',
        f'<{BASE}id/person/evil> <https://schema.org/description> "\\" onmouseover=\\"alert(2)" <{BASE}graph/x> .',
        f'<{BASE}id/release/r> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> '
        f'<{BASE}graph/x> .',
        f'<{BASE}id/release/r> <https://schema.org/headline> "{evil}" <{BASE}graph/x> .',
        f'<{BASE}id/release/r> <https://schema.org/articleBody> "a {evil} b" <{BASE}graph/x> .',
        f'<{BASE}id/release/r> <https://schema.org/mentions> <{BASE}id/person/evil> <{BASE}graph/x> .',
    ])
    client = app.test_client()
    for path in ("/doc/person/evil", "/doc/release/r", "/", "/kinds/person", "/releases"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert "<script>" not in body, path
        assert 'onmouseover="' not in body
        valid_html5(response.data)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/doc/person/evil").get_data(as_text=True)


def test_cut_paragraphs_places_quotations_by_code_points():
    body = "Å😀 intro.\n- Citat här, säger X.\nSlut."
    start = body.index("Citat")
    quote = {"start": start, "end": start + len("Citat här"), "href": "/q", "speaker": None}
    paragraphs = cut_paragraphs(body, [quote])
    assert len(paragraphs) == 3
    quoted = [s for s in paragraphs[1] if s["quote"]]
    assert [s["text"] for s in quoted] == ["Citat här"]
    assert "".join(s["text"] for p in paragraphs for s in p) == body.replace("\n", "")


def test_inverse_links_are_capped_and_the_rest_pointed_to(tmp_path):
    """A thing linked from thousands of triples gets a bounded document, and the page says so."""
    from pressrum.web.documents import MAX_INVERSE_LINKS, entity_document, inverse_link_count

    total = MAX_INVERSE_LINKS + 50
    nquads = [f'<{BASE}id/concept/roller/kso> <https://schema.org/name> "KSO"@sv <{BASE}graph/x> .']
    nquads += [f"<{BASE}id/role/r{i}> <https://w3id.org/pressrum/def/prog#roleType> "
               f"<{BASE}id/concept/roller/kso> <{BASE}graph/x> ." for i in range(total)]
    app = small_app(tmp_path, nquads)
    store = app.extensions["pressrum"].store
    iri = f"{BASE}id/concept/roller/kso"
    document = entity_document(store, iri)
    assert sum(1 for t in document if t.object.value == iri) == MAX_INVERSE_LINKS
    assert inverse_link_count(store, iri) == total
    body = app.test_client().get("/doc/concept/roller/kso.html?lang=en").get_data(as_text=True)
    assert f"Showing {MAX_INVERSE_LINKS} of {total}" in body
    assert "/sparql?query=" in body


def test_a_javascript_iri_in_the_data_is_shown_not_linked(tmp_path):
    nquads = [f'<{BASE}id/person/x> <https://schema.org/name> "X" <{BASE}graph/x> .',
              f'<{BASE}id/person/x> <https://schema.org/sameAs> <javascript:alert(1)> <{BASE}graph/x> .']
    body = small_app(tmp_path, nquads).test_client().get("/doc/person/x.html").get_data(as_text=True)
    assert "javascript:alert(1)" in body
    assert 'href="javascript:' not in body
