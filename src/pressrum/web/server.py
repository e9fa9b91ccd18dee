"""The production HTTP server: gunicorn (gevent workers) running the app factory, built once before the fork,
behind Varnish (pressrum.web.cache) unless the cache is off."""

from __future__ import annotations

import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from pressrum.web.cache import Varnish


class PressrumServer(BaseApplication):
    """gunicorn running pressrum's app factory; the app is built once, before the workers fork."""

    def __init__(self, app_config: dict[str, Any], options: dict[str, Any], cache: Varnish | None = None) -> None:
        self.app_config = app_config
        self.options = options
        self.cache = cache
        super().__init__()

    def run(self) -> None:
        """Start the cache (its VCL compiles while the app builds), run gunicorn, stop the cache."""
        owner = os.getpid()
        if self.cache is not None and self.cache.process is None:
            self.cache.spawn()
        try:
            super().run()
        finally:
            if self.cache is not None and os.getpid() == owner:  # workers leave through here too
                self.cache.stop()

    def load_config(self) -> None:
        """Pass the options to gunicorn's own settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Create the application (in the master, since preload_app is on).

        What stops the start (a corrupt on-disk store, data that does not conform, an unreadable
        file) is said in one line that names the remedy, and the exit status is non-zero: no
        traceback wall from inside gunicorn.
        """
        from pressrum.build.dataset import DatasetInputError
        from pressrum.build.publication import InvalidDataset
        from pressrum.store import StoreError
        from pressrum.web.app import create_app

        try:
            return create_app(self.app_config)
        except StoreError as error:
            _stop(f"pressrum: cannot start: {error.for_operator()}", 3)
        except InvalidDataset as error:
            _stop(f"pressrum: cannot start: {error}", 1)
        except (DatasetInputError, OSError, UnicodeDecodeError) as error:
            _stop(f"pressrum: cannot start: {error}", 2)

    def reload(self) -> None:
        """SIGHUP to the master: rebuild the dataset from data/, then gunicorn starts new workers.

        The build and SHACL validation run in the master (the workers keep serving meanwhile); only
        a dataset that conforms replaces the old one, and the new workers fork from it. A refused
        rebuild keeps the last good dataset and says why in the log and in /dataset's status.
        """
        super().reload()
        if self.callable is not None:
            from pressrum.build.publication import publication_of

            publication = publication_of(self.callable)
            if publication.settings["build"]:
                publication.rebuild()
                if self.cache is not None:  # a refused rebuild changes the status /dataset states
                    from pressrum.web.cache_tags import dataset_tag

                    self.cache.ban(dataset_tag(publication))


def _stop(message: str, status: int) -> None:
    print(message, file=sys.stderr)
    sys.stderr.flush()
    sys.exit(status)


def _ctrl_c_is_graceful(arbiter) -> None:
    """Make Ctrl-C stop the master gracefully, as SIGTERM does.

    gunicorn's SIGINT path sends SIGQUIT to the workers, whose gevent hub then dies with a
    SystemExit traceback; the graceful path lets each worker finish its requests and exit quietly.
    """
    arbiter.handle_int = arbiter.handle_term


def _worker_ignores_ctrl_c(worker) -> None:
    """Leave Ctrl-C (sent to the whole process group) to the master, which stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# Seconds between two looks at a remote store's dataset, in each worker, when a cache is in front.
DATASET_POLL_SECONDS = 2.0


def _worker_watches_remote_dataset(worker) -> None:
    """Start a greenlet that bans the cache when someone else loads a new dataset into the remote store."""
    _worker_ignores_ctrl_c(worker)
    from pressrum.build.publication import publication_of
    from pressrum.web.cache_tags import CACHE

    app = worker.wsgi
    if CACHE in app.extensions and publication_of(app).store.kind == "remote":
        import gevent

        gevent.spawn(_watch, app)


def _watch(app) -> None:
    import gevent

    from pressrum.web.cache_tags import notice

    while True:
        gevent.sleep(DATASET_POLL_SECONDS)
        try:
            notice(app)
        except Exception as error:  # the store is away: what is cached was answered from it
            app.logger.debug("dataset watch: %s", error)


# Where `pressrum serve` writes the master's pid in the build folder: `pressrum update` sends it
# SIGHUP to have the new dataset built, validated and served without a restart.
PID_FILE = "serve.pid"


class CacheHooks:
    """The master's side of the cache: start it when gunicorn is ready, stop it on exit, and ban again
    once the workers that served the old dataset are gone (they answer until they exit)."""

    def __init__(self, cache: Varnish) -> None:
        self.cache = cache
        self.old_workers: set[int] = set()

    def when_ready(self, arbiter) -> None:
        """Wait for Varnish on the public port (started with the build, PressrumServer.run)."""
        self.cache.wait_listening()
        arbiter.log.info("Varnish listening at %s:%s, caching gunicorn at 127.0.0.1:%s",
                         self.cache.host, self.cache.port, self.cache.backend_port)

    def on_reload(self, arbiter) -> None:
        """Remember the workers that still serve the old dataset (SIGHUP; the rebuild has run)."""
        self.old_workers = set(arbiter.WORKERS)

    def child_exit(self, arbiter, worker) -> None:
        """Ban the old dataset again when the last worker that served it has exited."""
        if worker.pid in self.old_workers:
            self.old_workers.discard(worker.pid)
            if not self.old_workers:
                self.cache.ban(_served_tag(arbiter))

    def on_exit(self, arbiter) -> None:
        """Stop Varnish with the master."""
        self.cache.stop()


def _served_tag(arbiter) -> str | None:
    from pressrum.build.publication import publication_of
    from pressrum.web.cache_tags import dataset_tag

    return dataset_tag(publication_of(arbiter.app.callable)) if arbiter.app.callable is not None else None


def gunicorn_options(host: str, port: int, workers: int, pidfile: Path | None = None,
                     cache: Varnish | None = None, listener: socket.socket | None = None) -> dict[str, Any]:
    """Return the production gunicorn settings (on an internal loopback listener when a cache is in front)."""
    hooks: dict[str, Any] = {}
    if cache is not None:
        cached = CacheHooks(cache)
        hooks = {name: getattr(cached, name) for name in ("when_ready", "on_reload", "child_exit", "on_exit")}
        hooks["post_worker_init"] = _worker_watches_remote_dataset
    return {
        "pidfile": None if pidfile is None else str(pidfile),
        "bind": f"{host}:{port}" if listener is None else f"fd://{listener.fileno()}",
        "workers": workers,
        # gevent: idle and slow connections cost a greenlet, not a worker (sync/gthread starve).
        "worker_class": "gevent",
        "worker_connections": 1000,
        "preload_app": True,          # build and validate once; workers share the store copy-on-write
        "timeout": 60,
        "graceful_timeout": 5,
        "keepalive": 5,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "on_starting": _ctrl_c_is_graceful,
        "post_worker_init": _worker_ignores_ctrl_c,
        **hooks,
    }
