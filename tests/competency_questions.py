"""The 60 competency questions (shared/design/competency-questions.md): a query and its answer each.

Each answer is the exact set of rows (values as strings; IRIs relative to the dataset base are
written `id/...`) or a boolean for ASK. Queries run without inference over the default graph,
which pressrum materialises as the merge of the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass

R = "id/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"
Q = "id/quotation/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"
PG = "id/programme/svenskt-naringsliv-utvecklingsprogram-2020"
LERUM = "id/organisation/lerums-kommun"
BODY_SHA256 = "b679faed5ff7c8d2e73aad11dab824d335d8875e697d8431cd0d26365deaf43e"

PREFIXES = """\
PREFIX schema: <https://schema.org/>
PREFIX prog: <https://w3id.org/pressrum/def/prog#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class CompetencyQuestion:
    """One question, the query that answers it and the answer it must give."""

    number: int
    question: str
    query: str
    expected: frozenset[tuple[str, ...]] | bool
    reading: str = ""  # the reading of an ambiguous sentence, where one was needed


def rows(*values: tuple[str, ...] | str) -> frozenset[tuple[str, ...]]:
    """Return a set of result rows; a bare string is a one-column row."""
    return frozenset(v if isinstance(v, tuple) else (v,) for v in values)


QUOTE_1 = (
    "Lerums kommuns företagare förtjänar Sveriges bästa näringslivsklimat. Därför är "
    "näringslivspolitiken åter igen högt prioriterad från politiken och det gör mig stolt att vi "
    "blivit utvalda som en av elva kommuner att delta i programmet. Att vi fått förfrågan att delta "
    "visar att kommunens och näringslivets ambitioner och engagemang uppmärksammas även utanför vår "
    "kommuns gränser"
)
QUOTE_2 = (
    "Detta är ett led i vår satsning på lokalt näringslivsklimat och ligger i linje med den "
    "handlingsplan som vi håller på att ta fram tillsammans med näringslivet"
)
QUOTE_3 = (
    "Vi är jätteglada för att Lerum vill vara med i vårt utvecklingsprogram. Vi hoppas kunna "
    "inspirera och stödja kommunerna i deras arbete att stärka företagsklimatet"
)

QUESTIONS: tuple[CompetencyQuestion, ...] = (
    CompetencyQuestion(1, "What is the headline of the press release?", """
        SELECT ?headline WHERE { ?r a schema:NewsArticle ; schema:headline ?headline }""",
        rows("Lerum deltar i Svenskt Näringslivs utvecklingsprogram")),
    CompetencyQuestion(2, "When was the release published?", """
        SELECT ?date WHERE { ?r a schema:NewsArticle ; schema:datePublished ?date
                             FILTER(DATATYPE(?date) = xsd:date) }""",
        rows("2020-02-04")),
    CompetencyQuestion(3, "In which language is the release written?", """
        SELECT ?lang WHERE { ?r a schema:NewsArticle ; schema:inLanguage ?lang }""",
        rows("sv")),
    CompetencyQuestion(4, "Who published the release?", """
        SELECT ?name WHERE { ?r a schema:NewsArticle ; schema:publisher ?p .
                             ?p schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Lerums kommun")),
    CompetencyQuestion(5, "Is the article body stored exactly as published (canonical form)?", """
        SELECT (STRLEN(?body) AS ?length) (SHA256(STR(?body)) AS ?sha256)
               (CONTAINS(?body, "\\r") AS ?hasCR) (STRENDS(?body, "\\n") AS ?trailingNewline)
               (LANG(?body) AS ?lang)
        WHERE { ?r a schema:NewsArticle ; schema:articleBody ?body }""",
        rows(("2026", BODY_SHA256, "false", "false", "sv")),
        "Canonical body: the seven paragraphs after the date line joined by two LF, NFC; its SHA-256 "
        "is the one modelling.md §2 gives, so the stored literal is byte-identical to the source."),
    CompetencyQuestion(6, "What is the release about?", """
        SELECT ?about WHERE { ?r a schema:NewsArticle ; schema:about ?about }""",
        rows(PG, LERUM)),
    CompetencyQuestion(7, "How many quotations does the release contain?", """
        SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?r a schema:NewsArticle ; schema:hasPart ?q .
                                                  ?q a schema:Quotation }""",
        rows("3")),
    CompetencyQuestion(8, "What does the release claim a good business climate makes easier?", """
        SELECT ?text WHERE { ?c a schema:Claim ; schema:isPartOf ?r ; schema:text ?text
                             FILTER(CONTAINS(?text, "underlättar")) }""",
        rows("Ett bra företagsklimat underlättar för företag att starta, växa och anställa.")),
    CompetencyQuestion(9, "What does the release say a good business climate is a prerequisite for?", """
        SELECT ?text WHERE { ?c a schema:Claim ; schema:text ?text FILTER(CONTAINS(?text, "förutsättning")) }""",
        rows("Ett bra företagsklimat är en förutsättning för ett sysselsatt och livskraftigt näringsliv.")),
    CompetencyQuestion(10, "Who organises the development programme?", """
        SELECT ?name WHERE { ?p a prog:DevelopmentProgramme ; schema:organizer ?o .
                             ?o schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Svenskt Näringsliv")),
    CompetencyQuestion(11, "When does the programme start?", """
        SELECT ?year ?period WHERE { ?p a prog:DevelopmentProgramme ; schema:startDate ?year ;
                                        prog:startPeriod ?period FILTER(LANG(?period) = "sv") }""",
        rows(("2020", "våren 2020")),
        "'Under våren' in a release of 2020-02-04: spring 2020; the year as xsd:gYear, the season verbatim."),
    CompetencyQuestion(12, "Is the programme aimed at municipal officials?", """
        ASK { ?p a prog:DevelopmentProgramme ; schema:audience/schema:audienceType "kommunala tjänstemän"@sv }""",
        True),
    CompetencyQuestion(13, "Is the programme aimed at (municipal) politicians?", """
        ASK { ?p a prog:DevelopmentProgramme ; schema:audience/schema:audienceType "kommunala politiker"@sv }""",
        True,
        "'kommunala tjänstemän och politiker': 'kommunala' qualifies both nouns."),
    CompetencyQuestion(14, "What is the programme's purpose for its audience?", """
        SELECT ?description WHERE { ?p a prog:DevelopmentProgramme ; schema:description ?description }""",
        rows("Utvecklingsprogram för kommunala tjänstemän och politiker som vill förbättra och utveckla "
             "sitt lokala företagsklimat.")),
    CompetencyQuestion(15, "Does Lerums kommun take part in the programme?", """
        ASK { ?p a prog:DevelopmentProgramme ; prog:participant ?m .
               ?m schema:name "Lerums kommun"@sv .
               ?x a prog:Participation ; prog:participatingOrganisation ?m ; prog:programme ?p }""",
        True),
    CompetencyQuestion(16, "In which region is Lerums kommun located?", """
        SELECT ?name WHERE { ?m schema:name "Lerums kommun"@sv ; schema:containedInPlace ?region .
                             ?region schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Göteborgsregionen", "Västra Götaland"),
        "The release says Göteborgsregionen; the county (Västra Götaland) comes from the SCB enrichment graph."),
    CompetencyQuestion(17, "Which participating municipality is the only one from Göteborgsregionen?", """
        SELECT ?name WHERE { ?x a prog:Participation ; prog:participatingOrganisation ?m ;
                                prog:onlyParticipantIn ?region .
                             ?region schema:name "Göteborgsregionen"@sv .
                             ?m schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Lerums kommun")),
    CompetencyQuestion(18, "How many municipalities take part in the programme?", """
        SELECT ?n WHERE { ?p a prog:DevelopmentProgramme ; prog:numberOfParticipants ?n }""",
        rows("11"),
        "'en av elva kommuner' is the stated count; the other ten are not named and get no nodes."),
    CompetencyQuestion(19, "Which participating municipalities does the release name?", """
        SELECT ?m WHERE { ?p a prog:DevelopmentProgramme ; prog:participant ?m }""",
        rows(LERUM)),
    CompetencyQuestion(20, "Was Lerum selected (utvald) to take part?", """
        ASK { ?x a prog:Participation ; prog:participatingOrganisation/schema:name "Lerums kommun"@sv ;
                 prog:selected true }""",
        True),
    CompetencyQuestion(21, "Was Lerum asked/invited (fått förfrågan) to take part?", """
        ASK { ?x a prog:Participation ; prog:participatingOrganisation/schema:name "Lerums kommun"@sv ;
                 prog:invited true }""",
        True),
    CompetencyQuestion(22, "What is Lerum's first goal in taking part?", """
        SELECT ?goal WHERE { ?x a prog:Participation ; prog:goal ?g . ?g schema:description ?goal
                             FILTER(STRENDS(STR(?g), "-1")) }""",
        rows("få bättre insikt i det kommunala näringslivets behov")),
    CompetencyQuestion(23, "What is Lerum's second goal in taking part?", """
        SELECT ?goal WHERE { ?x a prog:Participation ; prog:goal ?g . ?g schema:description ?goal
                             FILTER(STRENDS(STR(?g), "-2")) }""",
        rows("lära av andra kommuner")),
    CompetencyQuestion(24, "What larger aim do these goals serve?", """
        SELECT DISTINCT ?aim WHERE { ?x a prog:Participation ; prog:goal/prog:contributesTo ?a .
                                     ?a schema:description ?aim }""",
        rows("underlätta för tillväxt och utveckling i företagen"),
        "'för att på så sätt underlätta …' read as the aim both goals serve."),
    CompetencyQuestion(25, "How many training meetings does the programme contain (stated count)?", """
        SELECT ?n WHERE { ?p a prog:DevelopmentProgramme ; prog:numberOfTrainingMeetings ?n }""",
        rows("4")),
    CompetencyQuestion(26, "Which training meetings belong to the programme?", """
        SELECT ?name WHERE { ?p a prog:DevelopmentProgramme ; schema:subEvent ?e .
                             ?e a prog:TrainingMeeting ; schema:superEvent ?p ; schema:name ?name
                             FILTER(LANG(?name) = "sv") }""",
        rows("Utbildningsträff 1", "Utbildningsträff 2", "Utbildningsträff 3", "Utbildningsträff 4")),
    CompetencyQuestion(27, "What happens at the training meetings?", """
        SELECT DISTINCT ?what WHERE { ?e a prog:TrainingMeeting ; schema:description ?what }""",
        rows("Utbildningsträff där kommuner som valt att delta utbyter erfarenheter.")),
    CompetencyQuestion(28, "Is the programme content tailored to each municipality's needs?", """
        ASK { ?p a prog:DevelopmentProgramme ; prog:contentTailoredToParticipants true }""",
        True),
    CompetencyQuestion(29, "Which priority improvement areas does the programme have?", """
        SELECT ?area WHERE { ?p a prog:DevelopmentProgramme ; prog:priorityArea ?c .
                             ?c skos:inScheme ?scheme ; skos:prefLabel ?area FILTER(LANG(?area) = "sv") .
                             ?scheme skos:prefLabel "Prioriterade förbättringsområden"@sv }""",
        rows("ledarskap", "kommunikation", "myndighetsutövning")),
    CompetencyQuestion(30, "Is ledarskap (leadership) a priority improvement area?", """
        ASK { ?p a prog:DevelopmentProgramme ; prog:priorityArea/skos:prefLabel "leadership"@en }""",
        True),
    CompetencyQuestion(31, "Is kommunikation (communication) a priority improvement area?", """
        ASK { ?p a prog:DevelopmentProgramme ; prog:priorityArea/skos:prefLabel "kommunikation"@sv }""",
        True),
    CompetencyQuestion(32, "Is myndighetsutövning (exercise of public authority) a priority improvement area?", """
        ASK { ?p a prog:DevelopmentProgramme ; prog:priorityArea/skos:prefLabel "myndighetsutövning"@sv }""",
        True),
    CompetencyQuestion(33, "Who in each participating municipality gets a mentor?", """
        SELECT ?label WHERE { ?p a prog:DevelopmentProgramme ; prog:menteeRoleType/skos:prefLabel ?label
                              FILTER(LANG(?label) = "sv") }""",
        rows("kommunstyrelseordförande")),
    CompetencyQuestion(34, "What does the abbreviation KSO stand for?", """
        SELECT ?label WHERE { ?c skos:altLabel "KSO"@sv ; skos:prefLabel ?label }""",
        rows("kommunstyrelseordförande", "chair of the municipal executive board")),
    CompetencyQuestion(35, "Who are the mentors?", """
        SELECT ?criterion ?roleType WHERE { ?p a prog:DevelopmentProgramme ; prog:mentorCriterion ?criterion ;
                                               prog:mentorRoleType/skos:prefLabel ?roleType
                                            FILTER(LANG(?roleType) = "sv") }""",
        rows(("Mentorer är tidigare KSO som jobbat framgångsrikt med frågor kring företagsklimatet.",
              "kommunstyrelseordförande"))),
    CompetencyQuestion(36, "Who decides the format and content of the mentoring conversations?", """
        SELECT ?mentor ?mentee WHERE { ?m a prog:Mentorship ; prog:selfDirected true ;
                                          prog:mentor/schema:name ?mentor ; prog:mentee/schema:name ?mentee }""",
        rows(("Annette Riesbeck", "Alexander Abenius")),
        "'Mentor och KSO bestämmer själva': prog:selfDirected true on the mentorship; mentor and mentee decide."),
    CompetencyQuestion(37, "Who is Alexander Abenius's mentor in the programme?", """
        SELECT ?mentor WHERE { ?m a prog:Mentorship ; prog:mentee/schema:name "Alexander Abenius" ;
                                  prog:mentor/schema:name ?mentor ; prog:programme ?p .
                               ?p a prog:DevelopmentProgramme }""",
        rows("Annette Riesbeck")),
    CompetencyQuestion(38, "Which party does Alexander Abenius represent?", """
        SELECT ?party ?abbreviation WHERE { ?person schema:name "Alexander Abenius" ; schema:affiliation ?p .
                                            ?p a schema:PoliticalParty ; schema:name ?party ;
                                               schema:alternateName ?abbreviation FILTER(LANG(?party) = "sv") }""",
        rows(("Moderaterna", "M"))),
    CompetencyQuestion(39, "What office does Alexander Abenius hold, and where?", """
        SELECT ?title ?type ?board ?municipality ?heldOn WHERE {
          ?person schema:name "Alexander Abenius" ; schema:memberOf ?role .
          ?role a schema:OrganizationRole ; schema:roleName ?title ; prog:heldOn ?heldOn ;
                prog:roleType/skos:prefLabel ?type ; schema:memberOf ?b .
          ?b schema:name ?board ; schema:parentOrganization/schema:name ?municipality
          FILTER(LANG(?type) = "sv" && LANG(?board) = "sv" && LANG(?municipality) = "sv") }""",
        rows(("kommunstyrelsens ordförande", "kommunstyrelseordförande", "Kommunstyrelsen i Lerums kommun",
              "Lerums kommun", "2020-02-04")),
        "Current at publication: prog:heldOn the publication date; no start or end date is invented."),
    CompetencyQuestion(40, "What is Åsa Qvist's job, and where?", """
        SELECT ?title ?org ?heldOn WHERE { ?person schema:name "Åsa Qvist" ; schema:worksFor ?role .
                                           ?role a schema:EmployeeRole ; schema:roleName ?title ;
                                                 prog:heldOn ?heldOn ; schema:worksFor/schema:name ?org
                                           FILTER(LANG(?org) = "sv") }""",
        rows(("näringslivschef", "Lerums kommun", "2020-02-04"))),
    CompetencyQuestion(41, "What is Rudolf Antoni's job, and where?", """
        SELECT ?title ?org ?heldOn WHERE { ?person schema:name "Rudolf Antoni" ; schema:worksFor ?role .
                                           ?role a schema:EmployeeRole ; schema:roleName ?title ;
                                                 prog:heldOn ?heldOn ; schema:worksFor/schema:name ?org
                                           FILTER(LANG(?org) = "sv") }""",
        rows(("regionchef", "Svenskt Näringsliv Västra Götaland", "2020-02-04")),
        "'regionchef Svenskt Näringsliv Västra Götaland': the organisation is the regional office, "
        "itself part of Svenskt Näringsliv."),
    CompetencyQuestion(42, "What office did Annette Riesbeck formerly hold?", """
        SELECT ?type ?municipality ?endedBy WHERE {
          ?person schema:name "Annette Riesbeck" ; schema:memberOf ?role .
          ?role prog:roleType/skos:prefLabel ?type ; prog:endedOnOrBefore ?endedBy ;
                schema:memberOf/schema:parentOrganization/schema:name ?municipality
          FILTER(LANG(?type) = "sv" && LANG(?municipality) = "sv") }""",
        rows(("kommunstyrelseordförande", "Rättviks kommun", "2020-02-04")),
        "'före detta KSO': ended on or before the publication date; when is not said."),
    CompetencyQuestion(43, "Which party is Annette Riesbeck associated with?", """
        SELECT ?party WHERE { ?person schema:name "Annette Riesbeck" ; schema:affiliation/schema:name ?party
                              FILTER(LANG(?party) = "sv") }""",
        rows("Centerpartiet"),
        "'före detta KSO (C)': the party letter is read as her affiliation (modelling.md §5)."),
    CompetencyQuestion(44, "Is the KSO office linked to the role-type concept?", """
        SELECT ?name WHERE { ?concept skos:altLabel "KSO"@sv .
                             ?person schema:memberOf ?role . ?role prog:roleType ?concept .
                             ?person schema:name ?name }""",
        rows("Alexander Abenius", "Annette Riesbeck")),
    CompetencyQuestion(45, "Of which organisation is Svenskt Näringsliv Västra Götaland a part, and what area?", """
        SELECT ?parent ?area WHERE { ?o schema:name "Svenskt Näringsliv Västra Götaland"@sv ;
                                        schema:parentOrganization/schema:name ?parent ;
                                        schema:areaServed/schema:name ?area
                                     FILTER(LANG(?parent) = "sv" && LANG(?area) = "sv") }""",
        rows(("Svenskt Näringsliv", "Västra Götaland"))),
    CompetencyQuestion(46, "Which organisation's executive board does Abenius chair?", """
        SELECT ?board ?parent WHERE { ?person schema:name "Alexander Abenius" ; schema:memberOf/schema:memberOf ?b .
                                      ?b a schema:GovernmentOrganization ; schema:name ?board ;
                                         schema:parentOrganization/schema:name ?parent
                                      FILTER(LANG(?board) = "sv" && LANG(?parent) = "sv") }""",
        rows(("Kommunstyrelsen i Lerums kommun", "Lerums kommun"))),
    CompetencyQuestion(47, "Which of the named organisations are municipalities?", """
        SELECT ?name WHERE { ?m a prog:Municipality ; schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Lerums kommun", "Rättviks kommun")),
    CompetencyQuestion(48, "Which political parties are mentioned?", """
        SELECT ?name WHERE { ?p a schema:PoliticalParty ; schema:name ?name FILTER(LANG(?name) = "sv") }""",
        rows("Moderaterna", "Centerpartiet")),
    CompetencyQuestion(49, "What exactly did Alexander Abenius say, and where in the body is it?", """
        SELECT ?text ?start ?end WHERE {
          ?q a schema:Quotation ; schema:author/schema:name "Alexander Abenius" ; schema:text ?text .
          ?a oa:hasBody ?q ; oa:hasTarget/oa:hasSelector ?s . ?s a oa:TextPositionSelector ;
          oa:start ?start ; oa:end ?end }""",
        rows((QUOTE_1, "572", "949"))),
    CompetencyQuestion(50, "What exactly did Åsa Qvist say, and where in the body is it?", """
        SELECT ?text ?start ?end WHERE {
          ?q a schema:Quotation ; schema:author/schema:name "Åsa Qvist" ; schema:text ?text .
          ?a oa:hasBody ?q ; oa:hasTarget/oa:hasSelector ?s . ?s a oa:TextPositionSelector ;
          oa:start ?start ; oa:end ?end }""",
        rows((QUOTE_2, "1275", "1433")),
        "The quote has no 'säger': it is attributed by the name and title that follow it."),
    CompetencyQuestion(51, "What exactly did Rudolf Antoni say, and where in the body is it?", """
        SELECT ?text ?start ?end WHERE {
          ?q a schema:Quotation ; schema:author/schema:name "Rudolf Antoni" ; schema:text ?text .
          ?a oa:hasBody ?q ; oa:hasTarget/oa:hasSelector ?s . ?s a oa:TextPositionSelector ;
          oa:start ?start ; oa:end ?end }""",
        rows((QUOTE_3, "1795", "1957"))),
    CompetencyQuestion(52, "Does every TextQuoteSelector carry a prefix/suffix that really surrounds it?", """
        SELECT (COUNT(*) AS ?selectors) (SUM(IF(?ok, 1, 0)) AS ?surrounded) WHERE {
          ?a oa:hasBody/a schema:Quotation ; oa:hasTarget ?t . ?t oa:hasSource ?r ; oa:hasSelector ?pos , ?quote .
          ?r schema:articleBody ?body .
          ?pos a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e .
          ?quote a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
          BIND(STRENDS(SUBSTR(STR(?body), 1, ?s), ?prefix)
               && SUBSTR(STR(?body), ?s + 1, ?e - ?s) = ?exact
               && STRSTARTS(SUBSTR(STR(?body), ?e + 1), ?suffix) AS ?ok) }""",
        rows(("3", "3"))),
    CompetencyQuestion(53, "What does Abenius say Lerum's business owners deserve?", """
        SELECT ?country WHERE { ?q schema:author/schema:name "Alexander Abenius" ; schema:text ?text ;
                                   schema:mentions ?c . ?c a schema:Country ; schema:name ?country
                                FILTER(CONTAINS(?text, "förtjänar Sveriges bästa näringslivsklimat")
                                       && LANG(?country) = "en") }""",
        rows("Sweden")),
    CompetencyQuestion(54, "Does Abenius say business policy is again a high priority, and that he is proud?", """
        ASK { ?q schema:author/schema:name "Alexander Abenius" ; schema:text ?text
              FILTER(CONTAINS(?text, "åter igen högt prioriterad") && CONTAINS(?text, "gör mig stolt")) }""",
        True),
    CompetencyQuestion(55, "What does Abenius say the invitation shows?", """
        SELECT ?shows WHERE { ?q schema:author/schema:name "Alexander Abenius" ; schema:text ?text
                              BIND(STRAFTER(?text, "fått förfrågan att delta visar att ") AS ?shows)
                              FILTER(?shows != "") }""",
        rows("kommunens och näringslivets ambitioner och engagemang uppmärksammas även utanför vår kommuns "
             "gränser")),
    CompetencyQuestion(56, "According to Qvist, what larger effort is the participation part of?", """
        SELECT ?initiative ?founder WHERE { ?x a prog:Participation ; prog:partOfInitiative ?i .
                                            ?i schema:name ?initiative ; schema:founder/schema:name ?founder
                                            FILTER(LANG(?founder) = "sv") }""",
        rows(("Lerums kommuns satsning på lokalt näringslivsklimat", "Lerums kommun"))),
    CompetencyQuestion(57, "Which plan is the participation in line with, and who is drawing it up?", """
        SELECT ?status ?creator ?contributor WHERE {
          ?x a prog:Participation ; prog:alignedWith ?plan .
          ?plan a prog:ActionPlan ; schema:creativeWorkStatus ?status ;
                schema:creator/schema:name ?creator ; schema:contributor/schema:name ?contributor
          FILTER(LANG(?creator) = "sv" && LANG(?contributor) = "sv") }""",
        rows(("under framtagande", "Lerums kommun", "Näringslivet i Lerums kommun")),
        "'den handlingsplan som vi håller på att ta fram tillsammans med näringslivet': Lerum creates it, "
        "the local business community contributes, and it is still being drawn up."),
    CompetencyQuestion(58, "How does Svenskt Näringsliv react to Lerum joining, and what does it hope to do?", """
        SELECT ?text ?org WHERE { ?q a schema:Quotation ; schema:text ?text ;
                                     schema:author/schema:worksFor/schema:worksFor ?o .
                                  ?o schema:parentOrganization/schema:name ?org FILTER(LANG(?org) = "sv") }""",
        rows((QUOTE_3, "Svenskt Näringsliv")),
        "The reaction is the regional director's quotation, spoken for SN Västra Götaland, part of SN."),
    CompetencyQuestion(59, "Is every described thing traceable to this release?", """
        SELECT (COUNT(DISTINCT ?x) AS ?described) (COUNT(DISTINCT ?untraced) AS ?untracedCount) WHERE {
          ?g prov:wasDerivedFrom ?r . ?r a schema:NewsArticle .
          GRAPH ?g { ?x a ?class }
          FILTER(isIRI(?x) && ?x != ?r)
          FILTER(STRSTARTS(STR(?class), "https://schema.org/") || STRSTARTS(STR(?class), STR(prog:))
                 || STRSTARTS(STR(?class), STR(skos:)))
          BIND(IF(EXISTS { ?x prov:wasDerivedFrom|prov:wasQuotedFrom ?r }, ?nothing, ?x) AS ?untraced) }""",
        rows(("DESCRIBED", "0")),
        "'Described thing' read as every IRI the release's own named graph types with a schema:, prog: "
        "or skos: class. Concepts and schemes are typed in the vocabulary graph; the release graph derives "
        "from the release the ones it uses (and the schemes they belong to), so they are traceable too."),
    CompetencyQuestion(60, "Who is each quotation attributed to, and what was it quoted from?", """
        SELECT ?q ?speaker ?headline WHERE { ?q a schema:Quotation ; prov:wasAttributedTo/schema:name ?speaker ;
                                                prov:wasQuotedFrom/schema:headline ?headline }""",
        rows((f"{Q}-1", "Alexander Abenius", "Lerum deltar i Svenskt Näringslivs utvecklingsprogram"),
             (f"{Q}-2", "Åsa Qvist", "Lerum deltar i Svenskt Näringslivs utvecklingsprogram"),
             (f"{Q}-3", "Rudolf Antoni", "Lerum deltar i Svenskt Näringslivs utvecklingsprogram"))),
)
