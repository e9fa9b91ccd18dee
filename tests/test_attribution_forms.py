"""One test per form of quotation and attribution that pressrum.text reads (issue 10).

The sentences are made up for the tests, in the forms seen in Swedish municipal releases.
"""

from __future__ import annotations

import pytest

from pressrum.text.release import ParsedRelease, Speaker, parse_release


def parse(body: str) -> ParsedRelease:
    """Parse a body given inline, wrapped in a headline and a date line."""
    return parse_release(f"Rubrik\n\nPubliceringsdatum : 2024-05-01\n\n{body}\n")


def said(body: str) -> list[tuple[str, Speaker]]:
    """Return (text, speaker) of each quotation of a body."""
    return [(q.text, q.speaker) for q in parse(body).quotations]


def one(body: str):
    """Return the only quotation of a body."""
    (q,) = parse(body).quotations
    return q


# --- openers -------------------------------------------------------------------------------

@pytest.mark.parametrize("dash", ["-", "–", "\u2212"])
@pytest.mark.parametrize("space", [" ", ""])
def test_dash_opener_at_paragraph_start(dash: str, space: str) -> None:
    q = one(f"Inledning här.\n\n{dash}{space}Det går bra, säger Eva Ek.")
    assert (q.text, q.speaker.name, q.form) == ("Det går bra", "Eva Ek", "dash")


def test_dash_opener_mid_paragraph_after_narrative() -> None:
    q = one("Mätningen gjordes i Göteborgsregionen. - Ett NKI på 72 är bra, säger Eva Ek.")
    assert q.text == "Ett NKI på 72 är bra"
    assert q.speaker.name == "Eva Ek"


@pytest.mark.parametrize(("o", "c"), [("”", "”"), ('"', '"'), ("»", "«"), ("«", "»"), ("“", "”")])
def test_quotation_marks(o: str, c: str) -> None:
    q = one(f"{o}Vi bygger nu{c}, säger Åsa Öberg, rektor.")
    assert (q.text, q.speaker.role_title) == ("Vi bygger nu", "rektor")


def test_quotation_mark_mid_paragraph_and_comma_inside() -> None:
    q = one("Hon är nöjd. ”Vi har nått målet,” säger Malin Ek, bibliotekschef.")
    assert q.text == "Vi har nått målet"


@pytest.mark.parametrize("title", [
    "Kampanjen ”Handla lokalt” startar i maj och pågår hela sommaren.",
    "Planen ”Lerum 2030” antogs i fullmäktige.",
    "Boken ”Lerum förr och nu” finns på biblioteket.",
    "Dokumentet ”Riktlinjer för bygglov” har uppdaterats.",
    "Anders ”Ankan” Svensson öppnade butiken i går.",
])
def test_quoted_titles_and_names_are_not_quotations(title: str) -> None:
    assert parse(title).quotations == ()


# --- attribution after the quotation -------------------------------------------------------

@pytest.mark.parametrize("verb", [
    "säger", "konstaterar", "menar", "berättar", "förklarar", "betonar", "påminner", "fortsätter",
    "tillägger", "understryker", "poängterar", "avslutar", "tycker", "hoppas",
])
def test_speech_verbs(verb: str) -> None:
    q = one(f"- Det här är bra för Lerum, {verb} Anna Lind (S), kommunalråd.")
    assert (q.text, q.verb) == ("Det här är bra för Lerum", verb)
    assert q.speaker == Speaker("Anna Lind", "kommunalråd", None, "S")


def test_attribution_without_comma() -> None:
    q = one("- Vi bygger nu säger Åsa Öberg.")
    assert (q.text, q.speaker.name) == ("Vi bygger nu", "Åsa Öberg")


def test_exclamation_before_the_verb_stays_in_the_text() -> None:
    assert one("- Vad roligt! säger Åsa Öberg.").text == "Vad roligt!"


def test_role_before_name_with_place_is_not_glued_to_the_name() -> None:
    q = one("- Vi satsar, säger kommunstyrelsens ordförande i Nynäshamn Harry Bouveng (M).")
    assert q.speaker == Speaker("Harry Bouveng", "kommunstyrelsens ordförande", "Nynäshamn", "M")


def test_role_before_name() -> None:
    assert one("- Vi satsar, säger näringslivschef Fredrik Olsson.").speaker == Speaker(
        "Fredrik Olsson", "näringslivschef", None, None)


def test_role_and_organisation_after_name_with_commas() -> None:
    q = one("- Vi klättrar igen, säger Thomas Östlund, näringslivschef, Sollefteå kommun.")
    assert q.speaker == Speaker("Thomas Östlund", "näringslivschef", "Sollefteå kommun", None)


def test_party_after_the_role() -> None:
    q = one("- Bra, säger Lina Ek, kommunalråd (C).")
    assert q.speaker == Speaker("Lina Ek", "kommunalråd", None, "C")


@pytest.mark.parametrize(("prep", "org"), [("i", "Lerums kommun"), ("på", "Svenskt Näringsliv"),
                                          ("vid", "Göteborgs universitet"), ("från", "Region Halland")])
def test_organisation_after_a_preposition(prep: str, org: str) -> None:
    q = one(f"- Bra, säger Eva Ek, regionchef {prep} {org}.")
    assert (q.speaker.role_title, q.speaker.organisation) == ("regionchef", org)


def test_clause_after_the_attribution() -> None:
    q = one("- Vi ser en ljusning, säger Jessica Tengeland från Svenskt näringsliv samtidigt "
            "som hon blickar ut över butikerna.")
    assert q.speaker == Speaker("Jessica Tengeland", None, "Svenskt näringsliv", None)


def test_attribution_in_the_middle_is_one_quotation_with_two_segments() -> None:
    parsed = parse("- Vi är glada, säger näringslivschef Fredrik Olsson. Det höga betyget i "
                   "årets mätning är ett kvitto.")
    (q,) = parsed.quotations
    assert q.text == "Vi är glada Det höga betyget i årets mätning är ett kvitto."
    assert [parsed.body[a:b] for a, b in q.segments] == [
        "Vi är glada", "Det höga betyget i årets mätning är ett kvitto."]
    assert "säger" not in q.text


# --- no verb -------------------------------------------------------------------------------

def test_verbless_name_and_title() -> None:
    q = one("- Detta ligger i linje med planen, Åsa Qvist, näringslivschef i Lerums kommun.")
    assert q.speaker == Speaker("Åsa Qvist", "näringslivschef", "Lerums kommun", None)
    assert q.form == "verbless"


def test_paragraph_ending_in_dash_and_name() -> None:
    q = one("- Vi är glada över resultatet och fortsätter arbetet. - Stefan Olofsson, Näringslivschef")
    assert q.text == "Vi är glada över resultatet och fortsätter arbetet."
    assert q.speaker == Speaker("Stefan Olofsson", "Näringslivschef", None, None)


# --- the speaker named before --------------------------------------------------------------

@pytest.mark.parametrize("intro", [
    "Också kommunstyrelsens ordförande Per Vorberg (M) är glad.",
    "Per Vorberg (M), kommunstyrelsens ordförande, berättar om sin syn på årets resultat.",
    "Så här säger kommunstyrelsens ordförande Per Vorberg (M):",
])
def test_speaker_introduced_by_the_sentence_before(intro: str) -> None:
    q = one(f"{intro}\n\n- Det är ett fint resultat för hela kommunen.")
    assert q.speaker.name == "Per Vorberg" and q.speaker.party == "M"
    assert q.form == "introduced"


def test_follow_on_dash_paragraphs_continue_the_previous_speaker() -> None:
    got = said("- Vi är glada, säger Eva Ek, rektor.\n\n- Nu fortsätter vi arbetet.\n\n"
               "- Och vi ska bli ännu bättre.")
    assert [t for t, _ in got] == ["Vi är glada", "Nu fortsätter vi arbetet.",
                                   "Och vi ska bli ännu bättre."]
    assert {s.name for _, s in got} == {"Eva Ek"}


def test_dash_paragraph_with_nobody_named_is_left_out_and_reported() -> None:
    parsed = parse("Bygget startar i maj.\n\n- Det blir bra.")
    assert parsed.quotations == ()
    assert parsed.decisions[-1].kind == "left-out"
    assert "no speaker" in parsed.decisions[-1].reason


# --- pronouns ------------------------------------------------------------------------------

def test_pronouns_resolve_to_the_person_last_named_who_fits() -> None:
    got = said("- Bra, säger Anna Lind, rektor.\n\n- Också bra, säger Per Ek, rektor.\n\n"
               "- Ja, säger hon.\n\n- Nej, menar han.")
    assert [s.name for _, s in got] == ["Anna Lind", "Per Ek", "Anna Lind", "Per Ek"]


def test_pronoun_with_nobody_named_is_left_out() -> None:
    assert parse("- Det blir bra, säger hon.").quotations == ()


# --- no opening mark -----------------------------------------------------------------------

def test_unmarked_quotation_ending_in_an_attribution() -> None:
    q = one("Återigen bäst i Sverige. Det är ett kvitto på ett långsiktigt arbete, säger "
            "kommunchef Lars Björkqvist.")
    assert q.text.startswith("Återigen bäst i Sverige")
    assert q.speaker == Speaker("Lars Björkqvist", "kommunchef", None, None)
    assert q.form == "unmarked"


def test_narrative_with_a_name_and_title_is_not_a_quotation() -> None:
    assert parse("Projektet leds i år, Anna Lind, näringslivschef, och startar i maj.").quotations == ()


# --- interviews ----------------------------------------------------------------------------

def test_interview_answers_are_quotations_and_questions_are_not() -> None:
    parsed = parse(
        "Vi ställde några frågor till Eva Ek, näringslivschef i Lerums kommun.\n\n"
        "Vad betyder resultatet?\n\nDet betyder att vi är på rätt väg.\n\n"
        "Vad händer nu?\n\nVi fortsätter att lyssna på företagen."
    )
    assert [(q.text, q.speaker.name) for q in parsed.quotations] == [
        ("Det betyder att vi är på rätt väg.", "Eva Ek"),
        ("Vi fortsätter att lyssna på företagen.", "Eva Ek"),
    ]


# --- not quotations ------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Anna Lind berättar att kommunen bygger en ny skola.",
    "Foto: Anna Lind",
    "Läs mer på kommunens webbplats.",
    "Nya skolor i Lerum",
    "- 40 miljoner till skolan\n- 25 miljoner till omsorgen",
    "Kontakt:\nAnna Lind, näringslivschef, 0302-52 10 00, anna.lind@lerum.se",
    "För mer information, kontakta:\n\n- Bra, säger Per Ek.",
])
def test_not_quotations(body: str) -> None:
    assert parse(body).quotations == ()


def test_indirect_speech_is_reported() -> None:
    (d,) = parse("Anna Lind berättar att kommunen bygger en ny skola.").decisions
    assert d.reason == "indirect speech: 'berättar att'"


def test_narrative_after_the_attribution_is_not_a_segment() -> None:
    q = one("- Vi är glada, säger Eva Ek, rektor. Hon har arbetat i kommunen sedan 2010.")
    assert q.segments == ((2, 13),) and q.text == "Vi är glada"


def test_det_säger_after_an_unattributed_dash_paragraph() -> None:
    q = one("- Vi är glada över beskedet.\n\nDet säger Eva Ek, rektor.")
    assert (q.text, q.speaker.name) == ("Vi är glada över beskedet.", "Eva Ek")
    assert parse("Bra.\n\nDet säger Eva Ek, rektor.").quotations == ()


def test_any_title_before_the_name_after_a_speech_verb() -> None:
    q = one("»Vi har sparat alla stora träd«, säger stadsträdgårdsmästare Hans Möller.")
    assert q.speaker == Speaker("Hans Möller", "stadsträdgårdsmästare", None, None)


def test_a_bare_name_gets_the_role_the_release_states_later() -> None:
    got = said("- Vi ringer upp företagen, säger Maria Strand.\n\n- Det ger resultat, Maria Strand, "
               "näringslivschef i Lerums kommun.")
    assert {s for _, s in got} == {Speaker("Maria Strand", "näringslivschef", "Lerums kommun", None)}


def test_colon_intro_with_a_clause_after_the_name() -> None:
    q = one("Så här säger enhetschef Karl Nyberg om arbetet inför öppningen:\n\n"
            "– Personalen har varit med och planerat allt.")
    assert q.speaker == Speaker("Karl Nyberg", "enhetschef", None, None)


def test_labelled_interview_and_narrative_after_it() -> None:
    parsed = parse("Vi ställde två frågor till Elin Ek, undersköterska på Södertull äldreboende.\n\n"
                   "Fråga: Varför sökte du jobbet?\n\nSvar: En kompis tipsade mig.\n\n"
                   "Fråga: Vad är bäst?\n\nSvar: Kollegorna.\n\nSista ansökningsdag är den 15 mars.")
    assert [q.text for q in parsed.quotations] == ["En kompis tipsade mig.", "Kollegorna."]
    assert parsed.quotations[0].speaker == Speaker(
        "Elin Ek", "undersköterska", "Södertull äldreboende", None)


@pytest.mark.parametrize(("phrase", "title", "org"), [
    ("verksamhetschef vid hälsocentralen i Vindeln", "verksamhetschef", "hälsocentralen i Vindeln"),
    ("ledamot i kommunstyrelsen", "ledamot i kommunstyrelsen", None),
    ("ordförande i tekniska nämnden", "ordförande i tekniska nämnden", None),
])
def test_organisation_or_body_after_the_title(phrase: str, title: str, org: str | None) -> None:
    q = one(f"- Bra, säger Eva Ek, {phrase}.")
    assert (q.speaker.role_title, q.speaker.organisation) == (title, org)


def test_genitive_body_is_part_of_the_title() -> None:
    q = one("Regionstyrelsens ordförande Maria Eklund (S) ser öppningen som en signal.\n\n"
            "– Nu fortsätter vi, säger hon.")
    assert q.speaker == Speaker("Maria Eklund", "Regionstyrelsens ordförande", None, "S")


def test_short_dash_paragraphs_in_a_row_are_a_list_not_follow_on_quotations() -> None:
    got = said("- Vi satsar på skolan, säger Eva Ek, kommunalråd.\n\n- 40 miljoner till lärare.\n\n"
               "- 25 miljoner till hemtjänsten.")
    assert [t for t, _ in got] == ["Vi satsar på skolan"]


def test_inner_dash_starts_a_new_segment() -> None:
    parsed = parse("– Vi behöver fler cykelvägar. – Och bättre belysning, säger Lisa Berg.")
    (q,) = parsed.quotations
    assert [parsed.body[a:b] for a, b in q.segments] == ["Vi behöver fler cykelvägar.", "Och bättre belysning"]


def test_sentence_opener_is_not_part_of_a_name_and_bare_given_names_count_for_pronouns() -> None:
    got = said("Enligt Anna Lind, kommunchef, blir det fler bostäder.\n\n"
               "En av de boende är Lisa Berg som bor vid torget.\n\n- Jag är orolig, säger hon.")
    assert got == [("Jag är orolig", Speaker("Lisa Berg", None, None, None))]


def test_quotation_in_marks_after_a_colon_that_names_the_speaker() -> None:
    q = one("Projektledare Karin Sjö på Sweco konstaterar att arbetet går enligt plan: ”Vi ligger i fas.”")
    assert (q.text, q.speaker) == ("Vi ligger i fas.", Speaker("Karin Sjö", "Projektledare", "Sweco", None))


def test_quoted_title_after_a_colon_is_not_a_quotation() -> None:
    assert parse("Kampanjen har ett namn: ”Handla lokalt”").quotations == ()


def test_interview_with_dash_questions_and_answers() -> None:
    parsed = parse("Vi frågade Jonas Öberg, projektledare, hur det går till.\n\n"
                   "– Hur bokar man ett besök?\n\n– Man loggar in och väljer en tid.\n\n"
                   "– Måste man ha en dator?\n\n– Nej, det fungerar med en mobiltelefon.")
    assert [(q.text, q.speaker.name) for q in parsed.quotations] == [
        ("Man loggar in och väljer en tid.", "Jonas Öberg"),
        ("Nej, det fungerar med en mobiltelefon.", "Jonas Öberg"),
    ]


def test_organisation_in_lower_case_after_vid() -> None:
    q = one("”Vi finns på plats varje vecka”, berättar kommunpolis Johan Ek vid polisområde Storgöteborg.")
    assert q.speaker == Speaker("Johan Ek", "kommunpolis", "polisområde Storgöteborg", None)


def test_a_paragraph_of_dash_name_and_title_signs_the_quotation_above() -> None:
    parsed = parse("Resultatet kom i dag.\n\n- Vi är glada över resultatet.\n\n- Stefan Olofsson, Näringslivschef")
    (q,) = parsed.quotations
    assert (q.text, q.speaker) == ("Vi är glada över resultatet.",
                                   Speaker("Stefan Olofsson", "Näringslivschef", None, None))


def test_pronoun_colon_intro_and_hyphenated_body_title() -> None:
    got = said("Kulturchef Maria Lind har lett arbetet. Så här säger hon:\n\n− Vi har träffat många.\n\n"
               "Kultur- och fritidsnämndens ordförande Erik Wallin (V) hoppas på mer.\n\n"
               "− Kultur är ingen lyx, säger Erik Wallin.")
    assert got == [("Vi har träffat många.", Speaker("Maria Lind", "Kulturchef", None, None)),
                   ("Kultur är ingen lyx",
                    Speaker("Erik Wallin", "Kultur- och fritidsnämndens ordförande", None, "V"))]


def test_read_more_line_with_a_dash_is_not_a_follow_on_quotation() -> None:
    got = said("- Vi är glada, säger Eva Ek, rektor.\n\n- Läs mer om skolan på lerum.se.")
    assert [t for t, _ in got] == ["Vi är glada"]


def test_relative_clause_is_not_a_title() -> None:
    assert one("- Bra jobbat, säger Per Ek, som är rektor på skolan.").speaker == Speaker(
        "Per Ek", None, None, None)


def test_tail_after_a_mid_paragraph_dash_quotation_is_not_taken() -> None:
    q = one("Skolan får nya lokaler. - Det är viktigt för eleverna, säger rektor Eva Lund. "
            "Bygget startar i maj.")
    assert q.text == "Det är viktigt för eleverna"


def test_title_with_a_qualifier_before_the_organisation() -> None:
    q = one("– Var försiktig, säger Jesper Wall, räddningschef i beredskap vid Räddningstjänsten Syd.")
    assert (q.speaker.role_title, q.speaker.organisation) == ("räddningschef i beredskap", "Räddningstjänsten Syd")


def test_unit_in_lower_case_after_the_name() -> None:
    q = one("- Beslutet är svårt, säger förvaltningschef Elisabeth Lantto, socialförvaltningen.")
    assert q.speaker == Speaker("Elisabeth Lantto", "förvaltningschef", "socialförvaltningen", None)


def test_two_speakers_in_one_attribution_is_no_speaker() -> None:
    assert parse("- Vi ses på torget, säger Anna Lind och Per Ek.").quotations == ()
    assert parse("- Vi ses, säger Anna Lind och rektor Per Ek.").quotations == ()


def test_quotation_inside_a_quotation() -> None:
    q = one("Anna Lind är nöjd. “Du får aldrig tänka ”nu är vi nummer åtta” för då är du snart "
            "åttio”, säger hon.")
    assert q.text == "Du får aldrig tänka ”nu är vi nummer åtta” för då är du snart åttio"
    assert q.speaker.name == "Anna Lind"


def test_family_name_alone_is_the_person_named_before() -> None:
    got = said("Kommunstyrelsens ordförande Peter Schölander (M) är nöjd.\n\n"
               "”Alla i kommunen är viktiga”, säger Schölander.")
    assert got == [("Alla i kommunen är viktiga",
                    Speaker("Peter Schölander", "Kommunstyrelsens ordförande", None, "M"))]
    assert parse("”Alla är viktiga”, säger Schölander.").quotations == ()
