"""Classify the paragraphs of a release body and find the people a narrative sentence names.

Kinds that never hold quotations (issue 10): contact blocks, photo captions, bullet lists,
subheadings, `Läs mer` lines; interview questions are found here too.
"""

from __future__ import annotations

import re

from pressrum.text.attribution import find_attribution
from pressrum.text.people import NAME, STOP, Speaker, is_office, name_first, role_first
from pressrum.text.pronouns import FEMALE, MALE

# Capitalised words that open a sentence before a name ("Enligt Anna Lind", "Också Per Ek").
_OPENERS = {"enligt", "också", "även", "nu", "då", "men", "och", "det", "den", "när", "där",
            "här", "så", "som", "vi", "jag", "bland", "dessutom", "därför", "sedan", "idag"}

# A contact block ends the quotable text: a header ending in a colon ("Kontakt:",
# "För mer information, kontakta:") or a bare header word on its own line ("Kontakt").
_CONTACT = re.compile(
    r"(?:(?:press)?kontakt\w*|för (?:mer|ytterligare) information|mer information|frågor|"
    r"upplysningar)(?:[^\n:.]{0,60}:|\s*(?:\n|$))",
    re.IGNORECASE,
)
# A Swedish telephone number (0302-52 10 00, 070-123 45 67, +46 …) or an e-mail address.
_CONTACT_DETAIL = re.compile(
    r"@\w|(?<![\d ])0\d{1,3}[- /]?\d{2,3}(?:[ -]?\d{2,3}){1,3}\b|\+46|\btel(?:efon)?[.:]", re.I)
_SPEECH = re.compile(r",\s+(?:säger|sa|menar|konstaterar|berättar|förklarar|fortsätter|avslutar|"
                     r"tillägger|betonar|understryker|poängterar|tycker|anser|framhåller)\s")
_CAPTION = re.compile(r"^(?:foto|bild|bildtext|fotograf|illustration)\s*:|(?:foto|bild)\s*:\s*[^.!?]*$",
                      re.IGNORECASE)
_READ_MORE = re.compile(r"^(?:läs (?:mer|hela|om)|se (?:även|mer)|mer om|länk)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•*·◦▪]|\d+[.)])\s", re.MULTILINE)
_LIST_DASH = re.compile(r"^\s*[-–—−]\s", re.MULTILINE)
_QA = re.compile(r"^(?P<who>fråga|f|svar|s)\s*:\s*", re.IGNORECASE)
SENTENCE_END = tuple(".!?…”\"»")
_DASH_OPEN = re.compile(r"[-–—−]\s*(?=[\w”\"»«“])")
_SENTENCE = re.compile(r"[^.!?:]+(?:[.!?:]+|$)")


def classify(para: str) -> tuple[str, str]:
    """Return (kind, reason) for a paragraph that cannot hold a quotation, or ("", "")."""
    if _CONTACT.match(para):
        return "contact", "contact block"
    if _READ_MORE.match(para.lstrip("-–—−• ")):  # also "- Läs mer …" after a quotation
        return "read-more", "'Läs mer' line"
    if _CAPTION.search(para) and para.lstrip()[:1] not in "-–—−”\"»«":
        return "caption", "photo caption"
    lines = para.split("\n")
    if _BULLET.match(para) or (len(lines) > 1 and len(_LIST_DASH.findall(para)) >= 2):
        return "bullet", "bullet list"
    if _CONTACT_DETAIL.search(para) and (len(para) < 160 or len(lines) > 1):
        return "contact-line", "contact details (telephone or e-mail)"
    if (para[:1] in "-–—−•" and "\n" not in para and len(para) < 100
            and not para.endswith(SENTENCE_END) and not _SPEECH.search(para)
            and not re.search(r"[.!?]\s", para)):
        return "bullet", "bullet list item (dash, no sentence end)"
    if (
        "\n" not in para and len(para) < 100 and not para.endswith(SENTENCE_END + (":",))
        and para[:1] not in "-–—−”\"»«“"
    ):
        return "subheading", "subheading (no sentence end)"
    return "", ""


def has_attribution_cue(para: str) -> bool:
    """Return whether a paragraph has `, säger …` (an attribution, read or not)."""
    return bool(_SPEECH.search(para))


def qa_label(para: str) -> tuple[str, int] | None:
    """Return ("question"|"answer", prefix length) for `Fråga:`/`Svar:` paragraphs."""
    if m := _QA.match(para):
        kind = "question" if m.group("who").lower() in ("fråga", "f") else "answer"
        return kind, m.end()
    return None


def is_question(para: str) -> bool:
    """Return whether a paragraph is a short question (an interviewer's, in Q&A form).

    A dash may open it ("– Hur bokar man ett digitalt besök?") when no attribution follows.
    """
    return para.endswith("?") and "\n" not in para and len(para.split()) <= 30 \
        and para[:1] not in "”\"»«“" and not _SPEECH.search(para) \
        and not re.search(r"\?\s+\S", para)


def mentions(sentence: str, known: list[Speaker], colon: bool) -> list[Speaker]:
    """Return the people a narrative sentence names, in order.

    A name counts when a title comes with it ("kommunstyrelsens ordförande Per Vorberg (M)",
    "Bengt Hilmersson, kommunalråd i Vårgårda,"), when it was named before in the release, or
    when the sentence ends in a colon introducing a quotation ("Anna Lind förklarar:").
    """
    found: list[Speaker] = []
    sentence = sentence.rstrip(" .:!?")
    for m in re.finditer(NAME, sentence):
        start = m.start()
        first = m.group(0).split()[0]
        if first.lower() in STOP or first.lower() in _OPENERS or is_office(first):
            # "Enligt Anna Lind": a capitalised sentence opener is not part of the name.
            if len(m.group(0).split()) < 3:
                continue
            start = m.start() + len(first) + 1
        speaker = _mention_at(sentence, start, known, colon)
        if speaker is not None:
            known_same = next((k for k in known if k.name == speaker.name), None)
            found.append(known_same if known_same and not speaker.role_title else speaker)
    return found


def _mention_at(sentence: str, start: int, known: list[Speaker], colon: bool) -> Speaker | None:
    """Return the person named at sentence[start:], with their title where one is given."""
    speaker = name_first(sentence[start:], need_office=True)
    if speaker is None:
        # Title before the name: extend the title word by word while it still reads as one.
        words = sentence[:start].split()
        for k in range(1, min(len(words), 6) + 1):
            hyphen_och = words[-k] == "och" and k < len(words) and words[-k - 1].endswith("-")
            if words[-k].lower() in STOP and not hyphen_och:  # "Kultur- och fritidsnämndens"
                break  # never across "till", "att", "och": "frågor till rektor X" → rektor
            if s := role_first(" ".join(words[-k:]) + " " + sentence[start:]):
                speaker = s
    if speaker is None:
        # A bare name counts when it ends a colon intro, was named before, or starts with a
        # known given name ("Lisa Berg", not "Svenskt Näringsliv").
        name = name_first(sentence[start:])
        given = name.name.split()[0].split("-")[0] if name else ""
        if name and (colon or any(k.name == name.name for k in known) or given in FEMALE | MALE):
            speaker = name
    return speaker


def last_sentence(para: str) -> str:
    """Return the last sentence of a paragraph."""
    sentences = [s for s in _SENTENCE.findall(para) if s.strip()]
    return sentences[-1].strip() if sentences else para


def _short_item(para: str) -> bool:
    """Return whether a paragraph is a short dash line with no attribution cue."""
    return bool(m := _DASH_OPEN.match(para)) and len(para.split()) <= 8 and "\n" not in para \
        and not has_attribution_cue(para) and find_attribution(para, m.end()) is None


def _itemlike(para: str) -> bool:
    """Return whether a short dash line reads as a list item: no sentence end, or it opens
    with a digit or a lower-case letter ("- 40 miljoner till lärare.", "- cirka 300 bostäder")."""
    rest = para[_DASH_OPEN.match(para).end():]
    return not para.rstrip().endswith(SENTENCE_END) or not rest[:1].isupper()


def list_items(paras: list[str]) -> set[int]:
    """Return the indexes of dash paragraphs that form a list: a run of short item-like lines,
    or short lines after a colon that introduces no one ("Budgeten innehåller bland annat:")."""
    items: set[int] = set()
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and _short_item(paras[j]):
            j += 1
        if j > i:
            run = range(i, j)
            colon = i > 0 and paras[i - 1].rstrip().endswith(":") and not re.search(NAME, paras[i - 1])
            if colon or (j - i >= 2 and all(_itemlike(paras[k]) for k in run)):
                items.update(run)
            i = j
        else:
            i += 1
    return items
