"""Tag each answer with the dataset it was made from, and ban the cache's copies of any other dataset.

A remote store can be reloaded by someone else: each worker notices it when the store's content
hash changes (pressrum.build.publication.Publication.content_hash), and then asks the cache in front
(pressrum.web.cache) to drop what it holds from the old dataset. A SIGHUP rebuild is banned by the
master (pressrum.web.server).
"""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, Response, current_app

from pressrum.build.publication import Publication, publication_of
from pressrum.web.cache import DATASET_HEADER, ban_request

CACHE = "pressrum.cache"
log = logging.getLogger(__name__)


def init_app(app: Flask, address: tuple[str, int]) -> None:
    """Tag answers with their dataset and ban the cache at `address` when the dataset changes."""
    app.extensions[CACHE] = {"address": address, "seen": None}
    app.after_request(tag_dataset)


def dataset_tag(pub: Publication) -> str | None:
    """Return the tag of what answers are made from: the dataset's content hash and the publication's
    status (a refused rebuild keeps the dataset but changes what /dataset says)."""
    if pub.content_hash is None:
        return None
    return hashlib.sha256(f"{pub.content_hash}\0{pub.status}".encode()).hexdigest()[:32]


def tag_dataset(response: Response) -> Response:
    """Name the dataset in the answer; on the first answer from a new dataset, ban the others."""
    dataset = notice(current_app)
    if dataset is not None:
        response.headers[DATASET_HEADER] = dataset
    return response


def notice(app: Flask) -> str | None:
    """Return the tag of the dataset served now; when it differs from the last one seen, ban the others.

    Called on each answer and, for a remote store, every few seconds by the worker's watcher
    (pressrum.web.server): a cache that answers everything would otherwise never let a request
    through to notice the change.
    """
    state = app.extensions[CACHE]
    dataset = dataset_tag(publication_of(app))
    if dataset is not None and state["seen"] != dataset:
        if state["seen"] is not None:
            ban_other_datasets(state["address"], dataset)
        state["seen"] = dataset
    return dataset


def ban_other_datasets(address: tuple[str, int], dataset: str) -> None:
    """Ask the cache to drop every answer not made from `dataset`; a cache that is down holds nothing."""
    try:
        ban_request(*address, headers={DATASET_HEADER: dataset})
        log.info("the dataset is now %s: the cache dropped the others", dataset)
    except OSError as error:
        log.warning("could not ban the cache at %s:%s: %s", *address, error)
