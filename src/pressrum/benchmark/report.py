"""Write bench/results.md: the tables of one run and each target of issue 5 as a ratio with PASS/MISS.

Everything below the marker line of an existing results file (the hand-written analysis) is kept.
"""

from __future__ import annotations

import math
from pathlib import Path

from pressrum.benchmark.search import report_lines

MARKER = "<!-- analysis: everything below this line is kept when the tables are rewritten -->"
PRESSRUM, OXIGRAPH = "pressrum /sparql", "oxigraph serve (same store)"
UNION, FLOOR = "oxigraph serve --union-default-graph", "pyoxigraph in-process"
CEILING = "trivial Flask (2 KB Turtle)"
# The HTTP stacks of issue 14, and its reference: oxigraph answering each entity's CONSTRUCT.
PRODUCTION, GUNICORN, GRANIAN = "Varnish + gunicorn gevent", "gunicorn gevent", "granian"
REFERENCE = "oxigraph serve CONSTRUCT (turtle)"
REFERENCE_SHARE = 0.5   # issue 14: entity documents at ≥ 0.5 × the reference's rate
P99_MS = 25.0


def _ms(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value * 1000:.1f}"


def _mix_seconds(results: dict, system: str) -> float | None:
    runs = results["systems"].get(system)
    return None if runs is None else sum(r["median"] for r in runs.values())


def targets(results: dict) -> list[tuple[str, str, str, bool]]:
    """Return (target, measured, ratio, met) for every target of issue 5 that this run measured."""
    rows = []
    ours, theirs = _mix_seconds(results, PRESSRUM), _mix_seconds(results, OXIGRAPH)
    if ours and theirs:
        ratio = ours / theirs
        rows.append(("query mix ≤ 1.3 × oxigraph serve", f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms",
                     f"{ratio:.2f}", ratio <= 1.3))
        worst = max(((r["median"] / results["systems"][OXIGRAPH][q]["median"], q)
                     for q, r in results["systems"][PRESSRUM].items()), default=(0, ""))
        rows.append(("no query > 2 × oxigraph serve", f"worst: {worst[1]}", f"{worst[0]:.2f}", worst[0] <= 2))
    docs = results.get("documents", {})
    ceiling, reference = docs.get(CEILING), docs.get(REFERENCE)
    for name, d in docs.items():
        if name in (CEILING, REFERENCE):
            continue
        if reference:
            share = d["rps"] / reference["rps"]
            rows.append((f"{name} ≥ {REFERENCE_SHARE} × {REFERENCE}",
                         f"{d['rps']:.0f} vs {reference['rps']:.0f} req/s", f"{share:.2f}", share >= REFERENCE_SHARE))
        against = f" (reference: {reference['p99']:.1f} ms)" if reference else ""
        rows.append((f"{name} p99 < {P99_MS:.0f} ms{against}", f"{d['p99']:.1f} ms", f"{d['p99'] / P99_MS:.2f}",
                     d["p99"] < P99_MS))
        if ceiling:
            share = d["rps"] / ceiling["rps"]
            rows.append((f"{name} ≥ 60 % of trivial Flask", f"{d['rps']:.0f} vs {ceiling['rps']:.0f} req/s",
                         f"{share:.2f}", share >= 0.6))
    load = results["load"]
    ours_load, bulk = load["pressrum load"], load["pyoxigraph bulk_load"]
    rows.append(("load time ≤ 1.5 × pyoxigraph bulk_load", f"{ours_load[0]:.1f} s vs {bulk[0]:.1f} s",
                 f"{ours_load[0] / bulk[0]:.2f}", ours_load[0] / bulk[0] <= 1.5))
    rows.append(("load peak RSS ≤ 1.3 × pyoxigraph bulk_load", f"{ours_load[1]:.0f} MB vs {bulk[1]:.0f} MB",
                 f"{ours_load[1] / bulk[1]:.2f}", ours_load[1] / bulk[1] <= 1.3))
    restart = results.get("restart")
    if restart is not None:
        rows.append(("restart on an existing store answers within 2 s", f"{restart:.2f} s",
                     f"{restart / 2:.2f}", restart <= 2))
    return rows


def write(path: Path, results: dict, mix: dict[str, str]) -> None:
    """Write the results file, keeping the analysis below the marker."""
    kept = ""
    if path.exists() and MARKER in path.read_text():
        kept = path.read_text().split(MARKER, 1)[1]
    n, corpus = results["releases"], results["corpus"]
    lines = [
        f"# Benchmark results ({n} releases)",
        "",
        f"Measured in one run of `pressrum bench run --releases {n}` (`make bench BENCH_RELEASES={n}`), "
        f"{results['started']}, on {results['machine']}. The whole run took {results['seconds']:.0f} s.",
        "",
        f"Corpus: {n} releases, {corpus['quads']:,} quads in {corpus['graphs']:,} named graphs "
        f"({corpus['bytes'] / 1e6:.0f} MB of N-Quads, generated in {corpus['seconds']:.1f} s); the merge "
        f"(default graph) holds {results['merge']:,} distinct triples; the store {results['triples']:,} quads.",
        "",
        "## Targets",
        "",
        "| Target | Measured | Ratio | Verdict |",
        "| --- | --- | --- | --- |",
    ]
    for target, measured, ratio, met in targets(results):
        lines.append(f"| {target} | {measured} | {ratio} | {'PASS' if met else 'MISS'} |")
    systems = results["systems"]
    names = [s for s in (PRESSRUM, OXIGRAPH, UNION, FLOOR, "rdflib") if s in systems]
    lines += ["", "## a. Query mix: median latency per query (ms)", "",
              "| Query | " + " | ".join(names) + " | pressrum / oxigraph | rows |",
              "| --- | " + " | ".join("---:" for _ in names) + " | ---: | --- |"]
    for query in mix:
        cells = []
        for s in names:
            r = systems[s][query]
            cells.append(f"{r['error']} after {_ms(r['median'])}" if r["error"] else _ms(r["median"]))
        ratio = "–"
        if PRESSRUM in systems and OXIGRAPH in systems:
            ratio = f"{systems[PRESSRUM][query]['median'] / systems[OXIGRAPH][query]['median']:.2f}"
        rows = " / ".join(str(systems[s][query]["rows"]) for s in names)
        lines.append(f"| {query} | " + " | ".join(cells) + f" | {ratio} | {rows} |")
    totals = [_mix_seconds(results, s) for s in names]
    lines.append("| **whole mix (sum of medians)** | " + " | ".join(_ms(t) for t in totals) + " | | |")
    lines.append("| **throughput (mixes/s, sequential)** | "
                 + " | ".join(f"{1 / t:.1f}" if t else "–" for t in totals) + " | | |")
    lines += ["", "Rows are given in the column order; a row count that differs from pressrum's is a wrong "
              "answer (the union default graph counts a triple once per graph that holds it).", ""]
    if "rdflib_load" in results:
        lines += [f"rdflib parsed the corpus into its merge in {results['rdflib_load']:.1f} s (not in the table); "
                  "its queries run in a child process killed at a 20 s cap.", ""]
    if results.get("documents"):
        lines += ["## b. Entity documents: wrk, 16 connections, 2 threads, random /doc paths", "",
                  "Each row is warmed by a 2 s wrk run first. The rows are measured one after the other in this "
                  "run; compare them as ratios (other work may share the cores). The reference asks oxigraph "
                  "serve for `CONSTRUCT { <e> ?p ?o } WHERE { <e> ?p ?o }` of the same entities in Turtle.", "",
                  "| Server | requests/s | p50 (ms) | p99 (ms) | non-2xx |", "| --- | ---: | ---: | ---: | ---: |"]
        for name, d in results["documents"].items():
            lines.append(f"| {name} | {d['rps']:.0f} | {d['p50']:.1f} | {d['p99']:.1f} | {d['non2xx']} |")
        lines.append("")
    lines += ["## c. Load and restart", "", "| Step | seconds | peak RSS (MB) |", "| --- | ---: | ---: |"]
    for name, (seconds, rss, _) in results["load"].items():
        lines.append(f"| {name} | {seconds:.1f} | {rss:.0f} |")
    if results.get("restart") is not None:
        lines.append(f"| `pressrum serve --store PATH --no-build` to first answer | {results['restart']:.2f} | |")
    lines.append("")
    if results.get("search"):
        lines += report_lines(results["search"])
    lines += ["", MARKER]
    path.write_text("\n".join(lines) + (kept if kept else "\n"))
