"""Find the quotations of a release body, with their segments, speakers and the reader's decisions.

Precision first (issue 10): a quotation whose speaker cannot be determined is left out, and the
decision says why. One quotation is one utterance: the words before and after a mid-paragraph
attribution are one quotation with one segment each (the attribution's words excluded); dash
paragraphs with no attribution of their own that end in the attribution of a later paragraph join
that quotation; a dash paragraph after a quoted or introducing paragraph is a new quotation by
the same speaker ("follow-on"/"introduced").
"""

from __future__ import annotations

import re
from dataclasses import replace

from pressrum.text.attribution import find_attribution, indirect
from pressrum.text.marks import QUOTE_PAIRS, close_of, marked
from pressrum.text.paragraphs import (
    SENTENCE_END,
    classify,
    has_attribution_cue,
    is_question,
    last_sentence,
    list_items,
    mentions,
    qa_label,
)
from pressrum.text.people import Speaker, parse_speaker
from pressrum.text.pronouns import resolve
from pressrum.text.spans import (
    Decision,
    Open,
    QuotationSpan,
    State,
    describe,
    drop_pending,
    make,
    speaker_of,
    trim,
)

_OPEN_DASH = re.compile(r"[-–—−]\s*(?=[\w”\"»«“])")  # hyphen, en dash, em dash, U+2212 minus
_MID_DASH = re.compile(r"(?<=[.!?:])\s+[-–—−]\s*(?=[A-ZÅÄÖ0-9”\"»“])")
_PRONOUN_INTRO = re.compile(r"\b(hon|han|hen)\b")
_SAYS = re.compile(r"(?:Det|Så|Detta)\s(?=\w)")


def read_quotations(body: str, starts: list[int]) -> tuple[list[QuotationSpan], list[Decision]]:
    """Return the quotations of a body, in body order, and one decision per paragraph."""
    state, quotations, decisions = State(), [], []
    bounds = [*starts[1:], len(body) + 2]
    questions = sum(1 for s, e in zip(starts, bounds, strict=True)
                    if is_question(body[s:e - 2]) or (qa_label(body[s:e - 2]) or ("",))[0] == "question")
    paras = [body[s:e - 2] for s, e in zip(starts, bounds, strict=True)]
    items = list_items(paras)
    contact = False
    for n, (s, e) in enumerate(zip(starts, bounds, strict=True), 1):
        para = body[s:e - 2]
        if state.pending and not contact and (line := _signature(body, para, state)):
            quotations.append(line)  # "- Stefan Olofsson, Näringslivschef" signs the quotation above
            decisions.append(Decision(n, s, e - 2, "quotation", describe(
                Open(list(line.segments), line.speaker, line.form)), (line,)))
            state.pending, state.pending_paras = [], []
            continue
        kind, reason = ("contact", "in the contact block") if contact else classify(para)
        if not kind and n - 1 in items:
            kind, reason = "bullet", "bullet list item (a run of short dash paragraphs)"
        if kind:
            contact = contact or kind == "contact"
            _flush(state, decisions, body)
            if kind == "subheading":  # "Tre frågor till rektor Johan Nyström": the interviewee
                _note_mentions(para, state)
            state.previous = None
            decisions.append(Decision(n, s, e - 2, kind, reason))
            continue
        found, reason = _paragraph(body, s, para, n, state, questions >= 2)
        quotations.extend(found)
        decisions.append(Decision(n, s, e - 2, "quotation" if found else "narrative", reason,
                                  tuple(found)))
    _flush(state, decisions, body)
    quotations.sort(key=lambda q: q.start)
    quotations = _described(quotations, state)
    return quotations, _joined(decisions, quotations)


def _joined(decisions: list[Decision], quotations: list[QuotationSpan]) -> list[Decision]:
    """Mark the paragraphs that a later attribution joined to its quotation."""
    out = []
    for d in decisions:
        if d.kind == "narrative" and d.reason.startswith("dash quotation without attribution"):
            q = next((q for q in quotations if any(d.start <= a < d.end for a, _ in q.segments)), None)
            if q is not None:
                d = Decision(d.paragraph, d.start, d.end, "quotation",
                             "part of a quotation attributed in a later paragraph", (q,))
        out.append(d)
    return out


def _described(quotations: list[QuotationSpan], state: State) -> list[QuotationSpan]:
    """Give a speaker named bare ("säger Maria Strand") the role the release states elsewhere.

    One person per name within a release: a later "Maria Strand, näringslivschef i Lerums
    kommun" describes the same speaker (issue 10: a careful reader's result).
    """
    fuller = {}
    for person in state.known:
        if person.role_title and person.name not in fuller:
            fuller[person.name] = person
    out = []
    for q in quotations:
        sp = q.speaker
        if not (sp.role_title or sp.organisation or sp.party) and sp.name in fuller:
            q = replace(q, speaker=fuller[sp.name])
        out.append(q)
    return out


def _signature(body: str, para: str, state: State) -> QuotationSpan | None:
    """Return the pending quotation signed by a paragraph `- NAME, TITLE` alone, or None."""
    m = _OPEN_DASH.match(para)
    if not m or "\n" in para or len(para.split()) > 10:
        return None
    who = parse_speaker(para[m.end():].rstrip(". "), need_office=True, strict=True)
    if not isinstance(who, Speaker):
        return None
    who = speaker_of(who, state)
    state.previous, state.previous_form = who, "follow-on"
    return make(body, Open(list(state.pending), who, "dash-name line"))


def _flush(state: State, decisions: list[Decision], body: str) -> None:
    """Report dash paragraphs that never found a speaker: left out."""
    for n in [*state.left_out, *state.pending_paras]:
        for d in decisions:
            if d.paragraph == n:
                decisions[decisions.index(d)] = Decision(
                    n, d.start, d.end, "left-out", "no speaker found: left out")
    state.pending, state.pending_paras, state.left_out = [], [], []


def _paragraph(body: str, s: int, para: str, n: int, state: State, qa: bool
               ) -> tuple[list[QuotationSpan], str]:
    """Read one paragraph; return its quotations and the reason for the decision."""
    if qa:
        label = qa_label(para)
        if (label and label[0] == "question") or (not label and is_question(para)):
            state.in_qa, state.labelled = True, bool(label)
            return [], "interview question: not a quotation"
        # An answer is a "Svar:" paragraph, or (unlabelled) the paragraph right after a question.
        answer = (label and label[0] == "answer") or (not state.labelled and state.in_qa)
        state.in_qa = False
        if answer and state.interviewee and not find_attribution(para, 0):
            dash = _OPEN_DASH.match(para)
            a, b = trim(body, s + (label[1] if label else dash.end() if dash else 0), s + len(para))
            o = Open([(a, b)], state.interviewee, "interview answer")
            return [make(body, o)], f"interview answer by {state.interviewee.name}"
    if opener := _OPEN_DASH.match(para):
        return _dash(body, s, para, opener.end(), state, n)
    if para[:1] in QUOTE_PAIRS:
        found = marked(body, s, para, 0, state, whole=True)
        if found[0]:
            return found
        if close_of(para, 0) < 0:
            # ”Paragraph one …\n\n”Paragraph two”, säger X.: Swedish marks leave a quotation
            # paragraph open when the next one continues it.
            return _dash(body, s, para, 1, state, n, form="marks")
    if mid := _MID_DASH.search(para):
        _note_mentions(para[: mid.start()], state)
        return _dash(body, s, para, mid.end(), state, n, form="dash mid-paragraph")
    if state.pending and _SAYS.match(para):  # "- Vi är glada.\n\nDet säger Eva Ek."
        att = find_attribution(para, 1)
        if att and att.end >= len(para.rstrip()) and (who := speaker_of(att.speaker, state)):
            o = Open(list(state.pending), who, "attributed after", att.verb)
            state.pending, state.pending_paras, state.previous = [], [], who
            return [make(body, o)], describe(o)
    if state.pending:  # "- A.\n\n- B.\n\nC, säger X." : the last paragraph closes the utterance
        att = find_attribution(para, 0)
        if att and att.end >= len(para.rstrip()) and (who := speaker_of(att.speaker, state)):
            o = Open([*state.pending, trim(body, s, s + att.quote_end)], who, "multi-paragraph",
                      att.verb)
            state.pending, state.pending_paras, state.previous = [], [], who
            return [make(body, o)], describe(o)
        drop_pending(state)
    first = next((i for i, ch in enumerate(para) if ch in QUOTE_PAIRS), 0)
    if first:  # "Anna Lind är nöjd. “…”, säger hon.": the people named before the quotation
        _note_mentions(para[:first], state)
    quoted = marked(body, s, para, 0, state, whole=False)
    if quoted[0]:
        return quoted
    att = find_attribution(para, 0)
    if (att and att.form == "verb" and att.end >= len(para.rstrip()) and not para.endswith(":")
            and len(para[:att.quote_end].split()) >= 4 and not indirect(para[:att.start])
            and (who := speaker_of(att.speaker, state))):
        o = Open([trim(body, s, s + att.quote_end)], who, "unmarked", att.verb)
        state.previous = who
        return [make(body, o)], describe(o)
    introduces = _note_mentions(para, state)
    verb = indirect(para)
    return [], f"indirect speech: '{verb}'" if verb else quoted[1] or introduces or "narrative"


def _narrates(tail: str, speaker: Speaker) -> bool:
    """Return whether the words after an attribution speak of the speaker, not as them."""
    family = speaker.name.split()[-1]
    return bool(re.match(r"(?:Hon|Han|Hen)\s", tail)) or re.search(rf"\b{re.escape(family)}s?\b", tail) is not None


def _note_mentions(text: str, state: State) -> str:
    """Record the people a narrative paragraph names; its last sentence may introduce a speaker.

    Return the reason to report ("introduces X") or "".
    """
    state.previous = None
    for sentence in re.split(r"(?<=[.!?:])\s+", text):
        named = mentions(sentence, state.known, colon=sentence.rstrip().endswith(":"))
        for person in named:
            if person not in state.known:
                state.known.append(person)
    tail = last_sentence(text)
    named = mentions(tail, state.known, colon=tail.rstrip().endswith(":"))
    if not named and tail.rstrip().endswith(":") and (m := _PRONOUN_INTRO.search(tail)):
        # "Kulturchef Maria Lind har lett arbetet. Så här säger hon:" introduces Maria Lind.
        who = resolve(m.group(1), state.known)
        named = [who] if who else []
    if len({p.name for p in named}) == 1:
        state.previous, state.previous_form = named[0], "introduced"
        if state.interviewee is None or re.search(r"frågor|intervju", text, re.IGNORECASE):
            state.interviewee = named[0]
        return f"narrative; introduces {named[0].name}"
    return ""


def _dash(body: str, s: int, para: str, at: int, state: State, n: int, form: str = "dash"
          ) -> tuple[list[QuotationSpan], str]:
    """Read a dash quotation opened at para[at]; its attribution may sit mid-paragraph."""
    out: list[QuotationSpan] = []
    current: Open | None = None
    pos = at
    while pos < len(para):
        att = find_attribution(para, pos)
        if att is None:
            seg = trim(body, s + pos, s + len(para))
            if current is not None:
                current.segments.append(seg)  # the words after the attribution, same speaker
                break
            if has_attribution_cue(para[pos:]):
                state.previous = None
                return out, "attribution not understood: left out"
            if state.previous and para.rstrip().endswith(SENTENCE_END) and form != "marks":
                o = Open([seg], state.previous, state.previous_form)
                drop_pending(state)
                out.append(make(body, o))
                state.previous_form = "follow-on"
                return out, describe(o) + f" (speaker from paragraph {n - 1})"
            state.pending.append(seg)
            state.pending_paras.append(n)
            return out, "dash quotation without attribution: waiting for a later attribution"
        who = speaker_of(att.speaker, state)
        seg = trim(body, s + pos, s + att.quote_end)
        if who is None:
            return out, f"no speaker found for pronoun {att.speaker!r}: left out"
        if current is not None and current.speaker == who:
            current.segments.append(seg)
        else:
            if current is not None:
                out.append(make(body, current))
            segs = [*state.pending, seg] if not out and state.pending else [seg]
            kind = att.form if att.form != "verb" else form
            current = Open(segs, who, kind if len(segs) == 1 else "multi-paragraph", att.verb)
            state.pending, state.pending_paras = [], []
        pos = len(para) - len(para[att.end:].lstrip())
        if _narrates(para[pos:], current.speaker) or form == "dash mid-paragraph":
            # After narrative, a dash quotation's tail may be narrative again: precision first.
            break  # "… säger Eva Ek. Hon har arbetat här sedan 2010." is narrative again
        if _OPEN_DASH.match(para, pos):  # "…, säger X. - Next quote"
            pos = _OPEN_DASH.match(para, pos).end()
    if current is not None:
        out.append(make(body, current))
        state.previous, state.previous_form = current.speaker, "follow-on"
    return out, "; ".join(describe(Open(list(q.segments), q.speaker, q.form, q.verb)) for q in out)


