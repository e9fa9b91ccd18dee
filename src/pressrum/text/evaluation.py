"""Measure the reader against a hand-made ground truth: precision and recall per field.

Corpus layout: `{corpus}/releases/<folder>/release.txt` (+ `source.json`), and a ground truth
`{"releases": {"<folder>": {"quotations": [{"opens", "speaker", "role", "organisation",
"party", "form"}]}}}`. A predicted quotation matches a true one when its text starts with the
true `opens`, both stripped of dash and quotation marks; each true quotation matches at most
one prediction. Speakers, roles, parties and organisations are then counted over the quotations:
a prediction with a value is a true positive when it matches a true quotation with an equal value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pressrum.text.release import decode_release, parse_release
from pressrum.text.source import read_source

FIELDS = ("quotations", "speakers", "roles", "parties", "organisations")
_MARKS = "-–—−”\"»«“„ \n"


@dataclass
class Score:
    """Counts of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Return tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return tp / (tp + fn), 1.0 when nothing was to be found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    """Scores per field, and the misses and false positives per release."""

    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_positives: dict[str, list[str]] = field(default_factory=dict)
    releases: int = 0

    def format(self) -> str:
        """Return a small table, then the misses and false positives per release."""
        lines = [f"{self.releases} releases", f"{'field':<14}{'tp':>5}{'fp':>5}{'fn':>5}"
                 f"{'precision':>11}{'recall':>8}"]
        for name, s in self.scores.items():
            lines.append(f"{name:<14}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>8.3f}")
        for title, table in (("misses", self.misses), ("false positives", self.false_positives)):
            if table:
                lines.append(f"\n{title}:")
                for folder, items in sorted(table.items()):
                    lines.append(f"  {folder}")
                    lines.extend(f"    {item}" for item in items)
        return "\n".join(lines)


def _norm(text: str | None) -> str:
    """Strip dash and quotation marks and surrounding space."""
    return (text or "").strip(_MARKS)


def _same(a: str | None, b: str | None, fold: bool = False) -> bool:
    """Return whether two values are equal (case-insensitively when fold)."""
    a, b = (a or "").strip(), (b or "").strip()
    return a.lower() == b.lower() if fold else a == b


def evaluate(corpus_dir: Path | str, ground_truth_path: Path | str) -> Evaluation:
    """Read every release of the corpus and score it against the ground truth."""
    corpus = Path(corpus_dir)
    truth = json.loads(Path(ground_truth_path).read_text(encoding="utf-8"))["releases"]
    ev = Evaluation()
    for folder, entry in sorted(truth.items()):
        path = corpus / "releases" / folder
        record = read_source(path)
        publisher = record.publisher if record else None
        text = decode_release((path / "release.txt").read_bytes(), str(path / "release.txt"))
        parsed = parse_release(text, str(path / "release.txt"))
        ev.releases += 1
        _score(ev, folder, entry["quotations"], parsed.quotations, publisher)
    return ev


def _score(ev: Evaluation, folder: str, true: list[dict], predicted, publisher) -> None:
    """Match the predictions of one release to its true quotations and count."""
    unmatched = list(range(len(true)))
    s = ev.scores
    for q in predicted:
        text = _norm(q.text)
        hit = next((i for i in unmatched if _norm(true[i]["opens"]) and
                    text.startswith(_norm(true[i]["opens"]))), None)
        label = f"{q.text[:50]!r} ({q.speaker.name}; {q.form})"
        if hit is None:
            s["quotations"].fp += 1
            ev.false_positives.setdefault(folder, []).append(label)
            for name in FIELDS[1:]:
                s[name].fp += 1 if _value(name, q.speaker, publisher) else 0
            continue
        unmatched.remove(hit)
        t = true[hit]
        s["quotations"].tp += 1
        for name, key, fold in (("speakers", "speaker", False), ("roles", "role", True),
                                ("parties", "party", False), ("organisations", "organisation", True)):
            got, want = _value(name, q.speaker, publisher), t.get(key)
            if got and _same(got, want, fold):
                s[name].tp += 1
                continue
            if got:
                s[name].fp += 1
            if want:
                s[name].fn += 1
            if got or want:
                ev.misses.setdefault(folder, []).append(
                    f"{key} of {t['opens'][:30]!r}: got {got!r}, want {want!r}")
    for i in unmatched:
        t = true[i]
        s["quotations"].fn += 1
        for name, key in (("speakers", "speaker"), ("roles", "role"), ("parties", "party"),
                          ("organisations", "organisation")):
            s[name].fn += 1 if t.get(key) else 0
        ev.misses.setdefault(folder, []).append(
            f"quotation {t['opens'][:50]!r} ({t.get('speaker')}; {t.get('form')})")


def _value(name: str, speaker, publisher) -> str | None:
    """Return the predicted value of a field."""
    if name == "speakers":
        return speaker.name
    if name == "roles":
        return speaker.role_title
    if name == "parties":
        return speaker.party
    return speaker.organisation  # as stated: the ground truth records the words of the text


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation of a corpus: `python -m pressrum.text.evaluation CORPUS [TRUTH]`."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else Path("tests/fixtures/corpus")
    truth = Path(args[1]) if len(args) > 1 else corpus / "ground-truth.json"
    print(evaluate(corpus, truth).format())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
