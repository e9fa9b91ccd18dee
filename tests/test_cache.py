"""The cache in front (Varnish, started by `pressrum serve`): Vary, 304s, no errors or POSTs kept, and
the new dataset served after a SIGHUP rebuild, not the cached old document."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
import requests

from pressrum.settings import PROJECT_ROOT
from tests.test_faults import Server

pytestmark = pytest.mark.slow
PERSON = "doc/person/alexander-abenius"
RELEASE = "doc/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


def require_varnish() -> None:
    """Skip without varnishd, except in CI (CI=true), where its absence is a failure."""
    if shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("varnishd is not installed (.ci/run installs varnish)")
    pytest.skip("varnishd not installed (apt-get install varnish)")


def from_cache(response: requests.Response) -> bool:
    """Tell whether Varnish answered from a cached object (X-Varnish names this request and the fetch's)."""
    return len(response.headers.get("X-Varnish", "").split()) == 2


@pytest.fixture()
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    return folder


@pytest.fixture()
def server(tmp_path, data):
    require_varnish()
    running = Server(tmp_path, "--data-dir", str(data))
    try:
        yield running
    finally:
        running.stop()


def get(server: Server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.base + path, headers=headers, timeout=10)


def test_each_accept_has_its_own_cached_representation(server):
    for accept, media in (("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
                          ("text/html", "text/html")):
        first, again = get(server, PERSON, Accept=accept), get(server, PERSON, Accept=accept)
        assert first.status_code == again.status_code == 200
        assert first.headers["Content-Type"].startswith(media) and again.headers["Content-Type"].startswith(media)
        assert again.content == first.content and from_cache(again), again.headers
        assert "Accept" in again.headers["Vary"]
        assert "X-Pressrum-Dataset" not in again.headers  # the cache's tag stays inside
    swedish = get(server, PERSON, Accept="text/html", **{"Accept-Language": "sv"})
    english = get(server, PERSON, Accept="text/html", **{"Accept-Language": "en"})
    assert (swedish.headers["Content-Language"], english.headers["Content-Language"]) == ("sv", "en")


def test_a_matching_if_none_match_is_a_304_from_the_cache(server):
    etag = get(server, PERSON, Accept="text/turtle").headers["ETag"]
    answer = get(server, PERSON, Accept="text/turtle", **{"If-None-Match": etag})
    assert answer.status_code == 304 and answer.content == b"" and from_cache(answer)
    other = get(server, PERSON, Accept="text/turtle", **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content


def test_errors_and_posted_queries_are_not_kept(server):
    for _ in range(2):
        missing = get(server, "doc/person/nobody-of-that-name", Accept="text/turtle")
        assert missing.status_code == 404 and not from_cache(missing)
        posted = requests.post(server.base + "sparql", data={"query": "ASK {}"}, timeout=10)
        assert posted.status_code == 200 and not from_cache(posted)


def test_a_ban_needs_the_loopback_and_a_tag(server):
    assert requests.request("BAN", server.base, timeout=5).status_code == 405


def test_after_a_sighup_rebuild_the_new_dataset_is_served_not_the_cached_one(server, data):
    before = get(server, RELEASE, Accept="text/turtle")
    assert from_cache(get(server, RELEASE, Accept="text/turtle"))
    workers = server.workers()
    text = data / "releases" / RELEASE.rsplit("/", 1)[1] / "release.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nProgrammet pågår under hela året.\n", encoding="utf-8")
    os.kill(server.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 90
    while not server.workers().isdisjoint(workers):  # the old workers have exited
        assert time.monotonic() < deadline, server.text()[-3000:]
        time.sleep(0.3)
    assert "rebuilt: now serving" in server.text(), server.text()[-3000:]
    after = get(server, RELEASE, Accept="text/turtle")
    assert after.status_code == 200 and not from_cache(after)
    assert after.headers["ETag"] != before.headers["ETag"]  # ETags name the dataset
    assert "pågår under hela året" in after.text and "pågår under hela året" not in before.text
