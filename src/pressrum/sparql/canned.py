"""The canned queries: a catalogue read from queries.toml, and their parameters bound as RDF terms.

Datasette's canned queries, for SPARQL: each has a name, a title and a description in sv and en,
and typed parameters with defaults. A parameter's value becomes one RDF term (pyoxigraph writes it
in N-Triples syntax, escaped: RDF 1.1 N-Triples §2.4), placed in a VALUES block at the start of the
query's outer WHERE group (SPARQL 1.1 Query §10.2.1), so no value can change the query's text.

The catalogue lives beside the code in the sparql room, as package data: it is code a reviewer reads
(SPARQL), versioned with the endpoint that runs it, and tomllib reads it without a dependency.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from pressrum.http_errors import HttpError
from pressrum.namespaces import PREFIXES as NAMESPACES

CATALOGUE = Path(__file__).with_name("queries.toml")
XSD = "http://www.w3.org/2001/XMLSchema#"
# The prefixes every canned query may use, from the one namespace table.
PREFIXES = "".join(f"PREFIX {name}: <{NAMESPACES[name]}>\n"
                   for name in ("schema", "prog", "oa", "prov", "skos", "rdf", "rdfs", "xsd"))
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
TYPES = ("iri", "string", "date", "dateTime", "integer", "decimal", "boolean")


@dataclass(frozen=True)
class Parameter:
    """One parameter: its name (the SPARQL variable), type and default value (as text)."""

    name: str
    type: str
    default: str


@dataclass(frozen=True)
class CannedQuery:
    """One named query of the catalogue."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    sparql: str
    parameters: tuple[Parameter, ...] = ()
    cq: int | None = None


@lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE) -> dict[str, CannedQuery]:
    """Read the catalogue (read-only afterwards: frozen dataclasses in a cached dict)."""
    with path.open("rb") as source:
        data = tomllib.load(source)["queries"]
    catalogue = {}
    for name, entry in data.items():
        parameters = tuple(Parameter(p, spec["type"], str(spec["default"]))
                           for p, spec in entry.get("parameters", {}).items())
        for parameter in parameters:
            if parameter.type not in TYPES:
                raise ValueError(f"query {name}: parameter {parameter.name} has unknown type {parameter.type}")
        catalogue[name] = CannedQuery(name, entry["title"], entry["description"], entry["sparql"].strip(),
                                      parameters, entry.get("cq"))
    return catalogue


def term(parameter: Parameter, value: str, base: str) -> ox.NamedNode | ox.Literal:
    """Return a parameter's value as an RDF term, or raise HttpError 400 naming the parameter."""
    kind = parameter.type
    try:
        if kind == "iri":
            iri = value if urlsplit(value).scheme else base + value
            if urlsplit(iri).scheme not in ("http", "https") or re.search(r'[\s<>"{}|\\^`]', iri):
                raise ValueError("not an http(s) IRI")
            return ox.NamedNode(iri)
        if kind == "string":
            return ox.Literal(value)
        if kind == "date":
            datetime.date.fromisoformat(value)
        elif kind == "dateTime":
            datetime.datetime.fromisoformat(value)
        elif kind == "integer":
            value = str(int(value, 10))
        elif kind == "decimal":
            float(value)
            if not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
                raise ValueError("not a decimal")
        elif kind == "boolean" and value not in ("true", "false"):
            raise ValueError("not a boolean")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))
    except ValueError:
        raise HttpError(400, f"parameter {parameter.name} must be {'an' if kind == 'iri' else 'a'} {kind}, "
                             f"not {value[:60]!r}") from None


def bind(query: CannedQuery, args: dict[str, str], base: str) -> str:
    """Return the query text with its parameters bound (defaults where not given) in a VALUES block."""
    known = {p.name for p in query.parameters}
    unknown = sorted(set(args) - known)
    if unknown:
        offered = ", ".join(sorted(known)) or "none"
        raise HttpError(400, f"unknown parameter {unknown[0]} for query {query.name} (its parameters: {offered})")
    text = query.sparql
    if query.parameters:
        names = " ".join(f"?{p.name}" for p in query.parameters)
        values = " ".join(str(term(p, args.get(p.name, p.default), base)) for p in query.parameters)
        match = _WHERE.search(text)
        if match is None:
            raise ValueError(f"query {query.name} has parameters but no WHERE group")
        text = f"{text[:match.end()]}\n  VALUES ({names}) {{ ({values}) }}{text[match.end():]}"
    return PREFIXES + text


SH = "http://www.w3.org/ns/shacl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def catalogue_triples(subject: ox.NamedNode, queries_url: str) -> list[ox.Triple]:
    """Describe each canned query as a SHACL SPARQL executable (SHACL §5.1: sh:select, sh:ask).

    `subject` (the service, or the dataset) points at each with rdfs:seeAlso; each query's IRI is
    its URL, `queries_url` + its name.
    """
    triples = [ox.Triple(subject, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(queries_url))]
    for query in load_catalogue().values():
        node = ox.NamedNode(queries_url + "/" + query.name)
        ask = query.sparql.lstrip().upper().startswith("ASK")
        triples += [
            ox.Triple(subject, ox.NamedNode(RDFS + "seeAlso"), node),
            ox.Triple(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(SH + ("SPARQLAskExecutable" if ask else "SPARQLSelectExecutable"))),
            ox.Triple(node, ox.NamedNode(SH + ("ask" if ask else "select")), ox.Literal(PREFIXES + query.sparql)),
        ]
        for lang in ("sv", "en"):
            triples.append(ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal(query.title[lang], language=lang)))
            triples.append(ox.Triple(node, ox.NamedNode(RDFS + "comment"),
                                     ox.Literal(query.description[lang], language=lang)))
    return triples
