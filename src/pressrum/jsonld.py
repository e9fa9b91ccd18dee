"""The dataset's JSON-LD context, and JSON-LD written compacted with it (and read back with it).

A shared table: the build writes the JSON-LD dump with the context, the web room serves documents
in it, and both name the same context file, published at {base}context.jsonld.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def load_context() -> dict[str, Any]:
    """Return the dataset's JSON-LD context (the object under "@context")."""
    text = resources.files("pressrum").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def context_document_bytes() -> bytes:
    """Return the context file as published at {base}context.jsonld."""
    return resources.files("pressrum").joinpath("context.jsonld").read_bytes()


def jsonld(triples: Iterable[ox.Triple], context_url: str) -> bytes:
    """Return JSON-LD compacted with the dataset's context, which it references by URL.

    pyoxigraph writes the graph as expanded JSON-LD (in Rust); the compaction our context allows —
    vocabulary terms, compact IRIs, single values out of their arrays — is done here, in one pass
    (rdflib's serialiser took 2-3 ms per entity document, more than the rest of the document)."""
    triples = list(triples)
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD)) if triples else []
    compactor = _compactor()
    nodes: dict[str, dict[str, Any]] = {}
    for node in expanded:
        target = nodes.setdefault(node["@id"], {"@id": compactor.iri(node["@id"], vocab=False)})
        for key, values in node.items():
            if key == "@id":
                continue
            if key == RDF_TYPE and all("@id" in v for v in values):
                name, values = "@type", [compactor.iri(v["@id"], vocab=True) for v in values]
            else:
                name, values = compactor.iri(key, vocab=True), [compactor.value(v) for v in values]
            target.setdefault(name, []).extend(values)
    graph = [{k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}
             for node in nodes.values()]
    document = {"@context": context_url, "@graph": graph}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


class _Compactor:
    """IRI and value compaction (JSON-LD 1.1 §6) for a context of a @vocab and prefixes only."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.vocab = context.get("@vocab")
        self.terms = {name for name in context if not name.startswith("@")}
        # Longest namespace first, so that the shortest compact IRI is chosen.
        self.prefixes = sorted(((iri, name) for name, iri in context.items()
                                if not name.startswith("@") and isinstance(iri, str)
                                and iri.endswith(("/", "#", ":", "?", "[", "]", "@"))),
                               key=lambda pair: -len(pair[0]))
        self.cache: dict[str, str] = {}

    def iri(self, iri: str, vocab: bool) -> str:
        """Return the shortest form of an IRI that expands back to it."""
        if not vocab:  # node IRIs are many: not kept
            return self._iri(iri, vocab)
        found = self.cache.get(iri)
        if found is None:
            if len(self.cache) >= 10_000:  # properties, classes, datatypes: a small vocabulary
                self.cache.clear()
            found = self.cache[iri] = self._iri(iri, vocab)
        return found

    def _iri(self, iri: str, vocab: bool) -> str:
        if iri.startswith("_:"):
            return iri
        if vocab and self.vocab and iri.startswith(self.vocab):
            suffix = iri[len(self.vocab):]
            if suffix and ":" not in suffix and not suffix.startswith("@") and suffix not in self.terms:
                return suffix
        for namespace, name in self.prefixes:
            if iri.startswith(namespace):
                suffix = iri[len(namespace):]
                if suffix and not suffix.startswith("//"):
                    return f"{name}:{suffix}"
        return iri

    def value(self, value: dict[str, Any]) -> Any:
        """Return a value object compacted: a plain string as a string, IRIs and datatypes shortened."""
        if "@id" in value:
            return {"@id": self.iri(value["@id"], vocab=False)}
        if len(value) == 1 and isinstance(value.get("@value"), str):
            return value["@value"]
        if "@type" in value:
            value = dict(value, **{"@type": self.iri(value["@type"], vocab=True)})
        return value


@lru_cache(maxsize=1)
def _compactor() -> _Compactor:
    return _Compactor(load_context())


def parse_jsonld(data: bytes | str, context: dict[str, Any] | None = None) -> Graph:
    """Parse our JSON-LD with the context substituted locally (nothing is fetched)."""
    document = json.loads(data)
    document["@context"] = context if context is not None else load_context()
    return Graph().parse(data=json.dumps(document), format="json-ld")
