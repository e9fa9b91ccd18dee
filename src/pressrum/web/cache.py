"""The HTTP cache in front of the WSGI server: Varnish as a child of `pressrum serve`, and its bans."""

from __future__ import annotations

import ctypes
import http.client
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# The response header naming the dataset an answer was made from (the content hash). Varnish keeps
# it on the cached object, bans by it, and never shows it to clients.
DATASET_HEADER = "X-Pressrum-Dataset"

# Varnish 7 VCL. The builtin VCL still runs after each subroutine below (no `return` where it
# should decide): it passes requests with Authorization or Cookie and never caches Set-Cookie.
VCL = """vcl 4.1;

backend wsgi {
    .host = "127.0.0.1";
    .port = "%(backend_port)d";
    .connect_timeout = 2s;
    .first_byte_timeout = 120s;
    .between_bytes_timeout = 60s;
}

acl banners { "127.0.0.1"; "::1"; }

sub vcl_recv {
    # pressrum's own ban: drop every object made from another dataset than the one named.
    if (req.method == "BAN") {
        if (!(client.ip ~ banners) || !req.http.%(header)s) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.%(header)s != " + req.http.%(header)s);
        return (synth(200, "Banned"));
    }
    # Only GET and HEAD are cacheable (RFC 9111 §2); POST /sparql and every other method go through.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The SPARQL endpoint runs arbitrary queries: the store answers them, the cache keeps none.
    if (req.url ~ "^/sparql") {
        return (pass);
    }
    # A conditional request is answered from the cached object (304 on a matching If-None-Match,
    # RFC 9110 §13.1.2), so the backend always sees the full request.
}

sub vcl_backend_fetch {
    # A new connection per fetch, accepted by whichever gunicorn worker is free: a pooled
    # keep-alive connection would pin the fetch to its worker, even while that worker waits on a
    # long query.
    set bereq.http.Connection = "close";
}

sub vcl_backend_response {
    # Errors are kept a few seconds at most, server errors not at all (hit-for-miss).
    if (beresp.status >= 500) {
        set beresp.ttl = 1s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.status >= 400 && beresp.ttl > 5s) {
        set beresp.ttl = 5s;
    }
    # Vary (RFC 9110 §12.5.5) is honoured by Varnish itself: one object per Accept, Accept-Language.
}

sub vcl_deliver {
    unset resp.http.%(header)s;
}
"""


def vcl(backend_port: int) -> str:
    """Return the VCL that caches the WSGI server on `backend_port`."""
    return VCL % {"backend_port": backend_port, "header": DATASET_HEADER}


def varnishd() -> str:
    """Return the path of Debian's varnishd, or fail with the remedy."""
    found = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
    if found is None:
        raise RuntimeError("varnishd is not installed: apt-get install -y varnish (or set PRESSRUM_CACHE=off)")
    return found


def _die_with_parent() -> None:
    """Have the kernel stop varnishd when `pressrum serve` dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)


class Varnish:
    """One varnishd (manager and cache process) listening on host:port, caching 127.0.0.1:backend_port."""

    def __init__(self, host: str, port: int, backend_port: int, memory_mb: int = 256) -> None:
        self.host, self.port, self.backend_port, self.memory_mb = host, port, backend_port, memory_mb
        self.process: subprocess.Popen | None = None
        self.log = None
        self.folder = Path(tempfile.mkdtemp(prefix="pressrum-varnish-"))

    def start(self, wait: float = 10.0) -> None:
        """Start varnishd and wait until it accepts connections."""
        self.spawn()
        self.wait_listening(wait)

    def spawn(self) -> None:
        """Start varnishd in the foreground as a child (it compiles its VCL, then listens)."""
        script = self.folder / "pressrum.vcl"
        script.write_text(vcl(self.backend_port))
        self.log = (self.folder / "varnishd.log").open("ab")  # its chatter; its last words if it fails
        self.process = subprocess.Popen(
            [varnishd(), "-F", "-j", "none", "-n", str(self.folder / "work"), "-a", f"{self.host}:{self.port}",
             "-f", str(script), "-s", f"malloc,{self.memory_mb}m", "-T", "none",
             # Only answers that say Cache-Control max-age are kept (RFC 9111 §4.2.1); none is guessed.
             "-p", "default_ttl=0", "-p", "default_grace=0", "-p", "timeout_idle=10",
             "-p", "thread_pool_min=10"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)

    def wait_listening(self, wait: float = 10.0) -> None:
        """Wait until varnishd accepts connections, or stop it and fail."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited with status {self.process and self.process.returncode}: "
                                   + self.last_words())
            try:  # a connection, not a request: the workers that would answer are not forked yet
                socket.create_connection((self.loopback, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        words = self.last_words()
        self.stop()
        raise RuntimeError(f"varnishd did not listen on {self.host}:{self.port} within {wait} s: {words}")

    def last_words(self) -> str:
        """Return the last lines varnishd wrote, in one line."""
        try:
            lines = (self.folder / "varnishd.log").read_text(errors="replace").split("\n")
        except OSError:
            return ""
        return " / ".join(line.strip() for line in lines[-6:] if line.strip())

    def ban(self, dataset: str | None) -> None:
        """Drop every cached answer made from another dataset than `dataset` (all, when None)."""
        self._request("BAN", "/", {DATASET_HEADER: dataset or "-"})

    def stop(self) -> None:
        """Stop varnishd and remove its working folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def loopback(self) -> str:
        """Return the address this machine reaches Varnish at."""
        return loopback(self.host)

    def _request(self, method: str, path: str, headers: dict[str, str]) -> int:
        return ban_request(self.loopback, self.port, method, path, headers)


def backend_listener() -> socket.socket:
    """Return a socket listening on a free 127.0.0.1 port, for gunicorn behind the cache.

    It listens before the app is built: connections the cache makes meanwhile wait in the backlog
    until the workers accept them, instead of being refused (a 503 from the cache).
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    return listener


def loopback(host: str) -> str:
    """Return the address to reach a server bound to `host` from this machine."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def ban_request(host: str, port: int, method: str = "BAN", path: str = "/",
                headers: dict[str, str] | None = None, timeout: float = 2.0) -> int:
    """Send one request to the cache and return its status."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()
