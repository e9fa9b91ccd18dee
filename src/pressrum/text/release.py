"""Read one Swedish municipal press release and turn it into RDF (modelling.md §2–5, §9–10)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from pressrum.namespaces import OA, SCHEMA, Minter, slugify
from pressrum.text.agents import PARTIES, add_publisher, add_speaker
from pressrum.text.annotations import annotate_segments
from pressrum.text.errors import ReleaseFormatError
from pressrum.text.people import Speaker
from pressrum.text.quotations import Decision, QuotationSpan, read_quotations
from pressrum.text.source import Publisher

__all__ = [
    "PARTIES", "Decision", "ParsedRelease", "Publisher", "QuotationSpan", "ReleaseFormatError",
    "Speaker", "decode_release", "ingest_text", "parse_release", "release_graph",
]

_DATE_LINE = re.compile(r"\s*publiceringsdatum\s*:\s*(?P<value>.*?)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_HTML = re.compile(r"<(?:!doctype|html)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedRelease:
    """The headline, date, canonical body and quotations of one release."""

    headline: str
    date: datetime.date
    body: str
    quotations: tuple[QuotationSpan, ...]
    decisions: tuple[Decision, ...] = field(default=(), compare=False, repr=False)

    @property
    def slug(self) -> str:
        """Return the release slug `{yyyy-mm-dd}-{headline-slug}` (modelling.md §9)."""
        return f"{self.date.isoformat()}-{slugify(self.headline)}"


def parse_release(text: str, source: str = "<string>") -> ParsedRelease:
    """Parse a release text: headline, `Publiceringsdatum : YYYY-MM-DD`, body paragraphs."""
    # Offsets count code points of the NFC text with \n line ends (modelling.md §15.2).
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.removeprefix("\ufeff").split("\n")
    for n, line in enumerate(lines, 1):
        # An HTML page saved as release.txt: extraction did not run.
        first = not any(x.strip() for x in lines[: n - 1])
        if (first and line.lstrip().startswith("<")) or _HTML.search(line):
            raise ReleaseFormatError(source, n, "HTML, not a release text (starts with '<' or has <html>)")
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise ReleaseFormatError(source, 1, "empty release: no headline")
    (_, headline), *rest = numbered
    date_no = rest[0][0] if rest else len(text.splitlines()) + 1
    match = _DATE_LINE.fullmatch(rest[0][1]) if rest else None
    if not match:
        raise ReleaseFormatError(
            source, date_no, "no 'Publiceringsdatum : YYYY-MM-DD' line after the headline"
        )
    value = match.group("value")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise ReleaseFormatError(
            source, date_no, f"invalid date {value!r} (expected YYYY-MM-DD)"
        ) from None
    # The canonical body (modelling.md §2): the paragraphs after the date line, each stripped,
    # joined by a blank line, with no leading or trailing whitespace.
    after = "\n".join(lines[date_no:])
    paragraphs = [p.strip() for p in _BLANK.split(after) if p.strip()]
    if not paragraphs:
        raise ReleaseFormatError(source, date_no + 1, "no body paragraphs after the date line")
    body = "\n\n".join(paragraphs)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 2
    quotations, decisions = read_quotations(body, starts)
    return ParsedRelease(headline, date, body, tuple(quotations), tuple(decisions))


def decode_release(data: bytes, source: str = "<bytes>") -> str:
    """Decode the bytes of a release file as UTF-8; say where it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReleaseFormatError(source, line, f"not UTF-8 text (byte {err.start})") from None


def ingest_text(text: str, minter: Minter, source: str = "<string>",
                publisher: Publisher | None = None, slug: str | None = None) -> Graph:
    """Parse a release text and return the graph it yields (schema:publisher when given).

    `slug` names the release when it must outlive its headline: a corrected release whose headline
    changed keeps the IRI it was first published under (its folder's name), as cool URIs do.
    """
    parsed = parse_release(text, source)
    return release_graph(parsed, minter, publisher, slug or parsed.slug)


def release_graph(parsed: ParsedRelease, minter: Minter, publisher: Publisher | None = None,
                  slug: str | None = None) -> Graph:
    """Return the RDF that the text of one release yields, without provenance triples."""
    slug = slug or parsed.slug
    g = Graph()
    for prefix, namespace in minter.prefixes().items():
        g.bind(prefix, namespace, override=True, replace=True)
    release = minter.id("release", slug)
    g.add((release, RDF.type, SCHEMA.NewsArticle))
    g.add((release, SCHEMA.headline, Literal(parsed.headline, lang="sv")))
    g.add((release, SCHEMA.datePublished, Literal(parsed.date.isoformat(), datatype=XSD.date)))
    g.add((release, SCHEMA.inLanguage, Literal("sv")))
    g.add((release, SCHEMA.genre, Literal("pressmeddelande", lang="sv")))
    g.add((release, SCHEMA.articleBody, Literal(parsed.body, lang="sv")))
    if publisher is not None:
        g.add((release, SCHEMA.publisher, add_publisher(g, minter, publisher)))
    for n, quotation in enumerate(parsed.quotations, 1):
        person = add_speaker(g, minter, quotation.speaker, parsed.date, publisher)
        _add_quotation(g, minter, parsed, slug, release, n, quotation, person)
    return g


def _add_quotation(
    g: Graph, minter: Minter, parsed: ParsedRelease, slug: str, release: URIRef, n: int,
    quotation: QuotationSpan, person: URIRef,
) -> None:
    """Add quotation n with its Web Annotation and selectors (modelling.md §4)."""
    q = minter.id("quotation", f"{slug}-{n}")
    g.add((release, SCHEMA.hasPart, q))
    g.add((q, RDF.type, SCHEMA.Quotation))
    g.add((q, SCHEMA.text, Literal(quotation.text, lang="sv")))
    g.add((q, SCHEMA.inLanguage, Literal("sv")))
    g.add((q, SCHEMA.author, person))
    g.add((q, SCHEMA.isPartOf, release))
    g.add((q, PROV.wasQuotedFrom, release))
    g.add((q, PROV.wasAttributedTo, person))
    annotation = minter.id("annotation", f"{slug}-q{n}")
    annotate_segments(g, annotation, q, release, parsed.body, quotation.segments, OA.identifying)
