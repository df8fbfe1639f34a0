"""``compare``'s cosine callback for the conflict checks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsread.core.compare import COSINE_CHUNK, Cosines, embed_texts, split_all
from newsread.core.conflicts import find_conflicts
from newsread.core.conflicts.common import cosines
from newsread.core.embed import CachedEmbedder
from newsread.core.model import Comparison


def test_many_cosines_equal_one_pair_at_a_time_to_the_last_bit() -> None:
    """The batched products round exactly as one ``@`` per pair, across chunks: a
    threshold test gives the same answer whichever path a check takes."""
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((300, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"s{n}" for n in range(len(vectors))]
    similarity = Cosines(ids, vectors)
    pairs = [
        (ids[int(a)], ids[int(b)])
        for a, b in rng.integers(0, len(ids), size=(COSINE_CHUNK + 1000, 2))
    ]
    one_by_one = [similarity(a, b) for a, b in pairs]
    assert similarity.many(pairs) == one_by_one
    assert cosines(similarity, pairs) == one_by_one
    assert cosines(lambda a, b: similarity(a, b), pairs[:50]) == one_by_one[:50]
    assert similarity.many([]) == []


def test_conflicts_are_the_same_with_batched_or_single_cosines(
    embedder: CachedEmbedder, seed_comparison: Comparison
) -> None:
    sentences = split_all(seed_comparison.articles)
    content = [s for s in sentences if not s.boilerplate]
    vectors = embed_texts([s.text for s in content], embedder)
    similarity = Cosines([s.id for s in content], vectors)
    candidates = [  # every cross-source pair: the related-pair filter reads them all
        (a.id, b.id) for a in content for b in content if a.article_id < b.article_id
    ]
    groups = seed_comparison.groups
    by_pair = find_conflicts(sentences, groups, candidates, lambda a, b: similarity(a, b))
    batched = find_conflicts(sentences, groups, candidates, similarity)
    assert batched == by_pair
    assert batched  # the seed story has conflicts to compare
    asked: list[int] = []

    class Counted(Cosines):
        def many(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
            asked.append(len(pairs))
            return super().many(pairs)

    find_conflicts(sentences, groups, candidates, Counted([s.id for s in content], vectors))
    assert max(asked) > 1000  # the related-pair filter took its cosines in one call
