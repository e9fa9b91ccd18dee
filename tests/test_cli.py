"""The command line: validate's exit codes and messages, dump, ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from pressrum.cli import main
from pressrum.settings import PROJECT_ROOT

SEED = "2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """Return a writable copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", target)
    return target


def test_validate_conforms_on_the_real_data(capsys, tmp_path: Path) -> None:
    report = tmp_path / "report.ttl"
    assert main(["validate", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("conforms:")
    graph = Graph().parse(report, format="turtle")
    assert len(graph) > 0


def test_validate_exits_1_with_a_report_grouped_by_focus_node(capsys, data_copy: Path) -> None:
    curated = data_copy / "releases" / SEED / "curated.ttl"
    # Break a fact: the mentorship gets its mentee as mentor too (sh:disjoint / cardinality).
    text = curated.read_text(encoding="utf-8").replace("prog:mentor p:annette-riesbeck-rattviks-kommun",
                                                       "prog:mentor p:alexander-abenius")
    curated.write_text(text, encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "mentorship/svenskt-naringsliv-utvecklingsprogram-2020-alexander-abenius" in out
    assert out.strip().splitlines()[-1].startswith("DOES NOT CONFORM")


def test_validate_exits_2_naming_file_and_line_on_a_turtle_syntax_error(capsys, data_copy: Path) -> None:
    curated = data_copy / "releases" / SEED / "curated.ttl"
    lines = curated.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40] + " ;;; <broken"
    curated.write_text("\n".join(lines), encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{curated}:" in err and "Turtle syntax error" in err


def test_validate_exits_2_on_a_release_without_a_date_line(capsys, data_copy: Path) -> None:
    release = data_copy / "releases" / SEED / "release.txt"
    release.write_text(release.read_text(encoding="utf-8").replace("Publiceringsdatum : 2020-02-04\n", ""),
                       encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{release}:4:" in err  # the first line after the headline that is not blank and "Publiceringsdatum" in err


@pytest.mark.parametrize("fmt,rdflib_format", [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_dump_writes_every_named_graph(tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    assert main(["dump", "--format", fmt, "-o", str(out)]) == 0
    dataset = Dataset()
    dataset.parse(out, format=rdflib_format)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert f"http://localhost:8080/graph/release/{SEED}" in names
    assert "http://localhost:8080/graph/ontology/programme" in names
    assert "http://localhost:8080/graph/enrichment/wikidata" in names


def test_dump_turtle_to_stdout_with_another_base(capsysbinary) -> None:
    assert main(["dump", "--format", "turtle", "--base-uri", "https://pressrum.example/"]) == 0
    graph = Graph().parse(data=capsysbinary.readouterr().out, format="turtle")
    assert any(str(s).startswith("https://pressrum.example/id/") for s in graph.subjects())


@pytest.mark.parametrize("fmt,rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_ingest_prints_the_text_graph(capsysbinary, fmt: str, rdflib_format: str) -> None:
    path = PROJECT_ROOT / "data" / "releases" / SEED / "release.txt"
    assert main(["ingest", str(path), "--format", fmt, "--base-uri", "https://pressrum.example/"]) == 0
    graph = Graph().parse(data=capsysbinary.readouterr().out, format=rdflib_format)
    quotations = set(graph.subjects(predicate=None, object=None))
    assert any("https://pressrum.example/id/quotation/" in str(q) for q in quotations)


def test_ingest_exits_2_on_a_file_without_a_date(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Rubrik\n\nIngen datumrad här.\n", encoding="utf-8")
    assert main(["ingest", str(bad)]) == 2
    assert "Publiceringsdatum" in capsys.readouterr().err
