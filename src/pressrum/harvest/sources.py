"""The newsrooms to harvest, as data: data/sources.toml read with tomllib."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

KINDS = ("municipality", "region", "organisation")


@dataclass(frozen=True)
class Source:
    """One newsroom: its publisher, the feeds or sitemaps that list its releases, and their licence."""

    name: str
    kind: str
    code: str | None
    urls: tuple[str, ...]
    licence: str | None = None

    def publisher(self) -> dict[str, str | None]:
        """Return the `publisher` object of a source record (the key ingest reads)."""
        return {"name": self.name, "kind": self.kind, "code": self.code}


def load_sources(path: Path) -> list[Source]:
    """Read [[source]] tables (name, kind, code, urls, licence); raise ValueError on a bad entry."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    sources = []
    for n, entry in enumerate(data.get("source", []), 1):
        where = f"{path}: source {n}"
        if entry.get("kind") not in KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if not entry.get("name") or not entry.get("urls"):
            raise ValueError(f"{where}: name and urls are required")
        code = entry.get("code")
        sources.append(Source(entry["name"], entry["kind"], str(code) if code is not None else None,
                              tuple(entry["urls"]), entry.get("licence")))
    return sources


def source_for(url: str, sources: list[Source]) -> Source | None:
    """Return the source that lists this URL, else the one whose URLs share its host."""
    for source in sources:
        if url in source.urls:
            return source
    host = urlsplit(url).hostname
    for source in sources:
        if any(urlsplit(u).hostname == host for u in source.urls):
            return source
    return None
