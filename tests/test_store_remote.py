"""The remote backend against a real `oxigraph serve` on a free loopback port."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from pressrum.store import StoreError
from pressrum.store.remote import RemoteStore
from tests.conftest import free_port
from tests.test_sparql_protocol import BASE, make_app, solutions

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not OXIGRAPH.exists(), reason="oxigraph CLI not installed")]

QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o LIMIT 60",
    "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type }",
    "ASK { ?s a <https://schema.org/NewsArticle> }",
]


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, which can be killed and restarted."""

    def __init__(self, location: Path, *args: str) -> None:
        self.location, self.port, self.args = location, free_port(), args
        self.url = f"http://127.0.0.1:{self.port}"
        self.spec = "sparql+" + self.url
        self.process: subprocess.Popen | None = None
        self.log = (location.parent / "oxigraph.log").open("ab")

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             *self.args],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}")
            try:
                requests.get(self.url + "/query", params={"query": "ASK {}"}, timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("oxigraph did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data")
    server.start()
    yield server
    server.kill()
    server.log.close()


@pytest.fixture(scope="module")
def loaded(oxigraph, built, tmp_path_factory):
    """Load the dataset into the remote store through RemoteStore.replace (streamed N-Quads)."""
    meta = tmp_path_factory.mktemp("remote-meta")
    store = RemoteStore.from_spec(oxigraph.spec)
    source = meta / "dataset.nq"
    source.write_bytes(built.nquads())
    store.replace(source, ox.RdfFormat.N_QUADS, built.content_hash)
    assert store.content_hash() == built.content_hash
    return meta


@pytest.fixture(scope="module")
def remote_app(oxigraph, loaded):
    from pressrum.web.app import create_app

    application = create_app({"base_uri": BASE, "store": oxigraph.spec, "build": False, "build_dir": loaded,
                              "remote_timeout": 5})
    application.config["TESTING"] = True
    return application


@pytest.fixture(scope="module")
def embedded_app(built, tmp_path_factory):
    application = make_app(built, tmp_path_factory.mktemp("embedded"))
    yield application
    application.extensions["pressrum.query_runner"].close()


def test_the_spec_names_the_endpoints():
    oxigraph = RemoteStore.from_spec("sparql+http://localhost:7878?dialect=sparql")
    assert oxigraph.endpoints == (
        "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")
    fuseki = RemoteStore.from_spec("sparql+http://localhost:3030/ds?dialect=fuseki")
    assert fuseki.endpoints == (
        "http://localhost:3030/ds/query", "http://localhost:3030/ds/update", "http://localhost:3030/ds/data")
    custom = RemoteStore.from_spec(
        "sparql+https://h/repositories/r?dialect=sparql&query=.&update=statements&gsp=/rdf-graphs/service")
    assert custom.endpoints == (
        "https://h/repositories/r", "https://h/repositories/r/statements", "https://h/rdf-graphs/service")
    virtuoso = RemoteStore.from_spec("sparql+http://localhost:8890/sparql?dialect=virtuoso")
    assert virtuoso.endpoints == ("http://localhost:8890/sparql", "http://localhost:8890/sparql",
                                  "http://localhost:8890/sparql-graph-crud")
    with pytest.raises(StoreError):
        RemoteStore.from_spec("sparql+http://localhost:7878/?bogus=1")
    with pytest.raises(StoreError):
        RemoteStore.from_spec("sparql+http://localhost:7878/?dialect=bogus")


def test_the_remote_app_is_wired_by_the_store_setting(remote_app):
    assert type(remote_app.extensions["pressrum"].store).__name__ == "RemoteStore"


@pytest.mark.parametrize("query", QUERIES)
def test_answers_equal_the_embedded_backend(remote_app, embedded_app, query):
    remote = remote_app.test_client().get("/sparql", query_string={"query": query})
    embedded = embedded_app.test_client().get("/sparql", query_string={"query": query})
    assert remote.status_code == embedded.status_code == 200, remote.data
    if query.startswith("ASK"):
        assert remote.data == embedded.data
    else:
        assert solutions(remote.data) == solutions(embedded.data)


def test_the_remote_default_graph_is_the_merge_each_triple_once(remote_app, built):
    response = remote_app.test_client().get("/sparql", query_string={"query": QUERIES[0]})
    assert int(solutions(response.data)[0]["n"].value) == built.triple_count()


def test_construct_and_formats_through_the_remote_store(remote_app, embedded_app):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/NewsArticle> ; ?p ?o }"
    for media_type, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD)):
        remote = remote_app.test_client().get("/sparql", query_string={"query": query}, headers={"Accept": media_type})
        embedded = embedded_app.test_client().get("/sparql", query_string={"query": query},
                                                  headers={"Accept": media_type})
        assert remote.mimetype == media_type
        assert set(ox.parse(remote.data, format=fmt)) == set(ox.parse(embedded.data, format=fmt))


def test_service_description_lists_the_same_graphs(remote_app, embedded_app):
    remote = remote_app.test_client().get("/sparql", headers={"Accept": "application/n-triples"})
    embedded = embedded_app.test_client().get("/sparql", headers={"Accept": "application/n-triples"})
    names = lambda body: sorted(t.object.value for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)  # noqa: E731
                                if t.predicate.value.endswith("#name"))
    assert names(remote.data) == names(embedded.data) and names(remote.data)


def test_syntax_errors_from_the_remote_store_are_400(remote_app):
    response = remote_app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400 and b"line 1, column" in response.data


def test_the_load_command_streams_into_the_remote_store(oxigraph, built, tmp_path, monkeypatch, capsys):
    from pressrum.cli import main

    monkeypatch.setenv("PRESSRUM_BUILD_DIR", str(tmp_path))
    turtle = tmp_path / "extra.ttl"
    turtle.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert main(["load", "--store", oxigraph.spec, str(turtle), "--graph", "http://example.org/g"]) == 0
    assert "1 named graphs, 1 triples" in capsys.readouterr().out
    assert main(["load", "--store", oxigraph.spec, str(turtle), "--graph", "http://example.org/g"]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert main(["load", "--store", oxigraph.spec, "--skip-validation", "--base-uri", BASE]) == 0
    graphs = len(list(built.graphs()))
    assert f"{graphs} named graphs, {built.triple_count()} triples" in capsys.readouterr().out


def test_a_remote_store_that_is_down_is_503_and_recovers(oxigraph, remote_app, built):
    client = remote_app.test_client()
    oxigraph.kill()
    try:
        response = client.get("/sparql", query_string={"query": QUERIES[0]})
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        # The public is told the problem, not the store's address or the client library's errors.
        assert b"the store cannot be reached" in response.data
        assert b"127.0.0.1" not in response.data and b"urllib3" not in response.data
    finally:
        oxigraph.start()  # the same folder and port: the data is still there
    response = client.get("/sparql", query_string={"query": QUERIES[0]})
    assert response.status_code == 200
    assert int(solutions(response.data)[0]["n"].value) == built.triple_count()


def test_relative_iris_resolve_against_the_endpoint_on_the_remote_store(remote_app):
    response = remote_app.test_client().get("/sparql", query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                                            headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.data
    assert response.data.startswith(b"<http://localhost/s> <http://localhost/p> ")


def test_the_competency_questions_on_oxigraph_server(oxigraph, loaded, built):
    from tests.store_servers import competency_differences

    assert competency_differences(RemoteStore.from_spec(oxigraph.spec), built) == []
