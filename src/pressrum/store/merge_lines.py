"""Split N-Quads text into what the bulk loader takes as it is and the merge derived from it.

The merge (base.MATERIALISE_DEFAULT_GRAPH) holds each named-graph triple once in the default graph.
Deriving it from the text costs a few microseconds a line in Python and lets the engine's bulk
loader write it at the engine's speed; reading the quads back out of the store to copy them cost
more than the load itself (oxigraph issue 1919: the materialised merge is a second load).

A line is taken on the fast path only in the canonical form oxigraph and the generator write
(N-Quads §2: `subject predicate object graph .`, one space apart, no comment) and without a blank
node: the bulk loader gives every blank node a fresh name on each call, which would cut a blank
node off from itself across chunks and from its copy in the merge. Every other line goes to the
exact path, pyoxigraph's parser, which keeps the labels as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Split:
    """One block of lines: the canonical quads, their triples for the merge, and the rest."""

    quads: list[bytes] = field(default_factory=list)
    merge: list[bytes] = field(default_factory=list)
    exact: list[bytes] = field(default_factory=list)


def as_triple(line: bytes) -> bytes | None:
    """Return a canonical line's triple in the default graph, or None when the line is not canonical.

    A default-graph line (three terms) is its own triple. The graph term is the last one: an IRI
    (no space or quote may appear in an IRIREF, N-Quads §2.3) or a blank-node label. A last token
    holding a quote belongs to a literal object, so the line has three terms.
    """
    if not line.endswith(b" .") or b"\t" in line or line.startswith(b"#") or b"<<" in line:
        return None
    cut = line.rfind(b" ", 0, len(line) - 2)
    if cut < 0:
        return None
    last = line[cut + 1:-2]
    if b'"' in last or not (last.startswith(b"<") and last.endswith(b">")):
        return line
    head = line[:cut]
    if head.count(b" ") < 2:  # subject predicate <object> .: a triple already
        return line
    return head + b" ."


def split_block(block: bytes) -> Split:
    """Split whole lines of N-Quads into the fast path and the exact path."""
    split = Split()
    for raw in block.split(b"\n"):
        line = raw.rstrip(b"\r")
        if not line:
            continue
        triple = None if b"_:" in line else as_triple(line)
        if triple is None:
            split.exact.append(line)
        else:
            split.quads.append(line)
            split.merge.append(triple)
    return split
