"""What every command shares: exit statuses, the common options, settings from arguments, a build."""

from __future__ import annotations

import argparse
from pathlib import Path

from pressrum.settings import SETTINGS, load_settings

# Exit statuses: 0 done, 1 the data does not conform (or a command's own failure), 2 unreadable input.
EXIT_OK, EXIT_INVALID, EXIT_INPUT = 0, 1, 2


def add_base_uri(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-uri", help="base IRI of the dataset (env PRESSRUM_BASE_URI; "
                        "default http://localhost:8080/)")


def add_data_dirs(parser: argparse.ArgumentParser) -> None:
    add_base_uri(parser)
    parser.add_argument("--data-dir", type=Path, help="folder with releases/ and enrichment/")
    parser.add_argument("--ontology-dir", type=Path, help="folder with the ontology and schemes")


def settings_from(args: argparse.Namespace) -> dict:
    names = {s.name for s in SETTINGS}
    return load_settings({k: v for k, v in vars(args).items() if k in names})


def build(args: argparse.Namespace):
    from pressrum.build.dataset import build_dataset

    settings = settings_from(args)
    return build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"])
