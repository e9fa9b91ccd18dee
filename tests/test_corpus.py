"""A corpus of dozens of uncurated releases, as municipalities write them, builds and conforms.

The releases in tests/fixtures/corpus/ have no curated.ttl: what the graph says of them comes from
their text and their source record (the publisher, the page they were retrieved from).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from pressrum.build.dataset import build_dataset
from pressrum.build.validation import load_shapes, validate_graph
from pressrum.namespaces import PAV, SCHEMA
from pressrum.settings import PROJECT_ROOT

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "releases"
BASE = "http://localhost:8080/"


@pytest.fixture(scope="module")
def corpus_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "data"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    for release in CORPUS.iterdir():
        shutil.copytree(release, folder / "releases" / release.name)
    return folder


@pytest.fixture(scope="module")
def built(corpus_data):
    return build_dataset(corpus_data, PROJECT_ROOT / "ontology", BASE)


def test_the_corpus_is_dozens_of_releases_from_many_publishers():
    publishers = {json.loads((f / "source.json").read_text())["publisher"]["name"] for f in CORPUS.iterdir()}
    assert len(list(CORPUS.iterdir())) >= 40 and len(publishers) >= 25
    assert not list(CORPUS.glob("*/curated.ttl"))


def test_uncurated_releases_conform(built):
    report = validate_graph(built.union(), load_shapes(PROJECT_ROOT / "shapes"))
    assert report.conforms, report.as_text()[:4000]
    assert len(built.release_graphs) == len(list(CORPUS.iterdir())) + 1


def test_each_release_has_its_publisher_and_page_from_its_source_record(built):
    union = built.union()
    for name, folder in built.release_folders.items():
        source = folder / "source.json"
        if not source.exists():
            continue  # the seed: its publisher is curated
        record = json.loads(source.read_text())
        release = built.release_graphs[name]
        publisher = union.value(release, SCHEMA.publisher)
        assert publisher is not None, folder.name
        assert {str(n) for n in union.objects(publisher, SCHEMA.name)} >= {record["publisher"]["name"]}
        page = URIRef(record["url"])
        assert (release, SCHEMA.url, page) in union and (release, PAV.retrievedFrom, page) in union
