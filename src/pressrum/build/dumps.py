"""Write the dataset's dumps at build: N-Quads (gzip), TriG and JSON-LD, with sizes and SHA-256."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pressrum.build.dataset import BuiltDataset

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DumpFile:
    """One dump the server offers at {base}dumps/{name}."""

    name: str
    media_type: str             # the media type of the RDF inside (dcat:mediaType)
    content_type: str           # what the file is served as
    label: str
    compress_format: str | None = None


DUMP_FILES: dict[str, DumpFile] = {d.name: d for d in (
    DumpFile("pressrum.nq.gz", "application/n-quads", "application/gzip", "N-Quads (gzip)", "application/gzip"),
    DumpFile("pressrum.trig", "application/trig", "application/trig; charset=utf-8", "TriG"),
    DumpFile("pressrum.jsonld", "application/ld+json", "application/ld+json; charset=utf-8", "JSON-LD"),
)}


def dump_dir(build_dir: Path | str) -> Path:
    """Return the folder the dumps live in."""
    return Path(build_dir) / "dumps"


def _write_atomically(folder: Path, name: str, data: bytes) -> dict[str, Any]:
    """Write to a temporary file in the same folder, then rename over the old one."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def serialise_dumps(built: BuiltDataset) -> dict[str, bytes]:
    """Return the bytes of each dump (gzip with mtime 0, so a build is reproducible)."""
    from pressrum.jsonld import load_context

    nquads = built.nquads()
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    prefixes = {k: v for k, v in built.minter.prefixes().items() if k != "id"}
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    document = json.loads(built.dataset.serialize(format="json-ld", context=load_context(), auto_compact=True))
    if isinstance(document, list):
        document = {"@graph": document}
    document["@context"] = built.minter.base + "context.jsonld"
    jsonld = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    return {"pressrum.nq.gz": gzip.compress(nquads, mtime=0), "pressrum.trig": trig, "pressrum.jsonld": jsonld}


def write_dumps(built: BuiltDataset, build_dir: Path | str) -> dict[str, dict[str, Any]]:
    """Write every dump and a manifest of their sizes and checksums; return the manifest."""
    folder = dump_dir(build_dir)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"content_hash": built.content_hash, "files": {}}
    for name, data in serialise_dumps(built).items():
        manifest["files"][name] = _write_atomically(folder, name, data)
    _write_atomically(folder, MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest


def read_manifest(build_dir: Path | str) -> dict[str, dict[str, Any]]:
    """Return the sizes and checksums of the dumps written (empty when none are)."""
    path = dump_dir(build_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {name: info for name, info in manifest.get("files", {}).items()
            if name in DUMP_FILES and (dump_dir(build_dir) / name).is_file()}
