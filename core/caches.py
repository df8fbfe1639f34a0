"""Caches that live for one story: ``functools.lru_cache`` keyed by a text, emptied
between stories.

The pipeline reads the same sentence many times (every pair of a group, every
check, every index); the functions that read it are memoised on its text. A
long batch compares story after story in one process, and another story's
sentences are almost never these ones, so an entry outlives its story for
nothing: with 65,536 entries of up to ~20 KB each (a sentence's token sets),
such caches grew a batch's process by about 5 MB a story until they filled
(BENCHMARKS.md section 12). ``story_cache`` is ``lru_cache`` that also
registers the function, and ``clear_story_caches`` empties every registered
cache once a story is done (``batch.story_outputs``).

Caches keyed by one word (``lexical.normalise``, ``lexical.stem``) are not
registered: they are bounded by the vocabulary, small (about 130 bytes an
entry), and most of their hits come from other stories.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")

_STORY_CACHES: list[_lru_cache_wrapper[object]] = []
"""Every ``story_cache`` function, in the order they were defined."""


def story_cache(maxsize: int) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``functools.lru_cache(maxsize=maxsize)``, emptied by ``clear_story_caches``.

    Args:
        maxsize: Most entries kept within one story (the largest story's sentences,
            with room to spare).

    Returns:
        A decorator.
    """

    def wrap(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(function)
        _STORY_CACHES.append(cached)
        return cached

    return wrap


def clear_story_caches() -> None:
    """Empty every ``story_cache``: what one story's texts computed is dropped.

    The results never change, only how soon they come: call it between stories
    (from one thread; another thread's story merely misses its cache).
    """
    for cached in _STORY_CACHES:
        cached.cache_clear()


def story_cache_sizes() -> dict[str, int]:
    """Entries held now, by ``module.function`` (for benchmarks and tests)."""
    return {
        f"{cached.__module__}.{cached.__qualname__}": cached.cache_info().currsize
        for cached in _STORY_CACHES
    }
