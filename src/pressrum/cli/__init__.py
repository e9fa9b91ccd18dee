"""Room `cli`: the command line, one module per command and one table of commands.

    pressrum validate | dump | ingest | harvest | update | load | serve | bench

May import: every room below it (the shared tables, text, harvest, store, build, sparql, web, benchmark).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pressrum import __version__
from pressrum.cli import bench, dump, harvest, ingest, load, serve, update, validate
from pressrum.cli.common import EXIT_INPUT, EXIT_OK

DESCRIPTION = "Publish Swedish municipal press releases as Linked Open Data."

# The commands, in the order `pressrum --help` lists them; each module has register(commands).
COMMANDS = (validate, dump, ingest, harvest, update, load, serve, bench)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pressrum", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"pressrum {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    from pressrum.build.dataset import DatasetInputError
    from pressrum.text.release import ReleaseFormatError

    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except (DatasetInputError, ReleaseFormatError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
