"""Summaries of a comparison: per-source counts, consensus, omissions, sentence marks.

Shared by the Markdown export and the reader so both tell the same story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .model import Comparison, Group

Mark = Literal["all", "some", "unique", "conflict", "boilerplate"]
"""How a sentence reads against the other sources."""


@dataclass(frozen=True, slots=True)
class SourceStats:
    """Per-source counts for tables and the reader's overview."""

    sentences: int
    """Content sentences (boilerplate excluded)."""
    shared: int
    """Sentences in a group with at least one other source."""
    unique: int
    """Sentences only this source has."""
    conflicts: int
    """Sentences involved in at least one conflict (name variants excluded)."""
    variants: int
    """Sentences involved in a name-spelling variant."""


def source_stats(comparison: Comparison) -> dict[str, SourceStats]:
    """Count shared, unique and conflicting sentences per source.

    Args:
        comparison: The comparison.

    Returns:
        Stats by article id.
    """
    shared: set[str] = set()
    for group in comparison.groups:
        if len(group.sources) > 1:
            shared.update(group.members)
    in_conflict = {x for c in comparison.conflicts if not c.is_variant for x in (c.a, c.b)}
    in_variant = {x for c in comparison.conflicts if c.is_variant for x in (c.a, c.b)}
    stats = {}
    for article in comparison.articles:
        content = [s for s in comparison.sentences_of(article.id) if not s.boilerplate]
        stats[article.id] = SourceStats(
            sentences=len(content),
            shared=sum(1 for s in content if s.id in shared),
            unique=sum(1 for s in content if s.id not in shared),
            conflicts=sum(1 for s in content if s.id in in_conflict),
            variants=sum(1 for s in content if s.id in in_variant),
        )
    return stats


def majority(comparison: Comparison) -> int:
    """Sources a group needs to count as consensus: most sources, and at least two."""
    return max(2, math.ceil(len(comparison.articles) / 2))


def consensus_groups(comparison: Comparison) -> list[Group]:
    """Groups reported by most sources, most widely reported first.

    Args:
        comparison: The comparison.

    Returns:
        Groups with at least ``majority`` sources.
    """
    need = majority(comparison)
    found = [g for g in comparison.groups if len(g.sources) >= need]
    return sorted(found, key=lambda g: -len(g.sources))


def omissions(comparison: Comparison) -> dict[str, list[Group]]:
    """What each source leaves out that most others report.

    Args:
        comparison: The comparison.

    Returns:
        By article id, the consensus groups it has no sentence in.
    """
    result: dict[str, list[Group]] = {a.id: [] for a in comparison.articles}
    for group in consensus_groups(comparison):
        for article in comparison.articles:
            if article.id not in group.sources:
                result[article.id].append(group)
    return result


def sentence_marks(comparison: Comparison) -> dict[str, Mark]:
    """Mark every sentence: in conflict, shared by all, by some, unique, or boilerplate.

    A conflict outranks sharing; name-spelling variants do not count as conflicts.

    Args:
        comparison: The comparison.

    Returns:
        Mark by sentence id.
    """
    total = len(comparison.articles)
    widest: dict[str, int] = {}
    for group in comparison.groups:
        for member in group.members:
            widest[member] = max(widest.get(member, 1), len(group.sources))
    in_conflict = {x for c in comparison.conflicts if not c.is_variant for x in (c.a, c.b)}
    marks: dict[str, Mark] = {}
    for s in comparison.sentences:
        if s.boilerplate:
            marks[s.id] = "boilerplate"
        elif s.id in in_conflict:
            marks[s.id] = "conflict"
        elif widest.get(s.id, 1) >= total and total > 1:
            marks[s.id] = "all"
        elif widest.get(s.id, 1) > 1:
            marks[s.id] = "some"
        else:
            marks[s.id] = "unique"
    return marks


def groups_of(comparison: Comparison) -> dict[str, list[Group]]:
    """Map each sentence id to the groups it belongs to.

    Args:
        comparison: The comparison.

    Returns:
        Groups by sentence id.
    """
    result: dict[str, list[Group]] = {}
    for group in comparison.groups:
        for member in group.members:
            result.setdefault(member, []).append(group)
    return result


DISPUTED_KINDS = ("number", "date", "title")
"""Conflict kinds whose values are short details (a figure, a date, a title) a
dispute can list side by side; claims and quotes are whole statements."""


@dataclass(frozen=True, slots=True)
class Value:
    """One value given in a dispute, and where."""

    text: str
    """The value as its first sentence (in reading order) writes it."""
    sentences: tuple[str, ...]
    """Sentence ids that give it, in reading order."""
    sources: tuple[str, ...]
    """Their article ids, in comparison order."""


@dataclass(frozen=True, slots=True)
class Dispute:
    """One disagreement on a figure, date or title: every value given, once."""

    kind: str
    """``number``, ``date`` or ``title``."""
    values: tuple[Value, ...]
    """The values, in reading order of their first sentence."""


def disputes(comparison: Comparison) -> tuple[Dispute, ...]:
    """Chain pair conflicts that share a value into disputes.

    "about 130 immigrants" (S1) conflicts with "roughly 400 people" (S2) and
    with "150 migrants" (S3): one dispute, "about 130 immigrants [S1] · roughly
    400 people [S2] · 150 migrants [S3]". A sentence's value joins every
    conflict of that kind it is part of; values written alike (ignoring case)
    are listed once with all the sentences that give them.

    Args:
        comparison: The comparison.

    Returns:
        Disputes in reading order of their first value.
    """
    parent: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def find(node: tuple[str, str, str]) -> tuple[str, str, str]:
        root = parent.setdefault(node, node)
        while root != parent[root]:
            root = parent[root]
        while node != root:
            parent[node], node = root, parent[node]
        return root

    written: dict[tuple[str, str, str], str] = {}  # a value as its sentence writes it
    for c in comparison.conflicts:
        if c.kind in DISPUTED_KINDS:
            a = (c.kind, c.a, c.a_value.casefold())
            b = (c.kind, c.b, c.b_value.casefold())
            written[a], written[b] = c.a_value, c.b_value
            parent[find(a)] = find(b)
    chains: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for node in parent:
        chains.setdefault(find(node), []).append(node)
    order = {a.id: n for n, a in enumerate(comparison.articles)}

    def position(node: tuple[str, str, str]) -> tuple[int, int]:
        return comparison.sentence(node[1]).order

    found = []
    for nodes in chains.values():
        nodes.sort(key=position)
        by_value: dict[str, list[tuple[str, str, str]]] = {}
        for node in nodes:
            by_value.setdefault(node[2], []).append(node)
        values = tuple(
            Value(
                text=written[same[0]],
                sentences=tuple(dict.fromkeys(node[1] for node in same)),
                sources=tuple(
                    sorted(
                        {comparison.sentence(node[1]).article_id for node in same},
                        key=order.__getitem__,
                    )
                ),
            )
            for same in by_value.values()
        )
        found.append((position(nodes[0]), Dispute(kind=nodes[0][0], values=values)))
    return tuple(dispute for _, dispute in sorted(found, key=lambda item: item[0]))
