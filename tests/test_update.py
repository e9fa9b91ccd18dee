"""`pressrum update`: what conforms is published, each release that does not is held back and named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from pressrum.build.publication import build_and_validate
from pressrum.build.quarantine import read_quarantine
from pressrum.cli import main
from pressrum.settings import PROJECT_ROOT, load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SEED = "2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


@pytest.fixture()
def data(tmp_path) -> Path:
    """A copy of data/ with a release that does not conform and one that cannot be read."""
    folder = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    bare = folder / "releases" / "2021-05-20-nytt-aldreboende-invigs-i-grabo"
    bare.mkdir()
    shutil.copy(FIXTURES / "03-nytt-aldreboende-i-grabo.txt", bare / "release.txt")
    # An invalid role: a curated fact that breaks a shape (a role with no role type).
    (bare / "curated.ttl").write_text(
        "@prefix schema: <https://schema.org/> .\n"
        "<id/role/broken> a schema:OrganizationRole ; schema:roleName \"ordförande\"@sv .\n"
        "<id/person/sofia-hallberg> schema:memberOf <id/role/broken> .\n", encoding="utf-8")
    (bare / "source.json").write_text(json.dumps({"url": "http://127.0.0.1:9/nyheter/aldreboende"}))
    unreadable = folder / "releases" / "2021-06-01-trasig-kodning"
    unreadable.mkdir()
    (unreadable / "release.txt").write_bytes("Rubrik\n\nPubliceringsdatum : 2021-06-01\n\nÅ".encode("latin-1"))
    return folder


def test_update_publishes_what_conforms_and_holds_back_the_rest(data, tmp_path, capsys, monkeypatch):
    build, store = tmp_path / "build", tmp_path / "store"
    monkeypatch.setenv("PRESSRUM_BUILD_DIR", str(build))
    status = main(["update", "--no-harvest", "--data-dir", str(data), "--store", str(store),
                   "--base-uri", "http://localhost:8080/"])
    out, err = capsys.readouterr()
    assert status == 1  # published, but not everything
    assert "held back http://127.0.0.1:9/nyheter/aldreboende: does not conform" in err
    assert "held back 2021-06-01-trasig-kodning: cannot be read" in err and "UTF-8" in err
    assert "1 releases conform" in out and "2 held back" in out and f"loaded into {store}" in out
    held = read_quarantine(build)
    assert set(held) == {"2021-05-20-nytt-aldreboende-invigs-i-grabo", "2021-06-01-trasig-kodning"}
    loaded = ox.Store(str(store))
    releases = {r["r"].value for r in loaded.query("SELECT ?r WHERE { ?r a <https://schema.org/NewsArticle> }")}
    assert releases == {f"http://localhost:8080/id/release/{SEED}"}
    del loaded


def test_a_server_rebuild_leaves_out_what_update_held_back_until_its_files_change(data, tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSRUM_BUILD_DIR", str(tmp_path / "build"))
    settings = load_settings({"data_dir": data, "build_dir": tmp_path / "build", "store": str(tmp_path / "s")})
    assert main(["update", "--no-harvest", "--data-dir", str(data), "--store", str(tmp_path / "s")]) == 1
    built = build_and_validate(settings)  # what a server's start or SIGHUP runs: no InvalidDataset
    assert len(built.release_graphs) == 1
    (data / "releases" / "2021-05-20-nytt-aldreboende-invigs-i-grabo" / "curated.ttl").unlink()
    # Changed files: the release is tried again, and the strict build says it does not conform yet.
    with pytest.raises(Exception, match="does not conform"):
        build_and_validate(settings)


@pytest.mark.slow
def test_update_has_a_running_server_rebuild_without_the_bad_release(data, tmp_path):
    """The server over the same build folder rebuilds on update's SIGHUP and keeps serving, status ok."""
    import os
    import subprocess
    import sys
    import time

    import requests

    from tests.test_faults import Server, dataset_status

    bad = data / "releases" / "2021-05-20-nytt-aldreboende-invigs-i-grabo"
    parked = tmp_path / "parked"
    shutil.move(str(bad), parked)  # the server starts on data that conforms
    shutil.rmtree(data / "releases" / "2021-06-01-trasig-kodning")
    build = tmp_path / "build"
    build.mkdir()
    server = Server(build, "--data-dir", str(data))
    try:
        workers = server.workers()
        shutil.move(str(parked), bad)  # tonight's harvest brought a release that does not conform
        update = subprocess.run(
            [str(Path(sys.executable).with_name("pressrum")), "update", "--no-harvest", "--base-uri", server.base],
            env={**os.environ, "PRESSRUM_BUILD_DIR": str(build), "PRESSRUM_DATA_DIR": str(data)},
            capture_output=True, text=True, timeout=120)
        assert update.returncode == 1, update.stderr
        assert "held back http://127.0.0.1:9/nyheter/aldreboende" in update.stderr
        assert f"asked the server (pid {server.process.pid}) to rebuild" in update.stdout
        deadline = time.monotonic() + 60
        while not server.workers().isdisjoint(workers):  # new workers fork from the rebuilt dataset
            assert time.monotonic() < deadline, server.text()[-3000:]
            time.sleep(0.3)
        assert dataset_status(server.base) == "ok"  # not "rebuild refused": the bad release is left out
        assert requests.get(server.base + f"doc/release/{SEED}", timeout=10).status_code == 200
        assert requests.get(server.base + "doc/release/2021-05-20-nytt-aldreboende-invigs-i-grabo",
                            timeout=10).status_code == 404
    finally:
        server.stop()
