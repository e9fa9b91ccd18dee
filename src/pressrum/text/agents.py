"""People, roles, parties and organisations as RDF (modelling.md §3, §5), and who is who.

Person identity: one IRI per person across the corpus. The slug is `{name}-{org}`: the name as
written, then the organisation of the person's role as stated (`Thomas Östlund, näringslivschef,
Sollefteå kommun` → `thomas-ostlund-solleftea-kommun`), else the release's publisher, else nothing
(`alexander-abenius` in a release with no source record). So the same name in the same
organisation or municipality is one person in every release (each release dates the role by
prog:heldOn), and two people of one name in different municipalities stay two.
A stated place that names the publishing municipality ("i Nynäshamn" in a release of Nynäshamns
kommun) is the publisher. A role with no stated organisation whose title is a municipal office
(KSO, kommunalråd, näringslivschef, kommunchef, …) belongs to a publishing municipality or region.
An organisation named in lower case (a unit: "socialförvaltningen") is the publisher's own: its
slug, and so its people's, carries the publisher's (`socialforvaltningen-kiruna-kommun`).
A speaker with an organisation but no title ("Jessica Tengeland från Svenskt näringsliv") gets
schema:affiliation to it and no Role; a title no concept matches keeps only its schema:roleName.
"""

from __future__ import annotations

import datetime
import re

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from pressrum.namespaces import PROG, SCHEMA, Minter, slugify
from pressrum.text.people import Speaker
from pressrum.text.source import Publisher

# The Swedish parliamentary parties by the abbreviation used after a name, "(M)".
PARTIES: dict[str, tuple[str, str]] = {
    "S": ("Socialdemokraterna", "Social Democrats"),
    "M": ("Moderaterna", "Moderate Party"),
    "SD": ("Sverigedemokraterna", "Sweden Democrats"),
    "C": ("Centerpartiet", "Centre Party"),
    "V": ("Vänsterpartiet", "Left Party"),
    "KD": ("Kristdemokraterna", "Christian Democrats"),
    "L": ("Liberalerna", "Liberals"),
    "MP": ("Miljöpartiet", "Green Party"),
}
# Titles (lower case, as written) → concept of the `roller` scheme (ontology/schemes.ttl, whose
# prefLabels and altLabels these are; tests/test_roles.py checks the two agree).
ROLE_TYPES: dict[str, str] = {
    "kommunstyrelsens ordförande": "kommunstyrelseordforande",
    "kommunstyrelseordförande": "kommunstyrelseordforande",
    "kso": "kommunstyrelseordforande",
    "regionstyrelsens ordförande": "regionstyrelseordforande",
    "regionstyrelseordförande": "regionstyrelseordforande",
    "kommunalråd": "kommunalrad",
    "regionråd": "regionrad",
    "oppositionsråd": "oppositionsrad",
    "kommundirektör": "kommundirektor",
    "kommunchef": "kommundirektor",
    "stadsdirektör": "kommundirektor",
    "regiondirektör": "regiondirektor",
    "förvaltningschef": "forvaltningschef",
    "näringslivschef": "naringslivschef",
    "näringslivsdirektör": "naringslivschef",
    "regionchef": "regionchef",
    "kommunikatör": "kommunikator",
    "rektor": "rektor",
    "nämndens ordförande": "namndordforande",
    "nämndordförande": "namndordforande",
    "projektledare": "projektledare",
    "enhetschef": "enhetschef",
    "verksamhetschef": "verksamhetschef",
    "verkställande direktör": "verkstallande-direktor",
    "vd": "verkstallande-direktor",
}
# Title forms that name a concept by pattern: "byggnadsnämndens ordförande", "ordförande i
# kultur- och fritidsnämnden", "kommunalråd med ansvar för äldreomsorgen".
_ROLE_PATTERNS = (
    (re.compile(r"(?:[\w-]+ och )?[\w-]*nämndens ordförande"
                r"|ordförande i (?:[\w-]+ och )?[\w-]*nämnden"), "namndordforande"),
    (re.compile(r"kommunalråd\b.*"), "kommunalrad"),
    (re.compile(r"regionråd\b.*"), "regionrad"),
)
_POLITICAL = ("ordförande", "råd", "ledamot", "politiker", "kso", "vice ordförande")
# Municipal offices: without a stated organisation they belong to the publishing municipality.
_MUNICIPAL = re.compile(r"\bkso\b|kommun|stads|nämnd|styrelse|fullmäktige|råd\b|chef|direktör|"
                        r"kommunikatör|strateg|samordnare|handläggare|trädgårdsmästare")


def role_type(title: str) -> str | None:
    """Return the `roller` concept slug of a title, or None when none matches."""
    title = title.lower().strip()
    if title in ROLE_TYPES:
        return ROLE_TYPES[title]
    return next((concept for pattern, concept in _ROLE_PATTERNS if pattern.fullmatch(title)), None)


def resolve_org(speaker: Speaker, publisher: Publisher | None) -> str | None:
    """Return the name of the organisation a speaker's role belongs to, or None."""
    org = speaker.organisation
    if publisher is not None and publisher.kind in ("municipality", "region"):
        if org and _names_publisher(org, publisher):
            return publisher.name
        title = (speaker.role_title or "").lower()
        # A regionchef is an organisation's regional head (Svenskt Näringsliv), not the kommun's.
        if org is None and title and _MUNICIPAL.search(title) and role_type(title) != "regionchef":
            return publisher.name
    return org


def _names_publisher(org: str, publisher: Publisher) -> bool:
    """Return whether a stated organisation is the publisher ("Nynäshamn", "kommunen")."""
    name = publisher.name
    place = re.sub(r"s? (?:kommun|stad|region)$|^Region ", "", name)
    return org in (name, place, f"{place}s kommun", f"{place} kommun", f"Region {place}")


def org_slug(name: str, publisher: Publisher | None) -> str:
    """Return an organisation's slug; a unit named in lower case ("socialförvaltningen") is
    the publisher's own, so its slug carries the publisher's (one per municipality)."""
    if name[:1].islower() and publisher is not None:
        return f"{slugify(name)}-{slugify(publisher.name)}"
    return slugify(name)


def person_slug(speaker: Speaker, publisher: Publisher | None) -> str:
    """Return the person slug `{name}-{org}` (see the module docstring)."""
    org = resolve_org(speaker, publisher) or (publisher.name if publisher else None)
    return slugify(speaker.name) + (f"-{org_slug(org, publisher)}" if org else "")


def add_speaker(g: Graph, minter: Minter, speaker: Speaker, date: datetime.date,
                publisher: Publisher | None) -> URIRef:
    """Add the person, party, role and organisation the attribution states; return the person."""
    person = minter.id("person", person_slug(speaker, publisher))
    given, _, family = speaker.name.partition(" ")
    g.add((person, RDF.type, SCHEMA.Person))
    g.add((person, SCHEMA.name, Literal(speaker.name)))
    g.add((person, SCHEMA.givenName, Literal(given)))
    if family:
        g.add((person, SCHEMA.familyName, Literal(family)))
    if speaker.party:
        g.add((person, SCHEMA.affiliation, add_party(g, minter, speaker.party)))
    org_name = resolve_org(speaker, publisher)
    org = add_organisation(g, minter, org_name, publisher) if org_name else None
    if not speaker.role_title:
        if org is not None:  # "Jessica Tengeland från Svenskt näringsliv": no title stated
            g.add((person, SCHEMA.affiliation, org))
        return person
    title = speaker.role_title
    role_slug = f"{slugify(speaker.name)}-{slugify(title)}"
    if org_name:
        role_slug += f"-{org_slug(org_name, publisher)}"
    role = minter.id("role", role_slug)
    # Role pattern (modelling.md §5): the same property links person → Role and Role → org.
    lowered = title.lower()
    political = any(word in lowered for word in _POLITICAL)
    link = SCHEMA.memberOf if political else SCHEMA.worksFor
    g.add((role, RDF.type, SCHEMA.OrganizationRole if political else SCHEMA.EmployeeRole))
    g.add((person, link, role))
    if org is not None:
        g.add((role, link, org))
    g.add((role, SCHEMA.roleName, Literal(title, lang="sv")))
    # A title stated in a release is held on its publication date (modelling.md §5).
    g.add((role, PROG.heldOn, Literal(date.isoformat(), datatype=XSD.date)))
    if concept := role_type(title):  # a title that matches none keeps only its roleName
        g.add((role, PROG.roleType, minter.id("concept/roller", concept)))
    return person


def add_party(g: Graph, minter: Minter, abbreviation: str) -> URIRef:
    """Add the political party known by an abbreviation; a local party is kept as written."""
    names = PARTIES.get(abbreviation)
    party = minter.id("organisation", slugify(names[0] if names else abbreviation))
    g.add((party, RDF.type, SCHEMA.PoliticalParty))
    g.add((party, SCHEMA.alternateName, Literal(abbreviation)))
    if names:
        g.add((party, SCHEMA.name, Literal(names[0], lang="sv")))
        g.add((party, SCHEMA.name, Literal(names[1], lang="en")))
    else:  # unknown party: say no more than the text does
        g.add((party, SCHEMA.name, Literal(abbreviation, lang="sv")))
    return party


def add_organisation(g: Graph, minter: Minter, name: str, publisher: Publisher | None = None
                     ) -> URIRef:
    """Add an organisation by name; a kommun is body and territory (modelling.md §3)."""
    if publisher is not None and name == publisher.name:
        return add_publisher(g, minter, publisher)
    org = minter.id("organisation", org_slug(name, publisher))
    if name.endswith(" kommun"):
        for cls in (PROG.Municipality, SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea):
            g.add((org, RDF.type, cls))
    else:
        g.add((org, RDF.type, SCHEMA.Organization))
    g.add((org, SCHEMA.name, Literal(name, lang="sv")))
    return org


def add_publisher(g: Graph, minter: Minter, publisher: Publisher) -> URIRef:
    """Add the publishing organisation; a municipality with its kommunkod as data/enrichment/scb.ttl states it."""
    org = minter.id("organisation", slugify(publisher.name))
    if publisher.kind == "municipality":
        classes = (PROG.Municipality, SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea)
    elif publisher.kind == "region":
        classes = (SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea)
    else:
        classes = (SCHEMA.Organization,)
    for cls in classes:
        g.add((org, RDF.type, cls))
    g.add((org, SCHEMA.name, Literal(publisher.name, lang="sv")))
    if publisher.kind == "municipality" and publisher.code and not any(
        g.objects(org, SCHEMA.identifier)
    ):
        ident = BNode()
        g.add((org, SCHEMA.identifier, ident))
        g.add((ident, RDF.type, SCHEMA.PropertyValue))
        g.add((ident, SCHEMA.propertyID, Literal("kommunkod")))
        g.add((ident, SCHEMA.value, Literal(publisher.code)))
    return org
