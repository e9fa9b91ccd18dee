"""Regenerate the golden Turtle documents: `python -m tests.make_golden` (review the diff)."""

from __future__ import annotations

from pathlib import Path

from pressrum.formats import TURTLE
from pressrum.web.documents import entity_document, serialise
from pressrum.web.representation import turtle_prefixes

GOLDEN_DIR = Path(__file__).parent / "golden"
BASE = "http://localhost:8080/"
RELEASE = "release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"
QUOTATION = "quotation/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram-1"
ANNOTATION = "annotation/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram-q1"
PERSON = "person/alexander-abenius"
CONCEPT = "concept/roller/kommunstyrelseordforande"
# Each golden file: the document of one entity, as Turtle.
GOLDEN = {"release.ttl": RELEASE, "quotation.ttl": QUOTATION, "annotation.ttl": ANNOTATION,
          "person.ttl": PERSON}


def golden_documents(publication) -> dict[str, bytes]:
    """Return the Turtle of each golden entity's document, as the server makes it."""
    return {name: serialise(entity_document(publication.store, BASE + "id/" + path), TURTLE,
                            turtle_prefixes(publication), BASE + "context.jsonld")
            for name, path in GOLDEN.items()}


def main() -> None:
    """Build the dataset from data/ in memory and write the golden files."""
    from pressrum.web.app import create_app

    app = create_app({"base_uri": BASE, "store": "memory", "build": True})
    for name, data in golden_documents(app.extensions["pressrum"]).items():
        (GOLDEN_DIR / name).write_bytes(data)
        print(f"wrote {GOLDEN_DIR / name}")


if __name__ == "__main__":
    main()
