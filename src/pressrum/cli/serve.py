"""`pressrum serve`: build, validate and serve the dataset with gunicorn, behind Varnish unless the cache is off."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressrum.settings import load_settings
from pressrum.web.cache import Varnish, backend_listener, varnishd


def cmd_serve(args: argparse.Namespace) -> int:
    """Build and validate the dataset, then serve it over HTTP: gunicorn, behind Varnish unless the cache is off."""
    overrides = {"base_uri": args.base_uri, "store": args.store, "data_dir": args.data_dir}
    overrides = {name: value for name, value in overrides.items() if value is not None}
    if args.no_build:
        overrides["build"] = False
    if args.no_cache:
        overrides["cache"] = False
    settings = load_settings(overrides)
    cache, listener = None, None
    if settings["cache"]:
        try:
            varnishd()
        except RuntimeError as error:
            print(f"pressrum: cannot start: {error}", file=sys.stderr)
            return 2
        # Varnish takes the public port; gunicorn listens on a loopback port only Varnish uses.
        listener = backend_listener()
        cache = Varnish(args.host, args.port, listener.getsockname()[1])
        cache.spawn()  # it compiles its VCL and starts while the rest is imported and the app is built
    # Imported after the spawn: gunicorn and the app's rooms take a good part of the start.
    from pressrum.web.server import PID_FILE, PressrumServer, gunicorn_options
    app_config = {**overrides, "cache_address": None if cache is None else (cache.loopback, args.port)}
    print(f"pressrum: serving {settings['base_uri']} at http://{args.host}:{args.port}/ "
          f"(store: {settings['store']}, {args.workers} workers, cache: {'Varnish' if cache else 'off'}); "
          "Ctrl-C stops", file=sys.stderr)
    settings["build_dir"].mkdir(parents=True, exist_ok=True)
    options = gunicorn_options(args.host, args.port, args.workers, settings["build_dir"] / PID_FILE, cache, listener)
    PressrumServer(app_config, options, cache).run()
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `serve` to the command line."""
    serve = commands.add_parser("serve", help=cmd_serve.__doc__, description=cmd_serve.__doc__)
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--base-uri", help="base IRI of the dataset (env PRESSRUM_BASE_URI)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    serve.add_argument("--data-dir", type=Path, help="folder with releases/ and enrichment/ (env PRESSRUM_DATA_DIR)")
    serve.add_argument("--store", help="memory (default), a folder, or sparql+http://host:port/path")
    serve.add_argument("--no-cache", action="store_true",
                       help="serve straight from gunicorn, without Varnish in front (env PRESSRUM_CACHE=off)")
    serve.add_argument("--no-build", action="store_true",
                       help="serve the store as it is, without building from data/")
    serve.set_defaults(handler=cmd_serve)
