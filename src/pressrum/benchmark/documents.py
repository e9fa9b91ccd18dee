"""Entity documents under load: wrk with 16 connections over random /doc paths, and the trivial-Flask ceiling."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from pressrum.web.server import gunicorn_options

FORMATS = {"turtle": "text/turtle", "jsonld": "application/ld+json", "html": "text/html"}
KINDS = ("person", "organisation", "release", "quotation", "programme", "role", "place")

LUA = """
local paths = {%s}
local accept = "%s"
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept"] = accept})
end
"""

# 2 KB of Turtle, fixed: the body the trivial app answers every request with.
FIXED_TURTLE = ("@prefix schema: <https://schema.org/> .\n"
                + "".join(f'<http://localhost:8080/id/person/p{i}> a schema:Person ; schema:name "Person nummer {i} '
                          f'från Åby" .\n' for i in range(40)))[:2048]


def sample_paths(store_path: Path, base: str, count: int, seed: int = 5) -> list[str]:
    """Return `count` random /doc/{kind}/{slug} paths of entities in the store (fixed seed)."""
    store = ox.Store.read_only(str(store_path))
    prefix = base + "id/"
    subjects = set()
    for kind in KINDS:
        query = f'SELECT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), "{prefix}{kind}/")) }} LIMIT 2000'
        subjects.update(row["s"].value for row in store.query(query))
    del store
    chosen = random.Random(seed).sample(sorted(subjects), min(count, len(subjects)))
    return ["/doc/" + iri[len(prefix):] for iri in chosen if "#" not in iri]


def construct_paths(base: str, paths: list[str]) -> list[str]:
    """Return, for each /doc path, the oxigraph serve GET /query URL of its entity's CONSTRUCT (the reference)."""
    prefix = base + "id/"
    return ["/query?query=" + quote(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", safe="")
            for iri in (prefix + path[len("/doc/"):] for path in paths)]


def measure(url: str, paths: list[str], accept: str, seconds: int, work: Path, warm: int = 2) -> dict:
    """Warm the server (its caches, and a cache in front) with a short wrk run, then measure with wrk."""
    wrk(url, paths, accept, warm, work)
    return wrk(url, paths, accept, seconds, work)


def wrk(url: str, paths: list[str], accept: str, seconds: int, work: Path, connections: int = 16) -> dict:
    """Run wrk and return requests/s, p50 and p99 in ms, and the number of non-2xx answers."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    script = work / "paths.lua"
    script.write_text(LUA % (", ".join(f'"{p}"' for p in paths), accept))
    return _wrk(url, script, seconds, work, connections)


def _wrk(url: str, script: Path, seconds: int, work: Path, connections: int) -> dict:
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
                            capture_output=True, text=True, check=True).stdout
    (work / "wrk.log").open("a").write(f"== {url} {script.name}\n{output}\n")

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": latency("50"), "p99": latency("99"), "non2xx": int(errors.group(1)) if errors else 0}


def trivial_app():
    """Return the ceiling: a Flask app that answers a fixed 2 KB Turtle document."""
    from flask import Flask, Response

    app = Flask("trivial")

    @app.get("/<path:path>")
    def document(path: str) -> Response:
        return Response(FIXED_TURTLE, mimetype="text/turtle")

    return app


def serve_trivial(port: int, workers: int) -> None:
    """Serve the trivial app with the same gunicorn settings as `pressrum serve`."""
    from gunicorn.app.base import BaseApplication

    class Trivial(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options("127.0.0.1", port, workers).items():
                self.cfg.set(key, value)

        def load(self):
            return trivial_app()

    Trivial().run()


if __name__ == "__main__":
    serve_trivial(int(sys.argv[1]), int(sys.argv[2]))
