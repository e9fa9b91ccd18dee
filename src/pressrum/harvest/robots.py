"""robots.txt per host (RFC 9309), fetched once per client and cached by origin."""

from __future__ import annotations

import urllib.robotparser
from collections.abc import Callable
from urllib.parse import urlsplit

# A fetcher returns (status, body) for a URL, or raises OSError when the host is unreachable.
Fetcher = Callable[[str], tuple[int, bytes]]


class Robots:
    """Answer whether a user agent may fetch a URL, reading each origin's robots.txt once."""

    def __init__(self, fetch: Fetcher, agent: str) -> None:
        self._fetch = fetch
        self._agent = agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}

    def parser(self, url: str) -> urllib.robotparser.RobotFileParser:
        """Return the parsed robots.txt of the URL's origin."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._parsers:
            parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                status, body = self._fetch(origin + "/robots.txt")
            except OSError:
                status, body = 503, b""
            if 200 <= status < 300:
                parser.parse(body.decode("utf-8", "replace").splitlines())
            elif 400 <= status < 500:
                parser.allow_all = True  # RFC 9309 §2.3.1.3: "unavailable" → may crawl
            else:
                parser.disallow_all = True  # RFC 9309 §2.3.1.4: "unreachable" → assume complete disallow
            self._parsers[origin] = parser
        return self._parsers[origin]

    def allowed(self, url: str) -> bool:
        """Return whether the URL may be fetched."""
        return self.parser(url).can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """Return the Crawl-delay the origin asks of us, if any (not in RFC 9309, but widely used)."""
        delay = self.parser(url).crawl_delay(self._agent)
        return float(delay) if delay is not None else None
