"""Summaries of a comparison: per-source counts, consensus, omissions, sentence marks.

Shared by the Markdown export and the reader so both tell the same story.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from .model import Comparison, Group
from .quotes import outside_quotes, quotations

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


def coverage(
    comparison: Comparison, mates: dict[str, list[str]] | None = None
) -> dict[str, set[str]]:
    """For each sentence, the other sources that report something it says.

    A source counts when one of its sentences is in a group with the sentence or
    has a confident fact link to it (``Comparison.links``): direct evidence, never
    by way of a third sentence.

    Args:
        comparison: The comparison.
        mates: Its ``counterparts``, when the caller has them already.

    Returns:
        Article ids by sentence id (sentences no other source covers are absent).
    """
    source = {s.id: s.article_id for s in comparison.sentences}
    found = counterparts(comparison) if mates is None else mates
    return {sid: {source[m] for m in others} for sid, others in found.items()}


def source_stats(
    comparison: Comparison, covered: dict[str, set[str]] | None = None
) -> dict[str, SourceStats]:
    """Count shared, unique and conflicting sentences per source.

    Args:
        comparison: The comparison.
        covered: Its ``coverage``, when the caller has it already.

    Returns:
        Stats by article id.
    """
    shared = set(coverage(comparison) if covered is None else covered)
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


CITE_COSINE = 0.65
"""A fact link cites a source in the consensus only at this cosine or above (or as a
group co-member): a citation says the source's own sentence states the statement,
so it takes stronger evidence than a mark (measured: citation precision 0.67 with
every confident link, 0.80 with these; README, "Measured")."""


def counterparts(comparison: Comparison, cite: bool = False) -> dict[str, list[str]]:
    """For each sentence, the other sources' sentences that directly say the same:
    its group co-members and its confident fact links, in reading order.

    Args:
        comparison: The comparison.
        cite: Only the evidence strong enough to cite a source for it (group
            co-members, links at ``CITE_COSINE`` or above).

    Returns:
        Sentence ids by sentence id (sentences with none are absent).
    """
    source = {s.id: s.article_id for s in comparison.sentences}
    found: dict[str, set[str]] = {}
    for group in comparison.groups:
        if len(group.sources) > 1:
            for member in group.members:
                found.setdefault(member, set()).update(
                    m for m in group.members if source[m] != source[member]
                )
    for link in comparison.links:
        if link.strength == "confident" and (not cite or link.score >= CITE_COSINE):
            found.setdefault(link.a, set()).add(link.b)
            found.setdefault(link.b, set()).add(link.a)
    order = {s.id: s.order for s in comparison.sentences}
    return {sid: sorted(mates, key=order.__getitem__) for sid, mates in found.items()}


_SPECULATION = re.compile(
    r"\b(could|might|may|would|should|must)\b|\bno way\b|\b(un)?likely\b|"
    r"\b(certainly|surely|clearly|obviously|perhaps|probably)\b",
    re.I,
)


def speculative(text: str) -> bool:
    """Whether a sentence, in its own voice (quotations left out), speculates or
    judges ("Kim could easily resume testing", "certainly welcome") rather than
    reports: such a sentence is never put forward as what most sources report,
    though its source is still cited where its sentence says the statement."""
    spans = [(start, end) for start, end, _ in quotations(text)]
    return bool(_SPECULATION.search(outside_quotes(text, spans)))


def consensus_groups(comparison: Comparison) -> list[Group]:
    """What most sources report, each statement citing only the sources whose own
    sentence says it.

    A statement is a sentence that sentences of at least ``majority`` sources
    (its own included) directly say the same as: its group co-members or its
    fact links at ``CITE_COSINE``, never by way of a third sentence. The widest ones come
    first; a sentence already cited for an earlier statement does not make a
    second one.

    Args:
        comparison: The comparison.

    Returns:
        Groups whose first member is the statement, the others the sentences that
        say it; ``sources`` are the cited sources (ids ``c1``, ``c2`` …).
    """
    need = majority(comparison)
    mates = counterparts(comparison, cite=True)
    source = {s.id: s.article_id for s in comparison.sentences}
    position = {a.id: n for n, a in enumerate(comparison.articles)}
    candidates = [
        s
        for s in comparison.sentences
        if not s.boilerplate
        and 1 + len({source[m] for m in mates.get(s.id, ())}) >= need
        and not speculative(s.text)
    ]
    candidates.sort(key=lambda s: (-len({source[m] for m in mates[s.id]}), s.order))
    taken: set[str] = set()
    found: list[Group] = []
    for sentence in candidates:
        if sentence.id in taken:
            continue
        members = (sentence.id, *mates[sentence.id])
        cited = {source[m] for m in members}
        found.append(
            Group(
                id=f"c{len(found) + 1}",
                members=members,
                sources=tuple(sorted(cited, key=position.__getitem__)),
            )
        )
        taken.update(members)
    return found


def omissions(
    comparison: Comparison, consensus: list[Group] | None = None
) -> dict[str, list[Group]]:
    """What each source leaves out that most others report.

    Args:
        comparison: The comparison.
        consensus: Its ``consensus_groups``, when the caller has them already.

    Returns:
        By article id, the consensus groups it has no sentence in.
    """
    result: dict[str, list[Group]] = {a.id: [] for a in comparison.articles}
    for group in consensus_groups(comparison) if consensus is None else consensus:
        for article in comparison.articles:
            if article.id not in group.sources:
                result[article.id].append(group)
    return result


def sentence_marks(
    comparison: Comparison, covered: dict[str, set[str]] | None = None
) -> dict[str, Mark]:
    """Mark every sentence: in conflict, shared by all, by some, unique, or boilerplate.

    A conflict outranks sharing; name-spelling variants do not count as conflicts.

    Args:
        comparison: The comparison.
        covered: Its ``coverage``, when the caller has it already.

    Returns:
        Mark by sentence id.
    """
    total = len(comparison.articles)
    found = coverage(comparison) if covered is None else covered
    widest = {sid: 1 + len(others) for sid, others in found.items()}
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
