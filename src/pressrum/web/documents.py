"""The graph that describes one entity, and its serialisation in every RDF format.

A document holds the entity's own triples (and those of its hash IRIs, e.g. `…-q1#pos`) with their
blank-node closure, the labels and types of what it links to, and what links to it with those
subjects' labels and types. Only standard SPARQL 1.1 is used, so a remote store answers it too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from pressrum.formats import JSONLD, Format
from pressrum.jsonld import jsonld
from pressrum.store import Store
from pressrum.store import links as link_index

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# What names a thing, in the order a page prefers them.
LABEL_PREDICATES = (
    "https://schema.org/name",
    "https://schema.org/headline",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://schema.org/roleName",
    # Things without a name are known by their words: a quotation or claim by its text, a goal by
    # its description. Last, so that a name always wins.
    "https://schema.org/text",
    "https://schema.org/description",
)
# How deep a chain of blank nodes is followed (SPARQL paths cannot stop at IRIs, so we unroll).
BNODE_DEPTH = 4
# Most inverse links a document carries. A role-type concept or a party is the object of thousands
# of triples in a national corpus; like Wikidata's and Pubby's pages, a document shows the first
# ones and points to SPARQL for the rest, so that its cost stays bounded.
MAX_INVERSE_LINKS = link_index.PAGE_SIZE
HYDRA = "http://www.w3.org/ns/hydra/core#"
INVERSE, OWN = link_index.INVERSE, link_index.OWN


_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _iri(value: str) -> str:
    """Return an IRI as a SPARQL term, refusing characters an IRIREF may not hold."""
    if _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid SPARQL STRING_LITERAL2


def _values(variable: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(_iri(i) for i in iris)} }}"


def _closure_query(iri: str) -> str:
    """Return the CONSTRUCT of the entity's and its hash IRIs' triples, with blank-node closure.

    Virtuoso 7.2's compiler fails on `BIND(?b AS ?s)` beside a FILTER on ?b ("sparp_gp_deprecate():
    equiv replaces filter"): a chain's last node is ?s itself.
    pyoxigraph runs this form as fast as the one before (205 documents: 41 ms, was 45 ms).
    """
    hash_prefix = _string(iri + "#")
    is_hash = "isIRI(?{v}) && STRSTARTS(STR(?{v}), {p})"
    chains = []
    for depth in range(1, BNODE_DEPTH + 1):
        nodes = [f"?b{i}" for i in range(depth)] + ["?s"]
        steps = " . ".join(f"{nodes[i - 1]} ?l{i} {nodes[i]}" for i in range(1, depth + 1))
        blanks = " && ".join(f"isBlank({n})" for n in nodes[1:])
        chains.append(f"{{ {steps} . ?s ?p ?o . FILTER({blanks}) }}")
    return f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT DISTINCT ?b0 WHERE {{
      {{ BIND({_iri(iri)} AS ?b0) }}
      UNION {{ {_iri(iri)} ?h1 ?b0 . FILTER({is_hash.format(v="b0", p=hash_prefix)}) }}
      UNION {{ {_iri(iri)} ?h1 ?x . ?x ?h2 ?b0 .
               FILTER({is_hash.format(v="x", p=hash_prefix)} && {is_hash.format(v="b0", p=hash_prefix)}) }}
  }} }}
  {{ ?b0 ?p ?o . BIND(?b0 AS ?s) }}
  UNION {' UNION '.join(chains)}
}}"""


def _own(iri: str, predicates: Iterable[str], p: str, o: str) -> str:
    """Return a UNION reading the entity's values of each given property (an index lookup each)."""
    return "{ " + " UNION ".join(f"{{ {_iri(iri)} {_iri(x)} ?{o} BIND({_iri(x)} AS ?{p}) }}"
                                 for x in sorted(predicates)) + " }"


def _bounded_closure_query(iri: str, kept: Iterable[str]) -> str:
    """Return the CONSTRUCT of _closure_query, reading only the `kept` properties of the entity itself.

    A hub's paged properties come from the link index a page at a time; reading them here would
    scan all of them (and the chains join each value: 442 ms for a role type's 6,338
    prov:wasDerivedFrom at 10,000 releases).
    """
    kept = sorted(kept) or [RDF_TYPE]
    hash_prefix = _string(iri + "#")
    is_hash = "isIRI(?{v}) && STRSTARTS(STR(?{v}), {p})"
    chains, own_chains = [], []
    for depth in range(1, BNODE_DEPTH + 1):
        nodes = [f"?b{i}" for i in range(depth)] + ["?s"]
        steps = " . ".join(f"{nodes[i - 1]} ?l{i} {nodes[i]}" for i in range(1, depth + 1))
        blanks = " && ".join(f"isBlank({n})" for n in nodes[1:])
        chains.append(f"{{ {steps} . ?s ?p ?o . FILTER({blanks}) }}")
        rest = " . ".join(f"{nodes[i - 1]} ?l{i} {nodes[i]}" for i in range(2, depth + 1))
        first = _own(iri, kept, "l1", nodes[1].lstrip("?"))
        own_chains.append(f"{{ {first} {rest + ' .' if rest else ''} ?s ?p ?o . FILTER({blanks}) }}")
    return f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ {_own(iri, kept, "p", "o")} BIND({_iri(iri)} AS ?s) }}
  UNION {' UNION '.join(own_chains)}
  UNION {{
    {{ SELECT DISTINCT ?b0 WHERE {{
        {{ {_own(iri, kept, "h1", "b0")} FILTER({is_hash.format(v="b0", p=hash_prefix)}) }}
        UNION {{ {_own(iri, kept, "h1", "x")} ?x ?h2 ?b0 .
                 FILTER({is_hash.format(v="x", p=hash_prefix)} && {is_hash.format(v="b0", p=hash_prefix)}) }}
    }} }}
    {{ ?b0 ?p ?o . BIND(?b0 AS ?s) }}
    UNION {' UNION '.join(chains)}
  }}
}}"""


def _inverse_query(iri: str, roots: Iterable[str], max_inverse: int) -> str:
    """Return the SELECT of the first triples that point at the entity or its hash IRIs."""
    hash_prefix = _string(iri + "#")
    # No ORDER BY: sorting every inverse link of a busy entity costs more than the whole page.
    return f"""
SELECT ?i ?ip ?root WHERE {{
  {_values("root", roots)} ?i ?ip ?root .
  FILTER(!(isIRI(?i) && (?i = {_iri(iri)} || STRSTARTS(STR(?i), {hash_prefix}))))
}} LIMIT {int(max_inverse)}"""


def each_predicate(subject: str, predicates: Iterable[str], value: str, predicate: str | None = None) -> str:
    """Return a UNION with one branch per predicate, each an index lookup of (subject, predicate).

    pyoxigraph 0.5.13 plans `VALUES ?x {…} VALUES ?p {…} ?x ?p ?o` badly (17-24 ms for a few
    vocabulary terms), and `?x ?p ?o FILTER(?p IN (…))` reads every triple of ?x, which for a
    municipality or its chair is thousands of prov:wasDerivedFrom at 10,000 releases (a release's
    labels: 14.8 ms that way, 1.4 ms this way)."""
    bind = (lambda p: f" BIND({_iri(p)} AS ?{predicate})") if predicate else (lambda p: "")
    return " UNION ".join(f"{{ ?{subject} {_iri(p)} ?{value}{bind(p)} }}" for p in predicates)


def _labels_query(things: Iterable[str]) -> str:
    """Return the CONSTRUCT of the types and labels of the given IRIs (see each_predicate)."""
    return f"""
CONSTRUCT {{ ?x ?p ?o }} WHERE {{
  {_values("x", things)} {{ {each_predicate("x", (RDF_TYPE, *LABEL_PREDICATES), "o", "p")} }}
}}"""


def inverse_link_count(store: Store, iri: str, roots: Iterable[str] = ()) -> int:
    """Return how many triples point at `iri` (or the given hash IRIs of it) from elsewhere.

    The roots are named (as the inverse links' query names them), so the count is an index lookup
    per root; a FILTER on every object of the store took 0.6 s at 1000 releases."""
    hash_prefix = _string(iri + "#")
    query = f"""SELECT (COUNT(*) AS ?n) WHERE {{
  {_values("root", sorted({iri, *roots}))} ?i ?ip ?root .
  FILTER(!(isIRI(?i) && (?i = {_iri(iri)} || STRSTARTS(STR(?i), {hash_prefix})))) }}"""
    row = next(iter(store.query(query)), None)
    return int(row["n"].value) if row is not None else 0


def _triples(result: Any) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in result]


@dataclass
class DocumentPage:
    """One page of an entity's document: its triples, where it is in the pages, and the link counts."""

    triples: list[ox.Triple]
    page: int = 1
    pages: int = 1
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # own/inverse → property → links


def hub_entry(store: Store, iri: str, index: Path | None) -> link_index.Entry | None:
    """Return the link-index entry of a hub (None for a document that is not one).

    Without an index (a store with no content hash) the entry is read from the store itself.
    """
    if index is None:
        entry = link_index.entry_for(store, iri)
        return entry if entry.links else None
    return link_index.read_entry(index, iri)


def page_count(store: Store, iri: str, index: Path | None) -> int:
    """Return how many pages the document of `iri` has."""
    entry = hub_entry(store, iri, index)
    return entry.pages if entry is not None else 1


def entity_document(store: Store, iri: str, max_inverse: int = MAX_INVERSE_LINKS) -> list[ox.Triple]:
    """Return the first page of the document graph of `iri` (empty when the store knows nothing of it)."""
    return document_page(store, iri).triples


def document_page(store: Store, iri: str, page: int = 1, index: Path | None = None,
                  entry: link_index.Entry | None = None) -> DocumentPage:
    """Return one page of the document of `iri`: bounded own triples, a window of the paged links, labels.

    A hub (in the link index) gets the page's window of its paged values and inverse links, in the
    index's order; any other document has at most PAGE_SIZE inverse links, read and sorted here.
    """
    entry = entry if entry is not None else hub_entry(store, iri, index)
    kept = entry.counts.get(link_index.KEPT, {}) if entry is not None else {}
    paged_own = entry is not None and bool(entry.counts.get(link_index.OWN))
    own = _triples(store.query(_bounded_closure_query(iri, kept) if paged_own else _closure_query(iri)))
    hash_prefix = iri + "#"
    roots = {iri} | {str(t.subject.value) for t in own
                     if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(hash_prefix)}
    if entry is None:
        inverse = sorted((ox.Triple(row["i"], row["ip"], row["root"]) for row in
                          store.query(_inverse_query(iri, sorted(roots), MAX_INVERSE_LINKS + 1))), key=_link_order)
        if len(inverse) <= MAX_INVERSE_LINKS:
            counts = {link_index.INVERSE: link_index._count(t.predicate.value for t in inverse)}
            return _with_labels(store, iri, own, roots, inverse, DocumentPage([], page, 1, counts))
        # A hub the index missed (hash IRIs that pass the mark only together): read its entry here.
        entry = link_index.entry_for(store, iri, roots)
    window = [line for direction in (link_index.OWN, link_index.INVERSE)
              for line in (link_index.window_of(entry, direction, page) if index is None or entry.links
                           else link_index.read_window(index, iri, direction, page))]
    paged = _triples(ox.parse("\n".join(window).encode(), format=ox.RdfFormat.N_TRIPLES)) if window else []
    inverse = [t for t in paged if t.subject.value != iri]
    own += [t for t in paged if t.subject.value == iri]
    result = DocumentPage([], page, entry.pages,
                          {d: entry.counts.get(d, {}) for d in (link_index.OWN, link_index.INVERSE)})
    return _with_labels(store, iri, own, roots, inverse, result)


def paging_triples(doc_url: str, page: int, pages: int, total: int) -> list[ox.Triple]:
    """Return the Hydra description of one page of a paged document (none for a one-page document).

    Hydra Core §5.4 (PartialCollectionView, as Triple Pattern Fragments page theirs): the document
    is a collection of its paged links, each page a view with first, last, previous and next.
    """
    if pages <= 1:
        return []
    node, h = ox.NamedNode, (lambda name: ox.NamedNode(HYDRA + name))
    doc, view = node(doc_url), node(f"{doc_url}?page={page}")
    triples = [ox.Triple(doc, node(RDF_TYPE), h("Collection")), ox.Triple(doc, h("view"), view),
               ox.Triple(doc, h("totalItems"), ox.Literal(str(total), datatype=node(
                   "http://www.w3.org/2001/XMLSchema#integer"))),
               ox.Triple(view, node(RDF_TYPE), h("PartialCollectionView")),
               ox.Triple(view, h("first"), node(f"{doc_url}?page=1")),
               ox.Triple(view, h("last"), node(f"{doc_url}?page={pages}"))]
    if page > 1:
        triples.append(ox.Triple(view, h("previous"), node(f"{doc_url}?page={page - 1}")))
    if page < pages:
        triples.append(ox.Triple(view, h("next"), node(f"{doc_url}?page={page + 1}")))
    return triples


def _link_order(t: ox.Triple) -> tuple:
    """Return the index's order of an inverse link: property, object, then subject (IRIs first)."""
    return (t.predicate.value, t.object.value, link_index.order(t.subject))


def _with_labels(store: Store, iri: str, own: list[ox.Triple], roots: set[str], inverse: list[ox.Triple],
                 result: DocumentPage) -> DocumentPage:
    """Fill in the page's triples: own and inverse ones, with the labels and types of what they link."""
    # Label and type the things it links to; a thing derived from hundreds of releases links to
    # each, so the lookups are capped like the inverse links (the links themselves all stay).
    linked = sorted({t.object.value for t in own
                     if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE
                     and t.object.value not in roots})[:2 * MAX_INVERSE_LINKS]
    described = set(linked) | {t.subject.value for t in inverse if isinstance(t.subject, ox.NamedNode)}
    context = _triples(store.query(_labels_query(sorted(described)))) if described else []
    result.triples = sort_triples(own + inverse + context, iri)
    return result


def sort_triples(triples: Iterable[ox.Triple], first: str | None = None) -> list[ox.Triple]:
    """Return the triples once each, `first`'s before the rest, grouped by subject (stable output)."""
    return sorted(set(triples), key=lambda t: (t.subject.value != first, isinstance(t.subject, ox.BlankNode),
                                               str(t.subject), str(t.predicate), str(t.object)))


def construct(store: Store, sparql: str) -> list[ox.Triple]:
    """Run a CONSTRUCT and return its triples, each once."""
    return sort_triples(_triples(store.query(sparql)))


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    """Return the triples as an rdflib graph (via N-Triples, which both speak exactly)."""
    graph = Graph()
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def serialise(triples: list[ox.Triple], fmt: Format, prefixes: dict[str, str],
              context_url: str) -> bytes:
    """Serialise a graph in an RDF format of the table (pyoxigraph; JSON-LD compacted here)."""
    if fmt is JSONLD:
        return jsonld(triples, context_url)
    if fmt.oxigraph is ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
    return ox.serialize(triples, format=fmt.oxigraph)
