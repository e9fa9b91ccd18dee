"""The attribution grammar: where a quotation's words end and who is said to have said them.

Forms read (issue 10):
  `…, säger X.` / `… säger X.` / `…! säger X.`   a speech verb after the quotation, comma optional;
  `…, X, näringslivschef i Lerums kommun.`       no verb: a name and an office title;
  `… - Stefan Olofsson, Näringslivschef`         a dash and name with a title ending the paragraph.
A verb followed by `att` is indirect speech, never an attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pressrum.text.people import NAME, Speaker, parse_speaker

# Speech verbs seen in Swedish municipal releases (issue 10's list and more).
VERBS = (
    "säger", "sa", "sade", "konstaterar", "menar", "berättar", "förklarar", "betonar", "påminner",
    "fortsätter", "tillägger", "understryker", "poängterar", "avslutar", "tycker", "hoppas",
    "anser", "framhåller", "skriver", "uppger", "påpekar", "summerar", "sammanfattar", "svarar",
    "hälsar", "tror", "kommenterar", "beskriver", "lovar", "berömmer", "varnar", "medger",
    "resonerar", "utvecklar", "instämmer", "inflikar", "lyfter", "framhöll", "konstaterade",
    "berättade", "menade", "avslutade", "fortsatte", "tillade", "förklarade", "betonade",
    "välkomnar", "säjer", "skrattar", "ler", "jublar", "glädjer sig", "minns", "suckar",
    "intygar", "avslöjar", "erkänner", "försäkrar", "utbrister", "ropar", "understryker",
)
_ADVERB = r"(?:\s+(?:vidare|också|även|avslutningsvis|då|nu|stolt|glatt|själv|slutligen|dessutom))*"
_VERB = re.compile(rf"(?P<verb>{'|'.join(sorted(VERBS, key=len, reverse=True))}){_ADVERB}\s+", re.I)
# The speaker phrase runs to the end of its sentence: . ! ? followed by a space or the end.
_WHO = re.compile(r"(?P<who>[^\n!?]+?)\s*(?P<stop>[.!?:](?=\s|$)|$)")
_INDIRECT = re.compile(rf"\b(?P<verb>{'|'.join(VERBS)}){_ADVERB}\s+att\b", re.I)
# Without a comma, only the plain verbs of saying, and no clause after the speaker.
_STRICT_VERBS = ("säger", "sa", "sade", "konstaterar", "menar", "berättar", "förklarar",
                 "fortsätter", "avslutar", "tillägger", "betonar", "understryker")
_BOUNDARY = re.compile(r"\s*([,!?…])\s+|\s+(?=\S)")
_DASH_NAME = re.compile(rf"\s+[-–—−]\s*(?P<who>{NAME}\s*(?:\([^)]*\)\s*)?,[^\n.!?]+?)\s*\.?\s*$")


@dataclass(frozen=True)
class Attribution:
    """An attribution at text[start:end]; the quoted words end at quote_end."""

    quote_end: int
    start: int
    end: int
    speaker: Speaker | str  # a str is a pronoun, resolved by the caller
    verb: str | None
    form: str  # "verb", "verbless", "dash-name"


def indirect(text: str) -> str | None:
    """Return the verb phrase if text reports speech indirectly ("berättar att")."""
    m = _INDIRECT.search(text)
    return m.group(0) if m else None


def _who(text: str, at: int, need_office: bool, strict: bool) -> tuple[Speaker | str, int] | None:
    """Parse the speaker phrase at text[at:] to its sentence end; return it and the end offset."""
    m = _WHO.match(text, at)
    if not m:
        return None
    speaker = parse_speaker(m.group("who"), need_office=need_office, strict=strict)
    if speaker is None:
        return None
    return speaker, m.end()


def attribution_at(
    text: str, quote_end: int, at: int, comma: bool, strict: bool = False
) -> Attribution | None:
    """Read an attribution starting at text[at]: a verb and speaker, or (after a comma) verbless.

    strict: no clause may follow the speaker (used where no comma marks the quotation's end).
    """
    if m := _VERB.match(text, at):
        if strict and m.group("verb") not in _STRICT_VERBS:
            return None
        if text[m.end():m.end() + 4].lower().startswith("att "):
            return None  # indirect speech
        if found := _who(text, m.end(), need_office=False, strict=strict):
            return Attribution(quote_end, at, found[1], found[0], m.group("verb").lower(), "verb")
        return None
    found = _who(text, at, need_office=True, strict=False) if comma else None
    if found and isinstance(found[0], Speaker):
        return Attribution(quote_end, at, found[1], found[0], None, "verbless")
    return None


def find_attribution(text: str, pos: int, limit: int | None = None) -> Attribution | None:
    """Find the first attribution after pos: `, säger X.`, `… säger X.`, `, X, titel.`."""
    limit = len(text) if limit is None else limit
    for m in _BOUNDARY.finditer(text, pos, limit):
        mark = m.group(1)
        if m.start() <= pos:
            continue
        if mark is None:  # no comma: only a speech verb may start the attribution
            if text[m.start() - 1] in ".:;":
                continue
            end = m.start()
        else:
            end = m.start() if mark == "," else m.start() + 1  # "Vad roligt! säger hon." keeps "!"
        if found := attribution_at(text, end, m.end(), comma=mark == ",", strict=mark is None):
            return found
    if m := _DASH_NAME.search(text, pos):
        speaker = parse_speaker(m.group("who"), need_office=True)
        if isinstance(speaker, Speaker):
            return Attribution(m.start(), m.start(), len(text), speaker, None, "dash-name")
    return None
