"""Room `store`: one small interface, the embedded pyoxigraph backend and the remote SPARQL 1.1 backend.

A backend answers read queries over the published dataset and replaces the whole dataset on load;
the default graph every query sees is the merge of the named graphs (base.MATERIALISE_DEFAULT_GRAPH).

May import: the shared tables only (pressrum.settings, pressrum.namespaces, pressrum.formats).
"""

from __future__ import annotations

from pathlib import Path

from pressrum.store.base import MATERIALISE_DEFAULT_GRAPH, QueryResult, Store, StoreError
from pressrum.store.embedded import EmbeddedStore, materialise_merge

__all__ = ["MATERIALISE_DEFAULT_GRAPH", "EmbeddedStore", "QueryResult", "Store", "StoreError",
           "materialise_merge", "open_store"]


def open_store(spec: str, build_dir: Path | None = None, read_only: bool = False,
               remote_timeout: float = 30.0) -> Store:
    """Open the store a spec names: 'memory', a folder path, or sparql+http(s)://…."""
    if spec in ("", "memory"):
        return EmbeddedStore()
    if spec.startswith(("sparql+http://", "sparql+https://")):
        from pressrum.store.remote import RemoteStore  # requests, only when asked for

        return RemoteStore.from_spec(spec, timeout=remote_timeout)
    return EmbeddedStore(Path(spec).expanduser().resolve(), read_only=read_only)
