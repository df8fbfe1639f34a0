"""Word diffs between aligned sentences (difflib).

``word_diff`` gives the opcodes between two sentences' words
(``SequenceMatcher(None, a, b, autojunk=False)``: autojunk would silently drop
frequent words once a sequence has 200 or more items). ``unique_spans`` tells
which words of one sentence none of its counterparts share: the details only
this source gives.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
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

    A word counts as shared when the same (folded) word occurs anywhere in a
    counterpart: outlets reorder clauses, so position does not matter. (A
    difflib alignment would add nothing here: its matching blocks only ever
    pair equal words.) Stopwords are never reported on their own.

    Args:
        sentence: The sentence whose details we want.
        counterparts: The other sources' sentences in its group.

    Returns:
        Sentence-relative ``(start, end)`` spans of unique words, merged where
        only stopwords lie between them.
    """
    if not counterparts:
        return ()
    present: set[str] = set()
    for other in counterparts:
        present.update(folded_words(other))
    return spans_not_in(sentence, present)


def spans_not_in(sentence: str, present: Set[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the sentence's content words whose folded form is not in ``present``.

    Args:
        sentence: A sentence.
        present: Folded words (``lexical.folded_words``) that count as shared.

    Returns:
        Sentence-relative ``(start, end)`` spans, merged where only stopwords
        lie between them.
    """
    tokens = words(sentence)
    folded = folded_words(sentence)
    spans: list[tuple[int, int]] = []
    joinable = False  # only stopwords since the last span
    for (start, end, _), word in zip(tokens, folded, strict=True):
        if word in STOPWORDS:
            continue
        if word in present:
            joinable = False
        elif joinable:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
            joinable = True
    return tuple(spans)
