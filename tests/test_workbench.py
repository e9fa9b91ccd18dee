"""The researchers' workbench in chromium: YASGUI on the query page, a query run, an IRI followed, CSV downloaded."""

from __future__ import annotations

import pytest

from .test_browser import ARGS, CHROMIUM, SCREENSHOTS

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]
QUERY = ("PREFIX schema: <https://schema.org/>\n"
         "SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name }")


@pytest.fixture(scope="module")
def browser_page(live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="sv-SE", viewport={"width": 1200, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.messages = []
        page.on("console", lambda m: page.messages.append(m.text) if m.type in ("error", "warning") else None)
        page.outside = []
        page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(live_server) else None)
        yield page
        browser.close()


def test_type_run_follow_download(browser_page, live_server):
    page = browser_page
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server}sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    editor = page.locator(".yasqe .CodeMirror")
    page.evaluate("q => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue('')", QUERY)
    editor.click()
    page.keyboard.type(QUERY.replace("\n", " "))
    page.screenshot(path=str(SCREENSHOTS / "workbench-typed.png"), full_page=True)
    page.click("#query-form button[type=submit]")
    page.wait_for_selector(".yasr table tbody tr a")
    assert "query=" in page.url  # the query is in the page's URL, to be shared
    page.screenshot(path=str(SCREENSHOTS / "workbench-results.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#editor-results .downloads a", has_text="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    link = page.locator(".yasr table tbody tr a[href*='/id/person/']").first
    href = link.get_attribute("href")
    page.goto(href)
    assert "/doc/person/" in page.url
    assert not [m for m in page.messages if "Content Security Policy" in m], page.messages
    assert page.outside == [], page.outside


def test_syntax_error_comes_back_as_the_page(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server}sparql?format=html&query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%7D")
    assert page.locator("#query-error").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "workbench-error.png"), full_page=True)


def test_syntax_error_page_without_a_browser(client):
    bad = "PREFIX schema: <https://schema.org/>\nSELECT ?s WHERE {\n  ?s ?p }"
    page = client.get("/sparql", query_string={"query": bad, "format": "html", "lang": "en"})
    assert page.status_code == 400 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'id="query-error"' in text and "Line 3, column" in text and "&lt;https://schema.org/&gt;" in text
    plain = client.get("/sparql", query_string={"query": bad}, headers={"Accept": "application/sparql-results+json"})
    assert plain.status_code == 400 and plain.mimetype == "text/plain"  # protocol clients keep text/plain


def test_downloads_name_their_file(client):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for key, extension in (("csv", "csv"), ("json", "srj"), ("tsv", "tsv"), ("xml", "srx")):
        answer = client.get("/sparql", query_string={"query": query, "format": key, "download": "1"})
        assert answer.headers["Content-Disposition"] == f'attachment; filename="pressrum-results.{extension}"'
    graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "turtle",
                                                "download": "1"})
    assert graph.headers["Content-Disposition"].endswith('.ttl"')
    assert "Content-Disposition" not in client.get("/sparql", query_string={"query": query, "format": "csv"}).headers
    page = client.get("/sparql", query_string={"query": query, "format": "html"}).get_data(as_text=True)
    assert 'id="results"' in page and "download=1" in page and 'download="pressrum-results.csv"' in page


def test_query_page_speaks_the_readers_language_and_loads_only_own_scripts(client):
    swedish = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Kör frågan" in swedish and "Run query" not in swedish
    english = client.get("/sparql?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Run query" in english
    assert '<script src="/static/yasgui/yasgui.min.js"' in swedish and "<script>" not in swedish
    csp = client.get("/sparql", headers={"Accept": "text/html"}).headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    prefixes = client.get("/prefixes.json").get_json()
    assert prefixes["schema"] == "https://schema.org/" and "prog" in prefixes


def test_charts_on_home_and_dataset(client):
    for path in ("/", "/dataset"):
        page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3, path
        assert page.count("<caption>") == 3 and "<title id=\"chart-per-party-title\">" in page
        assert "Moderaterna" in page
