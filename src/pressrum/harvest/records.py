"""Release folders: release.txt and its source record, written atomically, with earlier versions kept."""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RELEASE_TEXT = "release.txt"
SOURCE_RECORD = "source.json"
VERSIONS = "versions"


def release_text(headline: str, date: datetime.date, paragraphs: Sequence[str]) -> str:
    """Return the release.txt layout ingest reads: headline, date line, paragraphs between empty lines."""
    return "\n\n".join([headline, f"Publiceringsdatum : {date.isoformat()}", *paragraphs]) + "\n"


def utc_now() -> str:
    """Return the current time as ISO 8601 UTC to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def stamp(retrieved: str) -> str:
    """Return a retrieval time as a folder name: 20261201T220000Z."""
    return retrieved.replace("-", "").replace(":", "")


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file under a temporary name in its folder, then rename it into place (os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def record_bytes(record: dict[str, Any]) -> bytes:
    """Return a source record as the JSON written to source.json."""
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_record(folder: Path) -> dict[str, Any] | None:
    """Return the source record of a release folder, or None when it has none (or an unreadable one)."""
    try:
        return json.loads((folder / SOURCE_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def index_by_url(releases: Path) -> dict[str, Path]:
    """Return the release folder of every page URL named in a source record."""
    index: dict[str, Path] = {}
    for path in sorted(releases.glob(f"*/{SOURCE_RECORD}")):
        record = read_record(path.parent)
        if record and isinstance(record.get("url"), str):
            index[record["url"]] = path.parent
    return index


def _write_folder(target: Path, files: dict[str, bytes]) -> None:
    """Write files into a temporary sibling folder and rename it to target, so it appears whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        os.rename(temporary, target)
    except BaseException:
        for child in temporary.iterdir():
            child.unlink()
        temporary.rmdir()
        raise


def write_new(releases: Path, name: str, text: str, record: dict[str, Any]) -> Path:
    """Create a release folder (name, or name-2, … when taken by another URL) and return it."""
    target, n = releases / name, 1
    while target.exists():
        n += 1
        target = releases / f"{name}-{n}"
    _write_folder(target, {RELEASE_TEXT: text.encode("utf-8"), SOURCE_RECORD: record_bytes(record)})
    return target


def write_changed(folder: Path, text: str, record: dict[str, Any]) -> None:
    """Keep the current release and record under versions/<retrieved>/, then write the new ones."""
    old = read_record(folder) or {}
    versions = list(old.get("versions", []))
    if old.get("retrieved") and (folder / RELEASE_TEXT).exists():
        relative = f"{VERSIONS}/{stamp(old['retrieved'])}"
        kept = {key: value for key, value in old.items() if key != "versions"}
        if not (folder / relative).exists():
            _write_folder(folder / relative, {RELEASE_TEXT: (folder / RELEASE_TEXT).read_bytes(),
                                              SOURCE_RECORD: record_bytes(kept)})
        if all(v.get("path") != relative for v in versions):
            versions.append({"path": relative, "retrieved": old["retrieved"], "sha256": old.get("sha256"),
                             "last_modified": old.get("last_modified")})
    record = {**record, "versions": versions}
    # release.txt first: a run stopped between the two renames leaves the old validators, so the next
    # run fetches the page again (200, not 304) and writes the record.
    atomic_write(folder / RELEASE_TEXT, text.encode("utf-8"))
    atomic_write(folder / SOURCE_RECORD, record_bytes(record))
