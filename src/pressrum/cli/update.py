"""`pressrum update`: harvest every source, build, validate, and publish what conforms.

A release that cannot be read or does not conform is held back (reported with its URL) while the
rest are published. A running `pressrum serve` over the same build folder is asked to rebuild
(SIGHUP to its master, whose pid it wrote to {build_dir}/serve.pid): it builds and validates in its
master, leaves out the releases held back here, and only then swaps the dataset in, without a
restart. With no server running, the dataset is loaded into the configured store.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from pressrum.build.conforming import NothingConforms, build_conforming
from pressrum.build.publication import Publication
from pressrum.build.quarantine import write_quarantine
from pressrum.cli.common import EXIT_INVALID, EXIT_OK, add_data_dirs, settings_from
from pressrum.namespaces import Minter
from pressrum.store import StoreError, open_store
from pressrum.web.server import PID_FILE


def running_server(build_dir: Path) -> int | None:
    """Return the pid of a `pressrum serve` master over this build folder, if one is running."""
    try:
        pid = int((build_dir / PID_FILE).read_text().strip())
        os.kill(pid, 0)  # no signal: only asks whether the process exists
    except (OSError, ValueError):
        return None
    return pid


def cmd_update(args: argparse.Namespace) -> int:
    """Harvest every source, build and validate the dataset, and publish what conforms."""
    settings = settings_from(args)
    if args.sources is not None:
        settings["harvest_sources"] = args.sources
    harvest_failed = False
    if not args.no_harvest:
        harvest_failed = harvest_all(settings) != EXIT_OK
    try:
        result = build_conforming(settings)
    except NothingConforms as error:
        print(f"error: nothing published: {error}", file=sys.stderr)
        return EXIT_INVALID
    write_quarantine(settings["build_dir"], result.held_back)
    for held in result.held_back:
        print(f"held back {held.url or held.folder}: {held.reason}", file=sys.stderr)
    releases = len(result.built.release_graphs)
    pid = running_server(settings["build_dir"])
    if pid is not None:
        os.kill(pid, signal.SIGHUP)
        where = f"asked the server (pid {pid}) to rebuild and serve it"
    elif settings["store"] in ("", "memory"):
        where = "not loaded: the store is `memory` and no server runs (start `pressrum serve`)"
    else:
        try:
            store = open_store(settings["store"], settings["build_dir"], remote_timeout=settings["remote_timeout"])
            Publication(settings, Minter(settings["base_uri"]), store, store.content_hash()).publish(result.built)
            store.close()
        except StoreError as error:
            print(f"error: cannot load the store: {error.for_operator()}", file=sys.stderr)
            return EXIT_INVALID
        where = f"loaded into {settings['store']}"
    print(f"update: {releases} releases conform ({result.built.content_hash[:12]}), "
          f"{len(result.held_back)} held back; {where}")
    return EXIT_INVALID if result.held_back or harvest_failed else EXIT_OK


def harvest_all(settings: dict) -> int:
    """Harvest every source of the sources file into the data folder; report failures by URL."""
    from pressrum.harvest.harvester import harvest_sources

    if not settings["harvest_sources"].exists():
        print(f"update: no sources file at {settings['harvest_sources']}; nothing harvested", file=sys.stderr)
        return EXIT_OK
    summary = harvest_sources(settings["data_dir"], settings)
    for failure in summary.failures:
        print(f"failed: {failure.url}: {failure.reason}", file=sys.stderr)
    print(f"harvest: {summary.line()}")
    return EXIT_OK if summary.ok else EXIT_INVALID


def register(commands: argparse._SubParsersAction) -> None:
    """Add `update` to the command line."""
    parser = commands.add_parser("update", help=cmd_update.__doc__, description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_dirs(parser)
    parser.add_argument("--store", help="memory, a folder, or sparql+http://host:port/path (env PRESSRUM_STORE)")
    parser.add_argument("--sources", type=Path, help="the sources file to harvest (env PRESSRUM_HARVEST_SOURCES)")
    parser.add_argument("--no-harvest", action="store_true", help="publish data/ as it is, without harvesting")
    parser.set_defaults(handler=cmd_update)
