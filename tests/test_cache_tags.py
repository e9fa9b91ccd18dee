"""The dataset tag on every answer, and the ban a worker sends when a remote store's dataset changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from flask import Flask

from pressrum.build.publication import EXTENSION
from pressrum.web import cache_tags
from pressrum.web.cache import DATASET_HEADER


@dataclass
class FakePublication:
    content_hash: str | None
    status: str = "ok"


class Bans(BaseHTTPRequestHandler):
    """A stand-in for Varnish that records each BAN's tag."""

    received: list[str] = []

    def do_BAN(self) -> None:  # noqa: N802 (the method name is the HTTP method)
        Bans.received.append(self.headers[DATASET_HEADER])
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_new_remote_dataset_bans_the_cached_answers_of_the_others():
    listener = ThreadingHTTPServer(("127.0.0.1", 0), Bans)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    Bans.received = []
    try:
        app = Flask("tags")
        pub = FakePublication("a" * 64)
        app.extensions[EXTENSION] = pub
        cache_tags.init_app(app, ("127.0.0.1", listener.server_address[1]))
        app.get("/x")(lambda: "x")
        client = app.test_client()
        first = client.get("/x").headers[DATASET_HEADER]
        assert client.get("/x").headers[DATASET_HEADER] == first and Bans.received == []  # the same dataset
        pub.content_hash = "b" * 64  # someone reloaded the remote store
        second = client.get("/x").headers[DATASET_HEADER]
        assert second != first and Bans.received == [second]  # drop what is not the new dataset
        pub.status = "rebuild refused: …"  # the same data, but /dataset now says something else
        assert client.get("/x").headers[DATASET_HEADER] not in (first, second) and len(Bans.received) == 2
    finally:
        listener.shutdown()
