"""Swedish sentences for generated releases: headlines, paragraphs and quotations (å, ä, ö)."""

from __future__ import annotations

TOPICS = (
    "företagsklimatet", "hållbar tillväxt", "förskolans kvalitet", "digitala tjänster", "grön omställning",
    "bostadsbyggande", "ungdomars sommarjobb", "kollektivtrafiken", "bibliotekens öppettider",
    "äldreomsorgen", "näringslivsdialogen", "skolans läsfrämjande arbete", "trygghet i centrum",
    "företagsbesök", "vattenförsörjningen", "kompetensförsörjning", "turism och besöksnäring",
)

HEADLINES = (
    "{stem} satsar på {topic}", "{kommun} antar ny plan för {topic}", "Höga betyg för {topic} i {stem}",
    "Nästa steg för {topic} i {stem}", "{stem} förstärker arbetet med {topic}",
)

INTROS = (
    "{kommun} tar nästa steg i arbetet med {topic}.",
    "Kommunstyrelsen i {kommun} har beslutat om en ny inriktning för {topic}.",
    "Under året har {kommun} arbetat målmedvetet med {topic} tillsammans med näringslivet och föreningslivet.",
)

FILLERS = (
    "Arbetet sker i nära dialog med företagare, föreningar och invånare.",
    "Målet är att öka tillgängligheten och göra det lättare för företag att växa och anställa.",
    "En handlingsplan tas fram under våren och följs upp två gånger per år.",
    "Kommunen ser också över hur myndighetsutövningen kan bli snabbare och mer förutsägbar.",
    "Satsningen är en del av kommunens långsiktiga mål för tillväxt och utveckling.",
    "Fler mötesplatser mellan kommun och näringsliv är ett av de viktigaste förbättringsområdena.",
    "Resultaten redovisas öppet på kommunens webbplats när året är slut.",
)

QUOTES = (
    "Vi är stolta över att {topic} får ett så tydligt lyft i {stem}",
    "Det här är ett viktigt steg för hela kommunen och för alla som bor och verkar här",
    "Vi vill att det ska vara enkelt att starta, driva och utveckla företag i {stem}",
    "Genom att arbeta tillsammans når vi längre än om vi gör det var för sig",
    "Jag är övertygad om att satsningen på {topic} kommer att märkas i vardagen",
    "Vi har lyssnat på företagarna och nu gör vi verklighet av deras förslag",
    "Det är glädjande att så många har engagerat sig i arbetet med {topic}",
    "Vår ambition är att bli en av Sveriges bästa kommuner på {topic}",
    "Nu fortsätter vi att utveckla våra tjänster så att de möter invånarnas behov",
    "Vi ser fram emot att lära av andra kommuner och dela med oss av våra erfarenheter",
    "Utan ett bra samarbete med näringslivet hade det här inte varit möjligt",
    "Det här stärker både tryggheten och framtidstron i hela kommunen",
)

PROGRAMME_INTRO = ("{kommun} har valts ut att delta i {programme}. Programmet samlar {n} kommuner "
                   "och innehåller fyra utbildningsträffar där deltagarna utbyter erfarenheter.")
PROGRAMME_AREAS = "Prioriterade förbättringsområden är {areas}."
MENTOR = "Inom programmet får {mentee} en mentor, {mentor}, kommunstyrelsens ordförande i {other}."
AREA_WORDS = {"ledarskap": "ledarskap", "kommunikation": "kommunikation", "myndighetsutovning": "myndighetsutövning"}
