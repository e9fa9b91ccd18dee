"""The full-text index over release headlines, bodies and quotations (SQLite FTS5, Swedish stems).

May import: the shared tables, pressrum.text, pressrum.store.
"""
