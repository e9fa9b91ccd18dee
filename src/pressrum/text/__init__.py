"""Room `text`: the text of one press release → RDF.

The release layout (headline, date line, paragraphs), quotations and their attributions, people,
roles and parties, and the Web Annotations that tie each fact to its words.

May import: the shared tables only (pressrum.settings, pressrum.namespaces, pressrum.formats,
pressrum.conneg, pressrum.languages, pressrum.http_errors).
"""
