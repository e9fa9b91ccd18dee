"""Time a first and a second harvest of a generated newsroom on 127.0.0.1 (the second: only 304s).

    .venv/bin/python -m bench.harvest [--pages 200] [--delay 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.newsroom_server import Newsroom, fixture, rss, serve

from pressrum.harvest.harvester import Summary, harvest
from pressrum.settings import load_settings

PLATFORMS = ("sitevision.html", "mynewsdesk.html", "wordpress.html")


def newsroom_of(pages: int):
    """Return a fill function for a newsroom of `pages` release pages and one RSS feed of them all."""
    def fill(newsroom: Newsroom) -> None:
        newsroom.page("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
        items = []
        for n in range(pages):
            page = fixture(PLATFORMS[n % 3]).decode()
            for old in ("Ny förskola i Näsåker står klar till hösten",
                        "Regionen öppnar en mottagning för unga vuxna i Härnösand",
                        "Gång- och cykelbron över Ljungan invigs i maj"):
                page = page.replace(old, f"{old} (del {n + 1})")
            newsroom.page(f"/news/{n}", page.encode())
            items.append((f"/news/{n}", f"Nyhet {n + 1}", "Mon, 02 Nov 2026 10:00:00 +0100"))
        newsroom.page("/feed.rss", rss(newsroom.base, items), "application/rss+xml")
    return fill


def run(pages: int, delay: float) -> tuple[float, Summary, float, Summary, int]:
    """Harvest the generated newsroom twice; return both times and summaries and the second run's 304s."""
    settings = load_settings({"harvest_delay": delay}, environ={})
    with serve(newsroom_of(pages)) as newsroom, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        first = harvest([newsroom.base + "/feed.rss"], Path(tmp), settings)
        middle = time.perf_counter()
        count = len(newsroom.log)
        second = harvest([newsroom.base + "/feed.rss"], Path(tmp), settings)
        ended = time.perf_counter()
        not_modified = second.unchanged if len(newsroom.log) - count == pages + 2 else -1
    return middle - started, first, ended - middle, second, not_modified


def main() -> None:
    """Print the timing of a first and a second harvest."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.0, help="harvest_delay for the run (default 0)")
    args = parser.parse_args()
    first_s, first, second_s, second, _ = run(args.pages, args.delay)
    print(f"first harvest:  {first_s:6.2f} s  {first.line()}")
    print(f"second harvest: {second_s:6.2f} s  {second.line()}")


if __name__ == "__main__":
    main()
