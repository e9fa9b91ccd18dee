"""The remote backend against a real Virtuoso 7 (virtuoso-t) on free loopback ports.

The protocol and loading tests of test_store_remote run here again, on Virtuoso: the fixtures of
this module (`oxigraph` is the store under test) replace theirs.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pressrum.store.remote import RemoteStore
from tests.store_servers import VirtuosoServer, require_virtuoso
from tests.test_sparql_protocol import BASE
from tests.test_store_remote import (  # noqa: F401 (collected here, on Virtuoso)
    QUERIES,
    embedded_app,
    test_a_remote_store_that_is_down_is_503_and_recovers,
    test_answers_equal_the_embedded_backend,
    test_construct_and_formats_through_the_remote_store,
    test_relative_iris_resolve_against_the_endpoint_on_the_remote_store,
    test_service_description_lists_the_same_graphs,
    test_the_load_command_streams_into_the_remote_store,
    test_the_remote_default_graph_is_the_merge_each_triple_once,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """The store under test: here a Virtuoso (the name is the shared tests')."""
    require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.kill()
    server.log.close()


@pytest.fixture(scope="module")
def loaded(oxigraph, built, tmp_path_factory):
    store = RemoteStore.from_spec(oxigraph.spec)
    store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
    assert store.dialect.name == "virtuoso"
    assert store.content_hash() == built.content_hash
    return tmp_path_factory.mktemp("virtuoso-build")


@pytest.fixture(scope="module")
def remote_app(oxigraph, loaded):
    from pressrum.web.app import create_app

    application = create_app({"base_uri": BASE, "store": oxigraph.spec, "build": False, "build_dir": loaded,
                              "remote_timeout": 5})
    application.config["TESTING"] = True
    return application


def test_virtuoso_system_graphs_stay_hidden(remote_app):
    from tests.test_sparql_protocol import solutions

    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = remote_app.test_client().get("/sparql", query_string={"query": query})
    graphs = {row["g"].value for row in solutions(response.data)}
    assert graphs and all(g.startswith(BASE) for g in graphs), graphs


def test_syntax_errors_from_virtuoso_are_400(remote_app):
    response = remote_app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400 and b"syntax error" in response.data


def test_a_query_past_its_limit_is_503_never_a_partial_answer(oxigraph, loaded):
    """Virtuoso's `timeout` gives a partial "anytime" answer (X-SQL-State: S1TAT): a 503."""
    from pressrum.store import StoreError
    from tests.test_faults import EXPENSIVE

    # The store stops the query at half the limit; the other half is slack for a loaded machine.
    store = RemoteStore.from_spec(oxigraph.spec, timeout=8)
    # Virtuoso ends it with a partial answer flagged S1TAT, or, with nothing to give yet, with its
    # timeout error (S1T00, an HTTP 500): either way a StoreError, so a 503, never rows.
    with pytest.raises(StoreError, match="stopped by the store|the store answered 500") as raised:
        list(store.query(EXPENSIVE))
    print(f"\nvirtuoso past its limit: {raised.value.for_operator()[:300]}")


def test_every_entity_document_is_the_same_on_every_backend(oxigraph, loaded, built, tmp_path_factory):
    """Embedded pyoxigraph, Oxigraph server and Virtuoso: each entity's document, by isomorphism."""
    from rdflib.compare import isomorphic

    from pressrum.store import EmbeddedStore
    from pressrum.web.documents import entity_document, to_rdflib
    from tests.test_store_remote import OxigraphServer

    embedded = EmbeddedStore()
    embedded.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-docs") / "data")
    server.start()
    try:
        served = RemoteStore.from_spec(server.spec)
        served.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
        virtuoso = RemoteStore.from_spec(oxigraph.spec)
        iris = sorted({row["s"].value for row in embedded.query(
            f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), '{BASE}id/')) }}")})
        assert len(iris) > 100
        differ = {name: [iri for iri in iris if not isomorphic(
            to_rdflib(entity_document(embedded, iri)), to_rdflib(entity_document(store, iri)))]
            for name, store in (("oxigraph server", served), ("virtuoso", virtuoso))}
        assert differ == {"oxigraph server": [], "virtuoso": []}
    finally:
        server.kill()
        server.log.close()


def test_virtuoso_is_idle_soon_after_the_503(oxigraph, loaded, capsys):
    from pressrum.store import StoreError
    from tests.store_servers import cpu_seconds, seconds_until_idle
    from tests.test_faults import EXPENSIVE

    store = RemoteStore.from_spec(oxigraph.spec, timeout=2)
    before = cpu_seconds(oxigraph.process.pid)
    with pytest.raises(StoreError):
        list(store.query(EXPENSIVE + " # idle"))
    assert cpu_seconds(oxigraph.process.pid) - before > 0.5
    idle = seconds_until_idle(oxigraph.process.pid)
    with capsys.disabled():
        print(f"\nvirtuoso (timeout={1000} ms per query): idle {idle:.1f} s after the 503")
    assert idle < 5


def test_the_competency_questions_on_virtuoso(oxigraph, loaded, built):
    from tests.store_servers import competency_differences

    # CQ 5 differs by Virtuoso's functions, not its data (the stored article body is byte-equal):
    # its SHA256() of a non-ASCII string is not the SHA-256 of its UTF-8 (SPARQL 1.1 Query
    # §17.4.6.3), and CONTAINS/STRENDS answer 0/1 integers, not xsd:boolean.
    assert competency_differences(RemoteStore.from_spec(oxigraph.spec), built) == [5]


def test_virtuoso_restarted_empty_holds_no_dataset(oxigraph, loaded, built):
    """Last in this module: the store is wiped and restarted, and says it holds nothing."""
    store = RemoteStore.from_spec(oxigraph.spec)
    assert store.content_hash() == built.content_hash
    oxigraph.kill()
    oxigraph.wipe()
    oxigraph.start()
    store.forget()
    assert store.content_hash() is None
    assert list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == []
    store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)  # and loads again
    assert store.content_hash() == built.content_hash
