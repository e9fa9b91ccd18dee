"""Tests for pressrum.harvest.harvester and `pressrum harvest`: release folders, incremental runs, errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressrum.cli import main
from pressrum.harvest.harvester import harvest, harvest_sources
from pressrum.harvest.records import RELEASE_TEXT, SOURCE_RECORD
from pressrum.settings import load_settings
from pressrum.text.release import parse_release
from tests.newsroom_server import Newsroom, fixture, serve

FAST = {"harvest_delay": 0.001, "harvest_timeout": 0.5, "harvest_max_bytes": 1_000_000, "harvest_retries": 2,
        "harvest_max_retry_after": 0.05, "harvest_contact": "https://example.org/contact"}
FAST_ENV = {f"PRESSRUM_{k.upper()}": str(v) for k, v in FAST.items()}


@pytest.fixture()
def newsroom() -> Iterator[Newsroom]:
    with serve() as running:
        yield running


@pytest.fixture()
def settings(tmp_path: Path) -> dict:
    return load_settings({**FAST, "harvest_sources": tmp_path / "none.toml"}, environ={})


def folders(data: Path) -> dict[str, Path]:
    """Return the release folders by page URL."""
    found = {}
    for record in (data / "releases").glob(f"*/{SOURCE_RECORD}"):
        found[json.loads(record.read_text())["url"]] = record.parent
    return found


def no_temporaries(data: Path) -> bool:
    return not [p for p in (data / "releases").rglob(".*") if p.name.endswith(".tmp")]


def test_rss_feed_gives_release_folders_ingest_reads(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    summary = harvest([newsroom.base + "/feed.rss"], tmp_path, settings)
    assert (summary.new, summary.failed) == (3, 1)
    assert summary.failures[0].url.endswith("/private/secret")
    assert "robots.txt" in summary.failures[0].reason
    by_url = folders(tmp_path)
    sitevision = by_url[newsroom.base + "/news/sitevision"]
    assert sitevision.name == "2026-11-03-ny-forskola-i-nasaker-star-klar-till-hosten"
    parsed = parse_release((sitevision / RELEASE_TEXT).read_text(encoding="utf-8"))
    assert parsed.headline == "Ny förskola i Näsåker står klar till hösten"
    assert parsed.body.startswith("Bygget av den nya förskolan")
    record = json.loads((sitevision / SOURCE_RECORD).read_text())
    assert record["publisher"] == {"name": "127.0.0.1", "kind": "organisation", "code": None}
    assert record["feed"] == newsroom.base + "/feed.rss"
    assert record["date_source"] == "page"
    assert record["extractor"].startswith("trafilatura ")
    assert record["etag"] and record["last_modified"] and len(record["sha256"]) == 64
    assert record["retrieved"].endswith("Z")
    # The page without a date takes the feed's date, and says so.
    nodate = json.loads((by_url[newsroom.base + "/news/nodate"] / SOURCE_RECORD).read_text())
    assert nodate["date_source"] == "feed"
    assert by_url[newsroom.base + "/news/nodate"].name.startswith("2026-11-02-kulturskolan")
    assert no_temporaries(tmp_path)


def test_second_run_writes_nothing_and_costs_304s(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    harvest([newsroom.base + "/feed.rss"], tmp_path, settings)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    count = len(newsroom.log)
    summary = harvest([newsroom.base + "/feed.rss"], tmp_path, settings)
    assert (summary.fetched, summary.unchanged, summary.new, summary.changed) == (3, 3, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before
    pages = [path for path, _ in newsroom.log[count:] if path.startswith("/news/")]
    assert len(pages) == 3 and all("If-None-Match" in h for p, h in newsroom.log[count:] if p.startswith("/news/"))


def test_corrected_release_keeps_the_earlier_version_and_its_folder(newsroom: Newsroom, settings: dict,
                                                                     tmp_path: Path) -> None:
    url = newsroom.base + "/news/sitevision"
    harvest([url], tmp_path, settings)
    folder = folders(tmp_path)[url]
    first = json.loads((folder / SOURCE_RECORD).read_text())
    corrected = fixture("sitevision.html").decode().replace("sex avdelningar", "fem avdelningar").replace(
        "Ny förskola i Näsåker står klar till hösten</h1>", "Ny förskola i Näsåker klar i augusti</h1>")
    newsroom.page("/news/sitevision", corrected.encode())
    summary = harvest([url], tmp_path, settings)
    assert (summary.changed, summary.new) == (1, 0)
    assert folders(tmp_path) == {url: folder}  # a changed headline: the same folder, found by the URL
    text = (folder / RELEASE_TEXT).read_text()
    assert text.startswith("Ny förskola i Näsåker klar i augusti\n") and "fem avdelningar" in text
    record = json.loads((folder / SOURCE_RECORD).read_text())
    [version] = record["versions"]
    assert version["retrieved"] == first["retrieved"] and version["sha256"] == first["sha256"]
    kept = folder / version["path"]
    assert "sex avdelningar" in (kept / RELEASE_TEXT).read_text()
    assert json.loads((kept / SOURCE_RECORD).read_text())["sha256"] == first["sha256"]
    assert len(list((tmp_path / "releases").glob(f"*/{RELEASE_TEXT}"))) == 1  # versions are not releases


def test_release_that_drops_out_of_the_feed_stays(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    harvest([newsroom.base + "/feed.rss"], tmp_path, settings)
    newsroom.page("/feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
                  "application/rss+xml")
    summary = harvest([newsroom.base + "/feed.rss"], tmp_path, settings)
    assert summary.ok and len(folders(tmp_path)) == 3


def test_atom_feed_and_windows_1252(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    summary = harvest([newsroom.base + "/feed.atom"], tmp_path, settings)
    assert (summary.new, summary.failed) == (2, 0)
    folder = folders(tmp_path)[newsroom.base + "/news/cp1252"]
    assert folder.name == "2026-09-08-alvdalens-kommun-infor-oppen-forskola-pa-fredagar"
    assert "Åsa Öberg" in (folder / RELEASE_TEXT).read_text(encoding="utf-8")


def test_sitemap_index(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    summary = harvest([newsroom.base + "/sitemap.xml"], tmp_path, settings)
    assert (summary.new, summary.failed) == (2, 0)
    record = json.loads((folders(tmp_path)[newsroom.base + "/news/wordpress"] / SOURCE_RECORD).read_text())
    assert record["feed"] is None and record["date_source"] == "page"


def test_since_and_limit(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    import datetime

    summary = harvest([newsroom.base + "/feed.rss"], tmp_path, settings, since=datetime.date(2026, 11, 1), limit=1)
    assert (summary.new, summary.failed) == (1, 0)
    assert list(folders(tmp_path)) == [newsroom.base + "/news/sitevision"]


@pytest.mark.parametrize(("path", "reason"), [
    ("/news/nodate-direct", "no publication date: neither the page nor the feed gives one"),
    ("/doc.pdf", "neither a feed, a sitemap nor an HTML page (application/pdf)"),
    ("/bad.rss", "malformed feed"),
    ("/loop-a", "redirect loop"),
    ("/huge", "harvest_max_bytes"),
    ("/slow", "timed out"),
    ("/missing", "HTTP 404"),
])
def test_failures_name_the_url_and_the_reason_and_write_nothing(newsroom: Newsroom, settings: dict,
                                                                 tmp_path: Path, path: str, reason: str) -> None:
    summary = harvest([newsroom.base + path], tmp_path, settings)
    assert summary.failed == 1 and summary.failures[0].url == newsroom.base + path
    assert reason in summary.failures[0].reason
    assert not (tmp_path / "releases").exists() or not any((tmp_path / "releases").iterdir())


def test_pdf_named_by_a_feed_is_not_html(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    from tests.newsroom_server import rss

    newsroom.page("/pdf.rss", rss(newsroom.base, [("/doc.pdf", "Bilaga", "Mon, 02 Nov 2026 10:00:00 +0100")]),
                  "application/rss+xml")
    summary = harvest([newsroom.base + "/pdf.rss"], tmp_path, settings)
    assert summary.failures[0].reason == "not an HTML page: application/pdf"


def test_retried_pages_are_harvested(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    summary = harvest([newsroom.base + "/flaky", newsroom.base + "/busy"], tmp_path, settings)
    assert (summary.new, summary.failed) == (2, 0)


def test_interrupted_write_leaves_no_half_written_release(newsroom: Newsroom, settings: dict, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", broken)
    with pytest.raises(OSError):
        harvest([newsroom.base + "/news/wordpress"], tmp_path, settings)
    assert list((tmp_path / "releases").iterdir()) == []


def test_sources_file_gives_publisher_and_licence(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""[[source]]
name = "Sollefteå kommun"
kind = "municipality"
code = "2283"
urls = ["{newsroom.base}/feed.atom"]
licence = "https://creativecommons.org/publicdomain/zero/1.0/"
""", encoding="utf-8")
    summary = harvest_sources(tmp_path, settings, sources_file=sources)
    assert (summary.new, summary.failed) == (2, 0)
    record = json.loads((folders(tmp_path)[newsroom.base + "/news/wordpress"] / SOURCE_RECORD).read_text())
    assert record["publisher"] == {"name": "Sollefteå kommun", "kind": "municipality", "code": "2283"}
    assert record["licence"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_command_exit_codes(newsroom: Newsroom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture) -> None:
    for name, value in FAST_ENV.items():
        monkeypatch.setenv(name, value)
    data = ["--data-dir", str(tmp_path), "--sources", str(tmp_path / "none.toml")]
    assert main(["harvest", *data, newsroom.base + "/feed.atom"]) == 0
    assert "harvest: 2 pages fetched, 0 unchanged, 2 new, 0 changed, 0 failed" in capsys.readouterr().out
    assert main(["harvest", *data, newsroom.base + "/feed.rss"]) == 1
    captured = capsys.readouterr()
    assert f"failed: {newsroom.base}/private/secret: disallowed by robots.txt" in captured.err
    assert main(["harvest", *data, "ftp://127.0.0.1/feed"]) == 2
    assert main(["harvest", *data, "not a url"]) == 2
    assert main(["harvest", *data]) == 2
    with pytest.raises(SystemExit) as stop:
        main(["harvest", *data, "--since", "yesterday", newsroom.base + "/feed.rss"])
    assert stop.value.code == 2


def test_repository_sources_file_reads_without_fetching(settings: dict) -> None:
    from pressrum.harvest.sources import load_sources
    from pressrum.settings import PROJECT_ROOT

    sources = load_sources(PROJECT_ROOT / "data" / "sources.toml")
    assert sources and all(s.kind in ("municipality", "region", "organisation") for s in sources)
    assert all(url.startswith("https://") for s in sources for url in s.urls)


def test_benchmark_newsroom_second_harvest_is_only_304s() -> None:
    from bench.harvest import run

    _, first, _, second, unchanged = run(12, 0.0)
    assert (first.new, first.failed) == (12, 0)
    assert (second.fetched, second.unchanged, second.new, second.changed, second.failed) == (12, 12, 0, 0, 0)
    assert unchanged == 12


def test_harvest_command_has_help(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["harvest", "--help"])
    assert stop.value.code == 0 and "usage: pressrum harvest" in capsys.readouterr().out


def test_harvested_releases_build_and_validate(newsroom: Newsroom, settings: dict, tmp_path: Path) -> None:
    from pressrum.build.dataset import build_dataset
    from pressrum.build.validation import load_shapes, validate_graph
    from pressrum.namespaces import PAV, SCHEMA
    from pressrum.settings import PROJECT_ROOT

    summary = harvest([newsroom.base + "/feed.rss", newsroom.base + "/feed.atom"], tmp_path, settings)
    assert summary.new == 5
    built = build_dataset(tmp_path, PROJECT_ROOT / "ontology", "http://localhost:8080/")
    assert len(built.release_graphs) == 5
    report = validate_graph(built.union(), load_shapes(PROJECT_ROOT / "shapes"))
    assert report.conforms, report.as_text()
    union = built.union()
    for release in built.release_graphs.values():  # the publisher and the page, from the source record
        assert union.value(release, SCHEMA.publisher) is not None
        page = union.value(release, PAV.retrievedFrom)
        assert page is not None and str(page).startswith(newsroom.base)
        assert union.value(release, PAV.retrievedOn) is not None


def test_a_corrected_release_is_published_with_its_history_under_its_first_iri(newsroom: Newsroom, settings: dict,
                                                                               tmp_path: Path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import PROV

    from pressrum.build.dataset import build_dataset
    from pressrum.build.validation import load_shapes, validate_graph
    from pressrum.namespaces import PAV, SCHEMA
    from pressrum.settings import PROJECT_ROOT

    url = newsroom.base + "/news/sitevision"
    harvest([url], tmp_path, settings)
    first = build_dataset(tmp_path, PROJECT_ROOT / "ontology", "http://localhost:8080/")
    [release] = first.release_graphs.values()
    corrected = fixture("sitevision.html").decode().replace("sex avdelningar", "fem avdelningar").replace(
        "Ny förskola i Näsåker står klar till hösten</h1>", "Ny förskola i Näsåker klar i augusti</h1>")
    newsroom.page("/news/sitevision", corrected.encode())
    assert harvest([url], tmp_path, settings).changed == 1
    built = build_dataset(tmp_path, PROJECT_ROOT / "ontology", "http://localhost:8080/")
    assert list(built.release_graphs.values()) == [release]  # the new headline keeps the first IRI
    union = built.union()
    assert "klar i augusti" in str(union.value(release, SCHEMA.headline))
    earlier = union.value(release, PROV.wasRevisionOf)
    assert isinstance(earlier, URIRef) and str(earlier).startswith(str(release) + "#version-")
    record = json.loads((folders(tmp_path)[url] / SOURCE_RECORD).read_text())
    assert str(union.value(release, SCHEMA.dateModified)).startswith(record["retrieved"][:19])
    assert union.value(earlier, PAV.retrievedOn) is not None
    report = validate_graph(union, load_shapes(PROJECT_ROOT / "shapes"))
    assert report.conforms, report.as_text()
