"""The production HTTP server: gunicorn (gevent workers) running the app factory, built once before the fork."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication


class PressrumServer(BaseApplication):
    """gunicorn running pressrum's app factory; the app is built once, before the workers fork."""

    def __init__(self, app_config: dict[str, Any], options: dict[str, Any]) -> None:
        self.app_config = app_config
        self.options = options
        super().__init__()

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


# Where `pressrum serve` writes the master's pid in the build folder: `pressrum update` sends it
# SIGHUP to have the new dataset built, validated and served without a restart.
PID_FILE = "serve.pid"


def gunicorn_options(host: str, port: int, workers: int, pidfile: Path | None = None) -> dict[str, Any]:
    """Return the production gunicorn settings."""
    return {
        "pidfile": None if pidfile is None else str(pidfile),
        "bind": f"{host}:{port}",
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
    }
