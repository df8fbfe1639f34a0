"""The "same information" model: the vectorised block scorer equals the scalar one."""

from __future__ import annotations

import numpy as np
import pytest

from newsread.core import similarity
from newsread.core.compare import split_all
from newsread.core.embed import CachedEmbedder
from newsread.core.ingest import load_articles
from newsread.core.seeds import default_story
from newsread.core.similarity import (
    SAME_THRESHOLD,
    same_information,
    same_information_pairs,
    word_index,
)

pytestmark = pytest.mark.slow


def test_block_scores_match_pair_scores(embedder: CachedEmbedder) -> None:
    sentences = [s for s in split_all(load_articles([str(default_story())])) if not s.boilerplate]
    texts = [s.text for s in sentences]
    vectors = embedder.encode(texts)
    left, right = np.meshgrid(np.arange(0, 40), np.arange(40, len(texts)), indexing="ij")
    left, right = left.ravel(), right.ravel()
    cosine = (vectors[left] * vectors[right]).sum(axis=1)
    scores = same_information_pairs(word_index(texts), left, right, cosine, chunk=97)
    for k in range(len(left)):
        expected = same_information(texts[left[k]], texts[right[k]], float(cosine[k]))
        assert scores[k] == pytest.approx(expected, abs=1e-6)


def test_paraphrase_beats_unrelated() -> None:
    same = same_information(
        "Putin will meet Witkoff in Moscow on Tuesday.",
        "On Tuesday Putin meets Witkoff in Moscow.",
        0.9,
    )
    other = same_information("Putin will meet Witkoff.", "Rain flooded the town.", 0.1)
    assert same >= SAME_THRESHOLD > other


def test_pair_scores_handle_sentences_without_content_words() -> None:
    texts = ["", "The and of.", "Putin cut 28 points to 19.", "19 points, Putin said."]
    left = np.asarray([0, 0, 1, 2, 2, 3])
    right = np.asarray([1, 2, 3, 3, 1, 0])
    cosine = np.full(len(left), 0.7, dtype=np.float32)
    scores = same_information_pairs(word_index(texts), left, right, cosine)
    for k in range(len(left)):
        expected = same_information(texts[left[k]], texts[right[k]], 0.7)
        assert scores[k] == pytest.approx(expected, abs=1e-6)
    empty = same_information_pairs(word_index(["", "the"]), left[:1], right[:1], cosine[:1])
    assert empty[0] == pytest.approx(same_information("", "the", 0.7), abs=1e-6)


def test_bit_rows_and_sorted_keys_count_the_same_shared_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentences = [s for s in split_all(load_articles([str(default_story())])) if not s.boilerplate]
    texts = [s.text for s in sentences]
    rng = np.random.default_rng(0)
    left, right = rng.integers(0, len(texts), 500), rng.integers(0, len(texts), 500)
    with_bits = word_index(texts)
    assert any(family.bits is not None for family in with_bits.families)
    monkeypatch.setattr(similarity, "BIT_ROWS_LIMIT", 0)
    without = word_index(texts)
    assert all(family.bits is None for family in without.families)
    for a, b in zip(with_bits.families, without.families, strict=True):
        assert np.array_equal(a.shared(left, right), b.shared(left, right))


def test_token_ids_read_in_blocks_give_the_same_index(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [s for s in split_all(load_articles([str(default_story())])) if not s.boilerplate]
    texts = ["", *[s.text for s in sentences], "", "the"]
    assert len(texts) < similarity.ID_BLOCK  # one block
    whole = word_index(texts)
    monkeypatch.setattr(similarity, "ID_BLOCK", 7)  # blocks end on empty and full sets alike
    blocks = word_index(texts)
    rng = np.random.default_rng(1)
    left, right = rng.integers(0, len(texts), 400), rng.integers(0, len(texts), 400)
    for a, b in zip(whole.families, blocks.families, strict=True):
        assert a.vocabulary == b.vocabulary
        assert np.array_equal(a.keys, b.keys)
        assert (a.bits is None) == (b.bits is None)
        assert a.bits is None or np.array_equal(a.bits, b.bits)
        assert np.array_equal(a.shared(left, right), b.shared(left, right))
