"""Reliability: odd inputs, fuzzed ingest, identical sources, a locked cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsread.core.clean import visible
from newsread.core.compare import MAX_SENTENCES, check_limits, compare
from newsread.core.embed import CachedEmbedder, EmbeddingCache
from newsread.core.ingest import IngestError, article_from_text, load_articles
from newsread.core.sentences import split_sentences

NASTY = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400
) | st.lists(
    st.sampled_from(["\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029", "\x85",
                     "U.S.", "Mr.", "“", "”", "word", "Word.", " ", "\t", "\ufeff", "😀"]),
    max_size=200,
).map("".join)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NASTY)
def test_ingest_and_split_never_raise_and_keep_offsets(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        (article,) = load_articles([str(path)])
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    on_disk = path.read_bytes().decode("utf-8")
    # Control characters are shown as visible stand-ins, one for one: offsets stay exact.
    assert len(article.text) == len(on_disk)
    assert article.text == visible(on_disk)
    for sentence in split_sentences(article):
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert visible(on_disk[sentence.start : sentence.end]) == sentence.text
        assert sentence.text.strip()


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=5000).map(lambda t: t * 3))
def test_very_long_lines_keep_offsets(text: str) -> None:
    article = article_from_text(text)
    for sentence in split_sentences(article):
        assert visible(text[sentence.start : sentence.end]) == sentence.text


@pytest.mark.slow
def test_identical_articles_align_fully_and_say_so(embedder: CachedEmbedder) -> None:
    text = (
        "The council met on Tuesday. It approved a budget of 4 million dollars. "
        "Critics said the vote was rushed."
    )
    a = article_from_text(text, "s1", "Daily")
    b = article_from_text(text, "s2", "Weekly")
    comparison = compare([a, b], embedder)
    assert all(g.sources == ("s1", "s2") for g in comparison.groups)
    assert any("same text" in note for note in comparison.notes)


@pytest.mark.slow
def test_single_article_compares_and_says_it_needs_two(embedder: CachedEmbedder) -> None:
    comparison = compare([article_from_text("One article. Two sentences.")], embedder)
    assert len(comparison.groups) == 2
    assert any("needs two" in note for note in comparison.notes)


def test_sentence_limit_is_named() -> None:
    text = "Short one. " * (MAX_SENTENCES + 5)
    article = article_from_text(text)
    with pytest.raises(IngestError, match=f"{MAX_SENTENCES:,}-sentence limit"):
        check_limits([article], split_sentences(article))


class _Fixed:
    name = "fixed"

    def encode(self, texts):  # type: ignore[no-untyped-def]
        return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)


def test_locked_cache_degrades_to_no_cache(tmp_path: Path) -> None:
    EmbeddingCache(tmp_path).close()
    locker = sqlite3.connect(tmp_path / EmbeddingCache.FILE, timeout=0)
    locker.execute("PRAGMA locking_mode = EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        cache = EmbeddingCache.__new__(EmbeddingCache)
        cache.path = tmp_path / EmbeddingCache.FILE
        cache.warnings = []
        cache._conn = sqlite3.connect(cache.path, timeout=0.2, check_same_thread=False)
        cache._conn.execute("PRAGMA busy_timeout = 200")
        embedder = CachedEmbedder(_Fixed(), cache)
        vectors = embedder.encode(["a", "b"])
        assert vectors.shape == (2, 3)
        assert embedder.cache is None
        assert any("unusable" in w for w in embedder.warnings)
    finally:
        locker.rollback()
        locker.close()


@pytest.mark.slow
def test_another_language_compares_without_errors(embedder: CachedEmbedder) -> None:
    a = article_from_text(
        "Le président a rencontré l'envoyé américain à Moscou mardi. "
        "La réunion a duré trois heures, selon le Kremlin.",
        "s1",
        "Le Monde (exemple)",
    )
    b = article_from_text(
        "L'envoyé américain a rencontré le président russe mardi à Moscou. "
        "Selon le Kremlin, la réunion a duré trois heures.",
        "s2",
        "Le Figaro (exemple)",
    )
    comparison = compare([a, b], embedder)
    assert {s.id for s in comparison.sentences} == {"s1.0", "s1.1", "s2.0", "s2.1"}
    assert any(len(g.sources) == 2 for g in comparison.groups)


def test_missing_model_package_names_cause_and_fix() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['sentence_transformers'] = None\n"
        "from newsread.core.embed import SentenceTransformerEmbedder, ModelLoadError\n"
        "try:\n    SentenceTransformerEmbedder().load()\n"
        "except ModelLoadError as exc:\n    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "not installed" in out and "fix:" in out


def test_collector_pause_overlaps_and_restores(embedder: CachedEmbedder) -> None:
    """compare() pauses the cyclic collector; overlapping runs (reader worker threads)
    must not turn it back on early, and errors must not leave it off."""
    import gc

    from newsread.core.compare import collector_paused

    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second run is still going
    second.__exit__(None, None, None)
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("cancelled")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: stays off
    finally:
        gc.enable()
    articles = [article_from_text("Rain fell. Then it stopped.", f"s{n}", f"O{n}") for n in (1, 2)]
    seen = []
    compare(articles, embedder, progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
