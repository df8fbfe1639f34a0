"""Word vectors from the model's own forward pass: which words two sentences share in meaning.

An underline under a word says "only this source gives this detail". Exact-word
matching underlines synonyms and other forms ("offer" against "offering",
"sparked alarm" against "caused alarm", "called" against "characterized"). The
model already computes a contextual vector for every token of every sentence
it embeds; the sentence vector is their mean. ``pool_words`` keeps, for each
*soft* word of a sentence, the mean of its tokens' vectors, so a word can be
matched to the closest word of a counterpart (BERTScore's idea, at word level).

Only soft words get vectors: lower-case content words without digits. Names,
numbers and number words ("four-year"), and words inside quotation marks, must
match exactly: a different figure or a different quote is a different detail,
however close its vector. Vectors are stored as int8 with one scale per row
(``pack``): about 4 KB per sentence for the cache.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .caches import story_cache
from .lexical import STOPWORDS, normalise, words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FORMAT = "words-1"
"""Stored with the model's name in the cache: a change to ``soft_words`` or ``pool_words``
changes it, so no cached row is read with another layout."""

WORD_MATCH = 0.6
"""Cosine at which two soft words say the same thing in context. Read on the seed
story's underlines (``python -m evals.underlines`` prints both kinds side by side): at 0.6 "offer" /
"offering", "capture" / "captured", "sparked" / "caused", "called" / "characterized"
match; "workable" / "constructive" (0.61) would too, which is why quoted words
match only exactly."""

_QUALIFIERS = frozenset(
    {"nearly", "almost", "about", "roughly", "approximately", "around", "some", "over",
     "under", "least", "most", "more", "fewer", "less", "up", "just", "only", "exactly"}
)  # fmt: skip
"""Words that qualify a figure ("nearly four years"): part of the figure, matched exactly."""

_NUMBER_WORD = re.compile(
    r"(?:^|-)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|half|dozen|first|second|third|"
    r"fourth|fifth|once|twice|single|double|triple)(?:-|$)",
    re.I,
)


@story_cache(65_536)
def soft_words(text: str) -> tuple[int, ...]:
    """Indices (into ``lexical.words(text)``) of the words that get a vector.

    Args:
        text: A sentence.

    Returns:
        Lower-case content words without digits, number words, a figure's
        qualifier ("nearly") or quotation marks around them.
    """
    quoted = _quoted_spans(text)
    found = []
    for n, (start, _, word) in enumerate(words(text)):
        if not word[0].islower() or word.lower() in _NO_VECTOR:
            continue
        if any(map(str.isdigit, word)) or _NUMBER_WORD.search(word):
            continue
        if quoted and any(a <= start < b for a, b in quoted):
            continue
        found.append(n)
    return tuple(found)


_NO_VECTOR = STOPWORDS | _QUALIFIERS
"""Lower-case words that never get a vector."""


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"“[^”]*”?|\"[^\"]*\"?", text):
        spans.append(match.span())
    return spans


def pool_words(
    text: str, hidden: NDArray[np.float32], offsets: Sequence[tuple[int, int]]
) -> NDArray[np.float32]:
    """The vector of each soft word: the mean of its tokens' vectors, unit length.

    Args:
        text: The sentence the model read.
        hidden: Its tokens' output vectors, ``(tokens, dim)`` (padding excluded).
        offsets: Each token's character span in ``text`` (``(0, 0)`` for special tokens).

    Returns:
        ``(len(soft_words(text)), dim)`` float32; a word cut off by truncation is a zero row.
    """
    import numpy as np

    tokens = words(text)
    chosen = soft_words(text)
    out = np.zeros((len(chosen), hidden.shape[1]), dtype=np.float32)
    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    real = ends > starts
    for row, n in enumerate(chosen):
        start, end, _ = tokens[n]
        inside = real & (starts >= start) & (ends <= end)
        if inside.any():
            vector = hidden[inside].mean(axis=0)
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
    return out


def pack(rows: NDArray[np.float32]) -> bytes:
    """Word vectors as bytes: per row a float32 scale, then int8 values.

    Args:
        rows: ``(n, dim)`` float32 vectors of length at most 1.

    Returns:
        ``n * (4 + dim)`` bytes.
    """
    import numpy as np

    scale = np.abs(rows).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    values = np.round(rows / scale).astype(np.int8)
    return b"".join(
        s.astype(np.float32).tobytes() + v.tobytes() for s, v in zip(scale, values, strict=True)
    )


def unpack(data: bytes, dim: int) -> NDArray[np.float32] | None:
    """Rows packed by ``pack``, or ``None`` when the bytes are not whole rows.

    Args:
        data: Packed rows.
        dim: Vector length.

    Returns:
        ``(n, dim)`` float32, renormalised (int8 rounding moves a cosine by < 0.01).
    """
    return unpack_many([data], dim)[0]


def unpack_many(packed: Sequence[bytes], dim: int) -> list[NDArray[np.float32] | None]:
    """``unpack`` of many texts' rows in one pass of numpy calls (the same rows: each
    is unpacked and renormalised alone), ``None`` for a text whose bytes are not whole
    rows or not finite."""
    import numpy as np

    width = 4 + dim
    if dim <= 0:
        return [None] * len(packed)
    whole = [len(data) % width == 0 for data in packed]
    counts = [len(data) // width if ok else 0 for data, ok in zip(packed, whole, strict=True)]
    joined = b"".join(data for data, ok in zip(packed, whole, strict=True) if ok)
    raw = np.frombuffer(joined, dtype=np.uint8).reshape(sum(counts), width)
    scale = raw[:, :4].copy().view(np.float32)
    values = raw[:, 4:].view(np.int8).astype(np.float32) * scale
    finite = np.isfinite(values).all(axis=1)
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    rows = np.where(norms > 0, values / np.maximum(norms, 1e-12), 0.0).astype(np.float32)
    result: list[NDArray[np.float32] | None] = []
    at = 0
    for ok, count in zip(whole, counts, strict=True):
        part = rows[at : at + count]
        result.append(part if ok and bool(finite[at : at + count].all()) else None)
        at += count
    return result


def shared_words(
    text: str,
    own: NDArray[np.float32],
    others: Sequence[NDArray[np.float32]],
    asked: frozenset[int] | None = None,
) -> frozenset[int]:
    """Which soft words of a sentence some counterpart's word matches in meaning.

    Args:
        text: The sentence.
        own: Its word vectors (``pool_words``).
        others: The counterparts' word vectors.
        asked: Only these word indices are asked about (``None``: every soft word).

    Returns:
        Indices into ``lexical.words(text)`` of the soft words with a counterpart
        word at cosine ``WORD_MATCH`` or more.
    """
    import numpy as np

    pool = [o for o in others if len(o)]
    if not len(own) or not pool:
        return frozenset()
    chosen = soft_words(text)
    rows = [r for r, n in enumerate(chosen) if asked is None or n in asked]
    if not rows:
        return frozenset()
    best = (own[rows] @ np.concatenate(pool).T).max(axis=1)
    return frozenset(chosen[rows[k]] for k in np.flatnonzero(best >= WORD_MATCH))


def matched_words(
    text: str,
    other: str,
    own: NDArray[np.float32] | None = None,
    others: NDArray[np.float32] | None = None,
) -> tuple[str, ...]:
    """The words of a sentence that a counterpart matches, exactly or in meaning.

    A word matches exactly when the counterpart uses it (folded: case, apostrophes,
    possessive); given both sentences' word vectors (``pool_words``), a soft word
    also matches when one of the counterpart's words is at cosine ``WORD_MATCH`` or
    more ("offer" / "offering"). Stopwords never count; names, numbers and quoted
    words match only exactly, as for the underlines.

    Args:
        text: The selected sentence.
        other: The counterpart.
        own: ``text``'s word vectors, or ``None`` for exact words only.
        others: ``other``'s word vectors, or ``None`` for exact words only.

    Returns:
        The matched words as ``text`` writes them, in its order, each once.
    """
    used = {normalise(w) for _, _, w in words(other)}
    meant: frozenset[int] = frozenset()
    if own is not None and others is not None:
        meant = shared_words(text, own, [others])
    found: list[str] = []
    seen: set[str] = set()
    for n, (_, _, word) in enumerate(words(text)):
        folded = normalise(word)
        if not folded or folded in STOPWORDS or folded in seen:
            continue
        if folded in used or n in meant:
            seen.add(folded)
            found.append(word)
    return tuple(found)
