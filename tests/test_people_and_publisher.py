"""Tests for roles, parties, person identity, the publisher and the source record (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from pressrum.namespaces import PROG, SCHEMA, Minter
from pressrum.text.agents import ROLE_TYPES, role_type
from pressrum.text.release import ReleaseFormatError, decode_release, ingest_text, parse_release
from pressrum.text.source import Publisher, SourceRecord, read_source

ROOT = Path(__file__).resolve().parents[1]
MINTER = Minter("http://example.org/")
ID = "http://example.org/id/"
SOLLEFTEA = Publisher("Sollefteå kommun", "municipality", "2283")


def release(body: str, date: str = "2024-05-01") -> str:
    """Return a release text with a headline and a date line."""
    return f"Rubrik {date}\n\nPubliceringsdatum : {date}\n\n{body}\n"


def graph(body: str, publisher: Publisher | None = None, date: str = "2024-05-01") -> Graph:
    """Ingest a body given inline."""
    return ingest_text(release(body, date), MINTER, publisher=publisher)


def test_role_types_are_labels_of_their_concepts_in_the_scheme() -> None:
    schemes = Graph().parse(ROOT / "ontology/schemes.ttl", publicID="http://example.org/")
    for title, concept in ROLE_TYPES.items():
        node = URIRef(f"{ID}concept/roller/{concept}")
        labels = {str(o).lower() for p in (SKOS.prefLabel, SKOS.altLabel) for o in schemes.objects(node, p)}
        assert title in labels, (title, concept)
        assert {o.language for o in schemes.objects(node, SKOS.prefLabel)} >= {"sv", "en"}


@pytest.mark.parametrize(("title", "concept"), [
    ("kommunstyrelsens ordförande", "kommunstyrelseordforande"), ("KSO", "kommunstyrelseordforande"),
    ("kommunchef", "kommundirektor"), ("Näringslivschef", "naringslivschef"),
    ("regionstyrelsens ordförande", "regionstyrelseordforande"), ("kulturchef", None),
])
def test_role_type(title: str, concept: str | None) -> None:
    assert role_type(title) == concept


def test_unmatched_title_is_kept_as_written_without_a_role_type() -> None:
    g = graph("- Bra, säger Eva Ek, kulturchef i Lerums kommun.")
    (role,) = g.subjects(RDF.type, SCHEMA.EmployeeRole)
    assert g.value(role, SCHEMA.roleName) == Literal("kulturchef", lang="sv")
    assert g.value(role, PROG.roleType) is None


def test_the_sollefteå_form_with_publisher() -> None:
    g = graph("- Vi klättrar, säger Thomas Östlund, näringslivschef, Sollefteå kommun.", SOLLEFTEA)
    person = URIRef(f"{ID}person/thomas-ostlund-solleftea-kommun")
    assert g.value(person, SCHEMA.name) == Literal("Thomas Östlund")
    role = g.value(person, SCHEMA.worksFor)
    org = URIRef(f"{ID}organisation/solleftea-kommun")
    assert g.value(role, SCHEMA.worksFor) == org
    assert g.value(role, PROG.roleType) == URIRef(f"{ID}concept/roller/naringslivschef")


def test_publisher_node_mirrors_the_seed_enrichment() -> None:
    g = graph("Inget citat här.", SOLLEFTEA)
    (r,) = g.subjects(RDF.type, SCHEMA.NewsArticle)
    org = URIRef(f"{ID}organisation/solleftea-kommun")
    assert g.value(r, SCHEMA.publisher) == org
    assert set(g.objects(org, RDF.type)) == {
        PROG.Municipality, SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea}
    assert set(g.objects(org, SCHEMA.name)) == {Literal("Sollefteå kommun", lang="sv")}
    ident = g.value(org, SCHEMA.identifier)
    assert g.value(ident, RDF.type) == SCHEMA.PropertyValue
    assert g.value(ident, SCHEMA.propertyID) == Literal("kommunkod")
    assert g.value(ident, SCHEMA.value) == Literal("2283")


def test_municipal_office_without_organisation_belongs_to_the_publisher() -> None:
    g = graph("- Bra, säger kommunstyrelsens ordförande Eva Ek (S).", SOLLEFTEA)
    person = URIRef(f"{ID}person/eva-ek-solleftea-kommun")
    role = g.value(person, SCHEMA.memberOf)
    assert g.value(role, SCHEMA.memberOf) == URIRef(f"{ID}organisation/solleftea-kommun")


def test_place_naming_the_publisher_is_the_publisher() -> None:
    nynashamn = Publisher("Nynäshamns kommun", "municipality", "0192")
    g = graph("- Bra, säger kommunstyrelsens ordförande i Nynäshamn Harry Bouveng (M).", nynashamn)
    assert (URIRef(f"{ID}person/harry-bouveng-nynashamns-kommun"), RDF.type, SCHEMA.Person) in g


def test_office_without_organisation_stays_without_when_the_publisher_is_not_a_municipality() -> None:
    sn = Publisher("Svenskt Näringsliv", "organisation")
    g = graph("- Bra, säger kommunalråd Eva Ek (S).", sn)
    role = g.value(URIRef(f"{ID}person/eva-ek-svenskt-naringsliv"), SCHEMA.memberOf)
    assert g.value(role, SCHEMA.memberOf) is None


def test_same_name_same_municipality_is_one_person_roles_dated_per_release() -> None:
    a = graph("- Bra, säger Anna Andersson, näringslivschef.", SOLLEFTEA, "2023-01-10")
    b = graph("- Också bra, säger näringslivschef Anna Andersson.", SOLLEFTEA, "2024-02-20")
    person = URIRef(f"{ID}person/anna-andersson-solleftea-kommun")
    assert (person, RDF.type, SCHEMA.Person) in a and (person, RDF.type, SCHEMA.Person) in b
    merged = a + b
    role = merged.value(person, SCHEMA.worksFor)
    assert {str(d) for d in merged.objects(role, PROG.heldOn)} == {"2023-01-10", "2024-02-20"}


def test_two_anna_andersson_in_different_municipalities_are_two_people() -> None:
    a = graph("- Bra, säger Anna Andersson, näringslivschef i Lerums kommun.")
    b = graph("- Bra, säger Anna Andersson, näringslivschef i Rättviks kommun.")
    people = set((a + b).subjects(RDF.type, SCHEMA.Person))
    assert people == {URIRef(f"{ID}person/anna-andersson-lerums-kommun"),
                      URIRef(f"{ID}person/anna-andersson-rattviks-kommun")}


@pytest.mark.parametrize(("party", "name"), [("M", "Moderaterna"), ("S", "Socialdemokraterna"),
    ("C", "Centerpartiet"), ("L", "Liberalerna"), ("KD", "Kristdemokraterna"),
    ("V", "Vänsterpartiet"), ("MP", "Miljöpartiet"), ("SD", "Sverigedemokraterna")])
def test_parliamentary_parties(party: str, name: str) -> None:
    g = graph(f"- Bra, säger Eva Ek ({party}), kommunalråd.")
    org = g.value(URIRef(f"{ID}person/eva-ek"), SCHEMA.affiliation)
    assert Literal(name, lang="sv") in set(g.objects(org, SCHEMA.name))


def test_local_party_is_kept_as_written() -> None:
    g = graph("- Bra, säger Eva Ek (Lerumspartiet), kommunalråd.")
    org = g.value(URIRef(f"{ID}person/eva-ek"), SCHEMA.affiliation)
    assert set(g.objects(org, SCHEMA.name)) == {Literal("Lerumspartiet", lang="sv")}


def test_segments_become_one_target_each() -> None:
    g = graph("- Vi är glada, säger Eva Ek, rektor. Nu fortsätter vi.")
    (q,) = g.subjects(RDF.type, SCHEMA.Quotation)
    assert g.value(q, SCHEMA.text) == Literal("Vi är glada Nu fortsätter vi.", lang="sv")
    (a,) = g.subjects(RDF.type, URIRef("http://www.w3.org/ns/oa#Annotation"))
    targets = {str(t).rsplit("#", 1)[1] for t in g.objects(a, URIRef("http://www.w3.org/ns/oa#hasTarget"))}
    assert targets == {"target", "target-2"}


# --- the source record ---------------------------------------------------------------------

def test_read_source(tmp_path: Path) -> None:
    (tmp_path / "source.json").write_text(json.dumps({
        "publisher": {"name": "Sollefteå kommun", "kind": "municipality", "code": "2283"},
        "url": "https://example.org/a", "etag": "x", "sha256": "y", "new_key": 1}), encoding="utf-8")
    assert read_source(tmp_path) == SourceRecord(SOLLEFTEA, "https://example.org/a")


def test_no_source_record(tmp_path: Path) -> None:
    assert read_source(tmp_path) is None


@pytest.mark.parametrize(("text", "line"), [("{\n  \"publisher\": \n}", 3), ("[1]", 1),
                                            ('{"publisher": {"kind": "municipality"}}', 1),
                                            ('{"publisher": {"name": "X", "kind": "town"}}', 1)])
def test_malformed_source_record(tmp_path: Path, text: str, line: int) -> None:
    (tmp_path / "source.json").write_text(text, encoding="utf-8")
    with pytest.raises(ReleaseFormatError) as info:
        read_source(tmp_path)
    assert info.value.source.endswith("source.json") and info.value.line == line


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "needle"), [
    ("", 1, "empty"), ("   \n\n", 1, "empty"),
    ("<!DOCTYPE html>\n<html><body>x</body></html>", 1, "HTML"),
    ("Rubrik\n\n<html lang=sv>", 3, "HTML"),
    ("Rubrik\n\nPubliceringsdatum : 2024-13-01\n\nText.", 3, "invalid date"),
    ("Rubrik\n\nText utan datum.", 3, "Publiceringsdatum"),
])
def test_bad_input_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(ReleaseFormatError) as info:
        parse_release(text, "release.txt")
    assert (info.value.source, info.value.line) == ("release.txt", line)
    assert needle in info.value.message


def test_not_utf8_names_file_and_line() -> None:
    data = "Rubrik\n\nPubliceringsdatum : 2024-05-01\n\nGöteborg".encode("latin-1")
    with pytest.raises(ReleaseFormatError) as info:
        decode_release(data, "release.txt")
    assert (info.value.source, info.value.line) == ("release.txt", 5)
    assert "UTF-8" in info.value.message


def test_a_unit_in_lower_case_is_the_publishers_own() -> None:
    g = graph("- Svårt beslut, säger förvaltningschef Eva Ek, socialförvaltningen.", SOLLEFTEA)
    unit = URIRef(f"{ID}organisation/socialforvaltningen-solleftea-kommun")
    assert (unit, SCHEMA.name, Literal("socialförvaltningen", lang="sv")) in g
    assert (URIRef(f"{ID}person/eva-ek-socialforvaltningen-solleftea-kommun"), RDF.type, SCHEMA.Person) in g


@pytest.mark.parametrize(("title", "concept"), [
    ("byggnadsnämndens ordförande", "namndordforande"),
    ("Kultur- och fritidsnämndens ordförande", "namndordforande"),
    ("ordförande i kultur- och fritidsnämnden", "namndordforande"),
    ("kommunalråd med ansvar för äldreomsorgen", "kommunalrad"),
    ("VD", "verkstallande-direktor"), ("miljöchef", None),
])
def test_role_type_patterns(title: str, concept: str | None) -> None:
    assert role_type(title) == concept


@pytest.mark.parametrize(("title", "municipal"), [
    ("ordförande i samhällsbyggnadsnämnden", True), ("kommunalråd med ansvar för äldreomsorgen", True),
    ("kommunstyrelsens förste vice ordförande", True), ("stadsträdgårdsmästare", True),
    ("regionchef", False), ("tävlingsgeneral", False),
])
def test_which_offices_belong_to_the_publishing_municipality(title: str, municipal: bool) -> None:
    from pressrum.text.agents import resolve_org
    from pressrum.text.people import Speaker as S
    assert (resolve_org(S("Eva Ek", title, None, None), SOLLEFTEA) == "Sollefteå kommun") is municipal
