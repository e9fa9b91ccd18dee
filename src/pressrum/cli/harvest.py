"""`pressrum harvest URL... | --all`: newsroom feeds, sitemaps or release pages → data/releases/.

Each release page becomes releases/<date>-<slug>/release.txt with a source record source.json beside
it. A later run asks with the stored validators (If-None-Match, If-Modified-Since), so an unchanged
page costs a 304; a changed page keeps its earlier version under versions/<retrieved>/.
Exit status: 0 when every page was harvested or unchanged, 1 when any failed, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from pressrum.cli.common import EXIT_INPUT as EXIT_ARGUMENTS
from pressrum.cli.common import EXIT_INVALID as EXIT_FAILED
from pressrum.cli.common import EXIT_OK
from pressrum.settings import load_settings


class Progress:
    """A progress line on standard error when it is a terminal."""

    def __init__(self) -> None:
        self.tty, self.shown = sys.stderr.isatty(), False

    def __call__(self, done: int, total: int, url: str) -> None:
        if self.tty:
            print(f"\r\033[K{done}/{total} {url[-70:]}", end="", file=sys.stderr, flush=True)
            self.shown = True

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def cmd_harvest(args: argparse.Namespace) -> int:
    """Harvest newsroom feeds, sitemaps or release pages into DIR/releases/."""
    from pressrum.harvest.fetch import check_url
    from pressrum.harvest.harvester import harvest, harvest_sources
    from pressrum.harvest.sources import load_sources

    overrides = {"data_dir": args.data_dir, "harvest_sources": args.sources}
    settings = load_settings({k: v for k, v in overrides.items() if v is not None})
    if bool(args.urls) == bool(args.all):
        print("error: give URLs or --all (not both)", file=sys.stderr)
        return EXIT_ARGUMENTS
    if args.limit is not None and args.limit < 0:
        print("error: --limit must be 0 or more", file=sys.stderr)
        return EXIT_ARGUMENTS
    for url in args.urls:
        try:
            check_url(url)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_ARGUMENTS
    try:
        sources = load_sources(settings["harvest_sources"]) if settings["harvest_sources"].exists() else []
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ARGUMENTS
    progress = Progress()
    try:
        if args.all:
            summary = harvest_sources(settings["data_dir"], settings, since=args.since, limit=args.limit,
                                      progress=progress)
        else:
            summary = harvest(args.urls, settings["data_dir"], settings, since=args.since, limit=args.limit,
                              sources=sources, progress=progress)
    finally:
        progress.done()
    for failure in summary.failures:
        print(f"failed: {failure.url}: {failure.reason}", file=sys.stderr)
    print(summary.line())
    return EXIT_OK if summary.ok else EXIT_FAILED


def register(commands: argparse._SubParsersAction) -> None:
    """Add `harvest` to the command line."""
    harvest = commands.add_parser("harvest", help=cmd_harvest.__doc__, description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    harvest.add_argument("urls", nargs="*", metavar="URL", help="an RSS or Atom feed, a sitemap, or a release page")
    harvest.add_argument("--all", action="store_true", help="harvest every source in the sources file")
    harvest.add_argument("--data-dir", type=Path, help="folder with releases/ (env PRESSRUM_DATA_DIR)")
    harvest.add_argument("--sources", type=Path, help="the sources file (env PRESSRUM_HARVEST_SOURCES)")
    harvest.add_argument("--since", type=_date, metavar="DATE",
                         help="skip entries a listing dates before DATE (YYYY-MM-DD)")
    harvest.add_argument("--limit", type=int, metavar="N", help="harvest at most N entries of each listing")
    harvest.set_defaults(handler=cmd_harvest)
