"""Releases held back from publication: each failed ingest or validation, until its files change.

`pressrum update` writes the list after a build ({build_dir}/quarantine.json); every later build
(a server's rebuild on SIGHUP, its start) leaves those folders out while their files are the ones
that failed, so that one bad page never blocks a feed, and a corrected release is tried again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

QUARANTINE_FILE = "quarantine.json"
# The files of a release folder whose change lets a held-back release be tried again.
RELEASE_FILES = ("release.txt", "source.json", "curated.ttl")


@dataclass(frozen=True)
class HeldBack:
    """A release left out of the published dataset, and why."""

    folder: str        # the folder's name under releases/
    reason: str
    url: str | None    # the page it was harvested from, if known
    fingerprint: str   # of its files when it failed


def fingerprint(folder: Path) -> str:
    """Return a SHA-256 over the files of a release folder (absent files count as absent)."""
    digest = hashlib.sha256()
    for name in RELEASE_FILES:
        path = folder / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.hexdigest()


def source_url(folder: Path) -> str | None:
    """Return the page URL the folder's source record names, if it has a readable one."""
    try:
        url = json.loads((folder / "source.json").read_text(encoding="utf-8")).get("url")
    except (OSError, ValueError, AttributeError):
        return None
    return url if isinstance(url, str) else None


def read_quarantine(build_dir: Path) -> dict[str, HeldBack]:
    """Return the releases held back, by folder name (none when the file is missing or unreadable)."""
    try:
        entries = json.loads((Path(build_dir) / QUARANTINE_FILE).read_text(encoding="utf-8"))
        return {e["folder"]: HeldBack(e["folder"], e["reason"], e.get("url"), e["fingerprint"]) for e in entries}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_quarantine(build_dir: Path, held: list[HeldBack]) -> None:
    """Write the list of held-back releases (to a temporary file, then renamed)."""
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    entries = [held_back.__dict__ for held_back in sorted(held, key=lambda h: h.folder)]
    handle, name = tempfile.mkstemp(dir=build_dir, prefix=".quarantine-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(entries, file, ensure_ascii=False, indent=1)
    os.replace(name, build_dir / QUARANTINE_FILE)


def held_back_now(build_dir: Path, data_dir: Path) -> set[str]:
    """Return the folder names to leave out: held back, and their files unchanged since."""
    releases = Path(data_dir) / "releases"
    return {name for name, entry in read_quarantine(build_dir).items()
            if (releases / name).is_dir() and entry.fingerprint == fingerprint(releases / name)}
