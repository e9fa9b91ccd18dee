"""`pressrum bench scale`: how every cost grows with the corpus, at several sizes, in one table.

For each size the steps are: generate the corpus (streamed), load it with `pressrum load` and with
`oxigraph load` (each a child process, timed, its peak memory read by the kernel), the query mix on
`pressrum serve` and on `oxigraph serve-read-only` over the same store, entity documents under
wrk against oxigraph serve's CONSTRUCT of the same entities, cold hub documents, and search. Each
step's figures are saved in {work}/{N}/scale.json as soon as it is done, so a run that stops
continues with the next step, and the table can be written again from what was measured.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import requests

from pressrum.benchmark import documents
from pressrum.benchmark.generator import generate
from pressrum.benchmark.queries import query_mix
from pressrum.benchmark.systems import BIN, Server, free_port, http_query, measured, time_mix

START, END = "<!-- scaling: start -->", "<!-- scaling: end -->"
CAP = 60.0                       # seconds a query may take before it is not repeated
STEPS = ("generate", "load", "index", "mix", "documents", "search")


def disk_bytes(path: Path) -> int:
    """Return the bytes a folder takes on disk."""
    return sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file())


def tree_rss_mb(pid: int) -> float:
    """Return the resident memory of a process and every process in its session (MB)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


class Size:
    """One corpus size: its folder, its saved figures, and the steps still to do."""

    def __init__(self, root: Path, releases: int) -> None:
        self.releases, self.folder = releases, root / str(releases)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.file = self.folder / "scale.json"
        self.figures: dict = json.loads(self.file.read_text()) if self.file.exists() else {}
        self.corpus, self.store, self.log = self.folder / "corpus.nq", self.folder / "store", self.folder / "bench.log"

    def save(self, step: str, figures: dict) -> None:
        """Record a step's figures (temporary file, then rename)."""
        self.figures[step] = figures
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.figures, indent=1))
        temporary.replace(self.file)


def step_generate(size: Size, base: str, ontology_dir: Path) -> dict:
    """Write the corpus as N-Quads, streamed: one release in memory at a time."""
    temporary = size.corpus.with_suffix(".tmp")
    with temporary.open("wb") as out:
        stats = generate(size.releases, out, base, ontology_dir)
    temporary.replace(size.corpus)
    return {**stats, "bytes": size.corpus.stat().st_size}


def step_load(size: Size, max_rss_mb: float) -> dict:
    """Time `pressrum load` and `oxigraph load` on the same N-Quads; keep pressrum's store."""
    for folder in (size.store, size.folder / "oxigraph"):
        shutil.rmtree(folder, ignore_errors=True)
    for leftover in size.folder.glob("store.*"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    ours = measured([str(BIN / "pressrum"), "load", "--force", "--store", str(size.store), str(size.corpus)],
                    size.log)
    figures = {"pressrum load": {"seconds": ours[0], "rss_mb": ours[1], "status": ours[2],
                                 "disk_bytes": disk_bytes(size.store)}}
    theirs = measured([str(BIN / "oxigraph"), "load", "--location", str(size.folder / "oxigraph"),
                       "--file", str(size.corpus)], size.log, max_rss_mb=max_rss_mb)
    figures["oxigraph load"] = {"seconds": theirs[0], "rss_mb": theirs[1], "status": theirs[2],
                                "disk_bytes": disk_bytes(size.folder / "oxigraph")}
    shutil.rmtree(size.folder / "oxigraph", ignore_errors=True)  # its size is noted; the disk is needed
    if ours[2] != 0:
        raise SystemExit(f"error: pressrum load failed with status {ours[2]}; see {size.log}")
    return figures


def _over_http(url: str) -> Callable[[str], int]:
    session = requests.Session()
    return lambda sparql: http_query(session, url, sparql, CAP + 5)


def _serve_pressrum(size: Size, port: int) -> Server:
    return Server([str(BIN / "pressrum"), "serve", "--store", str(size.store), "--no-build", "--port", str(port),
                   "--workers", "2"], port, size.log, "/sparql?query=ASK%7B%7D",
                  env={**os.environ, "PRESSRUM_BUILD_DIR": str(size.folder / "build"),
                       # The engines are compared, not the public endpoint's limits: at 300,000 releases the
                       # mix has answers over 10,000 rows and queries over 10 s, which a public server stops.
                       "PRESSRUM_QUERY_TIMEOUT": str(CAP), "PRESSRUM_MAX_ROWS": "100000000"})


def _serve_oxigraph(size: Size, port: int) -> Server:
    return Server([str(BIN / "oxigraph"), "serve-read-only", "--location", str(size.store),
                   "--bind", f"127.0.0.1:{port}"], port, size.log, "/query?query=ASK%7B%7D")


INDEX_WAIT = 3 * 3600  # seconds the index step waits for the link index


def step_index(size: Size) -> dict:
    """Start pressrum on the new store once: it builds the search index, then the link index behind it."""
    for old in size.folder.glob("build/*.sqlite"):
        old.unlink()
    port = free_port()
    started = time.perf_counter()
    with _serve_pressrum(size, port) as server:
        first = server.started_in
        while not any((size.folder / "build").glob("links-*.sqlite")):
            if time.perf_counter() - started > INDEX_WAIT:
                return {"first_start_s": first, "link_index_s": None}
            time.sleep(1)
        return {"first_start_s": first, "link_index_s": time.perf_counter() - started}


def step_mix(size: Size, base: str, repeat: int) -> dict:
    """Run the query mix on pressrum and on oxigraph serve over the same store; note the restart."""
    mix, port = query_mix(base), free_port()
    with _serve_pressrum(size, port) as server:
        restart = server.started_in
        ours = time_mix(_over_http(server.url + "/sparql"), mix, repeat, CAP)
        ours_ask = time_mix(_over_http(server.url + "/sparql"), {"ASK {}": "ASK {}"}, 100, CAP)["ASK {}"]
        rss = tree_rss_mb(server.process.pid)
    with _serve_oxigraph(size, port) as server:
        theirs = time_mix(_over_http(server.url + "/query"), mix, repeat, CAP)
        theirs_ask = time_mix(_over_http(server.url + "/query"), {"ASK {}": "ASK {}"}, 100, CAP)["ASK {}"]
    # ASK {} touches no data: its round trip is what each system adds to every query.
    return {"restart_s": restart, "pressrum": ours, "oxigraph": theirs, "server_rss_mb": rss,
            "ask_ms": {"pressrum": ours_ask["median"] * 1000, "oxigraph": theirs_ask["median"] * 1000}}


def step_documents(size: Size, base: str, seconds: int) -> dict:
    """wrk over random entity documents on pressrum, and over their CONSTRUCT on oxigraph serve."""
    paths, port = documents.sample_paths(size.store, base, 300), free_port()
    with _serve_pressrum(size, port) as server:
        ours = documents.wrk(server.url, paths, "text/turtle", seconds, size.folder)
        rss = tree_rss_mb(server.process.pid)
    with _serve_oxigraph(size, port) as server:
        theirs = documents.wrk(server.url, documents.construct_paths(base, paths), "text/turtle", seconds, size.folder)
    return {"pressrum": ours, "oxigraph": theirs, "server_rss_mb": rss, "hubs": _hubs(size, base)}


def _hubs(size: Size, base: str) -> dict:
    """Return cold latencies of hub documents, when the bench can name them (benchmark.hubs)."""
    try:
        from pressrum.benchmark.hubs import measure_hubs
    except ImportError:
        return {}
    return measure_hubs(size.store, base, size.folder / "build")


def step_search(size: Size) -> dict:
    """Time FTS5 (and, below 100,000 releases, CONTAINS and REGEX, which scan every text).

    From 100,000 releases the index the first start built is timed as it is: building it again
    here would take as long as that start did, and a scan of every text per word, minutes.
    """
    from pressrum.benchmark.search import WORDS, _median_ms, measure_search
    from pressrum.search.query import search

    built = sorted((size.folder / "build").glob("search-*.sqlite"))
    if size.releases >= 100_000 and built:
        return {"fts5": _median_ms(lambda w: search(built[-1], w), WORDS, 3), "contains": None, "regex": None,
                "documents": None, "extract_s": None, "index_s": None}
    engine = ox.Store.read_only(str(size.store))
    try:
        return measure_search(engine, size.folder, repeat=1)
    finally:
        del engine


def run_scaling(sizes: list[int], work: Path, base: str, ontology_dir: Path, steps: tuple[str, ...],
                output: Path, max_rss_mb: float, repeat: int, seconds: int, again: bool = False) -> None:
    """Run the steps at every size (skipping those already measured unless again), then write the table."""
    for releases in sizes:
        size = Size(work, releases)
        for step in steps:
            if step in size.figures and not again and step != "generate":
                continue
            if step == "generate" and size.corpus.exists() and "generate" in size.figures:
                continue
            print(f"scale: {releases} releases: {step}", file=sys.stderr, flush=True)
            started = time.perf_counter()
            if step == "generate":
                figures = step_generate(size, base, ontology_dir)
            elif step == "load":
                figures = step_load(size, max_rss_mb)
            elif step == "index":
                figures = step_index(size)
            elif step == "mix":
                figures = step_mix(size, base, repeat if releases < 100_000 else max(1, repeat // 2))
            elif step == "documents":
                figures = step_documents(size, base, seconds)
            else:
                figures = step_search(size)
            figures["step_seconds"] = time.perf_counter() - started
            size.save(step, figures)
        measured_sizes = sorted(int(f.name) for f in work.iterdir() if f.name.isdigit() and (f / "scale.json").exists())
        write_table(output, [Size(work, n) for n in measured_sizes])


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def table_lines(sizes: list[Size]) -> list[str]:
    """Return the scaling section: one column per size, one row per cost."""
    head = "| | " + " | ".join(f"{s.releases:,}" for s in sizes) + " |"
    lines = [START, "## Scaling: 1,000 to 300,000 releases", "",
             f"Written by `pressrum bench scale` (`make bench-national` for 300,000), "
             f"{datetime.now(tz=UTC).isoformat(timespec='seconds')}, {platform.machine()}, {os.cpu_count()} cores, "
             f"pyoxigraph {ox.__version__}. Each column is one run of every step at that size; a ratio is "
             "pressrum over oxigraph measured in that run.", "", head,
             "|" + " --- |" * (len(sizes) + 1)]

    def row(name: str, get: Callable[[dict], str]) -> None:
        cells = []
        for s in sizes:
            try:
                cells.append(get(s.figures))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("quads (N-Quads GB)", lambda f: f"{f['generate']['quads'] / 1e6:.1f} M ({f['generate']['bytes'] / 1e9:.1f})")
    row("generate (s)", lambda f: _fmt(f["generate"]["seconds"]))
    row("pressrum load (s)", lambda f: _fmt(f["load"]["pressrum load"]["seconds"]))
    row("oxigraph load (s)", lambda f: _load_cell(f["load"]["oxigraph load"]))
    row("load ratio (target ≤ 1.5)", lambda f: _fmt(f["load"]["pressrum load"]["seconds"]
                                                     / _ok(f["load"]["oxigraph load"])["seconds"], 2))
    row("pressrum load peak RSS (MB)", lambda f: _fmt(f["load"]["pressrum load"]["rss_mb"], 0))
    row("oxigraph load peak RSS (MB)", lambda f: _fmt(f["load"]["oxigraph load"]["rss_mb"], 0))
    row("store on disk (GB): pressrum / oxigraph", lambda f: f"{f['load']['pressrum load']['disk_bytes'] / 1e9:.2f}"
        f" / {f['load']['oxigraph load']['disk_bytes'] / 1e9:.2f}")
    row("first start, with the search index (s)", lambda f: _fmt(f["index"]["first_start_s"]))
    row("link index built, from the first start (s)", lambda f: _fmt(f["index"]["link_index_s"]))
    row("restart to first answer (s)", lambda f: _fmt(f["mix"]["restart_s"], 2))
    row("query mix, sum of medians (s): pressrum / oxigraph", lambda f: f"{_mix(f, 'pressrum'):.2f} / "
        f"{_mix(f, 'oxigraph'):.2f}")
    row("query mix ratio (target ≤ 1.1)", lambda f: _fmt(_mix(f, "pressrum") / _mix(f, "oxigraph"), 2))
    row("worst query ratio (target ≤ 1.5)", _worst)
    row("ASK {} round trip (ms): pressrum / oxigraph", lambda f: f"{f['mix']['ask_ms']['pressrum']:.2f} / "
        f"{f['mix']['ask_ms']['oxigraph']:.2f}")
    row("documents req/s: pressrum / oxigraph CONSTRUCT", lambda f: f"{f['documents']['pressrum']['rps']:,.0f} / "
        f"{f['documents']['oxigraph']['rps']:,.0f}")
    row("documents rate ratio (target ≥ 0.5)", lambda f: _fmt(f["documents"]["pressrum"]["rps"]
                                                              / f["documents"]["oxigraph"]["rps"], 2))
    row("documents p99 ms: pressrum / oxigraph (target < 25)", lambda f: f"{f['documents']['pressrum']['p99']:.1f} / "
        f"{f['documents']['oxigraph']['p99']:.1f}")
    row("cold hub documents, worst (ms, target < 50)",
        lambda f: _fmt(max(f["documents"]["hubs"].values(), default=None)))
    row("server RSS after documents (MB)", lambda f: _fmt(f["documents"]["server_rss_mb"], 0))
    row("search FTS5 median (ms)", lambda f: _fmt(f["search"]["fts5"]))
    row("search index build (s)", lambda f: _fmt(f["search"]["extract_s"] + f["search"]["index_s"]))
    row("search CONTAINS / REGEX median (ms)", lambda f: f"{_fmt(f['search']['contains'])} / "
        f"{_fmt(f['search']['regex'])}")
    per_query = sorted({q for s in sizes for q in s.figures.get("mix", {}).get("pressrum", {})})
    if per_query:
        lines += ["", "Query mix per query, median ms, pressrum / oxigraph serve (ratio):", "", head,
                  "|" + " --- |" * (len(sizes) + 1)]
        for query in per_query:
            row(query, lambda f, q=query: _query_cell(f, q))
    lines += ["", END]
    return lines


def _ok(load: dict) -> dict:
    if load["status"] != 0:
        raise KeyError("failed")
    return load


def _load_cell(load: dict) -> str:
    if load["status"] != 0:
        return f"stopped at {load['rss_mb']:,.0f} MB after {load['seconds']:.0f} s"
    return _fmt(load["seconds"])


def _mix(figures: dict, system: str) -> float:
    return sum(r["median"] for r in figures["mix"][system].values())


def _worst(figures: dict) -> str:
    ours, theirs = figures["mix"]["pressrum"], figures["mix"]["oxigraph"]
    ratio, name = max((ours[q]["median"] / theirs[q]["median"], q) for q in ours)
    return f"{ratio:.2f} ({name})"


def _query_cell(figures: dict, query: str) -> str:
    ours, theirs = figures["mix"]["pressrum"][query], figures["mix"]["oxigraph"][query]
    if ours["rows"] != theirs["rows"]:
        return f"rows differ: {ours['rows']} / {theirs['rows']}"
    return f"{ours['median'] * 1000:.1f} / {theirs['median'] * 1000:.1f} ({ours['median'] / theirs['median']:.2f})"


def write_table(output: Path, sizes: list[Size]) -> None:
    """Put the scaling section into the results file, in place of the last one (temporary file, then rename)."""
    text = output.read_text() if output.exists() else ""
    section = "\n".join(table_lines(sizes))
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    temporary = output.with_suffix(".tmp")
    temporary.write_text(text)
    temporary.replace(output)


def run_command(args) -> int:
    """Run `pressrum bench scale` from its parsed arguments."""
    from pressrum.settings import PROJECT_ROOT, load_settings

    settings = load_settings({})
    unknown = set(args.steps) - set(STEPS)
    if unknown:
        raise SystemExit(f"error: unknown step {', '.join(sorted(unknown))}; the steps are {', '.join(STEPS)}")
    work = (args.work_dir or settings["build_dir"] / "bench-scale").resolve()
    run_scaling(sorted(args.releases), work, settings["base_uri"], settings["ontology_dir"], tuple(args.steps),
                args.output or PROJECT_ROOT / "bench" / "results.md", args.max_rss_mb, args.repeat, args.duration,
                args.again)
    print(f"scale: table written to {args.output or PROJECT_ROOT / 'bench' / 'results.md'}", file=sys.stderr)
    return 0

