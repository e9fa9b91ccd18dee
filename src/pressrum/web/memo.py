"""Values computed once per dataset in this process: the dataset changes only by a rebuild."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from pressrum.build.publication import Publication

MEMO = "pressrum.pages.once_per_dataset"


def once_per_dataset(pub: Publication, key: tuple, compute: Callable[[], Any]) -> Any:
    """Return compute() as computed once for this content hash in this process (counts over the
    whole store are O(data), and the dataset only changes by a rebuild, which changes the hash)."""
    memo = current_app.extensions.setdefault(MEMO, {"hash": None, "values": {}})
    if pub.content_hash is None:
        return compute()
    if memo["hash"] != pub.content_hash:
        memo["hash"], memo["values"] = pub.content_hash, {}
    if key not in memo["values"]:
        memo["values"][key] = compute()
    return memo["values"][key]
