"""Shared fixtures: the built dataset, an app over it, a test client, and a live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from pressrum.build.dataset import BuiltDataset, build_dataset
from pressrum.settings import PROJECT_ROOT

BASE = "http://localhost:8080/"


@pytest.fixture(scope="session")
def built() -> BuiltDataset:
    """Return the dataset built from data/ with the default base IRI."""
    return build_dataset(PROJECT_ROOT / "data", PROJECT_ROOT / "ontology", BASE)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory):
    """Return an app over the real data, in memory, with dumps written to a temporary folder."""
    from pressrum.web.app import create_app

    application = create_app({
        "base_uri": BASE,
        "store": "memory",
        "build_dir": tmp_path_factory.mktemp("build"),
    })
    application.config["TESTING"] = True
    return application


@pytest.fixture()
def client(app):
    """Return a Flask test client."""
    return app.test_client()


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    """Wait until `url` answers, or fail with the process's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see its log")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `pressrum serve` (gunicorn, production settings) on a free loopback port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "PRESSRUM_BUILD_DIR": str(folder)}
    # The log goes to a file: an unread pipe would fill up and block the server.
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("pressrum")), "serve", "--host", "127.0.0.1",
         "--port", str(port), "--base-uri", base, "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        try:
            wait_for(base, process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{(folder / 'server.log').read_text()[-4000:]}") from None
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
