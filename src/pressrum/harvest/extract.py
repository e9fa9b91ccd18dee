"""HTML → headline, publication date and paragraphs: trafilatura for the text, htmldate for the date."""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass
from html import escape as html_escape

import htmldate
import lxml.html
import trafilatura
from lxml import etree

EXTRACTOR = f"trafilatura {trafilatura.__version__}"

# Per-platform pre-clean, given to trafilatura's own prune_xpath option: blocks it keeps otherwise
# (measured on tests/fixtures/newsroom/; docs/harvest.md says what each one fixes).
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
PRUNE: dict[str, list[str]] = {
    "sitevision": [
        "//*[contains(@class, 'sol-article-date') or contains(@class, 'sol-page-info')]",
        "//*[contains(@class, 'sol-share') or contains(@class, 'sol-related') or contains(@class, 'sol-contact')]",
        "//*[contains(@class, 'rsbtn') or starts-with(@id, 'readspeaker')]",  # ReadSpeaker "Lyssna"
        # A text portlet that is a contact block: its heading says so.
        f"//div[{_CLASS.format('sv-text-portlet')}][.//*[self::h2 or self::h3 or self::h4]"
        "[starts-with(normalize-space(), 'Kontakt') or starts-with(normalize-space(), 'Mer information')]]",
        "//figcaption",
    ],
    "mynewsdesk": [
        "//*[contains(@class, 'panel__tags') or contains(@class, 'panel__contacts')]",
        "//*[contains(@class, 'panel__boilerplate') or contains(@class, 'related-content')]",
        "//*[contains(@class, 'share-buttons')]", "//figcaption",
    ],
    "wordpress": [
        "//*[contains(@class, 'sharedaddy') or contains(@class, 'jp-relatedposts')]",
        "//*[contains(@class, 'entry-footer') or contains(@class, 'entry-meta')]", "//figcaption",
    ],
    "generic": ["//figcaption"],
}
# Dates on a release page that are not its publication date, removed before htmldate looks: the
# update line ("Senast uppdaterad", which original_date would otherwise not tell from the first
# date) and the dates of other news listed beside it.
NOT_THE_DATE: dict[str, list[str]] = {
    "sitevision": ["//*[contains(@class, 'sol-page-info') or contains(@class, 'sol-related')]",
                   "//*[contains(@class, 'sv-channel')]"],
    "mynewsdesk": ["//*[contains(@class, 'related-content')]"],
    "wordpress": ["//*[contains(@class, 'jp-relatedposts') or contains(@class, 'widget-area')]",
                  "//time[contains(@class, 'updated')]"],
    "generic": [],
}
_UPDATED = ("//*[text()[starts-with(normalize-space(), 'Senast uppdaterad') or "
            "starts-with(normalize-space(), 'Senast ändrad') or starts-with(normalize-space(), 'Uppdaterad')]]")
_PUBLISHED = ("//*[text()[starts-with(normalize-space(), 'Publicerad') or "
              "starts-with(normalize-space(), 'Publicerat')]]")
# Lines a newsroom page carries that are not the release (short, and so named).
_NOT_TEXT = re.compile(r"^(publicerad|publicerat|senast (uppdaterad|ändrad|granskad)|uppdaterad|lyssna"
                       r"|dela( sidan| detta| artikeln)?|skriv ut)\b", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?P<head>.+?)\s+[-|–—]\s+(?P<site>[^-|–—]{2,60})$")
_SITE_WORDS = re.compile(r"kommun|stad|region|mynewsdesk|landsting", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class ExtractionError(ValueError):
    """A page from which no release could be read."""


@dataclass(frozen=True)
class Extracted:
    """What a release page says: its headline, its own date (or None) and its paragraphs."""

    headline: str
    date: datetime.date | None
    paragraphs: tuple[str, ...]
    platform: str


def decode(body: bytes, content_type: str) -> str:
    """Decode a page by the charset of its Content-Type, else its <meta>, else UTF-8, else windows-1252."""
    candidates = []
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if match:
        candidates.append(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    for charset in [*candidates, "utf-8"]:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    # WHATWG Encoding: the default legacy encoding for Swedish pages; every byte decodes.
    return body.decode("cp1252", "replace")


def platform_of(html: str) -> str:
    """Return the publishing platform the markup shows: sitevision, mynewsdesk, wordpress or generic."""
    head = html[:200_000]
    if "sv-portlet" in head or "sv-text-portlet" in head or 'content="Sitevision' in head:
        return "sitevision"
    if "mynewsdesk" in head.lower():
        return "mynewsdesk"
    if "wp-content" in head or 'content="WordPress' in head:
        return "wordpress"
    return "generic"


def headline_of(tree: lxml.html.HtmlElement) -> str | None:
    """Return the page's h1, else og:title or <title> without the site's suffix."""
    for h1 in tree.iter("h1"):
        text = _SPACE.sub(" ", h1.text_content()).strip()
        if text:
            return text
    site = (tree.xpath("string(//meta[@property='og:site_name']/@content)") or "").strip()
    for xpath in ("string(//meta[@property='og:title']/@content)", "string(//title)"):
        title = _SPACE.sub(" ", tree.xpath(xpath) or "").strip()
        if title:
            return strip_site_suffix(title, site)
    return None


def strip_site_suffix(title: str, site: str = "") -> str:
    """Return a title without a trailing ' - Lerums kommun' or ' | Mynewsdesk'."""
    match = _SUFFIX.match(title)
    if match and (match.group("site").strip() == site or _SITE_WORDS.search(match.group("site"))):
        return match.group("head").strip()
    return title


def date_of(tree: lxml.html.HtmlElement, url: str | None, platform: str = "generic") -> datetime.date | None:
    """Return the page's own publication date by htmldate (the original, not the update), or None."""
    tree = copy.deepcopy(tree)
    for xpath in [*NOT_THE_DATE[platform], _UPDATED]:
        for element in tree.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()
    found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=False,
                               outputformat="%Y-%m-%d")
    if not found:
        # The page's own "Publicerad 3 november 2026" line, read by htmldate's text search on that line
        # alone (an extensive search of the whole page would take a date from the body text).
        for element in tree.xpath(_PUBLISHED):
            line = html_escape(_SPACE.sub(" ", element.text_content()).strip()[:80])
            found = htmldate.find_date(f"<html><body><p>{line}</p></body></html>", extensive_search=True,
                                       outputformat="%Y-%m-%d")
            if found:
                break
    return datetime.date.fromisoformat(found) if found else None


def paragraphs_of(html: str, url: str | None, platform: str, headline: str) -> tuple[str, ...]:
    """Return the main text's paragraphs (and subheadings), by trafilatura after the platform's pre-clean."""
    xml = trafilatura.extract(html, url=url, output_format="xml", include_comments=False,
                              include_tables=False, include_images=False, favor_precision=True,
                              prune_xpath=PRUNE[platform], with_metadata=False)
    if not xml:
        return ()
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    paragraphs: list[str] = []
    for element in main if main is not None else ():
        items = element.findall("item") if element.tag == "list" else [element]
        for item in items:
            text = _SPACE.sub(" ", " ".join(item.itertext())).strip()
            if element.tag == "list":
                text = f"– {text}"
            if not text or text == headline or (len(text) < 80 and _NOT_TEXT.match(text)):
                continue
            paragraphs.append(text)
    return tuple(paragraphs)


def extract(body: bytes, content_type: str = "", url: str | None = None) -> Extracted:
    """Return the headline, date and paragraphs of a release page; raise ExtractionError when it has none."""
    html = decode(body, content_type)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"unreadable HTML: {error}") from None
    headline = headline_of(tree)
    if not headline:
        raise ExtractionError("no headline (no h1, og:title or title)")
    platform = platform_of(html)
    paragraphs = paragraphs_of(html, url, platform, headline)
    if not paragraphs:
        raise ExtractionError("no main text found")
    return Extracted(headline, date_of(tree, url, platform), paragraphs, platform)
