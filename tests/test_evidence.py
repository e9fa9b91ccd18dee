"""Evidence: curated facts point back to the words that state them, with offsets the build computes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from pressrum.build.evidence import EvidenceError, complete_evidence, locate
from pressrum.cli import main
from pressrum.namespaces import OA, SCHEMA, Minter
from pressrum.settings import PROJECT_ROOT

BODY = "Kommunen bygger en ny skola. Skolan öppnar i augusti. Kommunen bygger också en cykelväg."
SEED = "2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


def test_locate_finds_unique_words_by_code_point() -> None:
    assert locate(BODY, "Skolan öppnar") == BODY.index("Skolan öppnar")


def test_locate_refuses_missing_words() -> None:
    with pytest.raises(EvidenceError, match="do not occur"):
        locate(BODY, "en ny idrottshall")


def test_locate_refuses_ambiguous_words_and_a_prefix_picks_one() -> None:
    with pytest.raises(EvidenceError, match="more than once"):
        locate(BODY, "Kommunen bygger")
    assert locate(BODY, "Kommunen bygger", prefix="augusti. ") == BODY.rindex("Kommunen bygger")


def test_a_sketch_becomes_a_full_annotation() -> None:
    minter = Minter("http://example.org/")
    release, thing = minter.id("release", "r"), minter.id("plan", "skola")
    graph = Graph()
    sketch, target, selector = BNode(), BNode(), BNode()
    graph.add((sketch, OA.hasBody, thing))
    graph.add((sketch, OA.hasTarget, target))
    graph.add((target, OA.hasSelector, selector))
    graph.add((selector, OA.exact, Literal("Skolan öppnar i augusti")))
    assert complete_evidence(graph, minter, release, "r", BODY) == 1
    assert not any(isinstance(s, BNode) for s in graph.subjects())
    annotation = minter.id("annotation", "r-e1")
    assert (annotation, OA.motivatedBy, OA.describing) in graph
    assert (annotation, OA.hasBody, thing) in graph
    start = BODY.index("Skolan öppnar i augusti")
    pos = URIRef(f"{annotation}#pos")
    assert int(graph.value(pos, OA.start)) == start
    assert int(graph.value(pos, OA.end)) == start + len("Skolan öppnar i augusti")
    assert str(graph.value(URIRef(f"{annotation}#quote"), OA.prefix)) == BODY[:start][-32:]


def test_a_claim_is_located_from_its_own_text() -> None:
    minter = Minter("http://example.org/")
    release, claim = minter.id("release", "r"), minter.id("claim", "r-1")
    graph = Graph()
    graph.add((claim, SCHEMA.text, Literal("Skolan öppnar i augusti.", lang="sv")))
    graph.add((claim, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SCHEMA.Claim))
    assert complete_evidence(graph, minter, release, "r", BODY) == 1


def test_words_not_in_the_body_stop_the_build_naming_the_file(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    curated = data / "releases" / SEED / "curated.ttl"
    curated.write_text(curated.read_text(encoding="utf-8").replace(
        '"lära av andra kommuner"', '"lära av andra regioner"'), encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert str(curated) in err and "lära av andra regioner" in err
