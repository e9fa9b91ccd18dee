"""Run SPARQL queries under a real deadline, in worker processes that can be killed.

pyoxigraph's Python API has no query timeout and never releases a running query, so a query on the
embedded store runs in a forked child process. The parent talks to it over a socketpair (sockets
are cooperative under gevent's monkey patching, so a gunicorn gevent worker keeps answering other
requests meanwhile) and waits at most until the deadline; then it SIGKILLs the child — no CPU is
left burning — starts a fresh one, and answers 503 naming the `query_timeout` setting.

The children are forked lazily, by the process that uses them (a gunicorn worker, never the
preloading master): the pool remembers os.getpid() and starts over after a fork. A child inherits
the store copy-on-write; when the dataset is replaced, the idle children are retired.

A remote store is already out of process: its queries run in this process with an HTTP timeout.
The answer is serialised by pyoxigraph's own serialisers in both cases.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import re
import signal
import socket
import stat
import struct
import threading
import time
import warnings
from typing import Any

from pressrum.http_errors import HttpError
from pressrum.sparql.execute import Answer, Job, NotAcceptable, run_inline
from pressrum.store import EmbeddedStore, Store, StoreError

log = logging.getLogger(__name__)
# Where an app keeps its query runner (app.extensions[RUNNER]).
RUNNER = "pressrum.query_runner"
_HEADER = struct.Struct("!Q")
CHILD_GRACE = 2.0  # seconds a child outlives its deadline before its own alarm ends it
_POSITION = re.compile(r"error at (\d+):(\d+):")
PR_SET_PDEATHSIG = 1


# --- the child process ---------------------------------------------------------------------------

def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _close_other_sockets(keep: int) -> None:
    """Close every inherited socket but ours: a client connection or the listening socket held open
    here would keep the server's close() from reaching the client. Files (the on-disk store) stay."""
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else ():
        fd = int(name)
        if fd == keep:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _child_main(fd: int, store: Store, forked_by_main_thread: bool) -> None:
    """Answer jobs from the parent until it goes away; only blocking system calls, never the hub."""
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1,
                   signal.SIGUSR2, signal.SIGWINCH, signal.SIGTTIN, signal.SIGTTOU, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    if forked_by_main_thread:  # die with the parent (Linux); the signal follows the forking *thread*
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # SIGALRM's default action ends the process
    _close_other_sockets(fd)
    os.set_blocking(fd, True)
    while True:
        header = _read_exactly(fd, _HEADER.size)
        if header is None:
            return
        payload = _read_exactly(fd, _HEADER.unpack(header)[0])
        if payload is None:
            return
        job, timeout = pickle.loads(payload)
        # A watchdog of our own: even if the parent is gone, no query outlives its deadline by much.
        signal.setitimer(signal.ITIMER_REAL, timeout + CHILD_GRACE)
        outcome = run_inline(store, job)
        signal.setitimer(signal.ITIMER_REAL, 0)
        if isinstance(outcome, BaseException):
            outcome = (type(outcome).__name__, str(outcome), getattr(outcome, "form", None))
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(fd, _HEADER.pack(len(data)) + data)


def _original_fork():
    """Return os.fork as it was before gevent patched it: the child must never run gevent's hub."""
    try:
        from gevent import monkey

        if monkey.is_module_patched("os"):
            return monkey.get_original("os", "fork")
    except ImportError:
        pass
    return os.fork


class Worker:
    """One child process and the parent's end of its socketpair."""

    def __init__(self, store: Store, generation: Any) -> None:
        parent_end, child_end = socket.socketpair()
        main_thread = threading.get_native_id() == os.getpid()  # Linux: the main thread's id is the pid
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: the child only queries
            pid = _original_fork()()
        if pid == 0:  # the child
            status = 0
            try:
                parent_end.close()
                _child_main(child_end.fileno(), store, main_thread)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        child_end.close()
        self.pid, self.sock, self.generation = pid, parent_end, generation

    def ask(self, job: Job, deadline: float) -> Any:
        """Send a job and wait for its outcome until the deadline (TimeoutError when it passes)."""
        data = pickle.dumps((job, max(deadline - time.monotonic(), 0.0)), protocol=pickle.HIGHEST_PROTOCOL)
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        self.sock.sendall(_HEADER.pack(len(data)) + data)
        size = _HEADER.unpack(self._receive(_HEADER.size, deadline))[0]
        return pickle.loads(self._receive(size, deadline))

    def _receive(self, size: int, deadline: float) -> bytes:
        buffer = bytearray()
        while len(buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("deadline passed")
            self.sock.settimeout(remaining)
            chunk = self.sock.recv(min(size - len(buffer), 1 << 20))
            if not chunk:
                raise ConnectionError("the query process ended")
            buffer += chunk
        return bytes(buffer)

    def kill(self) -> None:
        """Stop the child at once and reap it (the pool's record of it is dropped by the pool)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(self.pid, 0)
        self.sock.close()


class QueryRunner:
    """A small pool of query processes for an embedded store, or inline runs for a remote one."""

    def __init__(self, store: Store, settings: dict) -> None:
        self.store, self.settings = store, settings
        self.size = max(int(settings["query_workers"]), 1)
        self._pid: int | None = None
        self._lock = threading.Condition()  # remade in each process by _here()
        self._idle: list[Worker] = []
        self._busy = 0
        self._live: set[int] = set()  # pids of this process's query processes, idle or busy

    @property
    def forks(self) -> bool:
        """Tell whether queries run in child processes (an embedded store)."""
        return isinstance(self.store, EmbeddedStore)

    def run(self, job: Job, timeout: float) -> Answer:
        """Run a job within `timeout` seconds; raise HttpError (400, 406, 503) when it cannot."""
        started = time.monotonic()
        deadline = started + timeout
        if not self.forks:
            return _outcome(run_inline(self.store, job, timeout), timeout)
        worker = self._acquire(deadline, timeout)
        try:
            outcome = worker.ask(job, deadline)
        except TimeoutError:
            self._discard(worker)
            raise HttpError(503, f"the query ran longer than {timeout:g} s and was stopped (the "
                                 "`query_timeout` setting, or a lower `timeout` parameter)",
                            {"Retry-After": "5"}) from None
        except (ConnectionError, OSError, EOFError, pickle.UnpicklingError) as error:
            self._discard(worker)
            raise HttpError(500, f"the query process failed ({error}); the query was not answered") from None
        self._release(worker)
        if isinstance(outcome, tuple):
            name, message, form = outcome
            outcome = {"SyntaxError": SyntaxError, "NotAcceptable": NotAcceptable}.get(name, StoreError)(
                form if name == "NotAcceptable" else message)
        return _outcome(outcome, timeout)

    def _generation(self) -> Any:
        inner = getattr(self.store, "oxigraph", None)
        return (id(inner), self.store.content_hash())

    def _here(self) -> threading.Condition:
        """Return this process's lock, made anew after a fork.

        The runner is created in gunicorn's master (preload_app), before the gevent worker patches
        `threading`: a Condition made there blocks the worker's only OS thread in wait(), freezing
        every connection of that worker until the deadline. Made in the worker, it is gevent's.
        The children inherited from the parent are not ours either.
        """
        if self._pid != os.getpid():
            self._lock = threading.Condition()
            self._pid, self._idle, self._busy, self._live = os.getpid(), [], 0, set()
        return self._lock

    def _acquire(self, deadline: float, timeout: float) -> Worker:
        with self._here():
            generation = self._generation()
            while True:
                stale = [w for w in self._idle if w.generation != generation]
                for worker in stale:
                    self._idle.remove(worker)
                    worker.kill()
                    self._live.discard(worker.pid)
                if self._idle:
                    self._busy += 1
                    return self._idle.pop()
                if self._busy < self.size:
                    self._busy += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise HttpError(503, f"every query process is busy ({self.size}, the `query_workers` "
                                         f"setting) and none came free within {timeout:g} s (the "
                                         "`query_timeout` setting)", {"Retry-After": "5"})
                self._lock.wait(remaining)
        try:
            worker = Worker(self.store, generation)
            with self._lock:
                self._live.add(worker.pid)
            return worker
        except BaseException:
            with self._lock:
                self._busy -= 1
                self._lock.notify()
            raise

    def _release(self, worker: Worker) -> None:
        with self._here():
            self._busy -= 1
            if worker.generation == self._generation() and self._pid == os.getpid():
                self._idle.append(worker)
            else:
                worker.kill()
                self._live.discard(worker.pid)
            self._lock.notify()

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._here():
            self._live.discard(worker.pid)
            self._busy -= 1
            self._lock.notify()

    def close(self) -> None:
        """Stop every idle child (busy ones are stopped when their query returns)."""
        with self._here():
            if self._pid == os.getpid():
                for worker in self._idle:
                    worker.kill()
                    self._live.discard(worker.pid)
            self._idle = []

    def pids(self) -> set[int]:
        """Return the process ids of this process's query processes (for tests and monitoring)."""
        with self._here():
            return set(self._live) if self._pid == os.getpid() else set()


def _outcome(outcome: Answer | BaseException, timeout: float) -> Answer:
    if isinstance(outcome, Answer):
        return outcome
    if isinstance(outcome, SyntaxError):
        # pyoxigraph says "error at LINE:COLUMN: …"; name both for people.
        message = _POSITION.sub(r"error at line \1, column \2:", str(outcome), count=1)
        raise HttpError(400, f"SPARQL syntax {message}")
    if isinstance(outcome, NotAcceptable):
        form = {"graph": "CONSTRUCT or DESCRIBE", "select": "SELECT", "ask": "ASK"}[outcome.form]
        offered = "Turtle, JSON-LD, RDF/XML, N-Triples" if outcome.form == "graph" else "SPARQL JSON, XML, CSV, TSV"
        raise HttpError(406, f"no format you accept can carry the answer to a {form} query; it is offered as {offered}")
    if isinstance(outcome, StoreError):
        if outcome.detail:
            log.error("store error: %s", outcome.for_operator())
        raise HttpError(503, f"the store cannot answer: {outcome}", {"Retry-After": "10"})
    raise HttpError(400, f"the query could not be evaluated: {outcome}")


def runner_of(app: Any) -> QueryRunner:
    """Return the app's query runner (one per app, in app.extensions)."""
    return app.extensions[RUNNER]
