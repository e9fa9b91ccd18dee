"""A document graph as the templates show it: terms, properties and inverse links, labelled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import request

from pressrum.build.publication import Publication
from pressrum.namespaces import PROG
from pressrum.web.documents import LABEL_PREDICATES
from pressrum.web.labels import RDF, local_name, pick, store_labels, term_label
from pressrum.web.memo import once_per_dataset

PROG_NS = str(PROG)


@dataclass
class Term:
    """An RDF term as a page shows it."""

    kind: str                     # "iri", "literal" or "bnode"
    value: str
    label: str
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None
    properties: list[Property] = field(default_factory=list)  # a blank node's own, nested


@dataclass
class Property:
    """A predicate with its values, labelled."""

    iri: str
    label: str
    values: list[Term]
    href: str | None = None


def href_for(iri: str, pub: Publication) -> str:
    """Return where a link to an IRI goes: our entities to their page, prog: terms to /def/prog."""
    root = request.script_root
    if iri.startswith(pub.minter.id_space):
        bare, hash_, fragment = iri.partition("#")
        return f"{root}/doc/{bare[len(pub.minter.id_space):]}" + (f"#{fragment}" if hash_ else "")
    if iri.startswith(PROG_NS):
        return f"{root}/def/prog#{iri[len(PROG_NS):]}"
    if iri.startswith(pub.minter.base + "dataset"):
        return f"{root}/dataset" + iri[len(pub.minter.base + "dataset"):]
    if iri.startswith(pub.minter.base):
        return root + "/" + iri[len(pub.minter.base):]
    # Only web IRIs become links: a javascript: or data: IRI in the data is shown, never followed.
    return iri if iri.lower().startswith(("http://", "https://")) else ""


class Describer:
    """Turn a document graph into what the templates show, labelled in one language."""

    def __init__(self, pub: Publication, triples: list[ox.Triple], lang: str) -> None:
        self.pub, self.lang = pub, lang
        self.by_subject: dict[Any, list[ox.Triple]] = defaultdict(list)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        rank = {predicate: n for n, predicate in enumerate(LABEL_PREDICATES)}
        best: dict[tuple[str, str], int] = {}
        for t in triples:
            self.by_subject[t.subject].append(t)
            if t.predicate.value in rank and isinstance(t.object, ox.Literal):
                key = (t.subject.value, t.object.language or "")
                if rank[t.predicate.value] < best.get(key, len(rank)):  # the most preferred predicate wins
                    best[key] = rank[t.predicate.value]
                    self.labels[key[0]][key[1]] = _short_label(t.object.value)
        vocabulary = {t.predicate.value for t in triples} | {
            t.object.value for t in triples if t.predicate.value == RDF + "type"}
        self.terms = vocabulary_labels(pub, vocabulary)

    def label_of(self, iri: str) -> str:
        """Return the best label of an IRI in the reader's language."""
        return pick(self.labels.get(iri), self.lang) or term_label(iri, self.lang, self.terms)

    def term(self, node: Any, depth: int = 0) -> Term:
        """Return a term, a blank node with its own properties (bounded depth)."""
        if isinstance(node, ox.NamedNode):
            return Term("iri", node.value, self.label_of(node.value), href_for(node.value, self.pub))
        if isinstance(node, ox.BlankNode):
            nested = self.properties(node, depth + 1) if depth < 4 else []
            return Term("bnode", str(node), "", properties=nested)
        datatype = node.datatype.value if node.datatype else None
        if datatype and datatype.endswith(("#string", "#langString")):
            datatype = None
        return Term("literal", node.value, node.value, lang=node.language, datatype=datatype and local_name(datatype))

    def properties(self, subject: Any, depth: int = 0) -> list[Property]:
        """Return a subject's properties, rdf:type excluded, ordered by label."""
        grouped: dict[str, list[Any]] = defaultdict(list)
        for t in self.by_subject.get(subject, []):
            if t.predicate.value != RDF + "type":
                grouped[t.predicate.value].append(t.object)
        props = [Property(p, term_label(p, self.lang, self.terms),
                          [self.term(o, depth) for o in sorted(objs, key=_sort_key)], href_for(p, self.pub))
                 for p, objs in grouped.items()]
        return sorted(props, key=lambda prop: prop.label.lower())

    def types(self, subject: Any) -> list[Term]:
        """Return a subject's types."""
        return [self.term(t.object) for t in self.by_subject.get(subject, [])
                if t.predicate.value == RDF + "type"]

    def inverse(self, roots: set[str]) -> list[tuple[Property, list[Term]]]:
        """Return what links to the roots, grouped by property, ordered by label."""
        links = []
        for subject, triples in self.by_subject.items():
            if subject.value in roots:
                continue
            for t in triples:
                if isinstance(t.object, ox.NamedNode) and t.object.value in roots:
                    prop = Property(t.predicate.value, term_label(t.predicate.value, self.lang, self.terms), [],
                                    href_for(t.predicate.value, self.pub))
                    links.append((prop, self.term(subject)))
        grouped: dict[str, tuple[Property, list[Term]]] = {}
        for prop, subject in sorted(links, key=lambda pair: (pair[0].label.lower(), pair[1].label.lower())):
            grouped.setdefault(prop.iri, (prop, []))[1].append(subject)
        return list(grouped.values())


def _short_label(text: str, limit: int = 90) -> str:
    """Return a label short enough for a link: a quotation's text is cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _sort_key(node: Any) -> tuple[str, str]:
    return (getattr(node, "language", None) or "", str(node))


def vocabulary_labels(pub: Publication, iris: set[str]) -> dict[str, dict[str, str]]:
    """Return store_labels of the properties and classes a page uses, each looked up once per dataset
    in this process (every page names the same few dozen; the lookup was a tenth of a page)."""
    known = once_per_dataset(pub, ("vocabulary-labels",), dict)
    missing = [iri for iri in iris if iri not in known]
    if missing:
        if len(known) > 10_000:  # a vocabulary is small; anything else is not worth keeping
            known.clear()
        found = store_labels(pub.store, missing)
        known.update({iri: found.get(iri, {}) for iri in missing})
    return {iri: known[iri] for iri in iris if known.get(iri)}
