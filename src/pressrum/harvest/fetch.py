"""A polite HTTP client: robots.txt, one request at a time per host, conditional GET, caps."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from pressrum.harvest.robots import Robots

ROBOTS_TOKEN = "pressrum"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SCHEMES = ("http", "https")


class FetchError(Exception):
    """A URL that could not be fetched, with the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how far the client fetches (from the harvest_* settings)."""

    agent: str
    delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3
    max_retry_after: float = 60.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], version: str = "0") -> FetchOptions:
        """Return the options the settings give."""
        return cls(agent=f"pressrum/{version} (+{settings['harvest_contact']})",
                   delay=settings["harvest_delay"], timeout=settings["harvest_timeout"],
                   max_bytes=settings["harvest_max_bytes"], max_redirects=settings["harvest_max_redirects"],
                   retries=settings["harvest_retries"], max_retry_after=settings["harvest_max_retry_after"])


@dataclass(frozen=True)
class Response:
    """A fetched URL: the final URL after redirects, status, headers and body bytes."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        """Return the media type of Content-Type, lower case, without parameters."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()


def check_url(url: str) -> None:
    """Raise ValueError unless the URL is an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise ValueError(f"{url}: unsupported scheme {parts.scheme or '(none)'!r}; use http or https")
    if not parts.hostname:
        raise ValueError(f"{url}: no host")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Return the seconds a Retry-After header asks for: delay-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Client:
    """Fetch URLs one at a time per host, with a delay between requests to the same host."""

    def __init__(self, options: FetchOptions, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = options.agent
        self.session.max_redirects = options.max_redirects
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self.robots = Robots(self._fetch_robots, ROBOTS_TOKEN)
        self.requests = 0

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch a URL, following at most max_redirects redirects; 304 is returned, not raised."""
        headers = {}
        # RFC 9110 §13.1.2/§13.1.3: If-None-Match takes precedence; sending both is allowed.
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: set[str] = set()
        current = url
        for _ in range(self.options.max_redirects + 1):
            try:
                check_url(current)
            except ValueError as error:
                raise FetchError(url, str(error).split(": ", 1)[-1]) from None
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.add(current)
            if not self.robots.allowed(current):
                raise FetchError(url, f"disallowed by robots.txt ({current})")
            response = self._request(current, headers)
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            if response.status == 304 or response.status < 300:
                return response
            raise FetchError(url, f"HTTP {response.status}")
        raise FetchError(url, f"more than {self.options.max_redirects} redirects (harvest_max_redirects)")

    def _wait_turn(self, url: str) -> None:
        """Sleep until the host's delay (or its robots.txt Crawl-delay, capped) has passed."""
        host = urlsplit(url).netloc.lower()
        delay = self.options.delay
        if not url.endswith("/robots.txt"):
            asked = self.robots.crawl_delay(url)
            if asked is not None:
                delay = max(delay, min(asked, self.options.max_retry_after))
        last = self._last.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = time.monotonic()

    def _request(self, url: str, headers: Mapping[str, str]) -> Response:
        """Send one GET, retrying 429/5xx with backoff that honours Retry-After (capped)."""
        for attempt in range(self.options.retries + 1):
            self._wait_turn(url)
            response = self._send(url, headers)
            if response.status not in RETRY_STATUSES or attempt == self.options.retries:
                return response
            asked = retry_after(response.headers.get("Retry-After"))
            backoff = asked if asked is not None else max(self.options.delay, 0.1) * 2 ** attempt
            self._sleep(min(backoff, self.options.max_retry_after))
        raise AssertionError("unreachable")

    def _send(self, url: str, headers: Mapping[str, str]) -> Response:
        """Send one GET and read at most max_bytes of the body, streamed."""
        timeout = self.options.timeout
        started = time.monotonic()
        self.requests += 1
        try:
            with self.session.get(url, headers=dict(headers), timeout=(timeout, timeout), stream=True,
                                  allow_redirects=False) as answer:
                declared = answer.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.options.max_bytes:
                    raise FetchError(url, f"larger than harvest_max_bytes ({self.options.max_bytes} bytes): "
                                          f"Content-Length {declared}")
                chunks, size = [], 0
                for chunk in answer.iter_content(65536):
                    size += len(chunk)
                    if size > self.options.max_bytes:
                        raise FetchError(url, f"larger than harvest_max_bytes ({self.options.max_bytes} bytes)")
                    if time.monotonic() - started > 3 * timeout:
                        raise FetchError(url, f"body not read within {3 * timeout:g} s (harvest_timeout)")
                    chunks.append(chunk)
                return Response(url, answer.status_code, answer.headers, b"".join(chunks))
        except requests.Timeout:
            raise FetchError(url, f"timed out after {timeout:g} s (harvest_timeout)") from None
        except requests.RequestException as error:
            raise FetchError(url, f"request failed: {type(error).__name__}: {error}") from None

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """Fetch a robots.txt (redirects followed, RFC 9309 §2.3.1.2) for the Robots cache."""
        self._wait_turn(url)
        try:
            response = self._send(url, {})
            for _ in range(5):
                location = response.headers.get("Location")
                if not (300 <= response.status < 400 and location):
                    break
                response = self._send(urljoin(url, location), {})
        except FetchError as error:
            raise OSError(error.reason) from None
        return response.status, response.body
