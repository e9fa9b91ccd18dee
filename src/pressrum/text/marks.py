"""Quotations in quotation marks (”…”, "…", »…«, «…»); a quoted title or name is not one."""

from __future__ import annotations

import re

from pressrum.text.attribution import Attribution, attribution_at
from pressrum.text.paragraphs import mentions
from pressrum.text.spans import Open, QuotationSpan, State, describe, make, speaker_of, trim

QUOTE_PAIRS = {"”": "”", '"': '"', "«": "»", "“": "”", "„": "”", "»": "«"}


def close_of(para: str, i: int) -> int:
    """Return the index of the mark closing the one at para[i] (»…« or »…»), or -1.

    A mark followed by a letter opens a quotation inside the quotation (“Du får aldrig tänka
    ”nu är vi åtta” för då …”): it and its own closing mark are skipped.
    """
    mark = QUOTE_PAIRS[para[i]]
    close = para.find(mark, i + 1)
    if para[i] == "»" and close < 0:
        mark, close = "»", para.find("»", i + 1)
    while 0 <= close < len(para) - 1 and para[close + 1].isalpha() and para[close - 1] in " (":
        inner = para.find(mark, close + 1)
        if inner < 0:
            break
        close = para.find(mark, inner + 1)
    return close


def marked(body: str, s: int, para: str, pos: int, state: State, whole: bool
            ) -> tuple[list[QuotationSpan], str]:
    """Read quotations in quotation marks; a quoted title has no attribution and is not one."""
    out: list[QuotationSpan] = []
    reason = ""
    i = pos
    while i < len(para):
        ch = para[i]
        if ch in QUOTE_PAIRS and (i == 0 or para[i - 1] in " (\n:"):
            close = close_of(para, i)
            if close < 0:
                break
            a, b = trim(body, s + i + 1, s + close)
            rest = close + 1
            comma = para.startswith(",", rest) or para[close - 1] == ","
            rest += para.startswith(",", rest)
            if rest < len(para) and not para[rest].isspace():
                i = close + 1
                continue
            at = len(para) - len(para[rest:].lstrip())
            att = attribution_at(para, close, at, comma) if at < len(para) else None
            if att and (who := speaker_of(att.speaker, state)):
                segs = [*state.pending, (a, b)] if i == 0 and state.pending else [(a, b)]
                state.pending, state.pending_paras = [], []
                o = Open(segs, who, "marks" if len(segs) == 1 else "multi-paragraph", att.verb)
                # "”A”, säger X. ”B”": a second quoted sentence ending the paragraph, same speaker
                nxt = len(para) - len(para[att.end:].lstrip())
                if nxt < len(para) and para[nxt] == ch:
                    close2 = close_of(para, nxt)
                    if close2 == len(para.rstrip()) - 1 and para[close2 - 1] in ".!?":
                        o.segments.append(trim(body, s + nxt + 1, s + close2))
                        att = Attribution(0, 0, close2 + 1, who, None, "")
                out.append(make(body, o))
                state.previous, state.previous_form = who, "follow-on"
                i = att.end
                continue
            whole_para = whole and i == 0 and close == len(para.rstrip()) - 1
            if whole_para and state.previous and para[close - 1] in ".!?":
                o = Open([(a, b)], state.previous, f"marks {state.previous_form}")
                out.append(make(body, o))
                return out, describe(o)
            if (i >= 2 and para[i - 2] == ":" and close >= len(para.rstrip()) - 2
                    and para[close - 1] in ".!?"):
                # "Karin Sjö på Sweco konstaterar: ”Vi ligger i fas.”": the sentence before the
                # colon names its speaker.
                sentence = re.split(r"(?<=[.!?])\s+", para[: i - 2])[-1]
                named = {p.name: p for p in mentions(sentence + ":", state.known, colon=True)}
                if len(named) == 1:
                    who = speaker_of(next(iter(named.values())), state)
                    o = Open([(a, b)], who, "marks after colon")
                    out.append(make(body, o))
                    state.previous, state.previous_form = who, "follow-on"
                    return out, describe(o)
            reason = f"quoted title or name, not a quotation: {para[i:close + 1][:40]!r}"
            i = close + 1
            continue
        i += 1
    if out:
        return out, "; ".join(describe(Open(list(q.segments), q.speaker, q.form, q.verb))
                              for q in out)
    return out, reason
