"""A real browser (Debian's chromium, driven by Playwright): home, release, quotation, speaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from .make_golden import PERSON, RELEASE

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def page(live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="sv-SE", viewport={"width": 1100, "height": 900},
                                      java_script_enabled=False)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.errors = errors
        yield page
        browser.close()


def test_home_release_quotation_speaker(page, live_server):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(live_server)
    assert page.locator("h1").inner_text() == "pressrum"
    assert page.locator(".counts strong").first.inner_text().isdigit()
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)

    page.click(f'a[href="/doc/{RELEASE}"]')
    assert page.url.endswith(f"/doc/{RELEASE}")
    marks = page.locator("a.quote mark")
    assert marks.count() >= 3
    # The stylesheet loaded (the CSP allows 'self'): the highlight is not the browser's default yellow.
    assert page.locator("a.quote mark").first.evaluate("m => getComputedStyle(m).borderBottomStyle") == "solid"
    page.screenshot(path=str(SCREENSHOTS / "release.png"), full_page=True)

    marks.first.click()
    assert "/doc/quotation/" in page.url
    page.screenshot(path=str(SCREENSHOTS / "quotation.png"), full_page=True)
    page.click(f'dd a[href="/doc/{PERSON}"]')
    assert page.url.endswith(f"/doc/{PERSON}")
    assert page.locator("h1").inner_text() == "Alexander Abenius"
    assert page.get_by_text("Nämns i").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "person.png"), full_page=True)
    assert not [e for e in page.errors if "Content Security Policy" in e]


def test_english_person_page(page, live_server):
    page.goto(f"{live_server}doc/{PERSON}?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Mentioned in").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "person-en.png"), full_page=True)
