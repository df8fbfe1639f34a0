"""The "same information" decision for a pair of sentences.

A logistic model over fourteen features, fitted on the MSRP *training* split
only (news sentence pairs from the same events, labelled paraphrase or not) by
``evals/msrp.py --fit``, which prints the constants below. The features were
chosen on train alone (forward selection by cross-validated log-loss, the
size by nested cross-validation) from about 250 overlap statistics.

Each sentence gives six token sets (``token_sets``): ``ap4`` every word cut
to four letters, ``g4`` word 4-grams (light stemming), ``c3`` character
3-grams, ``num`` numbers, ``nam`` capitalised names, ``cwx`` the other content
words. A pair is described by the cosine of its all-MiniLM-L6-v2 embeddings,
overlap statistics of those sets (with ``i`` shared, ``a``/``b`` sizes:
``pmin = i/max(a, b)``, ``pmax = i/min(a, b)``, ``jac = i/(a+b-i)``, ``umax =
max(a-i, b-i)``, ``usum = a+b-2i``, ``mis`` = both non-empty and different),
whether exactly one sentence is negated, and two length differences. Single
coefficients mean little: correlated features offset each other.

Measured on MSRP test (1,725 pairs, looked at once for this model): 77.2%
accuracy / 0.834 F1 with the int8 ONNX vectors of the time, 77.1% / 0.834 with
the model's float32 weights (both engines since), against 74.1% / 0.822 for the
earlier four-feature model,
71.9% / 0.807 for the best plain cosine threshold chosen on train and 66.5% /
0.799 for answering "same" every time.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, count
from typing import TYPE_CHECKING

import numpy as np

from .caches import story_cache
from .lexical import CALENDAR, STOPWORDS, content_words, folded_words, normalise, stem, words

if TYPE_CHECKING:
    from numpy.typing import NDArray

FEATURES = (
    "cos", "ap4_pmin", "g4_pmax", "num_umax", "g4_jac", "nam_pmin", "c3_jac", "neg_mis",
    "wlen_absdiff", "ap4_jac", "cwx_umax", "cwx_usum", "len_logratio", "num_mis",
)  # fmt: skip
"""Feature names, in the order of ``WEIGHTS``: ``<token set>_<statistic>`` or a pair flag."""
WEIGHTS = (
    4.1858, -1.4419, -5.9047, -0.2266, 5.6983, -0.6898, 4.0446, -0.9861,
    -0.1302, 4.9339, -0.4187, 0.2408, 0.9594, -0.3269,
)  # fmt: skip
"""Coefficients on the raw features."""
BIAS = -4.3191
"""Intercept of the logistic model."""
SAME_THRESHOLD = 0.530
"""Probability at or above which a pair is called "same information" (best on train)."""

BIT_ROWS_LIMIT = 8_000_000
"""Most 64-bit words of bit rows built for one token family (64 MB)."""
ID_BLOCK = 500
"""Sentences whose tokens get ids in one C call (about 60,000 character 3-grams, 8 ms)."""
FAMILIES = ("ap4", "g4", "c3", "num", "nam", "cwx")
"""The token sets of a sentence, in the order ``token_sets`` returns them."""

_DIGIT = re.compile(r"\d")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without"})


@story_cache(65_536)
def token_sets(text: str) -> tuple[frozenset[str], ...]:
    """The sentence's six token sets, in ``FAMILIES`` order (cached).

    Args:
        text: A sentence.

    Returns:
        ``(ap4, g4, c3, num, nam, cwx)``.
    """
    folded = folded_words(text)
    stems = [stem(f) for f in folded]
    joined = " " + " ".join(folded) + " "
    numbers = frozenset(w for w in content_words(text) if _DIGIT.search(w))
    names = set()
    for _, _, word in words(text):
        if word[0].isupper():
            f = normalise(word)
            if f not in STOPWORDS and f not in CALENDAR and not _DIGIT.search(f):
                names.add(stem(f))
    return (
        frozenset(f[:4] for f in folded),
        frozenset(map(" ".join, zip(stems, stems[1:], stems[2:], stems[3:], strict=False))),
        frozenset(map("".join, zip(joined, joined[1:], joined[2:], strict=False))),
        numbers,
        frozenset(names),
        frozenset(content_words(text)) - numbers - names,
    )


def _negated(text: str) -> bool:
    return any(f in _NEGATIONS or f.endswith("n't") for f in folded_words(text))


def _statistics(i: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64]) -> dict[
    str, NDArray[np.float64]
]:  # fmt: skip
    """Overlap statistics of set pairs from shared count ``i`` and sizes ``a``, ``b``."""
    big, small, union = np.maximum(a, b), np.minimum(a, b), a + b - i

    def divide(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.divide(x, y, out=np.zeros_like(x), where=y > 0)

    return {
        "pmin": divide(i, big),
        "pmax": divide(i, small),
        "jac": divide(i, union),
        "umax": np.maximum(a - i, b - i),
        "usum": a + b - 2 * i,
        "mis": ((a > 0) & (b > 0) & ~((i == a) & (i == b))).astype(np.float64),
    }


def _combine(
    cosine: NDArray[np.float64],
    shared: dict[str, tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]],
    negated_a: NDArray[np.bool_],
    negated_b: NDArray[np.bool_],
    words_a: NDArray[np.float64],
    words_b: NDArray[np.float64],
    content_a: NDArray[np.float64],
    content_b: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The feature matrix (pairs × ``FEATURES``) from per-pair counts."""
    values: dict[str, NDArray[np.float64]] = {"cos": cosine}
    for family, (i, a, b) in shared.items():
        for name, column in _statistics(i, a, b).items():
            values[f"{family}_{name}"] = column
    values["neg_mis"] = (negated_a != negated_b).astype(np.float64)
    values["wlen_absdiff"] = np.abs(words_a - words_b)
    values["len_logratio"] = np.abs(np.log((content_a + 1) / (content_b + 1)))
    return np.stack([values[name] for name in FEATURES], axis=1)


def features(a: str, b: str, cosine: float) -> tuple[float, ...]:
    """Return the model's features for a sentence pair, in ``FEATURES`` order.

    Args:
        a: One sentence.
        b: The other sentence.
        cosine: Cosine similarity of their embeddings, in [-1, 1].

    Returns:
        One value per name in ``FEATURES``.
    """

    def one(x: float) -> NDArray[np.float64]:
        return np.asarray([x], dtype=np.float64)

    shared = {
        family: (one(len(x & y)), one(len(x)), one(len(y)))
        for family, x, y in zip(FAMILIES, token_sets(a), token_sets(b), strict=True)
    }
    row = _combine(
        one(cosine), shared,
        np.asarray([_negated(a)]), np.asarray([_negated(b)]),
        one(len(folded_words(a))), one(len(folded_words(b))),
        one(len(content_words(a))), one(len(content_words(b))),
    )[0]  # fmt: skip
    return tuple(float(x) for x in row)


def same_information(a: str, b: str, cosine: float) -> float:
    """Probability that two sentences carry the same information.

    Args:
        a: One sentence.
        b: The other sentence.
        cosine: Cosine similarity of their embeddings, in [-1, 1].

    Returns:
        A probability in [0, 1]; ``>= SAME_THRESHOLD`` means "same".
    """
    z = BIAS + sum(w * x for w, x in zip(WEIGHTS, features(a, b, cosine), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class _SetIndex:
    """One token set per sentence, as sorted ``sentence * vocabulary + token`` keys."""

    starts: NDArray[np.intp]
    """Sentence i's tokens are entries ``starts[i]:starts[i + 1]``."""
    keys: NDArray[np.int64]
    """Empty when ``bits`` holds the sets instead."""
    vocabulary: int
    bits: NDArray[np.uint64] | None = None
    """The sets as bit rows (sentences × vocabulary bits), for dense families."""

    @property
    def sizes(self) -> NDArray[np.intp]:
        return np.diff(self.starts)

    def shared(self, left: NDArray[np.intp], right: NDArray[np.intp]) -> NDArray[np.float64]:
        """Tokens each (left, right) pair has in common.

        With bit rows, one AND and popcount per pair; otherwise each token of
        the smaller set is looked up in the sorted keys.
        """
        if self.bits is not None:
            common = np.bitwise_count(self.bits[left] & self.bits[right])
            found: NDArray[np.float64] = common.sum(axis=1, dtype=np.float64)
            return found
        sizes = self.sizes
        swap = sizes[left] > sizes[right]
        left, right = np.where(swap, right, left), np.where(swap, left, right)
        counts = sizes[left]
        pair = np.repeat(np.arange(len(left)), counts)
        first = np.repeat(self.starts[left] - np.cumsum(counts) + counts, counts)
        entries = first + np.arange(len(pair))
        tokens = self.keys[entries] - left[pair].astype(np.int64) * self.vocabulary
        wanted = right[pair].astype(np.int64) * self.vocabulary + tokens
        if not len(self.keys):
            return np.zeros(len(left))
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        hits = np.bincount(pair, weights=self.keys[at] == wanted, minlength=len(left))
        return hits.astype(np.float64)


def _set_index(sets: Sequence[frozenset[str]]) -> _SetIndex:
    counts = np.fromiter(map(len, sets), dtype=np.intp, count=len(sets))
    starts = np.zeros(len(sets) + 1, dtype=np.intp)
    np.cumsum(counts, out=starts[1:])
    owners = np.repeat(np.arange(len(sets), dtype=np.int64), counts)
    # Token ids in order of first appearance, given out while reading the tokens
    # once (a missing key takes the next number): half the time of building the
    # vocabulary first and then looking every token up (400,000 character
    # 3-grams at 100 articles: 50 vs 94 ms). One C call holds the interpreter
    # for its whole run, so the ids are read ``ID_BLOCK`` sentences at a time:
    # the reader's UI thread runs between blocks while this works in its worker.
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    lookup = vocabulary.__getitem__
    tokens = np.empty(len(owners), dtype=np.int64)
    for first in range(0, len(sets), ID_BLOCK):
        last = min(len(sets), first + ID_BLOCK)
        begin, end = int(starts[first]), int(starts[last])
        tokens[begin:end] = np.fromiter(
            map(lookup, chain.from_iterable(sets[first:last])), dtype=np.int64, count=end - begin
        )
    size = max(1, len(vocabulary))
    words = (size + 63) // 64
    dense = words <= 2 * max(1.0, len(owners) / max(1, len(sets)))
    if not dense or len(sets) * words > BIT_ROWS_LIMIT:
        keys = owners * size + tokens
        keys.sort()  # owners ascend already: this orders each sentence's tokens
        return _SetIndex(starts=starts, keys=keys, vocabulary=size)
    bits = np.zeros(len(sets) * words, dtype=np.uint64)
    # Each (sentence, token) is distinct, so adding the bits sets them.
    shifts = (tokens % 64).astype(np.uint64)
    np.add.at(bits, owners * words + tokens // 64, np.left_shift(np.uint64(1), shifts))
    return _SetIndex(
        starts=starts, keys=np.empty(0, dtype=np.int64), vocabulary=size,
        bits=bits.reshape(-1, words),
    )  # fmt: skip


@dataclass(frozen=True)
class WordIndex:
    """The token sets and counts of many sentences, for scoring many pairs at once.

    ``same_information_pairs`` computes exactly the features of ``features``
    for every pair in one vectorised pass (plain numpy: a pair's shared tokens
    are found by looking each token of the smaller set up in sorted keys).
    """

    families: tuple[_SetIndex, ...]
    """One index per name in ``FAMILIES``."""
    negated: NDArray[np.bool_]
    words: NDArray[np.float64]
    """Words per sentence (stopwords included)."""
    content: NDArray[np.float64]
    """Content words per sentence, repeats included."""


def word_index(texts: Sequence[str]) -> WordIndex:
    """Index the token sets of a list of sentences.

    Args:
        texts: Sentences.

    Returns:
        The index (sentences in the order given).
    """
    sets = [token_sets(t) for t in texts]
    return WordIndex(
        families=tuple(_set_index([s[k] for s in sets]) for k in range(len(FAMILIES))),
        negated=np.asarray([_negated(t) for t in texts], dtype=bool),
        words=np.asarray([len(folded_words(t)) for t in texts], dtype=np.float64),
        content=np.asarray([len(content_words(t)) for t in texts], dtype=np.float64),
    )


def same_information_pairs(
    index: WordIndex,
    left: NDArray[np.intp],
    right: NDArray[np.intp],
    cosine: NDArray[np.float32],
    chunk: int = 5_000,
) -> NDArray[np.float64]:
    """``same_information`` for many sentence pairs at once.

    Args:
        index: Token sets of all sentences.
        left: Sentence indices of the pairs' first members.
        right: Sentence indices of the pairs' second members.
        cosine: The pairs' cosine similarities.
        chunk: Pairs looked up at once (bounds memory).

    Returns:
        Probabilities in [0, 1], one per pair.
    """
    left, right = np.asarray(left, dtype=np.intp), np.asarray(right, dtype=np.intp)
    cosine_all = np.asarray(cosine, dtype=np.float64)
    weights = np.asarray(WEIGHTS)
    result = np.zeros(len(left))
    for start in range(0, len(left), chunk):
        a, b = left[start : start + chunk], right[start : start + chunk]
        shared = {
            family: (
                family_index.shared(a, b),
                family_index.sizes[a].astype(np.float64),
                family_index.sizes[b].astype(np.float64),
            )
            for family, family_index in zip(FAMILIES, index.families, strict=True)
        }
        x = _combine(
            cosine_all[start : start + chunk], shared,
            index.negated[a], index.negated[b], index.words[a], index.words[b],
            index.content[a], index.content[b],
        )  # fmt: skip
        result[start : start + chunk] = 1.0 / (1.0 + np.exp(-(BIAS + x @ weights)))
    return result
