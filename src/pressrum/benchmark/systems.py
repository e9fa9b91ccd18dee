"""The systems under test: child processes measured for time and peak memory, HTTP servers, rdflib."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
SELECT_JSON = "application/sparql-results+json"
GRAPH_NT = "application/n-triples"


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measured(command: list[str], log: Path, max_rss_mb: float | None = None) -> tuple[float, float, int]:
    """Run a command to the end; return (seconds, peak resident MB, exit status) of that child alone.

    With max_rss_mb, a child whose resident memory passes it is killed (status -9), so that a
    loader that would not fit the machine is measured as not fitting instead of taking it down.
    """
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        if max_rss_mb is not None:
            threading.Thread(target=_kill_above, args=(process, max_rss_mb), daemon=True).start()
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode


def _kill_above(process: subprocess.Popen, max_rss_mb: float) -> None:
    status = Path(f"/proc/{process.pid}/status")
    while process.returncode is None:
        try:
            rss = next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            return
        if rss / 1024 > max_rss_mb:
            process.kill()
            return
        time.sleep(0.2)


class Server:
    """A server child process, stopped (by its own pid) when the block ends."""

    def __init__(self, command: list[str], port: int, log: Path, ready_path: str,
                 env: dict[str, str] | None = None) -> None:
        self.command, self.port, self.log, self.ready_path, self.env = command, port, log, ready_path, env
        self.url = f"http://127.0.0.1:{port}"
        self.started_in = float("nan")

    def __enter__(self) -> Server:
        started = time.perf_counter()
        self.out = self.log.open("ab")
        self.process = subprocess.Popen(self.command, stdout=self.out, stderr=subprocess.STDOUT,
                                        start_new_session=True, env=self.env)
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited with {self.process.returncode}; see {self.log}")
            try:
                if requests.get(self.url + self.ready_path, timeout=5).status_code < 500:
                    self.started_in = time.perf_counter() - started
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"{self.command[0]} did not answer within an hour; see {self.log}")

    def __exit__(self, *exc) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.out.close()


def count_rows(body: bytes, content_type: str) -> int:
    """Return the number of result rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in an answer."""
    if content_type.startswith(SELECT_JSON):
        return len(json.loads(body)["results"]["bindings"])
    return sum(1 for line in body.splitlines() if line.strip() and not line.startswith(b"#"))


def http_query(session: requests.Session, url: str, sparql: str, timeout: float) -> int:
    """POST one query (SPARQL 1.1 Protocol, form-encoded) and return its row count."""
    graph = _is_graph_query(sparql)
    response = session.post(url, data={"query": sparql}, timeout=timeout,
                            headers={"Accept": GRAPH_NT if graph else SELECT_JSON})
    response.raise_for_status()
    return count_rows(response.content, response.headers.get("Content-Type", GRAPH_NT if graph else SELECT_JSON))


def _is_graph_query(sparql: str) -> bool:
    body = "\n".join(line for line in sparql.splitlines() if not line.startswith("PREFIX"))
    return body.lstrip().upper().startswith(("CONSTRUCT", "DESCRIBE"))


FAST_QUERY = 0.05   # seconds: a query faster than this is repeated more, so its median is stable
FAST_RUNS = 25      # runs of a fast query (a median of 5 runs of a 2 ms query moves by 50 % between runs)


def time_mix(run_one, mix: dict[str, str], repeat: int, cap: float) -> dict[str, dict]:
    """Run each query once to warm up, then `repeat` times; return median seconds and rows per query.

    A query whose warm-up run took less than FAST_QUERY runs FAST_RUNS times instead (the same rule
    for every system). A query slower than `cap` is not repeated; its median is the one (capped) run.
    """
    results = {}
    for name, sparql in mix.items():
        times, rows, error = [], None, None
        runs = repeat
        for attempt in range(max(repeat, FAST_RUNS) + 1):
            if attempt > runs:
                break
            started = time.perf_counter()
            try:
                rows = run_one(sparql)
            except Exception as exc:  # a timeout or an error is a result too
                error = f"{type(exc).__name__}"
                times = [time.perf_counter() - started]
                break
            elapsed = time.perf_counter() - started
            if attempt == 0 and elapsed < FAST_QUERY and repeat > 0:
                runs = max(repeat, FAST_RUNS)
            if attempt or repeat == 0:
                times.append(elapsed)
            if elapsed > cap:
                times = [elapsed]
                break
        results[name] = {"median": statistics.median(times), "total": sum(times), "runs": len(times),
                         "rows": rows, "error": error}
    return results


def _rdflib_worker(path: str, connection) -> None:
    from pressrum.benchmark.validate import union_of_nquads

    union = union_of_nquads(Path(path))
    connection.send(len(union))
    while True:
        sparql = connection.recv()
        result = union.query(sparql)
        connection.send(len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") else len(list(result)))


class RdflibEngine:
    """rdflib's own SPARQL engine over the merge, in a child process that is killed at the time cap."""

    def __init__(self, corpus: Path, cap: float) -> None:
        self.corpus, self.cap = corpus, cap
        self.process = None
        self.load_seconds = 0.0

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_rdflib_worker, args=(str(self.corpus), child), daemon=True)
        started = time.perf_counter()
        self.process.start()
        self.triples = self.connection.recv()
        self.load_seconds = time.perf_counter() - started

    def __call__(self, sparql: str) -> int:
        if self.process is None:
            self._start()
        self.connection.send(sparql)
        if not self.connection.poll(self.cap):
            self.stop()
            raise TimeoutError(f"over the {self.cap:.0f} s cap")
        return self.connection.recv()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None
