"""Pick a format from the URL suffix, ?format= or Accept (RFC 9110 §12.5.1), and the 406 list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pressrum.formats import Format

# RFC 9110 §5.6.2 token characters, for type and subtype.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA_RANGE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*$")
# RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
MAX_ACCEPT_LENGTH = 4096
MAX_ACCEPT_ENTRIES = 64


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        """Return 2 for type/subtype, 1 for type/*, 0 for */*."""
        return 0 if self.type == "*" else (1 if self.subtype == "*" else 2)

    def matches(self, fmt: Format) -> bool:
        """Tell whether this range covers a format: exactly by any of its types, by wildcard only by
        its canonical type (so application/* means JSON-LD, not HTML's alias application/xhtml+xml)."""
        if self.type == "*":
            return True
        if self.subtype == "*":
            return fmt.media_type.split("/", 1)[0] == self.type
        return fmt.matches(f"{self.type}/{self.subtype}")


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; a malformed entry (or a q out of range) is ignored, never raised."""
    if not header:
        return []
    ranges: list[MediaRange] = []
    for entry in header[:MAX_ACCEPT_LENGTH].split(",")[:MAX_ACCEPT_ENTRIES]:
        parts = entry.split(";")
        match = _MEDIA_RANGE.match(parts[0])
        if not match:
            continue
        main, sub = match.group(1).lower(), match.group(2).lower()
        if main == "*" and sub != "*":  # "*/html" is not a media range
            continue
        q, valid = 1.0, True
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                if not _QVALUE.match(value):
                    valid = False
                    break
                q = float(value)
                break  # parameters after q are accept-extensions; they do not select
        if valid:
            ranges.append(MediaRange(main, sub, q))
    return ranges


def quality(fmt: Format, ranges: Sequence[MediaRange]) -> float:
    """Return the q the most specific matching range gives a format (0 when none matches)."""
    best: MediaRange | None = None
    for media_range in ranges:
        if media_range.matches(fmt) and (best is None or media_range.specificity > best.specificity):
            best = media_range
    return best.q if best else 0.0


def negotiate(accept: str | None, offered: Sequence[Format]) -> Format | None:
    """Return the offered format the Accept header prefers, or None (406).

    A missing or empty (or wholly malformed) Accept means any type: the first offered format.
    Ties are broken by the order of `offered` (the format table's order, HTML first).
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0] if offered else None
    best, best_q = None, 0.0
    for fmt in offered:
        q = quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    return best


def by_suffix(extension: str, offered: Sequence[Format]) -> Format | None:
    """Return the offered format a URL suffix (without the dot) names."""
    return next((f for f in offered if f.extension == extension), None)


def by_name(name: str, offered: Sequence[Format]) -> Format | None:
    """Return the offered format a ?format= value names (key, extension or media type)."""
    name = name.strip().lower()
    return next((f for f in offered if name in (f.key, f.extension, f.media_type)), None)


def offered_list(offered: Sequence[Format]) -> str:
    """Return the 406 body: one offered media type a line, with its suffix."""
    lines = ["Not Acceptable. This resource is offered as:"]
    lines += [f"  {f.media_type}  (suffix .{f.extension}, {f.label})" for f in offered]
    return "\n".join(lines)


def alternates_link(url_without_suffix: str, offered: Sequence[Format],
                    current: Format | None = None, query: str = "") -> str:
    """Return a Link header value naming every other representation with rel=alternate (`query`,
    e.g. "?page=2", follows each suffix URL)."""
    return ", ".join(
        f'<{url_without_suffix}.{f.extension}{query}>; rel="alternate"; type="{f.media_type}"'
        for f in offered if f is not current)
