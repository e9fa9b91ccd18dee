"""Evaluate the reader on the hand-annotated corpus (issue 10), and the evaluation itself."""

from __future__ import annotations

import json
from pathlib import Path

from pressrum.text.evaluation import evaluate

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TRUTH = CORPUS / "ground-truth.json"


def write(folder: Path, body: str, publisher: dict | None = None) -> None:
    """Write one made-up release (and its source record) into a corpus folder."""
    folder.mkdir(parents=True)
    (folder / "release.txt").write_text(f"Rubrik\n\nPubliceringsdatum : 2024-05-01\n\n{body}\n",
                                        encoding="utf-8")
    if publisher:
        (folder / "source.json").write_text(json.dumps({"publisher": publisher}), encoding="utf-8")


def test_evaluation_counts_matches_misses_and_false_positives(tmp_path: Path) -> None:
    write(tmp_path / "releases/a", "- Vi är glada, säger Eva Ek (S), kommunalråd i Lerums kommun.\n\n"
          "Text.\n\n- Det blir bra, säger Per Ek, rektor.",
          {"name": "Lerums kommun", "kind": "municipality", "code": "1441"})
    truth = {"releases": {"a": {"quotations": [
        {"opens": "- Vi är glada", "speaker": "Eva Ek", "role": "Kommunalråd",
         "organisation": "Lerums kommun", "party": "S", "form": "dash"},
        {"opens": "Ett citat som inte hittas", "speaker": "Ola Ek", "role": None,
         "organisation": None, "party": None, "form": "dash"},
    ]}}}
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    ev = evaluate(tmp_path, tmp_path / "truth.json")
    q, sp = ev.scores["quotations"], ev.scores["speakers"]
    assert (q.tp, q.fp, q.fn) == (1, 1, 1) and (sp.tp, sp.fp, sp.fn) == (1, 1, 1)
    assert ev.scores["roles"].tp == 1 and ev.scores["organisations"].tp == 1
    assert ev.scores["parties"].tp == 1
    table = ev.format()
    assert "quotations" in table and "Ett citat som inte hittas" in table and "Det blir bra" in table


def test_corpus_precision_and_recall() -> None:
    ev = evaluate(CORPUS, TRUTH)
    print(ev.format())
    for name in ("quotations", "speakers"):
        score = ev.scores[name]
        assert score.precision == 1.0, (name, ev.format())
        assert score.recall >= 0.95, (name, ev.format())
