"""Blueprint: the HTML pages (home, lists) and the HTML renderings of documents and the ontology."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, current_app, render_template, request

from pressrum.documents import LABEL_PREDICATES, MAX_INVERSE_LINKS, inverse_link_count
from pressrum.errors import HttpError
from pressrum.formats import DOCUMENT_FORMATS
from pressrum.labels import RDF, local_name, pick, reader_language, store_labels, term_label, word
from pressrum.namespaces import KINDS, PROG
from pressrum.publication import Publication

bp = Blueprint("pages", __name__)
MEMO = "pressrum.pages.once_per_dataset"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROG_NS = str(PROG)
COUNT_RELEASES = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://schema.org/NewsArticle> }"
EXAMPLE_QUERIES = (
    ("Citat och talare", "Quotations and their speakers",
     "PREFIX schema: <https://schema.org/>\nSELECT ?quotation ?name ?text WHERE {\n"
     "  ?quotation a schema:Quotation ; schema:author ?person ; schema:text ?text .\n"
     "  ?person schema:name ?name .\n}"),
    ("Pressmeddelanden efter datum", "Releases by date",
     "PREFIX schema: <https://schema.org/>\nSELECT ?release ?date ?headline WHERE {\n"
     "  ?release a schema:NewsArticle ; schema:datePublished ?date ; schema:headline ?headline .\n"
     "} ORDER BY DESC(?date)"),
    ("Entiteter per klass", "Entities per class",
     "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"),
)


def publication() -> Publication:
    """Return the publication this app serves."""
    return current_app.extensions["pressrum"]


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


def alternates(path: str) -> list[dict[str, str]]:
    """Return the links to every representation of a page."""
    return [{"href": f"{request.script_root}/{path}.{f.extension}", "type": f.media_type, "label": f.label}
            for f in DOCUMENT_FORMATS]


def render_entity(pub: Publication, iri: str, triples: list[ox.Triple], lang: str) -> str:
    """Render an entity's document (a release with its text and highlighted quotations)."""
    describer = Describer(pub, triples, lang)
    subject = ox.NamedNode(iri)
    hash_parts = sorted((s for s in describer.by_subject if isinstance(s, ox.NamedNode)
                         and s.value.startswith(iri + "#")), key=lambda s: s.value)
    roots = {iri} | {s.value for s in hash_parts}
    types = describer.types(subject)
    article = None
    if any(t.value == SCHEMA + "NewsArticle" for t in types):
        article = release_text(pub, iri, triples, describer)
    path = request.path.lstrip("/").rsplit(".", 1)[0] if "." in request.path.rsplit("/", 1)[-1] else \
        request.path.lstrip("/")
    inverse = describer.inverse(roots)
    shown = sum(len(subjects) for _, subjects in inverse)
    # The document carries at most MAX_INVERSE_LINKS of them; say how many there are and where the rest are.
    inverse_total = inverse_link_count(pub.store, iri, roots) if shown >= MAX_INVERSE_LINKS else shown
    inverse_query = f"SELECT ?subject ?property WHERE {{ ?subject ?property <{iri}> }}"
    return render_template(
        "release.html" if article else "document.html",
        lang=lang, iri=iri, title=describer.label_of(iri), types=types,
        properties=[p for p in describer.properties(subject) if not (article and p.iri == SCHEMA + "articleBody")],
        parts=[(s.value.split("#", 1)[1], describer.types(s), describer.properties(s)) for s in hash_parts],
        inverse=inverse, inverse_total=inverse_total, inverse_shown=shown,
        inverse_sparql=f"{request.script_root}/sparql?query={quote(inverse_query)}",
        alternates=alternates(path), article=article, page_path=path)


def release_text(pub: Publication, iri: str, triples: list[ox.Triple], describer: Describer) -> dict | None:
    """Return the article body cut into paragraphs and segments, quotations placed by their offsets."""
    body = next((t.object.value for t in triples if t.subject.value == iri
                 and t.predicate.value == SCHEMA + "articleBody"), None)
    if body is None:
        return None
    # The motivation as a FILTER, not a constant in the pattern: with the constant, pyoxigraph
    # 0.5.13 starts from every identifying annotation of the store (40 ms per page at 1000
    # releases, growing with the corpus); this way it starts from the release (0.4 ms).
    rows = pub.store.query(f"""
        PREFIX oa: <{OA}> PREFIX schema: <{SCHEMA}>
        SELECT ?quotation ?start ?end ?speaker WHERE {{
          ?annotation oa:motivatedBy ?motive ; oa:hasBody ?quotation ; oa:hasTarget ?target .
          ?target oa:hasSource <{iri}> ; oa:hasSelector ?selector .
          ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          FILTER(?motive = oa:identifying)
          OPTIONAL {{ ?quotation schema:author ?speaker }}
        }} ORDER BY ?start""")
    quotes = []
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        if 0 <= start < end <= len(body) and all(start >= q["end"] for q in quotes):
            speaker = row["speaker"]
            quotes.append({"start": start, "end": end, "href": href_for(row["quotation"].value, pub),
                           "speaker": speaker and {"href": href_for(speaker.value, pub),
                                                   "label": speaker_label(pub, speaker.value, describer)}})
    return {"paragraphs": cut_paragraphs(body, quotes), "quotations": quotes}


def speaker_label(pub: Publication, iri: str, describer: Describer) -> str:
    """Return a speaker's name (the release document may not hold it)."""
    if iri in describer.labels:
        return describer.label_of(iri)
    return pick(store_labels(pub.store, [iri]).get(iri), describer.lang) or local_name(iri)


def cut_paragraphs(body: str, quotes: list[dict]) -> list[list[dict]]:
    """Cut a text at newlines and at the quotations' code-point offsets (Python str slicing)."""
    cuts = sorted({0, len(body)} | {q["start"] for q in quotes} | {q["end"] for q in quotes}
                  | {i for i, c in enumerate(body) if c == "\n"} | {i + 1 for i, c in enumerate(body) if c == "\n"})
    paragraphs: list[list[dict]] = [[]]
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = body[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        quote_ = next((q for q in quotes if q["start"] <= start and end <= q["end"]), None)
        paragraphs[-1].append({"text": piece, "quote": quote_,
                               "last": quote_ is not None and end == quote_["end"]})
    return [p for p in paragraphs if any(s["text"].strip() for s in p)]


def render_ontology(pub: Publication, triples: list[ox.Triple], lang: str) -> str:
    """Render the vocabulary's documentation: each term, its labels, comment, links and usage."""
    describer = Describer(pub, triples, lang)
    usage = {row["t"].value: int(row["n"].value) for row in pub.store.query(
        f"SELECT ?t (COUNT(*) AS ?n) WHERE {{ {{ ?s a ?t }} UNION {{ ?s ?t ?o }} "
        f"FILTER(STRSTARTS(STR(?t), \"{PROG_NS}\")) }} GROUP BY ?t")}
    terms: dict[str, list[dict]] = {"classes": [], "properties": []}
    ontology_iri = PROG_NS.rstrip("#")
    for subject in sorted(describer.by_subject, key=lambda s: s.value):
        if not subject.value.startswith(PROG_NS):
            continue
        types = {t.object.value for t in describer.by_subject[subject] if t.predicate.value == RDF + "type"}
        is_class = any(t.endswith(("#Class",)) for t in types)
        comments = {t.object.language or "": t.object.value for t in describer.by_subject[subject]
                    if t.predicate.value.endswith("#comment") and isinstance(t.object, ox.Literal)}
        terms["classes" if is_class else "properties"].append({
            "name": local_name(subject.value), "iri": subject.value,
            "label_sv": describer.labels.get(subject.value, {}).get("sv", ""),
            "label_en": describer.labels.get(subject.value, {}).get("en", ""),
            "comment": pick(comments, lang) or "", "usage": usage.get(subject.value, 0),
            "properties": [p for p in describer.properties(subject)
                           if not p.iri.endswith(("#label", "#comment", "#isDefinedBy"))],
        })
    return render_template("ontology.html", lang=lang, iri=ontology_iri, title=describer.label_of(ontology_iri),
                           ontology=describer.properties(ox.NamedNode(ontology_iri)), terms=terms,
                           alternates=alternates("def/prog"), page_path="def/prog")


def once_per_dataset(pub: Publication, key: tuple, compute: Callable[[], Any]) -> Any:
    """Return compute() as computed once for this content hash in this process (counts over the
    whole store are O(data), and the dataset only changes by a rebuild, which changes the hash)."""
    memo = current_app.extensions.setdefault(MEMO, {"hash": None, "values": {}})
    if pub.content_hash is None:
        return compute()
    if memo["hash"] != pub.content_hash:
        memo["hash"], memo["values"] = pub.content_hash, {}
    if key not in memo["values"]:
        memo["values"][key] = compute()
    return memo["values"][key]


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


def count(pub: Publication, sparql: str) -> int:
    """Return the ?n of a one-row SELECT (once per dataset)."""
    def compute() -> int:
        row = next(iter(pub.store.query(sparql)), None)
        return int(row["n"].value) if row is not None and row["n"] is not None else 0
    return once_per_dataset(pub, ("count", sparql), compute)


def kind_counts(pub: Publication) -> list[tuple[str, int]]:
    """Return how many entities of each kind the store holds (once per dataset)."""
    return once_per_dataset(pub, ("kinds",), lambda: _kind_counts(pub))


def _kind_counts(pub: Publication) -> list[tuple[str, int]]:
    """Return how many entities of each kind the store holds (by their IRI's kind segment)."""
    space = pub.minter.id_space
    rows = pub.store.query(
        f"SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o . FILTER(isIRI(?s) && "
        f"STRSTARTS(STR(?s), \"{space}\") && !CONTAINS(STR(?s), \"#\"))\n"
        f"BIND(STRBEFORE(STRAFTER(STR(?s), \"{space}\"), \"/\") AS ?kind) }} "
        f"GROUP BY ?kind ORDER BY ?kind")
    return [(row["kind"].value, int(row["n"].value)) for row in rows if row["kind"].value in KINDS]


def releases(pub: Publication, limit: int, offset: int, lang: str) -> list[dict]:
    """Return a page of releases, newest first."""
    rows = pub.store.query(
        "PREFIX schema: <https://schema.org/> SELECT ?r ?date (SAMPLE(?h) AS ?headline) WHERE { "
        "?r a schema:NewsArticle . OPTIONAL { ?r schema:datePublished ?date } "
        "OPTIONAL { ?r schema:headline ?h } } GROUP BY ?r ?date "
        f"ORDER BY DESC(?date) ?r LIMIT {int(limit)} OFFSET {int(offset)}")
    return [{"href": href_for(row["r"].value, pub), "date": row["date"].value if row["date"] else "",
             "label": row["headline"].value if row["headline"] else local_name(row["r"].value)} for row in rows]


def page_number() -> int:
    """Return the ?page= asked for (1 when missing; 400 when not a positive number)."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 1_000_000:
        raise HttpError(400, "?page= must be a positive whole number.")
    return int(raw)


def html(body: str) -> Response:
    """Return an HTML answer with the security headers."""
    from pressrum.linked_data import html_security_headers

    response = Response(body, content_type="text/html; charset=utf-8", headers=html_security_headers())
    response.headers["Vary"] = "Accept-Language"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def lang_now() -> str:
    """Return the reader's language for this request."""
    return reader_language(request.args.get("lang"), request.accept_languages)


@bp.route("/", methods=["GET", "HEAD"])
def home() -> Response:
    """Show the dataset at a glance: counts, releases, kinds of entity, example queries."""
    pub, lang = publication(), lang_now()
    counts = {"triples": count(pub, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
              "releases": count(pub, COUNT_RELEASES)}
    examples = [{"label": en if lang == "en" else sv, "query": q,
                 "href": f"{request.script_root}/sparql?query={quote(q)}"} for sv, en, q in EXAMPLE_QUERIES]
    return html(render_template("home.html", lang=lang, title=word("site", lang), counts=counts,
                                kinds=kind_counts(pub), releases=releases(pub, pub.settings["page_size"], 0, lang),
                                examples=examples, page_path=""))


@bp.route("/releases", methods=["GET", "HEAD"])
def release_list() -> Response:
    """List the releases, newest first, a page at a time."""
    pub, lang, page = publication(), lang_now(), page_number()
    size = pub.settings["page_size"]
    total = count(pub, COUNT_RELEASES)
    return _list_page(word("releases", lang), releases(pub, size, (page - 1) * size, lang), total, page, size, lang)


@bp.route("/kinds/<kind>", methods=["GET", "HEAD"])
def kind_list(kind: str) -> Response:
    """List the entities of one kind, a page at a time."""
    if kind not in KINDS:
        raise HttpError(404, f"No kind of entity named {kind[:50]}.")
    pub, lang, page = publication(), lang_now(), page_number()
    size = pub.settings["page_size"]
    prefix = f"{pub.minter.id_space}{kind}/"
    where = f"?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{prefix}\") && !CONTAINS(STR(?s), \"#\"))"
    # Every page of a kind needs the same scan of the store: do it once per dataset and slice.
    every = once_per_dataset(pub, ("kind", kind), lambda: [
        row["s"].value for row in pub.store.query(f"SELECT DISTINCT ?s WHERE {{ {where} }} ORDER BY ?s")])
    total = len(every)
    iris = every[(page - 1) * size:page * size]
    labels = store_labels(pub.store, iris)
    items = [{"href": href_for(i, pub), "label": pick(labels.get(i), lang) or local_name(i), "date": ""}
             for i in iris]
    return _list_page(kind, items, total, page, size, lang)


def _list_page(title: str, items: list[dict], total: int, page: int, size: int, lang: str) -> Response:
    pages = max(1, math.ceil(total / size))
    if page > pages:
        raise HttpError(404, f"There are only {pages} pages.")
    return html(render_template("list.html", lang=lang, title=title, items=items, total=total, page=page,
                                pages=pages, page_path=request.path.lstrip("/")))


def init_app(app: Flask) -> None:
    """Register the pages and the template helpers."""
    app.register_blueprint(bp)
    app.jinja_env.globals["word"] = word
