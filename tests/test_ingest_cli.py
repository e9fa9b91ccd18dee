"""`pressrum ingest` on the command line: --explain, --evaluate with its bar, and bad input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressrum.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
RELEASE = next((CORPUS / "releases").glob("2019-09-24-*/release.txt"))


def test_explain_says_what_was_read_and_why_not(capsys):
    assert main(["ingest", str(RELEASE), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "quotation" in out and "name='Tomas Ekholm'" in out and "verb='säger'" in out
    assert "narrative" in out  # paragraphs that are not quotations say so


def test_ingest_takes_the_publisher_from_the_source_record_beside_the_file(capsys):
    assert main(["ingest", str(RELEASE), "--format", "nt"]) == 0
    out = capsys.readouterr().out
    assert "<https://schema.org/publisher> <http://localhost:8080/id/organisation/solleftea-kommun>" in out


def test_evaluate_passes_the_bar_on_the_corpus(capsys):
    assert main(["ingest", "--evaluate", str(CORPUS / "ground-truth.json")]) == 0
    out = capsys.readouterr().out
    assert "quotations" in out and "precision" in out


def test_evaluate_fails_below_the_bar(capsys):
    # No reader reaches a recall above 1: the gate can fail, and says why.
    assert main(["ingest", "--evaluate", str(CORPUS / "ground-truth.json"), "--min-recall", "1.01"]) == 1
    assert "below the bar: quotations recall" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "says"), [
    (b"", "empty"),
    (b"<!doctype html>\n<html><body><h1>Nyhet</h1></body></html>\n", "HTML"),
    (b"Rubrik\n\nPubliceringsdatum : 2024-13-45\n\nText.\n", "2024-13-45"),
    (b"Rubrik\n\nText utan datum.\n", "Publiceringsdatum"),
    ("Rubrik\n\nPubliceringsdatum : 2024-01-02\n\nK\u00e4llan.\n".encode("cp1252"), "UTF-8"),
])
def test_bad_input_is_exit_2_naming_the_file_and_line(tmp_path, capsys, content, says):
    path = tmp_path / "release.txt"
    path.write_bytes(content)
    assert main(["ingest", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and says.lower() in err.lower()


def test_a_source_record_with_a_bad_url_stops_the_build_naming_it(tmp_path, capsys):
    import shutil

    from pressrum.settings import PROJECT_ROOT

    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    folder = data / "releases" / RELEASE.parent.name
    shutil.copytree(RELEASE.parent, folder)
    (folder / "source.json").write_text('{"publisher": {"name": "Sollefteå kommun", "kind": "municipality"}, '
                                        '"url": "javascript:alert(1)"}')
    assert main(["validate", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert "source.json" in err and "not an http(s) URL" in err
