"""Two pressrum servers over one store answer alike, and both see a new load (issue 13, item 7).

The web tier keeps no state the store does not have: the dataset's hash is read from the store (at
most a few seconds old), so a `pressrum load` by anyone is served by every server soon after.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pressrum.settings import PROJECT_ROOT
from tests.conftest import free_port
from tests.test_faults import PRESSRUM, Server
from tests.test_store_remote import OxigraphServer

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "releases"
PERSON = "doc/person/alexander-abenius.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def load(spec: str, base: str, data: Path, build: Path) -> None:
    subprocess.run([PRESSRUM, "load", "--store", spec, "--base-uri", base, "--data-dir", str(data)],
                   env={**os.environ, "PRESSRUM_BUILD_DIR": str(build)}, check=True, capture_output=True,
                   timeout=120)


def description(base: str) -> Graph:
    """Return a server's dataset description (VoID, DCAT) as a graph."""
    return Graph().parse(data=requests.get(base + "dataset.nt", timeout=10).text, format="nt")


def differences(one: Graph, other: Graph) -> str:
    """Say which triples two graphs do not share (for a failing comparison)."""
    _, only_one, only_other = graph_diff(to_isomorphic(one), to_isomorphic(other))
    return f"only in one: {sorted(map(str, only_one))[:5]}; only in the other: {sorted(map(str, only_other))[:5]}"


def triples(base: str) -> int:
    answer = requests.get(base + "sparql", params={"query": COUNT},
                          headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_two_servers_over_one_store_answer_alike_and_both_see_a_new_load(tmp_path):
    oxigraph = OxigraphServer(tmp_path / "oxigraph")
    oxigraph.start()
    base = f"http://127.0.0.1:{free_port()}/"  # one base IRI for the dataset, whichever server answers
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    servers: list[Server] = []
    try:
        load(oxigraph.spec, base, data, tmp_path / "loader")
        for name in ("one", "two"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(Server(folder, "--store", oxigraph.spec, "--no-build", "--base-uri", base))
        first, second = (s.base for s in servers)
        assert requests.get(first + PERSON, timeout=10).content == requests.get(second + PERSON, timeout=10).content
        before = triples(first)
        assert before == triples(second) > 1000
        described = [description(b) for b in (first, second)]
        assert isomorphic(*described), differences(*described)  # a cached document (blank nodes differ)

        release = sorted(CORPUS.iterdir())[0]
        shutil.copytree(release, data / "releases" / release.name)
        load(oxigraph.spec, base, data, tmp_path / "loader")  # a load neither server made
        deadline = time.monotonic() + 15
        path = f"doc/release/{release.name}.ttl"
        while not all(requests.get(b + path, timeout=10).status_code == 200 for b in (first, second)):
            assert time.monotonic() < deadline, "a server did not see the new load within 15 s"
            time.sleep(0.5)
        assert triples(first) == triples(second) > before
        # Cached documents are keyed by the hash read from the store: the description is the new one.
        deadline = time.monotonic() + 15
        while any(isomorphic(described[0], description(b)) for b in (first, second)):
            assert time.monotonic() < deadline, "a server kept serving the cached description of the old load"
            time.sleep(0.5)
        assert isomorphic(description(first), description(second))
        assert requests.get(first + path, timeout=10).content == requests.get(second + path, timeout=10).content
    finally:
        for server in servers:
            server.stop()
        oxigraph.kill()
        oxigraph.log.close()
