"""What the reader derives from a comparison before drawing it, built off the UI thread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.model import Comparison, Conflict, Group, Link, Sentence
from ..core.summary import (
    Dispute,
    Mark,
    SourceStats,
    consensus_groups,
    counterparts,
    coverage,
    disputes,
    groups_of,
    omissions,
    sentence_marks,
    source_stats,
)
from ..core.wordvec import matched_words, pack, unpack

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True)
class PreparedView:
    """Marks, lookups and counts for drawing one comparison.

    The alignment worker builds it right after ``compare()``, so the UI thread,
    when the alignment arrives, only paints (at 100 articles this was half of
    the 30 ms the reader spent there, while a key pressed then waited).
    """

    marks: dict[str, Mark]
    unique: dict[str, tuple[tuple[int, int], ...]]
    groups_of: dict[str, list[Group]]
    counterparts: dict[str, list[str]]
    """Other sources' sentences that directly say the same (groups, confident links)."""
    links_of: dict[str, list[Link]]
    """Every fact link of a sentence, confident and possible, strongest first."""
    conflicts_of: dict[str, list[Conflict]]
    dispute_of: dict[tuple[str, str, str], Dispute]
    """(kind, sentence id, value folded) -> the dispute that value belongs to."""
    stats: dict[str, SourceStats]
    factual: tuple[Conflict, ...]
    """Conflicts that are disagreements, in reading order: the ``c`` key's stops."""
    variants: tuple[Conflict, ...]
    """Name-spelling variants, in reading order: shown after the disagreements."""
    disputes: tuple[Dispute, ...] = ()
    """Each disagreement on a figure, date or title once (``summary.disputes``)."""
    consensus: tuple[Group, ...] = ()
    """What most sources report (``summary.consensus_groups``): the overview's facts."""
    omissions: dict[str, list[Group]] = field(default_factory=dict)
    """By article id, the consensus groups it leaves out (``summary.omissions``)."""
    word_vectors: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    """Each content sentence's word vectors (``wordvec``) as ``(dim, wordvec.pack(rows))``:
    int8, a quarter of the float32 rows' memory. Empty: exact words only."""

    def matched_words(self, sentence: Sentence, other: Sentence) -> tuple[str, ...]:
        """The words of ``sentence`` that ``other`` matches, exactly or in meaning
        (``wordvec.matched_words``): two small products, cheap enough for a selection."""
        own, theirs = self.word_vectors.get(sentence.id), self.word_vectors.get(other.id)
        if own is None or theirs is None:
            return matched_words(sentence.text, other.text)
        return matched_words(
            sentence.text, other.text, unpack(own[1], own[0]), unpack(theirs[1], theirs[0])
        )


def prepare(
    comparison: Comparison, word_vectors: Mapping[str, NDArray[np.float32]] | None = None
) -> PreparedView:
    """Derive everything the reader draws from a comparison (no widgets touched).

    Args:
        comparison: The finished comparison.
        word_vectors: The word vectors ``compare_with_words`` read, by sentence id.
    """
    links_of: dict[str, list[Link]] = {}
    for link in comparison.links:
        links_of.setdefault(link.a, []).append(link)
        links_of.setdefault(link.b, []).append(link)
    for found in links_of.values():
        found.sort(key=lambda link: -link.score)
    conflicts_of: dict[str, list[Conflict]] = {}
    for c in comparison.conflicts:
        conflicts_of.setdefault(c.a, []).append(c)
        conflicts_of.setdefault(c.b, []).append(c)
    found = disputes(comparison)  # summarised once, for the status bar and the overview
    consensus = consensus_groups(comparison)
    mates = counterparts(comparison)
    covered = coverage(comparison, mates)
    return PreparedView(
        marks=sentence_marks(comparison, covered),
        unique=dict(comparison.unique_words),
        groups_of=groups_of(comparison),
        counterparts=mates,
        links_of=links_of,
        conflicts_of=conflicts_of,
        dispute_of={
            (dispute.kind, sentence, value.text.casefold()): dispute
            for dispute in found
            for value in dispute.values
            for sentence in value.sentences
        },
        stats=source_stats(comparison, covered),
        factual=tuple(c for c in comparison.conflicts if not c.is_variant),
        variants=tuple(c for c in comparison.conflicts if c.is_variant),
        disputes=found,
        consensus=tuple(consensus),
        omissions=omissions(comparison, consensus),
        word_vectors={
            sid: (rows.shape[1], pack(rows)) for sid, rows in (word_vectors or {}).items()
        },
    )
