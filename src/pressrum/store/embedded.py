"""The embedded backend: pyoxigraph in this process, in memory or in a folder on disk."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from pressrum.store.base import QueryResult, Store, StoreError
from pressrum.store.chunked_load import LoadState, Progress, chunk_bytes_for, load_chunks, resumable

DEFAULT_LOAD_MEMORY = 4 << 30  # the load_memory setting's default


class EmbeddedStore(Store):
    """pyoxigraph in this process: in memory (path None) or on disk (a folder)."""

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = path
        self.kind = "memory" if path is None else "disk"
        self._hash: str | None = None
        self.max_memory = DEFAULT_LOAD_MEMORY      # peak memory a load may use (the load_memory setting)
        self.chunk_bytes: int | None = None        # N-Quads bytes per chunk; None derives it from max_memory
        self.progress: Callable[[Progress, float], None] | None = None  # told after every chunk
        self.on_resume: Callable[[Progress], None] | None = None         # told when a load continues
        if path is None:
            self._store = ox.Store()
        else:
            try:
                self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
                self._store.query("ASK { ?s ?p ?o }")  # reads the manifest and a first block
            except (OSError, RuntimeError) as error:  # RocksDB says "Corruption: …" as a RuntimeError
                raise StoreError(
                    f"cannot open the on-disk store at {path}: {error}. Remove the folder and "
                    f"run `pressrum load --store {path}` (or `pressrum serve --store {path}` without "
                    "--no-build) to rebuild it from data/.") from error
            self._hash = self._read_meta().get("content_hash")

    @property
    def oxigraph(self) -> ox.Store:
        """Return the pyoxigraph store, for code that runs the engine directly."""
        return self._store

    def _meta_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + ".meta.json")

    def _read_meta(self) -> dict:
        meta = self._meta_path()
        if meta is None or not meta.exists():
            return {}
        try:
            return json.loads(meta.read_text())
        except (OSError, ValueError):
            return {}

    def query(self, sparql: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              timeout: float | None = None, base_iri: str | None = None,
              limit: int | None = None) -> QueryResult:
        """Run a query on the engine, lazily; the caller caps it, and its process pool keeps the deadline."""
        kwargs: dict = {"base_iri": base_iri} if base_iri else {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._store.query(sparql, **kwargs)

    def replace(self, source: bytes | IO[bytes] | Path, rdf_format: ox.RdfFormat,
                content_hash: str | None = None) -> None:
        """Load into a fresh store in bounded chunks with the merge, then swap it in (validate-then-swap).

        An on-disk load that stops (Ctrl-C, a full disk, a killed process) keeps its staging store
        and state file: the same load run again continues where it stopped (chunked_load says why
        nothing is doubled). A source that is not N-Quads, or that is not valid, starts over.
        """
        if not isinstance(source, (bytes, Path)):
            source = source.read()
        if rdf_format != ox.RdfFormat.N_QUADS:
            source = _as_nquads(source, rdf_format)
        chunk = chunk_bytes_for(self.max_memory) if self.chunk_bytes is None else self.chunk_bytes
        size = len(source) if isinstance(source, bytes) else source.stat().st_size
        fresh_progress = Progress(str(source) if isinstance(source, Path) else "", size, content_hash)
        if self.path is None:
            fresh = ox.Store()
            with tempfile.TemporaryDirectory(prefix="pressrum-load-") as work:
                load_chunks(fresh, source, fresh_progress, chunk, Path(work), report=self.progress)
            self._store = fresh
            self._hash = content_hash
            return
        staging = self.path.with_name(self.path.name + ".loading")
        state = LoadState(self.path.with_name(self.path.name + ".loading.json"))
        progress = resumable(state, source, content_hash) if isinstance(source, Path) else None
        if progress is None or not staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
            state.remove()
            progress = fresh_progress
        else:
            progress.resumed_at = progress.offset
            if self.on_resume is not None:
                self.on_resume(progress)
        staging.mkdir(parents=True, exist_ok=True)
        try:  # a full disk fails here, before the swap: the store in use is untouched
            fresh = ox.Store(str(staging / "store"))
            load_chunks(fresh, source, progress, chunk, staging, state, report=self.progress)
            fresh.flush()
            fresh.optimize()  # one compaction of every chunk's files: reads then touch one file a level
            del fresh
        except BaseException as error:
            fresh = None  # noqa: F841 (the traceback keeps this frame: let go of the staging store's lock)
            # A file's load that stopped is kept to be continued; bytes (a rebuild) or a wrong
            # source have nothing worth continuing.
            if isinstance(error, SyntaxError) or not isinstance(source, Path):
                shutil.rmtree(staging, ignore_errors=True)
                state.remove()
            raise
        self._store = None  # release the old store's lock before the swap
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        (staging / "store").rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        state.remove()
        self._store = ox.Store(str(self.path))
        meta = self._meta_path()
        tmp = meta.with_suffix(".tmp")
        tmp.write_text(json.dumps({"content_hash": content_hash}))
        tmp.replace(meta)
        self._hash = content_hash

    def close(self) -> None:
        """Let go of the engine, which releases an on-disk store's lock for another process."""
        self._store = None

    def content_hash(self) -> str | None:
        """Return the content hash recorded at the last load."""
        return self._hash


def materialise_merge(store: ox.Store) -> None:
    """Write every named-graph triple into the default graph, each once (MATERIALISE_DEFAULT_GRAPH).

    Streamed through the bulk loader rather than run as the SPARQL INSERT: at 10,000 releases
    (1.6 M quads) the INSERT holds the whole update in one transaction; it was still running after
    80 s at 1.9 GB resident when stopped, where this took 48 s at 1.35 GB peak. The store
    keeps one copy of a triple however many graphs hold it, so duplicates collapse on write.
    """
    # One named graph at a time (no test of each quad's graph), and Quad's own default graph (no
    # graph argument to convert): a third less Python time per quad than the first version.
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                      for graph in list(store.named_graphs())
                      for q in store.quads_for_pattern(None, None, None, graph))


def _as_nquads(source: bytes | Path, rdf_format: ox.RdfFormat) -> bytes:
    """Return a source in another RDF format as N-Quads (a build's small graphs, not a corpus)."""
    parsed = ox.parse(source, format=rdf_format) if isinstance(source, bytes) else \
        ox.parse(path=str(source), format=rdf_format)
    return ox.serialize(parsed, format=ox.RdfFormat.N_QUADS)
