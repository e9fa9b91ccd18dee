"""Search in the benchmark: build the index from the benchmark's store, then time it against SPARQL.

The same words are sought three ways over the same texts (headlines, bodies, quotations): the FTS5
index (a page of 20 hits with the total and snippets), and SPARQL CONTAINS and REGEX on pyoxigraph,
counting every match (the total a search page shows), without ranking, stems or snippets.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from pressrum.search.index import documents, write_index
from pressrum.search.query import search

WORDS = ("företagsklimatet", "kollektivtrafiken", "äldreomsorgen", "kompetensförsörjning", "vattenförsörjningen",
         "bostadsbyggande", "trygghet", "sommarjobb", "handlingsplan", "myndighetsutövningen")

SPARQL = """PREFIX schema: <https://schema.org/>
SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  {{ ?x a schema:NewsArticle ; schema:headline|schema:articleBody ?text }}
  UNION {{ ?x a schema:Quotation ; schema:text ?text }}
  FILTER({test})
}}"""


def _median_ms(run, words, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for word in words:
            started = time.perf_counter()
            run(word)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_search(store: ox.Store, work: Path, repeat: int = 3) -> dict:
    """Return the index build times and the median latency (ms) of FTS5, CONTAINS and REGEX."""
    started = time.perf_counter()
    docs = documents(store)
    extracted = time.perf_counter()
    path = work / "search-bench.sqlite"
    write_index(docs, path, "bench")
    built = time.perf_counter()
    contains = SPARQL.replace("{test}", 'CONTAINS(LCASE(STR(?text)), "{word}")').replace("{{", "{").replace("}}", "}")
    regex = SPARQL.replace("{test}", 'REGEX(STR(?text), "{word}", "i")').replace("{{", "{").replace("}}", "}")
    return {
        "documents": len(docs), "extract_s": extracted - started, "index_s": built - extracted,
        "fts5": _median_ms(lambda w: search(path, w), WORDS, repeat * 3),
        "contains": _median_ms(lambda w: list(store.query(contains.replace("{word}", w))), WORDS, repeat),
        "regex": _median_ms(lambda w: list(store.query(regex.replace("{word}", w))), WORDS, repeat),
    }


def report_lines(result: dict) -> list[str]:
    """Return the results file's section on search."""
    return ["## d. Full-text search: median latency (ms), the same 10 words", "",
            "| FTS5 + Snowball (page of 20, count, snippets) | CONTAINS (count all) | REGEX (count all) |",
            "| ---: | ---: | ---: |", f"| {result['fts5']:.1f} | {result['contains']:.1f} | {result['regex']:.1f} |",
            "", f"{result['documents']} documents; extracted from the store in {result['extract_s']:.1f} s, "
            f"indexed in {result['index_s']:.1f} s.", ""]
