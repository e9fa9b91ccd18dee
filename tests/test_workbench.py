"""The researchers' workbench in chromium: YASGUI on the query page, a query run, an IRI followed, CSV downloaded."""

from __future__ import annotations

from pathlib import Path

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
        context.close()  # the context first: it owns the finished download
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
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("person,name")
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

