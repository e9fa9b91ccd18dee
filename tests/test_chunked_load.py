"""The chunked loader: the merge built as it goes, every N-Quads form, bounded chunks, and resuming."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from pressrum.store import EmbeddedStore
from pressrum.store.chunked_load import RESERVED_BYTES, chunk_bytes_for
from pressrum.store.merge_lines import as_triple, split_block

PRESSRUM = str(Path(sys.executable).parent / "pressrum")

# Canonical lines, and lines in every other form N-Quads allows (§2: whitespace, comments, blank
# nodes), each of which must reach both its graph and the merge.
MIXED = b"""<http://e/s1> <http://e/p> <http://e/o1> <http://e/g1> .
<http://e/s1> <http://e/name> "Lerum kommun"@sv <http://e/g1> .
<http://e/s2> <http://e/text> "a <b> c \\" <http://e/g9> ." <http://e/g2> .
<http://e/s2> <http://e/n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e/g2> .
<http://e/s3> <http://e/p> <http://e/o3> .
<http://e/s3> <http://e/text> "only in the default graph" .
_:k1 <http://e/value> "1441" <http://e/g3> .
<http://e/s4> <http://e/id> _:k1 <http://e/g3> .
# a comment line
<http://e/s5>\t<http://e/p>\t<http://e/o5>\t<http://e/g4>\t.
<http://e/s6> <http://e/p> <http://e/o6> <http://e/g4> . # a trailing comment
<http://e/s7> <http://e/p> <http://e/o7> <http://e/g5> .\r
<http://e/s1> <http://e/p> <http://e/o1> <http://e/g5> .
_:k1 <http://e/again> "same node, far away" <http://e/g6> .
"""


def test_a_canonical_quad_gives_its_triple_and_a_triple_is_its_own() -> None:
    assert as_triple(b'<s:a> <p:b> <o:c> <g:d> .') == b'<s:a> <p:b> <o:c> .'
    assert as_triple(b'<s:a> <p:b> "x <y> z" <g:d> .') == b'<s:a> <p:b> "x <y> z" .'
    assert as_triple(b'<s:a> <p:b> "x"^^<t:int> <g:d> .') == b'<s:a> <p:b> "x"^^<t:int> .'
    # Three terms: the last IRI is the object, and a literal's last word is not a graph.
    assert as_triple(b'<s:a> <p:b> <o:c> .') == b'<s:a> <p:b> <o:c> .'
    assert as_triple(b'<s:a> <p:b> "x <g:d>" .') == b'<s:a> <p:b> "x <g:d>" .'
    assert as_triple(b'<s:a> <p:b> "x <g:d>"@sv .') == b'<s:a> <p:b> "x <g:d>"@sv .'
    # Not canonical: the exact path takes it.
    for line in (b"<s:a>\t<p:b>\t<o:c>\t<g:d>\t.", b"# comment", b"<s:a> <p:b> <o:c> <g:d> . # c"):
        assert as_triple(line) is None
    split = split_block(b'_:x <p:b> <o:c> <g:d> .\n<s:a> <p:b> <o:c> <g:d> .\n\n')
    assert split.exact == [b"_:x <p:b> <o:c> <g:d> ."] and split.merge == [b"<s:a> <p:b> <o:c> ."]


def _expected(data: bytes) -> tuple[set, set]:
    reference = ox.Store()  # through a store, which writes literals in canonical form as the loader's store does
    reference.bulk_extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    quads = list(reference)
    named = {(q.subject, q.predicate, q.object, q.graph_name) for q in quads if q.graph_name != ox.DefaultGraph()}
    merge = {(q.subject, q.predicate, q.object) for q in quads}
    return named, merge


def _held(store: ox.Store) -> tuple[set, set]:
    named = {(q.subject, q.predicate, q.object, q.graph_name) for q in store
             if q.graph_name != ox.DefaultGraph()}
    merge = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named, merge


@pytest.mark.parametrize("chunk", [64, 300, 1 << 20])
@pytest.mark.parametrize("on_disk", [False, True])
def test_every_form_reaches_its_graph_and_the_merge_at_any_chunk_size(tmp_path: Path, chunk: int,
                                                                      on_disk: bool) -> None:
    source = tmp_path / "mixed.nq"
    source.write_bytes(MIXED)
    store = EmbeddedStore(tmp_path / "store" if on_disk else None)
    store.chunk_bytes = chunk
    store.replace(source, ox.RdfFormat.N_QUADS, "mixed")
    assert _held(store.oxigraph) == _expected(MIXED)
    # One blank node, though its two graphs' lines were loaded in different chunks.
    rows = list(store.query('SELECT ?k WHERE { <http://e/s4> <http://e/id> ?k . ?k <http://e/again> ?x }'))
    assert len(rows) == 1
    store.close()


def test_a_generated_corpus_loads_the_same_in_many_chunks_as_in_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.nq"
    subprocess.run([PRESSRUM, "bench", "generate", "--releases", "40", "-o", str(corpus)], check=True,
                   capture_output=True)
    stores = {}
    for name, chunk in (("one", 1 << 30), ("many", 100_000)):
        store = EmbeddedStore(tmp_path / name)
        store.chunk_bytes = chunk
        store.replace(corpus, ox.RdfFormat.N_QUADS, "corpus")
        stores[name] = _held(store.oxigraph)
        store.close()
    assert stores["one"] == stores["many"] == _expected(corpus.read_bytes())


def test_the_chunk_size_follows_the_memory_setting() -> None:
    assert chunk_bytes_for(4 << 30) == ((4 << 30) - RESERVED_BYTES) // 3
    assert chunk_bytes_for(RESERVED_BYTES) == 1 << 20  # never less than a megabyte
    result = subprocess.run([PRESSRUM, "load", "--store", "memory", "--max-memory", "lots", "x.nq"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "not a size: 'lots'" in result.stderr


def test_a_syntax_error_names_the_line_in_the_source_not_in_a_chunk(tmp_path: Path) -> None:
    lines = [f"<http://e/s{i}> <http://e/p> <http://e/o{i}> <http://e/g{i % 7}> ." for i in range(5000)]
    lines[4321] = "<http://e/s> <http://e/p> oops <http://e/g> ."
    source = tmp_path / "bad.nq"
    source.write_text("\n".join(lines) + "\n")
    result = subprocess.run([PRESSRUM, "load", "--store", str(tmp_path / "store"), "--chunk-size", "64K",
                             str(source)], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "line 4322, between columns 27 and 31" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "store.loading").exists() and not (tmp_path / "store.loading.json").exists()
    assert len(ox.Store.read_only(str(tmp_path / "store"))) == 0  # nothing half-loaded was swapped in


def test_a_load_killed_midway_continues_where_it_stopped_and_doubles_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.nq"
    subprocess.run([PRESSRUM, "bench", "generate", "--releases", "120", "-o", str(corpus)], check=True,
                   capture_output=True)
    store = tmp_path / "store"
    command = [PRESSRUM, "load", "--store", str(store), "--chunk-size", "256K", str(corpus)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    seen = []
    for line in first.stderr:
        seen.append(line)
        if line.startswith("load: chunk 3,"):
            os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up: the state file is all there is
            break
    first.wait()
    assert first.returncode == -signal.SIGKILL, seen
    assert (tmp_path / "store.loading").is_dir() and not (tmp_path / "store.meta.json").exists()

    second = subprocess.run(command, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "load: continuing an interrupted load at" in second.stderr, second.stderr
    chunk_lines = [line for line in second.stderr.splitlines() if line.startswith("load: chunk ")]
    assert chunk_lines[0].startswith(("load: chunk 4,", "load: chunk 5,")), chunk_lines[:2]
    assert "left" in chunk_lines[0] and "(100%)" in chunk_lines[-1]
    assert not (tmp_path / "store.loading").exists() and not (tmp_path / "store.loading.json").exists()

    loaded = ox.Store.read_only(str(store))
    assert _held(loaded) == _expected(corpus.read_bytes())
    del loaded
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 0 and "nothing to do" in again.stdout, again.stdout + again.stderr
