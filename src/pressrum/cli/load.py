"""`pressrum load --store SPEC [FILE ...]`: load the built dataset, or RDF files, into any backend.

Streaming, with bounded memory: an on-disk store is loaded in chunks that fit --max-memory (4G by
default), the merge (the default graph) built as it goes, with a line per chunk saying how far it
is and about how long is left. A load that stops (Ctrl-C, a killed process, a full disk) continues
where it stopped when the same command is run again; nothing is loaded twice. A remote store gets
one streamed HTTP upload. Several files, or Turtle/TriG files, are first converted into one
N-Quads file by pyoxigraph's streaming parser and serialiser; the triples of a Turtle or N-Triples
file go into a named graph ({base}graph/file/{stem}, or --graph).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from pressrum.settings import byte_size, load_settings
from pressrum.store import EmbeddedStore
from pressrum.store.chunked_load import Progress

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


class ByteProgress:
    """A progress line for a remote upload, on a terminal (nothing when standard error is not one)."""

    def __init__(self, total: int | None) -> None:
        self.total, self.started, self.shown = total, time.monotonic(), False
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        if not self.tty:
            return
        share = f" of {self.total / 1e6:.1f} MB ({100 * done / self.total:.0f}%)" if self.total else ""
        print(f"\rsent {done / 1e6:.1f} MB{share} in {time.monotonic() - self.started:.0f} s",
              end="", file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def chunk_line(progress: Progress, run_seconds: float) -> str:
    """Return one line on a chunked load: how far, how fast, and about how long is left."""
    share = 100 * progress.offset / progress.source_bytes if progress.source_bytes else 100.0
    rate = (progress.offset - progress.resumed_at) / 1e6 / run_seconds if run_seconds > 0 else 0.0
    left = progress.remaining_seconds(run_seconds)
    eta = "" if left is None else f", about {_duration(left)} left"
    return (f"load: chunk {progress.chunks}, {progress.offset / 1e6:,.0f} of {progress.source_bytes / 1e6:,.0f} MB "
            f"({share:.0f}%), {progress.lines:,} lines, {rate:.1f} MB/s{eta}")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def print_chunk(progress: Progress, run_seconds: float) -> None:
    """Print a chunk's line on standard error (a line each, so that logs keep them)."""
    print(chunk_line(progress, run_seconds), file=sys.stderr, flush=True)


def print_resume(progress: Progress) -> None:
    """Say that an interrupted load continues, and from where."""
    print(f"load: continuing an interrupted load at {progress.offset / 1e6:,.0f} of "
          f"{progress.source_bytes / 1e6:,.0f} MB (chunk {progress.chunks + 1})", file=sys.stderr, flush=True)


def file_format(path: Path) -> ox.RdfFormat:
    """Return the RDF format a file's extension names."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise SystemExit(f"error: {path}: unknown extension; use .nq, .trig, .ttl or .nt") from None


def files_hash(paths: list[Path], graph: str | None) -> str:
    """Return a SHA-256 over the files' names and bytes (read in blocks) and the graph option."""
    digest = hashlib.sha256(f"pressrum load\n{graph or ''}\n".encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def quads_of(path: Path, graph_for_triples: str, base: str) -> Iterator[ox.Quad]:
    """Stream the quads of a file (relative IRIs against the base); triples go into the given graph."""
    fmt = file_format(path)
    if fmt in QUAD_FORMATS:
        yield from ox.parse(path=str(path), format=fmt, base_iri=base, rename_blank_nodes=True)
        return
    graph = ox.NamedNode(graph_for_triples)
    for quad in ox.parse(path=str(path), format=fmt, base_iri=base, rename_blank_nodes=True):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def as_nquads(paths: list[Path], base: str, graph: str | None, target: Path) -> Path:
    """Return one N-Quads file with the quads of every file (the file itself when there is one .nq).

    The file is written once: a load that continues after an interruption finds it (and its blank
    nodes, which have fresh names per file so that two files never share one) as it was.
    """
    if len(paths) == 1 and file_format(paths[0]) == ox.RdfFormat.N_QUADS:
        return paths[0]
    if target.exists():
        return target
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as output:
        for path in paths:
            named = graph or f"{base}graph/file/{path.stem}"
            try:
                ox.serialize(quads_of(path, named, base), output, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as error:
                temporary.unlink(missing_ok=True)
                raise SystemExit(f"error: {path}: {error}") from None
    temporary.replace(target)
    return target


def cmd_load(args: argparse.Namespace) -> int:
    """Load the built dataset, or the RDF files given, into a store: memory, a folder or sparql+http://."""
    from pressrum.store import StoreError, open_store

    overrides = {"store": args.store, "base_uri": args.base_uri, "data_dir": args.data_dir,
                 "ontology_dir": args.ontology_dir, "load_memory": args.max_memory}
    settings = load_settings({k: v for k, v in overrides.items() if v is not None})
    started = time.monotonic()
    try:
        store = open_store(settings["store"], settings["build_dir"], read_only=False,
                           remote_timeout=settings["remote_timeout"])
    except StoreError as error:
        print(f"error: {error.for_operator()}", file=sys.stderr)
        return 2
    if isinstance(store, EmbeddedStore):
        store.max_memory = settings["load_memory"]
        store.chunk_bytes = args.chunk_size
        store.progress, store.on_resume = print_chunk, print_resume
    with _source_folder(store) as folder:
        if args.files:
            paths = [Path(f) for f in args.files]
            for path in paths:
                if not path.is_file():
                    print(f"error: {path}: no such file", file=sys.stderr)
                    return 2
                file_format(path)
            content_hash = files_hash(paths, args.graph)
            what = ", ".join(p.name for p in paths)
        else:
            from pressrum.build.publication import build_and_validate

            built = build_and_validate(settings) if not args.skip_validation else _build(settings)
            content_hash, what = built.content_hash, f"the dataset built from {settings['data_dir']}"
        if store.content_hash() == content_hash and not args.force:
            print(f"{settings['store']} already holds {what} (content hash {content_hash[:12]}); "
                  "nothing to do (--force loads again)")
            return 0
        if args.files:
            source = as_nquads(paths, settings["base_uri"], args.graph, folder / f"{content_hash[:16]}.nq")
        else:
            source = folder / f"{content_hash[:16]}.nq"
            if not source.exists():
                temporary = source.with_suffix(".tmp")
                temporary.write_bytes(built.nquads())
                temporary.replace(source)
        upload = ByteProgress(source.stat().st_size)
        if not isinstance(store, EmbeddedStore):
            store.progress = upload
        try:
            store.replace(source, ox.RdfFormat.N_QUADS, content_hash)
            summary = _summary(store)
        except (StoreError, OSError, SyntaxError) as error:
            upload.done()
            print(f"error: {error.for_operator() if isinstance(error, StoreError) else error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nload: interrupted; run the same command again to continue where it stopped",
                  file=sys.stderr)
            return 130
        upload.done()
    print(f"loaded {what} into {settings['store']}: {summary}, in {time.monotonic() - started:.1f} s")
    store.close()
    return 0


@contextlib.contextmanager
def _source_folder(store) -> Iterator[Path]:
    """Yield where converted sources go: beside an on-disk store until its load is done, else a temporary folder."""
    path = getattr(store, "path", None)
    if path is None:
        with tempfile.TemporaryDirectory(prefix="pressrum-load-") as tmp:
            yield Path(tmp)
        return
    folder = path.with_name(path.name + ".sources")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    if store.content_hash() is not None and not (path.with_name(path.name + ".loading")).exists():
        shutil.rmtree(folder, ignore_errors=True)


def _summary(store) -> str:
    """Return what the store holds now, cheaply: a scan of 47 M quads would take longer than a load."""
    if isinstance(store, EmbeddedStore):
        graphs = sum(1 for _ in store.oxigraph.named_graphs())
        return f"{graphs} named graphs and their merge in the default graph"
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    triples, named = int(next(iter(total))["n"].value), int(next(iter(graphs))["n"].value)
    return f"{named} named graphs, {triples} triples in the default graph (the merge)"


def _build(settings: dict):
    from pressrum.build.dataset import build_dataset

    return build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"])


def _size(value: str) -> int:
    try:
        return byte_size(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: argparse._SubParsersAction) -> None:
    """Add `load` to the command line."""
    load = commands.add_parser("load", help=cmd_load.__doc__, description=__doc__,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    load.add_argument("files", nargs="*", metavar="FILE",
                      help="RDF files to load (.nq, .trig, .ttl, .nt); without any, the built dataset")
    load.add_argument("--store", required=True,
                      help="memory, a folder (on-disk pyoxigraph), or sparql+http://host:port/path"
                           "[?query=…&update=…&gsp=…]")
    load.add_argument("--base-uri", help="base IRI of the dataset (env PRESSRUM_BASE_URI)")
    load.add_argument("--data-dir", type=Path, help="folder with releases/ and enrichment/")
    load.add_argument("--ontology-dir", type=Path, help="folder with the ontology and schemes")
    load.add_argument("--graph", metavar="IRI", help="named graph for the triples of .ttl/.nt files "
                      "(default {base}graph/file/{stem})")
    load.add_argument("--max-memory", metavar="SIZE", type=_size,
                      help="peak memory of an on-disk load, e.g. 4G (env PRESSRUM_LOAD_MEMORY, default 4G)")
    load.add_argument("--chunk-size", metavar="SIZE", type=_size,
                      help="N-Quads bytes per chunk (default: what --max-memory allows)")
    load.add_argument("--force", action="store_true", help="load even when the store holds this content")
    load.add_argument("--skip-validation", action="store_true",
                      help="load the built dataset without SHACL validation")
    load.set_defaults(handler=cmd_load)
