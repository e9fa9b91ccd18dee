"""Room `text`: the text of one press release → RDF.

The release layout (headline, date line, paragraphs), quotations and their attributions, people,
roles and parties, and the Web Annotations that tie each fact to its words.

Modules: release (layout → RDF; the entry point ingest_text), source (source.json, the
publisher), paragraphs (kinds of paragraph), attribution (the attribution grammar), people (the
speaker phrase), pronouns, quotations (finding quotations and their segments) with spans (their
data and the per-paragraph decisions), agents (people, roles, parties, organisations as RDF;
person identity), annotations (Web Annotation of spans), explain (the curator's trace),
evaluation (precision and recall against a ground truth), errors.

May import: the shared tables only (pressrum.settings, pressrum.namespaces, pressrum.formats,
pressrum.conneg, pressrum.languages, pressrum.http_errors).
"""
