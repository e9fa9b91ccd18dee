"""Cold documents of hubs: the first request for the biggest municipality, role type and party.

A hub is linked from everywhere (a role type from every role, a party from every member) or links
to everything (a municipality derives from each of its releases). Each hub is asked for in a fresh
process over the store, after one small document has warmed Flask and the templates, so that the
time is the document's own, with no document cache: what a crawler pays for a page nobody read yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

SCHEMA = "https://schema.org/"
PROG = "https://w3id.org/pressrum/def/prog#"

# Each hub is the entity of its family with the most links, found by one query over the store.
HUB_QUERIES = {
    "municipality": f"""SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?r <{SCHEMA}publisher> ?x }}
                        GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""",
    "role type": f"""SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?r <{PROG}roleType> ?x }}
                     GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""",
    "party": f"""SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?x a <{SCHEMA}PoliticalParty> . ?s ?p ?x }}
                 GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""",
}
FORMATS = {"html": "text/html", "turtle": "text/turtle"}

CHILD = """
import json, sys, time
from pressrum.web.app import create_app
store, base, build_dir, paths, warm = sys.argv[1:6]
app = create_app({"store": store, "build": False, "base_uri": base, "build_dir": build_dir})
client = app.test_client()
client.get(warm, headers={"Accept": "text/html"})
client.get(warm, headers={"Accept": "text/turtle"})
times = {}
for path, accept in json.loads(paths):
    started = time.perf_counter()
    response = client.get(path, headers={"Accept": accept})
    times[path + " " + accept] = [(time.perf_counter() - started) * 1000, response.status_code, len(response.data)]
print(json.dumps(times))
"""


def find_hubs(store_path: Path | str, base: str) -> dict[str, str]:
    """Return the /doc path of each family's biggest hub in the store."""
    store = ox.Store.read_only(str(store_path))
    hubs = {}
    for family, sparql in HUB_QUERIES.items():
        row = next(iter(store.query(sparql)), None)
        if row is not None and row["x"].value.startswith(base + "id/"):
            hubs[family] = "/doc/" + row["x"].value[len(base + "id/"):]
    row = next(iter(store.query(f"SELECT ?x WHERE {{ ?x a <{SCHEMA}NewsArticle> }} LIMIT 1")), None)
    if row is not None:
        hubs["warm-up"] = "/doc/" + row["x"].value[len(base + "id/"):]
    del store
    return hubs


def cold_request(store_path: Path | str, base: str, build_dir: Path | str, path: str, accept: str,
                 warm: str) -> tuple[float, int, int]:
    """Return (ms, status, bytes) of the first request for `path` in a fresh server process."""
    output = subprocess.run([sys.executable, "-c", CHILD, str(store_path), base, str(build_dir),
                             json.dumps([[path, accept]]), warm],
                            capture_output=True, text=True, check=True).stdout
    ms, status, size = next(iter(json.loads(output.strip().splitlines()[-1]).values()))
    return ms, status, size


def measure_hubs(store_path: Path | str, base: str, build_dir: Path | str | None = None,
                 repeat: int = 3) -> dict[str, float]:
    """Return {"family path format": best cold ms of `repeat` fresh processes} for each hub.

    The best of a few, since the machine is shared: the other runs measure the neighbours.
    """
    build_dir = build_dir or Path(store_path).parent / "hub-build"
    hubs = find_hubs(store_path, base)
    warm = hubs.pop("warm-up")  # a release: small, and not one of the hubs' documents
    results = {}
    for family, path in hubs.items():
        for fmt, accept in FORMATS.items():
            runs = [cold_request(store_path, base, build_dir, path, accept, warm) for _ in range(repeat)]
            statuses = {status for _, status, _ in runs}
            if statuses != {200}:
                raise RuntimeError(f"{path} answered {statuses}")
            results[f"{family} {path} {fmt}"] = round(min(ms for ms, _, _ in runs), 1)
    return results


if __name__ == "__main__":
    print(json.dumps(measure_hubs(sys.argv[1], sys.argv[2], *sys.argv[3:4]), indent=1))
