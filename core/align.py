"""Alignment: group sentences of different sources that carry the same information.

Plain "cosine above a threshold, then connected components" chains unrelated
sentences together through one bridging sentence. Here instead:

1. **Candidate links.** For every pair of sources, each sentence keeps its
   best few counterparts in the other source (top-k both ways), and each
   candidate pair is scored by ``same_information`` (``similarity.py``): a
   logistic model of cosine similarity and word overlap, fitted on the MSRP
   news-paraphrase training set. Pairs below ``LINK_PROBABILITY`` are dropped.
2. **Average-linkage merging.** Starting from singletons, the linked cluster
   pair with the highest *average* cosine is merged while that average stays
   above ``MERGE_COSINE``. With unit vectors, the average cosine between two
   clusters is ``sum(A) · sum(B) / (|A| |B|)``, so each merge costs one dot
   product. A bridge sentence cannot glue two unrelated clusters: their
   average falls below the bar. Clusters that would put a second sentence of
   a source next to its first need a higher bar (``SAME_SOURCE_COSINE``).
3. **Second memberships.** A sentence that states several facts joins any
   other group it is strongly linked to, when its source is not yet there.

The vectors never leave this module; the result is a tuple of ``Group``
records. The cosine arithmetic grows with sentences² (in C, strip by strip:
no all-pairs matrix is held, only ``STRIP_CELLS`` cosines at a time); all
later work grows with the candidates, at most ``MAX_CANDIDATES`` per sentence.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .model import Group, Sentence
from .model import Link as FactLink
from .similarity import SAME_THRESHOLD, same_information_pairs, word_index

if TYPE_CHECKING:
    from numpy.typing import NDArray

TOP_K = 3
"""Counterparts kept per sentence and source pair, each way."""
CANDIDATE_COSINE = 0.40
"""Cosine below which a pair is never a candidate (cheap pre-filter)."""
LINK_PROBABILITY = SAME_THRESHOLD
"""``same_information`` probability that makes a link on its own (the MSRP decision)."""
LINK_COSINE = 0.65
"""Cosine that makes a link on its own: outlets restate a fact with more rewording
than MSRP's near-paraphrases, so the MSRP decision alone misses many true links."""
MERGE_COSINE = 0.55
"""Average cosine two clusters need to merge."""
SAME_SOURCE_COSINE = 0.70
"""Average cosine needed when a merge would put two sentences of one source together."""
SHARE_COSINE = 0.525
"""Cosine at or above which two sentences of different sources are said to share a
fact (a confident link: it counts for the ● / ◐ / ○ marks). Chosen for coverage F1
on the four labelled events; leave one event out, each held-out event's threshold
chosen on the other three fell between 0.50 and 0.55 (README, "Measured")."""
POSSIBLE_COSINE = 0.45
"""Cosine at or above which a link is shown as "possibly" the same fact."""
MAX_CANDIDATES = 24
"""Candidates kept per sentence (a pair stays if either end ranks it this high, and
neither end ranks it past twice this: at most ``2 * MAX_CANDIDATES`` per sentence): with
``TOP_K`` both ways, five sources never reach it; a hundred sources would give each
sentence hundreds, and the later steps would grow with sentences × sources."""
STRIP_CELLS = 2_000_000
"""Most cosines held at once while finding candidates (8 MB of float32)."""
SECOND_MEMBERSHIP_PROBABILITY = 0.75
"""Link probability for a sentence to join a second group."""


@dataclass(frozen=True, slots=True)
class Link:
    """A scored candidate link between two sentences (indices into the input)."""

    i: int
    j: int
    cosine: float
    probability: float


Progress = Callable[[int, int], None]
"""``progress(done, total)`` callback over sentences; may raise to cancel."""


def candidate_links(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    progress: Progress | None = None,
) -> list[Link]:
    """The candidate pairs strong enough to link sentences into groups.

    Args:
        sentences: Content sentences (no boilerplate), article by article.
        vectors: One unit row per sentence.
        progress: Called with the sentences done so far.

    Returns:
        Links with ``probability >= LINK_PROBABILITY`` or ``cosine >= LINK_COSINE``.
    """
    return [link for link in scored_candidates(sentences, vectors, progress) if strong_link(link)]


def strong_link(link: Link) -> bool:
    """Strong enough to group on: the MSRP decision, or ``LINK_COSINE``."""
    return link.probability >= LINK_PROBABILITY or link.cosine >= LINK_COSINE


def scored_candidates(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    progress: Progress | None = None,
) -> list[Link]:
    """Score the best cross-source candidate pairs.

    A pair is a candidate when one sentence is among the other's ``TOP_K``
    best in its source, their cosine is at least ``CANDIDATE_COSINE`` and it
    is among the ``MAX_CANDIDATES`` best candidates of either sentence.
    Cosines are computed one strip of sentences (at most ``STRIP_CELLS``
    cosines) at a time, never as an all-pairs matrix; the word-overlap
    features of all candidates are then scored in one vectorised pass.

    Args:
        sentences: Content sentences (no boilerplate), article by article.
        vectors: One unit row per sentence.
        progress: Called with the sentences done so far.

    Returns:
        Every candidate, scored (``candidate_links`` keeps the strong ones).
    """
    by_source: dict[str, list[int]] = {}
    for position, sentence in enumerate(sentences):
        by_source.setdefault(sentence.article_id, []).append(position)
    sizes = [len(members) for members in by_source.values()]
    if len(sizes) < 2:
        return []
    # Work in an order where each source's sentences are contiguous.
    order = np.asarray([p for members in by_source.values() for p in members], dtype=np.intp)
    ordered = vectors[order]
    source_of = np.repeat(np.arange(len(sizes)), sizes)
    n = len(order)
    found_i: list[NDArray[np.intp]] = []
    found_j: list[NDArray[np.intp]] = []
    found_cos: list[NDArray[np.float32]] = []
    step = max(1, STRIP_CELLS // n)
    for first in range(0, n, step):
        # A strip of sentences against all sentences (one well-shaped product;
        # thousands of small ones cost more in BLAS thread hand-offs than in
        # arithmetic), then each strip sentence's TOP_K best of every source.
        last = min(n, first + step)
        strip = ordered[first:last] @ ordered.T
        # Only cosines above the pre-filter can be candidates (about 5% of a
        # strip): rank those within each (sentence, other source) and keep the
        # TOP_K best, instead of partially sorting every source's whole block.
        rows, cols = np.nonzero(strip >= CANDIDATE_COSINE)
        rows_all = rows + first
        other = source_of[cols] != source_of[rows_all]
        rows, rows_all, cols = rows[other], rows_all[other], cols[other]
        cos = strip[rows, cols]
        runs = rows * len(sizes) + source_of[cols]  # one run per (row, other source)
        best = _ranks(runs, cos) < TOP_K
        found_i.append(cols[best])
        found_j.append(rows_all[best])
        found_cos.append(cos[best])
        if progress is not None:
            progress(last, n)
    i_pos, j_pos = np.concatenate(found_i), np.concatenate(found_j)
    # A pair found from both ends counts once, earlier source first; order the
    # pairs by source pair, then by position (what the merge step expects).
    a_pos, b_pos = np.minimum(i_pos, j_pos), np.maximum(i_pos, j_pos)
    first_seen = first_occurrences(a_pos * n + b_pos)
    a_pos, b_pos = a_pos[first_seen], b_pos[first_seen]
    cos_all = np.concatenate(found_cos)[first_seen]
    ranks = _ranks(np.concatenate([a_pos, b_pos]), np.concatenate([cos_all, cos_all]))
    rank_a, rank_b = ranks[: len(a_pos)], ranks[len(a_pos) :]
    # Among the MAX_CANDIDATES best of one end, and never past twice that at either
    # end: a sentence many others rank first (a wire copy's sentence in a pile of
    # copies) keeps at most 2 * MAX_CANDIDATES links, not one per source.
    kept = ((rank_a < MAX_CANDIDATES) | (rank_b < MAX_CANDIDATES)) & (
        np.maximum(rank_a, rank_b) < 2 * MAX_CANDIDATES
    )
    a_pos, b_pos, cos_all = a_pos[kept], b_pos[kept], cos_all[kept]
    ranked = np.lexsort((b_pos, a_pos, source_of[b_pos], source_of[a_pos]))
    i_all, j_all, cos_all = order[a_pos[ranked]], order[b_pos[ranked]], cos_all[ranked]
    if not len(i_all):
        return []
    index = word_index([s.text for s in sentences])
    probability = same_information_pairs(index, i_all, j_all, cos_all)
    return [
        Link(int(i), int(j), float(c), float(p))
        for i, j, c, p in zip(i_all, j_all, cos_all, probability, strict=True)
    ]


def fact_links(sentences: Sequence[Sentence], candidates: Sequence[Link]) -> tuple[FactLink, ...]:
    """The sentences of other sources that share a fact with each sentence.

    Many-to-many: every candidate at or above ``POSSIBLE_COSINE`` is a link, so a
    sentence that states several facts links to each source's sentences that
    state any of them. ``confident`` links (``SHARE_COSINE`` or above, or a
    strong same-information score) decide the marks and the consensus;
    ``possible`` ones are shown for a reader to judge. Grouping keeps its own,
    stricter rule (average linkage): a group is a set of sentences that all say
    the same thing, a link only that two sentences share something.

    Args:
        sentences: Content sentences, as given to ``scored_candidates``.
        candidates: Its output.

    Returns:
        Links between sentence ids, earlier sentence first, in reading order.
    """
    found = []
    for link in candidates:
        if link.cosine < POSSIBLE_COSINE and not strong_link(link):
            continue
        a, b = sentences[link.i], sentences[link.j]
        if b.order < a.order:
            a, b = b, a
        confident = link.cosine >= SHARE_COSINE or strong_link(link)
        found.append(
            FactLink(a.id, b.id, round(link.cosine, 4), "confident" if confident else "possible")
        )
    order = {s.id: s.order for s in sentences}
    found.sort(key=lambda f: (order[f.a], order[f.b]))
    return tuple(found)


def first_occurrences(keys: NDArray[np.intp]) -> NDArray[np.intp]:
    """Index of each distinct key's first occurrence, in key order.

    ``np.unique(keys, return_index=True)[1]`` by one stable sort and a run mask:
    ``np.unique`` is several times slower on these arrays (280 ms vs 90 ms for
    the 400-article corpus's candidate pairs).
    """
    by_key = np.argsort(keys, kind="stable")
    ordered = keys[by_key]
    starts_run = np.ones(len(keys), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=starts_run[1:])
    found: NDArray[np.intp] = by_key[starts_run]
    return found


def _ranks(node: NDArray[np.intp], cosine: NDArray[np.float32]) -> NDArray[np.intp]:
    """Rank of each (node, cosine) entry among the node's entries, 0 for the best cosine.

    One stable sort of ``4 * node + (1 - cosine)`` in float64: exact for cosines of
    at least 0.25 (multiples of 2**-26 in float32), which every candidate is, and
    ties keep input order, like a lexsort on (node, -cosine), at a quarter of its cost.
    """
    key = node * 4.0 + (1.0 - cosine.astype(np.float64))
    by_node = np.argsort(key, kind="stable")
    sorted_nodes = node[by_node]
    ranks = np.empty(len(node), dtype=np.intp)
    ranks[by_node] = np.arange(len(node)) - np.searchsorted(sorted_nodes, sorted_nodes)
    return ranks


def align(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    links: list[Link] | None = None,
) -> tuple[Group, ...]:
    """Group content sentences that carry the same information.

    Args:
        sentences: Content sentences (no boilerplate), article by article.
        vectors: One unit row per sentence, same order.
        links: Candidate links from ``candidate_links`` (computed if ``None``).

    Returns:
        Groups covering every sentence at least once, ordered by their first
        member's position; ids ``g1``, ``g2`` …
    """
    n = len(sentences)
    if n == 0:
        return ()
    if links is None:
        links = candidate_links(sentences, vectors)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums = vectors.astype(np.float64)  # row r: the vector sum of the cluster rooted at r
    sources: dict[int, set[str]] = {i: {sentences[i].article_id} for i in range(n)}
    neighbours: dict[int, set[int]] = {i: set() for i in range(n)}
    for link in links:
        neighbours[link.i].add(link.j)
        neighbours[link.j].add(link.i)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def average(a: int, b: int) -> float:
        return float(sums[a] @ sums[b]) / (len(members[a]) * len(members[b]))

    def bar(a: int, b: int) -> float:
        return SAME_SOURCE_COSINE if sources[a] & sources[b] else MERGE_COSINE

    # Heap entries carry both clusters' versions at push time. Every merge bumps
    # the versions of both clusters and pushes fresh scores for all neighbours of
    # the merged one, so an entry whose versions are out of date always has a
    # fresh successor already in the heap (or none, when the pair fell below its
    # bar): it is dropped unseen, without re-scoring it or pushing it again.
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []
    for link in links:
        if link.i == link.j:
            continue  # a sentence is never merged with itself
        score = average(link.i, link.j)
        if score >= bar(link.i, link.j):
            heap.append((-score, link.i, link.j, 0, 0))
    heapq.heapify(heap)  # entries are distinct, so the pops come in the same order
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version_a != version[a] or version_b != version[b]:
            continue  # either cluster changed since this score was pushed
        parent[b] = a
        version[a] += 1
        version[b] += 1
        members[a].extend(members.pop(b))
        sums[a] += sums[b]
        sources[a] |= sources.pop(b)
        neighbours[a] = {find(x) for x in neighbours[a] | neighbours.pop(b)} - {a}
        if not neighbours[a]:
            continue
        # Re-score every neighbour in one matrix-vector product: big clusters have
        # many, and one product costs less than as many separate dot products.
        others = list(neighbours[a])
        dots = sums[others] @ sums[a]
        size = len(members[a])
        for other, dot in zip(others, dots.tolist(), strict=True):
            s = dot / (size * len(members[other]))
            if s >= bar(a, other):
                first, second = (a, other) if a < other else (other, a)
                heapq.heappush(heap, (-s, first, second, version[first], version[second]))
    clusters = {root: sorted(m) for root, m in members.items()}
    extra = _second_memberships(sentences, vectors, links, clusters, find, sums)
    for root, added in extra.items():
        clusters[root] = sorted(set(clusters[root]) | added)
    return _to_groups(sentences, vectors, list(clusters.values()))


def _second_memberships(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    links: list[Link],
    clusters: dict[int, list[int]],
    find: Callable[[int], int],
    sums: NDArray[np.float64],
) -> dict[int, set[int]]:
    added: dict[int, set[int]] = {}
    for link in links:
        if link.probability < SECOND_MEMBERSHIP_PROBABILITY:
            continue
        for mover, anchor in ((link.i, link.j), (link.j, link.i)):
            target = find(anchor)
            if find(mover) == target:
                continue
            present = {sentences[m].article_id for m in clusters[target]}
            present |= {sentences[m].article_id for m in added.get(target, set())}
            if sentences[mover].article_id in present:
                continue
            size = len(clusters[target])
            mean_cos = float(vectors[mover].astype(np.float64) @ sums[target]) / size
            if mean_cos >= MERGE_COSINE:
                added.setdefault(target, set()).add(mover)
    return added


def _to_groups(
    sentences: Sequence[Sentence],
    vectors: NDArray[np.float32],
    clusters: list[list[int]],
) -> tuple[Group, ...]:
    order = {s.article_id: n for n, s in reversed(list(enumerate(sentences)))}
    clusters.sort(
        key=lambda c: min((order[sentences[i].article_id], sentences[i].index) for i in c)
    )
    groups = []
    for number, cluster in enumerate(clusters, start=1):
        cluster.sort(key=lambda i: (order[sentences[i].article_id], sentences[i].index))
        ids = tuple(sentences[i].id for i in cluster)
        source_ids = tuple(dict.fromkeys(sentences[i].article_id for i in cluster))
        groups.append(
            Group(
                id=f"g{number}",
                members=ids,
                sources=source_ids,
                cohesion=_cohesion(vectors, cluster),
            )
        )
    return tuple(groups)


def _cohesion(vectors: NDArray[np.float32], cluster: list[int]) -> float:
    if len(cluster) < 2:
        return 1.0
    total = vectors[cluster].astype(np.float64).sum(axis=0)
    n = len(cluster)
    mean = (float(total @ total) - n) / (n * (n - 1))
    return max(-1.0, min(1.0, round(mean, 4)))
