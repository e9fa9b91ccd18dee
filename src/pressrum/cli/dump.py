"""`pressrum dump`: write the whole dataset, every named graph, in one format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressrum.cli.common import EXIT_OK, add_data_dirs, build

DUMP_FORMATS = {"nquads": "nquads", "trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}


def cmd_dump(args: argparse.Namespace) -> int:
    """Write the whole dataset, every named graph, in one format."""
    built = build(args)
    # Turtle has no graphs: it gets the RDF merge; the other formats keep every named graph.
    source = built.union() if args.format == "turtle" else built.dataset
    data = source.serialize(format=DUMP_FORMATS[args.format], encoding="utf-8")
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `dump` to the command line."""
    parser = commands.add_parser("dump", help=cmd_dump.__doc__, description=cmd_dump.__doc__)
    add_data_dirs(parser)
    parser.add_argument("--format", choices=sorted(DUMP_FORMATS), default="nquads")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.set_defaults(handler=cmd_dump)
