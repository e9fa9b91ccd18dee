"""Shapes tested as data: each fixture breaks a copy of the dataset and names the violation it must raise.

tests/fixtures/invalid/*.ru are SPARQL Updates applied to the merge of the real dataset; their
header says which shape must report and what its message must say. A bug becomes a new fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from pressrum.build.validation import Report, count_shapes, load_shapes, validate_graph
from pressrum.settings import PROJECT_ROOT

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "invalid").glob("*.ru"))


def _header(path: Path) -> dict[str, str]:
    header = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value
    return header


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(PROJECT_ROOT / "shapes")


@pytest.fixture(scope="module")
def valid_report(built, shapes) -> Report:
    return validate_graph(built.union(), shapes)


def test_the_real_data_conforms(valid_report: Report) -> None:
    assert valid_report.conforms, valid_report.as_text()


def test_every_typed_node_is_the_target_of_a_shape(built, shapes) -> None:
    """One NodeShape per class; asserted schema.org super-types ride on their sub-type's shape."""
    from rdflib.namespace import RDF

    from pressrum.namespaces import SH

    targeted = set(shapes.objects(None, SH.targetClass))
    union = built.union()
    ours = ("https://schema.org/", "https://w3id.org/pressrum/", "http://www.w3.org/ns/oa#",
            "http://www.w3.org/2004/02/skos/core#")
    untargeted = {s for s in set(union.subjects(RDF.type, None))
                  if any(str(t).startswith(ours) for t in union.objects(s, RDF.type))
                  and not set(union.objects(s, RDF.type)) & targeted}
    assert untargeted == set()
    assert count_shapes(shapes) >= 20


def test_every_constraint_carries_a_message(shapes) -> None:
    from rdflib.namespace import RDF

    from pressrum.namespaces import SH

    constrained = set(shapes.subjects(SH.path, None)) | set(shapes.objects(None, SH.sparql))
    # Alternatives inside sh:xone / sh:or lists speak through the message of the list's owner.
    alternatives = set(shapes.objects(None, RDF.first))
    without = [c for c in constrained - alternatives if shapes.value(c, SH.message) is None]
    assert without == []


def test_every_shape_file_has_a_failing_fixture(shapes) -> None:
    from rdflib.namespace import RDF

    from pressrum.namespaces import SH

    exercised = {_header(path)["shape"] for path in FIXTURES}
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        name = str(shape).rsplit("#", 1)[-1]
        if name in {"OrganizationReferenceShape", "PlaceShape", "AudienceShape", "InitiativeShape",
                    "ActionPlanShape", "SpecificResourceShape", "ConceptSchemeShape", "OntologyShape",
                    "ActivityShape"}:
            continue  # exercised through the shapes that reference them, or by the real data only
        assert name in exercised, f"{name} has no failing fixture"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_raises_its_violation(built, shapes, fixture: Path) -> None:
    header = _header(fixture)
    broken = built.union()
    broken.update(fixture.read_text(encoding="utf-8"))
    report = validate_graph(broken, shapes)
    assert not report.conforms, f"{fixture.name}: the broken copy conforms"
    matching = [r for r in report.results
                if r.shape.rstrip(">").endswith("#" + header["shape"]) and header["message"] in r.message]
    assert matching, (f"{fixture.name}: expected {header['shape']} saying {header['message']!r}; got:\n"
                      + report.as_text())
