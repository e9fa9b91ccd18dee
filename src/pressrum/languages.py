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
