"""The researcher query mix (issue 5 §4a): natural SPARQL, no GRAPH clauses or DISTINCT tricks.

Each query names entities that exist at every N: the first municipality (the one that publishes most),
its chair, the first release, and the programme of the first programme release.
"""

from __future__ import annotations

from functools import lru_cache

from pressrum.benchmark import pools
from pressrum.benchmark.generator import Corpus
from pressrum.namespaces import Minter

PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX prog: <https://w3id.org/pressrum/def/prog#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

QUERIES: dict[str, str] = {
    "releases_of_municipality_in_range": """
SELECT ?release ?date ?headline WHERE {
  ?release a schema:NewsArticle ; schema:publisher <$municipality> ;
           schema:datePublished ?date ; schema:headline ?headline .
  FILTER (?date >= "2017-01-01"^^xsd:date && ?date < "2021-01-01"^^xsd:date)
} ORDER BY ?date ?release""",
    "quotes_by_person": """
SELECT ?quotation ?text ?date WHERE {
  ?quotation a schema:Quotation ; schema:author <$person> ; schema:text ?text ; schema:isPartOf ?release .
  ?release schema:datePublished ?date .
} ORDER BY ?date ?quotation""",
    "programmes_with_participant_counts": """
SELECT ?programme ?name ?stated (COUNT(?municipality) AS ?named) WHERE {
  ?programme a prog:DevelopmentProgramme ; schema:name ?name ; prog:numberOfParticipants ?stated ;
             prog:participant ?municipality .
  FILTER (LANG(?name) = "sv")
} GROUP BY ?programme ?name ?stated ORDER BY DESC(?named) ?programme""",
    "municipalities_of_programme_with_region": """
SELECT ?municipality ?name ?region ?regionName WHERE {
  <$programme> prog:participant ?municipality .
  ?municipality schema:name ?name ; schema:containedInPlace ?region .
  ?region schema:name ?regionName .
  FILTER (LANG(?name) = "sv" && LANG(?regionName) = "sv")
} ORDER BY ?name""",
    "text_search_contains": """
SELECT ?quotation ?text WHERE {
  ?quotation a schema:Quotation ; schema:text ?text .
  FILTER (CONTAINS(?text, "Vi är stolta över att äldreomsorgen"))
} ORDER BY ?quotation""",
    "text_search_regex": """
SELECT ?quotation ?text WHERE {
  ?quotation a schema:Quotation ; schema:text ?text .
  FILTER (REGEX(?text, "bästa kommuner på (äldreomsorgen|kollektivtrafiken)", "i"))
} ORDER BY ?quotation""",
    "describe_person": "DESCRIBE <$person>",
    "construct_release": """
CONSTRUCT { <$release> ?p ?o . ?part ?pp ?po } WHERE {
  { <$release> ?p ?o } UNION { <$release> schema:hasPart ?part . ?part ?pp ?po }
}""",
    "quotes_by_year_and_party": """
SELECT ?year ?party (COUNT(?quotation) AS ?quotes) WHERE {
  ?quotation a schema:Quotation ; schema:author ?person ; schema:isPartOf ?release .
  ?release schema:datePublished ?date .
  ?person schema:affiliation ?organisation .
  ?organisation schema:alternateName ?party .
} GROUP BY (YEAR(?date) AS ?year) ?party ORDER BY ?year ?party""",
    "roles_by_role_type": """
SELECT ?label (COUNT(?role) AS ?roles) WHERE {
  ?role prog:roleType ?concept .
  ?concept skos:prefLabel ?label .
  FILTER (LANG(?label) = "sv")
} GROUP BY ?label ORDER BY DESC(?roles) ?label""",
}


@lru_cache(maxsize=8)
def parameters(base: str) -> dict[str, str]:
    """Return the IRIs the queries name, for a base IRI."""
    minter = Minter(base)
    muni = pools.municipalities()[0]
    kso = pools.people()[0][muni.index][0]
    corpus = Corpus(base)
    release = programme = None
    for i in range(10_000):
        lines = corpus.release(i)
        if release is None:
            release = next(line.split(" ", 1)[0][1:-1] for line in lines if "schema.org/NewsArticle>" in line)
        found = [line.split(" ", 1)[0][1:-1] for line in lines if "pressrum/def/prog#DevelopmentProgramme>" in line]
        if found:
            programme = found[0]
            break
    return {"municipality": str(minter.id("organisation", muni.slug)), "person": str(minter.id("person", kso.slug)),
            "release": release, "programme": programme}


def query_mix(base: str) -> dict[str, str]:
    """Return the query mix with its parameters filled in."""
    values = parameters(base)
    mix = {}
    for name, text in QUERIES.items():
        for key, value in values.items():
            text = text.replace(f"${key}", value)
        mix[name] = PREFIXES + text.strip() + "\n"
    return mix
