"""What every conflict detector shares: the similarity callback, building a
``Conflict``, quoting a span, ordering pairs, and the spans of a sentence's quotations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Conflict, Sentence
from ..quotes import quotations

Similarity = Callable[[str, str], float]
"""``similarity(sentence_id_a, sentence_id_b)`` -> cosine in [-1, 1]. It may also
have a ``many(pairs)`` method giving the cosines of a list of pairs in one call
(``compare``'s does): see ``cosines``."""

TOPIC_COSINE = 0.5
"""Cosine at which two sentences of different groups still talk about the same thing."""


def cosines(similarity: Similarity, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The cosine of each pair, in one call when ``similarity`` has a ``many`` method
    (one numpy call instead of one per pair: 40,000 pairs at 100 articles), else
    one pair at a time; the values are the same either way."""
    many: Callable[[Sequence[tuple[str, str]]], list[float]] | None = getattr(
        similarity, "many", None
    )
    if many is not None:
        return many(pairs)
    return [similarity(a, b) for a, b in pairs]


def _ordered(a: str, b: str, by_id: dict[str, Sentence]) -> tuple[str, str]:
    return (a, b) if by_id[a].order <= by_id[b].order else (b, a)


def _position(pair: tuple[str, str], by_id: dict[str, Sentence]) -> tuple[tuple[int, int], ...]:
    return tuple(by_id[x].order for x in pair)


def _quote(text: str, start: int, end: int, width: int = 60) -> str:
    snippet = text[start:end]
    return snippet if len(snippet) <= width else snippet[: width - 1] + "…"


def _make(
    kind: str, a: Sentence, b: Sentence, span_a: tuple[int, int], span_b: tuple[int, int],
    detail: str,
) -> Conflict:  # fmt: skip
    return Conflict(
        a=a.id,
        b=b.id,
        kind=kind,  # type: ignore[arg-type]
        detail=detail,
        a_span=span_a,
        b_span=span_b,
        a_value=a.text[span_a[0] : span_a[1]],
        b_value=b.text[span_b[0] : span_b[1]],
    )


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentence's quotations, an unclosed “ running to the end."""
    if "“" not in text and '"' not in text:
        return []
    spans = [(start, end) for start, end, _ in quotations(text)]
    opened = text.rfind("“")
    if opened != -1 and text.find("”", opened) == -1 and all(e <= opened for _, e in spans):
        spans.append((opened, len(text)))
    return spans
