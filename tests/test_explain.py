"""Tests for pressrum.text.explain: the per-paragraph trace a curator reads."""

from __future__ import annotations

from pressrum.text.explain import explain_release

TEXT = """Rubrik

Publiceringsdatum : 2024-05-01

Anna Lind berättar att kommunen bygger en ny skola.

- Vi är glada, säger Thomas Östlund, näringslivschef, Sollefteå kommun.

Bygget startar i maj.

- Det blir bra.

Kontakt:
Anna Lind, 0302-52 10 00
"""


def test_explain_names_each_decision() -> None:
    trace = explain_release(TEXT, "release.txt")
    assert trace.startswith("release.txt: 'Rubrik' (2024-05-01), 1 quotation(s)")
    assert "indirect speech: 'berättar att'" in trace
    assert "name='Thomas Östlund' role='näringslivschef' organisation='Sollefteå kommun' party=None" in trace
    assert "verb='säger' form=dash" in trace
    assert "no speaker found: left out" in trace
    assert "contact block" in trace
