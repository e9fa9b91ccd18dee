"""Cool URIs and the HTTP behaviour of documents: 303, headers, validators, HEAD, errors, files."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest

from pressrum.formats import DOCUMENT_FORMATS

from .make_golden import ANNOTATION, BASE, CONCEPT, PERSON, QUOTATION, RELEASE

ENTITIES = [RELEASE, QUOTATION, ANNOTATION, PERSON, CONCEPT, "organisation/lerums-kommun",
            "programme/svenskt-naringsliv-utvecklingsprogram-2020", "scheme/roller"]


@pytest.mark.parametrize("path", ENTITIES)
def test_id_answers_303_to_doc(client, path):
    response = client.get(f"/id/{path}", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/doc/{path}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_id_with_a_suffix_redirects_to_the_bare_document(client):
    response = client.get(f"/id/{PERSON}.ttl")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/doc/{PERSON}")


@pytest.mark.parametrize("path", ["/id/person/nobody", "/id/nokind/x", "/id/person", "/id/person/a/b",
                                  "/id/concept/roller", "/id/person/UPPER", "/id/person/a%00b",
                                  "/id/person/..%2f..%2fetc", "/id/../data/releases", "/doc/person/-x-",
                                  "/doc/" + "a/" * 300, "/id/person/" + "x" * 5000])
def test_unknown_or_malformed_paths_are_404(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("path", ["/data/releases", "/src/pressrum/app.py", "/static/../app.py",
                                  "/dumps/manifest.json", "/dumps/..%2fdumps%2fpressrum.trig",
                                  "/static/..%2f__init__.py", "/templates/base.html", "/pyproject.toml"])
def test_nothing_is_served_raw(client, path):
    assert client.get(path).status_code == 404


def test_document_headers(client):
    response = client.get(f"/doc/{PERSON}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    headers = response.headers
    assert "Accept" in headers["Vary"]
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert headers["ETag"].startswith('"') and not headers["ETag"].startswith("W/")
    assert headers["Last-Modified"].endswith("GMT")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in headers["Cache-Control"]
    assert headers["Content-Location"].endswith(f"/doc/{PERSON}.ttl")
    for fmt in DOCUMENT_FORMATS:
        if fmt.media_type != "text/turtle":
            assert f'<http://localhost/doc/{PERSON}.{fmt.extension}>; rel="alternate"; type="{fmt.media_type}"' \
                in headers["Link"]
    assert 'type="text/turtle"' not in headers["Link"]


def test_suffixed_answers_have_no_content_location(client):
    assert "Content-Location" not in client.get(f"/doc/{PERSON}.ttl").headers


def test_etag_differs_per_representation(client):
    tags = {client.get(f"/doc/{PERSON}.{f.extension}").headers["ETag"] for f in DOCUMENT_FORMATS}
    assert len(tags) == len(DOCUMENT_FORMATS)
    assert client.get(f"/doc/{PERSON}.ttl").headers["ETag"] != client.get(f"/doc/{RELEASE}.ttl").headers["ETag"]


def test_negotiated_and_suffixed_share_the_etag(client):
    negotiated = client.get(f"/doc/{PERSON}", headers={"Accept": "text/turtle"})
    assert negotiated.headers["ETag"] == client.get(f"/doc/{PERSON}.ttl").headers["ETag"]


def test_if_none_match_gives_304(client):
    first = client.get(f"/doc/{PERSON}.ttl")
    again = client.get(f"/doc/{PERSON}.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    other = client.get(f"/doc/{PERSON}.ttl", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_if_modified_since_gives_304(client):
    first = client.get(f"/doc/{PERSON}.ttl")
    again = client.get(f"/doc/{PERSON}.ttl", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
    old = client.get(f"/doc/{PERSON}.ttl", headers={"If-Modified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"})
    assert old.status_code == 200
    bad = client.get(f"/doc/{PERSON}.ttl", headers={"If-Modified-Since": "not a date"})
    assert bad.status_code == 200


def test_if_none_match_wins_over_if_modified_since(client):
    first = client.get(f"/doc/{PERSON}.ttl")
    response = client.get(f"/doc/{PERSON}.ttl", headers={"If-None-Match": '"other"',
                                                        "If-Modified-Since": first.headers["Last-Modified"]})
    assert response.status_code == 200


def test_head_has_headers_and_no_body(client):
    get = client.get(f"/doc/{PERSON}.jsonld")
    head = client.head(f"/doc/{PERSON}.jsonld")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Type"] == get.headers["Content-Type"]


def test_html_carries_security_headers(client):
    response = client.get(f"/doc/{PERSON}")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_html_etag_depends_on_language(client):
    sv = client.get(f"/doc/{PERSON}.html?lang=sv").headers["ETag"]
    en = client.get(f"/doc/{PERSON}.html?lang=en").headers["ETag"]
    assert sv != en


def test_format_parameter(client):
    response = client.get(f"/doc/{PERSON}?format=turtle", headers={"Accept": "text/html"})
    assert response.mimetype == "text/turtle"
    assert client.get(f"/doc/{PERSON}?format=pdf").status_code == 406


def test_unknown_iri_404_in_every_format(client):
    for fmt in DOCUMENT_FORMATS:
        response = client.get("/doc/person/nobody", headers={"Accept": fmt.media_type})
        assert response.status_code == 404
        assert response.mimetype == fmt.media_type
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_404_turtle_parses(client):
    from rdflib import Graph

    response = client.get("/doc/person/nobody", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert any("404" in str(o) for o in graph.objects())


def test_errors_are_logged_with_the_request(client, caplog):
    with caplog.at_level("INFO", logger="pressrum.errors"):
        client.get("/doc/person/nobody-at-all")
    assert any("/doc/person/nobody-at-all" in r.getMessage() and "404" in r.getMessage() for r in caplog.records)


def test_well_known_void_redirects(client):
    response = client.get("/.well-known/void")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/dataset")


def test_context_is_served(client):
    response = client.get("/context.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    context = response.get_json()["@context"]
    assert context["@vocab"] == "https://schema.org/"
    for prefix in ("prog", "oa", "prov", "skos", "dcterms", "void", "dcat", "xsd", "rdfs", "owl"):
        assert prefix in context
    again = client.get("/context.jsonld", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_jsonld_references_the_context_by_url(client):
    document = json.loads(client.get(f"/doc/{PERSON}.jsonld").data)
    assert document["@context"] == BASE + "context.jsonld"


@pytest.mark.parametrize("name", ["pressrum.nq.gz", "pressrum.trig", "pressrum.jsonld"])
def test_dumps_are_served_with_validators(client, name):
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    again = client.get(f"/dumps/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_nquads_dump_is_gzip_of_the_dataset(client):
    data = gzip.decompress(client.get("/dumps/pressrum.nq.gz").data).decode()
    assert f"<{BASE}id/{RELEASE}>" in data
    assert f"<{BASE}graph/release/" in data


def test_dump_checksums_match_the_description(client):
    from rdflib import Graph, Namespace

    dcat, spdx = Namespace("http://www.w3.org/ns/dcat#"), Namespace("http://spdx.org/rdf/terms#")
    graph = Graph().parse(data=client.get("/dataset.ttl").get_data(as_text=True), format="turtle")
    checked = 0
    for distribution in graph.subjects(dcat.downloadURL, None):
        url = str(graph.value(distribution, dcat.downloadURL))
        body = client.get(url.replace(BASE, "/")).data
        assert int(graph.value(distribution, dcat.byteSize)) == len(body)
        checksum = graph.value(distribution, spdx.checksum)
        assert str(graph.value(checksum, spdx.checksumValue)) == hashlib.sha256(body).hexdigest()
        checked += 1
    assert checked == 3


GRAPH = "graph/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


def test_a_named_graph_iri_answers_with_its_provenance(client):
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV

    response = client.get(f"/{GRAPH}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200  # an information resource: no 303
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    release = URIRef("http://localhost:8080/id/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram")
    assert (URIRef(f"http://localhost:8080/{GRAPH}"), PROV.wasDerivedFrom, release) in graph
    assert client.get("/graph/ontology/programme.html").status_code == 200
    assert client.get("/graph/enrichment/wikidata.nt").status_code == 200


def test_unknown_graphs_are_404(client):
    assert client.get("/graph/release/no-such-release.ttl").status_code == 404
    assert client.get("/graph/nonsense/x").status_code == 404
    assert client.get("/graph/release/..%2f..%2fetc").status_code == 404
