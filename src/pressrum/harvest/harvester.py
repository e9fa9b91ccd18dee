"""The harvest run: start URLs → listings → release pages → release folders, with a summary."""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pressrum.harvest import records
from pressrum.harvest.extract import EXTRACTOR, ExtractionError, extract
from pressrum.harvest.feeds import Entry, Listing, ListingError, parse_listing
from pressrum.harvest.fetch import Client, FetchError, FetchOptions, Response
from pressrum.harvest.sources import Source, load_sources, source_for
from pressrum.namespaces import slugify
from pressrum.text.release import ReleaseFormatError, parse_release

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Failure:
    """A URL that was not harvested, and why."""

    url: str
    reason: str


@dataclass
class Summary:
    """What a run did: pages fetched, unchanged, new, changed, failed, and each failure."""

    fetched: int = 0
    unchanged: int = 0
    new: int = 0
    changed: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Return the number of failures."""
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """Return whether every page was harvested or unchanged."""
        return not self.failures

    def line(self) -> str:
        """Return the one summary line the command prints."""
        return (f"harvest: {self.fetched} pages fetched, {self.unchanged} unchanged, {self.new} new, "
                f"{self.changed} changed, {self.failed} failed")


def _version() -> str:
    """Return pressrum's installed version (the package metadata, not the package root: room rule)."""
    try:
        return importlib.metadata.version("pressrum")
    except importlib.metadata.PackageNotFoundError:
        return "0"


class Harvester:
    """Harvest start URLs into data_dir/releases/, one polite client for the whole run."""

    def __init__(self, data_dir: Path, settings: Mapping[str, Any], client: Client | None = None,
                 sources: list[Source] | None = None, progress: Progress | None = None) -> None:
        self.releases = Path(data_dir) / "releases"
        self.client = client or Client(FetchOptions.from_settings(settings, _version()))
        self.sources = sources or []
        self.progress = progress
        self.summary = Summary()
        self.index = records.index_by_url(self.releases)

    def fail(self, url: str, reason: str) -> None:
        """Record a failure."""
        self.summary.failures.append(Failure(url, reason))

    def run(self, url: str, since: datetime.date | None = None, limit: int | None = None,
            source: Source | None = None) -> None:
        """Harvest one start URL: a feed, a sitemap (index) or a single release page."""
        source = source or source_for(url, self.sources)
        response = self._get(url)
        if response is None:
            return
        if response.status == 304:  # only release pages have validators stored
            self.summary.fetched += 1
            self.summary.unchanged += 1
            return
        try:
            listing = parse_listing(response.body, response.media_type)
        except ListingError as error:
            self.fail(url, str(error))
            return
        if listing.kind == "page":
            self.summary.fetched += 1
            self._store(url, response, None, None, source)
            return
        if listing.kind == "sitemapindex":
            listing = self._children(url, listing)
        entries = [e for e in listing.entries if since is None or e.date is None or e.date >= since]
        entries = entries[:limit] if limit is not None else entries
        feed = url if listing.kind == "feed" else None
        for n, entry in enumerate(entries, 1):
            if self.progress:
                self.progress(n, len(entries), entry.url)
            self.page(entry.url, entry if listing.kind == "feed" else None, feed, source)

    def _children(self, url: str, index: Listing) -> Listing:
        """Return the entries of every sitemap a sitemap index names (one level, as the protocol has it)."""
        entries: list[Entry] = []
        for child in index.sitemaps:
            response = self._get(child)
            if response is None or response.status == 304:
                continue
            try:
                listing = parse_listing(response.body, response.media_type)
            except ListingError as error:
                self.fail(child, str(error))
                continue
            if listing.kind != "sitemap":
                self.fail(child, f"a sitemap index may name only sitemaps, got a {listing.kind} ({url})")
                continue
            entries.extend(listing.entries)
        return Listing("sitemap", tuple(entries))

    def _get(self, url: str) -> Response | None:
        """Fetch a URL, conditionally when a source record holds its validators (RFC 9110 §13)."""
        folder = self.index.get(url)
        record = records.read_record(folder) if folder else None
        try:
            return self.client.get(url, (record or {}).get("etag"), (record or {}).get("last_modified"))
        except FetchError as error:
            self.fail(error.url, error.reason)
            return None

    def page(self, url: str, entry: Entry | None, feed: str | None, source: Source | None) -> None:
        """Harvest one release page named by a feed or sitemap."""
        response = self._get(url)
        if response is None:
            return
        self.summary.fetched += 1
        if response.status == 304:
            self.summary.unchanged += 1
            return
        self._store(url, response, entry, feed, source)

    def _store(self, url: str, response: Response, entry: Entry | None, feed: str | None,
               source: Source | None) -> None:
        """Extract a fetched page and write it as a new or changed release, or note it unchanged."""
        if response.media_type not in HTML_TYPES:
            self.fail(url, f"not an HTML page: {response.media_type}")
            return
        digest = hashlib.sha256(response.body).hexdigest()
        folder = self.index.get(url)
        old = records.read_record(folder) if folder else None
        if old and old.get("sha256") == digest:
            self.summary.unchanged += 1
            return
        try:
            page = extract(response.body, response.headers.get("Content-Type", ""), response.url)
        except ExtractionError as error:
            self.fail(url, str(error))
            return
        date, date_source = page.date, "page"
        if date is None and entry is not None and entry.date is not None:
            date, date_source = entry.date, "feed"
        if date is None:
            self.fail(url, "no publication date: neither the page nor the feed gives one")
            return
        text = records.release_text(page.headline, date, page.paragraphs)
        try:
            parse_release(text, url)  # the layout ingest reads, checked before anything is written
        except ReleaseFormatError as error:
            self.fail(url, f"not a release text: {error.message}")
            return
        record = {
            "publisher": source.publisher() if source else
            {"name": urlsplit(url).hostname, "kind": "organisation", "code": None},
            "url": url, "feed": feed, "retrieved": records.utc_now(),
            "etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified"),
            "sha256": digest, "extractor": EXTRACTOR, "date_source": date_source,
            "licence": source.licence if source else None, "versions": [],
        }
        if folder is None:
            self.index[url] = records.write_new(self.releases, f"{date.isoformat()}-{slugify(page.headline)}",
                                                text, record)
            self.summary.new += 1
        else:
            # A changed headline keeps the folder: it is found by the URL, not by the slug.
            records.write_changed(folder, text, record)
            self.summary.changed += 1


def harvest(urls: Iterable[str], data_dir: Path, settings: Mapping[str, Any], *,
            since: datetime.date | None = None, limit: int | None = None,
            sources: list[Source] | None = None, client: Client | None = None,
            progress: Progress | None = None) -> Summary:
    """Harvest feeds, sitemaps or release pages into data_dir and return the summary."""
    harvester = Harvester(data_dir, settings, client, sources, progress)
    for url in urls:
        harvester.run(url, since, limit)
    return harvester.summary


def harvest_sources(data_dir: Path, settings: Mapping[str, Any], *, sources_file: Path | None = None,
                    since: datetime.date | None = None, limit: int | None = None,
                    client: Client | None = None, progress: Progress | None = None) -> Summary:
    """Harvest every URL of every source in the sources file (harvest_sources) into data_dir."""
    sources = load_sources(Path(sources_file or settings["harvest_sources"]))
    harvester = Harvester(data_dir, settings, client, sources, progress)
    for source in sources:
        for url in source.urls:
            harvester.run(url, since, limit, source)
    return harvester.summary
