"""The languages pages are written in, the reader's choice among them, and the interface's words.

A shared table: the query page (pressrum.sparql) and every other page (pressrum.web) speak them.
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

WORDS: dict[str, tuple[str, str]] = {
    "site": ("pressrum", "pressrum"),
    "tagline": ("Pressmeddelanden som länkade data", "Press releases as Linked Data"),
    "home": ("Start", "Home"), "releases": ("Pressmeddelanden", "Press releases"),
    "kinds": ("Slags entiteter", "Kinds of entity"), "dataset": ("Datamängden", "The dataset"),
    "ontology": ("Vokabulär", "Vocabulary"), "sparql": ("SPARQL", "SPARQL"),
    "types": ("Typer", "Types"), "properties": ("Egenskaper", "Properties"),
    "mentioned_in": ("Nämns i", "Mentioned in"),
    "shown_of": ("Visar {shown} av {total}; alla finns i", "Showing {shown} of {total}; all of them are in"),
    "sparql_query": ("en SPARQL-fråga", "a SPARQL query"), "formats": ("Andra format", "Other formats"),
    "iri": ("IRI", "IRI"), "copy": ("Kopiera IRI:n", "Copy the IRI"), "parts": ("Delar", "Parts"),
    "text": ("Text", "Text"), "quotations": ("Citat", "Quotations"), "said_by": ("sa", "said"),
    "counts": ("Datamängden i korthet", "The dataset at a glance"), "triples": ("tripler", "triples"),
    "entities": ("entiteter", "entities"), "examples": ("Exempelfrågor", "Example queries"),
    "next": ("Nästa", "Next"), "previous": ("Föregående", "Previous"), "page": ("Sida", "Page"),
    "of": ("av", "of"), "used": ("Används", "Used"), "times": ("gånger", "times"),
    "classes": ("Klasser", "Classes"), "terms_properties": ("Egenskaper", "Properties"),
    "super": ("Överordnad", "Super-term"), "domain": ("Domän", "Domain"), "range": ("Värdemängd", "Range"),
    "error": ("Fel", "Error"), "language": ("Språk", "Language"), "published": ("Publicerad", "Published"),
    "none": ("Inga", "None"), "status": ("Status", "Status"),
    "queries": ("Färdiga frågor", "Canned queries"), "run": ("Kör", "Run"),
    "search": ("Sök", "Search"), "search_words": ("Sökord", "Words"), "hits": ("träffar", "hits"),
    "publisher": ("Utgivare", "Publisher"), "speaker": ("Talare", "Speaker"),
    "date_from": ("Från", "From"), "date_to": ("Till", "To"), "quotation": ("Citat", "Quotation"),
    "release": ("pressmeddelandet", "the release"),
    "search_empty": ("Skriv ett eller flera ord att söka efter.", "Type one or more words to search for."),
    "search_hint": ("Böjda former hittas (företagsklimatet, företagsklimat); \"citattecken\" söker en fras.",
                    "Inflected forms match (företagsklimatet, företagsklimat); \"quotation marks\" seek a phrase."),
    "status_400": ("Felaktig begäran", "Bad Request"), "status_404": ("Hittades inte", "Not Found"),
    "status_405": ("Metoden tillåts inte", "Method Not Allowed"),
    "status_406": ("Inget godtagbart format", "Not Acceptable"), "status_500": ("Internt fel", "Internal Server Error"),
    "status_503": ("Tjänsten är inte tillgänglig", "Service Unavailable"),
    # The query page (pressrum.sparql.query_page)
    "q_intro": ("Ändpunkten {endpoint} svarar på frågeoperationen i SPARQL 1.1-protokollet (GET ?query=, POST-formulär "
                "eller application/sparql-query). Den går bara att läsa. En fråga får köra i {timeout} s (en "
                "timeout-parameter kan sänka gränsen) och ger högst {rows} rader. Standardgrafen är sammanslagningen "
                "av alla namngivna grafer.",
                "The endpoint {endpoint} answers the SPARQL 1.1 Protocol query operation (GET ?query=, POST form "
                "or application/sparql-query). It is read-only. A query may run {timeout} s (a timeout parameter "
                "may lower it) and returns at most {rows} rows. The default graph is the merge of every named graph."),
    "q_query": ("Fråga", "Query"), "q_answer_as": ("Svara som", "Answer as"),
    "q_this_page": ("den här sidan (HTML-tabell)", "this page (HTML table)"),
    "q_graph_only": ("CONSTRUCT, DESCRIBE", "CONSTRUCT, DESCRIBE"),
    "q_time_limit": ("tidsgräns (s)", "time limit (s)"), "q_run": ("Kör frågan", "Run query"),
    "q_examples_note": ("Var och en öppnas på den här sidan med sitt svar; prefixen nedan deklareras i varje exempel.",
                        "Each opens on this page with its answer; the prefixes below are declared in every example."),
    "q_query_text": ("fråga", "query"), "q_prefixes": ("Prefix", "Prefixes"), "q_results": ("Resultat", "Results"),
    "q_truncated": ("Avkortat: bara de första {rows} raderna visas (inställningen max_rows). Använd LIMIT/OFFSET "
                    "för att bläddra vidare.",
                    "Truncated: only the first {rows} rows are shown (the max_rows setting). Add LIMIT/OFFSET to "
                    "page through the rest."),
    "q_download": ("Ladda ned", "Download"), "q_yes": ("ja (true)", "yes (true)"),
    "q_no": ("nej (false)", "no (false)"), "q_rows": ("rader", "rows"), "q_row": ("rad", "row"),
    "q_triples": ("tripler", "triples"), "q_triple": ("trippel", "triple"),
    "q_service": ("Tjänstebeskrivning", "Service description"),
    "q_service_note": ("Hämta ändpunkten utan fråga för dess SPARQL 1.1-tjänstebeskrivning:",
                       "GET this endpoint without a query for its SPARQL 1.1 Service Description:"),
    "q_error": ("Frågan kunde inte köras", "The query could not run"),
    "q_error_at": ("Rad {line}, kolumn {column}:", "Line {line}, column {column}:"),
    "q_editor": ("Frågeeditor", "Query editor"),
    # Charts (pressrum.web.charts)
    "charts": ("I bilder", "In pictures"), "per_month": ("Pressmeddelanden per månad", "Press releases per month"),
    "per_party": ("Citat per parti", "Quotations per party"),
    "per_organisation": ("Citat per organisation", "Quotations per organisation"),
    "month": ("Månad", "Month"), "party": ("Parti", "Party"), "organisation": ("Organisation", "Organisation"),
    "number": ("Antal", "Number"), "as_table": ("Som tabell", "As a table"),
}


def word(key: str, lang: str) -> str:
    """Return a word of the interface in a language."""
    sv, en = WORDS.get(key, (key, key))
    return en if lang == "en" else sv


def reader_language(query_lang: str | None, accept_language) -> str:
    """Return sv or en: ?lang= first, then Accept-Language, then Swedish."""
    if query_lang in LANGUAGES:
        return query_lang
    if accept_language is not None:
        best = accept_language.best_match(LANGUAGES)
        if best:
            return best
    return DEFAULT_LANGUAGE
