"""The query runner: a real deadline (the query process is killed), concurrency, the row cap."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressrum.http_errors import HttpError
from pressrum.settings import load_settings
from pressrum.sparql.execute import Job, execute
from pressrum.sparql.runner import QueryRunner
from pressrum.store import EmbeddedStore
from tests.test_sparql_protocol import make_app

# A cross product of five triple patterns over every triple, counted: never finishes in time.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MARGIN = 3.0  # seconds allowed between the limit and the 503 (measured: a few milliseconds)


@pytest.fixture(scope="module")
def runner_app(built, tmp_path_factory):
    application = make_app(built, tmp_path_factory.mktemp("runner"), query_workers=2, query_timeout=10)
    yield application
    application.extensions["pressrum.query_runner"].close()


def children(app) -> dict[int, float]:
    """Return the app's query processes and the CPU seconds each has used (from /proc).

    Only the runner's own processes: other children of the test process (the live server) are not ours."""
    found = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in app.extensions["pressrum.query_runner"].pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def timed_get(client, **params):
    started = time.monotonic()
    response = client.get("/sparql", query_string=params)
    return response, time.monotonic() - started


def test_the_deadline_stops_the_query_and_answers_503(runner_app):
    client = runner_app.test_client()
    response, elapsed = timed_get(client, query=EXPENSIVE, timeout="1.5")
    assert response.status_code == 503, response.data
    assert b"query_timeout" in response.data and response.headers["Retry-After"]
    assert 1.5 <= elapsed < 1.5 + MARGIN
    print(f"\nlimit 1.5 s -> 503 after {elapsed:.3f} s (overshoot {elapsed - 1.5:.3f} s)")
    # No CPU is left burning: whatever children remain are idle.
    before = children(runner_app)
    time.sleep(0.5)
    after = children(runner_app)
    busy = {pid: after[pid] - before[pid] for pid in after if pid in before and after[pid] - before[pid] > 0.2}
    assert not busy, f"query processes still burning CPU: {busy}"
    # The pool recovers: the next query is answered.
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


def test_the_setting_alone_sets_the_deadline(built, tmp_path):
    application = make_app(built, tmp_path, query_timeout=1)
    try:
        response, elapsed = timed_get(application.test_client(), query=EXPENSIVE, timeout="30")
        assert response.status_code == 503 and b"query_timeout" in response.data
        assert 1.0 <= elapsed < 1.0 + MARGIN
    finally:
        application.extensions["pressrum.query_runner"].close()


@pytest.mark.parametrize("limit", [0.5, 1.0, 2.0])
def test_deadline_overshoot_is_small(runner_app, limit):
    response, elapsed = timed_get(runner_app.test_client(), query=EXPENSIVE, timeout=str(limit))
    assert response.status_code == 503
    print(f"\nlimit {limit} s -> 503 after {elapsed:.3f} s (overshoot {elapsed - limit:.3f} s)")
    assert limit <= elapsed < limit + MARGIN


def test_a_slow_query_does_not_hold_up_others(runner_app):
    client = runner_app.test_client()
    slow: dict = {}

    def run_slow() -> None:
        slow["response"], slow["elapsed"] = timed_get(runner_app.test_client(), query=EXPENSIVE, timeout="4")

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # the slow query is running now
    cheap, elapsed = timed_get(client, query=CHEAP)
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    still_running = thread.is_alive()
    thread.join()
    assert cheap.status_code == 200 and elapsed < 2.0
    assert description.status_code == 200
    assert still_running, "the cheap query should have been answered while the slow one ran"
    assert slow["response"].status_code == 503


def test_several_clients_at_once(runner_app):
    expected = runner_app.test_client().get("/sparql", query_string={"query": CHEAP}).data
    results: list = []

    def ask() -> None:
        results.append(runner_app.test_client().get("/sparql", query_string={"query": CHEAP}))

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200] * 12
    assert all(r.data == expected for r in results)


def test_every_worker_busy_is_503_naming_the_settings(built, tmp_path):
    application = make_app(built, tmp_path, query_workers=1, query_timeout=10)
    try:
        slow = threading.Thread(target=lambda: application.test_client().get(
            "/sparql", query_string={"query": EXPENSIVE, "timeout": "3"}))
        slow.start()
        time.sleep(0.5)
        response, elapsed = timed_get(application.test_client(), query=CHEAP, timeout="1")
        slow.join()
        assert response.status_code == 503 and b"query_workers" in response.data
        assert elapsed < 1 + MARGIN
    finally:
        application.extensions["pressrum.query_runner"].close()


def test_a_crashed_query_process_is_replaced(runner_app):
    client = runner_app.test_client()
    outcome: dict = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("r", client.get(
        "/sparql", query_string={"query": EXPENSIVE, "timeout": "8"})))
    thread.start()
    time.sleep(0.8)
    burning = [pid for pid, cpu in children(runner_app).items() if cpu > 0.3]
    for pid in burning:
        os.kill(pid, signal.SIGKILL)
    thread.join()
    assert burning and outcome["r"].status_code == 500
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


def test_replacing_the_dataset_retires_the_query_processes(tmp_path):
    store = EmbeddedStore()
    store.replace(b'<http://s> <http://p> "1" <http://g> .\n', ox.RdfFormat.N_QUADS, "one")
    runner = QueryRunner(store, load_settings({"query_workers": 1}))
    try:
        first = runner.run(Job(CHEAP, results_format="tsv"), 5).body
        store.replace(b'<http://s> <http://p> "1" <http://g> .\n<http://s> <http://p> "2" <http://g> .\n',
                      ox.RdfFormat.N_QUADS, "two")
        second = runner.run(Job(CHEAP, results_format="tsv"), 5).body
        assert first.split(b"\n")[1].startswith(b"1") and second.split(b"\n")[1].startswith(b"2")
    finally:
        runner.close()


def test_a_forked_server_process_starts_its_own_query_processes():
    store = EmbeddedStore()
    store.replace(b'<http://s> <http://p> "1" <http://g> .\n', ox.RdfFormat.N_QUADS, "h")
    runner = QueryRunner(store, load_settings({"query_workers": 1}))
    try:
        runner.run(Job(CHEAP), 5)  # the parent's pool now has a child
        pid = os.fork()
        if pid == 0:  # like a gunicorn worker forked from a preloading master
            code = 1
            try:
                answer = runner.run(Job(CHEAP, results_format="tsv"), 5)
                code = 0 if answer.body.split(b"\n")[1].startswith(b"1") else 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert runner.run(Job(CHEAP), 5).rows == 1  # the parent's own child still answers
    finally:
        runner.close()


def test_syntax_errors_come_back_from_the_query_process():
    runner = QueryRunner(EmbeddedStore(), load_settings({"query_workers": 1}))
    try:
        with pytest.raises(HttpError) as caught:
            runner.run(Job("SELECT * WHERE {\n ?s ?p }"), 5)
        assert caught.value.status == 400 and "line 2, column" in caught.value.message
    finally:
        runner.close()


# --- the row cap round-trips every term through TSV without loss -----------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
languages = st.one_of(st.none(), st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.tuples(texts, languages), min_size=1, max_size=8), cap=st.integers(1, 8))
def test_capped_results_keep_every_term(values, cap):
    store = EmbeddedStore()
    source = ox.Store()
    for index, (text, language) in enumerate(values):
        literal = ox.Literal(text, language=language) if language else ox.Literal(text)
        source.add(ox.Quad(ox.NamedNode(f"http://example.org/s{index}"), ox.NamedNode("http://example.org/p"),
                           literal, ox.NamedNode("http://example.org/g")))
    store.replace(source.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS, "h")
    query = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?s"
    expected = [(row["s"], row["o"]) for row in store.oxigraph.query(query)][:cap]
    for key, fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                     ("tsv", ox.QueryResultsFormat.TSV)):
        answer = execute(store, Job(query, results_format=key, max_rows=cap))
        parsed = ox.parse_query_results(answer.body, format=fmt)
        assert [v.value for v in parsed.variables] == ["s", "o", "missing"]
        rows = list(parsed)
        assert [(row["s"], row["o"]) for row in rows] == expected
        assert all(row["missing"] is None for row in rows)
        assert answer.truncated == (len(values) > cap)
