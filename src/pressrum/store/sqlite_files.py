"""SQLite files kept per content hash beside a store (the search and link indexes): written whole, then renamed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, schema: str, content_hash: str, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Create the schema in a temporary file, record the hash, let `fill` write the rows, then rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.executescript(schema)
            db.execute("INSERT INTO meta VALUES ('content_hash', ?)", (content_hash,))
            fill(db)
            db.commit()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def remove_others(folder: Path | str, prefix: str, suffix: str, keep: Path) -> None:
    """Remove the files of older datasets (`prefix*suffix` in folder) other than `keep`."""
    for old in Path(folder).glob(f"{prefix}*{suffix}"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
