"""Read one Swedish municipal press release and turn it into RDF (modelling.md §2–5, §9–10)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from pressrum.namespaces import OA, PROG, SCHEMA, Minter, slugify
from pressrum.text.annotations import annotate_span
from pressrum.text.attribution import QuotationSpan, Speaker, find_quotations

__all__ = [
    "ParsedRelease", "QuotationSpan", "ReleaseFormatError", "Speaker", "ingest_text",
    "parse_release", "release_graph",
]

_DATE_LINE = re.compile(r"\s*publiceringsdatum\s*:\s*(?P<value>.*?)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK = re.compile(r"\n[ \t\u00a0]*\n\s*")

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
# Titles naming one concept in the `roller` scheme (modelling.md §5: altLabels of the KSO concept).
ROLE_CONCEPT_ALIASES = {
    "kommunstyrelsens ordförande": "kommunstyrelseordforande",
    "kommunstyrelseordförande": "kommunstyrelseordforande",
    "kso": "kommunstyrelseordforande",
}
_POLITICAL = ("ordförande", "kommunalråd", "oppositionsråd", "ledamot")


class ReleaseFormatError(ValueError):
    """A release text that does not follow the expected layout."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message


@dataclass(frozen=True)
class ParsedRelease:
    """The headline, date, canonical body and quotations of one release."""

    headline: str
    date: datetime.date
    body: str
    quotations: tuple[QuotationSpan, ...]

    @property
    def slug(self) -> str:
        """Return the release slug `{yyyy-mm-dd}-{headline-slug}` (modelling.md §9)."""
        return f"{self.date.isoformat()}-{slugify(self.headline)}"


def parse_release(text: str, source: str = "<string>") -> ParsedRelease:
    """Parse a release text: headline, `Publiceringsdatum : YYYY-MM-DD`, body paragraphs."""
    # Offsets count code points of the NFC text with \n line ends (modelling.md §15.2).
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.removeprefix("\ufeff").split("\n")
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise ReleaseFormatError(source, 1, "empty release: no headline")
    (_, headline), *rest = numbered
    date_no = rest[0][0] if rest else len(text.splitlines()) + 1
    match = _DATE_LINE.fullmatch(rest[0][1]) if rest else None
    if not match:
        raise ReleaseFormatError(
            source, date_no, "no 'Publiceringsdatum : YYYY-MM-DD' line after the headline"
        )
    value = match.group("value")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise ReleaseFormatError(
            source, date_no, f"invalid date {value!r} (expected YYYY-MM-DD)"
        ) from None
    # The canonical body (modelling.md §2): the paragraphs after the date line, each stripped,
    # joined by a blank line, with no leading or trailing whitespace.
    after = "\n".join(lines[date_no:])
    paragraphs = [p.strip() for p in _BLANK.split(after) if p.strip()]
    if not paragraphs:
        raise ReleaseFormatError(source, date_no + 1, "no body paragraphs after the date line")
    body = "\n\n".join(paragraphs)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 2
    quotations = tuple(find_quotations(body, starts))
    return ParsedRelease(headline, date, body, quotations)


def ingest_text(text: str, minter: Minter, source: str = "<string>") -> Graph:
    """Parse a release text and return the graph it yields."""
    return release_graph(parse_release(text, source), minter)


def release_graph(parsed: ParsedRelease, minter: Minter) -> Graph:
    """Return the RDF that the text of one release yields, without provenance triples."""
    g = Graph()
    for prefix, namespace in minter.prefixes().items():
        g.bind(prefix, namespace, override=True, replace=True)
    release = minter.id("release", parsed.slug)
    g.add((release, RDF.type, SCHEMA.NewsArticle))
    g.add((release, SCHEMA.headline, Literal(parsed.headline, lang="sv")))
    g.add((release, SCHEMA.datePublished, Literal(parsed.date.isoformat(), datatype=XSD.date)))
    g.add((release, SCHEMA.inLanguage, Literal("sv")))
    g.add((release, SCHEMA.genre, Literal("pressmeddelande", lang="sv")))
    g.add((release, SCHEMA.articleBody, Literal(parsed.body, lang="sv")))
    for n, quotation in enumerate(parsed.quotations, 1):
        person = _add_speaker(g, minter, quotation.speaker, parsed.date)
        _add_quotation(g, minter, parsed, release, n, quotation, person)
    return g


def _add_quotation(
    g: Graph, minter: Minter, parsed: ParsedRelease, release: URIRef, n: int,
    quotation: QuotationSpan, person: URIRef,
) -> None:
    """Add quotation n with its Web Annotation and selectors (modelling.md §4)."""
    q = minter.id("quotation", f"{parsed.slug}-{n}")
    g.add((release, SCHEMA.hasPart, q))
    g.add((q, RDF.type, SCHEMA.Quotation))
    g.add((q, SCHEMA.text, Literal(quotation.text, lang="sv")))
    g.add((q, SCHEMA.inLanguage, Literal("sv")))
    g.add((q, SCHEMA.author, person))
    g.add((q, SCHEMA.isPartOf, release))
    g.add((q, PROV.wasQuotedFrom, release))
    g.add((q, PROV.wasAttributedTo, person))
    annotation = minter.id("annotation", f"{parsed.slug}-q{n}")
    annotate_span(g, annotation, q, release, parsed.body, quotation.start, quotation.end, OA.identifying)


def _add_speaker(g: Graph, minter: Minter, speaker: Speaker, date: datetime.date) -> URIRef:
    """Add the person, party, role and organisation the attribution states; return the person."""
    person_slug = slugify(speaker.name)
    person = minter.id("person", person_slug)
    given, _, family = speaker.name.partition(" ")
    g.add((person, RDF.type, SCHEMA.Person))
    g.add((person, SCHEMA.name, Literal(speaker.name)))
    g.add((person, SCHEMA.givenName, Literal(given)))
    if family:
        g.add((person, SCHEMA.familyName, Literal(family)))
    if speaker.party:
        g.add((person, SCHEMA.affiliation, _add_party(g, minter, speaker.party)))
    if not speaker.role_title:
        return person
    org = _add_organisation(g, minter, speaker.organisation) if speaker.organisation else None
    title = speaker.role_title
    role_slug = f"{person_slug}-{slugify(title)}"
    if speaker.organisation:
        role_slug += f"-{slugify(speaker.organisation)}"
    role = minter.id("role", role_slug)
    # Role pattern (modelling.md §5): the same property links person → Role and Role → org.
    lowered = title.lower()
    political = lowered == "kso" or any(word in lowered for word in _POLITICAL)
    link = SCHEMA.memberOf if political else SCHEMA.worksFor
    g.add((role, RDF.type, SCHEMA.OrganizationRole if political else SCHEMA.EmployeeRole))
    g.add((person, link, role))
    if org is not None:
        g.add((role, link, org))
    g.add((role, SCHEMA.roleName, Literal(title, lang="sv")))
    # A title stated in a release is held on its publication date (modelling.md §5).
    g.add((role, PROG.heldOn, Literal(date.isoformat(), datatype=XSD.date)))
    concept = ROLE_CONCEPT_ALIASES.get(lowered, slugify(title))
    g.add((role, PROG.roleType, minter.id("concept/roller", concept)))
    return person


def _add_party(g: Graph, minter: Minter, abbreviation: str) -> URIRef:
    """Add the political party known by an abbreviation; return its node."""
    names = PARTIES.get(abbreviation)
    party = minter.id("organisation", slugify(names[0] if names else abbreviation))
    g.add((party, RDF.type, SCHEMA.PoliticalParty))
    g.add((party, SCHEMA.alternateName, Literal(abbreviation)))
    if names:
        g.add((party, SCHEMA.name, Literal(names[0], lang="sv")))
        g.add((party, SCHEMA.name, Literal(names[1], lang="en")))
    else:  # unknown party: say no more than the text does
        g.add((party, SCHEMA.name, Literal(abbreviation)))
    return party


def _add_organisation(g: Graph, minter: Minter, name: str) -> URIRef:
    """Add an organisation named in an attribution; a kommun is body and territory (§3)."""
    org = minter.id("organisation", slugify(name))
    if name.endswith(" kommun"):
        for cls in (PROG.Municipality, SCHEMA.GovernmentOrganization, SCHEMA.AdministrativeArea):
            g.add((org, RDF.type, cls))
    else:
        g.add((org, RDF.type, SCHEMA.Organization))
    g.add((org, SCHEMA.name, Literal(name, lang="sv")))
    return org
