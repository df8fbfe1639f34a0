"""MSRP: the engine's "same information" decision on news paraphrase pairs.

Usage::

    python -m evals.msrp ../shared/data            # report train/test figures
    python -m evals.msrp ../shared/data --fit      # refit the logistic weights on train

Thresholds and weights are chosen on the *train* split only; the test split is
scored once. Baselines in the same run: always "same", and the best plain
cosine threshold (chosen on train) with the same model.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from newsread.core.embed import ENGINES, Embedder, default_cache_dir, make_embedder
from newsread.core.lexical import words
from newsread.core.similarity import FEATURES, SAME_THRESHOLD, features, same_information


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


def number_or_name_only(a: str, b: str) -> bool:
    """Whether two sentences differ only in numbers or capitalised names."""
    wa = {w for _, _, w in words(a)}
    wb = {w for _, _, w in words(b)}
    diff = wa ^ wb
    return bool(diff) and all(any(ch.isdigit() for ch in w) or w[0].isupper() for w in diff)


def run(data: Path, embedder: Embedder) -> dict[str, object]:
    """Score the engine's decision and two baselines on MSRP test.

    Args:
        data: The shared data folder (holds ``msrp/``).
        embedder: The embedder.

    Returns:
        Rows ``(name, accuracy, f1)`` under ``"rows"``, the train-chosen cosine
        threshold, and the number/name-only negatives called "same".
    """
    splits = {}
    for split in ("train", "test"):
        rows = read_pairs(data / "msrp" / f"msr_paraphrase_{split}.txt")
        left = embedder.encode([r[1] for r in rows])
        right = embedder.encode([r[2] for r in rows])
        splits[split] = (rows, (left * right).sum(axis=1), np.array([r[0] for r in rows]))
    _, cos_tr, gold_tr = splits["train"]
    rows_te, cos_te, gold_te = splits["test"]
    threshold = best_threshold(cos_tr, gold_tr)
    engine = np.array(
        [
            same_information(a, b, float(c)) >= SAME_THRESHOLD
            for (_, a, b), c in zip(rows_te, cos_te, strict=True)
        ]
    ).astype(int)
    tricky = [
        i for i, (label, a, b) in enumerate(rows_te) if label == 0 and number_or_name_only(a, b)
    ]
    result_rows = []
    for name, pred in (
        ('all "same" baseline', np.ones_like(gold_te)),
        (f"cosine >= {threshold:.3f} (chosen on train)", (cos_te >= threshold).astype(int)),
        ("newsread same_information", engine),
    ):
        accuracy, f1 = scores(pred, gold_te)
        result_rows.append((name, accuracy, f1))
    return {
        "rows": result_rows,
        "threshold": threshold,
        "tricky_negatives": len(tricky),
        "tricky_called_same": int(engine[tricky].sum()) if tricky else 0,
    }


def fit(data: Path, embedder: Embedder) -> None:
    """Refit the logistic weights on MSRP train and print the constants.

    Features are standardised for the fit (L2, C=1) and the coefficients mapped
    back to the raw features; the threshold is the fitted probability with the
    best train accuracy (the lowest on ties).
    """
    from sklearn.linear_model import LogisticRegression

    rows = read_pairs(data / "msrp" / "msr_paraphrase_train.txt")
    left = embedder.encode([r[1] for r in rows])
    right = embedder.encode([r[2] for r in rows])
    cosine = (left * right).sum(axis=1)
    gold = np.array([r[0] for r in rows])
    x = np.array([features(a, b, float(c)) for (_, a, b), c in zip(rows, cosine, strict=True)])
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-12
    model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / spread, gold)
    weights = model.coef_[0] / spread
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / spread).sum())
    probability = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    print("FEATURES =", FEATURES)
    print("WEIGHTS =", tuple(round(float(w), 4) for w in weights))
    print("BIAS =", round(bias, 4))
    print("SAME_THRESHOLD =", round(best_threshold(probability, gold), 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds msrp/)")
    parser.add_argument("--fit", action="store_true", help="refit the logistic model on train")
    parser.add_argument("--engine", choices=ENGINES, default="onnx", help="how the model runs")
    args = parser.parse_args()
    embedder = make_embedder(None, default_cache_dir(os.environ), args.engine)
    if args.fit:
        fit(args.data, embedder)
        return 0
    result = run(args.data, embedder)
    print("| system (MSRP test, 1,725 pairs) | accuracy | F1 |")
    print("|---|---:|---:|")
    for name, accuracy, f1 in result["rows"]:  # type: ignore[attr-defined]
        print(f"| {name} | {accuracy:.1%} | {f1:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
