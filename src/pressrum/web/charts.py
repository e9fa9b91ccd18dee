"""Pictures of the dataset, drawn on the server as SVG: releases per month, quotations per party and organisation.

No script draws them (CSP script-src 'self' stays untouched): each is an inline <svg> with a
<title> (WCAG 1.1.1) and its numbers as a <table> with a caption for screen readers (WCAG 1.3.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from pressrum.build.publication import Publication
from pressrum.languages import word
from pressrum.web.labels import local_name, pick, store_labels
from pressrum.web.memo import once_per_dataset

SCHEMA = "PREFIX schema: <https://schema.org/>\n"
PER_MONTH = SCHEMA + """SELECT ?key (COUNT(DISTINCT ?release) AS ?n) WHERE {
  ?release a schema:NewsArticle ; schema:datePublished ?date .
  BIND(SUBSTR(STR(?date), 1, 7) AS ?key)
} GROUP BY ?key ORDER BY ?key"""
PER_PARTY = SCHEMA + """SELECT ?key (COUNT(DISTINCT ?quotation) AS ?n) WHERE {
  ?quotation a schema:Quotation ; schema:author ?person .
  ?person schema:affiliation ?key . ?key a schema:PoliticalParty .
} GROUP BY ?key ORDER BY DESC(?n) ?key"""
PER_ORGANISATION = SCHEMA + """SELECT ?key (COUNT(DISTINCT ?quotation) AS ?n) WHERE {
  ?quotation a schema:Quotation ; schema:author ?person .
  ?person schema:memberOf|schema:worksFor ?role . ?role schema:memberOf|schema:worksFor ?key .
  FILTER(isIRI(?key)) FILTER NOT EXISTS { ?key a schema:PoliticalParty }
} GROUP BY ?key ORDER BY DESC(?n) ?key"""
BAR, GAP, LABEL_WIDTH, WIDTH = 18, 6, 260, 640


@dataclass(frozen=True)
class Chart:
    """One picture: its name, title, the heading of its first column, and its rows (label, count)."""

    name: str
    title: str
    column: str
    rows: tuple[tuple[str, int], ...]


def counts(pub: Publication, sparql: str) -> list[tuple[str, int]]:
    """Return the (?key, ?n) rows of a grouped count (once per dataset)."""
    return once_per_dataset(pub, ("chart", sparql), lambda: [
        (row["key"].value, int(row["n"].value)) for row in pub.store.query(sparql) if row["key"] is not None])


def labelled(pub: Publication, rows: list[tuple[str, int]], lang: str) -> tuple[tuple[str, int], ...]:
    """Return the rows with each IRI replaced by its label in the reader's language."""
    labels = store_labels(pub.store, [key for key, _ in rows])
    return tuple((pick(labels.get(key), lang) or local_name(key), n) for key, n in rows)


def charts(pub: Publication, lang: str) -> list[Chart]:
    """Return the pictures of the dataset, in the reader's language."""
    return [
        Chart("per-month", word("per_month", lang), word("month", lang), tuple(counts(pub, PER_MONTH))),
        Chart("per-party", word("per_party", lang), word("party", lang), labelled(pub, counts(pub, PER_PARTY), lang)),
        Chart("per-organisation", word("per_organisation", lang), word("organisation", lang),
              labelled(pub, counts(pub, PER_ORGANISATION), lang)),
    ]


def svg(chart: Chart) -> Markup:
    """Draw a chart as horizontal bars, one per row, with its title for assistive technology."""
    top = max((n for _, n in chart.rows), default=0) or 1
    height = len(chart.rows) * (BAR + GAP) + GAP
    scale = (WIDTH - LABEL_WIDTH - 40) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="chart-{chart.name}-title"><title id="chart-{chart.name}-title">{escape(chart.title)}'
             f'</title>']
    for index, (label, n) in enumerate(chart.rows):
        y = GAP + index * (BAR + GAP)
        shown = label if len(label) <= 40 else label[:39] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 5}" text-anchor="end">{escape(shown)}</text>'
                     f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{max(n * scale, 1):.1f}" height="{BAR}"/>'
                     f'<text x="{LABEL_WIDTH + n * scale + 4:.1f}" y="{y + BAR - 5}">{n}</text>')
    parts.append(f'<line class="axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}"/></svg>')
    return Markup("".join(parts))
