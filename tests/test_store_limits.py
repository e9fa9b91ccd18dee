"""A query pressrum gives up on stops in the store too: Oxigraph server started as documented."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from pressrum.store import StoreError
from pressrum.store.remote import RemoteStore
from tests.store_servers import cpu_seconds, seconds_until_idle
from tests.test_faults import EXPENSIVE
from tests.test_store_remote import OXIGRAPH, OxigraphServer

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not OXIGRAPH.exists(), reason="oxigraph CLI not installed")]


def test_pressrum_gives_up_on_oxigraph_server_at_its_deadline(tmp_path, built, capsys):
    """pressrum answers within its own deadline; the store's own limit is the operator's (README 'Stores').

    Measured, not asserted: oxigraph serve 0.5.13 started with --timeout-s does not reliably stop an
    aggregate over a cross product (5 s to over 20 s at one core after the 503), so the idle time is
    printed for the record and the README and SECURITY.md advise the embedded store or Virtuoso for
    public queries.
    """
    # README "Stores": `oxigraph serve --location DIR --bind 127.0.0.1:7878 --timeout-s 5`
    server = OxigraphServer(tmp_path / "data", "--timeout-s", "3")
    server.start()
    try:
        store = RemoteStore.from_spec(server.spec, timeout=2)
        store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
        before, started = cpu_seconds(server.process.pid), time.monotonic()
        with pytest.raises(StoreError, match="did not answer within"):
            list(store.query(EXPENSIVE))
        assert time.monotonic() - started < 4
        assert cpu_seconds(server.process.pid) - before > 0.5  # it was working on it
        idle = seconds_until_idle(server.process.pid, within=8)
        with capsys.disabled():
            print(f"\noxigraph serve --timeout-s 3: idle {idle:.1f} s after the 503 (measured, not asserted)")
    finally:
        server.kill()
        server.log.close()


def test_an_emptied_store_says_so(tmp_path, built):
    """The store is the truth: restarted empty, it holds no dataset, whatever was loaded before."""
    server = OxigraphServer(tmp_path / "data")
    server.start()
    try:
        store = RemoteStore.from_spec(server.spec)
        store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
        assert store.content_hash() == built.content_hash
        server.kill()
        import shutil

        shutil.rmtree(server.location)
        server.start()
        store.forget()
        assert store.content_hash() is None
        assert store.dataset_graphs() == []
        rows = list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))
        assert rows == []
    finally:
        server.kill()
        server.log.close()


def test_a_failed_load_leaves_no_hash(tmp_path, built, monkeypatch):
    from pressrum.store import remote_load

    server = OxigraphServer(tmp_path / "data")
    server.start()
    try:
        store = RemoteStore.from_spec(server.spec)
        store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)

        def broken(*args, **kwargs):
            raise StoreError("the store does not hold what was sent")

        monkeypatch.setattr(remote_load, "_check", broken)
        with pytest.raises(StoreError):
            store.replace(built.nquads(), ox.RdfFormat.N_QUADS, "another hash")
        assert store.content_hash() is None
    finally:
        server.kill()
        server.log.close()
