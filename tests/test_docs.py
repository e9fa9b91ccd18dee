"""The README stays true: the two commands first, and the settings table as the code defines it."""

from __future__ import annotations

import re

from pressrum.settings import PROJECT_ROOT, settings_table_markdown

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make serve", "make test"]


def test_readme_settings_table_is_generated_from_the_settings() -> None:
    table = re.search(r"<!-- settings-table:.*?-->\n(.*?)<!-- /settings-table -->", README, re.S)
    assert table, "README lost its settings table markers"
    assert table.group(1).strip() == settings_table_markdown().strip()


def test_every_cli_command_has_help(capsys) -> None:
    from pressrum.cli import main

    for command in ("validate", "dump", "ingest", "load", "serve", "bench"):
        try:
            main([command, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0, command
        assert "usage: pressrum " + command in capsys.readouterr().out


def test_readme_example_queries_answer(built) -> None:
    """Each ```sparql block of the README runs on the built dataset and answers something."""
    import pyoxigraph as ox

    from pressrum.store import EmbeddedStore

    store = EmbeddedStore()
    store.replace(built.nquads(), ox.RdfFormat.N_QUADS, built.content_hash)
    queries = re.findall(r"```sparql\n(.*?)```", README, re.S)
    assert len(queries) >= 2
    for query in queries:
        rows = list(store.query(query))
        assert rows, query
    speakers = {row["speaker"].value for row in store.query(queries[0])}
    assert speakers == {"Alexander Abenius", "Åsa Qvist", "Rudolf Antoni"}
