"""What the server publishes: settings, minter, store and the state of the last build."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from pressrum.build.dataset import BuiltDataset, build_dataset
from pressrum.build.quarantine import held_back_now
from pressrum.build.validation import load_shapes, validate_graph
from pressrum.namespaces import Minter
from pressrum.store import Store, StoreError, open_store

log = logging.getLogger(__name__)

# Where an app keeps the publication it serves (app.extensions[EXTENSION]).
EXTENSION = "pressrum"


class InvalidDataset(Exception):
    """The data does not conform to the shapes: it is never published."""


@dataclass
class Publication:
    """Everything a request needs to answer, held in app.extensions['pressrum']."""

    settings: dict[str, Any]
    minter: Minter
    store: Store
    loaded_hash: str | None = None  # the hash of the last build loaded from here
    loaded_modified: datetime = field(default_factory=lambda: datetime.now(tz=UTC))
    status: str = "ok"  # or the reason the last rebuild was refused
    index_builds: dict[str, Any] = field(default_factory=dict)  # content hash → its link-index build thread

    @property
    def content_hash(self) -> str | None:
        """Return the hash of the dataset served: a remote store's own word (it may be reloaded or
        emptied by someone else; cached a few seconds by the store), else the last one loaded."""
        return self.store.content_hash() if self.store.kind == "remote" else self.loaded_hash

    @property
    def modified(self) -> datetime:
        """Return when the dataset served was made: a remote store's load time (the same for every
        server over it), else the newest input file of the last build loaded from here."""
        loaded = self.store.loaded_at() if self.store.kind == "remote" else None
        return loaded or self.loaded_modified

    def rebuild(self) -> BuiltDataset | None:
        """Build and validate the files, and swap them in only if they conform.

        Never raises: the server calls this on SIGHUP (pressrum.web.server), and a failure must
        leave it serving the last good dataset, with the reason in the log and in `status` (the
        dataset description's schema:creativeWorkStatus).
        """
        settings = self.settings
        log.info("rebuilding the dataset from %s", settings["data_dir"])
        try:
            built = build_and_validate(settings)
        except Exception as error:  # keep serving the last good dataset, and say why
            return self._refuse(f"rebuild refused: {error}")
        try:
            self.publish(built)
        except Exception as error:  # a full disk, a remote store gone: the old data stays (embedded)
            return self._refuse(f"rebuild failed while loading the {self.store.kind} store: {error}")
        log.info("rebuilt: now serving the dataset %s", self.content_hash)
        return built

    def publish(self, built: BuiltDataset) -> None:
        """Load a conforming build unless the store already holds it, then write its dumps."""
        if self.store.content_hash() != built.content_hash:
            self.store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
        self.loaded_hash, self.loaded_modified, self.status = built.content_hash, built.modified, "ok"
        _write_dumps(built, self.settings)
        _write_search_index(self.store, built.content_hash, self.settings)
        _write_link_index(self.store, built.content_hash, self.settings, self.minter)

    def _refuse(self, status: str) -> None:
        self.status = status
        log.error("%s; still serving the dataset %s", status, self.content_hash)
        return None


def publication_of(app: Any) -> Publication:
    """Return the publication a Flask app serves (set by pressrum.web.app.create_app)."""
    return app.extensions[EXTENSION]


def build_and_validate(settings: dict[str, Any]) -> BuiltDataset:
    """Build the dataset and raise InvalidDataset unless it conforms to the shapes."""
    # Releases `pressrum update` held back stay out while their files are unchanged (build.quarantine).
    built = build_dataset(settings["data_dir"], settings["ontology_dir"], settings["base_uri"],
                          leave_out=held_back_now(settings["build_dir"], settings["data_dir"]))
    report = validate_graph(built.union(), load_shapes(settings["shapes_dir"]))
    if not report.conforms:
        first = "; ".join(sorted({r.message for r in report.results})[:3])
        raise InvalidDataset(
            f"the data does not conform to the shapes ({len(report.results)} SHACL results, e.g. {first}); "
            "run `pressrum validate` for the report")
    return built


def open_publication(settings: dict[str, Any]) -> Publication:
    """Open the store and, when the build setting is on, build and load the dataset."""
    store = open_store(settings["store"], settings["build_dir"], read_only=not settings["build"],
                       remote_timeout=settings["remote_timeout"])
    publication = Publication(settings, Minter(settings["base_uri"]), store, store.content_hash())
    if settings["build"]:
        publication.publish(build_and_validate(settings))  # at start-up an invalid dataset stops the server
    return publication


def _write_search_index(store: Store, content_hash: str, settings: dict[str, Any]) -> None:
    """Build the search index of the dataset just published (a failure is logged; search retries)."""
    from pressrum.search.index import ensure_index

    try:
        ensure_index(store, settings["build_dir"], content_hash)
    except (OSError, StoreError, sqlite3.Error) as error:
        log.error("cannot write the search index to %s: %s", settings["build_dir"], error)


def _write_link_index(store: Store, content_hash: str, settings: dict[str, Any], minter: Minter) -> None:
    """Build the link index of the dataset just published (a failure is logged; documents retry)."""
    from pressrum.store.links import ensure_links

    try:
        ensure_links(store, settings["build_dir"], content_hash, (minter.id_space, minter.base + "graph/"))
    except (OSError, StoreError, sqlite3.Error) as error:
        log.error("cannot write the link index to %s: %s", settings["build_dir"], error)


def _write_dumps(built: BuiltDataset, settings: dict[str, Any]) -> None:
    """Write the dumps of a build that conforms (a failure to write is logged, not fatal)."""
    from pressrum.build.dumps import write_dumps

    try:
        write_dumps(built, settings["build_dir"])
    except OSError as error:
        log.error("cannot write the dumps to %s: %s", settings["build_dir"], error)
