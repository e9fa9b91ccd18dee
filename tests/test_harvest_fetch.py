"""Tests for pressrum.harvest.fetch and robots: the polite client against a newsroom on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pressrum.harvest.fetch import Client, FetchError, FetchOptions, retry_after
from tests.newsroom_server import Newsroom, serve


@pytest.fixture()
def newsroom() -> Iterator[Newsroom]:
    with serve() as running:
        yield running


def options(**changes) -> FetchOptions:
    base = dict(agent="pressrum/test (+https://example.org/contact)", delay=0.01, timeout=0.5,
                max_bytes=1_000_000, max_redirects=3, retries=2, max_retry_after=5.0)
    return FetchOptions(**{**base, **changes})


def test_user_agent_names_pressrum_and_a_contact(newsroom: Newsroom) -> None:
    Client(options()).get(newsroom.base + "/news/wordpress")
    agent = newsroom.requests_to("/news/wordpress")[0]["User-Agent"]
    assert agent.startswith("pressrum/") and "https://example.org/contact" in agent


def test_robots_txt_is_read_once_per_host_and_obeyed(newsroom: Newsroom) -> None:
    client = Client(options())
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        client.get(newsroom.base + "/private/secret")
    client.get(newsroom.base + "/news/wordpress")
    assert len(newsroom.requests_to("/robots.txt")) == 1
    assert newsroom.requests_to("/private/secret") == []


def test_conditional_get_answers_304(newsroom: Newsroom) -> None:
    client = Client(options())
    first = client.get(newsroom.base + "/news/sitevision")
    again = client.get(newsroom.base + "/news/sitevision", first.headers["ETag"], first.headers["Last-Modified"])
    assert (first.status, again.status, again.body) == (200, 304, b"")
    sent = newsroom.requests_to("/news/sitevision")[-1]
    assert sent["If-None-Match"] == first.headers["ETag"]
    assert sent["If-Modified-Since"] == first.headers["Last-Modified"]


def test_slow_page_times_out(newsroom: Newsroom) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        Client(options(timeout=0.3)).get(newsroom.base + "/slow")
    assert time.monotonic() - started < 1.9


def test_500_then_200_is_retried(newsroom: Newsroom) -> None:
    response = Client(options()).get(newsroom.base + "/flaky")
    assert response.status == 200
    assert len(newsroom.requests_to("/flaky")) == 2


def test_429_waits_as_retry_after_asks_capped() -> None:
    slept: list[float] = []
    with serve() as newsroom:
        response = Client(options(), sleep=slept.append).get(newsroom.base + "/busy")
        assert response.status == 200
        assert 3.0 in slept  # Retry-After: 3, under the cap
    with serve() as newsroom:
        slept.clear()
        Client(options(max_retry_after=0.2), sleep=slept.append).get(newsroom.base + "/busy")
        assert max(slept) == pytest.approx(0.2)  # capped by harvest_max_retry_after


def test_retry_after_as_http_date() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after("soon") is None


def test_redirect_loop_is_stopped(newsroom: Newsroom) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        Client(options()).get(newsroom.base + "/loop-a")


def test_too_many_redirects_names_the_setting(newsroom: Newsroom) -> None:
    for n in range(4):
        newsroom.page(f"/hop{n}", b"", status=302, Location=f"/hop{n + 1}")
    with pytest.raises(FetchError, match="harvest_max_redirects"):
        Client(options(max_redirects=2)).get(newsroom.base + "/hop0")


def test_20_mb_page_stops_at_the_size_cap(newsroom: Newsroom) -> None:
    with pytest.raises(FetchError, match="harvest_max_bytes"):
        Client(options(max_bytes=1_000_000)).get(newsroom.base + "/huge")


def test_only_http_and_https(newsroom: Newsroom) -> None:
    newsroom.page("/to-ftp", b"", status=301, Location="ftp://127.0.0.1/x")
    with pytest.raises(FetchError, match="unsupported scheme"):
        Client(options()).get(newsroom.base + "/to-ftp")


def test_requests_to_one_host_are_spaced_by_the_delay(newsroom: Newsroom) -> None:
    client = Client(options(delay=0.2))
    started = time.monotonic()
    for _ in range(3):
        client.get(newsroom.base + "/news/wordpress")
    # robots.txt + 3 pages: three gaps of at least the delay.
    assert time.monotonic() - started >= 0.6


def test_unreachable_robots_means_disallow() -> None:
    client = Client(options())
    with serve() as newsroom:
        del newsroom.pages["/robots.txt"]
        newsroom.pages["/robots.txt"] = (503, {"Content-Type": "text/plain"}, b"down")
        with pytest.raises(FetchError, match="robots.txt"):
            client.get(newsroom.base + "/news/wordpress")
