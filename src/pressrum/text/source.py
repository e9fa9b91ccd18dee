"""The source record beside a release text: `source.json`, who published it and where.

Shape (harvest writes it; unknown keys are ignored):
    {"publisher": {"name": "Sollefteå kommun", "kind": "municipality", "code": "2283"},
     "url": "https://…", "feed": …, "retrieved": …, "etag": …, "sha256": …, "extractor": …}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pressrum.text.errors import ReleaseFormatError

SOURCE_FILE = "source.json"
KINDS = ("municipality", "region", "organisation")


@dataclass(frozen=True)
class Publisher:
    """The organisation that published a release; kind is municipality, region or organisation."""

    name: str
    kind: str
    code: str | None = None  # the kommunkod of a municipality (SCB), e.g. "2283"


@dataclass(frozen=True)
class SourceRecord:
    """What `source.json` says about a release."""

    publisher: Publisher | None
    url: str | None


def parse_source(text: str, source: str = SOURCE_FILE) -> SourceRecord:
    """Parse the JSON of a source record; a malformed one raises ReleaseFormatError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReleaseFormatError(source, err.lineno, f"malformed JSON: {err.msg}") from None
    if not isinstance(data, dict):
        raise ReleaseFormatError(source, 1, "a source record must be a JSON object")
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        raise ReleaseFormatError(source, 1, "'url' must be a string")
    pub = data.get("publisher")
    if pub is None:
        return SourceRecord(None, url)
    if not isinstance(pub, dict) or not isinstance(pub.get("name"), str) or not pub["name"].strip():
        raise ReleaseFormatError(source, 1, "'publisher' must be an object with a 'name'")
    kind = pub.get("kind", "organisation")
    if kind not in KINDS:
        raise ReleaseFormatError(source, 1, f"publisher kind {kind!r} is not one of {KINDS}")
    code = pub.get("code")
    if code is not None and not isinstance(code, str | int):
        raise ReleaseFormatError(source, 1, "publisher 'code' must be a string")
    return SourceRecord(Publisher(pub["name"].strip(), kind, None if code is None else str(code)), url)


def read_source(folder: Path | str) -> SourceRecord | None:
    """Read `source.json` in a release folder; None when there is none."""
    path = Path(folder) / SOURCE_FILE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReleaseFormatError(str(path), 1, "not UTF-8 text") from None
    return parse_source(text, str(path))
