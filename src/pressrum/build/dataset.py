"""Build the dataset: ingest + curated + enrichment + ontology → named graphs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from pressrum import __version__
from pressrum.build.evidence import EvidenceError, complete_evidence
from pressrum.build.retrieval import add_retrieval
from pressrum.namespaces import PROG_ONTOLOGY, SCHEMA, Minter
from pressrum.text.release import ReleaseFormatError, decode_release, ingest_text
from pressrum.text.source import SOURCE_FILE, read_source

RELEASE_TEXT = "release.txt"
# A release folder named as its slug: {yyyy-mm-dd}-{headline-slug} (modelling.md §9).
RELEASE_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*")
CURATED = "curated.ttl"


class DatasetInputError(Exception):
    """An input file that cannot be read: names the file and, where known, the line."""

    def __init__(self, source: Path | str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = str(source), line, message
        where = f"{self.source}:{line}" if line else self.source
        super().__init__(f"{where}: {message}")


@dataclass
class BuiltDataset:
    """The dataset as named graphs, with what identifies this build."""

    dataset: Dataset
    minter: Minter
    content_hash: str
    modified: datetime
    release_graphs: dict[URIRef, URIRef] = field(default_factory=dict)  # graph → release
    release_folders: dict[URIRef, Path] = field(default_factory=dict)  # graph → the folder it was built from

    def graphs(self) -> Iterator[Graph]:
        """Yield each named graph that holds triples."""
        for graph in self.dataset.graphs():
            if isinstance(graph.identifier, URIRef) and len(graph):
                yield graph

    def union(self) -> Graph:
        """Return the RDF merge of every named graph, each triple once."""
        merged = Graph()
        for prefix, namespace in self.minter.prefixes().items():
            merged.bind(prefix, namespace)
        for graph in self.graphs():
            merged += graph
        return merged

    def nquads(self) -> bytes:
        """Return every named graph as N-Quads."""
        return self.dataset.serialize(format="nquads", encoding="utf-8")

    def folders_by_subject(self) -> dict[str, list[Path]]:
        """Return, for each IRI a release graph states something about, the folders of those releases."""
        index: dict[str, list[Path]] = {}
        for name, folder in self.release_folders.items():
            for subject in set(self.dataset.graph(name).subjects()):
                if isinstance(subject, URIRef):
                    index.setdefault(str(subject), []).append(folder)
        return index

    def triple_count(self) -> int:
        """Return the number of distinct triples in the merge."""
        return len(self.union())


def input_files(data_dir: Path, ontology_dir: Path) -> list[Path]:
    """Return every file the build reads, in a stable order."""
    releases = sorted((data_dir / "releases").glob(f"*/{RELEASE_TEXT}"))
    curated = sorted((data_dir / "releases").glob(f"*/{CURATED}"))
    sources = sorted((data_dir / "releases").glob(f"*/{SOURCE_FILE}"))
    enrichment = sorted((data_dir / "enrichment").glob("*.ttl"))
    ontology = sorted(ontology_dir.glob("*.ttl"))
    return releases + curated + sources + enrichment + ontology


def content_hash(files: Iterable[Path], base: str) -> str:
    """Return a SHA-256 over the inputs, the base IRI and the pressrum version."""
    digest = hashlib.sha256(f"pressrum {__version__}\n{base}\n".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def parse_turtle(path: Path, base: str, into: Graph) -> None:
    """Parse a Turtle file with IRIs relative to `base` into a graph, naming file and line on error."""
    try:
        into.parse(path, format="turtle", publicID=base)
    except Exception as error:  # rdflib raises BadSyntax and several others
        line = getattr(error, "lines", None)
        message = str(getattr(error, "message", "") or error).strip().splitlines()[0]
        raise DatasetInputError(path, (line + 1) if isinstance(line, int) else None,
                                f"Turtle syntax error: {message}") from error


def add_provenance(graph: Graph, release: URIRef, id_space: str) -> None:
    """Derive every minted IRI the release graph mentions from the release (modelling §8)."""
    # Hash IRIs (an annotation's #target, #pos, #quote) are parts of their document, which carries it.
    minted = {
        term for triple in graph for term in (triple[0], triple[2])
        if isinstance(term, URIRef) and str(term).startswith(id_space) and "#" not in term
    }
    minted.discard(release)
    for iri in minted:
        graph.add((iri, PROV.wasDerivedFrom, release))


def derive_used_schemes(dataset: Dataset, releases: dict[URIRef, URIRef]) -> None:
    """Derive each concept scheme from every release that uses one of its concepts (modelling §8)."""
    in_scheme = {(concept, scheme) for graph in dataset.graphs()
                 for concept, scheme in graph.subject_objects(SKOS.inScheme)}
    for name, release in releases.items():
        graph = dataset.graph(name)
        for concept, scheme in in_scheme:
            if (concept, PROV.wasDerivedFrom, release) in graph:
                graph.add((scheme, PROV.wasDerivedFrom, release))


def describe_graph(graph: Graph, name: URIRef, release: URIRef, when: datetime) -> None:
    """State how the release graph was made: derived from the release by an extraction."""
    activity = URIRef(f"{name}#extraction")
    stamp = Literal(when.isoformat(), datatype=XSD.dateTime)
    graph.add((name, RDF.type, PROV.Entity))
    graph.add((name, RDF.type, PROV.Bundle))
    graph.add((name, PROV.wasDerivedFrom, release))
    graph.add((name, PROV.wasGeneratedBy, activity))
    graph.add((name, PROV.generatedAtTime, stamp))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, release))
    graph.add((activity, PROV.startedAtTime, stamp))


def _modified(paths: Iterable[Path]) -> datetime:
    newest = max((p.stat().st_mtime for p in paths), default=0.0)
    return datetime.fromtimestamp(int(newest), tz=UTC)


def build_release(folder: Path, minter: Minter, into: Dataset) -> tuple[URIRef, URIRef]:
    """Ingest one release folder and merge its curated facts into its own named graph."""
    text_path = folder / RELEASE_TEXT
    try:
        text = decode_release(text_path.read_bytes(), str(text_path))
        record = read_source(folder)
        # The folder's name is the release's slug: a corrected headline keeps the first IRI.
        text_graph = ingest_text(text, minter, source=str(text_path),
                                 publisher=record.publisher if record else None,
                                 slug=folder.name if RELEASE_FOLDER.fullmatch(folder.name) else None)
        release = next(iter(text_graph.subjects(RDF.type, SCHEMA.NewsArticle)))
        add_retrieval(text_graph, release, folder / SOURCE_FILE)
    except ReleaseFormatError as error:
        raise DatasetInputError(error.source, error.line, error.message) from error
    slug = str(release).rsplit("/", 1)[1]
    name = minter.graph("release", slug)
    graph = into.graph(name)
    graph += text_graph
    curated = folder / CURATED
    if curated.exists():
        parse_turtle(curated, minter.base, graph)
        try:
            complete_evidence(graph, minter, release, slug, str(text_graph.value(release, SCHEMA.articleBody)))
        except EvidenceError as error:
            raise DatasetInputError(curated, None, f"evidence: {error}") from error
    add_provenance(graph, release, minter.id_space)
    describe_graph(graph, name, release, _modified([text_path, curated] if curated.exists() else [text_path]))
    return name, release


def build_dataset(data_dir: Path, ontology_dir: Path, base: str, leave_out: Collection[str] = (),
                  on_error: Callable[[Path, DatasetInputError], None] | None = None) -> BuiltDataset:
    """Build every release, enrichment and ontology graph from the files.

    `leave_out` names release folders not to build (held back); with `on_error`, a release folder
    that cannot be read is reported to it and left out, instead of stopping the build.
    """
    minter = Minter(base)
    dataset = Dataset()
    for prefix, namespace in minter.prefixes().items():
        dataset.bind(prefix, namespace)
    releases: dict[URIRef, URIRef] = {}
    folders: dict[URIRef, Path] = {}
    for text_path in sorted((data_dir / "releases").glob(f"*/{RELEASE_TEXT}")):
        folder = text_path.parent
        if folder.name in leave_out:
            continue
        scratch = Dataset()  # a release that fails half-way leaves nothing behind
        try:
            name, release = build_release(folder, minter, scratch)
        except DatasetInputError as error:
            if on_error is None:
                raise
            on_error(folder, error)
            continue
        graph = dataset.graph(name)
        graph += scratch.graph(name)
        releases[name], folders[name] = release, folder
    used = set(folders.values())
    files = [f for f in input_files(data_dir, ontology_dir) if f.parent.parent != data_dir / "releases"
             or f.parent in used]
    for path in sorted((data_dir / "enrichment").glob("*.ttl")):
        parse_turtle(path, minter.base, dataset.graph(minter.graph("enrichment", path.stem)))
    for path in sorted(ontology_dir.glob("*.ttl")):
        name = minter.graph("ontology", path.stem)
        graph = dataset.graph(name)
        parse_turtle(path, minter.base, graph)
        # The vocabulary graphs are pressrum's own: derived from the prog: ontology.
        graph.add((name, RDF.type, PROV.Entity))
        graph.add((name, PROV.wasDerivedFrom, PROG_ONTOLOGY))
    derive_used_schemes(dataset, releases)
    return BuiltDataset(dataset, minter, content_hash(files, minter.base), _modified(files), releases, folders)
