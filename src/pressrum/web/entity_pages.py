"""The HTML renderings of entity documents (a release with its highlighted quotations) and the ontology."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
from flask import render_template, request

from pressrum.build.publication import Publication
from pressrum.formats import DOCUMENT_FORMATS
from pressrum.web.charts import charts
from pressrum.web.describer import PROG_NS, Describer, href_for
from pressrum.web.description import dataset_iri
from pressrum.web.documents import INVERSE, DocumentPage
from pressrum.web.labels import RDF, local_name, pick, store_labels

SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"


def alternates(path: str) -> list[dict[str, str]]:
    """Return the links to every representation of a page."""
    return [{"href": f"{request.script_root}/{path}.{f.extension}", "type": f.media_type, "label": f.label}
            for f in DOCUMENT_FORMATS]


def render_entity(pub: Publication, iri: str, triples: list[ox.Triple], lang: str,
                  page: DocumentPage | None = None) -> str:
    """Render one page of an entity's document (a release with its text and highlighted quotations)."""
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
    # A page carries at most MAX_INVERSE_LINKS of them; say how many there are (the link index
    # counted them at publication) and where the others are: the next pages, and SPARQL.
    counts = page.counts.get(INVERSE, {}) if page is not None else {}
    inverse_total = max(shown, sum(counts.values()))
    number, pages = (page.page, page.pages) if page is not None else (1, 1)
    here = request.base_url
    pager = {"page": number, "pages": pages,
             "prev": f"{here}?page={number - 1}" if number > 1 else None,
             "next": f"{here}?page={number + 1}" if number < pages else None}
    inverse_query = f"SELECT ?subject ?property WHERE {{ ?subject ?property <{iri}> }}"
    return render_template(
        "release.html" if article else "document.html",
        lang=lang, iri=iri, title=describer.label_of(iri), types=types,
        properties=[p for p in describer.properties(subject) if not (article and p.iri == SCHEMA + "articleBody")],
        parts=[(s.value.split("#", 1)[1], describer.types(s), describer.properties(s)) for s in hash_parts],
        inverse=inverse, inverse_total=inverse_total, inverse_shown=shown, inverse_counts=counts, pager=pager,
        inverse_sparql=f"{request.script_root}/sparql?query={quote(inverse_query)}",
        alternates=alternates(path), article=article, page_path=path,
        charts=charts(pub, lang) if iri == dataset_iri(pub.minter.base) else None)


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
