"""Command line: pressrum validate | dump | ingest | load | serve | bench."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pressrum import __version__
from pressrum.settings import SETTINGS, load_settings

EXIT_OK, EXIT_INVALID, EXIT_INPUT = 0, 1, 2

DUMP_FORMATS = {"nquads": "nquads", "trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}
INGEST_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}


def _add_base_uri(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-uri", help="base IRI of the dataset (env PRESSRUM_BASE_URI; "
                        "default http://localhost:8080/)")


def _add_data_dirs(parser: argparse.ArgumentParser) -> None:
    _add_base_uri(parser)
    parser.add_argument("--data-dir", type=Path, help="folder with releases/ and enrichment/")
    parser.add_argument("--ontology-dir", type=Path, help="folder with the ontology and schemes")


def _settings(args: argparse.Namespace) -> dict:
    names = {s.name for s in SETTINGS}
    return load_settings({k: v for k, v in vars(args).items() if k in names})


def _build(args: argparse.Namespace):
    from pressrum.dataset import build_dataset

    settings = _settings(args)
    return build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"])


def cmd_validate(args: argparse.Namespace) -> int:
    """Build the dataset and validate it with the SHACL shapes."""
    from pressrum.validation import count_shapes, load_shapes, validate_graph

    started = time.perf_counter()
    settings = _settings(args)
    built = _build(args)
    union = built.union()
    shapes = load_shapes(args.shapes_dir or settings["shapes_dir"])
    report = validate_graph(union, shapes)
    if args.report:
        report.graph.serialize(args.report, format="turtle")
    text = report.as_text()
    if text:
        print(text)
    elapsed = time.perf_counter() - started
    print(f"{report.summary(len(union), count_shapes(shapes))} in {elapsed:.1f} s")
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_dump(args: argparse.Namespace) -> int:
    """Write the whole dataset, every named graph, in one format."""
    built = _build(args)
    # Turtle has no graphs: it gets the RDF merge; the other formats keep every named graph.
    source = built.union() if args.format == "turtle" else built.dataset
    data = source.serialize(format=DUMP_FORMATS[args.format], encoding="utf-8")
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    """Print the RDF that the text of one press release yields."""
    from pressrum.text.release import ingest_text
    from pressrum.namespaces import Minter

    settings = _settings(args)
    path = Path(args.file)
    graph = ingest_text(path.read_text(encoding="utf-8"), Minter(settings["base_uri"]), source=str(path))
    sys.stdout.buffer.write(graph.serialize(format=INGEST_FORMATS[args.format], encoding="utf-8"))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pressrum", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pressrum {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help=cmd_validate.__doc__, description=cmd_validate.__doc__)
    _add_data_dirs(validate)
    validate.add_argument("--shapes-dir", type=Path, help="folder with the SHACL shapes")
    validate.add_argument("--report", metavar="FILE", help="also write the SHACL report as Turtle")
    validate.set_defaults(handler=cmd_validate)

    dump = commands.add_parser("dump", help=cmd_dump.__doc__, description=cmd_dump.__doc__)
    _add_data_dirs(dump)
    dump.add_argument("--format", choices=sorted(DUMP_FORMATS), default="nquads")
    dump.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    dump.set_defaults(handler=cmd_dump)

    ingest = commands.add_parser("ingest", help=cmd_ingest.__doc__, description=cmd_ingest.__doc__)
    ingest.add_argument("file", metavar="FILE.txt", help="a press release: headline, date line, paragraphs")
    ingest.add_argument("--format", choices=sorted(INGEST_FORMATS), default="turtle")
    _add_base_uri(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    for register in _extra_commands():
        register(commands)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Return the registrations of the commands that live in their own modules (load, serve, bench)."""
    from pressrum import load_cli, serve_cli
    from pressrum.benchmark import cli as bench_cli
    from pressrum.harvest import command as harvest_command

    return [serve_cli.register, load_cli.register, bench_cli.register, harvest_command.register]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    from pressrum.dataset import DatasetInputError
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
