"""A newsroom on 127.0.0.1 for the harvest tests and benchmark: pages, feeds, sitemaps and misbehaviour."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "newsroom"
HTML = "text/html; charset=utf-8"
LAST_MODIFIED = formatdate(1_790_000_000, usegmt=True)


def fixture(name: str) -> bytes:
    """Return the bytes of a fixture page."""
    return (FIXTURES / name).read_bytes()


def rss(base: str, items: list[tuple[str, str, str | None]]) -> bytes:
    """Return an RSS 2.0 feed of (path, title, RFC 822 date or None) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>"
        for path, title, date in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nyheter</title>'
            f"<link>{base}/</link><description>Pressmeddelanden</description>{body}</channel></rss>").encode()




@dataclass
class Newsroom:
    """What the server serves (path → (status, headers, body)) and what it was asked."""

    base: str = ""
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    flaky: dict[str, int] = field(default_factory=dict)
    slow: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, path: str, body: bytes, content_type: str = HTML, status: int = 200, **headers: str) -> None:
        """Serve a body at a path with an ETag and Last-Modified (so validators can answer 304)."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.pages[path] = (status, {"Content-Type": content_type, "ETag": etag, "Last-Modified": LAST_MODIFIED,
                                     **{k.replace("_", "-"): v for k, v in headers.items()}}, body)

    def requests_to(self, path: str) -> list[dict[str, str]]:
        """Return the headers of every request for a path."""
        return [headers for p, headers in self.log if p == path]


def standard(newsroom: Newsroom) -> None:
    """Fill a newsroom with the fixture pages, feeds, sitemaps and misbehaving URLs the tests use."""
    base = newsroom.base
    newsroom.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    newsroom.page("/news/sitevision", fixture("sitevision.html"))
    newsroom.page("/news/mynewsdesk", fixture("mynewsdesk.html"))
    newsroom.page("/news/wordpress", fixture("wordpress.html"))
    newsroom.page("/news/nodate", fixture("nodate.html"))
    newsroom.page("/news/nodate-direct", fixture("nodate.html"))
    newsroom.page("/news/cp1252", fixture("cp1252.html"), "text/html; charset=windows-1252")
    newsroom.page("/private/secret", fixture("wordpress.html"))
    newsroom.page("/feed.rss", rss(base, [
        ("/news/sitevision", "Ny förskola", "Tue, 03 Nov 2026 08:00:00 +0100"),
        ("/news/mynewsdesk", "Mottagning", "Wed, 14 Oct 2026 09:30:00 +0200"),
        ("/news/nodate", "Kulturskolan", "Mon, 02 Nov 2026 10:00:00 +0100"),
        ("/private/secret", "Hemlig", "Mon, 02 Nov 2026 10:00:00 +0100"),
    ]), "application/rss+xml")
    newsroom.page("/feed.atom", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nyheter</title><id>{base}/feed.atom</id>
<updated>2026-10-01T00:00:00Z</updated>
<entry><title>Bron</title><id>{base}/news/wordpress</id><link href="{base}/news/wordpress"/>
<updated>2026-04-22T07:15:00Z</updated></entry>
<entry><title>Öppen förskola</title><id>{base}/news/cp1252</id><link href="{base}/news/cp1252"/>
<updated>2026-09-08T07:00:00Z</updated></entry></feed>""".encode(), "application/atom+xml")
    newsroom.page("/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>""".encode(), "application/xml")
    newsroom.page("/sitemap-news.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/sitevision</loc><lastmod>2026-11-04</lastmod></url>
<url><loc>{base}/news/wordpress</loc><lastmod>2026-04-24</lastmod></url></urlset>""".encode(), "application/xml")
    newsroom.page("/bad.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>'
                  + base.encode() + b"/news/wordpress</link></item><<< &&& </channel>", "application/rss+xml")
    newsroom.page("/doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
    newsroom.page("/slow", fixture("wordpress.html"))
    newsroom.slow["/slow"] = 2.0
    newsroom.page("/flaky", fixture("wordpress.html"))
    newsroom.flaky["/flaky"] = 1  # one 500 first
    newsroom.page("/busy", fixture("mynewsdesk.html"))
    newsroom.flaky["/busy"] = 1  # one 429 first
    newsroom.page("/loop-a", b"", status=302, Location="/loop-b")
    newsroom.page("/loop-b", b"", status=302, Location="/loop-a")
    newsroom.pages["/huge"] = (200, {"Content-Type": HTML}, b"")  # streamed by the handler


def _handler(newsroom: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
            # delayed ACK add ~40 ms to every 200 (the benchmark would time the test server).
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with newsroom.lock:
                newsroom.log.append((path, dict(self.headers)))
                failures = newsroom.flaky.get(path, 0)
                if failures:
                    newsroom.flaky[path] = failures - 1
            if path in newsroom.slow:
                time.sleep(newsroom.slow[path])
            if path == "/huge":
                return self._huge()
            if path not in newsroom.pages:
                return self._send(404, {"Content-Type": "text/plain"}, b"not found")
            status, headers, body = newsroom.pages[path]
            if failures and path == "/busy":
                return self._send(429, {"Retry-After": "3", "Content-Type": "text/plain"}, b"slow down")
            if failures:
                return self._send(500, {"Content-Type": "text/plain"}, b"oops")
            # RFC 9110 §13.1.2: If-None-Match decides when present; else If-Modified-Since.
            match = self.headers.get("If-None-Match")
            if status == 200 and ((match and match == headers.get("ETag")) or
                                  (not match and self.headers.get("If-Modified-Since") == LAST_MODIFIED)):
                return self._send(304, {k: v for k, v in headers.items() if k != "Content-Type"}, b"")
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # the client may have given up (the slow page's timeout)

        def _huge(self) -> None:
            # 20 MB without a Content-Length: the client must stop reading at its cap.
            self.send_response(200)
            self.send_header("Content-Type", HTML)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(20 * 16):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def serve(fill=standard) -> Iterator[Newsroom]:
    """Run a threaded newsroom on 127.0.0.1 on a free port for the duration of the block."""
    newsroom = Newsroom()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(newsroom))
    server.daemon_threads = True
    newsroom.base = f"http://127.0.0.1:{server.server_address[1]}"
    fill(newsroom)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield newsroom
    finally:
        server.shutdown()
        server.server_close()
