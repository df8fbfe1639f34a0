"""MSRP: the engine's "same information" decision on news paraphrase pairs.

Usage::

    python evals/msrp.py ../shared/data            # report train/test figures
    python evals/msrp.py ../shared/data --fit      # refit the logistic weights on train

Thresholds and weights are chosen on the *train* split only; the test split is
scored once. Baselines in the same run: always "same", and the best plain
cosine threshold (chosen on train) with the same model.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from newsread.core.embed import make_embedder
from newsread.core.similarity import SAME_THRESHOLD, features, same_information


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    """Read an MSRP file (tab-separated, BOM, no quoting)."""
    rows = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        if len(parts) >= 5 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 of the positive class."""
    tp = int(((pred == 1) & (gold == 1)).sum())
    fp = int(((pred == 1) & (gold == 0)).sum())
    fn = int(((pred == 0) & (gold == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float((pred == gold).mean()), f1


def best_threshold(values: np.ndarray, gold: np.ndarray) -> float:
    """The threshold with the best accuracy (ties: the lowest)."""
    candidates = np.unique(values)
    accuracy = [((values >= t) == gold).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds msrp/)")
    parser.add_argument("--fit", action="store_true", help="refit the logistic model on train")
    args = parser.parse_args()
    embedder = make_embedder(None, Path(".eval-cache"))
    splits = {}
    for split in ("train", "test"):
        rows = read_pairs(args.data / "msrp" / f"msr_paraphrase_{split}.txt")
        start = time.perf_counter()
        left = embedder.encode([r[1] for r in rows])
        right = embedder.encode([r[2] for r in rows])
        cosine = (left * right).sum(axis=1)
        gold = np.array([r[0] for r in rows])
        print(
            f"{split}: {len(rows)} pairs embedded in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        splits[split] = (rows, cosine, gold)
    rows_tr, cos_tr, gold_tr = splits["train"]
    rows_te, cos_te, gold_te = splits["test"]
    if args.fit:
        from sklearn.linear_model import LogisticRegression

        x_tr = np.array(
            [features(a, b, float(c)) for (_, a, b), c in zip(rows_tr, cos_tr, strict=False)]
        )
        fitted = LogisticRegression(C=10.0, max_iter=1000).fit(x_tr, gold_tr)
        prob = fitted.predict_proba(x_tr)[:, 1]
        print("WEIGHTS =", tuple(round(float(w), 3) for w in fitted.coef_[0]))
        print("BIAS =", round(float(fitted.intercept_[0]), 3))
        print("SAME_THRESHOLD =", round(best_threshold(prob, gold_tr), 3))
        return 0
    threshold = best_threshold(cos_tr, gold_tr)
    engine_te = np.array(
        [
            same_information(a, b, float(c)) >= SAME_THRESHOLD
            for (_, a, b), c in zip(rows_te, cos_te, strict=False)
        ]
    ).astype(int)
    print("| system (MSRP test, 1,725 pairs) | accuracy | F1 |")
    print("|---|---:|---:|")
    for name, pred in (
        ('all "same" baseline', np.ones_like(gold_te)),
        (f"cosine >= {threshold:.3f} (chosen on train)", (cos_te >= threshold).astype(int)),
        ("newsread same_information", engine_te),
    ):
        accuracy, f1 = scores(pred, gold_te)
        print(f"| {name} | {accuracy:.1%} | {f1:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
