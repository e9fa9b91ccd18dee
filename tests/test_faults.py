"""Faults: the remote store goes away, a worker is killed, a rebuild meets bad data, the on-disk
store is corrupt, the disk is full. Each ends with the server answering, and nothing lost."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from pressrum.settings import PROJECT_ROOT
from pressrum.store import EmbeddedStore, StoreError
from tests.conftest import free_port, wait_for

PRESSRUM = str(Path(sys.executable).with_name("pressrum"))
PERSON = "doc/person/alexander-abenius"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
STATUS = "https://schema.org/creativeWorkStatus"


class Server:
    """`pressrum serve` on a free loopback port, its log in a file, stopped at the end."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log_path = folder / f"server-{self.port}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [PRESSRUM, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--base-uri", self.base,
             "--workers", "2", *args],
            env={**os.environ, "PRESSRUM_BUILD_DIR": str(folder), **(env or {})},
            stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for(self.base, self.process, 90)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error}\n{self.text()[-3000:]}") from None

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def workers(self) -> set[int]:
        """Return the pids of gunicorn's workers (the master's children, but Varnish)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children if _command(int(pid)) != "varnishd"}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:  # it has just exited
        return ""


@contextmanager
def serving(folder: Path, *args: str, env: dict[str, str] | None = None, port: int | None = None):
    server = Server(folder, *args, env=env, port=port)
    try:
        yield server
    finally:
        server.stop()


def dataset_status(base: str) -> str:
    body = requests.get(base + "dataset.nt", timeout=30).content
    return next(t.object.value for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES) if t.predicate.value == STATUS)


# --- (a) the remote store goes away, and comes back -----------------------------------------------

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.mark.slow
@pytest.mark.skipif(not OXIGRAPH.exists(), reason="oxigraph CLI not installed")
def test_remote_store_gone_is_503_everywhere_and_recovers(tmp_path, built):
    from tests.test_store_remote import OxigraphServer

    oxigraph = OxigraphServer(tmp_path / "oxigraph")
    oxigraph.start()
    meta = tmp_path / "meta"
    meta.mkdir()
    try:
        base_env = {"PRESSRUM_REMOTE_TIMEOUT": "3"}
        # Load the dataset under the base IRI the server will use (its port is chosen first).
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        subprocess.run([PRESSRUM, "load", "--store", oxigraph.spec, "--base-uri", base, "--skip-validation"],
                       check=True, env={**os.environ, "PRESSRUM_BUILD_DIR": str(meta)}, capture_output=True)
        with serving(meta, "--store", oxigraph.spec, "--no-build", env=base_env, port=port) as server:
            home = requests.get(server.base, timeout=30, headers={"Accept": "text/html"})
            assert home.status_code == 200
            # What was answered before: it may come from a cache (the document cache, or Varnish in front).
            answered: dict[str, bytes] = {"": home.content}
            entities = {"kill": "organisation/lerums-kommun",
                        "freeze": "programme/svenskt-naringsliv-utvecklingsprogram-2020"}
            for stop, entity in entities.items():
                paths = [f"doc/{entity}", *(f"doc/{entity}.{ext}" for ext in ("ttl", "jsonld", "rdf", "nt", "html")),
                         f"id/{entity}", "", "releases", "kinds/person", "dataset",
                         "sparql?query=" + requests.utils.quote(f"ASK {{ ?s ?p ?o }} # {stop}")]
                if stop == "kill":
                    oxigraph.kill()
                else:  # accepts connections, never answers: the remote_timeout setting ends the wait
                    os.kill(oxigraph.process.pid, signal.SIGSTOP)
                try:
                    for path in paths:
                        started = time.monotonic()
                        response = requests.get(server.base + path, timeout=30, allow_redirects=False,
                                                headers={"Accept": "text/html"})
                        assert time.monotonic() - started < 3 + 3, (stop, path)
                        if response.status_code == 200 and path in answered:  # from the document cache
                            assert response.content == answered[path]
                            continue
                        assert response.status_code == 503, (stop, path, response.status_code, response.text[:300])
                        assert int(response.headers["Retry-After"]) > 0
                finally:
                    if stop == "kill":
                        oxigraph.start()  # the same folder and port: the data is still there
                    else:
                        os.kill(oxigraph.process.pid, signal.SIGCONT)
                for path in paths:  # recovered by itself: no restart of pressrum
                    response = requests.get(server.base + path, timeout=30, allow_redirects=False,
                                            headers={"Accept": "text/html"})
                    assert response.status_code in (200, 303), (stop, path, response.status_code)
                    answered[path] = response.content
            assert "Traceback" not in server.text()
    finally:
        if oxigraph.process is not None and oxigraph.process.poll() is None:
            os.kill(oxigraph.process.pid, signal.SIGCONT)
        oxigraph.kill()
        oxigraph.log.close()


# --- (b) a worker killed in mid-request ---------------------------------------------------------

@pytest.mark.slow
def test_a_worker_killed_mid_request_loses_only_its_own_requests(tmp_path):
    with serving(tmp_path) as server:
        workers = server.workers()
        assert len(workers) == 2
        outcomes: list[tuple[float, float, str]] = []   # (start, end, outcome)
        stop = threading.Event()

        def hammer() -> None:
            while not stop.is_set():
                started = time.monotonic()
                try:  # a new connection each time: no pooled connection to a dead worker
                    status = requests.get(server.base + PERSON, timeout=10,
                                          headers={"Connection": "close", "Accept": "text/turtle"}).status_code
                    outcomes.append((started, time.monotonic(), str(status)))
                except requests.RequestException as error:
                    outcomes.append((started, time.monotonic(), type(error).__name__))

        slow: dict[str, object] = {}

        def slow_query() -> None:
            try:
                slow["status"] = requests.get(server.base + "sparql", params={"query": EXPENSIVE, "timeout": "8"},
                                              timeout=20).status_code
            except requests.RequestException as error:
                slow["status"] = type(error).__name__

        clients = [threading.Thread(target=hammer) for _ in range(8)]
        for client in clients:
            client.start()
        slow_thread = threading.Thread(target=slow_query)
        slow_thread.start()
        # The worker running the slow query is the one with a busy query process.
        victim = None
        deadline = time.monotonic() + 5
        while victim is None and time.monotonic() < deadline:
            for pid in workers:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
                if children:
                    victim = pid
            time.sleep(0.05)
        assert victim is not None, "no worker started a query process"
        query_processes = {int(p) for p in Path(f"/proc/{victim}/task/{victim}/children").read_text().split()}
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        slow_thread.join(30)
        time.sleep(3)   # the master notices and forks a replacement
        stop.set()
        for client in clients:
            client.join(30)
        after = server.workers()
        assert len(after) == 2 and victim not in after, (workers, after)
        assert slow["status"] != 200  # its worker died under it: a connection error
        failed = [(s, e, o) for s, e, o in outcomes if o != "200"]
        # Only requests already in flight when the worker died may fail; all later ones succeed.
        assert all(s <= killed_at + 0.05 for s, _, _ in failed), failed
        assert all(o in ("ConnectionError", "ChunkedEncodingError") for _, _, o in failed), failed
        assert sum(1 for s, _, o in outcomes if s > killed_at + 0.05 and o == "200") > 50
        time.sleep(0.5)
        for pid in query_processes:  # the dead worker's query process died with it (PDEATHSIG)
            assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
        assert requests.get(server.base, timeout=10).status_code == 200


# --- (c) a rebuild that meets data that does not conform ----------------------------------------

BAD_ENRICHMENT = """@prefix schema: <https://schema.org/> .
<{base}id/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram>
    schema:headline "An English headline, which the shapes refuse"@en .
"""


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    return data


def test_a_refused_rebuild_keeps_the_last_good_dataset(tmp_path, caplog):
    from pressrum.build.publication import publication_of
    from pressrum.web.app import create_app

    data = copy_data(tmp_path)
    app = create_app({"base_uri": "http://localhost:8080/", "data_dir": data, "build_dir": tmp_path / "build"})
    publication = publication_of(app)
    before, client = publication.content_hash, app.test_client()
    body = client.get("/" + PERSON + ".ttl").data
    (data / "enrichment" / "bad.ttl").write_text(BAD_ENRICHMENT.format(base="http://localhost:8080/"))
    assert publication.rebuild() is None
    assert publication.content_hash == before
    assert "rebuild refused" in publication.status and "SHACL" in publication.status
    assert "rebuild refused" in caplog.text
    assert client.get("/" + PERSON + ".ttl").data == body
    status = [t for t in ox.parse(client.get("/dataset.nt").data, format=ox.RdfFormat.N_TRIPLES)
              if t.predicate.value == STATUS]
    assert status and "rebuild refused" in status[0].object.value
    (data / "enrichment" / "bad.ttl").unlink()
    (data / "releases" / "x.txt").write_text("not a release folder")  # a stray file is not data
    assert publication.rebuild() is not None
    assert publication.status == "ok" and publication.content_hash == before


def test_a_release_that_cannot_be_read_is_refused_too(tmp_path):
    from pressrum.build.publication import publication_of
    from pressrum.web.app import create_app

    data = copy_data(tmp_path)
    app = create_app({"data_dir": data, "build_dir": tmp_path / "build"})
    publication = publication_of(app)
    curated = next((data / "releases").glob("*/curated.ttl"))
    curated.write_text("this is @prefix not turtle <<<")
    assert publication.rebuild() is None
    assert "rebuild refused" in publication.status and "curated.ttl" in publication.status
    assert app.test_client().get("/" + PERSON).status_code == 200


@pytest.mark.slow
def test_sighup_rebuilds_and_a_bad_rebuild_is_refused_over_http(tmp_path):
    data = copy_data(tmp_path)
    with serving(tmp_path, env={"PRESSRUM_DATA_DIR": str(data)}) as server:
        assert dataset_status(server.base) == "ok"
        document = requests.get(server.base + PERSON + ".ttl", timeout=10).content
        workers = server.workers()
        (data / "enrichment" / "bad.ttl").write_text(BAD_ENRICHMENT.format(base=server.base))
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not (server.workers().isdisjoint(workers) and "rebuild refused" in dataset_status(server.base)):
            assert time.monotonic() < deadline, server.text()[-3000:]
            time.sleep(0.3)
        assert requests.get(server.base + PERSON + ".ttl", timeout=10).content == document
        assert "rebuild refused" in server.text() and "still serving the dataset" in server.text()
        (data / "enrichment" / "bad.ttl").unlink()
        workers = server.workers()
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not (server.workers().isdisjoint(workers) and dataset_status(server.base) == "ok"):
            assert time.monotonic() < deadline, server.text()[-3000:]
            time.sleep(0.3)
        assert "Traceback" not in server.text()


# --- (d) a corrupt on-disk store ----------------------------------------------------------------

def make_disk_store(path: Path) -> None:
    store = EmbeddedStore(path)
    store.replace(b"<x:a> <x:b> <x:c> <x:g> .\n", ox.RdfFormat.N_QUADS, "h1")
    store.close()
    del store


@pytest.mark.parametrize("damage", ["CURRENT", "MANIFEST", "not-a-folder"])
def test_a_corrupt_store_is_a_clear_error_naming_the_remedy(tmp_path, damage):
    path = tmp_path / "store"
    if damage == "not-a-folder":
        path.write_text("a file where the store should be")
    else:
        make_disk_store(path)
        for target in path.glob(damage + "*"):
            target.write_bytes(b"\0garbage\0" * 8)
    with pytest.raises(StoreError, match="pressrum load --store"):
        EmbeddedStore(path.resolve(), read_only=True)
    result = subprocess.run([PRESSRUM, "serve", "--port", str(free_port()), "--store", str(path), "--no-build"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PRESSRUM_BUILD_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "pressrum load --store" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert len(result.stderr.strip().splitlines()) <= 3, result.stderr


def test_invalid_data_at_start_is_a_clear_error(tmp_path):
    data = copy_data(tmp_path)
    (data / "enrichment" / "bad.ttl").write_text(BAD_ENRICHMENT.format(base="http://localhost:8080/"))
    result = subprocess.run([PRESSRUM, "serve", "--port", str(free_port())], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PRESSRUM_BUILD_DIR": str(tmp_path),
                                              "PRESSRUM_DATA_DIR": str(data),
                                              "PRESSRUM_BASE_URI": "http://localhost:8080/"})
    assert result.returncode == 1
    assert "pressrum validate" in result.stderr and "Traceback" not in result.stderr, result.stderr[-3000:]


# --- (e) a full disk ----------------------------------------------------------------------------

class FullDisk:
    """A file object whose writes fail with ENOSPC after `allowed` bytes, as on a full disk."""

    def __init__(self, handle, allowed: int = 100) -> None:
        self.handle, self.allowed = handle, allowed

    def write(self, data) -> int:
        if len(data) > self.allowed:
            self.handle.write(data[:self.allowed])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.allowed -= len(data)
        return self.handle.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()


def test_a_full_disk_while_writing_dumps_keeps_the_previous_dumps(tmp_path, built, monkeypatch, caplog):
    from pressrum.build import dumps, publication

    dumps.write_dumps(built, tmp_path)
    folder = dumps.dump_dir(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real_fdopen = os.fdopen
    monkeypatch.setattr(dumps.os, "fdopen", lambda fd, mode="r", *a, **k: FullDisk(real_fdopen(fd, mode, *a, **k)))
    with pytest.raises(OSError) as raised:
        dumps.write_dumps(built, tmp_path)
    assert raised.value.errno == errno.ENOSPC
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before  # every previous file in place, whole; no temporary file left behind
    publication._write_dumps(built, {"build_dir": tmp_path})  # at a build: logged, not fatal
    assert "cannot write the dumps" in caplog.text and "No space left" in caplog.text


def test_a_full_disk_while_loading_the_store_keeps_the_previous_store(tmp_path, monkeypatch, caplog):
    from pressrum.build.publication import Publication
    from pressrum.namespaces import Minter
    from pressrum.settings import load_settings
    from pressrum.store import embedded as store_module

    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.replace(b"<x:a> <x:b> <x:c> <x:g> .\n", ox.RdfFormat.N_QUADS, "h1")

    def full(fresh, source, *args, **kwargs):
        fresh.bulk_load(input=b"<x:partial> <x:b> <x:c> <x:g> .\n", format=ox.RdfFormat.N_QUADS)
        raise OSError(errno.ENOSPC, "IO error: No space left on device")

    monkeypatch.setattr(store_module, "load_chunks", full)
    with pytest.raises(OSError):
        store.replace(b"<x:new> <x:b> <x:c> <x:g> .\n", ox.RdfFormat.N_QUADS, "h2")
    rows = list(store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert [r["s"].value for r in rows] == ["x:a"] and store.content_hash() == "h1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.meta.json"]  # no staging left
    # Through a rebuild: the server keeps serving, and says why.
    settings = load_settings({"store": str(path), "build_dir": tmp_path / "build"})
    pub = Publication(settings, Minter(settings["base_uri"]), store, "h1")
    assert pub.rebuild() is None
    assert "rebuild failed while loading the disk store" in pub.status and "No space left" in pub.status
    assert [r["s"].value for r in store.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")] == ["x:a"]
    store.close()


def test_a_store_error_tells_the_public_the_problem_and_the_log_the_plumbing(caplog):
    from pressrum.store.remote import RemoteStore

    # Nothing listens on port 9 of the loopback: the connection is refused at once.
    store = RemoteStore.from_spec("sparql+http://127.0.0.1:9/ds", timeout=2)
    with pytest.raises(StoreError) as raised:
        store.query("ASK {}")
    public = str(raised.value)
    assert public == "the store cannot be reached just now"
    assert "127.0.0.1" not in public and "urllib3" not in public and "Connection" not in public
    assert "127.0.0.1:9" in raised.value.for_operator()
