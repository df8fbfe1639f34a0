"""Alignment with the real model: invariants, edge cases and the seed story."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsread.core.align import MAX_CANDIDATES, align, candidate_links, first_occurrences
from newsread.core.compare import compare, split_all
from newsread.core.embed import CachedEmbedder
from newsread.core.ingest import article_from_text
from newsread.core.model import Comparison

pytestmark = pytest.mark.slow

STORY = (
    "Russian President Vladimir Putin will meet envoy Steve Witkoff in Moscow on Tuesday. "
    "Jared Kushner will also join the talks. "
    "Heavy rain is expected in the capital later this week. "
    "The peace plan was cut from 28 points to 19 points."
)


def _content(comparison: Comparison) -> list[str]:
    return [s.id for s in comparison.sentences if not s.boilerplate]


def test_article_aligned_with_itself_pairs_i_with_i(embedder: CachedEmbedder) -> None:
    a = article_from_text(STORY, "s1", "A")
    b = article_from_text(STORY, "s2", "B")
    comparison = compare([a, b], embedder)
    pairs = {tuple(sorted(g.members)) for g in comparison.groups}
    for i in range(4):
        assert (f"s1.{i}", f"s2.{i}") in pairs


def test_disjoint_articles_share_nothing(embedder: CachedEmbedder) -> None:
    a = article_from_text(STORY, "s1", "A")
    b = article_from_text(
        "The football club signed a new striker. The stadium will be renovated next summer.",
        "s2",
        "B",
    )
    comparison = compare([a, b], embedder)
    assert all(len(g.sources) == 1 for g in comparison.groups)


def test_every_content_sentence_is_grouped_and_indices_valid(seed_comparison: Comparison) -> None:
    grouped = {m for g in seed_comparison.groups for m in g.members}
    assert set(_content(seed_comparison)) <= grouped
    boilerplate = {s.id for s in seed_comparison.sentences if s.boilerplate}
    assert not grouped & boilerplate
    for group in seed_comparison.groups:
        assert -1.0 <= group.cohesion <= 1.0
        assert group.sources == tuple(dict.fromkeys(m.split(".")[0] for m in group.members))


def test_seed_story_has_cross_source_groups(seed_comparison: Comparison) -> None:
    text = seed_comparison.sentence
    wide = [g for g in seed_comparison.groups if len(g.sources) >= 3]
    assert len(wide) >= 3
    # Kushner joining the talks is reported by four outlets and must be one group.
    kushner = [
        g
        for g in seed_comparison.groups
        if sum("Kushner" in text(m).text and "son-in-law" in text(m).text for m in g.members) >= 3
    ]
    assert kushner


def test_bridge_sentence_does_not_chain_unrelated_groups(embedder: CachedEmbedder) -> None:
    a = article_from_text(
        "Putin will meet Witkoff in Moscow on Tuesday. Rain flooded the coastal town overnight.",
        "s1",
        "A",
    )
    b = article_from_text(
        "Putin meets Witkoff in Moscow on Tuesday while rain flooded the coastal town overnight.",
        "s2",
        "B",
    )
    c = article_from_text(
        "Witkoff and Putin will hold talks in Moscow on Tuesday. "
        "Overnight rain flooded a town on the coast.",
        "s3",
        "C",
    )
    comparison = compare([a, b, c], embedder)
    for group in comparison.groups:
        assert not {"s1.0", "s1.1"} <= set(group.members)
        assert not {"s3.0", "s3.1"} <= set(group.members)


def test_align_without_sentences_is_empty() -> None:
    import numpy as np

    assert align([], np.zeros((0, 384), dtype=np.float32)) == ()
    assert split_all([]) == ()


def test_many_sources_cap_candidates_per_sentence_and_still_align(
    embedder: CachedEmbedder,
) -> None:
    articles = [article_from_text(STORY, f"s{n}", f"Outlet {n}") for n in range(1, 61)]
    sentences = [s for s in split_all(articles) if not s.boilerplate]
    vectors = embedder.encode([s.text for s in sentences])
    links = candidate_links(sentences, vectors)
    ends = Counter(end for link in links for end in (link.i, link.j))
    # Without the cap each sentence would link to its copy in all 59 other sources.
    assert max(ends.values()) <= 2 * MAX_CANDIDATES
    groups = align(sentences, vectors, links)
    wide = [g for g in groups if len(g.sources) == 60]
    assert len(wide) == 4  # each of the four sentences, from every outlet


def test_ranks_match_a_lexsort_by_node_then_best_cosine_with_ties_in_input_order() -> None:
    import numpy as np

    from newsread.core.align import CANDIDATE_COSINE, _ranks

    rng = np.random.default_rng(7)
    node = rng.integers(0, 50, 5_000)
    # Few distinct values, so many ties; all at or above the candidate pre-filter.
    cosine = rng.choice(np.linspace(CANDIDATE_COSINE, 1.0, 40), 5_000).astype(np.float32)
    cosine[:10] = np.float32(1.0000001)  # rounding can put a unit vector's cosine above 1
    expected = np.empty(5_000, dtype=np.intp)
    order = np.lexsort((-cosine, node))
    for rank_in_node, position in enumerate(order):
        expected[position] = rank_in_node
    starts = {}
    for position in order:
        starts.setdefault(int(node[position]), int(expected[position]))
    expected -= np.array([starts[int(x)] for x in node])
    assert (_ranks(node, cosine) == expected).all()


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=200))
def test_first_occurrences_equal_numpy_unique(keys: list[int]) -> None:
    array = np.asarray(keys, dtype=np.intp)
    expected = np.unique(array, return_index=True)[1]
    assert np.array_equal(first_occurrences(array), expected)


def test_embedding_progress_starts_before_the_first_batch(embedder: CachedEmbedder) -> None:
    """The first batch may load the model for seconds: progress says "embeddings 0/N"
    before it, so the reader can say the model is loading (issue 18, defect 7)."""
    from newsread.core.compare import embed_texts

    seen: list[tuple[int, int]] = []
    embed_texts(["one sentence.", "another one."], embedder, lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


@pytest.mark.slow
def test_sentences_split_by_the_caller_are_not_split_again(
    seed_comparison: Comparison, embedder: CachedEmbedder, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The reader splits the articles to show them at once; the pipeline takes those
    sentences instead of splitting the articles again, and compares the same."""
    import newsread.core.compare as pipeline

    articles = seed_comparison.articles
    sentences = split_all(articles)

    def no_second_split(*_):  # type: ignore[no-untyped-def]
        raise AssertionError("split again")

    monkeypatch.setattr(pipeline, "split_all", no_second_split)
    comparison, words = pipeline.compare_with_words(
        articles, embedder, title=seed_comparison.title, sentences=sentences
    )
    assert comparison == seed_comparison
    assert set(words) <= {s.id for s in sentences} and words
