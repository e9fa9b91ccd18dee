"""Content negotiation: the Accept parser, and a table of Accept and path → status and type."""

from __future__ import annotations

import pytest

from pressrum.conneg import negotiate, parse_accept, quality
from pressrum.formats import DOCUMENT_FORMATS, HTML, JSONLD, NTRIPLES, RDFXML, TURTLE

from .make_golden import PERSON

DOC = f"/doc/{PERSON}"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TTL, JSON_LD, XML, NT, HTM = ("text/turtle", "application/ld+json", "application/rdf+xml",
                              "application/n-triples", "text/html")

# (path, Accept header or None for none at all, status, media type of the answer)
TABLE = [
    (DOC, None, 200, HTM),
    (DOC, "", 200, HTM),
    (DOC, "*/*", 200, HTM),
    (DOC, BROWSER, 200, HTM),
    (DOC, FIREFOX, 200, HTM),
    (DOC, "text/html", 200, HTM),
    (DOC, "application/xhtml+xml", 200, HTM),
    (DOC, "text/turtle", 200, TTL),
    (DOC, "application/x-turtle", 200, TTL),
    (DOC, "application/ld+json", 200, JSON_LD),
    (DOC, "application/json", 200, JSON_LD),
    (DOC, 'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"', 200, JSON_LD),
    (DOC, "application/rdf+xml", 200, XML),
    (DOC, "application/n-triples", 200, NT),
    (DOC, "TEXT/TURTLE", 200, TTL),
    (DOC, "text/turtle;q=0.9, application/ld+json", 200, JSON_LD),
    (DOC, "text/turtle, application/ld+json;q=0.9", 200, TTL),
    (DOC, "text/html;q=0.1, text/turtle;q=0.5, application/rdf+xml;q=0.4", 200, TTL),
    (DOC, "text/turtle;q=0, */*", 200, HTM),
    (DOC, "text/html;q=0, */*;q=0.5", 200, TTL),
    (DOC, "text/html;q=0, text/turtle;q=0, */*;q=0.1", 200, JSON_LD),
    (DOC, "text/*", 200, HTM),
    (DOC, "text/*;q=0.5, text/turtle", 200, TTL),
    (DOC, "text/turtle;q=0.2, text/*;q=0.8", 200, HTM),
    (DOC, "application/*", 200, JSON_LD),
    (DOC, "application/*;q=0.5, application/n-triples", 200, NT),
    (DOC, "*/*;q=0.1, application/rdf+xml;q=0.2", 200, XML),
    (DOC, "text/turtle;q=1.0, application/ld+json;q=1.000", 200, TTL),
    (DOC, "image/png", 406, "text/plain"),
    (DOC, "application/pdf, image/*", 406, "text/plain"),
    (DOC, "text/html;q=0", 406, "text/plain"),
    (DOC, "*/*;q=0", 406, "text/plain"),
    (DOC, "text/turtle;q=2", 200, HTM),           # q out of range: the entry is ignored → any
    (DOC, "text/turtle;q=abc, application/ld+json", 200, JSON_LD),
    (DOC, "garbage", 200, HTM),                   # wholly malformed: as if absent
    (DOC, ";;;,,,/", 200, HTM),
    (DOC, "*/turtle, application/n-triples", 200, NT),
    (DOC, "text/turtle;" + "a=b;" * 500, 200, TTL),
    (DOC + ".ttl", BROWSER, 200, TTL),
    (DOC + ".jsonld", "text/turtle", 200, JSON_LD),
    (DOC + ".rdf", None, 200, XML),
    (DOC + ".nt", "image/png", 200, NT),          # a suffix wins over Accept, even an unsupported one
    (DOC + ".html", "text/turtle", 200, HTM),
    (DOC + ".pdf", None, 404, HTM),
    ("/doc/person/nobody", "text/turtle", 404, TTL),
    ("/doc/person/nobody", "application/ld+json", 404, JSON_LD),
    ("/doc/person/nobody", BROWSER, 404, HTM),
    ("/doc/person/nobody.ttl", BROWSER, 404, HTM),
    ("/dataset", "text/turtle", 200, TTL),
    ("/dataset", BROWSER, 200, HTM),
    ("/dataset.jsonld", None, 200, JSON_LD),
    ("/def/prog", "application/ld+json", 200, JSON_LD),
    ("/def/prog", None, 200, HTM),
    ("/def/prog.ttl", None, 200, TTL),
    ("/def/prog", "image/png", 406, "text/plain"),
]


@pytest.mark.parametrize(("path", "accept", "status", "media_type"), TABLE,
                         ids=[f"{p} {a!r}"[:90] for p, a, _, _ in TABLE])
def test_negotiation_table(client, path, accept, status, media_type):
    headers = {} if accept is None else {"Accept": accept}
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == media_type
    if status == 200 or media_type != "text/plain":
        assert "charset=utf-8" in response.content_type


def test_table_has_enough_rows():
    assert len(TABLE) >= 25


def test_406_lists_what_is_offered(client):
    response = client.get(DOC, headers={"Accept": "image/png"})
    body = response.get_data(as_text=True)
    for fmt in DOCUMENT_FORMATS:
        assert fmt.media_type in body
        assert f".{fmt.extension}" in response.headers["Link"]


def test_parse_accept_ignores_malformed_entries():
    ranges = parse_accept("text/turtle;q=0.5, nonsense, */html, text/plain;q=1.5, application/ld+json;q=0.")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "turtle", 0.5), ("application", "ld+json", 0.0)]


def test_specificity_beats_order():
    ranges = parse_accept("*/*;q=0.1, text/*;q=0.3, text/turtle;q=0.9")
    assert quality(TURTLE, ranges) == 0.9
    assert quality(HTML, ranges) == 0.3
    assert quality(JSONLD, ranges) == 0.1


def test_ties_go_to_the_table_order():
    assert negotiate("application/rdf+xml, application/n-triples, text/turtle", DOCUMENT_FORMATS) is TURTLE
    assert negotiate("application/n-triples, application/rdf+xml", DOCUMENT_FORMATS) is RDFXML
    assert negotiate("application/n-triples", DOCUMENT_FORMATS) is NTRIPLES


def test_hostile_accept_headers_never_fail():
    for header in ("\x00\x01", "a" * 100_000, ",".join(["text/turtle;q=0.1"] * 10_000), "q=1;/;",
                   "text/turtle;q=" + "9" * 1000, "text/turtle;q=-1", "text/turtle;q=NaN", "🙂/🙂"):
        negotiate(header, DOCUMENT_FORMATS)


def test_hostile_accept_over_http(client):
    for header in ("text/turtle;q=" + "9" * 1000, "a" * 8000, "text/turtle;q=nan, */*;q=inf"):
        assert client.get(DOC, headers={"Accept": header}).status_code in (200, 406)
