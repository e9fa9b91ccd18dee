"""Hostile input: headers, paths, files outside the site, markup in every channel, hostile SPARQL.

Every answer must be a 2xx, 3xx or 4xx, never a 5xx and never a dead process. The Flask test
client drives the app (fast enough for hypothesis); a few tests speak raw HTTP to the production
server, where gunicorn parses the request line before Flask sees it.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressrum.sparql.guard import nesting_depth
from tests.test_sparql_protocol import Listener

PERSON = "/doc/person/alexander-abenius"
HTML_PAGES = ["/", "/releases", "/kinds/person", PERSON, "/dataset", "/def/prog", "/sparql"]
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SCRIPT = "<script>alert(1)</script>"


def ok(response) -> bool:
    """Tell whether an answer is a 2xx, 3xx or 4xx (never a 5xx)."""
    return 200 <= response.status_code < 500


# --- headers -----------------------------------------------------------------------------------

HOSTILE_ACCEPT = [
    "", ",,,,", ";;;", "text/turtle;q=2", "text/turtle;q=-1", "text/turtle;q=1.0001", "text/turtle;q=abc",
    "text/turtle;q=nan, */*;q=inf", "text/turtle;q=0.5;q=0.9", "*/turtle", "text/", "/turtle", "\x00\x01",
    "text/turtle;q=" + "9" * 4000, "a" * 8000, ", ".join(["text/turtle;q=0.1"] * 1500),
    "text/html;level=1;level=2;" * 300, "application/ld+json;profile=\"" + "x" * 3000 + "\"",
    "text/turtle;q=0", "*/*;q=0", "ÿ/ÿ",
]
HOSTILE_LANGUAGE = [
    "", ",,,", "sv;q=2", "en;q=-1", "*;q=abc", "en;q=nan", "sv-SE-" * 1500, "x" * 8000, "\x00",
    ", ".join(["en;q=0.5"] * 1500), "ÿ", "*", "en;q=0, sv;q=0",
]


@pytest.mark.parametrize("path", [PERSON, PERSON + ".ttl", "/", "/releases", "/dataset", "/sparql",
                                  "/id/person/alexander-abenius", "/nothing-here"])
@pytest.mark.parametrize("accept", HOSTILE_ACCEPT, ids=range(len(HOSTILE_ACCEPT)))
def test_hostile_accept(client, path, accept):
    response = client.get(path, headers={"Accept": accept})
    assert ok(response), (path, accept[:80], response.status_code, response.data[:300])


@pytest.mark.parametrize("path", [PERSON, "/", "/releases", "/dataset", "/sparql", "/nothing-here"])
@pytest.mark.parametrize("language", HOSTILE_LANGUAGE, ids=range(len(HOSTILE_LANGUAGE)))
def test_hostile_accept_language(client, path, language):
    response = client.get(path, headers={"Accept-Language": language, "Accept": "text/html"})
    assert ok(response), (path, language[:80], response.status_code, response.data[:300])


# --- paths -------------------------------------------------------------------------------------

HOSTILE_PATHS = [
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc/person/%2e%2e", "/doc/person/..",
    "/doc/person/a%00b", "/doc/person/%00", "/id/person/%00.ttl", "/doc/person/%ff", "/doc/person/%c3%28",
    "/doc/%ff/%fe", "/kinds/%ff", "/releases/%ff", "/%ff", "/sparql/%ff", "/dumps/%ff",
    "/doc/person/" + "a" * 10_000, "/doc/" + "a" * 10_000 + "/b", "/id/" + "x/" * 5000,
    "/kinds/" + "k" * 10_000, "/dumps/" + "d" * 10_000, "/static/" + "s" * 10_000,
    "/doc/person/alexander-abenius." + "x" * 10_000, "/doc/person/alexander-abenius.ttl.ttl",
    "/doc/person/alexander-abenius.", "/doc/person/.ttl", "/doc//person//alexander-abenius",
    "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fpyproject.toml",
]
# Nothing under data/, src/, .git, build or the project root is ever served.
SECRET_PATHS = [
    "/data/releases/", "/data/enrichment/wikidata.ttl", "/src/pressrum/app.py", "/.git/config", "/.git/HEAD",
    "/pyproject.toml", "/.env", "/build/dumps/manifest.json", "/dumps/manifest.json", "/dumps/..%2fmanifest.json",
    "/dumps/%2e%2e%2f%2e%2e%2f.git%2fconfig", "/static/../../.git/config", "/static/..%2f..%2f..%2f.git%2fconfig",
    "/static/%2e%2e/%2e%2e/%2e%2e/src/pressrum/app.py", "/static/....//....//.git/config",
    "/doc/..%2f..%2f.git%2fconfig", "/doc/../../data/releases", "/%2e%2e/%2e%2e/.git/HEAD",
    "/static/%252e%252e/%252e%252e/.git/config", "/static/..\\..\\.git\\config", "/.git", "/src/", "/data",
]
FILE_MARKERS = (b"[core]", b"ref: refs/", b"[build-system]", b"def create_app", b"@prefix", b"content_hash")


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=range(len(HOSTILE_PATHS)))
def test_hostile_paths(client, path):
    for accept in ("text/html", "text/turtle", "*/*"):
        response = client.get(path, headers={"Accept": accept})
        assert ok(response), (path[:100], accept, response.status_code, response.data[:300])
        assert response.status_code != 200 or path.startswith("/doc//"), (path[:100], response.status_code)


@pytest.mark.parametrize("path", SECRET_PATHS)
def test_nothing_outside_the_site_is_served(client, path):
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert not any(marker in response.data for marker in FILE_MARKERS), path


# --- markup in paths, parameters and literals ----------------------------------------------------

MARKUP_REQUESTS = [
    ("/doc/person/" + SCRIPT, {}), ("/kinds/" + SCRIPT, {}), ("/" + SCRIPT, {}),
    ("/doc/person/x" + '"><img src=x onerror=alert(1)>', {}),
    ("/releases", {"page": SCRIPT}), ("/releases", {"lang": SCRIPT}), (PERSON, {"lang": '"><script>'}),
    (PERSON, {"format": SCRIPT}), ("/dataset", {"format": SCRIPT}), ("/sparql", {"format": SCRIPT}),
    ("/sparql", {"query": SCRIPT}), ("/sparql", {"query": "SELECT * WHERE { ?s ?p '" + SCRIPT + "' }"}),
    ("/sparql", {"query": f'SELECT ?x WHERE {{ BIND("{SCRIPT}" AS ?x) }}'}),
    ("/sparql", {"query": f'SELECT ?x WHERE {{ BIND(STRLANG("{SCRIPT}", "en") AS ?x) }}'}),
    ("/sparql", {"query": 'SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }'}),
    ("/sparql", {"query": 'CONSTRUCT { <javascript:alert(1)> <x:p> "' + SCRIPT + '" } WHERE {}'}),
    ("/sparql", {"query": "</textarea>" + SCRIPT}), ("/sparql", {"timeout": SCRIPT, "query": "ASK {}"}),
]


@pytest.mark.parametrize(("path", "params"), MARKUP_REQUESTS, ids=range(len(MARKUP_REQUESTS)))
def test_markup_is_escaped_on_every_html_answer(client, path, params):
    response = client.get(path, query_string=params, headers={"Accept": "text/html"})
    assert ok(response), (path, params, response.status_code, response.data[:300])
    body = response.get_data(as_text=True)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    if response.mimetype == "text/html":
        assert "<script>" not in body and "<img src=x" not in body
        assert 'href="javascript:' not in body.lower()
        assert "Content-Security-Policy" in response.headers
    else:  # a plain-text error may quote the input: it is text, and nosniff keeps it text
        assert response.mimetype in ("text/plain", "application/sparql-results+json"), response.mimetype


@pytest.mark.parametrize("path", [*HTML_PAGES, "/nothing-here", "/doc/person/nobody", "/kinds/x"])
def test_every_html_answer_carries_the_security_headers(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html", path
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src" in csp and "'unsafe-inline'" not in csp, (path, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path


def test_every_answer_says_nosniff(client):
    for path, accept in (("/sparql?query=nonsense", "*/*"), ("/nothing", "text/plain"), (PERSON, "text/turtle"),
                         ("/context.jsonld", "*/*"), ("/sparql?query=ASK{}", "application/sparql-results+json")):
        assert client.get(path, headers={"Accept": accept}).headers.get("X-Content-Type-Options") == "nosniff", path


# --- hostile SPARQL ------------------------------------------------------------------------------

def query(client, text: str, **params):
    return client.get("/sparql", query_string={"query": text, **params},
                      headers={"Accept": "application/sparql-results+json"})


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e: {{ ?s ?p ?o }} }}",
    "BASE <{url}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE#comment\n<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?x }} }} }}",
    "LOAD <{url}>", "LOAD SILENT <{url}> INTO GRAPH <x:g>",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "DESCRIBE <{url}>", "SELECT * WHERE {{ <{url}> ?p ?o }}",
])
def test_no_query_makes_the_server_fetch_a_url(client, template):
    with Listener() as listener:
        response = query(client, template.format(url=listener.url))
        assert ok(response), response.data
        time.sleep(0.3)
        assert listener.connections == 0, template


@pytest.mark.parametrize("update", [
    "INSERT DATA { <x:a> <x:b> <x:c> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL",
    "CREATE GRAPH <x:g>", "ADD DEFAULT TO <x:g>", "MOVE DEFAULT TO <x:g>", "COPY DEFAULT TO <x:g>",
    "WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "SELECT * {} ; DROP ALL",
])
def test_updates_are_refused(client, update):
    assert query(client, update).status_code == 400
    assert client.post("/sparql", data=update, content_type="application/sparql-update").status_code == 400
    assert client.post("/sparql", data={"update": update}).status_code == 400


@pytest.mark.parametrize("text", [
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+$")) }',
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c FILTER(REGEX(CONCAT(STR(?o), STR(?c)), "^(a|a?)+$")) }',
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(x+x+)+y", "i")) }',
    'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "a{1000}{1000}{1000}")) }',
    EXPENSIVE,
])
def test_expensive_queries_end_by_the_time_limit(client, text):
    started = time.monotonic()
    response = query(client, text, timeout="1")
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 400, 503), response.data
    if response.status_code == 503:
        assert response.headers["Retry-After"]
    assert elapsed < 1 + 3, elapsed


# pyoxigraph's recursive parser overflows its stack (and kills the process) on deep nesting: every
# way to nest must be caught by the guard, including nesting that only a careless lexer would take
# for an IRI, a string or a comment.
DEEP = 5_000  # within max_query_length, so the nesting check is what answers
NESTING = [
    "SELECT * WHERE " + "{" * DEEP + "}" * DEEP,
    "SELECT * WHERE { FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }",
    "SELECT * WHERE { ?s " + "(" * DEEP + "<x:p>" + ")" * DEEP + " ?o }",
    "SELECT * WHERE { ?s <x:p> " + "[<x:p> " * (DEEP // 3) + "]" * (DEEP // 3) + " }",
    "SELECT * WHERE { FILTER(" + "!" * DEEP + "true) }",
    "SELECT * WHERE { FILTER(" + "- " * DEEP + "1) }",
    "SELECT * WHERE { ?s " + "^" * DEEP + "<x:p> ?o }",
    "SELECT * WHERE { FILTER(?x<" + "(" * DEEP + "1" + ")" * DEEP + ">0) }",
    "SELECT * WHERE { FILTER(?x<" + "!" * DEEP + "1>0) }",
    "SELECT * WHERE { FILTER(?x<" + "(" * DEEP + "?y) }",
    "SELECT * WHERE { VALUES ?x { " + "(" * DEEP + " } }",
    "ASK { FILTER(" + "NOT EXISTS { FILTER(" * 500 + "true" + ") }" * 500 + ") }",
]


@pytest.mark.parametrize("text", NESTING, ids=range(len(NESTING)))
def test_deep_nesting_is_refused_before_the_parser(client, text, app):
    assert nesting_depth(text) > 64
    response = client.post("/sparql", data=text.encode(), content_type="application/sparql-query")
    assert response.status_code == 400, response.data[:300]


# --- property-based: any input gets a 2xx, 3xx or 4xx --------------------------------------------

ROUTES = ["/", "/releases", "/kinds/", "/doc/", "/doc/person/", PERSON, "/id/", "/id/person/", "/dataset",
          "/sparql", "/def/prog", "/dumps/", "/static/", "/.well-known/void", "/context.jsonld", "/"]
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
                      max_size=300)
ACCEPT_PARTS = st.lists(st.one_of(
    st.sampled_from(["text/html", "text/turtle", "application/ld+json", "*/*", "text/*", "application/*",
                     "application/sparql-results+json", "text/csv", "application/rdf+xml", "x/y", "*", ""]),
    HEADER_TEXT), max_size=6)
Q = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.sampled_from(["", "1", "0", "0.5", "1.000"]),
              HEADER_TEXT)
URL_PIECE = st.one_of(
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#?"), max_size=30),
    st.binary(max_size=8).map(lambda b: "".join(f"%{x:02x}" for x in b)),
    st.sampled_from(["..", "%2e%2e", "%00", "%ff", "/", "//", ".ttl", ".html", ".", "a" * 300]))


@st.composite
def accept_header(draw) -> str:
    parts = draw(ACCEPT_PARTS)
    return ", ".join(f"{p};q={draw(Q)}" if draw(st.booleans()) else p for p in parts)


BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@BOUNDED
@given(route=st.sampled_from(ROUTES), accept=st.one_of(accept_header(), HEADER_TEXT),
       language=st.one_of(HEADER_TEXT, st.sampled_from(["sv", "en", "*", "en;q=2", "sv;q=-1"])))
def test_any_accept_and_language(client, route, accept, language):
    response = client.get(route, headers={"Accept": accept, "Accept-Language": language})
    assert ok(response), (route, accept, language, response.status_code, response.data[:300])


@BOUNDED
@given(route=st.sampled_from(ROUTES), pieces=st.lists(URL_PIECE, max_size=5), accept=st.sampled_from(
    ["text/html", "text/turtle", "*/*", "application/sparql-results+json"]))
def test_any_path(client, route, pieces, accept):
    path = route + "".join(pieces)
    if path.startswith("//"):  # the test client reads //host as a network location; raw HTTP tests cover it
        path = "/." + path
    response = client.get(path, headers={"Accept": accept})
    assert ok(response), (route + "".join(pieces), response.status_code, response.data[:300])


PARAMS = st.lists(st.tuples(
    st.one_of(st.sampled_from(["query", "format", "timeout", "lang", "page", "default-graph-uri",
                               "named-graph-uri", "update"]), st.text(max_size=10)),
    st.one_of(st.text(max_size=80), st.sampled_from(["ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "json",
                                                     "0", "-1", "nan", "inf", "1e309", "99999999999999999999"]))),
    max_size=4)


@BOUNDED
@given(route=st.sampled_from(["/sparql", "/releases", "/kinds/person", PERSON, "/dataset", "/"]), params=PARAMS,
       raw=st.one_of(st.just(""), st.lists(URL_PIECE, max_size=4).map("&".join)))
def test_any_query_string(client, route, params, raw):
    from urllib.parse import urlencode

    query_string = urlencode(params) + ("&" + raw if raw else "")
    response = client.get(route + "?" + query_string, headers={"Accept": "*/*"})
    assert ok(response), (route, query_string, response.status_code, response.data[:300])


@BOUNDED
@given(params=PARAMS, raw=st.binary(max_size=200), content_type=st.sampled_from(
    ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-query; charset=latin-1",
     "application/sparql-update", "text/plain", "multipart/form-data; boundary=x", "", "application/json"]),
       form=st.booleans())
def test_any_form_body(client, params, raw, content_type, form):
    from urllib.parse import urlencode

    body = urlencode(params).encode() if form else raw
    response = client.post("/sparql", data=body, headers={"Content-Type": content_type} if content_type else {})
    assert ok(response), (body[:200], content_type, response.status_code, response.data[:300])
    assert ok(client.post(PERSON, data=body))


# --- over a real socket: what gunicorn parses before Flask ---------------------------------------

def raw_request(base: str, request_line: bytes, headers: bytes = b"") -> int:
    """Send one raw HTTP/1.1 request and return the status code of the answer."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request_line + b"\r\nHost: x\r\nConnection: close\r\n" + headers + b"\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1."), data[:200]
    return int(data.split(b" ", 2)[1])


@pytest.mark.slow
@pytest.mark.parametrize("line", [
    b"GET /static/../../.git/config HTTP/1.1", b"GET /../../.git/HEAD HTTP/1.1", b"GET /static/..%2f..%2f.git HTTP/1.1",
    b"GET /data/releases/ HTTP/1.1", b"GET /src/pressrum/app.py HTTP/1.1", b"GET /doc/person/\xff\xfe HTTP/1.1",
    b"GET /doc/person/%ff HTTP/1.1", b"GET /doc/person/a%00b HTTP/1.1", b"GET /" + b"a" * 10_000 + b" HTTP/1.1",
    b"GET /doc/person/alexander-abenius?" + b"lang=" + b"x" * 9000 + b" HTTP/1.1", b"GET \x00 HTTP/1.1",
    b"GARBAGE", b"GET / HTTP/9.9", b"GET //[] HTTP/1.1", b"GET //evil.example/ HTTP/1.1",
])
def test_raw_request_lines_over_http(live_server, line):
    status = raw_request(live_server, line)
    assert 200 <= status < 500 and status != 200 or line.startswith(b"GET /doc/person/a"), (line[:80], status)
    assert raw_request(live_server, b"GET / HTTP/1.1") == 200  # the server is still answering


@pytest.mark.slow
@pytest.mark.parametrize("header", [
    b"Accept: " + b"a" * 8000, b"Accept-Language: " + b"sv;q=2," * 1000, b"Accept: text/turtle;q=\xff",
    b"Accept-Language: \xff\xfe", b"X-Big: " + b"x" * 9000, b"".join(b"X-%d: y\r\n" % i for i in range(150)).rstrip(),
])
def test_hostile_headers_over_http(live_server, header):
    status = raw_request(live_server, b"GET /doc/person/alexander-abenius HTTP/1.1", header + b"\r\n")
    assert 200 <= status < 500, (header[:60], status)
    assert raw_request(live_server, b"GET / HTTP/1.1") == 200


@pytest.mark.slow
def test_deep_nesting_over_http_leaves_the_server_up(live_server):
    import requests

    for text in NESTING:
        response = requests.post(live_server + "sparql", data=text.encode(),
                                 headers={"Content-Type": "application/sparql-query"}, timeout=30)
        assert response.status_code == 400, response.text[:200]
    assert requests.get(live_server, timeout=10).status_code == 200
