"""The HTTP stacks the entity-document benchmark compares, as commands that serve pressrum's store.

`pressrum serve` is the production stack (Varnish in front of gunicorn with gevent workers, or
gunicorn alone with --no-cache); granian (a Rust HTTP server with a WSGI interface) is the
candidate run from here, with the app built once before its workers fork, as gunicorn's preload does.
"""

from __future__ import annotations

import sys
from pathlib import Path

# granian's WSGI defaults: backpressure = backlog / workers (512 requests per worker in flight) and
# half as many Python threads per worker. The app's work is CPU under the GIL, so a few threads
# keep both cores busy; the rest of the backlog waits in Rust, not in Python.
GRANIAN_BACKPRESSURE = 64
GRANIAN_THREADS = 8


def pressrum_serve(bin_dir: Path, store: Path, port: int, *, cache: bool) -> list[str]:
    """Return the `pressrum serve` command over an existing store, with or without the cache."""
    command = [str(bin_dir / "pressrum"), "serve", "--store", str(store), "--no-build", "--port", str(port),
               "--workers", "2"]
    return command if cache else [*command, "--no-cache"]


def granian_serve(store: Path, port: int, workers: int = 2) -> list[str]:
    """Return the command that serves pressrum's app over `store` with granian."""
    return [sys.executable, "-m", "pressrum.benchmark.stacks", str(store), str(port), str(workers)]


def serve_granian(store: Path, port: int, workers: int) -> None:
    """Build the app once, then serve it with granian's WSGI workers forked from this process."""
    from granian import Granian
    from granian.constants import Interfaces

    from pressrum.web.app import create_app

    app = create_app({"store": str(store), "build": False})
    server = Granian("pressrum", address="127.0.0.1", port=port, interface=Interfaces.WSGI, workers=workers,
                     backpressure=GRANIAN_BACKPRESSURE, blocking_threads=GRANIAN_THREADS, log_access=False)
    server.serve(target_loader=lambda *_: app)


if __name__ == "__main__":
    serve_granian(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
