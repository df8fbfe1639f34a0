"""Lexical helpers shared by alignment, diffs and conflict detection.

Words are found with one regular expression so every step agrees on what a
word is: runs of letters and digits, keeping inner apostrophes, hyphens,
periods and commas of numbers ("U.S.", "1,200", "2.5", "son-in-law").
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

from .caches import story_cache

WORD = re.compile(r"\w+(?:[’',\-]\w+)*(?:\.\w+(?:[’'.,\-]\w+)*\.?)?", re.UNICODE)
"""A word token: letters and digits joined by apostrophes, hyphens and the commas
and periods of numbers; a trailing period is kept only after an inner one, for
abbreviations like ``U.S.`` (a sentence's closing period is no part of a word)."""

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


@story_cache(65_536)
def words(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return word tokens with their spans.

    Args:
        text: A sentence.

    Returns:
        ``(start, end, word)`` triples; a trailing period is dropped unless the
        word is an abbreviation with inner periods (``U.S.``). Cached: the same
        sentence is tokenised once however many comparisons use it.
    """
    return tuple((m.start(), m.end(), m.group()) for m in WORD.finditer(text))


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


@story_cache(65_536)
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


@story_cache(65_536)
def folded_words(text: str) -> tuple[str, ...]:
    """The ``normalise``d form of every word of a text, in order (cached)."""
    return tuple(normalise(w) for _, _, w in words(text))


def overlap(a: list[str], b: list[str]) -> float:
    """Dice coefficient of two word bags, in [0, 1] (0 when either is empty)."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    return 2 * len(set_a & set_b) / (len(set_a) + len(set_b))


def spelling_variants(x: str, y: str) -> bool:
    """Whether two capitalised words look like one name spelled two ways.

    Transliterations and typos (one edit, or two in a long name) count; forms
    of one word (Canada/Canadian, Israel/Israelis, Germany/German), weekdays
    and months do not.

    Args:
        x: A word.
        y: Another word.

    Returns:
        True for "Zelensky"/"Zelenskyy" or "Vovshansk"/"Vovchansk".
    """
    if x == y or x[0] != y[0] or min(len(x), len(y)) < 5:
        return False
    lx, ly = x.lower(), y.lower()
    if lx in CALENDAR or ly in CALENDAR:
        return False
    prefix = 0
    while prefix < min(len(lx), len(ly)) and lx[prefix] == ly[prefix]:
        prefix += 1
    ends = sorted((lx[prefix:], ly[prefix:]), key=len)
    doubled = ends[0] == "" and len(ends[1]) == 1 and lx[prefix - 1] == ends[1]
    if prefix >= 4 and not doubled and set(ends) <= _INFLECTIONS:
        return False
    distance = _edit_distance(lx, ly)
    if distance == 2 and _swapped(lx, ly):
        distance = 1  # two neighbouring letters swapped is one typo: Okonkwo / Okonkow
    return distance == 1 or (distance == 2 and min(len(x), len(y)) >= 8)


def _swapped(x: str, y: str) -> bool:
    """Whether ``y`` is ``x`` with two neighbouring letters swapped."""
    if len(x) != len(y):
        return False
    diff = [n for n, (a, b) in enumerate(zip(x, y, strict=True)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]]


_INFLECTIONS = frozenset(
    {"", "s", "es", "n", "an", "ian", "ns", "ans", "ians", "a", "y", "ia", "i", "is", "ese",
     "ish", "ern", "er", "ers", "cy", "ncy", "al", "als", "ed", "ing", "d"}
)  # fmt: skip


def _edit_distance(x: str, y: str, limit: int = 2) -> int:
    """Levenshtein distance of two words, or ``limit + 1`` once it exceeds ``limit``.

    Only the diagonal band of width ``2 * limit + 1`` is computed (cells
    outside it are already over the limit), and the loop stops as soon as a
    whole row is over it.
    """
    if abs(len(x) - len(y)) > limit:
        return limit + 1
    over = limit + 1
    previous = [j if j <= limit else over for j in range(len(y) + 1)]
    for i, cx in enumerate(x, start=1):
        low, high = max(1, i - limit), min(len(y), i + limit)
        current = [over] * (len(y) + 1)
        current[0] = i if i <= limit else over
        for j in range(low, high + 1):
            cost = previous[j - 1] + (cx != y[j - 1])
            current[j] = min(previous[j] + 1, current[j - 1] + 1, cost, over)
        if min(current) > limit:
            return over
        previous = current
    return previous[-1]


POSTS = frozenset(
    {"sheriff", "undersheriff", "superintendent", "inspector", "detective", "sergeant",
     "captain", "lieutenant", "commander", "coroner", "constable", "prosecutor", "judge",
     "justice"}
)  # fmt: skip
"""Police and court posts: titles before a name ("Sheriff Tom Brandt") and roles after it,
for the entity sheet and the title check alike."""

SAME_ROLE = {
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "chairman": "chair",
    "chairwoman": "chair", "congressman": "lawmaker", "congresswoman": "lawmaker",
    "advisor": "adviser", "organiser": "organizer",
}  # fmt: skip
"""Role words that name one role (spokesman = spokesperson): a title worded either way is the
same title."""


_FOLDS_TO_ASCII = frozenset("İıſ")
"""The characters ``re.IGNORECASE`` matches to an ASCII letter that ``str.lower``
does not turn into it (İ, ı as "i"; ſ as "s"; a test checks all of Unicode)."""


@story_cache(65_536)
def lowered(text: str) -> str:
    """``text.lower()``, remembered: several patterns look for words in one sentence."""
    return text.lower()


class Guarded:
    """A regular expression that can only match a text holding one of its
    ``needles`` (lower case): other texts are not searched at all.

    Most patterns of the conflict checks look for a handful of words ("denied",
    "permanent", a weekday) that most sentences lack; Python's ``re`` tries every
    alternative at every character, while ``in`` finds a word at C speed. A text
    that holds a needle is searched in full, as is a text with a character
    ``re.IGNORECASE`` folds unlike ``str.lower``. ``tests/core/test_lexical.py``
    checks every guard of the package against strings its pattern matches.
    """

    __slots__ = ("needles", "pattern")

    def __init__(self, pattern: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.needles = needles

    def possible(self, text: str) -> bool:
        """Whether the pattern may match somewhere in ``text``."""
        if any(map(lowered(text).__contains__, self.needles)):  # C speed: no generator
            return True
        return not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos) if self.possible(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos) if self.possible(text) else iter(())

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.match(text, pos, endpos) if self.possible(text) else None
