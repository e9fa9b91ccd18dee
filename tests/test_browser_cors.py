"""Browser code on another origin queries the endpoint and reads documents (chromium, real CORS)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from .conftest import free_port
from .make_golden import PERSON
from .test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]

PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>notebook</title></head>
<body><p>A researcher's page on another origin.</p></body></html>"""


@pytest.fixture(scope="module")
def other_origin() -> str:
    """Serve a plain page from a second loopback origin (another port is another origin)."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def page(other_origin):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(other_origin)
        yield page
        browser.close()


def test_a_script_on_another_origin_posts_a_query_and_reads_the_headers(page, live_server):
    server = live_server  # another port of 127.0.0.1: another origin (RFC 6454 §4)
    result = page.evaluate("""async ([endpoint, document]) => {
        const answer = await fetch(endpoint, {method: "POST", body: "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}});
        const json = await answer.json();
        const doc = await fetch(document, {headers: {"Accept": "text/turtle", "If-None-Match": "\\"nothing\\""}});
        return {status: answer.status, count: json.results.bindings[0].n.value,
                etag: doc.headers.get("ETag"), link: doc.headers.get("Link"), type: doc.headers.get("Content-Type"),
                origin: location.origin};
    }""", [server + "sparql", f"{server}doc/{PERSON}"])
    assert result["origin"] != server.rstrip("/")
    assert result["status"] == 200 and int(result["count"]) > 1000
    assert result["etag"] and result["etag"].startswith('"')
    assert 'rel="alternate"' in result["link"] and result["type"].startswith("text/turtle")
    screenshots = Path(__file__).parent / "screenshots"
    screenshots.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshots / "cors-origin.png"))
