"""`pressrum validate`: build the dataset from data/ and validate it with the SHACL shapes."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pressrum.cli.common import EXIT_INVALID, EXIT_OK, add_data_dirs, build, settings_from


def cmd_validate(args: argparse.Namespace) -> int:
    """Build the dataset and validate it with the SHACL shapes."""
    from pressrum.build.conforming import failing_releases
    from pressrum.build.validation import count_shapes, load_shapes, validate_graph

    started = time.perf_counter()
    settings = settings_from(args)
    built = build(args)
    union = built.union()
    shapes = load_shapes(args.shapes_dir or settings["shapes_dir"])
    report = validate_graph(union, shapes)
    if args.report:
        report.graph.serialize(args.report, format="turtle")
    text = report.as_text()
    if text:
        print(text)
    for folder, messages in failing_releases(report, built).items():
        print(f"{folder}: does not conform; missing or wrong: " + "; ".join(messages))
    elapsed = time.perf_counter() - started
    print(f"{report.summary(len(union), count_shapes(shapes))} in {elapsed:.1f} s")
    return EXIT_OK if report.conforms else EXIT_INVALID


def register(commands: argparse._SubParsersAction) -> None:
    """Add `validate` to the command line."""
    parser = commands.add_parser("validate", help=cmd_validate.__doc__, description=cmd_validate.__doc__)
    add_data_dirs(parser)
    parser.add_argument("--shapes-dir", type=Path, help="folder with the SHACL shapes")
    parser.add_argument("--report", metavar="FILE", help="also write the SHACL report as Turtle")
    parser.set_defaults(handler=cmd_validate)
