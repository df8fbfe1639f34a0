"""Word diffs between aligned sentences (difflib).

``word_diff`` gives the opcodes between two sentences' words and ``redline``
turns them into what one version adds to and leaves out of another, for the
reader's detail panel (``SequenceMatcher(None, a, b, autojunk=False)``:
autojunk would silently drop frequent words once a sequence has 200 or more
items). ``spans_not_in`` marks the content words of a sentence missing from a
set of words, in any order: ``compare.unique_words`` uses it for the details
only one source gives.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from .lexical import STOPWORDS, folded_words, words
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
    return tuple(
        DiffOp(tag, tuple(left[i1:i2]), tuple(right[j1:j2]))
        for tag, i1, i2, j1, j2 in _opcodes(a, b)
    )


def _opcodes(
    a: str, b: str
) -> list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]]:
    """difflib opcodes between the words of ``a`` and ``b`` (``lexical.words`` indices),
    compared case-insensitively (``lexical.folded_words``)."""
    return SequenceMatcher(None, folded_words(a), folded_words(b), autojunk=False).get_opcodes()


@dataclass(frozen=True, slots=True)
class Redline:
    """How one version of a sentence differs from another, word by word (difflib).

    Spans are relative to the version; ``dropped`` words are placed before the
    version's character offset where the other sentence had them.
    """

    added: tuple[tuple[int, int], ...]
    """Spans of the version's words that the other sentence does not have there."""
    dropped: tuple[tuple[int, str], ...]
    """``(offset, words)``: the other sentence's words missing at that point."""


def redline(version: str, reference: str) -> Redline:
    """Diff ``version`` against ``reference``: what it adds and what it leaves out.

    Words compare case-insensitively, in order (a moved word is dropped in one
    place and added in another, as in an editor's redline).

    Args:
        version: The sentence shown.
        reference: The sentence it is compared with.

    Returns:
        The added spans and dropped words.
    """
    tokens, ref_tokens = words(version), words(reference)
    added: list[tuple[int, int]] = []
    dropped: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in _opcodes(reference, version):
        if tag in ("insert", "replace"):
            for start, end, _ in tokens[j1:j2]:
                if added and version[added[-1][1] : start].strip(" ,;:") == "":
                    added[-1] = (added[-1][0], end)
                else:
                    added.append((start, end))
        if tag in ("delete", "replace"):
            # Before the next word of the version, or after its last word (not
            # after its closing punctuation).
            where = tokens[j1][0] if j1 < len(tokens) else (tokens[-1][1] if tokens else 0)
            dropped.append((where, _quoted(reference, ref_tokens[i1][0], ref_tokens[i2 - 1][1])))
    return Redline(added=tuple(added), dropped=tuple(dropped))


_CLOSING = {"(": ")", "[": "]", "“": "”", "‘": "’"}


def _quoted(text: str, start: int, end: int) -> str:
    """``text[start:end]`` as it stands (hyphens, commas, brackets kept), with a
    bracket or quotation mark it opens closed when the closing one follows."""
    piece = text[start:end]
    for opening, closing in _CLOSING.items():
        if piece.count(opening) > piece.count(closing) and text.startswith(closing, end):
            piece += closing
            end += 1
    return piece


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
