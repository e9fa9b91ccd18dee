"""Read the speaker phrase of an attribution: name, role title, organisation, party.

The phrase is what follows a speech verb (`säger kommunstyrelsens ordförande i Nynäshamn Harry
Bouveng (M)`) or stands alone after a quotation (`, Åsa Qvist, näringslivschef i Lerums kommun.`).
Everything is kept as written; mapping to role types, parties and IRIs is in `roles.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UP = "A-ZÅÄÖÉÈÜØÆ"
LO = "a-zåäöéèüøæß"


@dataclass(frozen=True)
class Speaker:
    """A quoted person as the attribution states them."""

    name: str
    role_title: str | None
    organisation: str | None
    party: str | None  # the abbreviation as written, e.g. "M"


# A name token: capitalised, hyphenated parts allowed (Anna-Karin). A person name is 2–4 tokens,
# particles (von, af, de) allowed between them.
TOKEN = rf"[{UP}][{LO}]+(?:-[{UP}][{LO}]+)*"
NAME = rf"{TOKEN}(?:\s+(?:(?:von|af|van|de|der|den|la)\s+)?{TOKEN}){{1,3}}"
_PARTY = rf"\(\s*(?P<party>[{UP}][{UP}{LO}-]{{0,30}})\s*\)"
PRONOUN = re.compile(r"(?P<pronoun>hon|han|hen)\b")
# A title word: lower case (possibly hyphenated), or an acronym (KSO, VD, IT-chef).
_TITLE_WORD = rf"(?:[{UP}]{{2,}}(?:-[{LO}]+)?|[{LO}][{LO}-]*)"
_TITLE = rf"{_TITLE_WORD}(?:\s+{_TITLE_WORD})*?"
# Lower-case words an organisation name may contain ("Lerums kommun", "Svenskt näringsliv").
_ORG_NOUN = (
    "kommun", "kommuns", "stad", "stads", "region", "regionen", "län", "läns", "näringsliv",
    "förvaltning", "förvaltningen", "förbund", "kommunförbund", "kommunalförbund", "landsting",
    "kommunstyrelse", "kommunstyrelsen", "nämnd", "nämnden", "ab", "och", "universitet",
    "högskola", "sjukhus", "skola", "bibliotek", "stiftelse", "förening", "räddningstjänst",
    "bostäder", "energi", "vatten", "hamn", "näringslivsbolag", "företagarförening", "handel",
)
_PREP = ("i", "på", "vid", "från", "för", "inom", "hos")
_NAME_RE = re.compile(NAME)
_UNIT = re.compile(r"[a-zåäö-]+(?:förvaltningen|nämnden|kontoret|enheten|avdelningen|bolaget|förbundet)")
# Bodies whose chair or member a title names: part of the title, not an organisation.
_BODY = re.compile(r"(?:nämnd|styrelse|utskott|fullmäktige|beredning)(?:en|ens|n|ns|s|et|ets)?$", re.IGNORECASE)
# Words that never open a title: a narrative sentence, not a role, precedes the name.
STOP = {"att", "och", "som", "med", "är", "har", "av", "den", "det", "en", "ett", "när", "där",
         "också", "även", "enligt", "till", "om", "men", "så", "nu", "vi", "de", "han", "hon",
         "både", "samt", "sin", "sitt", "sina", "hans", "hennes", "var", "blir", "bli", "leds",
         "efter", "inför", "under", "mellan", "hos", "från", "på", "i", "vid", "för", "här",
         "säger", "menar", "berättar", "förklarar", "sa", "konstaterar", "tycker", "anser", "skriver"}
_CLAUSE_START = re.compile(rf"\s*(?:,\s*)?[{LO}]")
# The head of a title that names an office; a verbless attribution must state one
# (otherwise ", Svenskt Näringsliv, handelskammaren och regionen." would be a speaker).
TITLE_HEADS = (
    "chef", "ordförande", "råd", "ledamot", "rektor", "direktör", "ansvarig", "samordnare",
    "strateg", "handläggare", "kommunikatör", "sekreterare", "minister", "talesperson", "ingenjör",
    "planerare", "ekonom", "läkare", "sköterska", "inspektör", "arkitekt", "ledare", "utvecklare",
    "koordinator", "företrädare", "representant", "forskare", "lärare", "ägare", "grundare",
    "rådgivare", "expert", "specialist", "vd", "kso", "controller", "analytiker", "guvernör",
    "ombudsman", "projektledare", "chefredaktör", "företagare", "ordf",
)


def is_office(title: str | None) -> bool:
    """Return whether a title names an office (its head word ends like one)."""
    if not title:
        return False
    words = title.lower().split()
    # Definite forms count too: "oppositionsrådet", "bibliotekschefen".
    return any(re.sub(r"(?:en|et|n)$", "", w.rstrip(",.")).endswith(TITLE_HEADS)
               or w.rstrip(",.").endswith(TITLE_HEADS) for w in words)


def _org(words: list[str], i: int) -> int:
    """Return the index after the organisation name starting at words[i] (i if none)."""
    j = i
    while j < len(words):
        w = words[j].rstrip(",")
        if j > i and w == "och" and words[j - 1].endswith("-") and j + 1 < len(words):
            j += 2  # "Barn- och utbildningsförvaltningen"
            continue
        if re.fullmatch(rf"[{UP}0-9][\w&-]*", w) or (j > i and w.lower() in _ORG_NOUN):
            j += 1
        elif j > i and w in _PREP and j + 1 < len(words) and words[j + 1][:1].isupper():
            j += 1  # "Svenskt Näringsliv i Blekinge"
        else:
            break
        if words[j - 1].endswith(","):
            break
    while j > i and words[j - 1].rstrip(",").lower() in ("och",) + _PREP:
        j -= 1
    return j


def split_role(phrase: str) -> tuple[str | None, str | None, str | None]:
    """Split `TITLE [prep ORG | ORG] [(PARTY)]` into (title, organisation, party)."""
    phrase = phrase.strip().rstrip(",")
    party = None
    if m := re.search(rf"\s*{_PARTY}\s*$", phrase):
        party, phrase = m.group("party"), phrase[: m.start()].strip()
    if m := re.search(rf"\s*{_PARTY}", phrase):  # "kommunalråd (S) i Lerum"
        party, phrase = m.group("party"), (phrase[: m.start()] + phrase[m.end():]).strip()
    if not phrase:
        return None, None, party
    # Title first, capitalised ("Näringslivschef") only when it is the whole phrase.
    if re.fullmatch(rf"[{UP}][{LO}-]+", phrase) and is_office(phrase):
        return phrase, None, party
    words = phrase.split()
    if words[0].lower() in STOP:
        return None, None, None  # ", som är rektor på skolan": a clause, not a title
    for k in range(1, len(words) + 1):
        if not re.fullmatch(_TITLE_WORD, words[k - 1]):
            break
        rest = words[k:]
        if not rest:
            return phrase, None, party
        title = " ".join(words[:k])
        if rest[0] in _PREP and len(rest) > 1 and rest[1][:1].isupper():
            # "näringslivschef i Lerums kommun", "undersköterska på Södertull äldreboende"
            if _org(rest, 1) == len(rest) or rest[0] in ("på", "vid", "hos"):
                return title, " ".join(rest[1:]), party
        elif (rest[0] in ("i", "på", "vid", "hos", "inom") and len(rest) > 1 and is_office(title)
              and not any(_BODY.search(w) for w in rest[1:])
              and not any(w in ("vid", "på", "hos") for w in rest[2:])):  # "i beredskap vid X"
            # "verksamhetschef vid hälsocentralen i Vindeln"; but "ledamot i miljönämnden" and
            # "ordförande i tekniska nämnden" keep the body in the title (a political office).
            return title, " ".join(rest[1:]), party
        elif rest[0][:1].isupper() and _org(rest, 0) == len(rest):
            return " ".join(words[:k]), " ".join(rest), party  # "regionchef Svenskt Näringsliv"
    return None, None, None


def _tail(rest: str, strict: bool = False) -> bool:
    """Return whether what follows a speaker phrase is a clause, not more of the phrase."""
    if re.match(rf"\s*(?:,\s*)?(?:och|samt)\s+(?:{NAME}|[{LO}]+\s+{NAME})", rest):
        return False  # "säger Anna Lind och Per Ek": two speakers, neither is the speaker
    if strict:
        return not rest.strip()
    return not rest.strip() or bool(_CLAUSE_START.match(rest)) or rest.lstrip()[:1] in ".!?:;"


def name_first(phrase: str, need_office: bool = False, strict: bool = False) -> Speaker | None:
    """Parse `NAME [(PARTY)] [, ROLE [, ORG]] [från|på|i ORG] [clause]`."""
    m = re.match(rf"(?P<name>{NAME})(?:\s*{_PARTY})?", phrase)
    if not m:
        return None
    name, party, rest = m.group("name"), m.group("party"), phrase[m.end():]
    title = org = None
    parts = [p.strip() for p in rest.split(",")]
    if rest.startswith(","):
        # ", näringslivschef, Sollefteå kommun" / ", kommunalråd i Vårgårda"
        t, o, p = split_role(parts[1]) if parts[1] else (None, None, None)
        if t is None:
            if need_office:
                return None
            return Speaker(name, None, None, party) if _tail(rest[1:], strict) else None
        title, org, party = t, o, party or p
        used = 2
        if org is None and len(parts) > 2 and parts[2] and (w := parts[2].split()):
            end = _org(w, 0)
            if end and end == len(w):
                org, used = parts[2], 3
        rest = ",".join(parts[used:])
        rest = ("," + rest) if rest else ""
    else:
        w = rest.split()
        if w and w[0] in ("från", "på", "vid", "i") and len(w) > 1 and w[1][:1].isupper():
            end = _org(w, 1)
            org, rest = " ".join(w[1:end]), " ".join(w[end:])
            rest = (" " + rest) if rest else ""
    if need_office and not is_office(title):
        return None
    if not _tail(rest, strict):
        return None
    return Speaker(name, title, org, party)


def role_first(phrase: str, strict: bool = False, need_office: bool = True) -> Speaker | None:
    """Parse `[ORG's] TITLE [prep ORG] NAME [(PARTY)] [, ORG] [clause]`."""
    # The title: lower-case words (or an acronym), possibly after a genitive organisation.
    for m in _NAME_RE.finditer(phrase):
        before, after = phrase[: m.start()].strip(), phrase[m.end():]
        tokens = m.group(0).split()
        if not before and len(tokens) >= 3 and is_office(tokens[0]):
            before, tokens = tokens[0], tokens[1:]  # "Projektledare Karin Sjö" opening a sentence
        if not before:
            continue
        party = None
        if pm := re.match(rf"\s*{_PARTY}", after):
            party, after = pm.group("party"), after[pm.end():]
        speaker = _title_before(before, tokens, party, need_office)
        if speaker is None:
            continue
        w = after.split()
        if w and w[0] in ("på", "vid", "i", "från") and len(w) > 1 and w[1][:1].isupper() \
                and not speaker.organisation:  # "rektor Johan Nyström på Anderstorpsskolan"
            end = _org(w, 1)
            speaker = Speaker(speaker.name, speaker.role_title, " ".join(w[1:end]), speaker.party)
            after = " " + " ".join(w[end:]) if w[end:] else ""
        elif w and w[0] in ("vid", "på", "hos") and len(w) > 1 and not speaker.organisation:
            # "kommunpolis Johan Ek vid polisområde Storgöteborg": as written, to a clause word
            end = 1
            while end < len(w) and w[end].lower().rstrip(",") not in STOP and not w[end - 1].endswith(","):
                end += 1
            org = " ".join(w[1:end]).rstrip(",")
            speaker = Speaker(speaker.name, speaker.role_title, org, speaker.party)
            after = " " + " ".join(w[end:]) if w[end:] else ""
        elif after.startswith(",") and not speaker.organisation:
            w = after[1:].split(",")[0].split()
            end = _org(w, 0)
            if len(w) == 1 and _UNIT.fullmatch(w[0].rstrip(".")):
                w, end = [w[0].rstrip(".")], 1  # ", socialförvaltningen": a unit named in lower case
            if end and end == len(w):
                speaker = Speaker(speaker.name, speaker.role_title, " ".join(w), speaker.party)
                after = after[1:][len(after[1:].split(",")[0]):]
        return speaker if _tail(after, strict) else None
    return None


def _title_before(before: str, tokens: list[str], party: str | None, need_office: bool = True
                  ) -> Speaker | None:
    """Read the title before a name; a place glued to the name moves to the organisation."""
    # "kommunstyrelsens ordförande i Nynäshamn Harry Bouveng": the name is its last two tokens
    # when the capitalised run is longer and a preposition opens it.
    # "kommunens näringslivschef": the owner is the publisher, not part of the title.
    before = re.sub(r"^(?:kommunens|stadens|regionens|vår|vårt|våra|nye?|nya|tillträdande)\s+", "", before)
    words = before.split()
    if words and words[0].lower() in STOP:
        return None
    if len(tokens) > 2 and words and words[-1] in _PREP:
        before = f"{before} {' '.join(tokens[:-2])}"
        tokens = tokens[-2:]
    name = " ".join(tokens)
    body = rf"(?:[{UP}][{LO}]*-\s+och\s+[{LO}]*|[{UP}][{LO}]*)(?:styrelsens|nämndens|fullmäktiges)"
    if re.fullmatch(rf"{body}\s+{_TITLE}", before):
        return Speaker(name, before, None, party)  # "Regionstyrelsens ordförande Maria Eklund"
    g = re.fullmatch(rf"(?P<org>[{UP}][^\s,()]*(?:\s+[^\s,()]+)*?)s\s+(?P<title>{_TITLE})", before)
    if g and is_office(g.group("title")):  # "Lerums kommuns näringslivschef"
        return Speaker(name, g.group("title"), g.group("org"), party)
    title, org, p = split_role(before)
    # After a speech verb the words before the name are its title ("säger stadsträdgårdsmästare
    # Hans Möller"); in narrative a title must name an office.
    if title is None or (need_office and not is_office(title)) or len(title.split()) > 5:
        return None
    return Speaker(name, title, org, party or p)


def parse_speaker(
    phrase: str, need_office: bool = False, strict: bool = False
) -> Speaker | str | None:
    """Parse a speaker phrase; a pronoun ("hon") is returned as the string itself, a family
    name alone ("Schölander") as "=Schölander"."""
    phrase = phrase.strip()
    if re.search(r"@|\d{2,4}[- ]\d", phrase):
        return None  # a contact line, not an attribution
    if not need_office and (m := PRONOUN.match(phrase)) and _tail(phrase[m.end():], strict):
        return m.group("pronoun")
    if speaker := name_first(phrase, need_office, strict):
        return speaker
    if not need_office and (speaker := role_first(phrase, strict, need_office=False)):
        return speaker
    # "säger Schölander": a family name alone, resolved against the people named before.
    if not need_office and (m := re.match(rf"{TOKEN}\b", phrase)) and _tail(phrase[m.end():], strict):
        return "=" + m.group(0)
    return None
