"""Find attributed quotations in the canonical body of a Swedish press release."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Speaker:
    """A quoted person as the attribution states them."""

    name: str
    role_title: str | None
    organisation: str | None
    party: str | None  # the abbreviation as written, e.g. "M"


@dataclass(frozen=True)
class QuotationSpan:
    """A quotation: body[start:end] == text (code-point offsets, end exclusive)."""

    text: str
    start: int
    end: int
    speaker: Speaker


_UP = "A-ZÅÄÖÉÈÜØÆ"
_LO = "a-zåäöéèüøæß"
# A name token: capitalised, hyphenated parts allowed (Anna-Karin); particles such as "von" may
# sit between tokens. A person name is 2–4 such tokens (issue: "2–4 capitalised tokens").
_TOKEN = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*"
_NAME = rf"{_TOKEN}(?:\s+(?:(?:von|af|van|de|der|den|la)\s+)?{_TOKEN}){{1,3}}"
_PARTY = rf"\(\s*(?P<party>[{_UP}][{_UP}{_LO}]{{0,3}})\s*\)"
_NAME_FIRST = re.compile(rf"(?P<name>{_NAME})(?:\s*{_PARTY})?(?:\s*,\s*(?P<role>[^,]+))?")
_ROLE_FIRST = re.compile(rf"(?P<role>[{_LO}{_UP}][^,()]*?)\s+(?P<name>{_NAME})(?:\s*{_PARTY})?")
_PRONOUN = re.compile(r"(?:hon|han|hen)(?:\s+(?:vidare|också|även|sedan|avslutningsvis))?")
_TRAILING_PARTY = re.compile(rf"\s*{_PARTY}$")
# A title's first token may be an abbreviation (KSO, VD, IT-chef); the rest is lower case.
_TITLE = re.compile(rf"(?:[{_UP}]{{2,}}(?:-[{_LO}]+)?|[{_LO}][{_LO}-]*)(?:\s+[{_LO}][{_LO}-]*)*")
_GENITIVE_ORG = re.compile(
    rf"(?P<org>[{_UP}][^\s,()]*(?:\s+[^\s,()]+)*?)s\s+(?P<title>[{_LO}][{_LO}-]*(?:\s+[{_LO}][{_LO}-]*)*)"
)
_ORG_PREPOSITION = re.compile(r"\s+(?:i|på|vid|för|inom|hos)\s+(?=\S)")

# Verbs of saying seen in Swedish municipal releases (issue text plus its "add:" list).
VERBS = (
    "säger vidare", "säger", "konstaterar", "menar", "berättar", "förklarar", "betonar", "tycker",
    "anser", "understryker", "fortsätter", "poängterar", "framhåller", "avslutar", "skriver",
    "uppger", "påpekar", "tillägger", "summerar", "sammanfattar", "svarar", "hälsar",
)
_VERB_ATTRIBUTION = re.compile(
    r"(?:" + "|".join(VERBS) + r")(?:\s+(?:vidare|också|även|avslutningsvis))?"
    r"\s+(?P<who>[^.!?\n]+?)\s*(?:[.!?](?=\s|$)|$)"
)
_VERBLESS_ATTRIBUTION = re.compile(r"(?P<who>[^.!?\n]+?)\s*(?:\.(?=\s|$)|$)")
# A verbless attribution (", Åsa Qvist, näringslivschef i Lerums kommun.") must name a title
# whose head word looks like an office; otherwise lists such as ", Svenskt Näringsliv,
# handelskammaren och regionen." inside a quote would be taken for a speaker.
_TITLE_HEADS = (
    "chef", "ordförande", "råd", "ledamot", "rektor", "direktör", "ansvarig", "samordnare",
    "strateg", "handläggare", "kommunikatör", "sekreterare", "minister", "talesperson", "ingenjör",
    "planerare", "ekonom", "läkare", "sköterska", "inspektör", "arkitekt", "ledare", "utvecklare",
    "koordinator", "företrädare", "representant", "forskare", "lärare", "ägare", "grundare",
    "rådgivare", "expert", "specialist", "vd", "kso", "controller", "analytiker", "guvernör",
)
_SEPARATOR = re.compile(r"([,!?…])\s+")
_OPEN_DASH = re.compile(r"[-–—−]\s*(?=\S)")  # hyphen, en dash, em dash, U+2212 minus sign
_QUOTE_PAIRS = {"”": "”", '"': '"', "«": "»", "“": "”", "„": "”", "»": "«"}
_SENTENCE_END = tuple(".!?…”\"»")
# A contact block ends the quotable text: a header line ending in a colon ("Kontakt:",
# "För mer information, kontakta:") or a bare header word on its own line ("Kontakt").
_CONTACT = re.compile(
    r"(?:(?:press)?kontakt\w*|för (?:mer|ytterligare) information|mer information|frågor|"
    r"upplysningar)(?:[^\n:.]{0,60}:|\s*(?:\n|$))",
    re.IGNORECASE,
)
_CONTACT_DETAIL = re.compile(r"@|\d{2,4}[- ]\d")
_TRAILING_CLAUSE = re.compile(rf",\s+[{_LO}][^,]*$")  # "…, ordförande, i ett mejl efter mötet"
_AND_CLAUSE = re.compile(r"(?<!-)\s+och\s+")  # "säger hon och ler" (not "barn- och …")
_PRONOUN_SPEAKER = Speaker("", None, None, None)  # marker: resolve to the speaker last named


def split_role(phrase: str) -> tuple[str | None, str | None, str | None]:
    """Split a role phrase into (title, organisation, party); None where absent or unparseable."""
    phrase = phrase.strip()
    party = None
    if m := _TRAILING_PARTY.search(phrase):
        party, phrase = m.group("party"), phrase[: m.start()].strip()
    if not phrase:
        return None, None, party
    # "näringslivschef i Lerums kommun": a preposition followed by a capitalised name.
    for m in _ORG_PREPOSITION.finditer(phrase):
        rest = phrase[m.end():]
        if rest[0].isupper() and _TITLE.fullmatch(phrase[: m.start()]):
            return phrase[: m.start()], rest, party
    # "regionchef Svenskt Näringsliv Västra Götaland": a title followed by a capitalised name.
    m = _TITLE.match(phrase)
    if not m:
        return None, None, None
    title, rest = m.group(0), phrase[m.end():].strip()
    if not rest:
        return title, None, party
    if rest[0].isupper():
        return title, rest, party
    return None, None, None


def parse_speaker(who: str, verbless: bool = False) -> Speaker | None:
    """Parse the speaker phrase of an attribution; the pronoun marker for hon/han/hen."""
    who = who.strip()
    if _CONTACT_DETAIL.search(who):
        return None
    if verbless:  # strict: NAME, TITLE with nothing after it
        return _name_first(who, verbless=True)
    for candidate in _speaker_candidates(who):
        if _PRONOUN.fullmatch(candidate):
            return _PRONOUN_SPEAKER
        if speaker := _name_first(candidate, verbless=False) or _role_first(candidate):
            return speaker
    return None


def _speaker_candidates(who: str) -> Iterator[str]:
    """Yield the phrase, then without a trailing clause ("…, i ett mejl", "… och ler")."""
    yield who
    trimmed = who
    while m := _TRAILING_CLAUSE.search(trimmed):
        trimmed = trimmed[: m.start()]
        yield trimmed
    if m := _AND_CLAUSE.search(who):
        yield who[: m.start()]


def _name_first(who: str, verbless: bool) -> Speaker | None:
    """Parse `NAME (PARTY), ROLE`; a verbless one must state an office-like title."""
    m = _NAME_FIRST.fullmatch(who)
    if not m:
        return None
    party, title, org = m.group("party"), None, None
    if m.group("role"):
        title, org, role_party = split_role(m.group("role"))
        if title is None:
            return None
        party = party or role_party
    if verbless:
        head = (title or "").split(" ")[0 if org else -1].lower()
        if not (title and any(head.endswith(h) for h in _TITLE_HEADS)):
            return None
    return Speaker(m.group("name"), title, org, party)


def _role_first(who: str) -> Speaker | None:
    """Parse `ROLE NAME (PARTY)`, e.g. 'kommunstyrelsens ordförande Anna Lind (S)'."""
    m = _ROLE_FIRST.fullmatch(who)
    if not m:
        return None
    role = m.group("role")
    if g := _GENITIVE_ORG.fullmatch(role):
        # "Lerums kommuns näringslivschef": Swedish genitive -s on the organisation name.
        return Speaker(m.group("name"), g.group("title"), g.group("org"), m.group("party"))
    title, org, _ = split_role(role)
    if title is None:
        return None
    return Speaker(m.group("name"), title, org, m.group("party"))


_Spans = list[tuple[int, int, Speaker]]  # (start, end, speaker) in paragraph offsets


@dataclass
class _Attribution:
    end: int  # offset (in the scanned string) of the end of the quoted words
    after: int  # offset just after the attribution sentence
    speaker: Speaker


def _attribution_at(text: str, end: int, rest_at: int, comma: bool) -> _Attribution | None:
    """Try an attribution starting at rest_at, the quote ending at end."""
    if (m := _VERB_ATTRIBUTION.match(text, rest_at)) and (
        speaker := parse_speaker(m.group("who"))
    ):
        return _Attribution(end, m.end(), speaker)
    if (
        comma
        and (m := _VERBLESS_ATTRIBUTION.match(text, rest_at))
        and (speaker := parse_speaker(m.group("who"), verbless=True))
    ):
        return _Attribution(end, m.end(), speaker)
    return None


def find_dash_attribution(text: str, pos: int) -> _Attribution | None:
    """Find the first attribution after pos in dash-quoted text (", säger X." etc.)."""
    for m in _SEPARATOR.finditer(text, pos):
        mark = m.group(1)
        end = m.start() if mark == "," else m.start() + 1  # "Vad roligt! säger hon." keeps "!"
        if found := _attribution_at(text, end, m.end(), comma=mark == ","):
            return found
    return None


def _closing(text: str, open_at: int) -> int:
    """Return the index of the mark closing the quotation opened at open_at, or -1."""
    return text.find(_QUOTE_PAIRS[text[open_at]], open_at + 1)


def _marked_attribution(text: str, open_at: int) -> tuple[int, _Attribution | None]:
    """Return (closing index, attribution after it) for a quotation opened by a mark."""
    close = _closing(text, open_at)
    if close < 0:
        return -1, None
    end = close
    while end > open_at + 1 and text[end - 1] in ", ":  # ”Text,” säger X: drop the comma
        end -= 1
    comma = end < close
    rest = close + 1
    if text.startswith(",", rest):
        comma, rest = True, rest + 1
    if rest < len(text) and not text[rest].isspace():
        return close, None
    rest = len(text) - len(text[rest:].lstrip())
    return close, _attribution_at(text, end, rest, comma)


def find_quotations(body: str, paragraph_starts: list[int]) -> Iterator[QuotationSpan]:
    """Yield the attributed quotations of a body, in body order."""
    last: Speaker | None = None
    pending: int | None = None  # body offset where an unattributed quote paragraph opened
    bounds = [*paragraph_starts[1:], len(body) + 2]
    for para_start, next_start in zip(paragraph_starts, bounds, strict=True):
        para = body[para_start: next_start - 2]
        if _CONTACT.match(para):
            return  # nothing after a contact block is quotable
        spans, open_at, joins = _paragraph_spans(para, pending is not None)
        if open_at is not None:
            # Unattributed quote paragraph: it may continue into the next ones (below).
            pending = para_start + open_at if pending is None else pending
            continue
        for i, (s, e, speaker) in enumerate(spans):
            begin = para_start + s
            if i == 0 and pending is not None and joins:
                # Multi-paragraph quotation: ONE span from the first quote paragraph's first
                # quoted character to the last quoted character before the attribution, so its
                # text keeps the inner "\n\n- " and body[start:end] still equals the text.
                begin = pending
            if speaker is _PRONOUN_SPEAKER:
                if last is None:
                    continue  # a pronoun with nobody named before it: skip, don't invent
                speaker = last
            last = speaker
            yield QuotationSpan(body[begin: para_start + e], begin, para_start + e, speaker)
        pending = None


def _paragraph_spans(para: str, continuing: bool) -> tuple[_Spans, int | None, bool]:
    """Return (spans, start of an unattributed quote that may continue, first span joins).

    "First span joins" means the first span is the paragraph's opening quotation, which
    completes a quote left open by the previous paragraph(s).
    """
    may_continue = para.rstrip().endswith(_SENTENCE_END) and "\n" not in para  # not a list
    if opener := _OPEN_DASH.match(para):
        found = find_dash_attribution(para, opener.end())
        if found:
            return [(opener.end(), found.end, found.speaker), *_dash_tail(para, found)], None, True
        return [], opener.end() if may_continue else None, False
    if para[:1] in _QUOTE_PAIRS and para[0] != "»":
        close, found = _marked_attribution(para, 0)
        if found:  # a closing mark ends the quotation; later marks may open others
            return [(1, found.end, found.speaker), *_marked_spans(para, found.after)], None, True
        if close < 0:
            return [], 1 if may_continue else None, False
        return _marked_spans(para, close + 1), None, False
    if continuing:
        # A paragraph without an opener continues the pending quote only if it ends with
        # the attribution ("... och så vidare, säger hon.").
        found = find_dash_attribution(para, 0)
        if found and found.after >= len(para.rstrip()):
            return [(0, found.end, found.speaker)], None, True
    return _marked_spans(para, 0), None, False


def _dash_tail(para: str, found: _Attribution) -> _Spans:
    """Return the quote after a mid-paragraph attribution ("- A, säger X. B") by the same speaker.

    Reading chosen: in the Swedish dash convention the whole paragraph is the speaker's words,
    so text after the attribution is a second quotation by the same speaker; it may carry an
    attribution of its own (", fortsätter hon.").
    """
    start = len(para) - len(para[found.after:].lstrip())
    if start >= len(para):
        return []
    if again := find_dash_attribution(para, start):  # "…, fortsätter hon." names its own speaker
        return [(start, again.end, again.speaker), *_dash_tail(para, again)]
    return [(start, len(para.rstrip()), found.speaker)]


def _marked_spans(para: str, pos: int) -> _Spans:
    """Return quotations opened by a quotation mark mid-paragraph and followed by an attribution.

    A quoted title (rapporten ”Företagsklimat 2020” visar …) has no attribution after its
    closing mark, so it is never taken.
    """
    spans: _Spans = []
    i = pos
    while i < len(para):
        ch = para[i]
        if ch in _QUOTE_PAIRS and ch != "»" and (i == 0 or para[i - 1] in " (\n:"):
            close, found = _marked_attribution(para, i)
            if close < 0:
                break
            if found:
                spans.append((i + 1, found.end, found.speaker))
                i = found.after
                continue
            i = close + 1
            continue
        i += 1
    return spans
