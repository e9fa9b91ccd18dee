"""Stores the tests start themselves on loopback: Virtuoso (virtuoso-t) with a virtuoso.ini of ours."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

# Debian's virtuoso.ini, cut down: a private database folder, loopback ports, hard limits.
# [SPARQL] MaxQueryExecutionTime is the store's own hard limit per query (seconds);
# ResultSetMaxRows must exceed pressrum's max_rows + 1, or answers are cut short silently.
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {limit}
MaxQueryCostEstimationTime = 0
"""


def require_virtuoso() -> None:
    """Skip without virtuoso-t, except in CI (CI=true), where its absence is a failure."""
    if VIRTUOSO and ISQL:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("virtuoso-t and isql-vt are not installed (.ci/run installs virtuoso-opensource)")
    pytest.skip("virtuoso-t not installed (apt-get install virtuoso-opensource)")


class VirtuosoServer:
    """`virtuoso-t +foreground +configfile FILE` on free loopback ports, which can be killed and restarted."""

    def __init__(self, folder: Path, limit_s: int = 60) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.http, self.sql = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http}/sparql"
        self.spec = "sparql+" + self.url
        (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=self.sql, http=self.http, limit=limit_s))
        self.process: subprocess.Popen | None = None
        self.log = (folder / "virtuoso.out").open("ab")

    def start(self) -> None:
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
                                        cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}")
            try:
                requests.get(self.url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError("virtuoso did not start")
        # The one grant an operator gives: anonymous SPARQL may update (loading).
        subprocess.run([ISQL, f"127.0.0.1:{self.sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=30)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
            (self.folder / "virtuoso.lck").unlink(missing_ok=True)

    def wipe(self) -> None:
        """Remove the database (the server must be stopped): the next start is an empty store."""
        for name in os.listdir(self.folder):
            if name.startswith("virtuoso") and not name.endswith((".ini", ".out")):
                (self.folder / name).unlink()


def cpu_seconds(pid: int) -> float:
    """Return a process's user + system CPU time (proc(5): /proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seconds_until_idle(pid: int, within: float = 20.0, window: float = 0.5) -> float:
    """Return how long until the process uses under 10% of a core over a window (inf if never)."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < 0.1 * window:
            return time.monotonic() - started - window
    return float("inf")


def competency_differences(store, built) -> list[int]:
    """Return the numbers of the competency questions a store answers unlike the embedded store."""
    import pyoxigraph as ox

    from pressrum.store import EmbeddedStore
    from tests.competency_questions import QUESTIONS
    from tests.test_competency_questions import answer

    embedded = EmbeddedStore()
    embedded.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
    return [q.number for q in QUESTIONS if answer(store, q) != answer(embedded, q)]
