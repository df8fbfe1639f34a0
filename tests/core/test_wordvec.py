"""Word vectors: which words get one, how they are pooled and stored, and what they
change in the underlines (the real model)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsread.core.embed import CachedEmbedder, EmbeddingCache, OnnxEmbedder
from newsread.core.lexical import words
from newsread.core.model import Comparison
from newsread.core.wordvec import (
    matched_words,
    pack,
    pool_words,
    shared_words,
    soft_words,
    unpack,
)


def _soft(text: str) -> list[str]:
    tokens = words(text)
    return [tokens[n][2] for n in soft_words(text)]


def test_names_figures_qualifiers_and_quotes_match_only_exactly() -> None:
    text = "Officials said nearly four-year talks with Putin on 12 points were “workable” today."
    soft = _soft(text)
    assert soft == ["talks", "points", "today"]
    for exact in ("Officials", "nearly", "four-year", "Putin", "12", "workable", "with"):
        assert exact not in soft


def test_pool_words_averages_a_words_tokens_and_skips_special_ones() -> None:
    text = "peacekeepers arrived"
    hidden = np.array([[9, 9], [1, 0], [0, 1], [0, 2], [9, 9]], dtype=np.float32)
    offsets = [(0, 0), (0, 5), (5, 12), (13, 20), (0, 0)]  # [CLS] peace keepers arrived [SEP]
    rows = pool_words(text, hidden, offsets)
    assert rows.shape == (2, 2)
    assert np.allclose(rows[0], np.array([1, 1]) / np.sqrt(2))
    assert np.allclose(rows[1], [0, 1])


def test_pack_keeps_cosines_and_refuses_broken_bytes() -> None:
    rng = np.random.default_rng(7)
    rows = rng.normal(size=(6, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    back = unpack(pack(rows), 384)
    assert back is not None and back.shape == rows.shape
    assert float((back * rows).sum(axis=1).min()) > 0.999
    assert len(pack(rows)) == 6 * (4 + 384)
    assert unpack(pack(rows)[:-1], 384) is None
    empty = unpack(pack(np.zeros((0, 384), dtype=np.float32)), 384)
    assert empty is not None and empty.shape == (0, 384)


@pytest.mark.slow
def test_the_same_forward_pass_gives_sentence_and_word_vectors(model: OnnxEmbedder) -> None:
    texts = ["Russia is keen to negotiate with those who offer something.", "Rain fell."]
    vectors, rows = model.encode_with_words(texts)
    assert np.allclose(vectors, model.encode(texts), atol=1e-6)
    assert [len(r) for r in rows] == [len(soft_words(t)) for t in texts]
    offer, offering = model.encode_with_words(
        ["They offer them something.", "Moscow wants those offering it something more."]
    )[1]
    words_a, words_b = (
        _soft("They offer them something."),
        _soft("Moscow wants those offering it something more."),
    )
    cosine = float(offer[words_a.index("offer")] @ offering[words_b.index("offering")])
    assert cosine > 0.6  # the same word in another form matches in meaning


@pytest.mark.slow
def test_word_vectors_are_cached_with_the_sentence_vectors(
    model: OnnxEmbedder, tmp_path: Path
) -> None:
    texts = ["The envoy will meet the Russian leader.", "Talks were called constructive."]
    first_vectors, first_rows = CachedEmbedder(model, EmbeddingCache(tmp_path)).encode_with_words(
        texts
    )
    refusing = CachedEmbedder(_Named(model.name), EmbeddingCache(tmp_path))
    vectors, rows = refusing.encode_with_words(texts)
    assert refusing.misses == 0
    assert np.array_equal(vectors, first_vectors)
    assert rows is not None and first_rows is not None
    for stored, fresh in zip(rows, first_rows, strict=True):
        assert float((stored * fresh).sum(axis=1).min()) > 0.999


class _Named:
    """An embedder that refuses to run, under a given name: only the cache may answer."""

    def __init__(self, name: str) -> None:
        self.name = name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError(f"model asked for {len(texts)} sentences")

    def encode_with_words(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        raise AssertionError(f"model asked for {len(texts)} sentences")


@pytest.mark.slow
def test_a_synonym_in_a_counterpart_is_no_unique_detail(seed_comparison: Comparison) -> None:
    """Issue 16: exact-word matching underlined "called" in Zelensky "called the
    discussions 'constructive'" although another outlet says he "characterized" them;
    the quote's own words and the warning stay underlined where no one else has them."""
    underlined = dict(seed_comparison.unique_words)
    (sentence,) = [
        s for s in seed_comparison.sentences if "Zelensky called the discussions" in s.text
    ]
    spans = [sentence.text[a:b] for a, b in underlined.get(sentence.id, ())]
    assert "called" not in " ".join(spans)
    assert any("warned" in span for span in spans)
    lead = next(s for s in seed_comparison.sentences if "nearly four-year war" in s.text)
    kept = " ".join(lead.text[a:b] for a, b in underlined.get(lead.id, ()))
    assert "nearly four-year" in kept  # a figure and its qualifier match only exactly


def test_shared_words_reads_every_counterpart() -> None:
    text = "prices rose sharply"
    own = np.eye(3, dtype=np.float32)
    other = np.array([[0.0, 0.8, 0.59]], dtype=np.float32)
    assert shared_words(text, own, [other]) == frozenset({1})  # "rose": 0.8, "sharply": 0.59
    assert shared_words(text, own, []) == frozenset()


def test_matched_words_are_exact_or_close_in_meaning() -> None:
    """The detail panel's "matched:" words: exact (folded), then by meaning."""
    text = "Putin's envoy sharply criticised the meeting in Moscow"
    other = "The Kremlin envoy met PUTIN; the meeting was attacked"
    assert matched_words(text, other) == ("Putin's", "envoy", "meeting")  # no stopword "the"
    soft = [words(text)[n][2] for n in soft_words(text)]
    assert soft == ["envoy", "sharply", "criticised", "meeting"]
    own = np.eye(4, dtype=np.float32)
    attacked = np.array([[0.0, 0.0, 0.7, 0.71]], dtype=np.float32)  # "criticised": 0.7
    assert matched_words(text, other, own, attacked) == (
        "Putin's", "envoy", "criticised", "meeting"
    )  # fmt: skip
    assert matched_words(text, "") == ()
    assert matched_words(text, text) == (
        "Putin's",
        "envoy",
        "sharply",
        "criticised",
        "meeting",
        "Moscow",
    )
