"""Feeds (RSS 2.0, Atom) and sitemaps (the Sitemaps protocol 0.9) → entries to harvest."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import feedparser
from lxml import etree

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_XML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>\s*)*"
                        rb"<(?P<tag>[A-Za-z_:][\w:.-]*)", re.DOTALL | re.IGNORECASE)


class ListingError(ValueError):
    """A feed or sitemap that could not be read."""


@dataclass(frozen=True)
class Entry:
    """One release page a listing names: its URL and, where the listing gives them, date and title."""

    url: str
    date: datetime.date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a URL turned out to be: 'feed', 'sitemap', 'sitemapindex' or 'page', with its entries."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = field(default=())


def root_tag(body: bytes) -> str | None:
    """Return the local name of an XML document's root element, or None for non-XML."""
    match = _XML_START.match(body[:4096])
    if not match:
        return None
    return match.group("tag").decode("ascii", "replace").split(":")[-1].lower()


def parse_listing(body: bytes, media_type: str) -> Listing:
    """Return the entries of a feed or sitemap, or Listing('page') for an HTML page."""
    tag = root_tag(body)
    if tag in ("urlset", "sitemapindex"):
        return parse_sitemap(body)
    if tag in ("rss", "feed", "rdf") or media_type in ("application/rss+xml", "application/atom+xml"):
        return parse_feed(body)
    if tag == "html" or "html" in media_type:
        return Listing("page")
    raise ListingError(f"neither a feed, a sitemap nor an HTML page ({media_type or 'no Content-Type'})")


def parse_feed(body: bytes) -> Listing:
    """Return the entries of an RSS or Atom feed, read by feedparser."""
    parsed = feedparser.parse(body)
    # feedparser recovers what it can from a broken feed; a truncated list of entries is not taken
    # as the feed (only the benign encoding notes are let through).
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), _BENIGN):
        raise ListingError(f"malformed feed: {parsed.get('bozo_exception')}")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        date = datetime.date(*stamp[:3]) if stamp else None
        entries.append(Entry(link.strip(), date, item.get("title")))
    return Listing("feed", tuple(entries))


def parse_sitemap(body: bytes) -> Listing:
    """Return the <url> entries of a urlset, or the <sitemap> locations of a sitemap index."""
    # No entities, no network, no huge trees: a sitemap is data from outside.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise ListingError(f"malformed sitemap: {error}") from None
    local = etree.QName(root).localname
    if local == "sitemapindex":
        return Listing("sitemapindex", sitemaps=tuple(_texts(root, "sitemap", "loc")))
    entries = []
    for url in root.iter(f"{SITEMAP_NS}url", "url"):
        loc = _child_text(url, "loc")
        if loc:
            entries.append(Entry(loc, _w3c_date(_child_text(url, "lastmod"))))
    return Listing("sitemap", tuple(entries))


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if etree.QName(child).localname == name and child.text:
            return child.text.strip()
    return None


def _texts(root: etree._Element, parent: str, name: str) -> list[str]:
    found = []
    for element in root:
        if etree.QName(element).localname == parent:
            text = _child_text(element, name)
            if text:
                found.append(text)
    return found


def _w3c_date(value: str | None) -> datetime.date | None:
    """Return the date of a W3C Datetime (the Sitemaps protocol's <lastmod>)."""
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
