"""`pressrum ingest`: the RDF that one press release yields, how it was read, and how well ingest reads.

    pressrum ingest FILE.txt                  the release's RDF (with the publisher of a source.json beside it)
    pressrum ingest FILE.txt --explain        paragraph by paragraph: what was read as a quotation, and why not
    pressrum ingest --evaluate GROUND_TRUTH   precision and recall against a hand-made ground truth
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressrum.cli.common import EXIT_INPUT, EXIT_INVALID, EXIT_OK, add_base_uri, settings_from

INGEST_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}
# The fields the evaluation gate applies to: a guessed speaker is worse than a missed quotation.
GATED = ("quotations", "speakers")


def cmd_ingest(args: argparse.Namespace) -> int:
    """Print the RDF that the text of one press release yields (or explain it, or evaluate ingest)."""
    if args.evaluate:
        return evaluate(args)
    if args.file is None:
        print("error: give a release FILE.txt, or --evaluate GROUND_TRUTH", file=sys.stderr)
        return EXIT_INPUT
    from pressrum.namespaces import Minter
    from pressrum.text.explain import explain_release
    from pressrum.text.release import decode_release, ingest_text
    from pressrum.text.source import read_source

    path = Path(args.file)
    text = decode_release(path.read_bytes(), str(path))
    if args.explain:
        print(explain_release(text, source=str(path)))
        return EXIT_OK
    record = read_source(path.parent) if path.name == "release.txt" else None
    graph = ingest_text(text, Minter(settings_from(args)["base_uri"]), source=str(path),
                        publisher=record.publisher if record else None)
    sys.stdout.buffer.write(graph.serialize(format=INGEST_FORMATS[args.format], encoding="utf-8"))
    return EXIT_OK


def evaluate(args: argparse.Namespace) -> int:
    """Print precision and recall per field; exit 1 when a gated field is below the thresholds."""
    from pressrum.text.evaluation import evaluate as run_evaluation

    truth = Path(args.evaluate)
    if not truth.is_file():
        print(f"error: {truth}: no such ground-truth file", file=sys.stderr)
        return EXIT_INPUT
    corpus = args.corpus or truth.parent
    result = run_evaluation(corpus, truth)
    print(result.format())
    below = [f"{name} precision {result.scores[name].precision:.3f} < {args.min_precision}"
             for name in GATED if result.scores[name].precision < args.min_precision]
    below += [f"{name} recall {result.scores[name].recall:.3f} < {args.min_recall}"
              for name in GATED if result.scores[name].recall < args.min_recall]
    for line in below:
        print(f"below the bar: {line}", file=sys.stderr)
    return EXIT_INVALID if below else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `ingest` to the command line."""
    parser = commands.add_parser("ingest", help=cmd_ingest.__doc__, description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="FILE.txt", nargs="?",
                        help="a press release: headline, date line, paragraphs")
    parser.add_argument("--format", choices=sorted(INGEST_FORMATS), default="turtle")
    parser.add_argument("--explain", action="store_true",
                        help="say, paragraph by paragraph, what was read as a quotation and why not")
    parser.add_argument("--evaluate", metavar="GROUND_TRUTH",
                        help="evaluate ingest on a corpus against its ground truth (JSON)")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (with releases/); default: the "
                        "ground truth's folder")
    parser.add_argument("--min-precision", type=float, default=1.0,
                        help="lowest precision of quotations and speakers that passes (default 1.0)")
    parser.add_argument("--min-recall", type=float, default=0.95,
                        help="lowest recall of quotations and speakers that passes (default 0.95)")
    add_base_uri(parser)
    parser.set_defaults(handler=cmd_ingest)
