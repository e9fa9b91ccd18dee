"""`pressrum bench run`: generate, load, serve and measure everything in one run; write bench/results.md."""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import UTC, datetime

import pyoxigraph as ox
import requests

from pressrum.benchmark import documents, report, stacks
from pressrum.benchmark.generator import generate
from pressrum.benchmark.queries import query_mix
from pressrum.benchmark.search import measure_search
from pressrum.benchmark.systems import BIN, RdflibEngine, Server, count_rows, free_port, http_query, measured, time_mix
from pressrum.settings import PROJECT_ROOT, load_settings

CAP = 30.0          # seconds a query may take on any system before it is not repeated
RDFLIB_CAP = 20.0   # rdflib's per-query time cap (the child process is killed)


def say(message: str) -> None:
    """Show a step on a terminal (only when standard error is one)."""
    if sys.stderr.isatty():
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


def in_process(store: ox.Store):
    """Return a function that runs a query on pyoxigraph and serialises the answer, as a server would."""
    def run(sparql: str) -> int:
        result = store.query(sparql)
        if isinstance(result, ox.QueryTriples):
            return count_rows(result.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples")
        return count_rows(result.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json")
    return run


def over_http(url: str):
    session = requests.Session()
    return lambda sparql: http_query(session, url, sparql, CAP + 5)


def measure_documents(args: argparse.Namespace, store, base: str, port: int, log, work) -> dict:
    """Measure entity documents on each HTTP stack, the trivial-Flask ceiling and the oxigraph reference.

    All in one run, one after the other on the same machine: only ratios between these rows mean
    something when other work shares the cores.
    """
    paths = documents.sample_paths(store, base, 300)
    rows: dict[str, dict] = {}
    ready = "/sparql?query=ASK%7B%7D"
    with Server(stacks.pressrum_serve(BIN, store, port, cache=True), port, log, ready) as server:
        for name, accept in documents.FORMATS.items():
            say(f"entity documents, {name}, {report.PRODUCTION}")
            rows[f"pressrum /doc ({name}), {report.PRODUCTION}"] = documents.measure(
                server.url, paths, accept, args.duration, work)
    candidates = {report.GUNICORN: stacks.pressrum_serve(BIN, store, port, cache=False),
                  report.GRANIAN: stacks.granian_serve(store, port)}
    for stack, command in candidates.items():
        with Server(command, port, log, ready) as server:
            say(f"entity documents, turtle, {stack}")
            rows[f"pressrum /doc (turtle), {stack}"] = documents.measure(
                server.url, paths, "text/turtle", args.duration, work)
    trivial = [sys.executable, "-m", "pressrum.benchmark.documents", str(port), "2"]
    with Server(trivial, port, log, "/ready") as server:
        say("entity documents, trivial Flask")
        rows[report.CEILING] = documents.measure(server.url, paths, "text/turtle", args.duration, work)
    # The reference: oxigraph serve answering each entity's CONSTRUCT in Turtle, over the same store.
    with Server([str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                 "--union-default-graph"], port, log, "/query?query=ASK%7B%7D") as server:
        say("entity documents, oxigraph serve CONSTRUCT")
        rows[report.REFERENCE] = documents.measure(
            server.url, documents.construct_paths(base, paths), "text/turtle", args.duration, work)
    return rows


def run_benchmark(args: argparse.Namespace) -> int:
    """Run the whole benchmark at args.releases releases and write the results file."""
    started = time.perf_counter()
    settings = load_settings({})
    base, n = settings["base_uri"], args.releases
    work = (args.work_dir or settings["build_dir"] / f"bench-{n}").resolve()
    work.mkdir(parents=True, exist_ok=True)
    log = work / "bench.log"
    corpus = work / "corpus.nq"
    results: dict = {"releases": n, "base": base, "started": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                     "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, "
                                f"Python {platform.python_version()}, pyoxigraph {ox.__version__}"}

    say(f"generating {n} releases")
    with corpus.open("wb") as out:
        results["corpus"] = generate(n, out, base, settings["ontology_dir"])
    results["corpus"]["bytes"] = corpus.stat().st_size

    store = work / "store"
    say("pressrum load")
    for folder in (store, work / "ox-bulk", work / "oxigraph"):
        __import__("shutil").rmtree(folder, ignore_errors=True)
    # The store's content hash lives beside it: without this, an unchanged corpus would be "already
    # loaded" into the emptied folder and every system would be timed over an empty store.
    store.with_name(store.name + ".meta.json").unlink(missing_ok=True)
    results["load"] = {
        "pressrum load": measured([str(BIN / "pressrum"), "load", "--force", "--store", str(store), str(corpus)],
                                  log),
        "pyoxigraph bulk_load": measured([sys.executable, "-c", (
            "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()"),
            str(work / "ox-bulk"), str(corpus)], log),
    }
    if "oxigraph" not in args.skip:
        say("oxigraph load")
        results["load"]["oxigraph load (CLI)"] = measured(
            [str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(corpus)], log)
    for name, (_, _, status) in results["load"].items():
        if status != 0:
            raise SystemExit(f"error: {name} failed with status {status}; see {log}")

    mix = query_mix(base)
    systems: dict[str, dict] = {}
    say("pyoxigraph in-process")
    engine = ox.Store.read_only(str(store))
    results["triples"] = len(engine)
    if results["triples"] < results["corpus"]["quads"]:
        raise SystemExit(f"error: the store holds {results['triples']} quads, fewer than the corpus's "
                         f"{results['corpus']['quads']}; see {log}")
    results["merge"] = int(next(iter(engine.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    systems["pyoxigraph in-process"] = time_mix(in_process(engine), mix, args.repeat, CAP)
    if "search" not in args.skip:
        say("search: FTS5, CONTAINS, REGEX")
        results["search"] = measure_search(engine, work)
    del engine

    port = free_port()
    serve = stacks.pressrum_serve(BIN, store, port, cache=True)
    with Server(serve, port, log, "/sparql?query=ASK%7B%7D") as server:
        results["restart"] = server.started_in
        say("pressrum /sparql")
        systems["pressrum /sparql"] = time_mix(over_http(server.url + "/sparql"), mix, args.repeat, CAP)
    if "documents" not in args.skip:
        results["documents"] = measure_documents(args, store, base, port, log, work)

    if "oxigraph" not in args.skip:
        oxigraph = str(BIN / "oxigraph")
        bind = f"127.0.0.1:{port}"
        with Server([oxigraph, "serve-read-only", "--location", str(store), "--bind", bind],
                    port, log, "/query?query=ASK%7B%7D") as server:
            say("oxigraph serve-read-only (pressrum's store)")
            systems["oxigraph serve (same store)"] = time_mix(over_http(server.url + "/query"), mix, args.repeat, CAP)
        with Server([oxigraph, "serve", "--location", str(work / "oxigraph"), "--bind", bind,
                     "--union-default-graph", "--timeout-s", str(int(CAP))],
                    port, log, "/query?query=ASK%7B%7D") as server:
            say("oxigraph serve --union-default-graph")
            systems["oxigraph serve --union-default-graph"] = time_mix(
                over_http(server.url + "/query"), mix, args.repeat, CAP)

    if "rdflib" not in args.skip and n <= args.rdflib_limit:
        say("rdflib")
        rdflib = RdflibEngine(corpus, RDFLIB_CAP)
        try:
            systems["rdflib"] = time_mix(rdflib, mix, min(args.repeat, 3), RDFLIB_CAP)
        finally:
            rdflib.stop()
        results["rdflib_load"] = rdflib.load_seconds

    results["systems"] = systems
    results["seconds"] = time.perf_counter() - started
    output = args.output or PROJECT_ROOT / "bench" / "results.md"
    report.write(output, results, mix)
    say("")
    verdicts = report.targets(results)
    passed = sum(1 for v in verdicts if v[3])
    print(f"bench: {n} releases, {results['corpus']['quads']} quads; {passed}/{len(verdicts)} targets met; "
          f"results in {output} ({results['seconds']:.0f} s)", file=sys.stderr)
    return 0
