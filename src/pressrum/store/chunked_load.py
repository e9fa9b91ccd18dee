"""Load N-Quads into a pyoxigraph store in bounded chunks, the merge built as it goes, resumably.

pyoxigraph's bulk loader holds about 2.6 bytes of memory per byte of N-Quads it is given (1.2 GB
for the 470 MB of 10,000 releases), so a decade (14 GB) must be given to it in pieces. Each chunk
is a run of whole lines: its canonical quads go to the bulk loader from a file (a path is parsed
on every core; bytes on one), then the triples derived from them for the merge (lenient: the same
terms were just checked strictly), then the lines with blank nodes or in another form through
pyoxigraph's parser, which keeps blank-node labels (merge_lines says why).

After each chunk the byte offset reached is written to a state file beside the staging folder
(temporary file, then rename). A run with the same source continues from there: RDF is a set, so
a chunk loaded again when a run stopped inside it adds nothing, and no quad is doubled.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from pressrum.store.merge_lines import split_block

BLOCK_BYTES = 16 << 20            # read and split this much at a time (bounded Python memory)
LOADER_BYTES_PER_BYTE = 3         # the bulk loader's peak per byte of a chunk, measured 2.6 (10,000 releases)
RESERVED_BYTES = 512 << 20        # the process, the store's caches, one block being split
MIN_CHUNK_BYTES = 1 << 20


def chunk_bytes_for(max_memory: int) -> int:
    """Return the largest chunk whose load stays within max_memory bytes of peak memory."""
    return max(MIN_CHUNK_BYTES, (max_memory - RESERVED_BYTES) // LOADER_BYTES_PER_BYTE)


@dataclass
class Progress:
    """Where a load stands: bytes of the source done, quads given to the engine, chunks, time."""

    source: str
    source_bytes: int
    content_hash: str | None
    offset: int = 0
    lines: int = 0
    chunks: int = 0
    seconds: float = 0.0          # spent in earlier runs, for the rate behind the estimate
    resumed_at: int = 0

    def remaining_seconds(self, run_seconds: float) -> float | None:
        """Return the estimated seconds left, from this run's own rate (None before a chunk is done)."""
        done_here = self.offset - self.resumed_at
        if done_here <= 0 or run_seconds <= 0:
            return None
        return (self.source_bytes - self.offset) * run_seconds / done_here


class LoadState:
    """The state file of a staging store: what is being loaded and how far it got."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> Progress | None:
        """Return the saved progress, or None when there is none or it cannot be read."""
        try:
            return Progress(**json.loads(self.path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def write(self, progress: Progress) -> None:
        """Save the progress atomically (a temporary file, then rename)."""
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(progress)))
        os.replace(temporary, self.path)

    def remove(self) -> None:
        """Forget the load (it finished, or its staging store is gone)."""
        self.path.unlink(missing_ok=True)


def resumable(state: LoadState, source: Path, content_hash: str | None) -> Progress | None:
    """Return the saved progress if it is for this very source, else None."""
    saved = state.read()
    if saved is None or saved.content_hash is None or saved.content_hash != content_hash:
        return None
    if saved.source != str(source) or not source.exists() or source.stat().st_size != saved.source_bytes:
        return None
    return saved


def load_chunks(store: ox.Store, source: Path | bytes, progress: Progress, chunk_bytes: int,
                workdir: Path, state: LoadState | None = None,
                report: Callable[[Progress, float], None] | None = None) -> Progress:
    """Load the source from progress.offset on, chunk by chunk, saving the offset after each."""
    started, earlier = time.monotonic(), progress.seconds
    quads_file, merge_file = workdir / "chunk.nq", workdir / "merge.nq"
    handle: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    try:
        handle.seek(progress.offset)
        rest, at_end = b"", False
        while not at_end:
            taken, exact = 0, []
            with quads_file.open("wb") as quads, merge_file.open("wb") as merge:
                while taken < chunk_bytes and not at_end:
                    data = handle.read(min(BLOCK_BYTES, chunk_bytes - taken))
                    if data:              # whole lines only; the part line starts the next block
                        block = rest + data
                        cut = block.rfind(b"\n") + 1
                        block, rest = block[:cut], block[cut:]
                    else:                 # the end: what is left is the last line
                        block, rest, at_end = rest, b"", True
                    taken += len(block)
                    split = split_block(block)
                    quads.write(b"\n".join(split.quads) + b"\n")
                    merge.write(b"\n".join(split.merge) + b"\n")
                    exact.extend(split.exact)
                    progress.lines += len(split.quads) + len(split.exact)
            if taken == 0:
                break
            try:
                store.bulk_load(path=str(quads_file), format=ox.RdfFormat.N_QUADS)
                store.bulk_load(path=str(merge_file), format=ox.RdfFormat.N_QUADS, lenient=True)
                if exact:
                    _load_exact(store, exact)
            except SyntaxError as error:
                raise located(error, handle, progress.offset, taken, progress.source) from None
            progress.offset += taken
            progress.chunks += 1
            progress.seconds = earlier + time.monotonic() - started
            if state is not None:
                state.write(progress)
            if report is not None:
                report(progress, time.monotonic() - started)
    finally:
        handle.close()
        quads_file.unlink(missing_ok=True)
        merge_file.unlink(missing_ok=True)
    return progress


def located(error: SyntaxError, handle: IO[bytes], start: int, length: int, name: str) -> SyntaxError:
    """Return the error with the line and column in the source, not in the chunk's file.

    The chunk's lines were split between files, so the chunk is parsed again as it is in the
    source (only when it holds an error) to find where, and the lines before it are counted.
    """
    handle.seek(0)
    before, left = 0, start
    while left > 0:
        block = handle.read(min(left, BLOCK_BYTES))
        before += block.count(b"\n")
        left -= len(block)
    chunk = handle.read(length)
    try:
        for _ in ox.parse(chunk, format=ox.RdfFormat.N_QUADS):
            pass
    except SyntaxError as exact:
        message = re.sub(r"^Parser error at line \d+ ", "", exact.msg)
        line = before + (exact.lineno or 1)
        return SyntaxError(f"{name or 'the N-Quads'}: line {line}, {message}")
    return error


def _load_exact(store: ox.Store, lines: list[bytes]) -> None:
    """Load lines in any N-Quads form, with blank-node labels kept, and their triples into the merge."""
    quads = list(ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_QUADS))
    merge = [ox.Quad(q.subject, q.predicate, q.object) for q in quads if q.graph_name != ox.DefaultGraph()]
    store.bulk_extend(quads + merge)
