"""Build what conforms: releases that cannot be read or do not validate are held back, the rest publish.

The shared graphs (enrichment, ontology) must conform as they are: a result about them stops the
build. A release is held back when its own graph states the focus node of a result, so that one
bad page never blocks a feed and invalid data is never published (issue: validate, then swap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pressrum.build.dataset import BuiltDataset, DatasetInputError, build_dataset
from pressrum.build.quarantine import HeldBack, fingerprint, source_url
from pressrum.build.validation import Report, load_shapes, validate_graph

# Each round holds back the releases the last validation blamed; a release blamed only once the
# others are gone (results that depend on several releases) needs another round.
MAX_ROUNDS = 4


class NothingConforms(Exception):
    """What fails is not a release's own (enrichment, ontology), or holding back releases did not help."""


@dataclass
class ConformingBuild:
    """A build that conforms, and the releases held back from it."""

    built: BuiltDataset
    held_back: list[HeldBack] = field(default_factory=list)


def failing_releases(report: Report, built: BuiltDataset) -> dict[Path, list[str]]:
    """Return, per release folder, the distinct messages of the results about what its graph states."""
    failing: dict[Path, list[str]] = {}
    folders = built.folders_by_subject() if report.results else {}  # one pass over the graphs, not one per result
    for result in report.results:
        for folder in folders.get(result.focus_iri, ()) if result.focus_iri else ():
            messages = failing.setdefault(folder, [])
            if result.message not in messages:
                messages.append(result.message)
    return dict(sorted(failing.items()))


def build_conforming(settings: dict[str, Any], leave_out: set[str] | None = None) -> ConformingBuild:
    """Build from data/, holding back each release that cannot be read or that does not conform."""
    held: list[HeldBack] = []
    leave_out = set(leave_out or ())

    def unreadable(folder: Path, error: DatasetInputError) -> None:
        held.append(HeldBack(folder.name, f"cannot be read: {error}", source_url(folder), fingerprint(folder)))
        leave_out.add(folder.name)

    shapes = load_shapes(settings["shapes_dir"])
    for _ in range(MAX_ROUNDS):
        built = build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"],
                              leave_out=leave_out, on_error=unreadable)
        report = validate_graph(built.union(), shapes)
        if report.conforms:
            return ConformingBuild(built, held)
        failing = failing_releases(report, built)
        if not failing:
            first = "; ".join(sorted({r.message for r in report.results})[:3])
            raise NothingConforms(f"the shared graphs do not conform ({len(report.results)} SHACL results, "
                                  f"e.g. {first}); run `pressrum validate` for the report")
        for folder, messages in failing.items():
            held.append(HeldBack(folder.name, "does not conform: " + "; ".join(messages),
                                 source_url(folder), fingerprint(folder)))
            leave_out.add(folder.name)
    raise NothingConforms(f"the data still does not conform after holding back {len(held)} releases; "
                          "run `pressrum validate` for the report")
