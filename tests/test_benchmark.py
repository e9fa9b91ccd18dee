"""The benchmark corpus: deterministic, in the project's model, valid; and set semantics at scale."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from pressrum.benchmark.generator import generate, iter_releases
from pressrum.benchmark.queries import QUERIES, query_mix
from pressrum.benchmark.validate import union_of_nquads
from pressrum.build.validation import load_shapes, validate_graph
from pressrum.namespaces import OA, SCHEMA
from pressrum.settings import PROJECT_ROOT
from pressrum.store import EmbeddedStore

BASE = "http://localhost:8080/"


def corpus(n: int) -> bytes:
    out = io.BytesIO()
    generate(n, out, BASE, PROJECT_ROOT / "ontology")
    return out.getvalue()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "corpus.nq"
    path.write_bytes(corpus(20))
    return path


@pytest.fixture(scope="module")
def medium() -> bytes:
    return corpus(80)


def test_the_first_releases_are_the_same_at_every_n() -> None:
    five = ["\n".join(r) for r in iter_releases(5, BASE)]
    eight = ["\n".join(r) for r in iter_releases(8, BASE)]
    assert eight[:5] == five
    assert corpus(5) == corpus(5)
    assert corpus(8).startswith(corpus(5))


def test_about_150_triples_per_release_with_2_to_4_quotations() -> None:
    releases = list(iter_releases(300, BASE))
    assert 130 <= statistics.mean(len(r) for r in releases) <= 170
    quotations = [sum("schema.org/Quotation>" in line for line in r) for r in releases]
    assert min(quotations) >= 2 and max(quotations) <= 4


def test_offsets_are_code_points_into_the_swedish_body(small: Path) -> None:
    union = union_of_nquads(small)
    checked = 0
    for selector in union.subjects(RDF.type, OA.TextPositionSelector):
        target = next(union.subjects(OA.hasSelector, selector))
        release = union.value(target, OA.hasSource)
        body = str(union.value(release, SCHEMA.articleBody))
        quote = next(q for q in union.objects(target, OA.hasSelector) if q != selector)
        start, end = int(union.value(selector, OA.start)), int(union.value(selector, OA.end))
        assert body[start:end] == str(union.value(quote, OA.exact))
        assert body[:start].endswith(str(union.value(quote, OA.prefix)))
        checked += 1
    bodies = "".join(str(b) for b in union.objects(None, SCHEMA.articleBody))
    assert checked >= 40 and all(letter in bodies for letter in "åäö")


def test_the_generated_corpus_conforms_to_the_shapes(small: Path) -> None:
    """The same validation as `pressrum validate`: SHACL over the merge (also `pressrum bench validate`)."""
    report = validate_graph(union_of_nquads(small), load_shapes(PROJECT_ROOT / "shapes"))
    assert report.conforms, report.as_text()


def _set_semantics(data: bytes) -> tuple[set[tuple], Counter]:
    """Return the merge as a Python set of triples, and how many graphs hold each subject."""
    dataset = Dataset()
    dataset.parse(data=data, format="nquads")
    triples, graphs_per_subject = set(), Counter()
    for graph in dataset.graphs():
        for s, p, o in graph:
            triples.add((s, p, o))
        for s in set(graph.subjects(RDF.type, SCHEMA.Person)):
            graphs_per_subject[s] += 1
    return triples, graphs_per_subject


@pytest.mark.parametrize("on_disk", [False, True])
def test_counts_and_describe_have_set_semantics(medium: bytes, tmp_path: Path, on_disk: bool) -> None:
    store = EmbeddedStore(tmp_path / "store" if on_disk else None)
    store.replace(medium, ox.RdfFormat.N_QUADS, "test")
    triples, graphs_per_person = _set_semantics(medium)
    person, graphs = graphs_per_person.most_common(1)[0]
    assert graphs >= 5  # the same person, with the same labels, in many release graphs

    count = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
    assert int(count) == len(triples)
    names = next(iter(store.query(f"SELECT (COUNT(?name) AS ?n) WHERE {{ <{person}> <{SCHEMA.name}> ?name }}")))
    assert int(names["n"].value) == 1
    described = list(store.query(f"DESCRIBE <{person}>"))
    expected = {(s, p, o) for (s, p, o) in triples if s == URIRef(person)}
    assert len(described) == len({(t.subject.value, t.predicate.value, str(t.object.value)) for t in described})
    assert len(described) == len(expected)
    persons = {s for (s, p, o) in triples if p == RDF.type and o == SCHEMA.Person}
    answer = next(iter(store.query(f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{SCHEMA.Person}> }}")))
    assert int(answer["n"].value) == len(persons)


def test_the_query_mix_answers_the_same_as_rdflib(medium: bytes) -> None:
    """Every query of the mix gives the same number of rows on the deduplicated store and on rdflib."""
    store = EmbeddedStore()
    store.replace(medium, ox.RdfFormat.N_QUADS, "test")
    union = Graph()
    dataset = Dataset()
    dataset.parse(data=medium, format="nquads")
    for graph in dataset.graphs():
        union += graph
    assert len(QUERIES) >= 8
    for name, sparql in query_mix(BASE).items():
        ours = store.query(sparql)
        theirs = union.query(sparql)
        assert len(list(ours)) == len(list(theirs)), name


def test_bench_scale_measures_each_step_once_and_writes_the_table(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    pressrum = str(Path(sys.executable).parent / "pressrum")
    output = tmp_path / "results.md"
    output.write_text("# Benchmark results\n\nkept text\n")
    command = [pressrum, "bench", "scale", "--releases", "30", "--steps", "generate,load,mix", "--repeat", "1",
               "--work-dir", str(tmp_path / "scale"), "--output", str(output)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    figures = json.loads((tmp_path / "scale" / "30" / "scale.json").read_text())
    assert figures["load"]["pressrum load"]["status"] == 0 and figures["load"]["oxigraph load"]["status"] == 0
    assert figures["load"]["pressrum load"]["rss_mb"] > 0 and figures["mix"]["ask_ms"]["oxigraph"] > 0
    text = output.read_text()
    assert text.startswith("# Benchmark results\n\nkept text\n")
    assert "| load ratio (target ≤ 1.5) |" in text and "| query mix ratio (target ≤ 1.1) |" in text
    assert "rows differ" not in text  # pressrum and oxigraph serve answered every query alike
    second = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0 and "30 releases: load" not in second.stderr  # measured once, kept
    assert output.read_text().count("<!-- scaling: start -->") == 1
