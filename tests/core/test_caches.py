"""Caches that live for one story: a batch story leaves none of its texts behind."""

from __future__ import annotations

from newsread.core.batch import StoryJob, story_digest, story_key, story_outputs
from newsread.core.caches import clear_story_caches, story_cache, story_cache_sizes
from newsread.core.embed import CachedEmbedder
from newsread.core.ingest import load_articles, story_title
from newsread.core.lexical import normalise, words
from newsread.core.similarity import token_sets
from tests.conftest import SEED_STORY


def test_a_story_cache_is_an_lru_cache_that_clear_story_caches_empties() -> None:
    calls: list[str] = []

    @story_cache(4)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert upper("a") == upper("a") == "A"
    assert calls == ["a"] and upper.cache_info().currsize == 1
    clear_story_caches()
    assert upper.cache_info().currsize == 0
    assert upper("a") == "A" and calls == ["a", "a"]


def _seed_job(model: str) -> StoryJob:
    paths = [str(SEED_STORY)]
    articles = load_articles(paths)
    title = story_title(paths)
    return StoryJob(
        story_key(title, articles), title, articles, story_digest(title, articles, "t", model)
    )


def test_a_batch_story_leaves_no_cache_of_its_texts_behind(embedder: CachedEmbedder) -> None:
    """After ``story_outputs`` every per-text cache is empty (the word caches stay: they
    are bounded by the vocabulary), and the reports are the same bytes whether the
    caches start empty or full of the same story's texts."""
    job = _seed_job(embedder.name)
    sentence = job.articles[0].text.split("\n")[0]
    token_sets(sentence), words(sentence), normalise("Talks")  # something cached beforehand
    first = story_outputs(job, embedder)
    sizes = story_cache_sizes()
    assert {"newsread.core.lexical.words", "newsread.core.similarity.token_sets"} <= set(sizes)
    assert set(sizes.values()) == {0}, sizes
    assert normalise.cache_info().currsize > 0

    for article in job.articles:  # refill with this story's own texts: nothing changes
        for line in article.text.splitlines():
            token_sets(line), words(line)
    again = story_outputs(job, embedder)
    assert again == first
    assert set(story_cache_sizes().values()) == {0}
