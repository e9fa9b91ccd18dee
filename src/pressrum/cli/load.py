"""`pressrum load --store SPEC [FILE ...]`: load the built dataset, or RDF files, into any backend.

Streaming: the quads go from a file on disk to the store (pyoxigraph's bulk_load reads the path;
a remote store gets one streamed HTTP upload), so a corpus of millions of triples is never held as
Python objects. Several files, or Turtle/TriG files, are first converted into one N-Quads file by
pyoxigraph's streaming parser and serialiser; the triples of a Turtle or N-Triples file go into a
named graph ({base}graph/file/{stem}, or --graph). The default graph becomes the merge, as always.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from pressrum.settings import load_settings

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


class Progress:
    """A progress line on a terminal (nothing when standard error is not one)."""

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
        yield from ox.parse(path=str(path), format=fmt, base_iri=base)
        return
    graph = ox.NamedNode(graph_for_triples)
    for quad in ox.parse(path=str(path), format=fmt, base_iri=base):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def as_nquads(paths: list[Path], base: str, graph: str | None, folder: Path) -> Path:
    """Return one N-Quads file with the quads of every file (the file itself when there is one .nq)."""
    if len(paths) == 1 and file_format(paths[0]) == ox.RdfFormat.N_QUADS:
        return paths[0]
    target = folder / "load.nq"
    with target.open("wb") as output:
        for path in paths:
            named = graph or f"{base}graph/file/{path.stem}"
            try:
                ox.serialize(quads_of(path, named, base), output, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as error:
                raise SystemExit(f"error: {path}: {error}") from None
    return target


def cmd_load(args: argparse.Namespace) -> int:
    """Load the built dataset, or the RDF files given, into a store: memory, a folder or sparql+http://."""
    from pressrum.store import StoreError, open_store

    overrides = {"store": args.store, "base_uri": args.base_uri, "data_dir": args.data_dir,
                 "ontology_dir": args.ontology_dir}
    settings = load_settings({k: v for k, v in overrides.items() if v is not None})
    started = time.monotonic()
    try:
        store = open_store(settings["store"], settings["build_dir"], read_only=False,
                           remote_timeout=settings["remote_timeout"])
    except StoreError as error:
        print(f"error: {error.for_operator()}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pressrum-load-") as tmp:
        folder = Path(tmp)
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
            source = as_nquads(paths, settings["base_uri"], args.graph, folder)
        else:
            source = folder / "dataset.nq"
            source.write_bytes(built.nquads())
        progress = Progress(source.stat().st_size)
        if hasattr(store, "progress"):
            store.progress = progress
        elif progress.tty:
            print(f"loading {source.stat().st_size / 1e6:.1f} MB of N-Quads…", file=sys.stderr)
        try:
            store.replace(source, ox.RdfFormat.N_QUADS, content_hash)
            total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            triples, named = int(next(iter(total))["n"].value), int(next(iter(graphs))["n"].value)
        except (StoreError, OSError, SyntaxError) as error:
            progress.done()
            print(f"error: {error.for_operator() if isinstance(error, StoreError) else error}", file=sys.stderr)
            return 1
        progress.done()
    print(f"loaded {what} into {settings['store']}: {named} named graphs, {triples} triples in the "
          f"default graph (the merge), in {time.monotonic() - started:.1f} s")
    store.close()
    return 0


def _build(settings: dict):
    from pressrum.build.dataset import build_dataset

    return build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"])


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
    load.add_argument("--force", action="store_true", help="load even when the store holds this content")
    load.add_argument("--skip-validation", action="store_true",
                      help="load the built dataset without SHACL validation")
    load.set_defaults(handler=cmd_load)
