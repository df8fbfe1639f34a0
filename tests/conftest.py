"""Shared fixtures: the real embedding model (loaded once per run) and the seed story."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsread.core.compare import compare
from newsread.core.embed import (
    CachedEmbedder,
    EmbeddingCache,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
)
from newsread.core.ingest import load_articles, story_title
from newsread.core.model import Comparison
from newsread.core.seeds import default_story

REPO = Path(__file__).resolve().parent.parent
SEED_STORY = default_story()
CLUSTERS = REPO.parent / "shared" / "data" / "clusters"


@pytest.fixture(scope="session")
def model() -> OnnxEmbedder:
    """The real packaged all-MiniLM-L6-v2 as the product runs it by default (the
    ONNX engine, no PyTorch), loaded once for the whole run."""
    embedder = OnnxEmbedder()
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def reference_model() -> SentenceTransformerEmbedder:
    """The same model through sentence-transformers (``--engine torch``), loaded
    only by the tests that compare the two engines."""
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def embedder(model: OnnxEmbedder, tmp_path_factory: pytest.TempPathFactory):
    """The real model behind a cache private to this test run."""
    return CachedEmbedder(model, EmbeddingCache(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def persistent_embedder(model: OnnxEmbedder) -> CachedEmbedder:
    """The real model behind a cache kept across test runs (``.test-cache/``, ignored
    by git), for the large fixed evaluation sets (MSRP: about 3,400 sentences, over a
    minute to encode). Rows are keyed by the model's name and package versions, so
    another model never reads them; ``NEWSREAD_TEST_CACHE`` moves the folder."""
    folder = Path(os.environ.get("NEWSREAD_TEST_CACHE", REPO / ".test-cache"))
    return CachedEmbedder(model, EmbeddingCache(folder))


@pytest.fixture(scope="session")
def seed_comparison(embedder: CachedEmbedder) -> Comparison:
    """The bundled story compared with the real model."""
    paths = [str(SEED_STORY)]
    return compare(load_articles(paths), embedder, title=story_title(paths))
