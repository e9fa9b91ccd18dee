"""Tell a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) from its text, cheaply."""

from __future__ import annotations

import re

# SPARQL 1.1 Query §19.8: Prologue ::= ( BaseDecl | PrefixDecl )*, then the query form's keyword.
# Skipped here: white space, comments (#…), BASE <…> and PREFIX p: <…>.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """Return 'select', 'ask', 'construct' or 'describe', or None for anything else (an update)."""
    start = _PROLOGUE.match(sparql).end()
    form = _FORM.match(sparql, start)
    return form.group(1).lower() if form else None


def is_graph_form(sparql: str) -> bool:
    """Tell whether a query answers with a graph (CONSTRUCT, DESCRIBE)."""
    return query_form(sparql) in ("construct", "describe")
