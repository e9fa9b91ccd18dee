"""Room `harvest`: newsroom → release text.

Polite fetching (robots.txt, one request at a time per host, conditional GET, size caps), feeds
and sitemaps → entries, HTML → headline, date and paragraphs (trafilatura, htmldate), and the
release folders with their source records and earlier versions.

May import: the shared tables only (pressrum.settings, pressrum.namespaces, pressrum.formats) and
pressrum.text.
"""
