"""`pressrum ingest`: print the RDF that the text of one press release yields."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressrum.cli.common import EXIT_OK, add_base_uri, settings_from

INGEST_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}


def cmd_ingest(args: argparse.Namespace) -> int:
    """Print the RDF that the text of one press release yields."""
    from pressrum.namespaces import Minter
    from pressrum.text.release import ingest_text

    settings = settings_from(args)
    path = Path(args.file)
    graph = ingest_text(path.read_text(encoding="utf-8"), Minter(settings["base_uri"]), source=str(path))
    sys.stdout.buffer.write(graph.serialize(format=INGEST_FORMATS[args.format], encoding="utf-8"))
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `ingest` to the command line."""
    parser = commands.add_parser("ingest", help=cmd_ingest.__doc__, description=cmd_ingest.__doc__)
    parser.add_argument("file", metavar="FILE.txt", help="a press release: headline, date line, paragraphs")
    parser.add_argument("--format", choices=sorted(INGEST_FORMATS), default="turtle")
    add_base_uri(parser)
    parser.set_defaults(handler=cmd_ingest)
