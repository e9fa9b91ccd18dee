"""Every page kind passes the field's validators: the Nu Html Checker and axe-core in chromium.

Both tools are pinned in tests/tools/package-lock.json (`make tools`). Where CI=true a missing tool
fails the test: CI never passes by skipping them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from .make_golden import PERSON, QUOTATION, RELEASE

TOOLS = Path(__file__).parent / "tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
QUERY = "PREFIX schema: <https://schema.org/>\nSELECT ?s ?name WHERE { ?s schema:name ?name } LIMIT 5"
# One page of each kind.
PAGES = {
    "search": "search?q=f%C3%B6retagsklimatet", "search-empty": "search", "queries": "queries",
    "canned-query": "queries/cq01.html",
    "home": "", "home-en": "?lang=en", "releases": "releases", "kind-list": "kinds/person",
    "release": f"doc/{RELEASE}", "person": f"doc/{PERSON}", "quotation": f"doc/{QUOTATION}",
    "programme": "doc/programme/svenskt-naringsliv-utvecklingsprogram-2020", "dataset": "dataset",
    "ontology": "def/prog", "sparql": "sparql", "sparql-results": f"sparql?query={quote(QUERY)}&format=html",
    "sparql-error": f"sparql?query={quote('SELECT ?s WHERE { ?s ?p }')}&format=html", "not-found": "no/such/page",
}
SERIOUS = ("serious", "critical")

pytestmark = pytest.mark.timeout(180)


def require(path: Path, what: str) -> None:
    """Skip without the tool, or fail where CI=true (CI installs it with `make tools`)."""
    if path.exists():
        return
    message = f"{what} is missing at {path}: run `make tools`"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def nu_errors(folder: Path) -> dict[str, list[str]]:
    """Return the Nu Html Checker's errors for each HTML file in a folder."""
    java = shutil.which("java")
    if java is None:
        require(Path("/nonexistent/java"), "java")
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(folder)],
                         capture_output=True, text=True, timeout=120)
    report = json.loads(run.stderr or run.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "")).stem
            errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_nu_html_checker_reports_no_error(live_server, tmp_path):
    require(VNU, "the Nu Html Checker (vnu-jar)")
    for name, path in PAGES.items():
        answer = requests.get(live_server + path, headers={"Accept": "text/html"}, timeout=30)
        assert answer.headers["Content-Type"].startswith("text/html"), (name, answer.headers["Content-Type"])
        (tmp_path / f"{name}.html").write_bytes(answer.content)
    errors = nu_errors(tmp_path)
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)


def test_axe_core_reports_no_serious_violation(live_server):
    require(AXE, "axe-core")
    require(CHROMIUM, "chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    found: dict[str, list[str]] = {}
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        # bypass_csp: the test injects axe-core as a script of its own; the pages keep their CSP.
        context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(live_server + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
                   if v["impact"] in SERIOUS]
            if bad:
                found[name] = bad
        browser.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
