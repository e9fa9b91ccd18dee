"""Explain, paragraph by paragraph, what the reader made of a release (for curators)."""

from __future__ import annotations

from pressrum.text.release import parse_release


def _short(text: str, n: int = 70) -> str:
    """Return the first n characters of a text on one line."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def explain_release(text: str, source: str = "<string>") -> str:
    """Return a trace: each paragraph, its kind, each quotation with its attribution, or why not."""
    parsed = parse_release(text, source)
    lines = [f"{source}: {parsed.headline!r} ({parsed.date.isoformat()}), "
             f"{len(parsed.quotations)} quotation(s)", "  headline: not a quotation"]
    for d in parsed.decisions:
        lines.append(f"¶{d.paragraph} [{d.start}:{d.end}] {d.kind}: {_short(parsed.body[d.start:d.end])!r}")
        if not d.quotations or d.reason.startswith("part of"):
            lines.append(f"    {d.reason}")
            continue
        for q in d.quotations:
            sp = q.speaker
            lines.append(f"    quotation {_short(q.text, 60)!r}")
            lines.append(f"      name={sp.name!r} role={sp.role_title!r} "
                         f"organisation={sp.organisation!r} party={sp.party!r}")
            lines.append(f"      verb={q.verb!r} form={q.form} segments={list(q.segments)}")
    return "\n".join(lines)
