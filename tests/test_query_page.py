"""The query page without a browser: the error in place, download names, languages, CSP; the charts."""

from __future__ import annotations


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
