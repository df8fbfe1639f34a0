"""How far can any pair scorer get on the labelled events? A ceiling study.

The pair figures of ``evals.clusters`` ask, for every cross-source sentence
pair, "do these state a common fact?" This script scores *all* such pairs the
gold covers (no cosine cut, so no gold pair is lost) with:

- the cosine alone;
- a logistic regression over six signals that a separate study found most
  useful among ~30 (embedding cosine; cosine of a context window, the sentence
  plus half its neighbours; IDF-weighted content-word Jaccard; the gap to the
  sentence's best match in that outlet; position in the article; word-count
  difference),

trained on one labelled event and tested on the other (leave-one-event-out),
with the decision threshold chosen on the training event, and also with the
test event's best threshold (an oracle, labelled as such). It grounds the
README's statement that pair F1 0.80 is out of reach for sentence embeddings
plus word overlap on this gold. Usage::

    python -m evals.pairs ../shared/data
"""

from __future__ import annotations

import argparse
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsread.core.compare import embed_texts
from newsread.core.embed import ENGINES, Embedder, default_cache_dir, make_embedder
from newsread.core.lexical import content_words

from .clusters import GOLD_DIR, _cross_pairs, facts_of, labelled_sentences, load_gold

SIGNALS = ("cosine", "context cosine", "IDF Jaccard", "gap to best", "position", "length diff")


@dataclass
class Event:
    """One labelled event's candidate pairs: signals and gold labels."""

    name: str
    x: np.ndarray
    """One row per pair, columns as ``SIGNALS``."""
    y: np.ndarray
    """True where the gold says the pair shares a fact."""


def load_event(data: Path, gold_path: Path, embedder: Embedder) -> Event:
    """Every cross-source pair of gold-covered sentences of one event, with its signals."""
    gold = load_gold(gold_path)
    _, sentences, by_outlet = labelled_sentences(data, gold)
    facts = facts_of(gold, by_outlet)
    gold_pairs = set().union(*(_cross_pairs(f) for f in facts))
    covered = set().union(*facts)
    content = [s for s in sentences if not s.boilerplate]
    vectors = embed_texts([s.text for s in content], embedder).astype(np.float64)
    n = len(content)
    source = np.array([s.article_id for s in content])
    cosine = vectors @ vectors.T
    # Context window: the sentence plus half of each neighbour in its article.
    context = vectors.copy()
    for k in range(n):
        for m in (k - 1, k + 1):
            if 0 <= m < n and source[m] == source[k]:
                context[k] += 0.5 * vectors[m]
    context /= np.linalg.norm(context, axis=1, keepdims=True)
    context_cosine = context @ context.T
    best_in = np.zeros_like(cosine)  # best cosine of row i into the source of column j
    for name in np.unique(source):
        columns = source == name
        best_in[:, columns] = cosine[:, columns].max(axis=1, keepdims=True)
    length = Counter(source)
    position = np.array([s.index / max(1, length[s.article_id] - 1) for s in content])
    words = [set(content_words(s.text)) for s in content]
    frequency = Counter(w for ws in words for w in ws)
    idf = {w: math.log((n + 1) / (c + 1)) + 1 for w, c in frequency.items()}
    rows, labels = [], []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = content[i], content[j]
            if a.article_id == b.article_id or a.id not in covered or b.id not in covered:
                continue
            union = words[i] | words[j]
            shared = sum(idf[w] for w in words[i] & words[j])
            rows.append(
                (
                    cosine[i, j],
                    context_cosine[i, j],
                    shared / sum(idf[w] for w in union) if union else 0.0,
                    max(best_in[i, j], best_in[j, i]) - cosine[i, j],
                    max(position[i], position[j]),
                    abs(len(words[i]) - len(words[j])),
                )
            )
            labels.append(frozenset((a.id, b.id)) in gold_pairs)
    return Event(str(gold["event"]), np.array(rows), np.array(labels))


def best_threshold(y: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """The score threshold with the best F1, and that F1."""
    order = np.argsort(-score)
    hits = np.cumsum(y[order])
    kept = np.arange(1, len(y) + 1)
    f1 = 2 * hits / (kept + y.sum())
    k = int(np.argmax(f1))
    return float(score[order][k]), float(f1[k])


def prf(y: np.ndarray, chosen: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the chosen pairs."""
    tp = int((y & chosen).sum())
    p = tp / max(1, int(chosen.sum()))
    r = tp / max(1, int(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def study(events: list[Event]) -> list[list[str]]:
    """Leave-one-event-out rows: model, direction, AUC, P/R/F1 at the train threshold, oracle F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rows = []
    for model in ("cosine alone", "six signals, logistic regression"):
        pooled_y, pooled_pick = [], []
        for train, test in ((events[0], events[1]), (events[1], events[0])):
            if model == "cosine alone":
                train_score, test_score = train.x[:, 0], test.x[:, 0]
            else:
                fitted = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
                fitted.fit(train.x, train.y)
                train_score = fitted.predict_proba(train.x)[:, 1]
                test_score = fitted.predict_proba(test.x)[:, 1]
            threshold, _ = best_threshold(train.y, train_score)
            chosen = test_score >= threshold
            p, r, f = prf(test.y, chosen)
            _, oracle = best_threshold(test.y, test_score)
            pooled_y.append(test.y)
            pooled_pick.append(chosen)
            direction = f"{_short(train.name)} → {_short(test.name)}"
            area = roc_auc_score(test.y, test_score)
            figures = [f"{x:.2f}" for x in (area, p, r, f, oracle)]
            rows.append([model, direction, *figures])
        p, r, f = prf(np.concatenate(pooled_y), np.concatenate(pooled_pick))
        rows.append([model, "both test events", "", f"{p:.2f}", f"{r:.2f}", f"{f:.2f}", ""])
    return rows


def _short(event: str) -> str:
    return event.split("_", 1)[-1].split("-")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description="pair-link ceiling on the labelled events")
    parser.add_argument("data", type=Path, help="the shared data folder (holds clusters/)")
    parser.add_argument("--engine", choices=ENGINES, default="onnx", help="how the model runs")
    args = parser.parse_args()
    embedder = make_embedder(None, default_cache_dir(os.environ), args.engine)
    events = [load_event(args.data, path, embedder) for path in sorted(GOLD_DIR.glob("*.toml"))]
    for event in events:
        print(f"{event.name}: {len(event.y):,} cross-source pairs, {int(event.y.sum())} gold")
    print("\n| scorer | trained → tested | AUC | P | R | F1 | oracle F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in study(events):
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
