"""SICK: precision and recall of the conflict detector on CONTRADICTION vs ENTAILMENT.

Each pair is treated as two aligned sentences of two sources; a pair counts as
"flagged" when ``find_conflicts`` reports any conflict other than a name
variant. Caption text, not news: a sanity check only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsread.core.conflicts import find_conflicts
from newsread.core.embed import Embedder
from newsread.core.model import Group, Sentence


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    """``(sentence_a, sentence_b, label)`` for every row of a SICK file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 5 and parts[4] in ("ENTAILMENT", "CONTRADICTION", "NEUTRAL"):
            rows.append((parts[1], parts[2], parts[4]))
    return rows


def flagged(a: str, b: str, cosine: float) -> bool:
    """Whether the detector reports a factual conflict between two aligned sentences."""
    sa = Sentence("s1.0", "s1", 0, 0, len(a), a)
    sb = Sentence("s2.0", "s2", 0, 0, len(b), b)
    group = Group("g1", ("s1.0", "s2.0"), ("s1", "s2"))
    found = find_conflicts([sa, sb], [group], [("s1.0", "s2.0")], lambda x, y: cosine)
    return any(c.kind != "name_spelling" for c in found)


def run(data: Path, embedder: Embedder) -> dict[str, float]:
    """Score the detector on the SICK test file.

    Args:
        data: The shared data folder (holds ``sick/``).
        embedder: For the cosine the detector's topic rules use.

    Returns:
        ``precision``, ``recall``, ``pairs`` (contradiction + entailment), ``flagged``.
    """
    rows = [r for r in read_pairs(data / "sick" / "SICK_test_annotated.txt") if r[2] != "NEUTRAL"]
    left = embedder.encode([r[0] for r in rows])
    right = embedder.encode([r[1] for r in rows])
    cosines = (left * right).sum(axis=1)
    predicted = np.array(
        [flagged(a, b, float(c)) for (a, b, _), c in zip(rows, cosines, strict=True)]
    )
    gold = np.array([r[2] == "CONTRADICTION" for r in rows])
    tp = int((predicted & gold).sum())
    fp = int((predicted & ~gold).sum())
    fn = int((~predicted & gold).sum())
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "pairs": float(len(rows)),
        "flagged": float(tp + fp),
    }
