"""`make loadtest`: drive a running `pressrum serve` with a bounded mix, from many clients, with wrk.

    python -m bench.loadtest [--url http://127.0.0.1:8080/] [--duration 30] [--connections 50]

Without --url a server is started on a free loopback port (its own build folder) and stopped at
the end. The mix runs as one wrk process per kind of request, all at once, so that each kind has
its own requests/s, p50 and p99 (wrk's HdrHistogram) and its own status counts (a Lua script):

    documents       entity documents in every format: .ttl .jsonld .rdf .nt .html and negotiated
    pages           HTML pages: /, /releases, the lists of each kind, /def/prog
    dataset         /dataset (negotiated, .ttl, .html) and /.well-known/void
    sparql          cheap SPARQL queries in several result formats
    sparql-timeout  a deliberately expensive query with timeout=1: the intended 503

While it runs, 200 idle connections (opened before the load) are held open, and a normal request
on a fresh connection must still be answered within a second. The resident memory of the server (master + workers +
query processes, from /proc) is sampled after a warm-up and at the end.

The run PASSES only with zero 5xx other than the intended 503s of sparql-timeout, zero socket
errors (connect, read, write, timeout), the idle check under a second, and memory flat (growth
under 20 %). Exit status 0 on PASS, 1 on FAIL, 2 when wrk is missing. Stats are written as CSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CHEAP = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX schema: <https://schema.org/> SELECT ?r ?h WHERE { ?r a schema:NewsArticle ; schema:headline ?h }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "PREFIX schema: <https://schema.org/> SELECT ?q ?t WHERE { ?q a schema:Quotation ; schema:text ?t } LIMIT 20",
    "ASK { ?s a <https://schema.org/Person> }",
    "PREFIX schema: <https://schema.org/> CONSTRUCT { ?p schema:name ?n } "
    "WHERE { ?p a schema:Person ; schema:name ?n }",
]
RESULT_ACCEPTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values", "*/*"]
GRAPH_ACCEPTS = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "*/*"]
DOC_ACCEPTS = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "text/html",
               "text/html;q=0.5, text/turtle;q=0.9", "*/*"]
IDLE_CONNECTIONS = 200
RSS_GROWTH_LIMIT = 0.20

# One wrk Lua script for every kind: random requests from a file, statuses tallied per thread.
LUA = r"""
local requests_list = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local accept, path = line:match("^(.-)\t(.*)$")
    table.insert(requests_list, wrk.format("GET", path, {["Accept"] = accept}))
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  s2, s3, s4, s503, s5 = 0, 0, 0, 0, 0
end

function request()
  return requests_list[math.random(#requests_list)]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then s2 = s2 + 1
  elseif status < 400 then s3 = s3 + 1
  elseif status < 500 then s4 = s4 + 1
  elseif status == 503 then s503 = s503 + 1
  else s5 = s5 + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s503 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  io.write(string.format(
    'LOADTEST {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "non2xx3xx": %d, ' ..
    '"s2xx": %d, "s3xx": %d, "s4xx": %d, "s503": %d, "s5xx_other": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status, t.s2, t.s3, t.s4, t.s503, t.s5))
end
"""


@dataclass
class Kind:
    """One kind of request in the mix: its share of the connections and its request list."""

    name: str
    share: float
    requests: list[tuple[str, str]]   # (Accept, path)
    intended_503: bool = False


def entity_paths(base: str) -> list[str]:
    """Return the /doc paths of entities of several kinds, found by SPARQL on the running server."""
    query = ("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && CONTAINS(STR(?s), \"/id/\") "
             "&& !CONTAINS(STR(?s), \"#\")) } LIMIT 400")
    response = requests.get(base + "sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    response.raise_for_status()
    iris = [row["s"]["value"] for row in response.json()["results"]["bindings"]]
    return sorted({"doc/" + iri.split("/id/", 1)[1] for iri in iris})


def mix(base: str) -> list[Kind]:
    """Return the bounded mix of requests."""
    root = urlsplit(base).path.rstrip("/") + "/"
    docs = entity_paths(base)
    documents = [(a, root + d) for d in docs for a in DOC_ACCEPTS] + [
        ("*/*", f"{root}{d}.{ext}") for d in docs for ext in ("ttl", "jsonld", "rdf", "nt", "html")]
    kinds = sorted({d.split("/")[1] for d in docs})
    pages = [("text/html", root + p) for p in ("", "releases", "def/prog", "releases?page=1", "?lang=en")]
    pages += [("text/html", f"{root}kinds/{k}") for k in kinds]
    dataset = [("*/*", root + "dataset"), ("text/turtle", root + "dataset"), ("*/*", root + "dataset.ttl"),
               ("text/html", root + "dataset.html"), ("application/ld+json", root + "dataset"),
               ("*/*", root + ".well-known/void")]
    sparql = [(accept, f"{root}sparql?query={quote(q)}") for q in CHEAP
              for accept in (GRAPH_ACCEPTS if q.startswith(("PREFIX schema: <https://schema.org/> CONSTRUCT",))
                             else RESULT_ACCEPTS)]
    sparql += [("application/n-triples", f"{root}sparql")]  # the service description
    slow = [("application/sparql-results+json", f"{root}sparql?timeout=1&query={quote(EXPENSIVE)}")]
    return [Kind("documents", 0.40, documents), Kind("pages", 0.20, pages), Kind("dataset", 0.10, dataset),
            Kind("sparql", 0.24, sparql), Kind("sparql-timeout", 0.06, slow, intended_503=True)]


# --- the server and its memory -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path, workers: int) -> tuple[subprocess.Popen, str]:
    """Start `pressrum serve` on a free loopback port and wait until it answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("pressrum")), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--base-uri", base, "--workers", str(workers)],
        env={**os.environ, "PRESSRUM_BUILD_DIR": str(folder)}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}; see {folder / 'server.log'}")
        try:
            requests.get(base, timeout=2)
            return process, base
        except requests.RequestException:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not answer within 120 s")


def server_pid(base: str) -> int | None:
    """Return the pid of the process listening on the base URL's port (the gunicorn master)."""
    port = urlsplit(base).port
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd).removeprefix("socket:[").rstrip("]") in inodes:
                    found.append(int(proc.name))
                    break
        except OSError:
            continue
    return min(found) if found else None   # the master is the oldest holder of the listener


def tree(pid: int) -> list[int]:
    """Return a process and all its descendants."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def memory(pid: int) -> dict[str, int]:
    """Return the RSS and PSS (kB) of a process tree, and how many processes it has."""
    rss = pss = count = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
            count += 1
        except OSError:
            continue
    return {"rss_kb": rss, "pss_kb": pss, "processes": count}


# --- idle connections -----------------------------------------------------------------------------

def open_idle(base: str, count: int = IDLE_CONNECTIONS) -> list[socket.socket]:
    """Open `count` connections that never send a request."""
    parts = urlsplit(base)
    idle = [socket.create_connection((parts.hostname, parts.port), timeout=5) for _ in range(count)]
    time.sleep(0.5)
    return idle


def timed_request(base: str) -> tuple[float, int]:
    """Time one normal request on a fresh connection (status 0: no answer within 10 s)."""
    started = time.monotonic()
    try:
        status = requests.get(base + "doc/" + "person/alexander-abenius", timeout=10,
                              headers={"Accept": "text/turtle", "Connection": "close"}).status_code
    except requests.RequestException:
        status = 0
    return time.monotonic() - started, status


def idle_check(base: str, count: int = IDLE_CONNECTIONS) -> tuple[float, int]:
    """Open `count` idle connections at once, then time one normal request on a fresh connection."""
    idle = open_idle(base, count)
    try:
        return timed_request(base)
    finally:
        for sock in idle:
            sock.close()


# --- the run --------------------------------------------------------------------------------------

def run_wrk(kind: Kind, base: str, connections: int, duration: int, work: Path) -> subprocess.Popen:
    """Start one wrk process for a kind of request."""
    listing = work / f"{kind.name}.tsv"
    listing.write_text("".join(f"{accept}\t{path}\n" for accept, path in kind.requests))
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    threads = max(1, min(2, connections))
    return subprocess.Popen(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "15s",
         "-s", str(work / "mix.lua"), origin, "--", str(listing)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def warm_up(kinds: list[Kind], base: str) -> None:
    """Request each path once (and a few queries at once), so that start-up costs are not growth."""
    origin = base.split("/", 3)
    origin = f"{origin[0]}//{origin[2]}"
    session = requests.Session()
    for kind in kinds:
        for accept, path in random.Random(1).sample(kind.requests, min(len(kind.requests), 60)):
            session.get(origin + path, headers={"Accept": accept}, timeout=30)
    threads = [threading.Thread(target=lambda: requests.get(origin + kinds[-1].requests[0][1], timeout=30))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of a server started here")
    parser.add_argument("--csv", type=Path, default=Path("build/loadtest/stats.csv"), help="where the stats go")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="pressrum-loadtest-"))
    (work / "mix.lua").write_text(LUA)
    process = None
    try:
        if args.url:
            base = args.url.rstrip("/") + "/"
        else:
            process, base = start_server(work, args.workers)
        return run(base, args, work)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def run(base: str, args: argparse.Namespace, work: Path) -> int:
    kinds = mix(base)
    pid = server_pid(base)
    quiet_idle, quiet_status = idle_check(base)
    warm_up(kinds, base)
    shares = [max(1, round(args.connections * k.share)) for k in kinds]
    # A short run of the same mix first: memory is compared from the steady state (query processes
    # forked, caches filled), so that growth means a leak, not start-up.
    warm = max(3, min(10, args.duration // 3))
    for wrk in [run_wrk(kind, base, n, warm, work) for kind, n in zip(kinds, shares, strict=True)]:
        wrk.communicate(timeout=warm + 60)
    time.sleep(2)
    start_memory = memory(pid) if pid else None
    print(f"pressrum loadtest: {base}, {sum(shares)} connections for {args.duration} s "
          f"({', '.join(f'{k.name} {n}' for k, n in zip(kinds, shares, strict=True))})", flush=True)
    # The 200 idle connections are opened before the load and held through it; the checks then time
    # a normal request on a fresh connection while they sit there (the requirement).
    idle = open_idle(base)
    runs = [run_wrk(kind, base, n, args.duration, work) for kind, n in zip(kinds, shares, strict=True)]
    checks = []
    try:
        for _ in range(3):  # three checks spread over the run; the slowest one counts
            time.sleep(args.duration / 5)
            checks.append(timed_request(base))
            print(f"  request with {len(idle)} idle connections, under load: {checks[-1][1]} in "
                  f"{checks[-1][0] * 1000:.0f} ms", flush=True)
        # Not a pass/fail check: a burst of 200 new connections opened under saturation. gunicorn sets
        # gevent's max_accept to 1 when there are several workers, so a busy worker accepts one new
        # connection per turn of its loop; the request behind the burst waits for all of them.
        flood = idle_check(base)
        print(f"  (for information) a burst of {IDLE_CONNECTIONS} new connections under load, then a request: "
              f"{flood[1]} in {flood[0] * 1000:.0f} ms", flush=True)
    finally:
        for sock in idle:
            sock.close()
    busy_idle, busy_status = max(checks)
    peak = memory(pid) if pid else None
    results = {}
    for kind, wrk in zip(kinds, runs, strict=True):
        output, _ = wrk.communicate(timeout=args.duration + 60)
        line = next((ln for ln in output.splitlines() if ln.startswith("LOADTEST ")), None)
        if line is None:
            print(output, file=sys.stderr)
            results[kind.name] = None
            continue
        results[kind.name] = json.loads(line.removeprefix("LOADTEST "))
    time.sleep(2)
    end_memory = memory(pid) if pid else None
    return report(kinds, results, (quiet_idle, quiet_status), (busy_idle, busy_status),
                  start_memory, peak, end_memory, args)


def report(kinds, results, quiet, busy, start, peak, end, args) -> int:
    failures: list[str] = []
    rows = []
    header = f"{'kind':<15} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'2xx':>7} {'3xx':>5} {'4xx':>5} " \
             f"{'503':>6} {'5xx':>4} {'sock':>5}"
    print(header)
    totals = {"requests": 0, "rate": 0.0}
    for kind in kinds:
        r = results[kind.name]
        if r is None:
            failures.append(f"{kind.name}: wrk gave no result")
            continue
        rate = r["requests"] / (r["duration_us"] / 1e6)
        socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
        unexpected_503 = 0 if kind.intended_503 else r["s503"]
        print(f"{kind.name:<15} {rate:>8.1f} {r['p50_us'] / 1000:>8.1f} {r['p99_us'] / 1000:>8.1f} {r['s2xx']:>7} "
              f"{r['s3xx']:>5} {r['s4xx']:>5} {r['s503']:>6} {r['s5xx_other']:>4} {socket_errors:>5}")
        rows.append({"kind": kind.name, "requests": r["requests"], "requests_per_s": round(rate, 1),
                     "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
                     "2xx": r["s2xx"], "3xx": r["s3xx"], "4xx": r["s4xx"], "503": r["s503"],
                     "5xx_other": r["s5xx_other"], "connect_errors": r["connect"], "read_errors": r["read"],
                     "write_errors": r["write"], "timeouts": r["timeout"]})
        totals["requests"] += r["requests"]
        totals["rate"] += rate
        if r["s5xx_other"] or unexpected_503:
            failures.append(f"{kind.name}: {r['s5xx_other']} 5xx and {unexpected_503} unintended 503")
        if socket_errors:
            failures.append(f"{kind.name}: {socket_errors} socket errors "
                            f"(connect {r['connect']}, read {r['read']}, write {r['write']}, timeout {r['timeout']})")
        if kind.intended_503 and r["s503"] == 0:
            failures.append(f"{kind.name}: no query ran into the time limit (expected 503s)")
        if r["s4xx"]:
            failures.append(f"{kind.name}: {r['s4xx']} 4xx answers to a mix of valid requests")
    print(f"{'total':<15} {totals['rate']:>8.1f}  ({totals['requests']} requests)")
    for label, (seconds, status) in (("idle check before load", quiet), ("idle check under load", busy)):
        verdict = "ok" if seconds < 1.0 and status == 200 else "FAIL"
        print(f"{label}: {IDLE_CONNECTIONS} idle connections open, a request answered {status} in "
              f"{seconds * 1000:.0f} ms ({verdict})")
        if verdict == "FAIL":
            failures.append(f"{label}: {status} in {seconds:.2f} s")
    if start and end and not start["rss_kb"]:
        # The listener's process was found but none of its tree's smaps could be read (it exited, or
        # it was a defunct process still counted): say so rather than divide by nothing.
        print("memory: no readable /proc/<pid>/smaps_rollup in the server's process tree: not sampled")
    elif start and end:
        growth = (end["rss_kb"] - start["rss_kb"]) / start["rss_kb"]
        print(f"memory (master + workers + query processes): RSS {start['rss_kb'] / 1024:.0f} MB "
              f"({start['processes']} processes) at start, {peak['rss_kb'] / 1024:.0f} MB in mid-run, "
              f"{end['rss_kb'] / 1024:.0f} MB ({end['processes']} processes) at end: {growth:+.1%}; "
              f"PSS {start['pss_kb'] / 1024:.0f} → {end['pss_kb'] / 1024:.0f} MB")
        if growth > RSS_GROWTH_LIMIT:
            failures.append(f"resident memory grew {growth:.1%} (limit {RSS_GROWTH_LIMIT:.0%})")
        rows.append({"kind": "memory", "rss_start_kb": start["rss_kb"], "rss_mid_kb": peak["rss_kb"],
                     "rss_end_kb": end["rss_kb"], "pss_start_kb": start["pss_kb"], "pss_end_kb": end["pss_kb"]})
    else:
        print("memory: the server process was not found (a remote URL?): not sampled")
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    fields = sorted({k for row in rows for k in row}, key=lambda k: (k != "kind", k))
    with args.csv.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    print(f"stats: {args.csv}")
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
