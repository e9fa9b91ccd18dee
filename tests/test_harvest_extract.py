"""Tests for pressrum.harvest.extract and feeds: the platforms' markup → headline, date, paragraphs."""

from __future__ import annotations

import datetime

import pytest

from pressrum.harvest.extract import ExtractionError, decode, extract, platform_of, strip_site_suffix
from pressrum.harvest.feeds import ListingError, parse_listing
from tests.newsroom_server import fixture

BOILERPLATE = ("Lyssna", "Publicerad", "Senast uppdaterad", "Dela", "Facebook", "kakor", "cookies", "Kontakt",
               "Foto:", "Fler nyheter", "Relaterat", "Ämnen", "Etiketter", "Växel", "Om Region",
               "Hälsa", "press@example.se", "Föregående", "Godkänn")

PLATFORMS = {
    "sitevision.html": ("sitevision", "Ny förskola i Näsåker står klar till hösten", datetime.date(2026, 11, 3),
                        "Bygget av den nya förskolan i Näsåker går enligt plan.", 6),
    "mynewsdesk.html": ("mynewsdesk", "Regionen öppnar en mottagning för unga vuxna i Härnösand",
                        datetime.date(2026, 10, 14), "Från den 1 december kan unga vuxna", 4),
    "wordpress.html": ("wordpress", "Gång- och cykelbron över Ljungan invigs i maj", datetime.date(2026, 4, 22),
                       "Efter ett års byggtid är den nya gång- och cykelbron", 4),
}


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_platform_page_gives_headline_date_ingress_and_body_without_boilerplate(name: str) -> None:
    platform, headline, date, ingress, count = PLATFORMS[name]
    page = extract(fixture(name), "text/html; charset=utf-8", "https://example.se/nyheter/x")
    assert page.platform == platform
    assert page.headline == headline
    assert page.date == date
    assert page.paragraphs[0].startswith(ingress)  # the lead paragraph (ingress) is kept
    assert len(page.paragraphs) == count
    assert any("säger" in p for p in page.paragraphs)
    for paragraph in page.paragraphs:
        for word in BOILERPLATE:
            assert word not in paragraph, (word, paragraph)


def test_sitevision_subheading_stays_as_its_own_paragraph() -> None:
    page = extract(fixture("sitevision.html"), "text/html")
    assert "Inskolning börjar i augusti" in page.paragraphs


def test_page_without_date_has_none_and_headline_from_og_title_without_suffix() -> None:
    page = extract(fixture("nodate.html"), "text/html")
    assert page.date is None
    assert page.headline == "Kulturskolan söker fler lärare i stråkinstrument"
    assert page.platform == "generic"


@pytest.mark.parametrize(("title", "site", "expected"), [
    ("Nytt bibliotek öppnar - Lerums kommun", "", "Nytt bibliotek öppnar"),
    ("Nytt bibliotek öppnar | Mynewsdesk", "", "Nytt bibliotek öppnar"),
    ("Nytt bibliotek öppnar – Ånge", "Ånge", "Nytt bibliotek öppnar"),
    ("Budget 2027 - så satsar vi", "", "Budget 2027 - så satsar vi"),  # not a site: kept
])
def test_site_suffix_is_stripped_only_when_it_names_the_site(title: str, site: str, expected: str) -> None:
    assert strip_site_suffix(title, site) == expected


def test_windows_1252_page_is_decoded_by_header_or_meta() -> None:
    body = fixture("cp1252.html")
    assert "Älvdalens" in decode(body, "text/html; charset=windows-1252")
    assert "Älvdalens" in decode(body, "text/html")  # the <meta http-equiv> says so
    page = extract(body, "text/html")
    assert page.headline == "Älvdalens kommun inför öppen förskola på fredagar"
    assert "Åsa Öberg" in page.paragraphs[1]


def test_page_without_text_fails_with_a_reason() -> None:
    with pytest.raises(ExtractionError, match="no main text"):
        extract(b"<html><head><title>Tom</title></head><body><nav>Meny</nav></body></html>", "text/html")


def test_platform_markers() -> None:
    assert platform_of('<div class="sv-portlet">') == "sitevision"
    assert platform_of('<link href="/wp-content/x.css">') == "wordpress"
    assert platform_of('<meta property="og:site_name" content="Mynewsdesk">') == "mynewsdesk"


def test_listings_by_root_element() -> None:
    assert parse_listing(b"<!DOCTYPE html><html><body></body></html>", "text/html").kind == "page"
    sitemap = parse_listing(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            b"<url><loc>http://a/1</loc><lastmod>2026-01-02T10:00:00+01:00</lastmod></url>"
                            b"</urlset>", "application/xml")
    assert sitemap.kind == "sitemap" and sitemap.entries[0].date == datetime.date(2026, 1, 2)
    with pytest.raises(ListingError, match="neither a feed"):
        parse_listing(b"%PDF-1.7", "application/pdf")
    with pytest.raises(ListingError, match="malformed sitemap"):
        parse_listing(b"<urlset><url><loc>x</url>", "application/xml")


def test_sitemap_with_entities_is_not_expanded() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a/&b;</loc></url></urlset>')
    entries = parse_listing(bomb, "application/xml").entries
    assert all("aaaa" not in e.url for e in entries)


def sitevision_variant(*changes: tuple[str, str]) -> bytes:
    page = fixture("sitevision.html").decode()
    for old, new in changes:
        assert old in page
        page = page.replace(old, new)
    return page.encode()


def test_sitevision_date_line_without_a_date_class_is_still_the_publication_date() -> None:
    # Without the sol-article-date class htmldate took "Senast uppdaterad: 4 november 2026".
    body = sitevision_variant(('class="sol-article-date env-text-small"', 'class="normal"'))
    assert extract(body, "text/html").date == datetime.date(2026, 11, 3)


def test_dates_of_related_news_and_updates_are_not_the_publication_date() -> None:
    body = sitevision_variant(
        ('<p class="sol-article-date env-text-small">Publicerad 3 november 2026</p>', ""),
        ('<span class="sol-news-item__date">20 oktober 2026</span>', '<time datetime="2026-10-20">20 okt</time>'))
    assert extract(body, "text/html").date is None  # the feed's date, or a failure, rather than a wrong one


def test_a_date_in_the_body_text_is_not_taken_for_the_page_date() -> None:
    body = ("<html><body><h1>Bron invigs</h1><p>Publicerad av kommunen</p><p>Den 16 maj 2026 invigs den nya "
            "bron över älven med musik och korvgrillning för hela familjen, säger kommunen.</p></body></html>")
    assert extract(body.encode(), "text/html").date is None
