"""Word diffs between aligned sentences (difflib).

``word_diff`` gives the opcodes between two sentences' words. ``unique_spans``
tells which words of one sentence none of its counterparts share: the details
only this source gives. Both use ``SequenceMatcher(None, a, b,
autojunk=False)``: autojunk would silently drop frequent words once a sequence
has 200 or more items.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from .lexical import STOPWORDS, folded_words, normalise, words
from .model import DiffOp


def word_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Diff two sentences word by word.

    Args:
        a: Left sentence.
        b: Right sentence.

    Returns:
        Opcodes covering both word lists in order; applying them to ``a``'s words
        gives ``b``'s words. Words compare case-insensitively but keep their text.
    """
    left = [w for _, _, w in words(a)]
    right = [w for _, _, w in words(b)]
    matcher = SequenceMatcher(
        None, [normalise(w) for w in left], [normalise(w) for w in right], autojunk=False
    )
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(DiffOp(tag, tuple(left[i1:i2]), tuple(right[j1:j2])))
    return tuple(ops)


def apply_diff(a_words: Sequence[str], ops: Sequence[DiffOp]) -> list[str]:
    """Rebuild the right side's words from the left side's words and a diff.

    Args:
        a_words: Left words.
        ops: Opcodes from ``word_diff``.

    Returns:
        The right side's words.
    """
    result: list[str] = []
    position = 0
    for op in ops:
        if op.tag == "equal":
            result.extend(a_words[position : position + len(op.left_words)])
        else:
            result.extend(op.right_words)
        position += len(op.left_words)
    return result


def unique_spans(sentence: str, counterparts: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Find the content words of ``sentence`` that no counterpart shares.

    A word counts as shared when difflib matches it in at least one counterpart,
    or when the same word occurs anywhere in a counterpart (outlets reorder
    clauses). Stopwords are never reported on their own.

    Args:
        sentence: The sentence whose details we want.
        counterparts: The other sources' sentences in its group.

    Returns:
        Sentence-relative ``(start, end)`` spans of unique words, merged where
        only stopwords lie between them.
    """
    if not counterparts:
        return ()
    tokens = words(sentence)
    folded = folded_words(sentence)
    shared = [False] * len(tokens)
    for other in counterparts:
        other_folded = folded_words(other)
        present = set(other_folded)
        matcher = SequenceMatcher(None, folded, other_folded, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.a, block.a + block.size):
                shared[k] = True
        for k, word in enumerate(folded):
            if word in present:
                shared[k] = True
    spans: list[tuple[int, int]] = []
    for k, (start, end, _) in enumerate(tokens):
        if shared[k] or folded[k] in STOPWORDS:
            continue
        if spans and _only_stopwords_between(tokens, folded, spans[-1][1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def _only_stopwords_between(
    tokens: Sequence[tuple[int, int, str]],
    folded: Sequence[str],
    left_end: int,
    right_start: int,
) -> bool:
    for k, (start, end, _) in enumerate(tokens):
        if start >= left_end and end <= right_start and folded[k] not in STOPWORDS:
            return False
    return True
