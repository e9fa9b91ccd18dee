"""The data of a reading: quotation spans, per-paragraph decisions, and the reader's state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pressrum.text.people import Speaker
from pressrum.text.pronouns import resolve


@dataclass(frozen=True)
class QuotationSpan:
    """A quotation: its segments are body[start:end] ranges; text joins them by one space."""

    text: str
    start: int
    end: int
    speaker: Speaker
    segments: tuple[tuple[int, int], ...] = ()
    form: str = ""  # how it was read: "dash", "marks", "unmarked", "follow-on", "introduced", …
    verb: str | None = None

    def __post_init__(self) -> None:
        if not self.segments:
            object.__setattr__(self, "segments", ((self.start, self.end),))


@dataclass(frozen=True)
class Decision:
    """What the reader made of one paragraph."""

    paragraph: int  # 1-based
    start: int
    end: int
    kind: str  # "quotation", "narrative", "contact", "caption", "bullet", "subheading", …
    reason: str
    quotations: tuple[QuotationSpan, ...] = ()


@dataclass
class Open:
    """A quotation being read: segments so far, the speaker once known."""

    segments: list[tuple[int, int]]
    speaker: Speaker | None = None
    form: str = ""
    verb: str | None = None


@dataclass
class State:
    known: list[Speaker] = field(default_factory=list)  # people named so far, in order
    previous: Speaker | None = None  # the speaker the previous paragraph quoted or introduced
    pending: list[tuple[int, int]] = field(default_factory=list)  # unattributed dash paragraphs
    pending_paras: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # paragraphs no attribution closed
    previous_form: str = "follow-on"  # or "introduced" (named by the paragraph before)
    interviewee: Speaker | None = None
    in_qa: bool = False  # the paragraph before was an interview question
    labelled: bool = False  # the interview labels its parts Fråga:/Svar:


def speaker_of(who: Speaker | str, state: State) -> Speaker | None:
    """Resolve a pronoun to the person last named who fits; record a named speaker."""
    if isinstance(who, str) and who.startswith("="):
        # A family name alone names the one person of that family name named before.
        named = {k.name: k for k in state.known if k.name.split()[-1] == who[1:]}
        return next(iter(named.values())) if len(named) == 1 else None
    if isinstance(who, str):
        return resolve(who, state.known)
    known = next((k for k in reversed(state.known) if k.name == who.name), None)
    if known and not (who.role_title or who.organisation or who.party):
        return known  # "avslutar Hanna Strand": the person named before, as then described
    state.known.append(who)
    return who


def make(body: str, o: Open) -> QuotationSpan:
    """Build the span of a finished quotation."""
    segs = tuple(piece for a, b in o.segments if b > a for piece in _split(body, a, b))
    text = " ".join(body[a:b] for a, b in segs)
    assert o.speaker is not None
    return QuotationSpan(text, segs[0][0], segs[-1][1], o.speaker, segs, o.form, o.verb)


# A dash opening a new quoted sentence inside a segment ("… cykelvägar. – Och bättre …"):
# the dash is not part of the words.
_INNER_DASH = re.compile(r"(?<=[.!?])\s+[-–—−]\s*(?=[A-ZÅÄÖ0-9])")


def _split(body: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split body[a:b] at inner dash openers."""
    pieces, start = [], a
    for m in _INNER_DASH.finditer(body, a, b):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, b))
    return [(x, y) for x, y in pieces if y > x]


def trim(body: str, a: int, b: int) -> tuple[int, int]:
    """Strip whitespace (and a comma before an attribution) from body[a:b]."""
    while b > a and body[b - 1] in " \n,":
        b -= 1
    while a < b and body[a] in " \n":
        a += 1
    return a, b


def drop_pending(state: State) -> None:
    """Drop unattributed dash paragraphs that no attribution closed (reported by _flush)."""
    state.left_out.extend(state.pending_paras)
    state.pending, state.pending_paras = [], []


def describe(o: Open) -> str:
    """Describe a quotation's attribution for the trace."""
    sp = o.speaker
    assert sp is not None
    parts = [f"name={sp.name!r}", f"role={sp.role_title!r}", f"organisation={sp.organisation!r}",
             f"party={sp.party!r}", f"verb={o.verb!r}", f"form={o.form}",
             f"segments={len(o.segments)}"]
    return "quotation: " + ", ".join(parts)
