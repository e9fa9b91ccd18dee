"""Tests for pressrum.text.release: release text → parsed release → RDF."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path

import pytest
import rdflib.namespace
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV

from pressrum.namespaces import OA, PROG, SCHEMA, Minter
from pressrum.text.release import (
    ParsedRelease,
    ReleaseFormatError,
    Speaker,
    ingest_text,
    parse_release,
    release_graph,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data/releases/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"
FIXTURES = Path(__file__).parent / "fixtures" / "releases"
FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))
MINTER = Minter("http://example.org/")
ID = "http://example.org/id/"
SEED_SLUG = "2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"
R = URIRef(f"{ID}release/{SEED_SLUG}")
# Not imported by name: pytest probing a module-level XSD DefinedNamespace emits a warning.
XSD_DATE = rdflib.namespace.XSD.date
XSD_INTEGER = rdflib.namespace.XSD.integer  # the offsets' datatype on every store


def read(path: Path) -> str:
    """Read a release file without translating its line endings."""
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def parse_inline(body: str, headline: str = "Rubrik") -> ParsedRelease:
    """Parse a body given inline, wrapped in a headline and date line."""
    return parse_release(f"{headline}\n\nPubliceringsdatum : 2024-05-01\n\n{body}\n")


@pytest.fixture(scope="module")
def seed() -> ParsedRelease:
    return parse_release(read(SEED / "release.txt"), "release.txt")


@pytest.fixture(scope="module")
def seed_graph(seed: ParsedRelease):
    return release_graph(seed, MINTER)


# --- the seed release ----------------------------------------------------------------------


def test_seed_headline_date_and_canonical_body(seed: ParsedRelease) -> None:
    assert seed.headline == "Lerum deltar i Svenskt Näringslivs utvecklingsprogram"
    assert seed.date == datetime.date(2020, 2, 4)
    assert seed.slug == SEED_SLUG
    assert len(seed.body) == 2026
    digest = hashlib.sha256(seed.body.encode("utf-8")).hexdigest()
    assert digest == "b679faed5ff7c8d2e73aad11dab824d335d8875e697d8431cd0d26365deaf43e"
    assert seed.body.startswith("Ett bra företagsklimat")
    assert seed.body.endswith("regionchef Svenskt Näringsliv Västra Götaland.")


def test_seed_quotation_offsets_texts_and_speakers(seed: ParsedRelease) -> None:
    assert [(q.start, q.end) for q in seed.quotations] == [(572, 949), (1275, 1433), (1795, 1957)]
    for q in seed.quotations:
        assert seed.body[q.start:q.end] == q.text
    q1, q2, q3 = seed.quotations
    assert q1.text.startswith("Lerums kommuns företagare förtjänar Sveriges bästa")
    assert q1.text.endswith("uppmärksammas även utanför vår kommuns gränser")
    assert q2.text.startswith("Detta är ett led i vår satsning")
    assert q2.text.endswith("vi håller på att ta fram tillsammans med näringslivet")
    assert q3.text.startswith("Vi är jätteglada för att Lerum")
    assert q3.text.endswith("i deras arbete att stärka företagsklimatet")
    assert [q.speaker for q in seed.quotations] == [
        Speaker("Alexander Abenius", "kommunstyrelsens ordförande", None, "M"),
        Speaker("Åsa Qvist", "näringslivschef", "Lerums kommun", None),
        Speaker("Rudolf Antoni", "regionchef", "Svenskt Näringsliv Västra Götaland", None),
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_normalised(seed: ParsedRelease, newline: str) -> None:
    text = read(SEED / "release.txt").replace("\n", newline)
    assert parse_release(text) == seed


def test_seed_release_node(seed_graph) -> None:
    g = seed_graph
    assert (R, RDF.type, SCHEMA.NewsArticle) in g
    assert set(g.objects(R, SCHEMA.headline)) == {
        Literal("Lerum deltar i Svenskt Näringslivs utvecklingsprogram", lang="sv")
    }
    assert set(g.objects(R, SCHEMA.datePublished)) == {Literal("2020-02-04", datatype=XSD_DATE)}
    assert set(g.objects(R, SCHEMA.inLanguage)) == {Literal("sv")}
    assert set(g.objects(R, SCHEMA.genre)) == {Literal("pressmeddelande", lang="sv")}
    (body,) = g.objects(R, SCHEMA.articleBody)
    assert body.language == "sv" and len(str(body)) == 2026
    assert set(g.objects(R, SCHEMA.hasPart)) == {
        URIRef(f"{ID}quotation/{SEED_SLUG}-{n}") for n in (1, 2, 3)
    }
    assert dict(g.namespaces())["id"] == URIRef(ID)
    assert dict(g.namespaces())["schema"] == URIRef("https://schema.org/")


def test_seed_quotation_and_annotation_shapes(seed: ParsedRelease, seed_graph) -> None:
    rows = seed_graph.query(
        """
        SELECT ?q ?text ?author ?start ?end ?exact ?prefix ?suffix WHERE {
          ?q a schema:Quotation ; schema:text ?text ; schema:inLanguage "sv" ;
             schema:author ?author ; schema:isPartOf ?r ;
             prov:wasQuotedFrom ?r ; prov:wasAttributedTo ?author .
          ?a a oa:Annotation ; oa:motivatedBy oa:identifying ; oa:hasBody ?q ; oa:hasTarget ?t .
          ?t a oa:SpecificResource ; oa:hasSource ?r ; oa:hasSelector ?pos , ?quote .
          ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?quote a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
        } ORDER BY ?start
        """,
        initBindings={"r": R},
    )
    rows = list(rows)
    assert len(rows) == 3
    people = ["alexander-abenius", "asa-qvist-lerums-kommun",
              "rudolf-antoni-svenskt-naringsliv-vastra-gotaland"]
    for n, (row, span, person) in enumerate(zip(rows, seed.quotations, people, strict=True), 1):
        assert row.q == URIRef(f"{ID}quotation/{SEED_SLUG}-{n}")
        assert row.text == Literal(span.text, lang="sv")
        assert row.author == URIRef(f"{ID}person/{person}")
        assert row.start == Literal(span.start, datatype=XSD_INTEGER)
        assert row.end == Literal(span.end, datatype=XSD_INTEGER)
        assert row.exact == Literal(span.text)  # plain string
        assert row.prefix == Literal(seed.body[span.start - 32:span.start])
        assert row.suffix == Literal(seed.body[span.end:span.end + 32])
    annotation = f"{ID}annotation/{SEED_SLUG}-q1"
    target = URIRef(f"{annotation}#target")
    assert set(seed_graph.objects(target, OA.hasSelector)) == {
        URIRef(f"{annotation}#pos"), URIRef(f"{annotation}#quote")
    }
    assert str(rows[0].prefix) == "och livskraftigt näringsliv.\n\n- "
    assert str(rows[0].suffix) == ", säger Alexander Abenius (M), k"


def test_seed_people_parties_roles_and_organisations(seed_graph) -> None:
    g = seed_graph
    abenius = URIRef(f"{ID}person/alexander-abenius")
    assert (abenius, RDF.type, SCHEMA.Person) in g
    assert set(g.objects(abenius, SCHEMA.name)) == {Literal("Alexander Abenius")}
    assert set(g.objects(abenius, SCHEMA.givenName)) == {Literal("Alexander")}
    assert set(g.objects(abenius, SCHEMA.familyName)) == {Literal("Abenius")}
    moderaterna = URIRef(f"{ID}organisation/moderaterna")
    assert set(g.objects(abenius, SCHEMA.affiliation)) == {moderaterna}
    assert (moderaterna, RDF.type, SCHEMA.PoliticalParty) in g
    assert set(g.objects(moderaterna, SCHEMA.name)) == {
        Literal("Moderaterna", lang="sv"), Literal("Moderate Party", lang="en")
    }
    assert set(g.objects(moderaterna, SCHEMA.alternateName)) == {Literal("M")}

    kso = URIRef(f"{ID}role/alexander-abenius-kommunstyrelsens-ordforande")
    assert set(g.objects(abenius, SCHEMA.memberOf)) == {kso}
    assert (kso, RDF.type, SCHEMA.OrganizationRole) in g
    assert set(g.objects(kso, SCHEMA.roleName)) == {
        Literal("kommunstyrelsens ordförande", lang="sv")
    }
    assert set(g.objects(kso, PROG.roleType)) == {
        URIRef(f"{ID}concept/roller/kommunstyrelseordforande")
    }
    assert set(g.objects(kso, PROG.heldOn)) == {Literal("2020-02-04", datatype=XSD_DATE)}
    assert set(g.objects(kso, SCHEMA.memberOf)) == set()  # the text names no organisation

    qvist = URIRef(f"{ID}person/asa-qvist-lerums-kommun")
    role = URIRef(f"{ID}role/asa-qvist-naringslivschef-lerums-kommun")
    lerum = URIRef(f"{ID}organisation/lerums-kommun")
    assert set(g.objects(qvist, SCHEMA.worksFor)) == {role}
    assert (role, RDF.type, SCHEMA.EmployeeRole) in g
    assert set(g.objects(role, SCHEMA.worksFor)) == {lerum}
    assert set(g.objects(role, PROG.roleType)) == {URIRef(f"{ID}concept/roller/naringslivschef")}
    assert set(g.objects(lerum, RDF.type)) == {
        PROG.Municipality, SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea
    }
    assert set(g.objects(lerum, SCHEMA.name)) == {Literal("Lerums kommun", lang="sv")}
    assert set(g.objects(qvist, SCHEMA.affiliation)) == set()

    antoni_role = URIRef(
        f"{ID}role/rudolf-antoni-regionchef-svenskt-naringsliv-vastra-gotaland"
    )
    sn_vg = URIRef(f"{ID}organisation/svenskt-naringsliv-vastra-gotaland")
    assert (URIRef(f"{ID}person/rudolf-antoni-svenskt-naringsliv-vastra-gotaland"),
            SCHEMA.worksFor, antoni_role) in g
    assert set(g.objects(antoni_role, SCHEMA.worksFor)) == {sn_vg}
    assert set(g.objects(sn_vg, RDF.type)) == {SCHEMA.Organization}
    assert set(g.objects(sn_vg, SCHEMA.name)) == {
        Literal("Svenskt Näringsliv Västra Götaland", lang="sv")
    }
    # Concept nodes belong to the SKOS schemes, and provenance is added by the dataset build.
    assert not set(g.predicate_objects(URIRef(f"{ID}concept/roller/regionchef")))
    assert not set(g.triples((None, PROV.wasDerivedFrom, None)))


def test_every_minted_iri_is_in_the_id_space(seed_graph) -> None:
    nodes = {n for t in seed_graph for n in t if isinstance(n, URIRef)}
    ours = {n for n in nodes if str(n).startswith("http://example.org/")}
    assert ours and all(str(n).startswith(ID) for n in ours)


def test_ingest_text_equals_release_graph(seed: ParsedRelease, seed_graph) -> None:
    g = ingest_text(read(SEED / "release.txt"), MINTER)
    assert set(g) == set(seed_graph)


# --- format errors -------------------------------------------------------------------------


def test_missing_date_line_reports_its_line() -> None:
    with pytest.raises(ReleaseFormatError) as info:
        parse_release("Rubrik\n\nEtt stycke text.\n\nEtt till.\n", "release.txt")
    err = info.value
    assert (err.source, err.line) == ("release.txt", 3)
    assert isinstance(err, ValueError)
    assert str(err) == (
        "release.txt:3: no 'Publiceringsdatum : YYYY-MM-DD' line after the headline"
    )


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("", 1, "no headline"),
        ("Rubrik\n", 2, "Publiceringsdatum"),
        ("Rubrik\n\nPubliceringsdatum : 2020-02-30\n\nText.", 3, "invalid date"),
        ("Rubrik\n\nPubliceringsdatum : 4 februari 2020\n\nText.", 3, "invalid date"),
        ("Rubrik\r\n\r\n\r\nPubliceringsdatum : 2020-2-4\r\n\r\nText.", 4, "invalid date"),
        ("Rubrik\n\nPubliceringsdatum : 2020-02-04\n\n\n", 4, "no body"),
    ],
)
def test_format_errors(text: str, line: int, needle: str) -> None:
    with pytest.raises(ReleaseFormatError) as info:
        parse_release(text, "x.txt")
    assert info.value.line == line
    assert needle in info.value.message
    assert str(info.value).startswith(f"x.txt:{line}: ")


@pytest.mark.parametrize(
    "date_line", ["Publiceringsdatum : 2020-02-04", "Publiceringsdatum: 2020-02-04",
                  "Publiceringsdatum:2020-02-04", "Publiceringsdatum  :  2020-02-04 "],
)
def test_date_line_spacing_is_tolerated(date_line: str) -> None:
    parsed = parse_release(f"Rubrik\n\n{date_line}\n\nText.\n")
    assert parsed.date == datetime.date(2020, 2, 4)
    assert parsed.body == "Text."


# --- the test releases ---------------------------------------------------------------------


def expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_there_are_enough_test_releases() -> None:
    assert len(FIXTURE_FILES) >= 8
    assert any(b"\r\n" in path.read_bytes() for path in FIXTURE_FILES)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_release_fixture(path: Path) -> None:
    text = read(path)
    want = expected(path)
    parsed = parse_release(text, path.name)
    assert parsed.headline == want["headline"]
    assert parsed.date.isoformat() == want["date"]
    got = [
        {
            "speaker": q.speaker.name,
            "role_title": q.speaker.role_title,
            "organisation": q.speaker.organisation,
            "party": q.speaker.party,
            "text_starts": q.text[:30],
            "text_ends": q.text[-20:],
        }
        for q in parsed.quotations
    ]
    assert got == want["quotations"]
    previous_end = 0
    for q in parsed.quotations:
        # One segment per stretch of quoted words; the text joins them by one space.
        assert " ".join(parsed.body[a:b] for a, b in q.segments) == q.text
        assert (q.start, q.end) == (q.segments[0][0], q.segments[-1][1])
        assert q.start >= previous_end  # body order, no overlap
        previous_end = q.end
        assert q.text == q.text.strip() and q.text[:1] not in "-–—−”\"«"
        assert q.text != parsed.headline
        assert "@" not in q.text and not re.search(r"\d{3,4}-\d{2,3} ?\d", q.text)
    contact = re.search(r"^(Kontakt|För mer information)", parsed.body, re.MULTILINE)
    if contact:
        assert all(q.end <= contact.start() for q in parsed.quotations)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_release_fixture_graph(path: Path) -> None:
    parsed = parse_release(read(path))
    g = release_graph(parsed, MINTER)
    quotations = set(g.subjects(RDF.type, SCHEMA.Quotation))
    assert len(quotations) == len(parsed.quotations)
    assert len(set(g.subjects(RDF.type, OA.Annotation))) == len(parsed.quotations)
    for n, span in enumerate(parsed.quotations, 1):
        for k, (start, end) in enumerate(span.segments, 1):
            pos = URIRef(f"{ID}annotation/{parsed.slug}-q{n}#pos" + ("" if k == 1 else f"-{k}"))
            assert g.value(pos, OA.start).toPython() == start
            assert g.value(pos, OA.end).toPython() == end


def test_quoted_titles_contacts_and_headlines_are_not_quotations() -> None:
    texts = [q.text for path in FIXTURE_FILES for q in parse_release(read(path)).quotations]
    for never in ("Skolan i siffror 2023", "Lerum förr och nu", "Kompetens är vår största",
                  "Per-Erik Lundqvist", "Hanna Strand", "Det blir nog ännu fler"):
        assert not any(t.startswith(never) for t in texts), never


# --- single forms --------------------------------------------------------------------------

VERBS = ["säger", "konstaterar", "menar", "berättar", "förklarar", "betonar", "tycker", "anser",
         "understryker", "fortsätter", "poängterar", "framhåller", "avslutar", "skriver",
         "uppger", "säger vidare"]


@pytest.mark.parametrize("verb", VERBS)
def test_each_verb(verb: str) -> None:
    (q,) = parse_inline(f"- Det här är bra för Lerum, {verb} Anna Lind (S), kommunalråd.").quotations
    assert q.text == "Det här är bra för Lerum"
    assert q.speaker == Speaker("Anna Lind", "kommunalråd", None, "S")


@pytest.mark.parametrize("dash", ["-", "–", "—", "\u2212"])
@pytest.mark.parametrize("space", [" ", ""])
def test_dashes_with_and_without_space(dash: str, space: str) -> None:
    (q,) = parse_inline(f"Inledning.\n\n{dash}{space}Vi bygger nu, säger Åsa Öberg.").quotations
    assert q.text == "Vi bygger nu" and q.speaker.name == "Åsa Öberg"


@pytest.mark.parametrize(("open_", "close"), [("”", "”"), ('"', '"'), ("«", "»")])
def test_quotation_marks(open_: str, close: str) -> None:
    (q,) = parse_inline(f"{open_}Vi bygger nu{close}, säger Åsa Öberg, rektor.").quotations
    assert q.text == "Vi bygger nu" and q.speaker.role_title == "rektor"


def test_role_first_order_with_party() -> None:
    (q,) = parse_inline(
        "- Vi satsar, säger kommunstyrelsens ordförande Anna Lind (S)."
    ).quotations
    assert q.speaker == Speaker("Anna Lind", "kommunstyrelsens ordförande", None, "S")


def test_verbless_attribution_needs_a_title() -> None:
    (q,) = parse_inline(
        "- Vi samarbetar med Svenskt Näringsliv, handelskammaren och regionen, Eva Ek, "
        "miljöchef i Lerums kommun."
    ).quotations
    assert q.text == "Vi samarbetar med Svenskt Näringsliv, handelskammaren och regionen"
    assert q.speaker == Speaker("Eva Ek", "miljöchef", "Lerums kommun", None)


def test_pronoun_without_earlier_speaker_is_skipped() -> None:
    parsed = parse_inline("- Det blir bra, säger hon.\n\n- Vi ses, säger Per Ek.\n\n"
                          "- Hej då, menar hen.")
    assert [(q.text, q.speaker.name) for q in parsed.quotations] == [
        ("Vi ses", "Per Ek"), ("Hej då", "Per Ek")
    ]


def test_mid_paragraph_attribution_is_one_quotation_of_two_segments() -> None:
    parsed = parse_inline("- Det är en bra dag, säger Per Ek. Nu bygger vi vidare.")
    (q,) = parsed.quotations
    assert q.text == "Det är en bra dag Nu bygger vi vidare."
    assert [parsed.body[a:b] for a, b in q.segments] == ["Det är en bra dag", "Nu bygger vi vidare."]
    assert q.speaker.name == "Per Ek"


def test_multi_paragraph_quotation_is_one_quotation_of_one_segment_per_paragraph() -> None:
    parsed = parse_inline("Intro.\n\n- Första stycket.\n\n- Andra stycket.\n\n"
                          "Tredje stycket, säger Per Ek.")
    (q,) = parsed.quotations
    assert q.text == "Första stycket. Andra stycket. Tredje stycket"
    assert len(q.segments) == 3


def test_unattributed_quote_followed_by_narrative_is_dropped() -> None:
    assert parse_inline("- Det blir bra.\n\nBygget startar i maj.").quotations == ()


def test_selector_context_is_shorter_at_body_edges_and_omitted_when_empty() -> None:
    parsed = parse_inline("- Kort, säger Per Ek. Slut.")
    g = release_graph(parsed, MINTER)
    first = URIRef(f"{ID}annotation/{parsed.slug}-q1#quote")
    last = URIRef(f"{ID}annotation/{parsed.slug}-q1#quote-2")
    assert g.value(first, OA.prefix) == Literal("- ")
    assert g.value(last, OA.exact) == Literal("Slut.")
    assert g.value(last, OA.suffix) is None


def test_unknown_party_and_political_roles() -> None:
    parsed = parse_inline("- Bra, säger Ida Berg (SPI), ledamot i miljönämnden.\n\n"
                          "- Också bra, säger KSO Olle Ek (C).")
    g = release_graph(parsed, MINTER)
    party = URIRef(f"{ID}organisation/spi")
    assert set(g.objects(party, SCHEMA.name)) == {Literal("SPI", lang="sv")}  # shapes: @sv name
    assert set(g.objects(party, SCHEMA.alternateName)) == {Literal("SPI")}
    assert (party, RDF.type, SCHEMA.PoliticalParty) in g
    ledamot = URIRef(f"{ID}role/ida-berg-ledamot-i-miljonamnden")
    assert (ledamot, RDF.type, SCHEMA.OrganizationRole) in g
    kso = URIRef(f"{ID}role/olle-ek-kso")
    assert (URIRef(f"{ID}person/olle-ek"), SCHEMA.memberOf, kso) in g
    assert g.value(kso, PROG.roleType) == URIRef(f"{ID}concept/roller/kommunstyrelseordforande")
    assert set(g.objects(URIRef(f"{ID}organisation/centerpartiet"), SCHEMA.name)) == {
        Literal("Centerpartiet", lang="sv"), Literal("Centre Party", lang="en")
    }


@pytest.mark.parametrize(
    "header",
    ["Kontakt:\nAnna Lind, kommunikatör, 0302-52 10 00", "Kontakt\nAnna Lind, 0302-52 10 00",
     "För mer information, kontakta:", "Kontaktperson: Anna Lind", "Presskontakt:"],
)
def test_nothing_after_a_contact_block_is_quoted(header: str) -> None:
    parsed = parse_inline(f"- Först, säger Per Ek.\n\n{header}\n\n- Anna Lind, säger Per Ek.")
    assert [q.text for q in parsed.quotations] == ["Först"]


@pytest.mark.parametrize("line", ["Mer information om planen finns på webbplatsen.",
                                  "Frågor om bygglov besvaras av kundcenter."])
def test_narrative_about_information_is_not_a_contact_block(line: str) -> None:
    assert len(parse_inline(f"{line}\n\n- Bra, säger Per Ek.").quotations) == 1


def test_role_first_with_genitive_organisation_and_trailing_clauses() -> None:
    parsed = parse_inline("- Bra, säger Lerums kommuns näringslivschef Åsa Qvist.\n\n"
                          "- Ja, säger hon och ler.\n\n"
                          "- Nej, säger Per Ek, rektor, i en kommentar.")
    assert [q.speaker for q in parsed.quotations] == [
        Speaker("Åsa Qvist", "näringslivschef", "Lerums kommun", None),
        Speaker("Åsa Qvist", "näringslivschef", "Lerums kommun", None),
        Speaker("Per Ek", "rektor", None, None),
    ]


def test_quoted_title_followed_by_a_comma_is_not_taken() -> None:
    parsed = parse_inline("Rapporten ”Företagsklimat 2020”, som kom i dag, visar en uppgång.")
    assert parsed.quotations == ()


def test_tail_with_its_own_attribution() -> None:
    parsed = parse_inline("- Bra, säger Per Ek. Vi fortsätter i maj, fortsätter han. Sedan ses vi.")
    (q,) = parsed.quotations  # one speaker, one utterance: three segments
    assert q.speaker.name == "Per Ek"
    assert [parsed.body[a:b] for a, b in q.segments] == ["Bra", "Vi fortsätter i maj", "Sedan ses vi."]
