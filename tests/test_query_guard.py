"""The pre-parse guard: length, nesting, updates and SERVICE, before any parser sees a query."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressrum.http_errors import HttpError
from pressrum.settings import load_settings
from pressrum.sparql.guard import check_query, nesting_depth, service_endpoints, update_keyword

SETTINGS = load_settings({"max_query_nesting": 64, "max_query_length": 20000,
                          "service_allowlist": "https://query.wikidata.org/sparql"})


def refused(query: str, **overrides) -> HttpError:
    with pytest.raises(HttpError) as caught:
        check_query(query, {**SETTINGS, **overrides})
    return caught.value


@pytest.mark.parametrize(("query", "depth"), [
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p [ ?q ?r ] } }", 3),
    ('SELECT * WHERE { ?s ?p "{{{{{{((((([[[" }', 1),           # in a string
    ("SELECT * WHERE { ?s ?p '''{{{\n{{{''' }", 1),               # in a long string
    ("SELECT * WHERE { ?s ?p ?o } # {{{{{{{{{{{{{{{\n", 1),        # in a comment
    # inside an IRI too: `<` may be the less-than operator to the parser (tests/test_hostile_input.py)
    ("SELECT * WHERE { ?s ?p <http://example.org/(x)[y]> }", 2),
    ("ASK { FILTER(!!!!(true)) }", 4),
    ("ASK { FILTER(1 - 2 - 3 - -4) }", 2),
    ("SELECT * WHERE { ?s ^^^^<http://example.org/p> ?o }", 4),
])
def test_nesting_depth(query, depth):
    assert nesting_depth(query) == depth


def test_nesting_over_the_setting_is_400_naming_it():
    error = refused("SELECT * WHERE " + "{" * 65 + "}" * 65)
    assert error.status == 400 and "max_query_nesting" in error.message and "65" in error.message
    check_query("SELECT * WHERE " + "{" * 64 + "}" * 64, SETTINGS)
    assert refused("ASK { FILTER(" + "!" * 100 + "true) }").status == 400
    assert refused("ASK { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }").status == 400


def test_what_would_crash_the_parser_never_reaches_it():
    # pyoxigraph 0.5.13 overflows its stack on these (the process dies: exit code -11); the guard
    # refuses them first. The crash is shown in a subprocess, so that it cannot take the tests down.
    query = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    crash = subprocess.run([sys.executable, "-c", "import sys, pyoxigraph\n"
                            "pyoxigraph.Store().query(sys.stdin.read())"], input=query, text=True,
                           capture_output=True, timeout=60)
    assert crash.returncode != 0
    assert refused(query, max_query_length=100000).status == 400


def test_length_over_the_setting_is_413_naming_it():
    error = refused("ASK {}" + " " * 20000)
    assert error.status == 413 and "max_query_length" in error.message


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:b> <a:c> 1 }",
    "delete where { ?s ?p ?o }",
    "LOAD <http://example.org/x.ttl>",
    "LOAD SILENT <http://example.org/x.ttl> INTO GRAPH <http://example.org/g>",
    "CLEAR ALL", "DROP GRAPH <http://example.org/g>", "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>", "MOVE DEFAULT TO <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "PREFIX ex: <http://example.org/>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_updates_are_400(query):
    error = refused(query)
    assert error.status == 400 and "read-only" in error.message


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "INSERT DATA { <a:b> <a:c> 1 }" }',     # a string
    "SELECT ?load ?delete WHERE { ?load ?delete ?clear }",         # variables
    "PREFIX drop: <http://example.org/>\nSELECT * WHERE { ?s drop:load ?o }",  # prefixed names
    "SELECT * WHERE { ?s ?p ?o } # DELETE everything\n",           # a comment
    "SELECT * WHERE { ?s <http://example.org/insert> ?o }",        # an IRI
    'SELECT * WHERE { ?s ?p "x"@create }',                         # a language tag
])
def test_update_words_elsewhere_are_not_updates(query):
    assert update_keyword(query) is None
    check_query(query, SETTINGS)


def test_service_resolution():
    query = ("BASE <http://example.org/>\nPREFIX wd: <https://query.wikidata.org/>\n"
             "SELECT * WHERE { SERVICE wd:sparql { ?a ?b ?c } SERVICE SILENT <x/sparql> { ?d ?e ?f } "
             "SERVICE ?var { ?g ?h ?i } }")
    assert [endpoint for endpoint, _ in service_endpoints(query)] == [
        "https://query.wikidata.org/sparql", "http://example.org/x/sparql", None]


def test_service_is_refused_unless_allow_listed():
    allowed = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_query(allowed, SETTINGS)
    error = refused(allowed, service_allowlist=())
    assert error.status == 400 and "service_allowlist" in error.message
    assert refused("SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }").status == 400
    assert refused("SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }").status == 400
    assert refused("SELECT * WHERE { service silent <http://10.0.0.1/sparql> { ?s ?p ?o } }").status == 400
    # A 'service' inside a string or a comment is not a SERVICE clause.
    check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>\n', SETTINGS)


def test_empty_query_is_400():
    assert refused("   \n").status == 400


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}()[]!-^?<>\"'#\\\n :aSERVICEINSERT")), max_size=400))
def test_the_guard_never_fails_on_any_text(text):
    try:
        check_query(text, SETTINGS)
    except HttpError as error:
        assert error.status in (400, 413)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 400), st.sampled_from(["{}", "()", "[]"]))
def test_depth_counts_every_opener(depth, pair):
    assert nesting_depth("ASK " + pair[0] * depth + pair[1] * depth) == depth
