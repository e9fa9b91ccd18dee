"""`pressrum bench generate | validate | run`: the corpus generator and the benchmark behind `make bench`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pressrum.settings import load_settings

MAX_RELEASES = 1_000_000  # a decade of Swedish municipal releases is about 300,000


def _releases(value: str) -> int:
    n = int(value)
    if not 1 <= n <= MAX_RELEASES:
        raise argparse.ArgumentTypeError(f"--releases must be between 1 and {MAX_RELEASES}")
    return n


def cmd_generate(args: argparse.Namespace) -> int:
    """Write a deterministic corpus of N releases (+ enrichment and ontology graphs) as N-Quads."""
    from pressrum.benchmark.generator import generate, terminal_progress

    settings = load_settings({"base_uri": args.base_uri})
    progress = terminal_progress()
    if args.output:
        with open(args.output, "wb") as out:
            stats = generate(args.releases, out, settings["base_uri"], settings["ontology_dir"], progress)
    else:
        stats = generate(args.releases, sys.stdout.buffer, settings["base_uri"], settings["ontology_dir"], progress)
        sys.stdout.buffer.flush()
    where = args.output or "standard output"
    print(f"generated {stats['releases']} releases: {stats['quads']} quads in {stats['graphs']} graphs "
          f"to {where} in {stats['seconds']:.1f} s", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate an N-Quads corpus as `pressrum validate` does: SHACL over the merge of its graphs."""
    from pressrum.benchmark.validate import validate_nquads
    from pressrum.build.validation import count_shapes, load_shapes

    started = time.perf_counter()
    settings = load_settings({})
    shapes = load_shapes(args.shapes_dir or settings["shapes_dir"])
    report, triples = validate_nquads(Path(args.file), shapes)
    text = report.as_text()
    if text:
        print(text)
    print(f"{report.summary(triples, count_shapes(shapes))} in {time.perf_counter() - started:.1f} s")
    return 0 if report.conforms else 1


def cmd_run(args: argparse.Namespace) -> int:
    """Generate, load, serve and measure: the query mix, entity documents, load and restart."""
    from pressrum.benchmark.runner import run_benchmark

    return run_benchmark(args)


def cmd_scale(args: argparse.Namespace) -> int:
    """Measure load, queries, documents and search at several corpus sizes; write the scaling table."""
    from pressrum.benchmark.scaling import run_command

    return run_command(args)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `bench` with its sub-commands to the command line."""
    bench = commands.add_parser("bench", help="corpus generator and benchmark (make bench)",
                                description=__doc__)
    sub = bench.add_subparsers(dest="bench_command", required=True, metavar="SUBCOMMAND")

    generate = sub.add_parser("generate", help=cmd_generate.__doc__, description=cmd_generate.__doc__)
    generate.add_argument("--releases", type=_releases, required=True, metavar="N")
    generate.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    generate.add_argument("--base-uri", help="base IRI of the dataset (env PRESSRUM_BASE_URI)")
    generate.set_defaults(handler=cmd_generate)

    validate = sub.add_parser("validate", help=cmd_validate.__doc__, description=cmd_validate.__doc__)
    validate.add_argument("file", metavar="FILE.nq")
    validate.add_argument("--shapes-dir", type=Path, help="folder with the SHACL shapes")
    validate.set_defaults(handler=cmd_validate)

    run = sub.add_parser("run", help=cmd_run.__doc__, description=cmd_run.__doc__)
    run.add_argument("--releases", type=_releases, default=1000, metavar="N")
    run.add_argument("--work-dir", type=Path, default=None,
                     help="where the corpus and stores go (default build/bench-N)")
    run.add_argument("--output", type=Path, default=None, help="results file (default bench/results.md)")
    run.add_argument("--repeat", type=int, default=5, help="runs of the query mix per system (default 5)")
    run.add_argument("--duration", type=int, default=8, help="seconds per entity-document load test (default 8)")
    run.add_argument("--rdflib-limit", type=int, default=1000,
                     help="run rdflib's engine only up to this many releases (default 1000)")
    run.add_argument("--skip", action="append", default=[],
                     choices=("rdflib", "oxigraph", "documents", "load", "search"),
                     help="leave a part out (repeatable)")
    run.set_defaults(handler=cmd_run)

    scale = sub.add_parser("scale", help=cmd_scale.__doc__, description=cmd_scale.__doc__)
    scale.add_argument("--releases", type=_releases, action="append", required=True, metavar="N",
                       help="a corpus size (repeatable): e.g. --releases 1000 --releases 10000")
    scale.add_argument("--steps", type=lambda v: [s.strip() for s in v.split(",") if s.strip()],
                       default=["generate", "load", "index", "mix", "documents", "search"],
                       help="comma-separated steps (default generate,load,index,mix,documents,search)")
    scale.add_argument("--work-dir", type=Path, default=None, help="where corpora and stores go (default "
                       "build/bench-scale/N); a step already measured there is not run again")
    scale.add_argument("--again", action="store_true", help="run the steps again even where they were measured")
    scale.add_argument("--output", type=Path, default=None, help="results file (default bench/results.md)")
    scale.add_argument("--repeat", type=int, default=5, help="runs of the query mix (halved from 100,000)")
    scale.add_argument("--duration", type=int, default=8, help="seconds per wrk run (default 8)")
    scale.add_argument("--max-rss-mb", type=float, default=20_000,
                       help="kill `oxigraph load` above this resident memory (default 20000: the machine has 24 GB)")
    scale.set_defaults(handler=cmd_scale)
