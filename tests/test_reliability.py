"""Reliability over a real socket: idle clients do not starve others; a short load run passes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.slow


def test_200_idle_connections_do_not_starve_a_normal_request(live_server):
    parts = urlsplit(live_server)
    idle = []
    try:
        for _ in range(200):
            idle.append(socket.create_connection((parts.hostname, parts.port), timeout=5))
        idle[0].sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and one slow client, its headers never ended
        time.sleep(0.5)
        for path in ("doc/person/alexander-abenius.ttl", "", "sparql?query=ASK%7B%7D"):
            started = time.monotonic()
            response = requests.get(live_server + path, timeout=5, headers={"Connection": "close"})
            assert response.status_code == 200
            assert time.monotonic() - started < 1.0, path
    finally:
        for sock in idle:
            sock.close()


def test_100_half_sent_requests_do_not_starve_a_normal_request(live_server):
    """Slow clients: requests whose headers, or whose body, never finish arriving."""
    parts = urlsplit(live_server)
    slow = []
    try:
        for i in range(100):
            sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
            if i % 2:
                sock.sendall(b"GET /doc/person/alexander-abenius HTTP/1.1\r\nHost: x\r\nAccept: text/tu")
            else:
                sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 1000\r\n\r\nASK {")
            slow.append(sock)
        time.sleep(0.5)
        for path in ("doc/person/alexander-abenius.ttl", "", "sparql?query=ASK%7B%7D"):
            started = time.monotonic()
            response = requests.get(live_server + path, timeout=5, headers={"Connection": "close"})
            assert response.status_code == 200
            assert time.monotonic() - started < 1.0, path
    finally:
        for sock in slow:
            sock.close()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed")
def test_a_short_load_run(live_server, tmp_path):
    """The loadtest harness itself, for a few seconds (the full run is `make loadtest`)."""
    result = subprocess.run([sys.executable, "-m", "bench.loadtest", "--url", live_server, "--duration", "4",
                             "--connections", "8", "--csv", str(tmp_path / "stats.csv")],
                            capture_output=True, text=True, timeout=180)
    assert "requests" in result.stdout and (tmp_path / "stats.csv").exists(), result.stdout + result.stderr
    for line in result.stdout.splitlines():
        if line.startswith(("documents", "pages", "dataset", "sparql ")):
            fields = line.split()
            assert fields[-1] == "0" and fields[-2] == "0", line   # no socket errors, no 5xx
