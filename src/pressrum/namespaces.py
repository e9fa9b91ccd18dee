"""Namespaces, the prefix map and IRI minting from the dataset base IRI."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

# The vocabulary namespace is fixed for every deployment (modelling.md §9).
PROG = Namespace("https://w3id.org/pressrum/def/prog#")
PROG_ONTOLOGY = URIRef("https://w3id.org/pressrum/def/prog")
# schema.org with https, as rdflib's SDO and the schema.org FAQ prefer (modelling.md §1).
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
VANN = Namespace("http://purl.org/vocab/vann/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
# Provenance, Authoring and Versioning 2.3: pav:retrievedFrom ⊑ prov:wasDerivedFrom, pav:retrievedOn.
PAV = Namespace("http://purl.org/pav/")

PREFIXES: dict[str, str] = {
    "schema": str(SCHEMA),
    "prog": str(PROG),
    "oa": str(OA),
    "prov": str(PROV),
    "pav": str(PAV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "void": str(VOID),
    "dcat": str(DCAT),
    "org": str(ORG),
    "wd": str(WD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "vann": str(VANN),
    "sd": str(SD),
}

DEFAULT_BASE_URI = "http://localhost:8080/"

# The kinds of minted IRI (modelling.md §9); `concept` takes a scheme segment as well.
KINDS = (
    "release", "quotation", "annotation", "claim", "person", "organisation", "place", "role",
    "programme", "event", "participation", "goal", "initiative", "plan", "mentorship", "scheme",
    "concept", "audience",
)

_TRANSLITERATION = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Return the slug of a name: NFC, lower case, å/ä/ö folded, other runs to '-'."""
    folded = unicodedata.normalize("NFC", name).lower().translate(_TRANSLITERATION)
    return _NON_SLUG.sub("-", folded).strip("-")


def normalise_base(base: str) -> str:
    """Return the base IRI with exactly one trailing slash."""
    if not re.match(r"^https?://[^/\s]+", base):
        raise ValueError(f"base IRI must be an absolute http(s) IRI, got {base!r}")
    return base.rstrip("/") + "/"


@dataclass(frozen=True)
class Minter:
    """Mint dataset IRIs `{base}id/{kind}/{slug}` and graph names under one base."""

    base: str = DEFAULT_BASE_URI

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", normalise_base(self.base))

    def id(self, kind: str, slug: str) -> URIRef:
        """Return the IRI of an entity of `kind` with `slug`."""
        if kind.split("/", 1)[0] not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        return URIRef(f"{self.base}id/{kind}/{slug}")

    def graph(self, family: str, slug: str) -> URIRef:
        """Return the name of a named graph, e.g. graph('release', slug)."""
        return URIRef(f"{self.base}graph/{family}/{slug}")

    @property
    def id_space(self) -> str:
        """Return the prefix under which every entity IRI is minted."""
        return f"{self.base}id/"

    def prefixes(self) -> dict[str, str]:
        """Return the prefix map including the dataset's own id namespace."""
        return {**PREFIXES, "id": self.id_space}
