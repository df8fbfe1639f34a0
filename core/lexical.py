"""Lexical helpers shared by alignment, diffs and conflict detection.

Words are found with one regular expression so every step agrees on what a
word is: runs of letters and digits, keeping inner apostrophes, hyphens,
periods and commas of numbers ("U.S.", "1,200", "2.5", "son-in-law").
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"\w+(?:[’'.,\-]\w+)*\.?", re.UNICODE)
"""A word token; a trailing period is kept only for abbreviations like ``U.S.``."""

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "than",
        "that",
        "this",
        "these",
        "those",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "it's",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "him",
        "us",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "nor",
        "so",
        "too",
        "very",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "also",
        "just",
        "about",
        "into",
        "over",
        "under",
        "after",
        "before",
        "while",
        "during",
        "said",
        "says",
        "say",
        "told",
        "according",
        "there",
        "here",
        "all",
        "any",
        "both",
        "each",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "few",
        "again",
        "further",
        "once",
        "up",
        "down",
        "out",
        "off",
        "now",
        "new",
        "one",
    ]
)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
CALENDAR = frozenset(WEEKDAYS + MONTHS)
"""Weekday and month names, lower case: capitalised, but never people's names."""


@lru_cache(maxsize=65_536)
def words(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return word tokens with their spans.

    Args:
        text: A sentence.

    Returns:
        ``(start, end, word)`` triples; a trailing period is dropped unless the
        word is an abbreviation with inner periods (``U.S.``). Cached: the same
        sentence is tokenised once however many comparisons use it.
    """
    result = []
    for match in WORD.finditer(text):
        token = match.group()
        end = match.end()
        if token.endswith(".") and "." not in token[:-1]:
            token = token[:-1]
            end -= 1
        token = token.rstrip(",")
        end = match.start() + len(token)
        if token:
            result.append((match.start(), end, token))
    return tuple(result)


@lru_cache(maxsize=262_144)
def normalise(word: str) -> str:
    """Fold a word for comparison: lower case, straight apostrophes, no possessive."""
    folded = word.lower().replace("’", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    return folded


def content_words(text: str) -> list[str]:
    """Return the normalised non-stopword words of a text, in order (cached)."""
    return list(_content_words(text))


@lru_cache(maxsize=65_536)
def _content_words(text: str) -> tuple[str, ...]:
    result = []
    for _, _, word in words(text):
        folded = normalise(word)
        if folded and folded not in STOPWORDS:
            result.append(stem(folded))
    return tuple(result)


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """A light stemmer: enough to match plurals and simple verb forms."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 5 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    return word


@lru_cache(maxsize=65_536)
def folded_words(text: str) -> tuple[str, ...]:
    """The ``normalise``d form of every word of a text, in order (cached)."""
    return tuple(normalise(w) for _, _, w in words(text))


def overlap(a: list[str], b: list[str]) -> float:
    """Dice coefficient of two word bags, in [0, 1] (0 when either is empty)."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    return 2 * len(set_a & set_b) / (len(set_a) + len(set_b))
